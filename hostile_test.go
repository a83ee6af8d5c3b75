package profile

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// big raises the byte limit so that hostile bodies reach the parser.
var roomy = Options{MaxBytes: 8 << 20}

// costOf runs f once to warm up, then once more, and returns the bytes
// and allocations of the second run: the cost a hostile input imposes.
func costOf(f func()) (bytes, allocs uint64) {
	f()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, after.Mallocs - before.Mallocs
}

// codesOf lists the codes in err, in order.
func codesOf(err error) []Code {
	var codes []Code
	for _, p := range problems(err) {
		codes = append(codes, p.code)
	}
	return codes
}

func TestHostileSizeLimits(t *testing.T) {
	for _, c := range []struct {
		name string
		body []byte
	}{
		{"1,000,000 nested [", []byte(strings.Repeat("[", 1_000_000))},
		{"5 MB of junk", []byte(strings.Repeat("\x00junk\xff", 5<<20/6))},
		{"5 MB bulk-sized body", []byte(attrs(email + `,"title":"` + strings.Repeat("x", 5<<20) + `"`))},
	} {
		t.Run(c.name, func(t *testing.T) {
			var err error
			bytes, allocs := costOf(func() { _, _, err = NormalizeJSON(c.body) })
			assert.Equal(t, []at{{"", CodeTooLarge}}, problems(err), "D1: rejected before parsing")
			assert.LessOrEqual(t, allocs, uint64(10), "nothing was parsed")
			assert.Less(t, bytes, uint64(4096))
		})
	}
}

func TestHostileNesting(t *testing.T) {
	body := []byte(strings.Repeat("[", 1_000_000) + strings.Repeat("]", 1_000_000))
	var err error
	bytes, _ := costOf(func() { _, _, err = roomy.NormalizeJSON(body) })
	assert.Equal(t, []at{{"", CodeWrongType}, {Pointer(strings.Repeat("/0", 64)), CodeTooDeep}}, problems(err),
		"D7: too_deep at the first container over 64")
	assert.Less(t, bytes, uint64(4*len(body)), "cost linear in the input")
}

func TestHostileLongText(t *testing.T) {
	long := strings.Repeat("a", 100_000)
	var members []string
	for _, f := range attributeFields {
		members = append(members, `"`+f.name+`":"`+long+`"`)
	}
	var loc []string
	for _, f := range locationFields {
		if f.get != nil {
			loc = append(loc, `"`+f.name+`":"`+long+`"`)
		}
	}
	body := []byte(attrs(strings.Join(members, ",") + `,"location":{` + strings.Join(loc, ",") + `}`))
	var err error
	bytes, _ := costOf(func() { _, _, err = roomy.NormalizeJSON(body) })
	assert.Equal(t, []at{
		{"/data/attributes/email", CodeInvalidEmail},        // E4: over 254 octets
		{"/data/attributes/phone_number", CodeInvalidPhone}, // P1: over 64 characters
		{"/data/attributes/locale", CodeInvalidLocale},      // L1: over 64 characters
		{"/data/attributes/image", CodeInvalidURL},          // I1
		{"/data/attributes/location/timezone", CodeInvalidTimezone},
		{"/data/attributes/location/ip", CodeInvalidIP},
	}, problems(err))
	assert.Less(t, bytes, uint64(8*len(body)), "cost linear in the input")
}

func TestHostileManyMembers(t *testing.T) {
	var b strings.Builder
	for i := range 50_000 {
		fmt.Fprintf(&b, `"k%d":%d,`, i, i)
	}
	props := "{" + strings.TrimSuffix(b.String(), ",") + "}"
	body := []byte(attrs(email + `,"properties":` + props))
	var out []byte
	var err error
	bytes, _ := costOf(func() { out, _, err = roomy.NormalizeJSON(body) })
	require.NoError(t, err)
	assert.Equal(t, canon(email+`,"properties":`+props), string(out), "R1: all 50,000 kept in order")
	assert.Less(t, bytes, uint64(30*len(body)), "cost linear in the input")
}

func TestHostileDuplicates(t *testing.T) {
	body := []byte(attrs(email + `,"properties":{` + strings.TrimSuffix(strings.Repeat(`"dup":1,`, 10_000), ",") + `}`))
	var err error
	bytes, _ := costOf(func() { _, _, err = roomy.NormalizeJSON(body) })
	codes := codesOf(err)
	require.Len(t, codes, 9_999, "D4: every duplicate after the first")
	assert.Equal(t, CodeDuplicateKey, codes[0])
	assert.Equal(t, CodeDuplicateKey, codes[len(codes)-1])
	assert.Less(t, bytes, uint64(200*len(body)), "cost linear in the input")
}

