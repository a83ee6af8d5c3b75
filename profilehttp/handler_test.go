package profilehttp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/profilekit/profile"
	"github.com/profilekit/profile/profilehttp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// errObject is one JSON:API error object of a response.
type errObject struct {
	Status int    `json:"status"`
	Code   string `json:"code"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
	Source *struct {
		Pointer string `json:"pointer"`
	} `json:"source"`
	Meta *struct {
		Hint  string `json:"hint"`
		Field string `json:"field"`
	} `json:"meta"`
}

// document is a response body: an errors document or a normalized body.
type document struct {
	Errors []errObject                     `json:"errors"`
	Fields map[string][]string             `json:"fields"`
	Data   json.RawMessage                 `json:"data"`
	Meta   *struct{ Warnings []errObject } `json:"meta"`
}

const (
	ctVND      = "application/vnd.api+json"
	ctJSON     = "application/json"
	ctForm     = "application/x-www-form-urlencoded"
	goodJSON   = `{"data":{"type":"profile","attributes":{"email":" Ann@Example.COM ","phone_number":"(650) 253-0000","location":{"country":"US"}}}}`
	goodNormal = `{"data":{"type":"profile","attributes":{"email":"ann@example.com","phone_number":"+16502530000","location":{"country":"US"}}}}`
	badJSON    = `{"data":{"type":"profile","attributes":{"email":"ann@@example.com","phone_number":"+1 650 253 0000 (mobile)"}}}`
)

// recorder is a Config.OnValid that keeps what it was called with.
type recorder struct {
	mu    sync.Mutex
	calls [][]byte
	warns [][]*profile.FieldError
}

func (rc *recorder) onValid(_ context.Context, body []byte, warns []*profile.FieldError) error {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.calls = append(rc.calls, body)
	rc.warns = append(rc.warns, warns)
	return nil
}

func newHandler(t *testing.T, c profilehttp.Config) http.Handler {
	t.Helper()
	h, err := profilehttp.New(c)
	require.NoError(t, err)
	return h
}

// post sends body with the content type and Accept-Language given.
func post(h http.Handler, contentType, body, lang string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/profile", strings.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	if lang != "" {
		r.Header.Set("Accept-Language", lang)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// multipartBody encodes fields, in order, as multipart/form-data, with a
// file part that must be skipped.
func multipartBody(t *testing.T, fields [][2]string) (contentType, body string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, f := range fields {
		require.NoError(t, mw.WriteField(f[0], f[1]))
	}
	fw, err := mw.CreateFormFile("email", "email.txt") // a file part: ignored
	require.NoError(t, err)
	_, _ = fw.Write([]byte("file@example.com"))
	require.NoError(t, mw.Close())
	return mw.FormDataContentType(), b.String()
}

// urlEncoded encodes fields, in order.
func urlEncoded(fields [][2]string) string {
	var parts []string
	for _, f := range fields {
		parts = append(parts, url.QueryEscape(f[0])+"="+url.QueryEscape(f[1]))
	}
	return strings.Join(parts, "&")
}

func decode(t *testing.T, w *httptest.ResponseRecorder) document {
	t.Helper()
	assert.Equal(t, "application/vnd.api+json", w.Header().Get("Content-Type"))
	require.True(t, json.Valid(w.Body.Bytes()), "response is JSON: %q", w.Body.String())
	var d document
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &d))
	return d
}

func codes(es []errObject) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Code)
	}
	return out
}

func TestMethodsOtherThanPost(t *testing.T) {
	rc := &recorder{}
	h := newHandler(t, profilehttp.Config{OnValid: rc.onValid})
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace, "PROPFIND"} {
		t.Run(m, func(t *testing.T) {
			r := httptest.NewRequest(m, "/profile", strings.NewReader(goodJSON))
			r.Header.Set("Content-Type", ctJSON)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
			assert.Equal(t, "POST", w.Header().Get("Allow"))
			d := decode(t, w)
			require.Len(t, d.Errors, 1)
			assert.Equal(t, "method_not_allowed", d.Errors[0].Code)
			assert.Equal(t, 405, d.Errors[0].Status)
			assert.Nil(t, d.Errors[0].Source, "no part of a body is at fault")
		})
	}
	assert.Empty(t, rc.calls)
}

func TestContentTypes(t *testing.T) {
	formFields := [][2]string{{"email", " Ann@Example.COM "}, {"phone", "(650) 253-0000"}, {"country", "US"}}
	mpType, mpBody := multipartBody(t, formFields)
	// The form's members come in form order, location last here.
	formNormal := `{"data":{"type":"profile","attributes":{"email":"ann@example.com","phone_number":"+16502530000","location":{"country":"US"}}}}`
	tests := []struct {
		contentType, body string
		status            int
		want              string
	}{
		{ctVND, goodJSON, 200, goodNormal},
		{ctJSON, goodJSON, 200, goodNormal},
		{"application/json; charset=utf-8", goodJSON, 200, goodNormal},
		{"Application/JSON; charset=UTF-8", goodJSON, 200, goodNormal},
		{ctForm, urlEncoded(formFields), 200, formNormal},
		{ctForm + "; charset=utf-8", urlEncoded(formFields), 200, formNormal},
		{mpType, mpBody, 200, formNormal},
		{"", goodJSON, 415, ""},
		{"text/plain", goodJSON, 415, ""},
		{"application/xml", goodJSON, 415, ""},
		{"application/json; charset=iso-8859-1", goodJSON, 415, ""},
		{"multipart/mixed; boundary=x", mpBody, 415, ""},
		{"application/json;;", goodJSON, 415, ""},
		{"text/html", "<form>", 415, ""},
	}
	for _, tt := range tests {
		t.Run(tt.contentType, func(t *testing.T) {
			rc := &recorder{}
			h := newHandler(t, profilehttp.Config{OnValid: rc.onValid})
			w := post(h, tt.contentType, tt.body, "")
			assert.Equal(t, tt.status, w.Code, w.Body.String())
			d := decode(t, w)
			if tt.status != 200 {
				require.Len(t, d.Errors, 1)
				assert.Equal(t, "unsupported_media_type", d.Errors[0].Code)
				assert.Empty(t, rc.calls)
				return
			}
			assert.JSONEq(t, tt.want, w.Body.String())
			assert.Equal(t, tt.want, w.Body.String(), "exactly the normalized body")
			require.Len(t, rc.calls, 1)
			assert.Equal(t, tt.want, string(rc.calls[0]))
		})
	}
}

func TestMalformedBodies(t *testing.T) {
	h := newHandler(t, profilehttp.Config{})
	tests := []struct{ name, contentType, body string }{
		{"json syntax", ctJSON, `{"data":`},
		{"json empty", ctJSON, ``},
		{"bad percent escape", ctForm, "email=%zz"},
		{"multipart without boundary", "multipart/form-data", "--x\r\n"},
		{"multipart cut off", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nann"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := post(h, tt.contentType, tt.body, "")
			assert.Equal(t, http.StatusBadRequest, w.Code)
			d := decode(t, w)
			require.NotEmpty(t, d.Errors)
			assert.Equal(t, "syntax", d.Errors[0].Code)
		})
	}
}

func TestBodyLimit(t *testing.T) {
	over := `{"data":{"type":"profile","attributes":{"email":"ann@example.com","properties":{"x":"` +
		strings.Repeat("a", profile.DefaultMaxBytes) + `"}}}}`
	mpType, mpBody := multipartBody(t, [][2]string{{"email", "ann@example.com"}, {"properties[x]", strings.Repeat("a", profile.DefaultMaxBytes)}})
	tests := []struct {
		name              string
		opts              profile.Options
		contentType, body string
		status            int
	}{
		{"json over the default", profile.Options{}, ctJSON, over, 413},
		{"form over the default", profile.Options{}, ctForm, "email=ann%40example.com&properties%5Bx%5D=" + strings.Repeat("a", profile.DefaultMaxBytes), 413},
		{"multipart over the default", profile.Options{}, mpType, mpBody, 413},
		{"json over MaxBytes", profile.Options{MaxBytes: 100}, ctVND, goodJSON, 413},
		{"json within MaxBytes", profile.Options{MaxBytes: len(goodJSON)}, ctVND, goodJSON, 200},
		// The form is within the limit, but its JSON (each %01 becomes
		// \u0001) is not: the pipeline's too_large is a 413 too.
		{"form whose JSON is over MaxBytes", profile.Options{MaxBytes: 1000}, ctForm, "first_name=" + strings.Repeat("%01", 300), 413},
		{"json within the bulk limit", profile.Options{Mode: profile.Bulk}, ctJSON, over, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := &recorder{}
			h := newHandler(t, profilehttp.Config{Options: tt.opts, OnValid: rc.onValid})
			w := post(h, tt.contentType, tt.body, "")
			assert.Equal(t, tt.status, w.Code, w.Body.String())
			d := decode(t, w)
			if tt.status == 413 {
				require.NotEmpty(t, d.Errors)
				assert.Equal(t, "too_large", d.Errors[0].Code)
				assert.Equal(t, 413, d.Errors[0].Status)
				assert.Empty(t, rc.calls)
			}
		})
	}
}

func TestFieldMapping(t *testing.T) {
	fields := [][2]string{
		{"csrf_token", "ignored"},
		{"first_name", " Ann "},
		{"email", "Ann@Example.com"},
		{"properties[plan]", "pro"},
		{"country", "United States"},
		{"phone", "(650) 253-0000"},
		{"last_name", "Lee"},
		{"organization", "Acme"},
		{"title", "CTO"},
		{"locale", "en_US.UTF-8"},
		{"external_id", "c-42"},
		{"image", "https://example.com/a.png"},
		{"city", "Mountain View"},
		{"region", "CA"},
		{"zip", "94043"},
		{"address1", "1600 Amphitheatre Pkwy"},
		{"address2", "Bldg 4"},
		{"timezone", "america/los_angeles"},
		{"properties[a.b]", "1"},
		{"properties[quote\"key]", "x\"y\\z\n"},
		{"properties[]", "empty name"},
		{"properties[score]", "42"},
		{"submit", "Sign up"},
	}
	want := `{"data":{"type":"profile","attributes":{"email":"ann@example.com","phone_number":"+16502530000","external_id":"c-42",` +
		`"first_name":"Ann","last_name":"Lee","organization":"Acme","locale":"en-US","title":"CTO","image":"https://example.com/a.png",` +
		`"location":{"address1":"1600 Amphitheatre Pkwy","address2":"Bldg 4","city":"Mountain View","country":"United States","region":"CA","zip":"94043","timezone":"America/Los_Angeles"},` +
		`"properties":{"plan":"pro","a.b":"1","quote\"key":"x\"y\\z\n","":"empty name","score":"42"}}}}`
	mpType, mpBody := multipartBody(t, fields)
	for _, tc := range []struct{ name, contentType, body string }{
		{"urlencoded", ctForm, urlEncoded(fields)},
		{"multipart", mpType, mpBody},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rc := &recorder{}
			h := newHandler(t, profilehttp.Config{OnValid: rc.onValid})
			w := post(h, tc.contentType, tc.body, "")
			// properties[] names the empty property: invalid_key, reported
			// beside the form's own field.
			require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
			d := decode(t, w)
			assert.Equal(t, []string{"invalid_key"}, codes(d.Errors))
			assert.Equal(t, "/data/attributes/properties/", d.Errors[0].Source.Pointer)
			assert.Equal(t, map[string][]string{"properties[]": {"A property name is empty."}}, d.Fields)

			var kept [][2]string
			for _, f := range fields {
				if f[0] != "properties[]" {
					kept = append(kept, f)
				}
			}
			body := urlEncoded(kept)
			ct := ctForm
			if tc.contentType != ctForm {
				ct, body = multipartBody(t, kept)
			}
			w = post(h, ct, body, "")
			require.Equal(t, http.StatusOK, w.Code, w.Body.String())
			wantOK := strings.Replace(want, `,"":"empty name"`, "", 1)
			assert.Equal(t, wantOK, w.Body.String())
			require.Len(t, rc.calls, 1)
			assert.Equal(t, wantOK, string(rc.calls[0]))
		})
	}
}

func TestCustomFieldMap(t *testing.T) {
	rc := &recorder{}
	h := newHandler(t, profilehttp.Config{OnValid: rc.onValid, Fields: map[string]string{
		"mail":       "email",
		"stadt":      "location.city",
		"newsletter": "properties.newsletter",
		"lat":        "location.latitude",
	}})
	w := post(h, ctForm, "mail=ann%40example.com&stadt=K%C3%B6ln&newsletter=yes&lat=50.94&email=ignored&properties%5Bx%5D=1", "")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, `{"data":{"type":"profile","attributes":{"email":"ann@example.com","location":{"city":"Köln","latitude":"50.94"},"properties":{"newsletter":"yes","x":"1"}}}}`,
		w.Body.String())

	w = post(h, ctForm, "mail=nope&lat=91", "de")
	require.Equal(t, http.StatusBadRequest, w.Code)
	d := decode(t, w)
	assert.Equal(t, map[string][]string{
		"mail": {"Bitte geben Sie eine gültige E-Mail-Adresse ein."},
		"lat":  {"Bitte geben Sie eine gültige Koordinate ein."},
	}, d.Fields)
}

func TestNewRejectsBadConfig(t *testing.T) {
	for _, c := range []profilehttp.Config{
		{Fields: map[string]string{"x": "nope"}},
		{Fields: map[string]string{"x": "location.planet"}},
		{Fields: map[string]string{"x": "location"}},
		{Fields: map[string]string{"x": "properties."}},
		{Fields: map[string]string{"x": "properties"}},
		{Fields: map[string]string{"": "email"}},
		{Options: profile.Options{DefaultRegion: "UK"}},
		{Options: profile.Options{MaxBytes: -1}},
	} {
		h, err := profilehttp.New(c)
		assert.Error(t, err, "%+v", c)
		assert.Nil(t, h)
	}
}

func TestFormErrorsKeyedByFieldName(t *testing.T) {
	fields := [][2]string{
		{"email", "ann@@example.com"},
		{"phone", "555-0100 (mobile)"},
		{"first_name", "Ann\x00"},
		{"locale", "xx"},
		{"timezone", "Mars/Olympus"},
		{"properties[plan]", "pro"},
	}
	mpType, mpBody := multipartBody(t, fields)
	for _, tc := range []struct{ name, contentType, body string }{
		{"urlencoded", ctForm, urlEncoded(fields)},
		{"multipart", mpType, mpBody},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHandler(t, profilehttp.Config{})
			w := post(h, tc.contentType, tc.body, "en")
			require.Equal(t, http.StatusBadRequest, w.Code)
			d := decode(t, w)
			assert.Equal(t, map[string][]string{
				"email":      {"Please enter a valid email address."},
				"phone":      {"Please enter a valid phone number."},
				"first_name": {"This text contains control characters, which are not allowed."},
				"locale":     {"Please enter a valid language code, such as en-US."},
				"timezone":   {"Please enter a valid time zone, such as Europe/London."},
			}, d.Fields)
			want := map[string]string{
				"/data/attributes/email":             "email",
				"/data/attributes/phone_number":      "phone",
				"/data/attributes/first_name":        "first_name",
				"/data/attributes/locale":            "locale",
				"/data/attributes/location/timezone": "timezone",
			}
			require.Len(t, d.Errors, len(want))
			for _, e := range d.Errors {
				assert.Equal(t, 400, e.Status)
				assert.Equal(t, "Invalid input.", e.Title)
				require.NotNil(t, e.Source)
				require.NotNil(t, e.Meta, e.Code)
				assert.Equal(t, want[e.Source.Pointer], e.Meta.Field, e.Source.Pointer)
			}
		})
	}
}

