package profile

import (
	"bytes"
	"math"
	"net/mail"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"
	"unicode"

	"github.com/nyaruka/phonenumbers"
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
// and checks properties, not outputs: no panic, the input untouched, every
// error well formed (a code of SPEC's table, an RFC 6901 pointer to a
// member of the input or to a missing member of one), and every success
// stable (O2, O3).
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, name := range files {
		data, err := os.ReadFile(name)
		require.NoError(f, err)
		for m := range 4 {
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
		o := Options{Mode: Mode(mode % 4)}
		before := bytes.Clone(data)
		if p, err := o.Decode(data); err == nil && o.Mode != Bulk {
			assertAgreesWithStdlib(t, data, p) // same values as encoding/json
		}
		out, _, err := o.NormalizeJSON(data)
		require.Equal(t, before, data, "the input was modified")
		if err != nil {
			require.Nil(t, out)
			es, ok := err.(Errors)
			require.True(t, ok, "error is not Errors: %T", err)
			require.NotEmpty(t, es)
			require.Equal(t, locateByStackPointer(data, es), locate(data, es), "locate skips a value it needs")
			inInput := make(map[Pointer]bool)
			for _, fe := range allPointers(data)[2:] { // every token's, duplicates' too
				inInput[fe.Pointer] = true
			}
			for _, e := range es {
				require.True(t, allCodes[e.Code], "code %q is not in SPEC's table", e.Code)
				require.True(t, validPointer(e.Pointer), "pointer %q is not RFC 6901", e.Pointer)
				require.NotEmpty(t, e.Message)
				if e.Code != CodeSyntax && e.Code != CodeInvalidUTF8 && e.Code != CodeTooLarge {
					require.True(t, inInput[e.Pointer] || inInput[parent(e.Pointer)],
						"%s at %q: neither the member nor its parent is in the input", e.Code, e.Pointer)
				}
			}
			return
		}
		if o.Mode == Bulk {
			assertIdempotent(t, o, out)
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

// FuzzPhone checks canonicalPhone with default and loose options: no
// panic, digits never in messages, output in E.164 that reads back to
// itself in any region, and, with default options, a number libphonenumber
// itself parses as valid and formats the same way (P6, P7).
func FuzzPhone(f *testing.F) {
	for _, tc := range phoneCases {
		if len(tc.in) < 1000 {
			f.Add(tc.in, tc.region)
		}
	}
	f.Fuzz(func(t *testing.T, s, region string) {
		for i, o := range []Options{{}, {AllowVanity: true, DropExtension: true, PossiblePhone: true}} {
			out, fe := canonicalPhone(s, region, o)
			if fe != nil {
				require.False(t, strings.ContainsFunc(fe.Message, unicode.IsDigit), "message has a digit: %q", fe.Message)
				continue
			}
			require.Regexp(t, e164, out)
			for _, r := range []string{"", "US", region} {
				again, fe := canonicalPhone(out, r, o)
				require.Nil(t, fe, "%q → %q rejected in %q", s, out, r)
				require.Equal(t, out, again, "not idempotent")
			}
			if i == 0 {
				n, err := phonenumbers.Parse(out, "")
				require.NoError(t, err)
				require.True(t, phonenumbers.IsValidNumber(n), "%q accepted but not valid", out)
				require.Equal(t, out, phonenumbers.Format(n, phonenumbers.E164))
			}
		}
	})
}

// FuzzLocation checks the G rules: no panic, idempotent canonical forms,
// accepted coordinates finite and in range, accepted addresses parsed the
// same by net/netip, and accepted zone names loadable by package time.
func FuzzLocation(f *testing.F) {
	f.Add("40.7128", "-74.0060", "america/new_york", "2001:DB8:0::1")
	f.Add(" 90 ", "180.0000000000000001", "Local", "::ffff:192.0.2.1")
	f.Add("-0", "+1.5", "US/Eastern", "fe80::1%eth0")
	f.Add("1e2", "NaN", "../etc/passwd", "192.168.001.1")
	f.Fuzz(func(t *testing.T, lat, lon, tz, ip string) {
		for _, c := range []struct {
			v     string
			limit float64
		}{{lat, 90}, {lon, 180}} {
			out, fe := checkCoordinate(Coordinate{State: Set, Value: c.v}, c.limit)
			if fe != nil {
				continue
			}
			val, err := strconv.ParseFloat(out.Value, 64)
			require.NoError(t, err)
			require.False(t, math.IsNaN(val) || math.IsInf(val, 0))
			require.LessOrEqual(t, math.Abs(val), c.limit)
			again, fe := checkCoordinate(out, c.limit)
			require.Nil(t, fe)
			require.Equal(t, out, again)
		}
		if zone, fe := canonicalTimezone(tz); fe == nil {
			_, err := time.LoadLocation(zone)
			require.NoError(t, err, "zone %q does not load", zone)
			again, fe := canonicalTimezone(zone)
			require.Nil(t, fe)
			require.Equal(t, zone, again)
		}
		if addr, fe := canonicalIP(ip); fe == nil {
			a, err := netip.ParseAddr(addr)
			require.NoError(t, err)
			require.Equal(t, addr, a.String())
			again, fe := canonicalIP(addr)
			require.Nil(t, fe)
			require.Equal(t, addr, again)
		}
	})
}
