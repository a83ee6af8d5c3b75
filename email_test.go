package profile

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Lengths for the octet-limit cases (E3, E4).
var (
	local64   = strings.Repeat("a", 64)
	local65   = strings.Repeat("a", 65)
	label63   = strings.Repeat("b", 63)
	label64   = strings.Repeat("b", 64)
	domain57  = label63 + "." + label63 + "." + strings.Repeat("c", 57) + ".com" // 189 octets
	domain58  = label63 + "." + label63 + "." + strings.Repeat("c", 58) + ".com" // 190 octets
	domain255 = label63 + "." + label63 + "." + label63 + "." + label63          // 255 octets
)

// emailCases is the one table of email cases. want is the canonical form
// ("" when rejected), ascii the EmailASCII form when it differs from want,
// keep sets Options.KeepEmailCase. Every name starts with the SPEC rule it
// pins. Expected values come from SPEC.md and public facts (RFC 5322 atext,
// RFC 3492/5891 A-labels such as xn--mnchen-3ya for "münchen", IANA's test
// TLDs 例子 = xn--fsqu00a and 测试 = xn--0zwm56d), not from running the code.
var emailCases = []struct {
	name  string
	in    string
	want  string
	code  Code
	keep  bool
	ascii string
}{
	// T1, T3: text rules before anything else.
	{name: "T1 surrounding ASCII space trimmed", in: "  ann@example.com\t\n", want: "ann@example.com"},
	{name: "T1 surrounding Unicode space trimmed", in: "\u00a0ann@example.com\u3000", want: "ann@example.com"},
	{name: "T3 NUL inside", in: "ann\x00@example.com", code: CodeInvalidText},
	{name: "T3 tab inside", in: "ann\t@example.com", code: CodeInvalidText},
	{name: "T3 C1 control inside", in: "ann\u0085lee@example.com", code: CodeInvalidText},
	{name: "T3 DEL inside", in: "ann\x7f@example.com", code: CodeInvalidText},

	// E1: NFC first, then validation; input limits.
	{name: "E1 NFC composes e + U+0301 in local part", in: "cafe\u0301@example.com", want: "caf\u00e9@example.com"},
	{name: "E1 NFC composes e + U+0301 in domain", in: "ann@cafe\u0301.fr", want: "ann@caf\u00e9.fr", ascii: "ann@xn--caf-dma.fr"},
	{name: "E1 empty after trim", in: " \t ", code: CodeInvalidEmail},
	{name: "E1 over-long input rejected before parsing", in: strings.Repeat("a", 1100) + "@example.com", code: CodeInvalidEmail},
	{name: "E1 invalid UTF-8", in: "ann\xff@example.com", code: CodeInvalidEmail},
	{name: "E1 replacement character", in: "ann\ufffd@example.com", code: CodeInvalidEmail},

	// E2: a bare local@domain.
	{name: "E2 display name with angle brackets", in: "Ann Lee <ann@example.com>", code: CodeInvalidEmail},
	{name: "E2 angle brackets alone", in: "<ann@example.com>", code: CodeInvalidEmail},
	{name: "E2 display name without brackets", in: "Ann ann@example.com", code: CodeInvalidEmail},
	{name: "E2 comment in local part", in: "ann(work)@example.com", code: CodeInvalidEmail},
	{name: "E2 comment in domain", in: "ann@(work)example.com", code: CodeInvalidEmail},
	{name: "E2 quoted local part", in: `"ann"@example.com`, code: CodeInvalidEmail},
	{name: "E2 quoted local part with space", in: `"ann lee"@example.com`, code: CodeInvalidEmail},
	{name: "E2 IPv4 literal domain", in: "ann@[192.0.2.1]", code: CodeInvalidEmail},
	{name: "E2 IPv6 literal domain", in: "ann@[IPv6:2001:db8::1]", code: CodeInvalidEmail},
	{name: "E2 two at signs", in: "ann@lee@example.com", code: CodeInvalidEmail},
	{name: "E2 no at sign", in: "ann.example.com", code: CodeInvalidEmail},
	{name: "E2 empty local part", in: "@example.com", code: CodeInvalidEmail},
	{name: "E2 empty domain", in: "ann@", code: CodeInvalidEmail},

	// E3: the local part.
	{name: "E3 plain dot-atom", in: "ann.lee@example.com", want: "ann.lee@example.com"},
	{name: "E3 every RFC 5322 atext special", in: "!#$%&'*+-/=?^_`{|}~@example.com", want: "!#$%&'*+-/=?^_`{|}~@example.com"},
	{name: "E3 Hangul filler, an invisible letter", in: "\u3164@example.com", code: CodeInvalidEmail},
	{name: "E3 braille blank", in: "a\u2800b@example.com", code: CodeInvalidEmail},
	{name: "E3 leading dot", in: ".ann@example.com", code: CodeInvalidEmail},
	{name: "E3 trailing dot", in: "ann.@example.com", code: CodeInvalidEmail},
	{name: "E3 double dot", in: "ann..lee@example.com", code: CodeInvalidEmail},
	{name: "E3 comma is not atext", in: "ann,lee@example.com", code: CodeInvalidEmail},
	{name: "E3 backslash is not atext", in: `ann\lee@example.com`, code: CodeInvalidEmail},
	{name: "E3 64-octet local part", in: local64 + "@example.com", want: local64 + "@example.com"},
	{name: "E3 65-octet local part", in: local65 + "@example.com", code: CodeInvalidEmail},
	{name: "E3 64 octets of two-byte letters", in: strings.Repeat("é", 32) + "@example.com", want: strings.Repeat("é", 32) + "@example.com"},
	{name: "E3 66 octets in 33 letters", in: strings.Repeat("é", 33) + "@example.com", code: CodeInvalidEmail},
	{name: "E3 RFC 6531 Unicode local and domain", in: "用户@例子.测试", want: "用户@例子.测试", ascii: "用户@xn--fsqu00a.xn--0zwm56d"},
	{name: "E3 Unicode symbol in local part", in: "i\u2665nyc@example.com", want: "i\u2665nyc@example.com"},
	{name: "E3 Arabic-Indic digits in local part", in: "\u0661\u0662\u0663@example.com", want: "\u0661\u0662\u0663@example.com"},
	{name: "E3 Unicode punctuation in local part", in: "ann\u00b7lee@example.com", code: CodeInvalidEmail},
	{name: "E3 ideographic full stop in local part", in: "ann\u3002lee@example.com", code: CodeInvalidEmail},
	{name: "E3 private-use character", in: "ann\ue000@example.com", code: CodeInvalidEmail},
	{name: "E3 space inside", in: "ann lee@example.com", code: CodeInvalidEmail},
	{name: "E3 no-break space inside", in: "ann\u00a0lee@example.com", code: CodeInvalidEmail},
	{name: "E3 fullwidth at sign", in: "ann\uff20example.com", code: CodeInvalidEmail},
	{name: "E3 fullwidth at sign beside an ASCII one", in: "ann\uff20lee@example.com", code: CodeInvalidEmail},
	{name: "E3 small commercial at", in: "ann\ufe6bexample.com", code: CodeInvalidEmail},
	{name: "E3 zero-width space in local part", in: "an\u200bn@example.com", code: CodeInvalidEmail},
	{name: "E3 zero-width space in domain", in: "ann@exam\u200bple.com", code: CodeInvalidEmail},
	{name: "E3 leading BOM", in: "\ufeffann@example.com", code: CodeInvalidEmail},
	{name: "E3 BOM inside", in: "ann\ufeff@example.com", code: CodeInvalidEmail},
	{name: "E3 soft hyphen in domain", in: "ann@exam\u00adple.com", code: CodeInvalidEmail},
	{name: "E3 right-to-left override", in: "ann\u202e@example.com", code: CodeInvalidEmail},
	{name: "E3 right-to-left mark", in: "\u200fann@example.com", code: CodeInvalidEmail},
	{name: "E3 left-to-right isolate in domain", in: "ann@example\u2066.com", code: CodeInvalidEmail},
	{name: "E3 zero-width joiner in local part", in: "an\u200dn@example.com", code: CodeInvalidEmail},

	// E4: the domain.
	{name: "E4 uppercase domain mapped", in: "ann@EXAMPLE.COM", want: "ann@example.com"},
	{name: "E4 fullwidth domain letters mapped", in: "ann@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45\uff0e\uff43\uff4f\uff4d", want: "ann@example.com"},
	{name: "E4 ideographic full stop mapped", in: "ann@example\u3002com", want: "ann@example.com"},
	{name: "E4 eszett kept (IDNA 2008, non-transitional)", in: "ann@stra\u00dfe.de", want: "ann@stra\u00dfe.de", ascii: "ann@xn--strae-oqa.de"},
	{name: "E4 digits-only inner label", in: "ann@163.com", want: "ann@163.com"},
	{name: "E4 inner hyphen", in: "ann@klaviyo-demo.com", want: "ann@klaviyo-demo.com"},
	{name: "E4 single label", in: "ann@localhost", code: CodeInvalidEmail},
	{name: "E4 trailing dot", in: "ann@example.com.", code: CodeInvalidEmail},
	{name: "E4 trailing ideographic full stop", in: "ann@example.com\u3002", code: CodeInvalidEmail},
	{name: "E4 leading dot", in: "ann@.example.com", code: CodeInvalidEmail},
	{name: "E4 empty label", in: "ann@example..com", code: CodeInvalidEmail},
	{name: "E4 numeric TLD", in: "ann@example.123", code: CodeInvalidEmail},
	{name: "E4 bare IPv4 address", in: "ann@192.0.2.1", code: CodeInvalidEmail},
	{name: "E4 63-octet label", in: "ann@" + label63 + ".com", want: "ann@" + label63 + ".com"},
	{name: "E4 64-octet label", in: "ann@" + label64 + ".com", code: CodeInvalidEmail},
	{name: "E4 leading hyphen", in: "ann@-example.com", code: CodeInvalidEmail},
	{name: "E4 trailing hyphen", in: "ann@example-.com", code: CodeInvalidEmail},
	{name: "E4 hyphen ending the TLD", in: "ann@example.com-", code: CodeInvalidEmail},
	{name: "E4 hyphens in third and fourth positions", in: "ann@ab--cd.com", code: CodeInvalidEmail},
	{name: "E4 underscore", in: "ann@exa_mple.com", code: CodeInvalidEmail},
	{name: "E4 bad punycode", in: "ann@xn--a.com", code: CodeInvalidEmail},
	{name: "E4 bad punycode uppercase", in: "ann@XN--A.COM", code: CodeInvalidEmail},
	{name: "E4 empty punycode", in: "ann@xn--.com", code: CodeInvalidEmail},
	{name: "E4 bidi rule: Hebrew letter in a Latin label", in: "ann@a\u05d0.com", code: CodeInvalidEmail},
	{name: "E4 zero-width joiner out of context in domain", in: "ann@a\u200db.com", code: CodeInvalidEmail},
	{name: "E4 254-octet address", in: local64 + "@" + domain57, want: local64 + "@" + domain57},
	{name: "E4 255-octet address", in: local64 + "@" + domain58, code: CodeInvalidEmail},
	{name: "E4 255-octet domain", in: "a@" + domain255, code: CodeInvalidEmail},
	{name: "E4 254 octets counted with the domain in ASCII form", in: strings.Repeat("a", 61) + "@" + domain57[:len(domain57)-4] + ".例子", code: CodeInvalidEmail},

	// E5: case.
	{name: "E5 uppercase local part lowercased", in: "Sarah.Mason@Example.com", want: "sarah.mason@example.com"},
	{name: "E5 Unicode uppercase local part lowercased", in: "JOS\u00c9@example.es", want: "jos\u00e9@example.es"},
	{name: "E5 keep case keeps the local part", in: "Sarah.Mason@EXAMPLE.COM", want: "Sarah.Mason@example.com", keep: true},
	{name: "E5 keep case already canonical", in: "Sarah.Mason@example.com", want: "Sarah.Mason@example.com", keep: true},
	{name: "E5 lowercase that grows past 64 octets", in: strings.Repeat("\u023a", 32) + "@example.com", code: CodeInvalidEmail},
	{name: "E5 keep case under 64 octets", in: strings.Repeat("\u023a", 32) + "@example.com", want: strings.Repeat("\u023a", 32) + "@example.com", keep: true},

	// E6: one Unicode form; ASCII form separately.
	{name: "E6 A-label domain given in uppercase", in: "user@XN--MNCHEN-3YA.DE", want: "user@m\u00fcnchen.de", ascii: "user@xn--mnchen-3ya.de"},
	{name: "E6 U-label domain with capital", in: "user@M\u00fcnchen.de", want: "user@m\u00fcnchen.de", ascii: "user@xn--mnchen-3ya.de"},
	{name: "E6 decomposed U-label", in: "user@Mu\u0308nchen.DE", want: "user@m\u00fcnchen.de", ascii: "user@xn--mnchen-3ya.de"},
	{name: "E6 A-label of bücher", in: "user@xn--bcher-kva.example", want: "user@b\u00fccher.example", ascii: "user@xn--bcher-kva.example"},

	// E7: no provider rewriting.
	{name: "E7 plus tag kept", in: "sarah.mason+promo@gmail.com", want: "sarah.mason+promo@gmail.com"},
	{name: "E7 dots kept", in: "s.a.r.a.h@gmail.com", want: "s.a.r.a.h@gmail.com"},
	{name: "E7 googlemail not rewritten", in: "sarah@googlemail.com", want: "sarah@googlemail.com"},
}

