package profile

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/nyaruka/phonenumbers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stdlibDoc decodes data with encoding/json, numbers as json.Number, or
// returns nil when encoding/json rejects it.
func stdlibDoc(data []byte) map[string]any {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc map[string]any
	if dec.Decode(&doc) != nil || dec.More() {
		return nil
	}
	return doc
}

// assertAgreesWithStdlib checks that the strict decoder read the same
// values from data as encoding/json: every member's state, every string,
// every number's text and every property value. Call it only for a body
// Decode accepted.
func assertAgreesWithStdlib(t *testing.T, data []byte, p Profile) {
	t.Helper()
	doc := stdlibDoc(data)
	if doc == nil {
		return // encoding/json rejects it: nothing to compare
	}
	d, _ := doc["data"].(map[string]any)
	require.NotNil(t, d)
	assertText(t, d, "id", p.ID)
	a, _ := d["attributes"].(map[string]any)
	for i := range attributeFields {
		assertText(t, a, attributeFields[i].name, *attributeFields[i].get(&p.Attributes))
	}
	l := &p.Attributes.Location
	if assertState(t, a, "location", l.State) {
		loc := a["location"].(map[string]any)
		for i := range locationFields {
			f := &locationFields[i]
			if f.get != nil {
				assertText(t, loc, f.name, *f.get(l))
				continue
			}
			c := f.coord(l)
			if assertState(t, loc, f.name, c.State) {
				if n, isNum := loc[f.name].(json.Number); isNum {
					assert.True(t, c.Number)
					assert.Equal(t, string(n), c.Value)
				} else {
					assert.Equal(t, loc[f.name], c.Value)
				}
			}
		}
	}
	assertObject(t, a, "properties", p.Attributes.Properties)
	m := p.Meta
	if !assertState(t, d, "meta", m.State) {
		return
	}
	meta := d["meta"].(map[string]any)
	if pp := m.PatchProperties; assertState(t, meta, "patch_properties", pp.State) {
		ppm := meta["patch_properties"].(map[string]any)
		assertObject(t, ppm, "append", pp.Append)
		assertObject(t, ppm, "unappend", pp.Unappend)
		assertStrings(t, ppm, "unset", pp.Unset)
	}
	if pi := m.PatchIdentifiers; assertState(t, meta, "patch_identifiers", pi.State) {
		pim := meta["patch_identifiers"].(map[string]any)
		for name, op := range map[string]EmailPatch{"append": pi.Append, "unappend": pi.Unappend} {
			if assertState(t, pim, name, op.State) {
				assertStrings(t, pim[name].(map[string]any), "email", op.Email)
			}
		}
	}
}

// assertState checks the state of member name of obj; it reports whether
// the member holds a value.
func assertState(t *testing.T, obj map[string]any, name string, s State) bool {
	t.Helper()
	v, present := obj[name]
	switch {
	case !present:
		assert.Equal(t, Absent, s, name)
	case v == nil:
		assert.Equal(t, Null, s, name)
	default:
		assert.Equal(t, Set, s, name)
	}
	return present && v != nil
}

func assertText(t *testing.T, obj map[string]any, name string, x Text) {
	t.Helper()
	if assertState(t, obj, name, x.State) {
		assert.Equal(t, obj[name], x.Value, name)
	}
}

func assertStrings(t *testing.T, obj map[string]any, name string, s Strings) {
	t.Helper()
	if !assertState(t, obj, name, s.State) {
		return
	}
	switch v := obj[name].(type) {
	case string:
		assert.False(t, s.Array)
		assert.Equal(t, []string{v}, s.Values)
	case []any:
		assert.True(t, s.Array)
		got := make([]any, len(s.Values))
		for i, x := range s.Values {
			got[i] = x
		}
		assert.Equal(t, v, got)
	}
}

// assertObject compares an Object with encoding/json's map: the same names
// and, for each, the same value when its canonical text is read back.
func assertObject(t *testing.T, obj map[string]any, name string, o Object) {
	t.Helper()
	if !assertState(t, obj, name, o.State) {
		return
	}
	want := obj[name].(map[string]any)
	var wantNames, gotNames []string
	for k := range want {
		wantNames = append(wantNames, k)
	}
	for _, m := range o.Members {
		gotNames = append(gotNames, m.Name)
		dec := json.NewDecoder(bytes.NewReader(m.Value))
		dec.UseNumber()
		var v any
		require.NoError(t, dec.Decode(&v))
		assert.Equal(t, want[m.Name], v, m.Name)
	}
	sort.Strings(wantNames)
	sort.Strings(gotNames)
	assert.Equal(t, wantNames, gotNames)
}

