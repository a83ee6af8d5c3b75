package profile

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// packAll packs the bodies and returns what the Packer emitted.
func packAll(t *testing.T, listID string, bodies []string) [][]byte {
	t.Helper()
	var out [][]byte
	k := &Packer{ListID: listID, Emit: func(b []byte) error { out = append(out, b); return nil }}
	for _, b := range bodies {
		norm, _, err := NormalizeJSON([]byte(b))
		require.NoError(t, err)
		warns, err := k.AddJSON(norm)
		require.NoError(t, err)
		assert.Empty(t, warns)
	}
	require.NoError(t, k.Flush())
	n, total := k.Counts()
	assert.Equal(t, len(out), n)
	assert.Equal(t, len(bodies), total)
	return out
}

// assertValidJobs re-validates each packed body as a bulk body and checks
// it keeps the limits; it returns how many profiles the bodies hold.
func assertValidJobs(t *testing.T, jobs [][]byte) int {
	t.Helper()
	profiles := 0
	for i, j := range jobs {
		assert.LessOrEqual(t, len(j), DefaultMaxBulkBytes, "body %d over 5 MB", i)
		out, _, err := bulkOpts.NormalizeJSON(j)
		require.NoError(t, err, "body %d", i)
		assert.Equal(t, string(j), string(out), "a packed body is canonical")
		profiles += strings.Count(string(j), `{"type":"profile",`)
	}
	return profiles
}

func TestPackCountLimit(t *testing.T) {
	bodies := make([]string, 2*MaxBulkProfiles+5)
	for i := range bodies {
		bodies[i] = attrs(fmt.Sprintf(`"external_id":"%d"`, i))
	}
	jobs := packAll(t, "VRgFBd", bodies)
	require.Len(t, jobs, 3, "10,000 + 10,000 + 5")
	assert.Equal(t, len(bodies), assertValidJobs(t, jobs))
	assert.Contains(t, string(jobs[2]), `"relationships":{"lists":{"data":[{"type":"list","id":"VRgFBd"}]}}`)
	assert.Contains(t, string(jobs[0]), `{"type":"profile","attributes":{"external_id":"0"}}`, "order kept")
	assert.Contains(t, string(jobs[2]), fmt.Sprintf(`"external_id":"%d"}}]`, len(bodies)-1))
}

func TestPackByteLimit(t *testing.T) {
	big := strings.Repeat("x", 90_000)
	bodies := make([]string, 120)
	for i := range bodies {
		bodies[i] = attrs(fmt.Sprintf(`"external_id":"%d","title":"%s"`, i, big))
	}
	jobs := packAll(t, "", bodies)
	require.Len(t, jobs, 3, "about 58 profiles of 90 KB fit in 5 MB")
	assert.Equal(t, len(bodies), assertValidJobs(t, jobs))
	assert.NotContains(t, string(jobs[0]), "relationships")
}

func TestPackWarnsOfNulls(t *testing.T) {
	k := &Packer{Emit: func([]byte) error { return nil }}
	warns, err := k.AddJSON([]byte(canon(email + `,"title":null`)))
	require.NoError(t, err)
	require.Len(t, warns, 1, "a null that would clear title in a single request does not in a bulk import")
	assert.Equal(t, Pointer("/data/attributes/title"), warns[0].Pointer)
	assert.Equal(t, CodeNullIgnored, warns[0].Code)
}

func TestPackRefuses(t *testing.T) {
	k := &Packer{Emit: func([]byte) error { return nil }}
	_, err := k.Add(Profile{Attributes: Attributes{Email: String("a@example.com"), Title: String(strings.Repeat("x", MaxProfileBytes))}})
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, CodeTooLarge, fe.Code, "D1: a profile over 100 KB")
	_, err = k.AddJSON([]byte(`{"data":{"type":"profile-bulk-import-job"}}`))
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, CodeWrongType, fe.Code)
	require.NoError(t, k.Flush())
	n, total := k.Counts()
	assert.Zero(t, n+total, "nothing to emit")
}
