package profile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-playground/validator/v10"
	"github.com/nyaruka/phonenumbers"
	"github.com/profilekit/profile/internal/corpus"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"
)

// The comparison benchmarks run three ways of checking a request body over
// the same three corpora (internal/corpus: clean, messy, invalid), one
// corpus per iteration, and report the cost per profile:
//
//   - BenchmarkPipeline: NormalizeJSON, this package.
//   - BenchmarkNaive: what a Go developer would write from the usual
//     parts: encoding/json into structs, net/mail, libphonenumber,
//     x/text/language, go-playground/validator, json.Marshal.
//   - BenchmarkJSONSchema: santhosh-tekuri/jsonschema validating against
//     testdata/schema/profile-schema.json, Klaviyo's ProfileUpsertQuery as JSON
//     Schema; it checks and does not normalize.
//
// Each reports ns/profile, B/profile and allocs/profile, and
// rejected/profile, the share of the corpus it refused:
//
//	go test -run '^$' -bench 'Pipeline|Naive|JSONSchema' -benchmem -count 3 .

const (
	compareCorpusSize = 256
	compareCorpusSeed = 20260715
)

// compareCorpora are generated once per test binary, and only by the
// comparison test and benchmarks.
var compareCorpora = sync.OnceValue(func() map[corpus.Kind][][]byte {
	m := make(map[corpus.Kind][][]byte, len(corpus.Kinds))
	for _, k := range corpus.Kinds {
		m[k] = corpus.Generate(k, compareCorpusSize, compareCorpusSeed)
	}
	return m
})

// TestCompareCorpora checks the benchmarks' corpora against the pipeline:
// every clean body comes back unchanged, every messy body is accepted and
// every invalid body rejected, the invalid ones with a wide range of codes.
// It also checks that both baselines accept every clean body, so that the
// clean figures compare like with like, and logs how much of the other
// corpora each baseline accepts.
func TestCompareCorpora(t *testing.T) {
	c := compareCorpora()
	for i, body := range c[corpus.Clean] {
		out, warns, err := NormalizeJSON(body)
		require.NoError(t, err, "clean %d: %s", i, body)
		assert.Empty(t, warns, "clean %d", i)
		assert.Equal(t, string(body), string(out), "clean %d is canonical", i)
	}
	for i, body := range c[corpus.Messy] {
		out, _, err := NormalizeJSON(body)
		require.NoError(t, err, "messy %d: %s", i, body)
		assert.NotEqual(t, string(body), string(out), "messy %d needs normalizing", i)
	}
	seen := map[Code]int{}
	for i, body := range c[corpus.Invalid] {
		out, _, err := NormalizeJSON(body)
		require.Error(t, err, "invalid %d: %s", i, body)
		assert.Nil(t, out)
		var es Errors
		require.ErrorAs(t, err, &es)
		for _, e := range es {
			seen[e.Code]++
		}
	}
	for code := range allCodes {
		switch code {
		case CodeTooLarge, CodeNotAllowed: // not in upsert bodies under 100 KB
			continue
		}
		assert.Positive(t, seen[code], "no invalid body gives %s", code)
	}

	v := newNaiveValidator()
	sch := compileProfileSchema(t)
	for _, k := range corpus.Kinds {
		naive, schema := 0, 0
		for i, body := range c[k] {
			_, err := naiveNormalizeJSON(v, body)
			if err == nil {
				naive++
			} else if k == corpus.Clean {
				t.Errorf("naive rejects clean %d: %v\n%s", i, err, body)
			}
			err = validateJSONSchema(sch, body)
			if err == nil {
				schema++
			} else if k == corpus.Clean {
				t.Errorf("JSON Schema rejects clean %d: %v\n%s", i, err, body)
			}
		}
		t.Logf("%-7s accepted by naive %3d/%d, by JSON Schema %3d/%d", k, naive, len(c[k]), schema, len(c[k]))
	}
}

