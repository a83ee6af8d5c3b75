package profile

import (
	"bytes"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// allCodes is SPEC.md's error-code table.
var allCodes = map[Code]bool{
	CodeSyntax: true, CodeTooLarge: true, CodeTooDeep: true, CodeInvalidUTF8: true, CodeDuplicateKey: true,
	CodeUnknownField: true, CodeWrongType: true, CodeInvalidNumber: true, CodeRequired: true, CodeInvalidValue: true,
	CodeNotAllowed: true, CodeIdentifierRequired: true, CodeInvalidText: true, CodeInvalidEmail: true,
	CodeInvalidPhone: true, CodePhoneRegionRequired: true, CodePhoneExtension: true, CodeInvalidLocale: true,
	CodeInvalidCoordinate: true, CodeInvalidTimezone: true, CodeInvalidIP: true, CodeInvalidURL: true,
	CodeInvalidKey: true, CodeConflict: true,
}

// FuzzDecode feeds arbitrary bytes through the whole pipeline in each mode
// and checks properties, not outputs: no panic, the input untouched,
// every error well formed, and every success stable (O2, O3).
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, name := range files {
		data, err := os.ReadFile(name)
		require.NoError(f, err)
		for m := range 3 {
			f.Add(data, uint8(m))
		}
	}
	for _, s := range []string{
		``, `{}`, `[]`, `null`, `{"data":{}}`,
		attrs(email + `,"properties":{"a":[1,{"b":null}],"":1}`),
		attrs(`"phone_number":"020 7031 3000","locale":"en_GB"`),
		attrs(email + `,"location":{"latitude":"1.5","longitude":-0,"ip":"::1","timezone":"utc"}`),
		withMeta(`{"a":1}`, `{"patch_properties":{"append":{"a":2},"unset":["a"]}}`),
		"\xef\xbb\xbf" + attrs(email),
		attrs(email + `,"first_name":"\ud800"`),
	} {
		f.Add([]byte(s), uint8(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		o := Options{Mode: Mode(mode % 3)}
		before := bytes.Clone(data)
		out, _, err := o.NormalizeJSON(data)
		require.Equal(t, before, data, "the input was modified")
		if err != nil {
			require.Nil(t, out)
			es, ok := err.(Errors)
			require.True(t, ok, "error is not Errors: %T", err)
			require.NotEmpty(t, es)
			for _, e := range es {
				require.True(t, allCodes[e.Code], "code %q is not in SPEC's table", e.Code)
				require.True(t, validPointer(e.Pointer), "pointer %q is not RFC 6901", e.Pointer)
				require.NotEmpty(t, e.Message)
			}
			return
		}
		assertStable(t, o, out)
	})
}

// validPointer reports whether p is an RFC 6901 JSON Pointer.
func validPointer(p Pointer) bool {
	if p == "" {
		return true
	}
	if p[0] != '/' {
		return false
	}
	for i := strings.IndexByte(string(p), '~'); i >= 0; {
		if i+1 >= len(p) || (p[i+1] != '0' && p[i+1] != '1') {
			return false
		}
		j := strings.IndexByte(string(p[i+1:]), '~')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return true
}

// FuzzLocale checks CanonicalLocale: no panic, idempotent, and whatever
// it accepts is a tag it accepts again unchanged.
func FuzzLocale(f *testing.F) {
	for _, c := range localeCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := CanonicalLocale(s)
		if err != nil {
			require.Empty(t, out)
			return
		}
		again, err := CanonicalLocale(out)
		require.NoError(t, err, "canonical %q rejected", out)
		require.Equal(t, out, again)
	})
}

// FuzzEmail checks CanonicalEmail in both case modes: no panic,
// idempotent, within the E3/E4 length limits, and accepted by net/mail.
func FuzzEmail(f *testing.F) {
	for _, c := range emailCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, keep := range []bool{false, true} {
			out, fe := canonicalEmail(s, keep)
			if fe != nil {
				require.Empty(t, out)
				continue
			}
			again, fe := canonicalEmail(out, keep)
			require.Nil(t, fe, "canonical %q rejected", out)
			require.Equal(t, out, again)
			local, _, _ := strings.Cut(out, "@")
			require.LessOrEqual(t, len(local), 64, "E3: local part over 64 octets")
			if keep {
				continue // EmailASCII lowercases
			}
			ascii, err := EmailASCII(out)
			require.NoError(t, err)
			require.LessOrEqual(t, len(ascii), 254, "E4: whole address over 254 octets")
			if isASCIIText(local) {
				_, err = mail.ParseAddress(ascii)
				require.NoError(t, err, "net/mail rejects %q", ascii)
			}
		}
	})
}
