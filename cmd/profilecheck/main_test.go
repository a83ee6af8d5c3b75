package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runCmd(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestSeedProfile(t *testing.T) {
	code, out, errOut := runCmd(t, "", "../../testdata/sarah-mason.json")
	require.Equal(t, 0, code, errOut)
	assert.Empty(t, errOut)
	assert.True(t, strings.HasSuffix(out, "}\n"), "canonical JSON and a newline")
	var body struct {
		Data struct {
			Attributes map[string]any `json:"attributes"`
		} `json:"data"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &body))
	a := body.Data.Attributes
	assert.Equal(t, "sarah.mason@klaviyo-demo.com", a["email"])
	assert.Equal(t, "+15005550006", a["phone_number"])
	assert.Equal(t, "en-US", a["locale"])
	v, present := a["external_id"]
	assert.True(t, present, "D9: the null external_id is kept")
	assert.Nil(t, v)
	assert.Equal(t, map[string]any{"pseudonym": "Dr. Octopus"}, a["properties"])
}

func TestStdinAndDash(t *testing.T) {
	in := `{"data":{"type":"profile","attributes":{"email":"A@Example.com"}}}`
	want := `{"data":{"type":"profile","attributes":{"email":"a@example.com"}}}` + "\n"
	for _, args := range [][]string{nil, {"-"}} {
		code, out, _ := runCmd(t, in, args...)
		assert.Equal(t, 0, code)
		assert.Equal(t, want, out)
	}
}

func TestInvalidExitsOneWithErrorsDocument(t *testing.T) {
	code, out, _ := runCmd(t, `{"data":{"type":"profile","attributes":{"email":"nope","phone_number":"12"}}}`)
	assert.Equal(t, 1, code)
	var doc struct {
		Errors []struct {
			Code   string `json:"code"`
			Source struct {
				Pointer string `json:"pointer"`
			} `json:"source"`
		} `json:"errors"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	require.Len(t, doc.Errors, 2)
	assert.Equal(t, "invalid_email", doc.Errors[0].Code)
	assert.Equal(t, "/data/attributes/phone_number", doc.Errors[1].Source.Pointer)
}

func TestFlags(t *testing.T) {
	body := `{"data":{"type":"profile","attributes":{"email":"a@example.com","phone_number":"(415) 555-2671"}}}`
	code, _, _ := runCmd(t, body)
	assert.Equal(t, 1, code, "no region: phone_region_required")
	code, out, _ := runCmd(t, body, "-region", "US")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, `"+14155552671"`)

	code, _, _ = runCmd(t, `{"data":{"type":"profile","attributes":{"email":"a@example.com"}}}`, "-mode", "update")
	assert.Equal(t, 1, code, "update needs an id")

	code, out, errOut := runCmd(t, `{"data":{"type":"profile","attributes":{"email":"a@example.com","phone_number":"+1000"}}}`, "-partial-phone")
	assert.Equal(t, 0, code)
	assert.NotContains(t, out, "phone_number")
	assert.Contains(t, errOut, "warning:")
	assert.Contains(t, errOut, "invalid_phone")
	assert.NotContains(t, errOut, "+1000", "warnings never repeat the value")

	code, out, _ = runCmd(t, `{"data":{"type":"profile","attributes":{"email":"a@example.com"}}}`, "-pretty")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "\n  \"data\": {")
}

func TestUsageAndIOErrorsExitTwo(t *testing.T) {
	for name, args := range map[string][]string{
		"unknown flag": {"-nope"},
		"bad mode":     {"-mode", "delete"},
		"two files":    {"a.json", "b.json"},
		"missing file": {filepath.Join(t.TempDir(), "none.json")},
		"bad limit":    {"-max-bytes", "0"},
		"huge limit":   {"-max-bytes", "9223372036854775807"},
		"bad region":   {"-region", "USA"},
		"no region":    {"-region", "XX"},
	} {
		t.Run(name, func(t *testing.T) {
			code, out, errOut := runCmd(t, "{}", args...)
			assert.Equal(t, 2, code)
			assert.Empty(t, out)
			assert.NotEmpty(t, errOut)
		})
	}
}

func TestFlagsAfterFile(t *testing.T) {
	code, out, errOut := runCmd(t, "", "../../testdata/uk-shop.json", "-pretty")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "\n  \"data\": {")
}

func TestHelpExitsZero(t *testing.T) {
	code, out, errOut := runCmd(t, "", "-h")
	assert.Equal(t, 0, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "usage: profilecheck")
	assert.Contains(t, errOut, "profilecheck serve", "the help names the subcommand")
}