// TestAllocationGoal holds the pipeline to its allocation goal on the
// messy corpus, at most half the naive pipeline's allocations, and to
// fewer than the JSON Schema validator's. Allocation counts do not vary
// from run to run as times do, so this is a test; the time goals are
// BenchmarkCompare's.
func TestAllocationGoal(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	bodies := compareCorpora()[corpus.Messy]
	v := newNaiveValidator()
	sch := compileProfileSchema(t)
	perProfile := func(check func([]byte) error) float64 {
		all := func() {
			for _, body := range bodies {
				_ = check(body)
			}
		}
		all() // first use: caches, compiled metadata
		return testing.AllocsPerRun(3, all) / float64(len(bodies))
	}
	pipeline := perProfile(func(body []byte) error { _, _, err := NormalizeJSON(body); return err })
	naive := perProfile(func(body []byte) error { _, err := naiveNormalizeJSON(v, body); return err })
	schema := perProfile(func(body []byte) error { return validateJSONSchema(sch, body) })
	t.Logf("allocations a messy profile: pipeline %.1f, naive %.1f, JSON Schema %.1f", pipeline, naive, schema)
	assert.LessOrEqual(t, pipeline, naive/2, "at most half the naive pipeline's allocations")
	assert.Less(t, pipeline, schema)
}

func BenchmarkPipeline(b *testing.B) {
	for _, k := range corpus.Kinds {
		bodies := compareCorpora()[k]
		b.Run(k.String(), func(b *testing.B) {
			share := benchPerProfile(b, bodies, func(body []byte) error {
				_, _, err := NormalizeJSON(body)
				return err
			})
			if want := map[corpus.Kind]float64{corpus.Invalid: 1}[k]; share != want {
				b.Fatalf("pipeline rejected %v of the %s corpus, want %v", share, k, want)
			}
		})
	}
}

func BenchmarkNaive(b *testing.B) {
	v := newNaiveValidator()
	for _, k := range corpus.Kinds {
		bodies := compareCorpora()[k]
		b.Run(k.String(), func(b *testing.B) {
			benchPerProfile(b, bodies, func(body []byte) error {
				_, err := naiveNormalizeJSON(v, body)
				return err
			})
		})
	}
}

func BenchmarkJSONSchema(b *testing.B) {
	sch := compileProfileSchema(b)
	for _, k := range corpus.Kinds {
		bodies := compareCorpora()[k]
		b.Run(k.String(), func(b *testing.B) {
			benchPerProfile(b, bodies, func(body []byte) error {
				return validateJSONSchema(sch, body)
			})
		})
	}
}

// BenchmarkCompare runs the three contenders in turn within each
// iteration, over the same corpus, so that they are measured under the same
// load, and reports each one's time per profile and the pipeline's ratios to
// the others: time-vs-naive and time-vs-schema (the pipeline's time ÷ the
// other's), allocs-vs-naive (allocations per profile, counted in an untimed
// pass). The goals on the messy corpus are time-vs-naive ≤ 0.5,
// time-vs-schema < 1 and allocs-vs-naive ≤ 0.5.
func BenchmarkCompare(b *testing.B) {
	v := newNaiveValidator()
	sch := compileProfileSchema(b)
	contenders := [...]func([]byte) error{
		func(body []byte) error { _, _, err := NormalizeJSON(body); return err },
		func(body []byte) error { _, err := naiveNormalizeJSON(v, body); return err },
		func(body []byte) error { return validateJSONSchema(sch, body) },
	}
	for _, k := range corpus.Kinds {
		bodies := compareCorpora()[k]
		b.Run(k.String(), func(b *testing.B) {
			var allocs [len(contenders)]float64
			for i, check := range contenders {
				all := func() {
					for _, body := range bodies {
						_ = check(body)
					}
				}
				all() // first use: caches, compiled metadata
				allocs[i] = testing.AllocsPerRun(1, all) / float64(len(bodies))
			}
			var spent [len(contenders)]time.Duration
			iters := 0
			for b.Loop() {
				for i, check := range contenders {
					start := time.Now()
					for _, body := range bodies {
						_ = check(body)
					}
					spent[i] += time.Since(start)
				}
				iters++
			}
			per := func(i int) float64 { return float64(spent[i].Nanoseconds()) / float64(iters*len(bodies)) }
			b.ReportMetric(per(0), "pipeline-ns/profile")
			b.ReportMetric(per(1), "naive-ns/profile")
			b.ReportMetric(per(2), "schema-ns/profile")
			b.ReportMetric(per(0)/per(1), "time-vs-naive")
			b.ReportMetric(per(0)/per(2), "time-vs-schema")
			b.ReportMetric(allocs[0]/allocs[1], "allocs-vs-naive")
			b.ReportMetric(0, "ns/op") // the three together: not a figure to read
		})
	}
}