func TestFormErrorsAboutNoField(t *testing.T) {
	h := newHandler(t, profilehttp.Config{})
	w := post(h, ctForm, "first_name=Ann&properties%5Bplan%5D=pro", "")
	require.Equal(t, http.StatusBadRequest, w.Code)
	d := decode(t, w)
	assert.Equal(t, []string{"identifier_required"}, codes(d.Errors))
	assert.Nil(t, d.Errors[0].Meta, "no form field")
	assert.NotNil(t, d.Fields)
	assert.Empty(t, d.Fields)
	assert.Equal(t, "Please enter an email address or a phone number.", d.Errors[0].Detail)
}

func TestFormFieldGivenTwice(t *testing.T) {
	h := newHandler(t, profilehttp.Config{})
	for _, body := range []string{
		"email=a%40example.com&email=b%40example.com",
		"phone=%2B16502530000&phone_number=%2B16502530000&email=a%40example.com",
		"email=a%40example.com&properties%5Bx%5D=1&properties%5Bx%5D=2",
	} {
		w := post(h, ctForm, body, "")
		require.Equal(t, http.StatusBadRequest, w.Code, body)
		d := decode(t, w)
		assert.Equal(t, []string{"duplicate_key"}, codes(d.Errors), body)
		require.Len(t, d.Fields, 1, body)
		for _, msgs := range d.Fields {
			assert.Equal(t, []string{"This field was given more than once."}, msgs)
		}
	}
}

