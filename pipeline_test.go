package profile

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// at is one expected problem: where and what.
type at struct {
	ptr  Pointer
	code Code
}

// pipelineCase is one request body through NormalizeJSON: either the
// canonical output (out) or the problems in document order (errs).
type pipelineCase struct {
	name string
	opts Options
	in   string
	out  string
	errs []at
}

// attrs wraps attribute members in an upsert body.
func attrs(members string) string {
	return `{"data":{"type":"profile","attributes":{` + members + `}}}`
}

// canon is the canonical output for attribute members already canonical.
func canon(members string) string { return attrs(members) }

func runPipeline(t *testing.T, cases []pipelineCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, _, err := c.opts.NormalizeJSON([]byte(c.in))
			if c.errs == nil {
				require.NoError(t, err)
				assert.Equal(t, c.out, string(out))
				return
			}
			require.Error(t, err)
			assert.Nil(t, out)
			assert.Equal(t, c.errs, problems(err))
		})
	}
}

// problems lists the pointer and code of each error in err.
func problems(err error) []at {
	var got []at
	es, _ := err.(Errors)
	for _, e := range es {
		got = append(got, at{e.Pointer, e.Code})
	}
	return got
}

const email = `"email":"a@example.com"`

func TestDecodeRules(t *testing.T) {
	runPipeline(t, []pipelineCase{
		{name: "D1 body over the byte limit", opts: Options{MaxBytes: 40},
			in: attrs(email), errs: []at{{"", CodeTooLarge}}},
		{name: "D1 body at the byte limit", opts: Options{MaxBytes: len(attrs(email))},
			in: attrs(email), out: canon(email)},
		{name: "D2 empty input", in: ``, errs: []at{{"", CodeSyntax}}},
		{name: "D2 white space only", in: " \n\t", errs: []at{{"", CodeSyntax}}},
		{name: "D2 cut inside the email string", in: `{"data":{"type":"profile","attributes":{"email":"sarah.ma`,
			errs: []at{{"/data/attributes/email", CodeSyntax}}},
		{name: "D2 data after the top-level value", in: attrs(email) + ` {}`, errs: []at{{"", CodeSyntax}}},
		{name: "D2 trailing comma", in: `{"data":{"type":"profile","attributes":{"email":"a@example.com",}}}`,
			errs: []at{{"/data/attributes", CodeSyntax}}},
		{name: "D2 a malformed value is a syntax error only", in: `{"data":{"type":"profile","attributes":{"email":tru}}}`,
			errs: []at{{"/data/attributes/email", CodeSyntax}}},
		{name: "D2 NaN", in: attrs(email + `,"properties":{"x":NaN}`), errs: []at{{"/data/attributes/properties/x", CodeSyntax}}},
		{name: "D2 comment", in: attrs(email + `/* c */`), errs: []at{{"/data/attributes", CodeSyntax}}},
		{name: "D2 array closed with a brace, at the element expected", in: `[}`, errs: []at{{"/0", CodeSyntax}}},
		{name: "D2 unset array closed with a brace", in: `{"data":{"meta":{"patch_properties":{"unset":["a"}}}}`,
			errs: []at{{"/data/meta/patch_properties/unset", CodeSyntax}}},
		{name: "D2 property array closed with a brace", in: attrs(email + `,"properties":{"a":["x"}}`),
			errs: []at{{"/data/attributes/properties/a", CodeSyntax}}},
		{name: "D2 single quotes", in: `{'data':1}`, errs: []at{{"", CodeSyntax}}},
		{name: "D2 leading BOM skipped", in: "\xef\xbb\xbf" + attrs(email), out: canon(email)},
		{name: "D2 second BOM is not white space", in: "\xef\xbb\xbf\xef\xbb\xbf" + attrs(email), errs: []at{{"", CodeSyntax}}},
		{name: "D2 trailing white space allowed", in: attrs(email) + "\r\n ", out: canon(email)},
		{name: "D3 invalid UTF-8 in a value", in: attrs(email + `,"first_name":"Ann` + "\xff" + `"`),
			errs: []at{{"/data/attributes/first_name", CodeInvalidUTF8}}},
		{name: "D3 escaped lone surrogate in a value", in: attrs(email + `,"first_name":"\ud800"`),
			errs: []at{{"/data/attributes/first_name", CodeInvalidUTF8}}},
		{name: "D3 escaped surrogate pair is fine", in: attrs(email + `,"first_name":"\ud83d\ude00"`),
			out: canon(email + `,"first_name":"😀"`)},
		{name: "D3 invalid UTF-8 in a property name", in: attrs(email + `,"properties":{"k` + "\xc3" + `":1}`),
			errs: []at{{"/data/attributes/properties/k\ufffd", CodeInvalidUTF8}}},
		{name: "D3 overlong encoding", in: attrs(email + `,"title":"` + "\xc0\xaf" + `"`),
			errs: []at{{"/data/attributes/title", CodeInvalidUTF8}}},
		{name: "D3 raw surrogate encoding", in: attrs(email + `,"title":"` + "\xed\xa0\x80" + `"`),
			errs: []at{{"/data/attributes/title", CodeInvalidUTF8}}},
		{name: "D4 duplicate attribute, at the second", in: attrs(email + `,"phone_number":null,"email":"b@example.com"`),
			errs: []at{{"/data/attributes/email", CodeDuplicateKey}}},
		{name: "D4 duplicate reported, and the first value's problem too", in: attrs(`"email":"bad","email":"a@example.com"`),
			errs: []at{{"/data/attributes/email", CodeInvalidEmail}, {"/data/attributes/email", CodeDuplicateKey}}},
		{name: "D4 duplicate inside properties", in: attrs(email + `,"properties":{"a":1,"b":{"c":1,"c":2}}`),
			errs: []at{{"/data/attributes/properties/b/c", CodeDuplicateKey}}},
		{name: "D4 duplicate data", in: `{"data":{"type":"profile","attributes":{` + email + `}},"data":{}}`,
			errs: []at{{"/data", CodeDuplicateKey}}},
		{name: "D5 member names are case-sensitive", in: attrs(`"EMAIL":"a@example.com"`),
			errs: []at{{"/data/attributes/EMAIL", CodeUnknownField}, {"/data/attributes", CodeIdentifierRequired}}},
		{name: "D5 no Unicode folding", in: attrs(email + `,"propertieſ":{}`),
			errs: []at{{"/data/attributes/propertieſ", CodeUnknownField}}},
		{name: "D5 unknown in location", in: attrs(email + `,"location":{"cty":"x"}`),
			errs: []at{{"/data/attributes/location/cty", CodeUnknownField}}},
		{name: "D5 unknown in data", in: `{"data":{"type":"profile","attributes":{` + email + `},"relationships":{}}}`,
			errs: []at{{"/data/relationships", CodeUnknownField}}},
		{name: "D5 anonymous_id is no longer an attribute", in: attrs(email + `,"anonymous_id":"x"`),
			errs: []at{{"/data/attributes/anonymous_id", CodeUnknownField}}},
		{name: "D5 unknown in meta, patch_properties, patch_identifiers",
			in: `{"data":{"type":"profile","attributes":{` + email + `},"meta":{"x":1,"patch_properties":{"set":{}},"patch_identifiers":{"add":{},"append":{"phone":"x"}}}}}`,
			errs: []at{{"/data/meta/x", CodeUnknownField}, {"/data/meta/patch_properties/set", CodeUnknownField},
				{"/data/meta/patch_identifiers/add", CodeUnknownField}, {"/data/meta/patch_identifiers/append/phone", CodeUnknownField}}},
		{name: "D6 number where a string is", in: attrs(email + `,"location":{"zip":10017}`),
			errs: []at{{"/data/attributes/location/zip", CodeWrongType}}},
		{name: "D6 boolean, array and object where strings are", in: attrs(email + `,"first_name":true,"last_name":["x"],"title":{}`),
			errs: []at{{"/data/attributes/first_name", CodeWrongType}, {"/data/attributes/last_name", CodeWrongType}, {"/data/attributes/title", CodeWrongType}}},
		{name: "D6 properties must be an object", in: attrs(email + `,"properties":[1]`),
			errs: []at{{"/data/attributes/properties", CodeWrongType}}},
		{name: "D6 location must be an object", in: attrs(email + `,"location":"NYC"`),
			errs: []at{{"/data/attributes/location", CodeWrongType}}},
		{name: "D6 latitude may be a number or a string", in: attrs(email + `,"location":{"latitude":40.7128,"longitude":"-74.0060"}`),
			out: canon(email + `,"location":{"latitude":40.7128,"longitude":"-74.0060"}`)},
		{name: "D6 latitude must not be a boolean", in: attrs(email + `,"location":{"latitude":true}`),
			errs: []at{{"/data/attributes/location/latitude", CodeWrongType}}},
		{name: "D6 unset must not be an object", in: `{"data":{"type":"profile","attributes":{` + email + `},"meta":{"patch_properties":{"unset":{"skus":1}}}}}`,
			errs: []at{{"/data/meta/patch_properties/unset", CodeWrongType}}},
		{name: "D6 append must be an object", in: `{"data":{"type":"profile","attributes":{` + email + `},"meta":{"patch_properties":{"append":"skus"}}}}`,
			errs: []at{{"/data/meta/patch_properties/append", CodeWrongType}}},
		{name: "D7 properties ten deep is fine", in: attrs(email + `,"properties":` + nest(9)),
			out: canon(email + `,"properties":` + nest(9))},
		{name: "D7 properties eleven deep", in: attrs(email + `,"properties":` + nest(10)),
			errs: []at{{"/data/attributes/properties/a/a/a/a/a/a/a/a/a/a", CodeTooDeep}}},
		{name: "D7 arrays count as levels", in: attrs(email + `,"properties":{"a":` + strings.Repeat("[", 10) + strings.Repeat("]", 10) + `}`),
			errs: []at{{"/data/attributes/properties/a/0/0/0/0/0/0/0/0/0", CodeTooDeep}}},
		{name: "D7 document over 64 deep in an unknown member", in: attrs(email + `,"x":` + strings.Repeat("[", 62) + strings.Repeat("]", 62)),
			errs: []at{{"/data/attributes/x", CodeUnknownField}, {Pointer("/data/attributes/x" + strings.Repeat("/0", 61)), CodeTooDeep}}},
		{name: "D7 deep nesting past the parser's own limit", in: attrs(email + `,"properties":{"a":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}`),
			opts: Options{MaxBytes: 1 << 20},
			errs: []at{{"/data/attributes/properties/a/0/0/0/0/0/0/0/0/0", CodeTooDeep}}},
		{name: "D7 a depth option over MaxNesting is read as MaxNesting", opts: Options{MaxDepth: 20000, MaxPropDepth: 20000, MaxBytes: 1 << 20},
			in:   attrs(email + `,"properties":{"a":` + strings.Repeat("[", 2000) + strings.Repeat("]", 2000) + `}`),
			errs: []at{{Pointer("/data/attributes/properties/a" + strings.Repeat("/0", MaxNesting-4)), CodeTooDeep}}},
		{name: "D8 number text kept in properties", in: attrs(email + `,"properties":{"big":9007199254740993,"dec":1.000000000000000005,"e":1E2,"neg":-0,"tiny":1e-400}`),
			out: canon(email + `,"properties":{"big":9007199254740993,"dec":1.000000000000000005,"e":1E2,"neg":-0,"tiny":1e-400}`)},
		{name: "D8 overflowing number", in: attrs(email + `,"properties":{"x":[1,1e400,-1e309]}`),
			errs: []at{{"/data/attributes/properties/x/1", CodeInvalidNumber}, {"/data/attributes/properties/x/2", CodeInvalidNumber}}},
		{name: "D8 overflowing latitude", in: attrs(email + `,"location":{"latitude":1e400}`),
			errs: []at{{"/data/attributes/location/latitude", CodeInvalidNumber}}},
		{name: "D9 null and absent kept apart", in: attrs(email + `,"first_name":null,"location":{"city":null},"properties":null`),
			out: canon(email + `,"first_name":null,"location":{"city":null},"properties":null`)},
		{name: "D9 null location and meta kept", in: `{"data":{"type":"profile","id":null,"attributes":{` + email + `,"location":null},"meta":null}}`,
			out: `{"data":{"type":"profile","id":null,"attributes":{` + email + `,"location":null},"meta":null}}`},
	})
}

