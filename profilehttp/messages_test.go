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

func TestDefaultMessagesAreComplete(t *testing.T) {
	all := append(profileCodes(t), CodeEmailTypo, CodeMethodNotAllowed, CodeUnsupportedMediaType,
		CodeInternal, CodeBadGateway)
	assert.Contains(t, all, profile.CodeNullIgnored)
	assert.Len(t, messages, len(all), "a message for each code, no other")
	m := DefaultMessages()
	require.Len(t, m, 2, "English and German")
	for _, c := range all {
		var texts []string
		for _, lang := range []string{"en", "de"} {
			text, ok := m[lang][c]
			require.True(t, ok, "%s in %s", c, lang)
			if c == CodeEmailTypo {
				assert.Equal(t, 1, strings.Count(text, DomainPlaceholder), "%s in %s names the domain once", c, lang)
			} else {
				assert.NotContains(t, text, "{", "%s in %s takes nothing from the request", c, lang)
			}
			assert.NotEqual(t, string(c), text)
			assert.True(t, strings.HasSuffix(text, ".") || strings.HasSuffix(text, "?"), "%s: a sentence: %q", c, text)
			texts = append(texts, text)
		}
		assert.NotEqual(t, texts[0], texts[1], "%s: German is translated", c)
	}
}

func TestDefaultMessagesAreACopy(t *testing.T) {
	m := DefaultMessages()
	m["en"][profile.CodeInvalidEmail] = "changed"
	delete(m, "de")
	m2 := DefaultMessages()
	assert.Equal(t, "Please enter a valid email address.", m2["en"][profile.CodeInvalidEmail])
	assert.Contains(t, m2, "de")
}

func TestUnknownCodeKeepsItsMessage(t *testing.T) {
	tr, err := newTranslator(nil)
	require.NoError(t, err)
	e := &profile.FieldError{Code: "new_code", Message: "a message from package profile"}
	assert.Equal(t, "a message from package profile", tr.text(language.German, e))
}

func TestMessagesFallBackToParentLanguage(t *testing.T) {
	tr, err := newTranslator(Messages{
		"pt":    {profile.CodeInvalidEmail: "Endereço inválido."},
		"pt-BR": {profile.CodeInvalidPhone: "Telefone inválido."},
	})
	require.NoError(t, err)
	br := language.MustParse("pt-BR")
	assert.Equal(t, br, tr.match([]string{"pt-BR"}))
	email := &profile.FieldError{Code: profile.CodeInvalidEmail, Message: "x"}
	phone := &profile.FieldError{Code: profile.CodeInvalidPhone, Message: "x"}
	assert.Equal(t, "Endereço inválido.", tr.text(br, email), "from pt, the parent of pt-BR")
	assert.Equal(t, "Telefone inválido.", tr.text(br, phone))
	assert.Equal(t, "Please enter a valid phone number.", tr.text(language.MustParse("pt"), phone), "pt has none: English")
}

func TestMessagesAreChecked(t *testing.T) {
	for _, m := range []Messages{
		{"": {profile.CodeInvalidEmail: "x."}},
		{"not a tag": {profile.CodeInvalidEmail: "x."}},
		{"und": {profile.CodeInvalidEmail: "x."}},
		{"fr": {profile.CodeInvalidEmail: " "}},
	} {
		_, err := newTranslator(m)
		assert.Error(t, err, "%v", m)
	}
	tr, err := newTranslator(Messages{"FR": {profile.CodeInvalidEmail: "a."}, "fr": {profile.CodeInvalidPhone: "b."}})
	require.NoError(t, err, "tags are read case-insensitively, and merged")
	fr := language.French
	assert.Equal(t, "a.", tr.text(fr, &profile.FieldError{Code: profile.CodeInvalidEmail}))
	assert.Equal(t, "b.", tr.text(fr, &profile.FieldError{Code: profile.CodeInvalidPhone}))
}