func TestFormInvalidUTF8(t *testing.T) {
	h := newHandler(t, profilehttp.Config{})
	w := post(h, ctForm, "email=ann%FF%40example.com&first_name=A%C3%28nn&properties%5Bk%FF%5D=v", "")
	require.Equal(t, http.StatusBadRequest, w.Code)
	d := decode(t, w) // valid JSON although the names and values are not UTF-8
	assert.Equal(t, []string{"invalid_utf8", "invalid_utf8", "invalid_utf8"}, codes(d.Errors))
	assert.Len(t, d.Fields["email"], 1)
	assert.Len(t, d.Fields["first_name"], 1)
	assert.Len(t, d.Fields["properties[k\uFFFD]"], 1, "the name's bad byte shown as U+FFFD: %v", d.Fields)
}

func TestJSONErrors(t *testing.T) {
	body, err := os.ReadFile("../testdata/invalid-many.json")
	require.NoError(t, err)
	rc := &recorder{}
	h := newHandler(t, profilehttp.Config{OnValid: rc.onValid})
	w := post(h, ctVND, string(body), "")
	require.Equal(t, http.StatusBadRequest, w.Code)
	d := decode(t, w)
	assert.Nil(t, d.Fields, "a JSON post has no form fields")
	assert.Empty(t, rc.calls)

	// The same errors, codes and pointers, as package profile reports.
	_, _, perr := profile.NormalizeJSON(body)
	var es profile.Errors
	require.ErrorAs(t, perr, &es)
	require.Len(t, d.Errors, len(es))
	for i, e := range es {
		assert.Equal(t, string(e.Code), d.Errors[i].Code)
		assert.Equal(t, string(e.Pointer), d.Errors[i].Source.Pointer)
		assert.Equal(t, 400, d.Errors[i].Status)
		if e.Hint != "" {
			assert.Equal(t, e.Hint, d.Errors[i].Meta.Hint)
		}
		assert.NotEqual(t, e.Code, d.Errors[i].Detail, "a message, not the key")
	}
}