func TestUnusableRegionIsAUsageError(t *testing.T) {
	for _, r := range []string{"UK", "GBR", "ZZ", "EU", "us1"} {
		code, _, errOut := runCmd(t, `{}`, "-region", r)
		assert.Equal(t, 2, code, r)
		assert.Contains(t, errOut, "DefaultRegion", r)
	}
	code, _, _ := runCmd(t, `{"data":{"type":"profile","attributes":{"phone_number":"020 7031 3000"}}}`, "-region", "gb")
	assert.Equal(t, 0, code, "lower case is read as GB")
}

func TestUnknownFlagReportedOnce(t *testing.T) {
	_, _, errOut := runCmd(t, "", "-nope")
	assert.Equal(t, 1, strings.Count(errOut, "-nope"), errOut)
}

func TestBulkBodyRecognised(t *testing.T) {
	body := `{"data":{"attributes":{"profiles":{"data":[{"type":"profile","attributes":{"email":"A@Example.com"}},` +
		`{"type":"profile","attributes":{"email":"nope"}}]}},"type":"profile-bulk-import-job"}}`
	code, out, _ := runCmd(t, body)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, `"/data/attributes/profiles/data/1/attributes/email"`, "read as bulk without -mode")
	code, out, _ = runCmd(t, strings.Replace(body, "nope", "b@example.com", 1))
	assert.Equal(t, 0, code)
	assert.Contains(t, out, `"type":"profile-bulk-import-job"`)
	code, _, _ = runCmd(t, body, "-mode", "upsert")
	assert.Equal(t, 1, code, "an explicit -mode wins")
}

func TestLargeInputIsTooLarge(t *testing.T) {
	f := filepath.Join(t.TempDir(), "big.json")
	require.NoError(t, os.WriteFile(f, bytes.Repeat([]byte(" "), 200_000), 0o644))
	code, out, _ := runCmd(t, "", f)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, `"too_large"`)
}

func TestNDJSON(t *testing.T) {
	in := `{"data":{"type":"profile","attributes":{"email":"A@Example.com"}}}` + "\n" +
		`{"data":{"type":"profile","attributes":{"email":"nope"}}}` + "\n" +
		`{"data":` + "\n"
	code, out, errOut := runCmd(t, in, "-ndjson")
	assert.Equal(t, 1, code, "a line is invalid")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, 3, "one output line per input line")
	assert.Equal(t, `{"data":{"type":"profile","attributes":{"email":"a@example.com"}}}`, lines[0])
	assert.True(t, strings.HasPrefix(lines[1], `{"line":2,"errors":[{"status":400,"code":"invalid_email"`), lines[1])
	assert.True(t, strings.HasPrefix(lines[2], `{"line":3,"errors":[{"status":400,"code":"syntax"`), lines[2])
	assert.Contains(t, errOut, "lines 3, valid 1, invalid 2")
	assert.Contains(t, errOut, "profiles/s")
	assert.NotContains(t, errOut, "\r", "no progress bar when stderr is not a terminal")

	code, _, _ = runCmd(t, `{"data":{"type":"profile","attributes":{"email":"a@example.com"}}}`+"\n", "-ndjson")
	assert.Equal(t, 0, code)
}

func TestPack(t *testing.T) {
	dir := t.TempDir()
	var in strings.Builder
	for i := range 10_005 {
		fmt.Fprintf(&in, `{"data":{"type":"profile","attributes":{"external_id":"%d"}}}`+"\n", i)
	}
	in.WriteString(`{"data":{"type":"profile","attributes":{"email":"bad"}}}` + "\n")
	code, out, errOut := runCmd(t, in.String(), "-ndjson", "-pack", dir, "-list", "VRgFBd")
	assert.Equal(t, 1, code, "one line is invalid")
	assert.True(t, strings.HasPrefix(out, `{"line":10006,"errors":`), "only the invalid line on stdout")
	assert.Contains(t, errOut, "packed 10005 profiles into 2 bulk import bodies")
	files, _ := filepath.Glob(filepath.Join(dir, "bulk-*.json"))
	require.Len(t, files, 2)
	for _, f := range files {
		code, _, errOut := runCmd(t, "", f)
		assert.Equal(t, 0, code, "%s re-validates as a bulk body: %s", f, errOut)
	}
	code, _, errOut = runCmd(t, `{"data":{"type":"profile","attributes":{"email":"a@example.com","title":null}}}`+"\n",
		"-ndjson", "-pack", t.TempDir())
	assert.Equal(t, 0, code)
	assert.Contains(t, errOut, "line 1: warning: profile: /data/attributes/title: null_ignored", "a null will not clear in bulk")
	assert.Contains(t, errOut, "packed 1 profile into 1 bulk import body in ")
	code, _, _ = runCmd(t, "", "-pack", dir)
	assert.Equal(t, 2, code, "-pack needs -ndjson")
}
