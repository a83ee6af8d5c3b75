package profile

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the testdata/*.want golden files")

// TestGolden runs every testdata/*.json body through NormalizeJSON and
// compares the result, the canonical body or the JSON:API errors
// document, with testdata/<name>.want. Bodies named update-*, create-* or
// bulk-* are read in that mode. Review the diff of any -update run against
// SPEC.md before committing it.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			got := goldenOutput(modeOf(name), data)
			wantFile := strings.TrimSuffix(f, ".json") + ".want"
			if *update {
				require.NoError(t, os.WriteFile(wantFile, got, 0o644))
			}
			want, err := os.ReadFile(wantFile)
			require.NoError(t, err)
			assert.Equal(t, string(want), string(got))
		})
	}
}

func modeOf(name string) Mode {
	switch {
	case strings.HasPrefix(name, "update-"):
		return Update
	case strings.HasPrefix(name, "create-"):
		return Create
	case strings.HasPrefix(name, "bulk-"):
		return Bulk
	}
	return Upsert
}

func goldenOutput(m Mode, data []byte) []byte {
	out, _, err := Options{Mode: m}.NormalizeJSON(data)
	if err != nil {
		out = err.(Errors).JSONAPI()
	}
	return append(out, '\n')
}