func TestLanguages(t *testing.T) {
	h := newHandler(t, profilehttp.Config{})
	const en, de = "Please enter a valid email address.", "Bitte geben Sie eine gültige E-Mail-Adresse ein."
	tests := []struct{ header, lang, detail string }{
		{"", "en", en},
		{"en", "en", en},
		{"en-GB,en;q=0.9", "en", en},
		{"de", "de", de},
		{"de-DE,de;q=0.9,en;q=0.8", "de", de},
		{"de-AT", "de", de},
		{"de-CH;q=0.8, fr", "de", de},
		{"fr-FR,fr;q=0.9", "en", en},
		{"fr, de;q=0.5", "de", de},
		{"en;q=0.9, de", "de", de},
		{"*", "en", en},
		{"!!!not a header;;;", "en", en},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			for _, req := range []struct{ ct, body string }{
				{ctJSON, `{"data":{"type":"profile","attributes":{"email":"nope"}}}`},
				{ctForm, "email=nope"},
			} {
				w := post(h, req.ct, req.body, tt.header)
				require.Equal(t, http.StatusBadRequest, w.Code)
				assert.Equal(t, tt.lang, w.Header().Get("Content-Language"))
				assert.Contains(t, w.Header().Values("Vary"), "Accept-Language")
				d := decode(t, w)
				require.Len(t, d.Errors, 1)
				assert.Equal(t, "invalid_email", d.Errors[0].Code, "the code does not change with the language")
				assert.Equal(t, "Invalid input.", d.Errors[0].Title)
				assert.Equal(t, tt.detail, d.Errors[0].Detail)
			}
		})
	}

	// Refusals are translated too.
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Accept-Language", "de")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	assert.Equal(t, "Hier ist nur POST erlaubt.", decode(t, w).Errors[0].Detail)
	w = post(h, "text/plain", "x", "de")
	assert.Equal(t, "Bitte senden Sie das Profil als JSON oder als Formular.", decode(t, w).Errors[0].Detail)
}

