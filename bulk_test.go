package profile

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var bulkOpts = Options{Mode: Bulk}

// job wraps profile resource objects (and an optional relationships
// member) in a bulk import body.
func job(profiles []string, rest string) string {
	return `{"data":{"type":"profile-bulk-import-job","attributes":{"profiles":{"data":[` +
		strings.Join(profiles, ",") + `]}}` + rest + `}}`
}

func item(members string) string { return `{"type":"profile","attributes":{` + members + `}}` }

func TestBulkBody(t *testing.T) {
	runPipeline(t, []pipelineCase{
		{name: "D1 bulk profiles normalized as upserts, lists kept", opts: bulkOpts,
			in: job([]string{item(`"email":" Ann@Example.COM "`), `{"type":"profile","id":"P2","attributes":{"phone_number":"+442070313000"}}`},
				`,"relationships":{"lists":{"data":[{"id":"VRgFBd","type":"list"}]}}`),
			out: job([]string{item(`"email":"ann@example.com"`), `{"type":"profile","id":"P2","attributes":{"phone_number":"+442070313000"}}`},
				`,"relationships":{"lists":{"data":[{"type":"list","id":"VRgFBd"}]}}`)},
		{name: "D1 every profile's problems at its own pointer, in document order", opts: bulkOpts,
			in: job([]string{item(`"email":"ok@example.com"`), item(`"email":"nope"`), item(`"first_name":"x"`), item(`"email":"a@example.com","last_nam":"y"`)}, ""),
			errs: []at{
				{"/data/attributes/profiles/data/1/attributes/email", CodeInvalidEmail},
				{"/data/attributes/profiles/data/2/attributes", CodeIdentifierRequired},
				{"/data/attributes/profiles/data/3/attributes/last_nam", CodeUnknownField},
			}},
		{name: "S1 job type and list type checked", opts: bulkOpts,
			in: `{"data":{"type":"profile-import-job","attributes":{"profiles":{"data":[` + item(email) + `]}},` +
				`"relationships":{"lists":{"data":[{"type":"lists","id":"X"},{"type":"list"},{"type":"list","id":""}]}}}}`,
			errs: []at{{"/data/type", CodeInvalidValue}, {"/data/relationships/lists/data/0/type", CodeInvalidValue},
				{"/data/relationships/lists/data/1/id", CodeRequired}, {"/data/relationships/lists/data/2/id", CodeRequired}}},
		{name: "S1 profiles required", opts: bulkOpts, in: `{"data":{"type":"profile-bulk-import-job","attributes":{}}}`,
			errs: []at{{"/data/attributes/profiles", CodeRequired}}},
		{name: "S1 profiles data must be an array", opts: bulkOpts,
			in:   `{"data":{"type":"profile-bulk-import-job","attributes":{"profiles":{"data":{}}}}}`,
			errs: []at{{"/data/attributes/profiles/data", CodeWrongType}}},
		{name: "S1 a profile's type must be profile", opts: bulkOpts,
			in:   job([]string{`{"type":"list","attributes":{` + email + `}}`}, ""),
			errs: []at{{"/data/attributes/profiles/data/0/type", CodeInvalidValue}}},
		{name: "D4 duplicate inside a profile", opts: bulkOpts,
			in:   job([]string{item(email), item(email + `,"email":"b@example.com"`)}, ""),
			errs: []at{{"/data/attributes/profiles/data/1/attributes/email", CodeDuplicateKey}}},
	})
}

func TestBulkNullWarnings(t *testing.T) {
	out, warns, err := bulkOpts.NormalizeJSON([]byte(job([]string{
		item(email + `,"first_name":null,"location":{"city":null},"properties":{"a":null}`),
	}, "")))
	require.NoError(t, err)
	assert.Contains(t, string(out), `"first_name":null`, "D9: the null is kept; the warning says it will not clear")
	var got []at
	for _, w := range warns {
		got = append(got, at{w.Pointer, w.Code})
	}
	assert.Equal(t, []at{
		{"/data/attributes/profiles/data/0/attributes/first_name", CodeNullIgnored},
		{"/data/attributes/profiles/data/0/attributes/location/city", CodeNullIgnored},
		{"/data/attributes/profiles/data/0/attributes/properties/a", CodeNullIgnored},
	}, got)
}