// benchPerProfile runs check on every body once per iteration and reports
// time, bytes and allocations per body, and the share of bodies rejected,
// which it returns. A first untimed pass over the bodies fills what each
// way of checking caches on first use (libphonenumber's compiled regular
// expressions, this package's compiled phone metadata), so the figures are
// those of a running service.
func benchPerProfile(b *testing.B, bodies [][]byte, check func([]byte) error) (rejectedShare float64) {
	b.Helper()
	b.ReportAllocs()
	for _, body := range bodies { // first use: caches, compiled metadata
		_ = check(body)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	iters, rejected := 0, 0
	for b.Loop() {
		for _, body := range bodies {
			if check(body) != nil {
				rejected++
			}
		}
		iters++
	}
	runtime.ReadMemStats(&after)
	n := float64(iters * len(bodies))
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/profile")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/n, "B/profile")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/n, "allocs/profile")
	b.ReportMetric(float64(rejected)/n, "rejected/profile")
	return float64(rejected) / n
}

// The naive baseline: structs for encoding/json with pointers for the
// nullable fields, validator tags, and the normalization a developer would
// write by hand.

type naiveRequest struct {
	Data *naiveResource `json:"data" validate:"required"`
}

type naiveResource struct {
	Type       string           `json:"type" validate:"required,oneof=profile"`
	ID         *string          `json:"id,omitempty"`
	Attributes *naiveAttributes `json:"attributes" validate:"required"`
	Meta       *naiveMeta       `json:"meta,omitempty"`
}

type naiveAttributes struct {
	Email        *string        `json:"email,omitempty" validate:"omitempty,email"`
	PhoneNumber  *string        `json:"phone_number,omitempty" validate:"omitempty,e164"`
	ExternalID   *string        `json:"external_id,omitempty"`
	Kx           *string        `json:"_kx,omitempty"`
	FirstName    *string        `json:"first_name,omitempty"`
	LastName     *string        `json:"last_name,omitempty"`
	Organization *string        `json:"organization,omitempty"`
	Locale       *string        `json:"locale,omitempty" validate:"omitempty,bcp47_language_tag"`
	Title        *string        `json:"title,omitempty"`
	Image        *string        `json:"image,omitempty"`
	Location     *naiveLocation `json:"location,omitempty"`
	Properties   map[string]any `json:"properties,omitempty"`
}

type naiveLocation struct {
	Address1  *string `json:"address1,omitempty"`
	Address2  *string `json:"address2,omitempty"`
	City      *string `json:"city,omitempty"`
	Country   *string `json:"country,omitempty"`
	Latitude  any     `json:"latitude,omitempty"` // string or number
	Longitude any     `json:"longitude,omitempty"`
	Region    *string `json:"region,omitempty"`
	Zip       *string `json:"zip,omitempty"`
	Timezone  *string `json:"timezone,omitempty"`
	IP        *string `json:"ip,omitempty"`
}

type naiveMeta struct {
	PatchProperties  *naivePatchProperties  `json:"patch_properties,omitempty"`
	PatchIdentifiers *naivePatchIdentifiers `json:"patch_identifiers,omitempty"`
}

type naivePatchProperties struct {
	Append   map[string]any `json:"append,omitempty"`
	Unappend map[string]any `json:"unappend,omitempty"`
	Unset    any            `json:"unset,omitempty"` // string or []string
}

type naivePatchIdentifiers struct {
	Append   map[string]any `json:"append,omitempty"`
	Unappend map[string]any `json:"unappend,omitempty"`
}

// naiveCountryRegions maps the country names a developer would think of
// (every spelling the corpus uses) to a region for libphonenumber.
var naiveCountryRegions = map[string]string{
	"united states": "US", "usa": "US", "u.s.": "US", "us": "US",
	"united kingdom": "GB", "uk": "GB", "great britain": "GB",
	"germany": "DE", "deu": "DE", "france": "FR", "fra": "FR", "spain": "ES", "italy": "IT",
	"netherlands": "NL", "the netherlands": "NL", "australia": "AU", "canada": "CA", "japan": "JP",
	"brazil": "BR", "india": "IN", "mexico": "MX", "sweden": "SE", "switzerland": "CH",
	"ireland": "IE", "new zealand": "NZ", "poland": "PL",
}

// naiveRegion returns the region to read a national phone number in.
func naiveRegion(loc *naiveLocation) string {
	if loc == nil || loc.Country == nil {
		return "US"
	}
	c := strings.ToLower(strings.TrimSpace(*loc.Country))
	if r, ok := naiveCountryRegions[c]; ok {
		return r
	}
	if len(c) == 2 {
		return strings.ToUpper(c)
	}
	return "US"
}

func newNaiveValidator() *validator.Validate {
	return validator.New(validator.WithRequiredStructEnabled())
}

// naiveNormalizeJSON is the baseline pipeline. Like NormalizeJSON it
// reports every problem it finds (joined) rather than the first.
func naiveNormalizeJSON(v *validator.Validate, body []byte) ([]byte, error) {
	var req naiveRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, err
	}
	var errs []error
	if req.Data != nil && req.Data.Attributes != nil {
		a := req.Data.Attributes
		if a.Email != nil {
			addr, err := mail.ParseAddress(strings.ToLower(*a.Email))
			if err != nil {
				errs = append(errs, fmt.Errorf("email: %w", err))
			} else {
				*a.Email = addr.Address
			}
		}
		if a.PhoneNumber != nil {
			num, err := phonenumbers.Parse(*a.PhoneNumber, naiveRegion(a.Location))
			if err != nil {
				errs = append(errs, fmt.Errorf("phone_number: %w", err))
			} else {
				*a.PhoneNumber = phonenumbers.Format(num, phonenumbers.E164)
			}
		}
		if a.Locale != nil {
			tag, err := language.Parse(*a.Locale)
			if err != nil {
				errs = append(errs, fmt.Errorf("locale: %w", err))
			} else {
				*a.Locale = tag.String()
			}
		}
	}
	if err := v.Struct(&req); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return json.Marshal(&req)
}