func TestBackendMessages(t *testing.T) {
	h := newHandler(t, profilehttp.Config{Messages: profilehttp.Messages{
		"fr": {
			profile.CodeInvalidEmail:  "Veuillez saisir une adresse e-mail valide.",
			profilehttp.CodeEmailTypo: "Vouliez-vous dire {domain} ?",
		},
		"en": {profile.CodeInvalidPhone: "That phone number does not work."},
	}})

	body := "email=nope&phone=%2B12"
	d := decode(t, post(h, ctForm, body, "fr-CA,fr;q=0.9"))
	assert.Equal(t, []string{"Veuillez saisir une adresse e-mail valide."}, d.Fields["email"])
	assert.Equal(t, []string{"That phone number does not work."}, d.Fields["phone"], "French missing: the backend's English")

	d = decode(t, post(h, ctForm, body, "de"))
	assert.Equal(t, []string{"Bitte geben Sie eine gültige E-Mail-Adresse ein."}, d.Fields["email"], "German from the default messages")

	d = decode(t, post(h, ctForm, "email=ann%40gmial.com", "fr"))
	require.NotNil(t, d.Meta)
	assert.Equal(t, "Vouliez-vous dire gmail.com ?", d.Meta.Warnings[0].Detail)

	_, err := profilehttp.New(profilehttp.Config{Messages: profilehttp.Messages{"français": {}}})
	assert.ErrorContains(t, err, "not a BCP 47 language tag")
}

