package profile

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPointer(t *testing.T) {
	for _, c := range []struct {
		name   string
		tokens []string
		want   Pointer
	}{
		{"root", nil, ""},
		{"plain", []string{"data", "attributes"}, "/data/attributes"},
		{"slash escaped as ~1", []string{"a/b"}, "/a~1b"},
		{"tilde escaped as ~0 before slash", []string{"~1"}, "/~01"},
		{"both", []string{"a~/b"}, "/a~0~1b"},
		{"empty token", []string{"properties", ""}, "/properties/"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var p Pointer
			for _, tok := range c.tokens {
				p = p.Append(tok)
			}
			assert.Equal(t, c.want, p)
			assert.Equal(t, c.tokens, p.Tokens())
		})
	}
}