// compileProfileSchema compiles testdata/schema/profile-schema.json with format
// assertions on (2020-12 treats format as an annotation otherwise).
func compileProfileSchema(tb testing.TB) *jsonschema.Schema {
	tb.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile("testdata/schema/profile-schema.json")
	require.NoError(tb, err)
	return sch
}

func validateJSONSchema(sch *jsonschema.Schema, body []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

// TestNaiveBaseline pins what the naive baseline does with the messy
// shapes, so the benchmark figures can be read with it in mind: it
// normalizes email case and national numbers, but refuses POSIX locales,
// misreads an alpha-3 region, and drops what encoding/json cannot keep.
func TestNaiveBaseline(t *testing.T) {
	v := newNaiveValidator()
	out, err := naiveNormalizeJSON(v, []byte(attrs(`"email":" Ann@Example.COM ","phone_number":"030 123456","locale":"de-de",`+
		`"external_id":null,"location":{"country":"Germany"},"properties":{"id":9007199254740993,"b":1,"a":2}`)))
	require.NoError(t, err)
	assert.JSONEq(t, attrs(`"email":"ann@example.com","phone_number":"+4930123456","locale":"de-DE",`+
		`"location":{"country":"Germany"},"properties":{"a":2,"b":1,"id":9007199254740992}`), string(out),
		"null external_id dropped, property order and number text lost")

	for _, locale := range []string{"en_US.UTF-8", "de_DE@euro"} {
		_, err = naiveNormalizeJSON(v, []byte(attrs(`"email":"a@example.com","locale":"`+locale+`"`)))
		assert.Error(t, err, locale)
	}
	out, err = naiveNormalizeJSON(v, []byte(attrs(`"email":"a@example.com","locale":"eng_USA"`)))
	require.NoError(t, err)
	assert.Contains(t, string(out), `"locale":"usa"`, "eng_USA read as the language usa")

	accepted := []string{
		`"email":"Sarah Mason <sarah@example.com>"`, // display name dropped
		`"EMAIL":"a@example.com"`,                   // unknown member ignored
		`"email":"a@example.com","email":"b@example.com"`,
	}
	for _, members := range accepted {
		_, err = naiveNormalizeJSON(v, []byte(attrs(members)))
		assert.NoError(t, err, members)
	}
}