func TestOnValidGetsTheNormalizedBody(t *testing.T) {
	type key struct{}
	var got []byte
	var gotCtx any
	h := newHandler(t, profilehttp.Config{OnValid: func(ctx context.Context, body []byte, warns []*profile.FieldError) error {
		got, gotCtx = body, ctx.Value(key{})
		assert.Empty(t, warns)
		body[0] = 'X' // the callback's own copy
		return nil
	}})
	r := httptest.NewRequest(http.MethodPost, "/profile", strings.NewReader(goodJSON))
	r.Header.Set("Content-Type", ctVND)
	r = r.WithContext(context.WithValue(r.Context(), key{}, "request"))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "X"+goodNormal[1:], string(got))
	assert.Equal(t, goodNormal, w.Body.String())
	assert.Equal(t, "request", gotCtx)
	assert.Equal(t, "no-store", w.Header().Get("Cache-Control"))
}

func TestOnValidNotCalledForInvalid(t *testing.T) {
	rc := &recorder{}
	h := newHandler(t, profilehttp.Config{OnValid: rc.onValid})
	require.Equal(t, http.StatusBadRequest, post(h, ctJSON, badJSON, "").Code)
	require.Equal(t, http.StatusBadRequest, post(h, ctForm, "email=x", "").Code)
	assert.Empty(t, rc.calls)
}

func TestOnValidFails(t *testing.T) {
	secret := "klaviyo said: ann@example.com is suppressed"
	var reported []error
	h := newHandler(t, profilehttp.Config{
		OnValid: func(context.Context, []byte, []*profile.FieldError) error { return errors.New(secret) },
		OnError: func(_ *http.Request, err error) { reported = append(reported, err) },
	})
	w := post(h, ctJSON, goodJSON, "")
	assert.Equal(t, http.StatusBadGateway, w.Code)
	d := decode(t, w)
	assert.Equal(t, []string{"bad_gateway"}, codes(d.Errors))
	assert.Nil(t, d.Data)
	assert.NotContains(t, w.Body.String(), "klaviyo said")
	assert.NotContains(t, w.Body.String(), "ann@example.com")
	require.Len(t, reported, 1)
	assert.EqualError(t, reported[0], secret)
}

func TestOnValidPanics(t *testing.T) {
	var reported []error
	h := newHandler(t, profilehttp.Config{
		OnValid: func(context.Context, []byte, []*profile.FieldError) error { panic("boom: nil map") },
		OnError: func(_ *http.Request, err error) { reported = append(reported, err) },
	})
	for _, ct := range []string{ctJSON, ctForm} {
		body := goodJSON
		if ct == ctForm {
			body = "email=ann%40example.com"
		}
		w := post(h, ct, body, "de")
		assert.Equal(t, http.StatusInternalServerError, w.Code)
		d := decode(t, w)
		assert.Equal(t, []string{"internal_error"}, codes(d.Errors))
		assert.Equal(t, "Bei uns ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut.", d.Errors[0].Detail)
		assert.Nil(t, d.Fields)
		for _, s := range []string{"boom", "goroutine", "panic", ".go:"} {
			assert.NotContains(t, w.Body.String(), s)
		}
	}
	require.Len(t, reported, 2)
	assert.Contains(t, reported[0].Error(), "boom: nil map")
	assert.Contains(t, reported[0].Error(), "goroutine", "the stack, for the backend's log")

	abort := newHandler(t, profilehttp.Config{
		OnValid: func(context.Context, []byte, []*profile.FieldError) error { panic(http.ErrAbortHandler) },
	})
	assert.PanicsWithValue(t, http.ErrAbortHandler, func() { post(abort, ctJSON, goodJSON, "") },
		"http.ErrAbortHandler is the server's to handle")
}