func TestCanonicalEmail(t *testing.T) {
	for _, tc := range emailCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Options{KeepEmailCase: tc.keep}.CanonicalEmail(tc.in)
			if tc.code != "" {
				assert.Empty(t, got)
				fe, ok := errors.AsType[*FieldError](err)
				require.True(t, ok, "want a *FieldError, got %v", err)
				assert.Equal(t, tc.code, fe.Code)
				assert.Empty(t, fe.Pointer)
				assert.NotEmpty(t, fe.Message)
				if tc.code == CodeInvalidEmail {
					assert.ErrorIs(t, err, ErrInvalidEmail)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestEmailASCII(t *testing.T) {
	for _, tc := range emailCases {
		if tc.keep {
			continue // EmailASCII always lowercases
		}
		t.Run(tc.name, func(t *testing.T) {
			got, err := EmailASCII(tc.in)
			if tc.code != "" {
				assert.Empty(t, got)
				fe, ok := errors.AsType[*FieldError](err)
				require.True(t, ok, "want a *FieldError, got %v", err)
				assert.Equal(t, tc.code, fe.Code)
				return
			}
			require.NoError(t, err)
			want := tc.ascii
			if want == "" {
				want = tc.want
			}
			assert.Equal(t, want, got)
		})
	}
}

func TestCanonicalEmailDefault(t *testing.T) {
	got, err := CanonicalEmail("Sarah.Mason@Example.com")
	require.NoError(t, err)
	assert.Equal(t, "sarah.mason@example.com", got)
}

// TestCanonicalEmailIdempotent checks SPEC O2 for emails: the canonical
// form, and the ASCII form, are fixed points.
func TestCanonicalEmailIdempotent(t *testing.T) {
	for _, tc := range emailCases {
		if tc.code != "" {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			again, fe := canonicalEmail(tc.want, tc.keep)
			require.Nil(t, fe)
			assert.Equal(t, tc.want, again)
			if tc.keep {
				return
			}
			ascii, err := EmailASCII(tc.want)
			require.NoError(t, err)
			back, err := CanonicalEmail(ascii)
			require.NoError(t, err)
			assert.Equal(t, tc.want, back, "ASCII form maps back to the canonical form")
			asciiAgain, err := EmailASCII(ascii)
			require.NoError(t, err)
			assert.Equal(t, ascii, asciiAgain)
		})
	}
}

// TestCanonicalEmailFastPath checks that the allocation-free path agrees
// with the full parser on every case it takes.
func TestCanonicalEmailFastPath(t *testing.T) {
	for _, tc := range emailCases {
		s := trimSpace(tc.in)
		if !isCanonicalASCIIEmail(s, tc.keep) {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			e, fe := parseEmail(s, tc.keep)
			require.Nil(t, fe)
			assert.Equal(t, s, e.local+"@"+e.unicode)
			assert.Equal(t, s, e.local+"@"+e.ascii)
		})
	}
}

// TestCanonicalEmailMessagePrivacy checks that no message repeats the
// address or a part of it (SPEC: messages keep logs clean).
func TestCanonicalEmailMessagePrivacy(t *testing.T) {
	inputs := []string{
		"Zebedee Quux <zebedee.quux@wombat-farm.example>",
		"zebedee(quux)@wombat-farm.example",
		`"zebedee quux"@wombat-farm.example`,
		"zebedee@[192.0.2.77]",
		"zebedee@quux@wombat-farm.example",
		"zebedee.wombat-farm.example",
		"zebedee..quux@wombat-farm.example",
		"zebedee\uff20wombat-farm.example",
		"zebe\u200bdee@wombat-farm.example",
		"zebedee@wombatfarm",
		"zebedee@wombat-farm.12345",
		"zebedee@xn--a.wombat-farm.example",
		"zebedee@-wombat-farm.example",
		"zebedee@wombat_farm.example",
		"zebedee\x00@wombat-farm.example",
	}
	for _, tc := range emailCases {
		if tc.code != "" {
			inputs = append(inputs, tc.in)
		}
	}
	for _, in := range inputs {
		_, err := CanonicalEmail(in)
		require.Error(t, err, "%+q", in)
		fe, ok := errors.AsType[*FieldError](err)
		require.True(t, ok)
		for _, part := range privateParts(in) {
			assert.NotContains(t, strings.ToLower(fe.Message), strings.ToLower(part), "message for %+q", in)
			assert.NotContains(t, strings.ToLower(err.Error()), strings.ToLower(part), "error for %+q", in)
		}
	}
}

// privateParts returns the pieces of a rejected input a message must not
// repeat: the trimmed input, its local part and domain, and their dot- and
// hyphen-separated pieces, when at least four bytes long (shorter pieces
// match English words by chance).
func privateParts(in string) []string {
	in = trimSpace(in)
	parts := []string{in}
	if at := strings.LastIndexByte(in, '@'); at >= 0 {
		parts = append(parts, in[:at], in[at+1:])
	}
	parts = append(parts, strings.FieldsFunc(in, func(r rune) bool {
		return strings.ContainsRune(".@-<>()\" ", r)
	})...)
	var out []string
	for _, p := range parts {
		if len(p) >= 4 {
			out = append(out, p)
		}
	}
	return out
}

func TestCanonicalEmailAllocs(t *testing.T) {
	for _, tc := range []struct {
		in   string
		keep bool
	}{
		{"sarah.mason@klaviyo-demo.com", false},
		{"sarah.mason+promo@mail.klaviyo-demo.com", false},
		{"Sarah.Mason@klaviyo-demo.com", true},
	} {
		o := Options{KeepEmailCase: tc.keep}
		n := testing.AllocsPerRun(1000, func() {
			if out, err := o.CanonicalEmail(tc.in); err != nil || out != tc.in {
				t.Fatalf("CanonicalEmail(%q) = %q, %v", tc.in, out, err)
			}
		})
		assert.Zero(t, n, "CanonicalEmail(%q) allocations", tc.in)
		if tc.keep {
			continue
		}
		n = testing.AllocsPerRun(1000, func() { _, _ = EmailASCII(tc.in) })
		assert.Zero(t, n, "EmailASCII(%q) allocations", tc.in)
	}
}

func BenchmarkCanonicalEmail(b *testing.B) {
	for _, in := range []string{"sarah.mason@klaviyo-demo.com", "Sarah.Mason@XN--MNCHEN-3YA.DE"} {
		b.Run(in, func(b *testing.B) {
			for b.Loop() {
				_, _ = CanonicalEmail(in)
			}
		})
	}
}

func ExampleCanonicalEmail() {
	fmt.Println(CanonicalEmail(" Sarah.Mason+promo@XN--MNCHEN-3YA.DE "))
	fmt.Println(EmailASCII("sarah.mason+promo@München.de"))
	fmt.Println(Options{KeepEmailCase: true}.CanonicalEmail("Sarah.Mason@Example.COM"))

	_, err := CanonicalEmail("Sarah Mason <sarah@example.com>")
	if fe, ok := errors.AsType[*FieldError](err); ok {
		fmt.Println(fe.Code, errors.Is(err, ErrInvalidEmail))
	}
	// Output:
	// sarah.mason+promo@münchen.de <nil>
	// sarah.mason+promo@xn--mnchen-3ya.de <nil>
	// Sarah.Mason@example.com <nil>
	// invalid_email true
}
