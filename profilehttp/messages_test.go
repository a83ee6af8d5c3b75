package profilehttp

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"

	"github.com/profilekit/profile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// profileCodes reads the Code constants of package profile from its source,
// so that a code added there without a message here fails this test.
func profileCodes(t *testing.T) []profile.Code {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "../errors.go", nil, 0)
	require.NoError(t, err)
	var out []profile.Code
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Code" {
				continue
			}
			for _, v := range vs.Values {
				lit, ok := v.(*ast.BasicLit)
				require.True(t, ok)
				c, err := strconv.Unquote(lit.Value)
				require.NoError(t, err)
				out = append(out, profile.Code(c))
			}
		}
	}
	require.Len(t, out, 25, "24 error codes and null_ignored")
	return out
}

func TestDefaultCatalogIsComplete(t *testing.T) {
	all := append(profileCodes(t), CodeEmailTypo, CodeMethodNotAllowed, CodeUnsupportedMediaType,
		CodeInternal, CodeBadGateway)
	assert.Contains(t, all, profile.CodeNullIgnored)
	assert.Len(t, messages, len(all), "a message for each code, no other")
	cat := DefaultCatalog()
	assert.ElementsMatch(t, []language.Tag{language.English, language.German}, cat.Languages())
	for _, c := range all {
		var texts []string
		for _, tag := range []language.Tag{language.English, language.German} {
			require.True(t, has(cat, tag, string(c)), "%s in %s", c, tag)
			p := message.NewPrinter(tag, message.Catalog(cat))
			text := p.Sprintf(string(c))
			if c == CodeEmailTypo {
				text = p.Sprintf(string(c), "gmail.com")
				assert.Contains(t, text, "gmail.com")
			}
			assert.NotContains(t, text, "%!", "%s in %s: arguments match", c, tag)
			assert.NotEqual(t, string(c), text)
			assert.True(t, strings.HasSuffix(text, ".") || strings.HasSuffix(text, "?"), "%s: a sentence: %q", c, text)
			texts = append(texts, text)
		}
		assert.NotEqual(t, texts[0], texts[1], "%s: German is translated", c)
	}
}

func TestUnknownCodeKeepsItsMessage(t *testing.T) {
	tr := newTranslator(nil)
	e := &profile.FieldError{Code: "new_code", Message: "a message from package profile"}
	assert.Equal(t, "a message from package profile", tr.text(language.German, e))
}