func TestWarnings(t *testing.T) {
	rc := &recorder{}
	h := newHandler(t, profilehttp.Config{OnValid: rc.onValid})

	// A typo: a warning beside the field, the address unchanged.
	w := post(h, ctForm, "email=+Ann%40Gmial.com+&phone=%2B16502530000", "")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	d := decode(t, w)
	assert.JSONEq(t, `{"type":"profile","attributes":{"email":"ann@gmial.com","phone_number":"+16502530000"}}`, string(d.Data))
	require.NotNil(t, d.Meta)
	require.Len(t, d.Meta.Warnings, 1)
	wn := d.Meta.Warnings[0]
	assert.Equal(t, "email_typo", wn.Code)
	assert.Zero(t, wn.Status, "a warning has no status")
	assert.Equal(t, "/data/attributes/email", wn.Source.Pointer)
	assert.Equal(t, "gmail.com", wn.Meta.Hint)
	assert.Equal(t, "email", wn.Meta.Field)
	assert.Equal(t, "Please check the email address: did you mean gmail.com?", wn.Detail)
	require.Len(t, rc.calls, 1)
	assert.Equal(t, `{"data":{"type":"profile","attributes":{"email":"ann@gmial.com","phone_number":"+16502530000"}}}`, string(rc.calls[0]),
		"OnValid gets the body without the response's meta")
	require.Len(t, rc.warns[0], 1)
	assert.Equal(t, profilehttp.CodeEmailTypo, rc.warns[0][0].Code)

	// German, in a JSON post, and beside an error elsewhere.
	w = post(h, ctJSON, `{"data":{"type":"profile","attributes":{"email":"ann@hotmial.com","locale":"xx"}}}`, "de")
	require.Equal(t, http.StatusBadRequest, w.Code)
	d = decode(t, w)
	assert.Equal(t, []string{"invalid_locale"}, codes(d.Errors))
	require.NotNil(t, d.Meta)
	assert.Equal(t, "Bitte prüfen Sie die E-Mail-Adresse: Meinten Sie hotmail.com?", d.Meta.Warnings[0].Detail)
	assert.Empty(t, d.Meta.Warnings[0].Meta.Field, "a JSON post has no form fields")

	// No hint beside an error in the address itself.
	w = post(h, ctForm, "email=ann%40%40gmial.com", "")
	d = decode(t, w)
	assert.Equal(t, []string{"invalid_email"}, codes(d.Errors))
	assert.Nil(t, d.Meta)

	// Bulk mode: null_ignored warnings, and no typo check.
	bulk := newHandler(t, profilehttp.Config{Options: profile.Options{Mode: profile.Bulk}})
	body, err := os.ReadFile("../testdata/bulk-import.json")
	require.NoError(t, err)
	out, warns, err := profile.Options{Mode: profile.Bulk}.NormalizeJSON(body)
	require.NoError(t, err)
	w = post(bulk, ctVND, string(body), "de")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	d = decode(t, w)
	if len(warns) == 0 {
		assert.Equal(t, string(out), w.Body.String())
		return
	}
	require.NotNil(t, d.Meta)
	require.Len(t, d.Meta.Warnings, len(warns))
	for i, wn := range d.Meta.Warnings {
		assert.Equal(t, string(warns[i].Code), wn.Code)
		assert.Equal(t, string(warns[i].Pointer), wn.Source.Pointer)
	}
	assert.Equal(t, "Ein leerer Wert (null) wird hier ignoriert: Er löscht das Feld nicht.", d.Meta.Warnings[0].Detail)
	// Forms are not bulk bodies.
	assert.Equal(t, http.StatusUnsupportedMediaType, post(bulk, ctForm, "email=a%40example.com", "").Code)
}

