package profile

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// phoneCase is one row of phoneCases: in read in region with opts gives
// want, or an error with code.
type phoneCase struct {
	name   string
	in     string
	region string
	opts   Options
	want   string
	code   Code
}

var (
	vanity        = Options{AllowVanity: true}
	dropExtension = Options{DropExtension: true}
	possible      = Options{PossiblePhone: true}
)

// phoneCases are the examples of rules P1–P7. National numbers use
// libphonenumber's documented example numbers for each region.
var phoneCases = []phoneCase{
	// P7: E.164 in, the same bytes out.
	{name: "P7 E.164 GB fixed line unchanged", in: "+442070313000", want: "+442070313000"},
	{name: "P7 E.164 Klaviyo doc example unchanged", in: "+15005550006", want: "+15005550006"},
	{name: "P7 E.164 US unchanged", in: "+14155552671", want: "+14155552671"},
	{name: "P7 E.164 IT leading zero unchanged", in: "+390612345678", want: "+390612345678"},
	{name: "P7 E.164 AU unchanged", in: "+61212345678", want: "+61212345678"},
	{name: "P7 E.164 with region of another country unchanged", in: "+442070313000", region: "US", want: "+442070313000"},
	{name: "P5 plus number ignores an unknown region", in: "+442070313000", region: "XX", want: "+442070313000"},

	// P5: national numbers read in their region.
	{name: "P5 US national with parens", in: "(415) 555-2671", region: "US", want: "+14155552671"},
	{name: "P5 US example number", in: "201-555-0123", region: "US", want: "+12015550123"},
	{name: "P5 US national with trunk 1", in: "1 (201) 555-0123", region: "US", want: "+12015550123"},
	{name: "P5 GB fixed line", in: "020 7031 3000", region: "GB", want: "+442070313000"},
	{name: "P5 GB mobile", in: "07400 123456", region: "GB", want: "+447400123456"},
	{name: "P5 region in lower case", in: "020 7031 3000", region: "gb", want: "+442070313000"},
	{name: "P5 DE fixed line", in: "030 123456", region: "DE", want: "+4930123456"},
	{name: "P5 DE mobile", in: "01512 3456789", region: "DE", want: "+4915123456789"},
	{name: "P5 FR fixed line", in: "01 23 45 67 89", region: "FR", want: "+33123456789"},
	{name: "P5 FR mobile", in: "06 12 34 56 78", region: "FR", want: "+33612345678"},
	{name: "P5 IN mobile", in: "081234 56789", region: "IN", want: "+918123456789"},
	{name: "P5 IN fixed line", in: "074104 10123", region: "IN", want: "+917410410123"},
	{name: "P5 BR mobile", in: "(11) 96123-4567", region: "BR", want: "+5511961234567"},
	{name: "P5 BR fixed line", in: "(11) 2345-6789", region: "BR", want: "+551123456789"},
	{name: "P5 JP fixed line", in: "03-1234-5678", region: "JP", want: "+81312345678"},
	{name: "P5 JP mobile", in: "090-1234-5678", region: "JP", want: "+819012345678"},
	{name: "P5 AU fixed line", in: "(02) 1234 5678", region: "AU", want: "+61212345678"},
	{name: "P5 AU mobile", in: "0412 345 678", region: "AU", want: "+61412345678"},
	{name: "P5 IT keeps leading zero", in: "06 1234 5678", region: "IT", want: "+390612345678"},
	{name: "P5 GB international prefix", in: "00 44 20 7031 3000", region: "GB", want: "+442070313000"},
	{name: "P5 US international prefix", in: "011 44 20 7031 3000", region: "US", want: "+442070313000"},

	// P7: messy spellings of one number.
	{name: "P7 spaces", in: "+44 20 7031 3000", want: "+442070313000"},
	{name: "P7 trunk zero in parens", in: "+44 (0)20 7031 3000", want: "+442070313000"},
	{name: "P7 dots", in: "+1.415.555.2671", want: "+14155552671"},
	{name: "P7 dashes", in: "+1-415-555-2671", want: "+14155552671"},
	{name: "P7 parens and spaces", in: "+1 (415) 555 2671", want: "+14155552671"},
	{name: "P7 plus inside parens", in: "(+44) 20 7031 3000", want: "+442070313000"},
	{name: "P7 no-break spaces", in: "+44\u00a020\u00a07031\u00a03000", want: "+442070313000"},
	{name: "P7 en dashes", in: "+44\u201320\u20137031\u20133000", want: "+442070313000"},
	{name: "P7 slash", in: "030/123456", region: "DE", want: "+4930123456"},
	{name: "P7 T1 surrounding Unicode space trimmed", in: "\u3000 +44 20 7031 3000\u00a0\n", want: "+442070313000"},
	{name: "P7 zero-width space", in: "+44\u200b2070313000", want: "+442070313000"},

	// P2: Unicode digits and the fullwidth plus.
	{name: "P2 Arabic-Indic digits", in: "+٤٤٢٠٧٠٣١٣٠٠٠", want: "+442070313000"},
	{name: "P2 extended Arabic-Indic digits", in: "۰۲۰ ۷۰۳۱ ۳۰۰۰", region: "GB", want: "+442070313000"},
	{name: "P2 Devanagari digits", in: "+४४ २० ७०३१ ३०००", want: "+442070313000"},
	{name: "P2 fullwidth digits and plus", in: "＋４４ ２０ ７０３１ ３０００", want: "+442070313000"},
	{name: "P2 fullwidth plus", in: "\uFF0B442070313000", want: "+442070313000"},
	{name: "P2 fullwidth parens and hyphen", in: "（０２０）７０３１－３０００", region: "GB", want: "+442070313000"},

	// P4: extensions.
	{name: "P4 x", in: "+1 415 555 2671 x123", code: CodePhoneExtension},
	{name: "P4 X upper case no space", in: "+1 415 555 2671X123", code: CodePhoneExtension},
	{name: "P4 ext.", in: "+1 415 555 2671 ext. 123", code: CodePhoneExtension},
	{name: "P4 ext no space", in: "+1 415 555 2671 ext123", code: CodePhoneExtension},
	{name: "P4 EXT: upper case", in: "+1 415 555 2671 EXT: 123", code: CodePhoneExtension},
	{name: "P4 extn", in: "+1 415 555 2671 extn 123", code: CodePhoneExtension},
	{name: "P4 extension", in: "+1 415 555 2671 extension 123", code: CodePhoneExtension},
	{name: "P4 comma then ext", in: "+1 415 555 2671, ext 123", code: CodePhoneExtension},
	{name: "P4 RFC 3966 ;ext=", in: "+1 415 555 2671;ext=123", code: CodePhoneExtension},
	{name: "P4 hash", in: "+1 415 555 2671 #123", code: CodePhoneExtension},
	{name: "P4 trailing hash", in: "+1 415 555 2671 x123#", code: CodePhoneExtension},
	{name: "P4 Arabic-Indic extension digits", in: "+1 415 555 2671 x١٢٣", code: CodePhoneExtension},
	{name: "P4 national number with extension", in: "(415) 555-2671 ext. 12", region: "US", code: CodePhoneExtension},
	{name: "P4 x dropped", in: "+1 415 555 2671 x123", opts: dropExtension, want: "+14155552671"},
	{name: "P4 ext. dropped", in: "+1 415 555 2671 ext. 123", opts: dropExtension, want: "+14155552671"},
	{name: "P4 ext dropped", in: "+1 415 555 2671 ext123", opts: dropExtension, want: "+14155552671"},
	{name: "P4 extension dropped", in: "+1 415 555 2671 extension 123", opts: dropExtension, want: "+14155552671"},
	{name: "P4 ;ext= dropped", in: "+1 415 555 2671;ext=123", opts: dropExtension, want: "+14155552671"},
	{name: "P4 hash dropped", in: "+1 415 555 2671 #123", opts: dropExtension, want: "+14155552671"},
	{name: "P4 national extension dropped", in: "020 7031 3000 x45", region: "GB", opts: dropExtension, want: "+442070313000"},
	{name: "P4 P6 invalid main number with extension", in: "+1 415 123 4567 x12", code: CodeInvalidPhone},
	{name: "P4 extension too long", in: "+1 415 555 2671 x123456789012345678901", code: CodeInvalidPhone},
	{name: "P4 ext without digits", in: "+1 415 555 2671 ext", code: CodeInvalidPhone},
	{name: "P4 extension not at the end", in: "+1 415 555 2671 x12 x34", code: CodeInvalidPhone},

	// P3: letters.
	{name: "P3 word before number", in: "(mobile) +1 415 555 2671", code: CodeInvalidPhone},
	{name: "P3 word after number", in: "+1 415 555 2671 mobile", code: CodeInvalidPhone},
	{name: "P3 vanity rejected by default", in: "1-800-FLOWERS", region: "US", code: CodeInvalidPhone},
	{name: "P3 vanity accepted", in: "1-800-FLOWERS", region: "US", opts: vanity, want: "+18003569377"},
	{name: "P3 vanity lower case", in: "+1 800 flowers", opts: vanity, want: "+18003569377"},
	{name: "P3 vanity with extension", in: "1-800-FLOWERS ext. 5", region: "US", opts: Options{AllowVanity: true, DropExtension: true}, want: "+18003569377"},
	{name: "P3 non-Latin letter rejected with vanity", in: "+1 800 ФЛАВЕРС", opts: vanity, code: CodeInvalidPhone},
	{name: "P3 tel: URI rejected", in: "tel:+14155552671", code: CodeInvalidPhone},

	// Characters that are not digits, '+' or separators.
	{name: "P2 symbol rejected", in: "+1 415 555 2671!", code: CodeInvalidPhone},
	{name: "P2 star rejected", in: "*67 415 555 2671", region: "US", code: CodeInvalidPhone},
	{name: "P2 second plus rejected", in: "++442070313000", code: CodeInvalidPhone},
	{name: "P2 plus after digits rejected", in: "44+2070313000", code: CodeInvalidPhone},
	{name: "P2 two numbers rejected", in: "+1 415 555 2671 / +1 415 555 0000", code: CodeInvalidPhone},
	{name: "P1 empty", in: "", code: CodeInvalidPhone},
	{name: "P1 only space", in: " \u00a0 ", code: CodeInvalidPhone},
	{name: "P1 only plus", in: "+", code: CodeInvalidPhone},
	{name: "P1 only separators", in: "(-)", region: "US", code: CodeInvalidPhone},
	{name: "T3 control character", in: "+44 20\x00 7031 3000", code: CodeInvalidText},
	{name: "T3 C1 control character", in: "+44 20\u0085 7031 3000", code: CodeInvalidText},

	// P1: length, counted in characters after trimming.
	{name: "P1 64 characters accepted", in: "+44 20 7031 3000" + strings.Repeat("-", 48), want: "+442070313000"},
	{name: "P1 64 characters after trimming accepted", in: "  +44 20 7031 3000" + strings.Repeat("-", 48) + "  ", want: "+442070313000"},
	{name: "P1 64 multibyte characters accepted", in: "+44 20 7031 3000" + strings.Repeat("\u2013", 48), want: "+442070313000"},
	{name: "P1 65 characters rejected", in: "+44 20 7031 3000" + strings.Repeat("-", 49), code: CodeInvalidPhone},
	{name: "P1 65 multibyte characters rejected", in: "+44 20 7031 3000" + strings.Repeat("\u2013", 49), code: CodeInvalidPhone},
	{name: "P1 one megabyte rejected", in: strings.Repeat("1", 1<<20), code: CodeInvalidPhone},

	// P5: a national number needs a known region.
	{name: "P5 no region", in: "020 7031 3000", code: CodePhoneRegionRequired},
	{name: "P5 unknown region", in: "020 7031 3000", region: "XX", code: CodePhoneRegionRequired},
	{name: "P5 alpha-3 region is unknown", in: "020 7031 3000", region: "GBR", code: CodePhoneRegionRequired},
	{name: "P5 non-geographic region is unknown", in: "020 7031 3000", region: "001", code: CodePhoneRegionRequired},
	{name: "P5 country without phone metadata", in: "020 7031 3000", region: "AQ", code: CodePhoneRegionRequired},
	{name: "P5 international prefix needs a region", in: "00 44 20 7031 3000", code: CodePhoneRegionRequired},

	// P6: valid, or possible with the option.
	{name: "P6 formatted but invalid", in: "+100442070313000", code: CodeInvalidPhone},
	{name: "P6 formatted but invalid even when possible suffices", in: "+100442070313000", opts: possible, code: CodeInvalidPhone},
	{name: "P6 US exchange starting with 1 invalid", in: "(415) 123-4567", region: "US", code: CodeInvalidPhone},
	{name: "P6 US exchange starting with 1 possible", in: "(415) 123-4567", region: "US", opts: possible, want: "+14151234567"},
	{name: "P6 E.164 possible but invalid", in: "+14151234567", code: CodeInvalidPhone},
	{name: "P6 E.164 possible accepted with option", in: "+14151234567", opts: possible, want: "+14151234567"},
	{name: "P6 unknown country code", in: "+999 1234 5678", code: CodeInvalidPhone},
	{name: "P6 too short", in: "12", region: "GB", code: CodeInvalidPhone},
	{name: "P6 too short even when possible suffices", in: "12", region: "GB", opts: possible, code: CodeInvalidPhone},
	{name: "P6 too long", in: "+44 20 7031 3000 0000 0000", code: CodeInvalidPhone},
	{name: "P6 P7 possible but longer than E.164", in: "00100000000000", region: "JP", opts: possible, code: CodeInvalidPhone},
	{name: "P6 GB number read in US invalid", in: "020 7031 3000", region: "US", code: CodeInvalidPhone},
}

