package profilehttp_test

import (
	"strings"
	"testing"

	"github.com/profilekit/profile/profilehttp"
	"github.com/stretchr/testify/assert"
)

func TestSuggestDomain(t *testing.T) {
	tests := []struct {
		email, want string
	}{
		// One edit: a swap, a letter missing, added or replaced.
		{"ann@gmial.com", "gmail.com"},
		{"ann@gmai.com", "gmail.com"},
		{"ann@gmaill.com", "gmail.com"},
		{"ann@gnail.com", "gmail.com"},
		{"ann@gmail.con", "gmail.com"},
		{"ann@gmail.co", "gmail.com"},
		{"ann@hotmial.com", "hotmail.com"},
		{"ann@hotmai.com", "hotmail.com"},
		{"ann@yaho.com", "yahoo.com"},
		{"ann@yahooo.com", "yahoo.com"},
		{"ann@outlok.com", "outlook.com"},
		{"ann@iclod.com", "icloud.com"},
		{"ann@googlemial.com", "googlemail.com"},
		{"ann@aol.con", "aol.com"},
		{"ann@gmx.dr", "gmx.de"},
		{"ann@wbe.de", "web.de"},
		{"ann@live.con", "live.com"},
		{"ann@hotmail.co.uj", "hotmail.co.uk"},
		// Two edits, for a domain of nine characters or more.
		{"ann@gmali.con", "gmail.com"},
		{"ann@hotmal.cm", "hotmail.com"},
		{"ann@yahho.cmo", "yahoo.com"},
		// Case, white space and a trailing dot do not matter.
		{" Ann@GMIAL.COM ", "gmail.com"},
		{"ann@gmial.com.", "gmail.com"},
		{"first@last@gmial.com", "gmail.com"},

		// Known providers are not typos, near neighbours included.
		{"ann@gmail.com", ""},
		{"ann@GMail.com", ""},
		{"ann@mail.com", ""},
		{"ann@email.com", ""},
		{"ann@gmx.net", ""},
		{"ann@gmx.at", ""},
		{"ann@live.de", ""},
		{"ann@ymail.com", ""},
		{"ann@mail.de", ""},
		// Too far from any provider.
		{"ann@example.com", ""},
		{"ann@klaviyo.com", ""},
		{"ann@gmxx.dee", ""},     // two edits from a short domain
		{"ann@aonn.com", ""},     // two edits from aol.com
		{"ann@gmailbox.com", ""}, // three edits
		{"ann@münchen.de", ""},
		{"ann@sub.gmail.com", ""},
		// Not an address.
		{"gmial.com", ""},
		{"ann@", ""},
		{"", ""},
		{"ann@" + strings.Repeat("g", 100) + ".com", ""},
	}
	for _, tt := range tests {
		t.Run(tt.email, func(t *testing.T) {
			got, ok := profilehttp.SuggestDomain(tt.email)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.want != "", ok)
			if ok {
				assert.NotContains(t, got, "@", "only the domain")
				assert.NotContains(t, got, "ann")
			}
		})
	}
}

func FuzzSuggestDomain(f *testing.F) {
	for _, s := range []string{"ann@gmial.com", "a@gmail.com", "@", "x@\xff\xfe", "a@yaho.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, email string) {
		got, ok := profilehttp.SuggestDomain(email)
		if !ok {
			assert.Empty(t, got)
			return
		}
		// A suggestion is a provider's domain, and suggests nothing itself.
		again, ok := profilehttp.SuggestDomain("x@" + got)
		assert.False(t, ok, again)
	})
}
