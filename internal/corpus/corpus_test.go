package corpus

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGenerateDeterministic(t *testing.T) {
	for _, k := range Kinds {
		t.Run(k.String(), func(t *testing.T) {
			a, b := Generate(k, 64, 1), Generate(k, 64, 1)
			require.Len(t, a, 64)
			assert.Equal(t, a, b, "same seed, same bodies")
			assert.NotEqual(t, a, Generate(k, 64, 2), "another seed, other bodies")
		})
	}
}

// TestGenerateShape checks what package profile's tests cannot see from
// outside: clean and messy bodies are one JSON object with data.type
// "profile" and attributes, and the defects are spread over the invalid
// corpus.
func TestGenerateShape(t *testing.T) {
	for _, k := range []Kind{Clean, Messy} {
		for i, body := range Generate(k, 64, 1) {
			var v struct {
				Data struct {
					Type       string         `json:"type"`
					Attributes map[string]any `json:"attributes"`
				} `json:"data"`
			}
			require.NoError(t, json.Unmarshal(body, &v), "%s %d: %s", k, i, body)
			assert.Equal(t, "profile", v.Data.Type)
			assert.NotEmpty(t, v.Data.Attributes)
		}
	}
	wellFormed := 0
	for _, body := range Generate(Invalid, 256, 1) {
		if json.Valid(body) {
			wellFormed++
		}
	}
	assert.Greater(t, wellFormed, 128, "most invalid bodies are well-formed JSON with bad values")
	assert.Less(t, wellFormed, 256, "some are not")
}

func TestKindString(t *testing.T) {
	assert.Equal(t, "clean", Clean.String())
	assert.Equal(t, "messy", Messy.String())
	assert.Equal(t, "invalid", Invalid.String())
	assert.Equal(t, "Kind(7)", Kind(7).String())
}

func TestMixedIsDeterministicAndMixed(t *testing.T) {
	collect := func() (bodies [][]byte, kinds map[Kind]int) {
		kinds = map[Kind]int{}
		require.NoError(t, Mixed(2000, 7, func(k Kind, b []byte) error {
			bodies = append(bodies, b)
			kinds[k]++
			return nil
		}))
		return bodies, kinds
	}
	a, kinds := collect()
	b, _ := collect()
	require.Len(t, a, 2000)
	assert.Equal(t, a, b, "same seed, same corpus")
	for k, pct := range Mix {
		assert.InDelta(t, pct, kinds[k]*100/2000, 5, "%v's share of the corpus", k)
	}
}
