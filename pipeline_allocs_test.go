package profile

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNormalizeJSONAllocs holds the pipeline to its allocation counts on
// bodies without a phone number: a canonical body costs the copy of the
// input its strings share, the property members and their values, and the
// output; a messy one, besides, one string for each value it changes that
// is not a part of the input (lowercased email, locale, escapes).
func TestNormalizeJSONAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops decoders at random under the race detector")
	}
	for _, c := range []struct {
		name string
		body string
		max  float64
	}{
		{"identifier only", `{"data":{"type":"profile","attributes":{"email":"sarah.mason@example.com"}}}`, 2},
		{"canonical", `{"data":{"type":"profile","attributes":{"email":"sarah.mason@example.com",` +
			`"first_name":"Sarah","last_name":"Mason","locale":"en-GB","location":{"city":"London",` +
			`"country":"GB","latitude":51.5072,"longitude":-0.1276,"timezone":"Europe/London",` +
			`"ip":"192.0.2.1"},"properties":{"plan":"pro","age":33,"tags":["a","b"],` +
			`"last_order":{"id":"A-1","total":20}}}}}`, 4},
		{"messy", `{"data":{"type":"profile","attributes":{"email":" Sarah.Mason@EXAMPLE.com ",` +
			`"first_name":" Sarah","last_name":"\tMason ","locale":"en_gb.UTF-8","location":{"city":"London ",` +
			`"timezone":"europe/london","latitude":" 51.5","ip":"::ffff:192.0.2.1"},` +
			`"properties":{"plan":" pro ","n":"1"}}}}`, 8},
	} {
		body := []byte(c.body)
		out, _, err := NormalizeJSON(body)
		require.NoError(t, err, c.name)
		if c.name != "messy" {
			require.Equal(t, c.body, string(out), c.name)
		}
		n := testing.AllocsPerRun(200, func() { _, _, _ = NormalizeJSON(body) })
		assert.LessOrEqual(t, n, c.max, "%s: allocations", c.name)
	}
}
