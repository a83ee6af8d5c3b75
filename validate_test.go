package profile

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// withMeta is an upsert body with an email, the given properties member
// (may be empty) and meta.
func withMeta(props, meta string) string {
	if props != "" {
		props = `,"properties":` + props
	}
	return `{"data":{"type":"profile","attributes":{` + email + props + `},"meta":` + meta + `}}`
}

// repeatJSON is n copies of v separated by commas.
func repeatJSON(v string, n int) string {
	return strings.TrimSuffix(strings.Repeat(v+",", n), ",")
}

func TestPropertyRules(t *testing.T) {
	runPipeline(t, []pipelineCase{
		{name: "R1 member order, strings and number text kept",
			in:  attrs(email + `,"properties":{"z":1.50,"a":"x y","m":[true,null,{"k":"v"}],"$source":"form"}`),
			out: canon(email + `,"properties":{"z":1.50,"a":"x y","m":[true,null,{"k":"v"}],"$source":"form"}`)},
		{name: "R1 white space removed, escapes made minimal",
			in:  attrs(email + `,"properties":{ "a" : [ 1 , 2 ] , "b":"\u00e9\/\"<&>" }`),
			out: canon(email + `,"properties":{"a":[1,2],"b":"é/\"<&>"}`)},
		{name: "R2 empty key directly under properties", in: attrs(email + `,"properties":{"":1}`),
			errs: []at{{"/data/attributes/properties/", CodeInvalidKey}}},
		{name: "R2 empty key nested inside a value is data", in: attrs(email + `,"properties":{"a":{"":1}}`),
			out: canon(email + `,"properties":{"a":{"":1}}`)},
		{name: "R2 empty key in append and unappend, empty string in unset",
			in: withMeta("", `{"patch_properties":{"append":{"":1},"unappend":{"":2},"unset":["a",""]}}`),
			errs: []at{{"/data/meta/patch_properties/append/", CodeInvalidKey}, {"/data/meta/patch_properties/unappend/", CodeInvalidKey},
				{"/data/meta/patch_properties/unset/1", CodeInvalidKey}}},
		{name: "R2 keys holding ~ and / are escaped in pointers", in: attrs(email + `,"properties":{"a/b~c":1e999}`),
			errs: []at{{"/data/attributes/properties/a~1b~0c", CodeInvalidNumber}}},
	})
}

