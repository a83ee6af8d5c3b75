package profile

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// conformanceCases are JSON corner cases from RFC 8259 (JSON) and RFC 7493
// (I-JSON), each placed in a property value (or where said) with the
// decision and its reason. ok means the body is accepted and the value
// comes out as out; otherwise code is the problem reported.
var conformanceCases = []struct {
	name string
	in   string // a property value, or a whole body when it starts with '{' or is empty
	out  string // canonical text of the value when accepted
	code Code
}{
	// RFC 8259 §6: no leading zeros, no NaN or Infinity, no leading '+'.
	{name: "leading zero rejected: not JSON (RFC 8259 §6)", in: `01`, code: CodeSyntax},
	{name: "NaN rejected: not JSON (RFC 8259 §6)", in: `NaN`, code: CodeSyntax},
	{name: "Infinity rejected: not JSON (RFC 8259 §6)", in: `Infinity`, code: CodeSyntax},
	{name: "leading plus rejected: not JSON (RFC 8259 §6)", in: `+1`, code: CodeSyntax},
	{name: "bare fraction rejected: not JSON (RFC 8259 §6)", in: `.5`, code: CodeSyntax},
	{name: "hex rejected: not JSON (RFC 8259 §6)", in: `0x10`, code: CodeSyntax},
	// RFC 8259 §2: no trailing commas, no comments, double quotes only.
	{name: "trailing comma in array rejected (RFC 8259 §5)", in: `[1,2,]`, code: CodeSyntax},
	{name: "trailing comma in object rejected (RFC 8259 §4)", in: `{"a":1,}`, code: CodeSyntax},
	{name: "line comment rejected: JSON has none", in: `1 // c`, code: CodeSyntax},
	{name: "block comment rejected: JSON has none", in: `/* c */ 1`, code: CodeSyntax},
	{name: "single quotes rejected (RFC 8259 §7)", in: `'a'`, code: CodeSyntax},
	// RFC 8259 §7: control characters must be escaped in strings.
	{name: "raw tab in string rejected (RFC 8259 §7)", in: "\"a\tb\"", code: CodeSyntax},
	{name: "raw NUL in string rejected (RFC 8259 §7)", in: "\"a\x00b\"", code: CodeSyntax},
	{name: "escaped NUL kept: it is data in a property (R1)", in: `"a\u0000b"`, out: `"a\u0000b"`},
	{name: "DEL need not be escaped (RFC 8259 §7)", in: "\"a\x7fb\"", out: "\"a\x7fb\""},
	// RFC 8259 §8.2 and RFC 7493 §2.1: lone surrogates are not Unicode text.
	{name: "escaped lone high surrogate rejected (RFC 7493 §2.1, D3)", in: `"\ud800"`, code: CodeInvalidUTF8},
	{name: "escaped lone low surrogate rejected (RFC 7493 §2.1, D3)", in: `"\udc00x"`, code: CodeInvalidUTF8},
	{name: "escaped surrogates reversed rejected (D3)", in: `"\udc00\ud800"`, code: CodeInvalidUTF8},
	{name: "escaped surrogate pair accepted and written raw", in: `"\ud83d\ude00"`, out: `"😀"`},
	{name: "raw surrogate (CESU) bytes rejected (RFC 3629, D3)", in: "\"\xed\xa0\x80\"", code: CodeInvalidUTF8},
	{name: "overlong encoding of / rejected (RFC 3629, D3)", in: "\"\xc0\xaf\"", code: CodeInvalidUTF8},
	{name: "overlong three-byte NUL rejected (RFC 3629, D3)", in: "\"\xe0\x80\x80\"", code: CodeInvalidUTF8},
	{name: "code point past U+10FFFF rejected (RFC 3629, D3)", in: "\"\xf4\x90\x80\x80\"", code: CodeInvalidUTF8},
	{name: "truncated sequence rejected (D3)", in: "\"\xe2\x82\"", code: CodeInvalidUTF8},
	{name: "noncharacter U+FFFF kept: valid UTF-8, data in a property", in: "\"\uffff\"", out: "\"\uffff\""},
	// RFC 8259 §8.1: one leading BOM may be ignored; D2 skips exactly one.
	{name: "one leading BOM skipped (RFC 8259 §8.1, D2)", in: "\xef\xbb\xbf" + attrs(email), out: canon(email)},
	{name: "BOM inside the document rejected (D2)", in: "{\xef\xbb\xbf\"data\":{}}", code: CodeSyntax},
	// RFC 7493 §2.2 and D8: numbers keep their text; beyond float64 rejected.
	{name: "1e400 overflows a float64 (RFC 7493 §2.2, D8)", in: `1e400`, code: CodeInvalidNumber},
	{name: "-1e400 overflows a float64 (D8)", in: `-1e400`, code: CodeInvalidNumber},
	{name: "1e-400 underflows to zero: kept as written (D8)", in: `1e-400`, out: `1e-400`},
	{name: "-0 kept as written (D8)", in: `-0`, out: `-0`},
	{name: "10000000000000000999 kept as written beyond 2^53 (D8)", in: `10000000000000000999`, out: `10000000000000000999`},
	{name: "exponent case and sign kept (D8)", in: `[1E2,1e+2,1.0e-2]`, out: `[1E2,1e+2,1.0e-2]`},
	{name: "10,000-digit integer overflows (D8)", in: "1" + strings.Repeat("0", 10000), code: CodeInvalidNumber},
	{name: "10,000-digit fraction kept (D8)", in: "0." + strings.Repeat("1", 10000), out: "0." + strings.Repeat("1", 10000)},
	// RFC 8259 §4 and RFC 7493 §2.3: names unique; D4 compares decoded names.
	{name: "duplicate names rejected (RFC 7493 §2.3, D4)", in: `{"a":1,"a":2}`, code: CodeDuplicateKey},
	{name: "names equal after unescaping are duplicates (D4)", in: `{"a":1,"\u0061":2}`, code: CodeDuplicateKey},
	{name: "names equal only after NFC are different names (D4, R1)", in: "{\"\u00e9\":1,\"e\u0301\":2}", out: "{\"\u00e9\":1,\"e\u0301\":2}"},
	{name: "names differing in case are different names (D5)", in: `{"a":1,"A":2}`, out: `{"a":1,"A":2}`},
	// Escapes: decoded, then written minimally (O1).
	{name: "escaped solidus and unicode written minimally", in: `"\/\u0041\u00e9\n"`, out: `"/Aé\n"`},
	{name: "HTML characters not escaped (O1)", in: `"<a href='x'>&</a>"`, out: `"<a href='x'>&</a>"`},
	{name: "U+2028 and U+2029 written raw", in: `"\u2028\u2029"`, out: "\"\u2028\u2029\""},
	// Structure.
	{name: "white space between tokens removed", in: " [ 1 ,\t{ \"a\" :\r\n null } ] ", out: `[1,{"a":null}]`},
	{name: "empty containers kept", in: `[{},[]]`, out: `[{},[]]`},
	{name: "empty body rejected (RFC 8259 §2)", in: ``, code: CodeSyntax},
	{name: "two top-level values rejected (RFC 8259 §2, D2)", in: attrs(email) + attrs(email), code: CodeSyntax},
	{name: "body cut after its first brace (D2)", in: `{`, code: CodeSyntax},
}

func TestJSONConformance(t *testing.T) {
	for _, c := range conformanceCases {
		t.Run(c.name, func(t *testing.T) {
			body := c.in
			whole := c.in == "" || c.in[0] == '{' || strings.HasPrefix(c.in, "\xef\xbb\xbf")
			if !whole || strings.HasPrefix(c.in, `{"a"`) || strings.HasPrefix(c.in, "{\"\u00e9") {
				body = attrs(email + `,"properties":{"v":` + c.in + `}`)
				whole = false
			}
			out, _, err := Options{MaxBytes: 1 << 20}.NormalizeJSON([]byte(body))
			if c.code != "" {
				codes := []Code{}
				for _, p := range problems(err) {
					codes = append(codes, p.code)
				}
				assert.Contains(t, codes, c.code)
				return
			}
			if !assert.NoError(t, err) {
				return
			}
			want := c.out
			if !whole {
				want = canon(email + `,"properties":{"v":` + c.out + `}`)
			}
			assert.Equal(t, want, string(out))
		})
	}
}
