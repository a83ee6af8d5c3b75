package profile

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestErrorsUnwrap(t *testing.T) {
	_, _, err := NormalizeJSON([]byte(attrs(`"email":"x","locale":"??"`)))
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalidEmail)
	assert.ErrorIs(t, err, ErrInvalidLocale)
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, CodeInvalidEmail, fe.Code)
	assert.Contains(t, err.Error(), "(and 1 more)")
	assert.True(t, strings.HasPrefix(fe.Error(), "profile: /data/attributes/email: invalid_email: "))
}

func TestNilOnSuccess(t *testing.T) {
	_, _, err := NormalizeJSON([]byte(attrs(email)))
	assert.True(t, err == nil, "an untyped nil, not an empty Errors")
	_, err = Decode([]byte(attrs(email)))
	assert.True(t, err == nil)
	assert.True(t, Validate(Profile{Attributes: Attributes{Email: String("a@example.com")}}) == nil)
}

func TestJSONAPIDocument(t *testing.T) {
	_, _, err := NormalizeJSON([]byte(attrs(`"emial":"a@example.com"`)))
	var es Errors
	require.ErrorAs(t, err, &es)
	var doc struct {
		Errors []struct {
			Status int    `json:"status"`
			Code   string `json:"code"`
			Title  string `json:"title"`
			Detail string `json:"detail"`
			Source struct {
				Pointer string `json:"pointer"`
			} `json:"source"`
			Meta struct {
				Hint string `json:"hint"`
			} `json:"meta"`
		} `json:"errors"`
	}
	require.NoError(t, json.Unmarshal(es.JSONAPI(), &doc))
	require.Len(t, doc.Errors, 2)
	e := doc.Errors[0]
	assert.Equal(t, 400, e.Status)
	assert.Equal(t, "unknown_field", e.Code)
	assert.Equal(t, "Invalid input.", e.Title)
	assert.Equal(t, "/data/attributes/emial", e.Source.Pointer)
	assert.Equal(t, "email", e.Meta.Hint, "D5: the closest known field is named")
	assert.Equal(t, "identifier_required", doc.Errors[1].Code)
}

// TestMessagesNamePersonalValuesNever checks the privacy rule: no message
// repeats the value of a personal field.
func TestMessagesNamePersonalValuesNever(t *testing.T) {
	secrets := []string{"jane.doe.secret", "5550199123", "Zyxwvut", "Qponmlk", "203.0.113.77x"}
	body := attrs(`"email":"jane.doe.secret@@example.com","phone_number":"+1 5550199123 (mobile)",` +
		`"first_name":"Zyxwvut\u0000","last_name":"Qponmlk\u0007","location":{"ip":"203.0.113.77x","address1":"\u0001Qponmlk"}`)
	_, _, err := NormalizeJSON([]byte(body))
	var es Errors
	require.ErrorAs(t, err, &es)
	require.Len(t, es, 6)
	text := string(es.JSONAPI()) + err.Error()
	for _, e := range es {
		text += e.Error()
	}
	for _, s := range secrets {
		assert.NotContains(t, text, s)
	}
	assert.False(t, errors.Is(err, ErrInvalidLocale))
}

func TestSyntaxMessagesQuoteNoInput(t *testing.T) {
	for _, body := range []string{
		attrs(`"email":"secret\qvalue"`),
		attrs(`"email":"secret\u12zz"`),
		attrs(`"email":"a@b.co","first_name":Zorro}`),
		// The parser quotes with " (and escapes) what holds a space, a
		// backtick or a character it cannot print.
		attrs(`"phone_number":"+44\u 7911 123456"`),
		attrs("\"email\":\"ab\\u12`4@x.com\""),
		attrs("\"email\":\"ab\\u12\u00a04@x.com\""),
		attrs(`"first_name":"\ud83d\u 123"`),
		attrs(`"first_name":"\ud83d\u12zzZorro"`),
		attrs(`"first_name":"Zorro` + "\x01" + `"`),
		attrs(`"properties":{"n":12Zorro}`),
	} {
		_, _, err := NormalizeJSON([]byte(body))
		require.Error(t, err)
		msg := err.Error()
		assert.Contains(t, msg, "syntax", body)
		detail, ok := strings.CutPrefix(msg[strings.Index(msg, "at byte "):], "at byte ")
		require.True(t, ok, msg)
		detail = strings.TrimLeft(detail, "0123456789")
		for _, leak := range []string{`\q`, `\u`, "Z", "secret", "1", "2", "7", "4", "`"} {
			assert.NotContains(t, detail, leak, "%s: %s", body, msg)
		}
	}
}

func TestDepthMessagesNameTheLimit(t *testing.T) {
	_, _, err := NormalizeJSON([]byte(attrs(email + `,"properties":` + nest(10))))
	assert.Contains(t, err.Error(), "properties nest deeper than 10 levels")
	_, _, err = Options{MaxDepth: 5}.NormalizeJSON([]byte(attrs(email + `,"properties":` + nest(3))))
	assert.Contains(t, err.Error(), "the document nests deeper than 5 levels")
}

// TestWithoutQuotes: each quoting jsontext uses (a rune in ”, text in “
// or, when it has spaces or unprintable characters, in "" with escapes)
// is removed with what it quotes; one that does not end ends the message.
func TestWithoutQuotes(t *testing.T) {
	for in, want := range map[string]string{
		`invalid character 'Z' after object value (expecting ',' or '}')`:      "invalid character after object value",
		`invalid character '\x01' in string (expecting non-control character)`: "invalid character in string (expecting non-control character)",
		"invalid escape sequence `\\u12zz` in string":                          "invalid escape sequence in string",
		`invalid escape sequence "\\u 791" in string`:                          "invalid escape sequence in string",
		`invalid surrogate pair "\\ud83d\\u 123" in string`:                    "invalid surrogate pair in string",
		`invalid escape sequence "\\u12` + "`" + `4@x.com in string`:           "invalid escape sequence",
		`invalid character 'r' in literal true (expecting 'u')`:                "invalid character in literal true",
		`invalid character '1' in number (expecting digit)`:                    "invalid character in number (expecting digit)",
		"unexpected EOF": "unexpected EOF",
		"invalid character '\"' after object name (expecting ':')": "invalid character after object name",
	} {
		assert.Equal(t, want, withoutQuotes(in), in)
	}
}