func TestMetaRules(t *testing.T) {
	runPipeline(t, []pipelineCase{
		{name: "M1 a later problem in unset names its own element, after a rejected one",
			in:   withMeta("", `{"patch_properties":{"unset":[1,""]}}`),
			errs: []at{{ptrPatchProperties + "/unset/0", CodeWrongType}, {ptrPatchProperties + "/unset/1", CodeInvalidKey}}},
		{name: "M2 a conflict in unset names its own element, after a rejected one",
			in:   withMeta(`{"a":1}`, "{\"patch_properties\":{\"unset\":[\"\xff\",\"a\"]}}"),
			errs: []at{{ptrPatchProperties + "/unset/0", CodeInvalidUTF8}, {ptrPatchProperties + "/unset/1", CodeConflict}}},
		{name: "M3 a bad address names its own element, after a rejected one",
			in:   withMeta("", `{"patch_identifiers":{"append":{"email":[1,"bad"]}}}`),
			errs: []at{{ptrPatchIdentifiers + "/append/email/0", CodeWrongType}, {ptrPatchIdentifiers + "/append/email/1", CodeInvalidEmail}}},
		{name: "M1 unset as a string", in: withMeta("", `{"patch_properties":{"unset":"skus"}}`),
			out: withMeta("", `{"patch_properties":{"unset":"skus"}}`)},
		{name: "M1 unset as an array", in: withMeta("", `{"patch_properties":{"unset":["skus","color"]}}`),
			out: withMeta("", `{"patch_properties":{"unset":["skus","color"]}}`)},
		{name: "M1 bad unset element at its index", in: withMeta("", `{"patch_properties":{"unset":["skus",7,null]}}`),
			errs: []at{{"/data/meta/patch_properties/unset/1", CodeWrongType}, {"/data/meta/patch_properties/unset/2", CodeWrongType}}},
		{name: "M2 key in properties and append", in: withMeta(`{"skus":"1"}`, `{"patch_properties":{"append":{"skus":"2"}}}`),
			errs: []at{{"/data/meta/patch_properties/append/skus", CodeConflict}}},
		{name: "M2 key in properties and unset", in: withMeta(`{"skus":"1"}`, `{"patch_properties":{"unset":"skus"}}`),
			errs: []at{{"/data/meta/patch_properties/unset", CodeConflict}}},
		{name: "M2 key in unset and unappend", in: withMeta("", `{"patch_properties":{"unappend":{"skus":"1"},"unset":["color","skus"]}}`),
			errs: []at{{"/data/meta/patch_properties/unset/1", CodeConflict}}},
		{name: "M2 append and unappend with a value in common", in: withMeta("", `{"patch_properties":{"append":{"skus":["1","2"]},"unappend":{"skus":["3","2"]}}}`),
			errs: []at{{"/data/meta/patch_properties/unappend/skus", CodeConflict}}},
		{name: "M2 append and unappend with different values are fine", in: withMeta("", `{"patch_properties":{"append":{"skus":["1","2"]},"unappend":{"skus":"3"}}}`),
			out: withMeta("", `{"patch_properties":{"append":{"skus":["1","2"]},"unappend":{"skus":"3"}}}`)},
		{name: "M2 values in common compared as JSON values", in: withMeta("", `{"patch_properties":{"append":{"n":[1,{"a":1,"b":2}]},"unappend":{"n":1.0},"unappend":{"m":1}}}`),
			errs: []at{{"/data/meta/patch_properties/unappend/n", CodeConflict}, {"/data/meta/patch_properties/unappend", CodeDuplicateKey}}},
		{name: "M2 objects equal but for member order", in: withMeta("", `{"patch_properties":{"append":{"o":{"a":1,"b":2}},"unappend":{"o":[{"b":2,"a":1E0}]}}}`),
			errs: []at{{"/data/meta/patch_properties/unappend/o", CodeConflict}}},
		{name: "M2 long value lists are checked in linear time", in: withMeta("", `{"patch_properties":{"append":{"k":[`+repeatJSON("1", 24000)+`]},"unappend":{"k":[`+repeatJSON("2", 24000)+`]}}}`),
			out: withMeta("", `{"patch_properties":{"append":{"k":[`+repeatJSON("1", 24000)+`]},"unappend":{"k":[`+repeatJSON("2", 24000)+`]}}}`)},
		{name: "M2 every later occurrence reported, in order", in: withMeta(`{"a":1}`, `{"patch_properties":{"append":{"a":2},"unappend":{"a":3},"unset":"a"}}`),
			errs: []at{{"/data/meta/patch_properties/append/a", CodeConflict}, {"/data/meta/patch_properties/unappend/a", CodeConflict},
				{"/data/meta/patch_properties/unset", CodeConflict}}},
		{name: "M2 the schema's own example keys together conflict",
			in:   withMeta("", `{"patch_properties":{"append":{"skus":"92538"},"unappend":{"skus":"40571"},"unset":"skus"}}`),
			errs: []at{{"/data/meta/patch_properties/unset", CodeConflict}}},
		{name: "M3 patch_identifiers emails normalized",
			in:  withMeta("", `{"patch_identifiers":{"append":{"email":[" Example@Test.com","another@EXAMPLE.com"]},"unappend":{"email":"Old@Example.com"}}}`),
			out: withMeta("", `{"patch_identifiers":{"append":{"email":["example@test.com","another@example.com"]},"unappend":{"email":"old@example.com"}}}`)},
		{name: "M3 bad email at its index", in: withMeta("", `{"patch_identifiers":{"append":{"email":["a@example.com","nope",""]}}}`),
			errs: []at{{"/data/meta/patch_identifiers/append/email/1", CodeInvalidEmail}, {"/data/meta/patch_identifiers/append/email/2", CodeInvalidEmail}}},
		{name: "M3 only email", in: withMeta("", `{"patch_identifiers":{"append":{"phone_number":["+442070313000"]}}}`),
			errs: []at{{"/data/meta/patch_identifiers/append/phone_number", CodeUnknownField}}},
		{name: "M3 email must be a string or an array of strings", in: withMeta("", `{"patch_identifiers":{"append":{"email":null},"unappend":{"email":{}}}}`),
			errs: []at{{"/data/meta/patch_identifiers/append/email", CodeWrongType}, {"/data/meta/patch_identifiers/unappend/email", CodeWrongType}}},
	})
}

// TestValidateGoValues checks shapes the decoder cannot produce but a Go
// caller can build.
func TestValidateGoValues(t *testing.T) {
	p := Profile{Attributes: Attributes{Email: String("a@example.com")}, Meta: Meta{State: Set,
		PatchProperties:  PatchProperties{State: Set, Unset: Strings{State: Set, Values: []string{"a", "b"}}},
		PatchIdentifiers: PatchIdentifiers{State: Set, Append: EmailPatch{State: Null}}}}
	assert.Equal(t, []at{
		{"/data/meta/patch_properties/unset", CodeWrongType},
		{"/data/meta/patch_identifiers/append", CodeWrongType},
	}, problems(Validate(p)))
	assert.Equal(t, []at{
		{"/data/id", CodeWrongType},
		{"/data/attributes/location", CodeWrongType},
		{"/data/attributes/properties", CodeWrongType},
		{"/data/meta/patch_properties/unset", CodeInvalidUTF8},
	}, problems(Validate(Profile{
		ID: Text{State: State(7), Value: "x"},
		Attributes: Attributes{Email: String("a@example.com"),
			Location:   Location{State: Null, City: String("Paris")},
			Properties: Object{State: Absent, Members: []Member{{Name: "a", Value: []byte("1")}}}},
		Meta: Meta{State: Set, PatchProperties: PatchProperties{State: Set, Unset: Strings{State: Set, Values: []string{"\xff"}}}},
	})), "values the encoder would drop or mangle are reported")
	assert.Equal(t, []at{{"/data/id", CodeInvalidText}},
		problems(Validate(Profile{ID: String("a\x00b"), Attributes: Attributes{Email: String("a@example.com")}})))
	assert.NoError(t, Validate(Profile{Attributes: Attributes{Email: String("A@Example.com ")}}),
		"a value that normalization only changes is not a problem")
	assert.Equal(t, []at{{"/data/attributes/email", CodeInvalidEmail}},
		problems(Validate(Profile{Attributes: Attributes{Email: String("a@@example.com")}})))
}