// TestAgreesWithEncodingJSON compares the strict decoder with encoding/json
// on every body in testdata and on bodies written to differ in the ways
// strictness could go wrong: escapes, numbers, nulls, nesting.
func TestAgreesWithEncodingJSON(t *testing.T) {
	bodies := []string{
		attrs(email + `,"first_name":"\u00c9mile \"le\" \\ \/","last_name":null,"location":{"latitude":-0.0,"longitude":"1.50","city":null}`),
		attrs(email + `,"properties":{"n":[1,1.0,1e2,-0,12345678901234567890],"s":"\ud83d\ude00\t","o":{"":{"x":[null,true,false]}}}`),
		withMeta(`{"a":1}`, `{"patch_properties":{"append":{"b":[1,"2"]},"unappend":{"c":{}},"unset":["d","e"]},"patch_identifiers":{"append":{"email":"x@example.com"},"unappend":{"email":[]}}}`),
		`{"data":{"type":"profile","id":null,"attributes":{` + email + `},"meta":null}}`,
	}
	files, _ := filepath.Glob("testdata/*.json")
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		bodies = append(bodies, string(b))
	}
	compared := 0
	for _, body := range bodies {
		p, err := Decode([]byte(body))
		if err != nil || stdlibDoc([]byte(body)) == nil {
			continue
		}
		compared++
		assertAgreesWithStdlib(t, []byte(body), p)
	}
	assert.GreaterOrEqual(t, compared, 8)
}

// TestPhoneAgreesWithLibphonenumber runs canonicalPhone and libphonenumber's
// own Parse, IsValidNumber and Format over a generated table: the example
// number of every region and number type, each spelled in E.164, in
// international and national format, and messily (dots, parentheses, NBSP),
// read in its region. The two must agree on every entry, except where SPEC
// is stricter: E.164 holds at most 15 digits.
func TestPhoneAgreesWithLibphonenumber(t *testing.T) {
	types := []phonenumbers.PhoneNumberType{
		phonenumbers.FIXED_LINE, phonenumbers.MOBILE, phonenumbers.TOLL_FREE, phonenumbers.PREMIUM_RATE,
		phonenumbers.SHARED_COST, phonenumbers.VOIP, phonenumbers.PERSONAL_NUMBER, phonenumbers.PAGER,
		phonenumbers.UAN, phonenumbers.VOICEMAIL,
	}
	regions := make([]string, 0, 256)
	for r := range phonenumbers.GetSupportedRegions() {
		regions = append(regions, r)
	}
	sort.Strings(regions)
	require.GreaterOrEqual(t, len(regions), 50)
	entries, disagree := 0, 0
	for _, region := range regions {
		for _, typ := range types {
			ex := phonenumbers.GetExampleNumberForType(region, typ)
			if ex == nil {
				continue
			}
			for _, n := range variants(ex) {
				entries += comparePhone(t, n, region, &disagree)
			}
		}
	}
	t.Logf("%d numbers in %d regions, %d valid", entries, len(regions), validPhones.Load())
	assert.GreaterOrEqual(t, entries, 10000)
	assert.Greater(t, validPhones.Load(), int64(entries/3), "the table must not be mostly invalid numbers")
	assert.Zero(t, disagree)
}

// validPhones counts the table's entries libphonenumber calls valid.
var validPhones atomic.Int64

// variants returns n and two neighbours that may or may not be valid:
// the last digit changed, and the last digit dropped.
func variants(n *phonenumbers.PhoneNumber) []*phonenumbers.PhoneNumber {
	out := []*phonenumbers.PhoneNumber{n}
	nn := n.GetNationalNumber()
	for _, v := range []uint64{nn - nn%10 + (nn+1)%10, nn / 10} {
		cc, nv := n.GetCountryCode(), v
		out = append(out, &phonenumbers.PhoneNumber{CountryCode: &cc, NationalNumber: &nv,
			ItalianLeadingZero: n.ItalianLeadingZero, NumberOfLeadingZeros: n.NumberOfLeadingZeros})
	}
	return out
}

// comparePhone spells n five ways and compares canonicalPhone with
// libphonenumber on each, read in region; it returns how many it compared.
func comparePhone(t *testing.T, n *phonenumbers.PhoneNumber, region string, disagree *int) int {
	t.Helper()
	entries := 0
	national := phonenumbers.Format(n, phonenumbers.NATIONAL)
	for _, s := range []string{
		phonenumbers.Format(n, phonenumbers.E164),
		phonenumbers.Format(n, phonenumbers.INTERNATIONAL),
		national,
		messy(national),
		" " + strings.ReplaceAll(phonenumbers.Format(n, phonenumbers.INTERNATIONAL), " ", ".") + "\t",
	} {
		entries++
		want, wantOK := referencePhone(trimSpace(s), region)
		if wantOK {
			validPhones.Add(1)
		}
		got, fe := canonicalPhone(s, region, Options{})
		if wantOK != (fe == nil) || (wantOK && got != want) {
			*disagree++
			if *disagree <= 10 {
				t.Errorf("%s %q: libphonenumber %q %v, canonicalPhone %q %v", region, s, want, wantOK, got, fe)
			}
		}
	}
	return entries
}

// referencePhone is the answer a caller using libphonenumber directly
// gets on trimmed input (T1): Parse, IsValidNumber, Format in E.164, under
// SPEC's 15-digit cap.
func referencePhone(s, region string) (string, bool) {
	n, err := phonenumbers.Parse(s, region)
	if err != nil || n.GetExtension() != "" || !phonenumbers.IsValidNumber(n) {
		return "", false
	}
	out := phonenumbers.Format(n, phonenumbers.E164)
	return out, len(out) <= maxE164Len
}

// messy respells a national number as forms and spreadsheets do: dots
// for spaces, the area code in parentheses, a no-break space.
func messy(s string) string {
	s = strings.ReplaceAll(s, " ", ".")
	if i := strings.IndexByte(s, '.'); i > 0 {
		s = "(" + s[:i] + ")\u00a0" + s[i+1:]
	}
	return s
}
