//go:build !race

package profile

// raceEnabled reports whether the race detector is on; it changes how
// much some code allocates, so allocation pins do not hold under it.
const raceEnabled = false