func TestCanonicalPhone(t *testing.T) {
	for _, tc := range phoneCases {
		t.Run(tc.name, func(t *testing.T) {
			got, fe := canonicalPhone(tc.in, tc.region, tc.opts)
			if tc.code != "" {
				require.NotNil(t, fe, "got %q", got)
				assert.Equal(t, tc.code, fe.Code)
				assert.Empty(t, got)
				assert.Empty(t, fe.Pointer)
				return
			}
			require.Nil(t, fe)
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestCanonicalPhoneIdempotent checks that every accepted output is read
// back unchanged, whatever the region (O2, P7).
func TestCanonicalPhoneIdempotent(t *testing.T) {
	for _, tc := range phoneCases {
		if tc.code != "" {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			out, fe := canonicalPhone(tc.in, tc.region, tc.opts)
			require.Nil(t, fe)
			for _, region := range []string{"", "US", "GB", "XX", tc.region} {
				again, fe := canonicalPhone(out, region, tc.opts)
				require.Nil(t, fe, "region %q", region)
				assert.Equal(t, out, again, "region %q", region)
			}
		})
	}
}

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{1,14}$`)

func TestCanonicalPhoneOutputIsE164(t *testing.T) {
	for _, tc := range phoneCases {
		if tc.code == "" {
			assert.Regexp(t, e164, tc.want, tc.name)
		}
	}
}

// TestCanonicalPhoneMessages checks that no message carries a digit, so
// none can repeat part of a number, and that phone codes wrap
// ErrInvalidPhone.
func TestCanonicalPhoneMessages(t *testing.T) {
	for _, tc := range phoneCases {
		if tc.code == "" {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			_, fe := canonicalPhone(tc.in, tc.region, tc.opts)
			require.NotNil(t, fe)
			assert.NotEmpty(t, fe.Message)
			assert.False(t, strings.ContainsFunc(fe.Error(), unicode.IsDigit), "%s", fe.Error())
			if fe.Code != CodeInvalidText {
				assert.ErrorIs(t, fe, ErrInvalidPhone)
			}
		})
	}
}

func TestCanonicalPhoneExported(t *testing.T) {
	got, err := CanonicalPhone("020 7031 3000", "GB")
	require.NoError(t, err)
	assert.Equal(t, "+442070313000", got)

	o := Options{DefaultRegion: "GB"}
	got, err = o.CanonicalPhone("020 7031 3000", "")
	require.NoError(t, err, "P5 region \"\" means DefaultRegion")
	assert.Equal(t, "+442070313000", got)

	got, err = o.CanonicalPhone("(415) 555-2671", "US")
	require.NoError(t, err, "P5 region given overrides DefaultRegion")
	assert.Equal(t, "+14155552671", got)

	_, err = CanonicalPhone("020 7031 3000", "")
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, CodePhoneRegionRequired, fe.Code)
	assert.ErrorIs(t, err, ErrInvalidPhone)

	_, err = CanonicalPhone("+15005550006", "")
	assert.Nil(t, err, "no error is an untyped nil")
}

// TestCanonicalPhoneLongInputNotParsed pins P1: an over-long input is
// rejected before any parsing, so only its error is allocated.
func TestCanonicalPhoneLongInputNotParsed(t *testing.T) {
	long := strings.Repeat("1", 1<<20)
	allocs := testing.AllocsPerRun(10, func() {
		if _, fe := canonicalPhone(long, "US", Options{}); fe == nil || fe.Code != CodeInvalidPhone {
			t.Fatal("one megabyte accepted")
		}
	})
	assert.LessOrEqual(t, allocs, 1.0)
}

// TestDigitValue checks digitValue over every Unicode decimal digit: its
// ranges must be whole runs of ten, and a few known digits.
func TestDigitValue(t *testing.T) {
	for _, g := range unicode.Nd.R16 {
		assert.Equal(t, uint16(1), g.Stride)
		assert.Zero(t, (g.Hi-g.Lo+1)%10, "range %U", g.Lo)
	}
	for _, g := range unicode.Nd.R32 {
		assert.Equal(t, uint32(1), g.Stride)
		assert.Zero(t, (g.Hi-g.Lo+1)%10, "range %U", g.Lo)
	}
	for r, want := range map[rune]byte{
		'0': 0, '7': 7, '٣': 3, '۹': 9, '७': 7, '９': 9, '０': 0, '\U0001D7D8': 0, '\U0001D7FF': 9, '๕': 5,
	} {
		assert.Equal(t, want, digitValue(r), "%U", r)
	}
}

// TestCanonicalPhoneAllocs pins the allocations of the fast path: none
// for a number already in E.164, which comes back as it was (P7); for a
// national number, the digits and the result. libphonenumber's parser
// takes about 80 for either.
func TestCanonicalPhoneAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts; pinned without it")
	}
	for _, tc := range []struct {
		in, region string
		max        float64
	}{
		{"+442070313000", "", 0},
		{"+14155552671", "", 0},
		{"(415) 555-2671", "US", 2},
		{"020 7031 3000", "GB", 3}, // and the national prefix's match
	} {
		allocs := testing.AllocsPerRun(100, func() {
			if _, fe := canonicalPhone(tc.in, tc.region, Options{}); fe != nil {
				t.Fatal(fe)
			}
		})
		assert.LessOrEqual(t, allocs, tc.max, "%s", tc.in)
	}
}

func BenchmarkCanonicalPhone(b *testing.B) {
	for _, bc := range []struct{ name, in, region string }{
		{"E.164", "+442070313000", ""},
		{"E.164 NANP", "+14155552671", ""},
		{"national", "(415) 555-2671", "US"},
		{"invalid", "+100442070313000", ""},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = CanonicalPhone(bc.in, bc.region)
			}
		})
	}
	// The general parser on the same numbers, which the fast path skips.
	b.Run("E.164 general parser", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = formatPhone("+442070313000", "", false)
		}
	})
	b.Run("national general parser", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = formatPhone("4155552671", "US", false)
		}
	})
}

func ExampleCanonicalPhone() {
	for _, s := range []string{"+44 (0)20 7031 3000", "(415) 555-2671", "+1 415 555 2671 ext. 12"} {
		out, err := CanonicalPhone(s, "US")
		if err != nil {
			var fe *FieldError
			if errors.As(err, &fe) {
				fmt.Println(fe.Code)
			}
			continue
		}
		fmt.Println(out)
	}
	// Output:
	// +442070313000
	// +14155552671
	// phone_extension
}
