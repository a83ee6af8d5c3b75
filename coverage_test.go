package profile

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryRuleIsTested checks that each rule id of docs/SPEC.md names at
// least one test case, so a rule cannot be added without a test.
func TestEveryRuleIsTested(t *testing.T) {
	spec, err := os.ReadFile("docs/SPEC.md")
	require.NoError(t, err)
	ids := regexp.MustCompile(`(?m)^- \*\*([A-Z][0-9]+)\*\*`).FindAllStringSubmatch(string(spec), -1)
	require.Greater(t, len(ids), 40, "rule ids not found in SPEC.md")
	files, _ := filepath.Glob("*_test.go")
	var tests strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		tests.Write(b)
	}
	for _, id := range ids {
		named := regexp.MustCompile(`"` + id[1] + ` `)
		assert.True(t, named.MatchString(tests.String()), "no test case is named for rule %s", id[1])
	}
}

// TestEveryCodeIsProduced gives, for each code of SPEC's table, a body
// that produces it.
func TestEveryCodeIsProduced(t *testing.T) {
	bodies := map[Code]string{
		CodeSyntax:              `{"data":`,
		CodeTooLarge:            attrs(email + `,"title":"` + strings.Repeat("x", DefaultMaxBytes) + `"`),
		CodeTooDeep:             attrs(email + `,"properties":` + nest(11)),
		CodeInvalidUTF8:         attrs(email + `,"title":"\udc00"`),
		CodeDuplicateKey:        attrs(email + `,"title":"a","title":"b"`),
		CodeUnknownField:        attrs(email + `,"titel":"a"`),
		CodeWrongType:           attrs(email + `,"title":1`),
		CodeInvalidNumber:       attrs(email + `,"properties":{"n":1e400}`),
		CodeRequired:            `{"data":{"type":"profile"}}`,
		CodeInvalidValue:        `{"data":{"type":"event","attributes":{` + email + `}}}`,
		CodeNotAllowed:          `{"data":{"type":"profile","attributes":{` + email + `,"_kx":"k"}}}`,
		CodeIdentifierRequired:  attrs(`"title":"CEO"`),
		CodeInvalidText:         attrs(email + `,"title":"a\u0007b"`),
		CodeInvalidEmail:        attrs(`"email":"a@b"`),
		CodeInvalidPhone:        attrs(`"phone_number":"+4420"`),
		CodePhoneRegionRequired: attrs(`"phone_number":"020 7031 3000"`),
		CodePhoneExtension:      attrs(`"phone_number":"+442070313000;ext=5"`),
		CodeInvalidLocale:       attrs(email + `,"locale":"und"`),
		CodeInvalidCoordinate:   attrs(email + `,"location":{"longitude":"181"}`),
		CodeInvalidTimezone:     attrs(email + `,"location":{"timezone":"Europe/Atlantis"}`),
		CodeInvalidIP:           attrs(email + `,"location":{"ip":"1.2.3"}`),
		CodeInvalidURL:          attrs(email + `,"image":"data:image/png;base64,AAAA"`),
		CodeInvalidKey:          attrs(email + `,"properties":{"":true}`),
		CodeConflict:            withMeta(`{"k":1}`, `{"patch_properties":{"unset":"k"}}`),
	}
	assert.Len(t, bodies, len(allCodes), "every code in SPEC's table has a body here")
	for code, body := range bodies {
		t.Run(string(code), func(t *testing.T) {
			_, _, err := Options{Mode: Create}.NormalizeJSON([]byte(body))
			if code != CodeNotAllowed {
				_, _, err = NormalizeJSON([]byte(body))
			}
			var codes []Code
			for _, p := range problems(err) {
				codes = append(codes, p.code)
			}
			assert.Contains(t, codes, code)
		})
	}
}
