package profile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEncodeOrder(t *testing.T) {
	// O1: members in schema order whatever the input order, absent members
	// omitted, null kept, no HTML escaping, compact.
	in := `{"data":{"meta":{"patch_identifiers":{"append":{"email":"b@example.com"}},"patch_properties":{"unset":"x","append":{"y":1}}},
	  "attributes":{"properties":{"k":"<a&b>"},"location":{"ip":"127.0.0.1","address1":"1 Main St","latitude":null},
	  "image":null,"title":"CEO","locale":"en-US","organization":"Org","last_name":"L","first_name":"F","_kx":"k","external_id":"e",
	  "phone_number":"+442070313000","email":"a@example.com"},"id":"P","type":"profile"}}`
	want := `{"data":{"type":"profile","id":"P","attributes":{"email":"a@example.com","phone_number":"+442070313000",` +
		`"external_id":"e","_kx":"k","first_name":"F","last_name":"L","organization":"Org","locale":"en-US","title":"CEO","image":null,` +
		`"location":{"address1":"1 Main St","latitude":null,"ip":"127.0.0.1"},"properties":{"k":"<a&b>"}},` +
		`"meta":{"patch_properties":{"append":{"y":1},"unset":"x"},"patch_identifiers":{"append":{"email":"b@example.com"}}}}}`
	t.Run("O1 schema order, absent omitted, null kept, no HTML escaping", func(t *testing.T) {
		out, _, err := NormalizeJSON([]byte(in))
		require.NoError(t, err)
		assert.Equal(t, want, string(out))
	})
}

func TestEncodeFailsOnInvalidText(t *testing.T) {
	_, err := Encode(Profile{Attributes: Attributes{FirstName: String("\xff")}})
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, Pointer("/data/attributes/first_name"), fe.Pointer)
	_, err = Encode(Profile{Attributes: Attributes{Properties: Object{State: Set, Members: []Member{{Name: "a", Value: []byte("{")}}}}})
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, Pointer("/data/attributes/properties/a"), fe.Pointer)
}

// TestTestdataRoundTrip checks O2 and O3 on every valid body in testdata.
func TestTestdataRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.json")
	require.NotEmpty(t, files)
	type output struct {
		opts Options
		out  []byte
	}
	var outs []output
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		o := Options{Mode: modeOf(filepath.Base(f))}
		if out, _, err := o.NormalizeJSON(data); err == nil {
			outs = append(outs, output{o, out})
		}
	}
	require.NotEmpty(t, outs)
	t.Run("O2 normalizing the output gives the same bytes", func(t *testing.T) {
		for _, o := range outs {
			assertIdempotent(t, o.opts, o.out)
		}
	})
	t.Run("O3 the decoded output is the normalized profile", func(t *testing.T) {
		for _, o := range outs {
			if o.opts.Mode != Bulk { // Decode reads single-profile bodies
				assertRoundTrip(t, o.opts, o.out)
			}
		}
	})
}

// assertStable checks O2 and O3 for an output of NormalizeJSON.
func assertStable(t *testing.T, o Options, out []byte) {
	t.Helper()
	assertIdempotent(t, o, out)
	assertRoundTrip(t, o, out)
}

func assertIdempotent(t *testing.T, o Options, out []byte) {
	t.Helper()
	again, _, err := o.NormalizeJSON(out)
	require.NoError(t, err, "O2: the output is valid input")
	assert.Equal(t, string(out), string(again), "O2: normalizing the output changes it")
}

func assertRoundTrip(t *testing.T, o Options, out []byte) {
	t.Helper()
	p, err := o.Decode(out)
	require.NoError(t, err)
	q, _, err := o.Normalize(p)
	require.NoError(t, err)
	assert.Equal(t, p, q, "O3: the decoded output is not already normalized")
	enc, err := Encode(p)
	require.NoError(t, err)
	assert.Equal(t, string(out), string(enc), "O3: encoding the decoded output changes it")
}

// TestEncodeFailsOnUnknownState: a State other than Absent, Null or Set,
// which only a profile built in Go can hold, is an error at its member,
// never a member name without a value (found by a hostile-input review:
// "first_name": followed by '}').
func TestEncodeFailsOnUnknownState(t *testing.T) {
	for _, tc := range []struct {
		p    Profile
		want Pointer
	}{
		{Profile{Attributes: Attributes{Email: String("a@b.co"), FirstName: Text{State: 3, Value: "Ann"}}}, "/data/attributes/first_name"},
		{Profile{ID: Text{State: 7}}, ptrID},
		{Profile{Attributes: Attributes{Location: Location{State: 4}}}, ptrLocation},
		{Profile{Attributes: Attributes{Location: Location{State: Set, Latitude: Coordinate{State: 9, Value: "1", Number: true}}}}, ptrLocation + "/latitude"},
		{Profile{Attributes: Attributes{Properties: Object{State: 5}}}, ptrProperties},
		{Profile{Meta: Meta{State: Set, PatchProperties: PatchProperties{State: 6}}}, ptrPatchProperties},
		{Profile{Meta: Meta{State: Set, PatchProperties: PatchProperties{State: Set, Unset: Strings{State: 8}}}}, ptrPatchProperties + "/unset"},
	} {
		out, err := Encode(tc.p)
		var fe *FieldError
		require.ErrorAs(t, err, &fe, "%s: %s", tc.want, out)
		assert.Equal(t, tc.want, fe.Pointer)
		assert.Equal(t, CodeWrongType, fe.Code)
		assert.Empty(t, out)
	}
}