// nest returns an object nested n levels below the top: {"a":{"a":…{}}}.
func nest(n int) string {
	return strings.Repeat(`{"a":`, n) + `{}` + strings.Repeat(`}`, n)
}

func TestStructureRules(t *testing.T) {
	runPipeline(t, []pipelineCase{
		{name: "S1 body must be an object", in: `[]`, errs: []at{{"", CodeWrongType}}},
		{name: "S1 data required", in: `{}`, errs: []at{{"/data", CodeRequired}}},
		{name: "S1 data null is wrong_type", in: `{"data":null}`, errs: []at{{"/data", CodeWrongType}}},
		{name: "S1 type and attributes required", in: `{"data":{}}`,
			errs: []at{{"/data/type", CodeRequired}, {"/data/attributes", CodeRequired}}},
		{name: "S1 type must be profile", in: `{"data":{"type":"profiles","attributes":{` + email + `}}}`,
			errs: []at{{"/data/type", CodeInvalidValue}}},
		{name: "S1 type null is wrong_type", in: `{"data":{"type":null,"attributes":{` + email + `}}}`,
			errs: []at{{"/data/type", CodeWrongType}}},
		{name: "S1 attributes null is wrong_type", in: `{"data":{"type":"profile","id":"01GDDKASAP8TKDDA2GRZDSVP4H","attributes":null}}`,
			errs: []at{{"/data/attributes", CodeWrongType}}},
		{name: "S2 create forbids id, _kx and meta", opts: Options{Mode: Create},
			in:   `{"data":{"type":"profile","id":"X","attributes":{` + email + `,"_kx":"k"},"meta":{}}}`,
			errs: []at{{"/data/id", CodeNotAllowed}, {"/data/attributes/_kx", CodeNotAllowed}, {"/data/meta", CodeNotAllowed}}},
		{name: "S2 create with attributes only", opts: Options{Mode: Create}, in: attrs(email), out: canon(email)},
		{name: "S2 no mode rules when there is no resource", opts: Options{Mode: Update}, in: `0`,
			errs: []at{{"", CodeWrongType}}},
		{name: "S2 update requires id", opts: Options{Mode: Update}, in: attrs(email),
			errs: []at{{"/data/id", CodeRequired}}},
		{name: "S2 a missing id is placed at the end of data, after the attributes' problems", opts: Options{Mode: Update},
			in: attrs(`"email":"x"`), errs: []at{{"/data/attributes/email", CodeInvalidEmail}, {"/data/id", CodeRequired}}},
		{name: "S2 update rejects an empty id", opts: Options{Mode: Update},
			in: `{"data":{"type":"profile","id":"","attributes":{` + email + `}}}`, errs: []at{{"/data/id", CodeRequired}}},
		{name: "S2 an empty id is placed at the id, before the attributes' problems", opts: Options{Mode: Update},
			in:   `{"data":{"type":"profile","id":"","attributes":{"email":"x"}}}`,
			errs: []at{{"/data/id", CodeRequired}, {"/data/attributes/email", CodeInvalidEmail}}},
		{name: "S2 an empty id after the attributes is placed after their problems", opts: Options{Mode: Update},
			in:   `{"data":{"type":"profile","attributes":{"email":"x"},"id":" "}}`,
			errs: []at{{"/data/attributes/email", CodeInvalidEmail}, {"/data/id", CodeRequired}}},
		{name: "D4 a member given twice is placed by its first, kept value", opts: Options{Mode: Update},
			in:   `{"data":{"type":"profile","attributes":{},"id":"","attributes":{"email":"x"}}}`,
			errs: []at{{"/data/attributes", CodeIdentifierRequired}, {"/data/id", CodeRequired}, {"/data/attributes", CodeDuplicateKey}}},
		{name: "D4 a duplicate does not hide the kept member's own problem",
			in:   `{"data":{"type":"profile","id":"a\u0001","id":"b","attributes":{` + email + `}}}`,
			errs: []at{{"/data/id", CodeInvalidText}, {"/data/id", CodeDuplicateKey}}},
		{name: "S2 a rejected id does not hide create's other rules", opts: Options{Mode: Create},
			in:   `{"data":{"type":"profile","id":5,"attributes":{` + email + `,"_kx":"x"},"meta":{}}}`,
			errs: []at{{"/data/id", CodeWrongType}, {"/data/attributes/_kx", CodeNotAllowed}, {"/data/meta", CodeNotAllowed}}},
		{name: "S3 a rejected id does not also read as a missing identifier",
			in: `{"data":{"type":"profile","id":5,"attributes":{}}}`, errs: []at{{"/data/id", CodeWrongType}}},
		{name: "S3 nor in update mode", opts: Options{Mode: Update},
			in: `{"data":{"type":"profile","id":5,"attributes":{}}}`, errs: []at{{"/data/id", CodeWrongType}}},
		{name: "S2 update rejects a blank id", opts: Options{Mode: Update},
			in: `{"data":{"type":"profile","id":"  ","attributes":{` + email + `}}}`, errs: []at{{"/data/id", CodeRequired}}},
		{name: "S3 a blank id is no identifier", in: `{"data":{"type":"profile","id":" ","attributes":{}}}`,
			errs: []at{{"/data/attributes", CodeIdentifierRequired}}},
		{name: "S2 update rejects a null id", opts: Options{Mode: Update},
			in: `{"data":{"type":"profile","id":null,"attributes":{` + email + `}}}`, errs: []at{{"/data/id", CodeWrongType}}},
		{name: "S2 update with id", opts: Options{Mode: Update},
			in:  `{"data":{"id":"01GDDKASAP8TKDDA2GRZDSVP4H","type":"profile","attributes":{"properties":{"a":1}}}}`,
			out: `{"data":{"type":"profile","id":"01GDDKASAP8TKDDA2GRZDSVP4H","attributes":{"properties":{"a":1}}}}`},
		{name: "S3 no identifier", in: attrs(`"first_name":"Sarah"`), errs: []at{{"/data/attributes", CodeIdentifierRequired}}},
		{name: "S3 identifiers empty after trimming", in: attrs(`"email":"  ","external_id":""`),
			errs: []at{{"/data/attributes", CodeIdentifierRequired}}},
		{name: "S3 external_id alone", in: attrs(`"external_id":"crm-1"`), out: canon(`"external_id":"crm-1"`)},
		{name: "S3 _kx alone", in: attrs(`"_kx":"abc"`), out: canon(`"_kx":"abc"`)},
		{name: "S3 phone alone", in: attrs(`"phone_number":"+442070313000"`), out: canon(`"phone_number":"+442070313000"`)},
		{name: "S3 id alone in upsert", in: `{"data":{"type":"profile","id":"P1","attributes":{}}}`,
			out: `{"data":{"type":"profile","id":"P1","attributes":{}}}`},
		{name: "S3 in create mode _kx does not count", opts: Options{Mode: Create}, in: attrs(`"_kx":"abc"`),
			errs: []at{{"/data/attributes/_kx", CodeNotAllowed}, {"/data/attributes", CodeIdentifierRequired}}},
		{name: "S3 a rejected identifier is not also missing", in: attrs(`"email":"not-an-address"`),
			errs: []at{{"/data/attributes/email", CodeInvalidEmail}}},
		{name: "S3 a mistyped identifier is not also missing", in: attrs(`"email":42`),
			errs: []at{{"/data/attributes/email", CodeWrongType}}},
	})
}
