//go:build race

package profile

// raceEnabled is true under the race detector, which makes sync.Pool drop
// items at random, so that allocation counts are not exact.
const raceEnabled = true