// TestNoPersonalValuesInResponses sends personal values every way that
// fails and checks that no response (and no log line: the handler writes
// none, and OnError gets only the backend's own errors) repeats them.
func TestNoPersonalValuesInResponses(t *testing.T) {
	var logs bytes.Buffer
	logger := func(_ *http.Request, err error) { fmt.Fprintln(&logs, err) }
	values := []string{"sarah.secret@example.com", "sarah.secret", "Mason-Secretary", "Sarahlyn",
		"+442070313000", "2070313000", "020 7031 3000", "7031", "Amphitheatre Secret Lane"}
	personal := [][2]string{
		{"email", "sarah.secret@example.com"}, {"phone", "+44 20 7031 3000"},
		{"first_name", "Sarahlyn"}, {"last_name", "Mason-Secretary"}, {"address1", "Amphitheatre Secret Lane"},
	}
	broken := func(extra ...[2]string) [][2]string { return append(append([][2]string{}, personal...), extra...) }
	tooBig := [2]string{"properties[x]", strings.Repeat("y", profile.DefaultMaxBytes)}
	badEmail := [][2]string{{"email", "sarah.secret@@example.com"}, {"phone", "020 7031 3000"}, {"first_name", "Sarahlyn\x01"}}
	mpType, mpBody := multipartBody(t, broken([2]string{"locale", "xx"}))
	mpTypeBig, mpBodyBig := multipartBody(t, broken(tooBig))
	jsonBad := `{"data":{"type":"profile","attributes":{"email":"sarah.secret@@example.com","phone_number":"020 7031 3000",` +
		`"first_name":"Sarahlyn\u0001","last_name":"Mason-Secretary","location":{"address1":"Amphitheatre Secret Lane","zip":7031}}}}`
	good := `{"data":{"type":"profile","attributes":{"email":"sarah.secret@example.com","phone_number":"+442070313000"}}}`

	requests := []struct {
		name, method, contentType, body string
		c                               profilehttp.Config
	}{
		{"form errors", "POST", ctForm, urlEncoded(broken([2]string{"locale", "xx"})), profilehttp.Config{}},
		{"form bad values", "POST", ctForm, urlEncoded(badEmail), profilehttp.Config{}},
		{"multipart errors", "POST", mpType, mpBody, profilehttp.Config{}},
		{"form too large", "POST", ctForm, urlEncoded(broken(tooBig)), profilehttp.Config{}},
		{"multipart too large", "POST", mpTypeBig, mpBodyBig, profilehttp.Config{}},
		{"json errors", "POST", ctJSON, jsonBad, profilehttp.Config{}},
		{"json cut off in the email", "POST", ctJSON, jsonBad[:60], profilehttp.Config{}},
		{"json no region", "POST", ctJSON, strings.Replace(good, "+442070313000", "020 7031 3000", 1), profilehttp.Config{}},
		{"wrong method", "PUT", ctJSON, good, profilehttp.Config{}},
		{"wrong type", "POST", "text/plain", good, profilehttp.Config{}},
		{"callback error", "POST", ctJSON, good, profilehttp.Config{
			OnValid: func(context.Context, []byte, []*profile.FieldError) error {
				return errors.New("upstream refused sarah.secret@example.com")
			}, OnError: func(*http.Request, error) {}}},
		{"callback panic", "POST", ctJSON, good, profilehttp.Config{
			OnValid: func(_ context.Context, body []byte, _ []*profile.FieldError) error { panic(string(body)) },
			OnError: func(*http.Request, error) {}}},
		{"typo warning with an error", "POST", ctForm, urlEncoded([][2]string{{"email", "sarah.secret@gmial.com"}, {"phone", "020 7031 3000"}}), profilehttp.Config{OnError: logger}},
	}
	for _, lang := range []string{"en", "de"} {
		for _, rq := range requests {
			t.Run(lang+"/"+rq.name, func(t *testing.T) {
				h := newHandler(t, rq.c)
				r := httptest.NewRequest(rq.method, "/profile", strings.NewReader(rq.body))
				r.Header.Set("Content-Type", rq.contentType)
				r.Header.Set("Accept-Language", lang)
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				require.NotEqual(t, http.StatusOK, w.Code)
				decode(t, w)
				for _, v := range values {
					assert.NotContains(t, w.Body.String(), v)
					for k, hv := range w.Header() {
						assert.NotContains(t, strings.Join(hv, " "), v, k)
					}
				}
			})
		}
	}
	assert.Empty(t, logs.String(), "nothing reaches OnError but OnValid's own failures")
}