func TestBulkLimits(t *testing.T) {
	profiles := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = item(fmt.Sprintf(`"external_id":"%d"`, i))
		}
		return out
	}
	t.Run("D1 exactly 10,000 profiles", func(t *testing.T) {
		_, _, err := bulkOpts.NormalizeJSON([]byte(job(profiles(MaxBulkProfiles), "")))
		assert.NoError(t, err)
	})
	t.Run("D1 10,001 profiles", func(t *testing.T) {
		_, _, err := bulkOpts.NormalizeJSON([]byte(job(profiles(MaxBulkProfiles+1), "")))
		assert.Equal(t, []at{{"/data/attributes/profiles/data", CodeTooLarge}}, problems(err))
	})
	body := job([]string{item(email)}, "")
	padded := func(size int) []byte {
		return []byte(body[:len(body)-2] + strings.Repeat(" ", size-len(body)) + "}}")
	}
	t.Run("D1 body of exactly 5 MB", func(t *testing.T) {
		_, _, err := bulkOpts.NormalizeJSON(padded(DefaultMaxBulkBytes))
		assert.NoError(t, err)
	})
	t.Run("D1 body one byte over 5 MB", func(t *testing.T) {
		_, _, err := bulkOpts.NormalizeJSON(padded(DefaultMaxBulkBytes + 1))
		assert.Equal(t, []at{{"", CodeTooLarge}}, problems(err))
	})
	sized := func(n int) string { // a profile whose canonical encoding is n bytes
		base := len(item(email + `,"title":""`))
		return item(email + `,"title":"` + strings.Repeat("x", n-base) + `"`)
	}
	t.Run("D1 a profile of exactly 100 KB", func(t *testing.T) {
		_, _, err := bulkOpts.NormalizeJSON([]byte(job([]string{item(email), sized(MaxProfileBytes)}, "")))
		assert.NoError(t, err)
	})
	t.Run("D1 a profile one byte over 100 KB", func(t *testing.T) {
		_, _, err := bulkOpts.NormalizeJSON([]byte(job([]string{item(email), sized(MaxProfileBytes + 1)}, "")))
		assert.Equal(t, []at{{"/data/attributes/profiles/data/1", CodeTooLarge}}, problems(err))
	})
}

// TestBulkOutputIsStable checks O2 for bulk bodies: the output is a valid
// bulk body that normalizes to itself.
func TestBulkOutputIsStable(t *testing.T) {
	out, _, err := bulkOpts.NormalizeJSON([]byte(job([]string{item(`"email":"B@Example.com","locale":"en_GB"`), item(`"phone_number":"+15005550006"`)},
		`,"relationships":{"lists":{"data":[]}}`)))
	require.NoError(t, err)
	again, _, err := bulkOpts.NormalizeJSON(out)
	require.NoError(t, err)
	assert.Equal(t, string(out), string(again))
}

func TestProfileIndex(t *testing.T) {
	for _, c := range []struct {
		p    Pointer
		i    int
		rest Pointer
		ok   bool
	}{
		{profilePointer(17) + "/attributes/email", 17, "/attributes/email", true},
		{profilePointer(0), 0, "", true},
		{profilePointer(9999) + "/type", 9999, "/type", true},
		{ptrBulkProfiles, 0, "", false},
		{ptrBulkProfiles + "/017/type", 0, "", false},
		{ptrBulkProfiles + "/-1", 0, "", false},
		{ptrBulkProfiles + "/x/type", 0, "", false},
		{"/data/attributes/email", 0, "", false},
	} {
		i, rest, ok := profileIndex(c.p)
		assert.Equal(t, []any{c.i, c.rest, c.ok}, []any{i, rest, ok}, c.p)
	}
}

func TestBulkDuplicateOrder(t *testing.T) {
	body := `{"data":{"type":"profile-bulk-import-job","attributes":{"profiles":{"data":[{"type":"profile","attributes":{}}]}},` +
		`"relationships":{"lists":{"data":[{"type":"list"}]}},"attributes":{"profiles":{"data":[{"attributes":{}}]}}}}`
	assert.Equal(t, []at{
		{profilePointer(0) + "/attributes", CodeIdentifierRequired},
		{"/data/relationships/lists/data/0/id", CodeRequired},
		{"/data/attributes", CodeDuplicateKey},
	}, problems(errOf(bulkOpts, []byte(body))), "D4: placed by the first attributes, the one kept")
}