func TestHostileSingleValues(t *testing.T) {
	mb := strings.Repeat("9", 1<<20)
	locale, phone, address := "en-"+mb, "+"+mb, mb+"@example.com"
	for _, c := range []struct {
		name string
		f    func() error
		code Code
	}{
		{"L1 1 MB locale", func() error { _, err := CanonicalLocale(locale); return err }, CodeInvalidLocale},
		{"P1 1 MB phone", func() error { _, err := CanonicalPhone(phone, ""); return err }, CodeInvalidPhone},
		{"E4 1 MB email", func() error { _, err := CanonicalEmail(address); return err }, CodeInvalidEmail},
	} {
		t.Run(c.name, func(t *testing.T) {
			var err error
			bytes, allocs := costOf(func() { err = c.f() })
			var fe *FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, c.code, fe.Code)
			assert.LessOrEqual(t, allocs, uint64(2), "rejected by length before parsing")
			assert.Less(t, bytes, uint64(1024))
		})
	}
}

func TestHostileControls(t *testing.T) {
	for r := rune(0); r <= 0x9f; r++ {
		if r == 0x20 {
			r = 0x7f
		}
		s := fmt.Sprintf(`"a\u%04xb"`, r)
		_, _, err := NormalizeJSON([]byte(attrs(email + `,"title":` + s)))
		assert.Equal(t, []at{{"/data/attributes/title", CodeInvalidText}}, problems(err), "T3 U+%04X", r)
		out, _, err := NormalizeJSON([]byte(attrs(email + `,"properties":{"v":` + s + `}`)))
		require.NoError(t, err, "R1: a control character is data in a property, U+%04X", r)
		assert.Contains(t, string(out), `"v":"a`)
	}
}

// BenchmarkScaling measures the pipeline on bodies from 1 KB to 5 MB
// (properties of growing size): time per byte should stay flat.
func BenchmarkScaling(b *testing.B) {
	for _, size := range []int{1 << 10, 10 << 10, 100 << 10, 1 << 20, 5 << 20} {
		body := []byte(sizedBody(size))
		b.Run(fmt.Sprintf("%dKB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := roomy.NormalizeJSON(body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// sizedBody is a valid body of about size bytes: a profile whose
// properties hold strings, numbers and nested values.
func sizedBody(size int) string {
	var b strings.Builder
	for i := 0; b.Len() < size-200; i++ {
		fmt.Fprintf(&b, `"p%d":{"s":"value %d","n":%d.5,"l":[true,null,"x"]},`, i, i, i)
	}
	return attrs(`"email":"Sarah.Mason@Klaviyo-Demo.COM","phone_number":"+15005550006","properties":{` +
		strings.TrimSuffix(b.String(), ",") + `}`)
}

// TestHostileBulkManyFailingProfiles: the decoder's problems are shared
// out to the bulk profiles in one pass, not searched again for each one
// (a bulk body of 25,000 failing profiles once took minutes).
func TestHostileBulkManyFailingProfiles(t *testing.T) {
	body := func(n int) []byte {
		return []byte(job(strings.Split(strings.Repeat(`{"a":0},`, n-1)+`{"a":0}`, ","), ""))
	}
	var err error
	_, small := costOf(func() { _, _, err = bulkOpts.NormalizeJSON(body(2_000)) })
	require.Equal(t, at{profilePointer(0) + "/a", CodeUnknownField}, problems(err)[0])
	_, large := costOf(func() { _, _, err = bulkOpts.NormalizeJSON(body(4_000)) })
	assert.Len(t, problems(err), 2*len(problems(errOf(bulkOpts, body(2_000)))), "the same problems for each profile")
	assert.Less(t, float64(large)/float64(small), 2.5, "allocations linear in the number of profiles")
}

// errOf is the error NormalizeJSON returns for body.
func errOf(o Options, body []byte) error {
	_, _, err := o.NormalizeJSON(body)
	return err
}

// TestHostileLongPointers: a long member name above many problems would
// make each problem's pointer a copy of it. The pointers reported are
// bounded (reportBudget: at most 16 bytes for each byte of the body, or
// 1 MiB); past that the decoder stops with too_large at the document,
// after the problems it has listed.
func TestHostileLongPointers(t *testing.T) {
	long := strings.Repeat("k", 50_000)
	props := func(members string) string {
		return email + `,"properties":{"` + long + `":{` + members + `}}`
	}
	for _, c := range []struct {
		name  string
		o     Options
		attrs string
	}{
		{"one name given again and again", Options{}, props(`"d":1` + strings.Repeat(`,"d":1`, 6_000))},
		{"many numbers out of range", Options{}, props(numbered(`"a%d":1e999`, 3_500))},
		{"names that are not UTF-8", Options{}, props(numbered("\"\xff%d\":0", 3_500))},
		{"inside a value of the wrong type", Options{}, `"first_name":{"` + long + `":{"x":1e999` + strings.Repeat(`,"x":0`, 3_000) + `}}`},
		{"in a bulk body", bulkOpts, props(numbered(`"a%d":1e999`, 50_000))},
		{"deep inside a value of the wrong type", Options{}, `"first_name":{"` + long[:5000] + `":` +
			strings.Repeat("[", 55) + strings.Repeat("1e999,", 3_000) + "0" + strings.Repeat("]", 55) + `}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			body := []byte(attrs(c.attrs))
			if c.o.Mode == Bulk {
				body = []byte(job([]string{item(c.attrs)}, ""))
			}
			require.Less(t, len(body), c.o.maxBytes())
			var err error
			bytes, _ := costOf(func() { _, _, err = c.o.NormalizeJSON(body) })
			ps := problems(err)
			require.Greater(t, len(ps), 2)
			total := 0
			for _, p := range ps {
				total += len(p.ptr)
			}
			assert.LessOrEqual(t, total, reportBudget(len(body)), "pointers within the budget")
			assert.Equal(t, at{"", CodeTooLarge}, ps[len(ps)-1], "the report says it stopped, last")
			for _, p := range ps[:len(ps)-1] {
				require.Contains(t, string(p.ptr), long[:5000], "the problems found first are listed")
			}
			assert.Less(t, bytes, uint64(max(40*len(body), 4<<20)), "cost linear in the input, or a few MiB")
		})
	}
}

// TestReportBudgetKeepsOrdinaryBodies: a bulk body whose every profile
// has many small problems lists them all.
func TestReportBudgetKeepsOrdinaryBodies(t *testing.T) {
	profiles := make([]string, 1_000)
	for i := range profiles {
		profiles[i] = item(`"email":"ann@example.com",` + numbered(`"c%02d":""`, 30))
	}
	ps := problems(errOf(bulkOpts, []byte(job(profiles, ""))))
	require.Len(t, ps, 30_000)
	assert.Equal(t, at{profilePointer(999) + "/attributes/c29", CodeUnknownField}, ps[len(ps)-1])
}

// numbered joins n copies of format, each given its index.
func numbered(format string, n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(format, i)
	}
	return strings.Join(parts, ",")
}

// TestHostileLongLists: a list whose every element is a problem (the
// addresses of a patch_identifiers operation, the keys of unset) reports
// at most maxListProblems of them, then too_large at the list, at a cost
// linear in the body.
func TestHostileLongLists(t *testing.T) {
	empties := strings.Repeat(`"",`, 20_000) + `""`
	for _, c := range []struct {
		name, meta string
		list       Pointer
		code       Code
	}{
		{"empty addresses", `{"patch_identifiers":{"append":{"email":[` + empties + `]}}}`, ptrPatchIdentifiers + "/append/email", CodeInvalidEmail},
		{"empty keys", `{"patch_properties":{"unset":[` + empties + `]}}`, ptrPatchProperties + "/unset", CodeInvalidKey},
		{"conflicting keys", `{"patch_properties":{"unset":[` + strings.Repeat(`"a",`, 20_000) + `"a"]}}`, ptrPatchProperties + "/unset", CodeConflict},
	} {
		t.Run(c.name, func(t *testing.T) {
			body := []byte(withMeta(`{"a":1}`, c.meta))
			var err error
			bytes, _ := costOf(func() { _, _, err = NormalizeJSON(body) })
			ps := problems(err)
			require.Len(t, ps, maxListProblems+1)
			assert.Equal(t, at{c.list + "/0", c.code}, ps[0])
			assert.Equal(t, at{c.list, CodeTooLarge}, ps[len(ps)-1], "the list says it stopped")
			assert.Less(t, bytes, uint64(200*len(body)), "cost linear in the input")
		})
	}
}

// TestHostileBulkManyProblems: a bulk body lists at most maxBulkProblems
// (here 46,660) problems found after decoding, then too_large at the document, even
// when no one list of a profile is long.
func TestHostileBulkManyProblems(t *testing.T) {
	profiles := make([]string, 120)
	for i := range profiles {
		profiles[i] = `{"type":"profile","attributes":{` + email + `},"meta":{"patch_identifiers":{"append":{"email":[` +
			repeatJSON(`""`, 1_000) + `]}}}}`
	}
	body := []byte(job(profiles, ""))
	var err error
	bytes, _ := costOf(func() { _, _, err = bulkOpts.NormalizeJSON(body) })
	ps := problems(err)
	require.Len(t, ps, maxBulkProblems(len(body))+1)
	assert.Equal(t, at{profilePointer(0) + "/meta/patch_identifiers/append/email/0", CodeInvalidEmail}, ps[0])
	assert.Equal(t, at{"", CodeTooLarge}, ps[len(ps)-1], "the report says it stopped, last")
	assert.Less(t, bytes, uint64(200*len(body)), "cost linear in the input")
}
