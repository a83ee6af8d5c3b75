// Package profilehttp serves an HTTP endpoint that checks and normalizes a
// Klaviyo profile before a backend sends it on.
//
// The handler made by [New] accepts POST requests whose body is a profile
// request body (application/vnd.api+json or application/json) or a web
// form (application/x-www-form-urlencoded or multipart/form-data), runs it
// through [profile.Options.NormalizeJSON], and answers:
//
//   - 200 with the normalized body, after Config.OnValid accepted it;
//   - 400 with a JSON:API errors document naming every problem;
//   - 405 (with Allow: POST), 413 or 415 for a request it cannot read;
//   - 502 when OnValid returns an error and 500 when it panics, with a
//     generic message: the error's text is never sent.
//
// Every response is a JSON document of type application/vnd.api+json.
//
// # Forms
//
// A form field fills the attribute Config.Fields names for it (by default
// [DefaultFields]: email, phone or phone_number, first_name, …, and the
// location fields country, city, region, zip, address1, address2 and
// timezone); a field "properties[KEY]" fills the property KEY with its
// value as a string; other fields are ignored. The fields become a request
// body {"data":{"type":"profile","attributes":{…}}}, which is checked as a
// JSON body is. A field given twice is a duplicate_key error.
//
// # Errors
//
// A 400 body is a JSON:API errors document, the shape of Klaviyo's own:
//
//	{"errors":[{"status":400,"code":"invalid_email","title":"Invalid input.",
//	  "detail":"Please enter a valid email address.",
//	  "source":{"pointer":"/data/attributes/email"},
//	  "meta":{"field":"email"}}],
//	 "fields":{"email":["Please enter a valid email address."]}}
//
// For a form post, each error about a form field names it in meta.field,
// and the top-level member "fields" maps each such form field name to the
// messages about it, in order, so that a page can show each message beside
// its field. Errors about no one field (identifier_required, too_large)
// are in "errors" only. A JSON post gets neither meta.field nor "fields".
// An error's hint, when it has one, is meta.hint.
//
// Warnings (such as [CodeEmailTypo], given for single-profile bodies, and
// null_ignored in Bulk mode) are error objects without a status in the
// top-level "meta":{"warnings":[…]} of a 200 or 400 body; for a form post
// they name their field in meta.field too. A 200 body without warnings is
// exactly the normalized body, the body OnValid gets.
//
// # Languages
//
// The detail of every error and warning is a message for people, chosen by
// code and by the request's Accept-Language header among the languages of
// Config.Messages and [DefaultMessages] (English and German), English
// when none fits. The code, pointer and hint never change with the language.
// No message repeats a submitted value.
package profilehttp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/profilekit/profile"
	"golang.org/x/text/language"
)

// Config configures the handler made by [New].
type Config struct {
	// Options configures the pipeline. Its MaxBytes (0: 102,400 bytes, or
	// 5,242,880 in Bulk mode) also limits the request body, form posts
	// included: a longer body is refused with 413. In Bulk mode only JSON
	// bodies are accepted; a form has no data.id, so Update mode needs JSON
	// too.
	Options profile.Options

	// OnValid, when set, is called with the normalized body of a valid
	// request, the body's warnings and the request's context, before the
	// 200 response. The body is the callback's to keep. If it returns an
	// error the response is 502; if it panics, 500. Either way the client
	// gets a generic message, never the error's text.
	OnValid func(ctx context.Context, body []byte, warnings []*profile.FieldError) error

	// OnError, when set, is told of every error OnValid returns and every
	// panic in it (with the panic's stack), for the backend to log. Their
	// text is OnValid's own: the handler adds no submitted value to it, and
	// logs nothing itself.
	OnError func(r *http.Request, err error)

	// Fields maps form field names to the attributes they fill; nil means
	// DefaultFields(). An attribute is named by its member name ("email"),
	// "location." and a location member ("location.city"), or "properties."
	// and a property name ("properties.plan").
	Fields map[string]string

	// Messages holds the messages, by language and code, that a backend
	// adds or rewords. A message it does not have comes from
	// DefaultMessages, in the language chosen or else in English.
	Messages Messages
}

// New returns a handler for profile requests configured by c. It reports an
// error for options [profile.Options.Check] refuses, for a field map
// naming an attribute that does not exist, and for messages under a tag
// that is not BCP 47 or with an empty text.
func New(c Config) (http.Handler, error) {
	if err := c.Options.Check(); err != nil {
		return nil, fmt.Errorf("profilehttp: %w", err)
	}
	fields := c.Fields
	if fields == nil {
		fields = DefaultFields()
	}
	h := &handler{
		opts:    c.Options,
		onValid: c.OnValid,
		onError: c.OnError,
		fields:  make(map[string]target, len(fields)),
		limit:   int64(c.Options.MaxBytes),
	}
	tr, err := newTranslator(c.Messages)
	if err != nil {
		return nil, fmt.Errorf("profilehttp: %w", err)
	}
	h.tr = tr
	for name, path := range fields {
		if name == "" {
			return nil, errors.New("profilehttp: Fields has an empty form field name")
		}
		t, err := parseTarget(path)
		if err != nil {
			return nil, fmt.Errorf("profilehttp: Fields[%q]: %w", name, err)
		}
		h.fields[name] = t
	}
	if h.limit == 0 {
		h.limit = profile.DefaultMaxBytes
		if c.Options.Mode == profile.Bulk {
			h.limit = profile.DefaultMaxBulkBytes
		}
	}
	return h, nil
}

type handler struct {
	opts    profile.Options
	onValid func(context.Context, []byte, []*profile.FieldError) error
	onError func(*http.Request, error)
	fields  map[string]target
	tr      *translator
	limit   int64
}

// A reply is what the handler answers: a status and the problems of the
// request, with where they came from in a form.
type reply struct {
	status int
	lang   language.Tag
	errs   []*profile.FieldError
	warns  []*profile.FieldError
	form   map[profile.Pointer]string // nil for a JSON post
	body   []byte                     // the normalized body, for a 200
}

const (
	ptrEmail    profile.Pointer = "/data/attributes/email"
	contentType                 = "application/vnd.api+json"
)

// ServeHTTP implements http.Handler.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rp := h.serve(w, r)
	h.write(w, rp)
}

func (h *handler) serve(w http.ResponseWriter, r *http.Request) *reply {
	rp := &reply{lang: h.tr.match(r.Header.Values("Accept-Language"))}
	fail := func(status int, code profile.Code, msg string) *reply {
		rp.status = status
		rp.errs = []*profile.FieldError{{Code: code, Message: msg}}
		return rp
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		return fail(http.StatusMethodNotAllowed, CodeMethodNotAllowed, "method not allowed")
	}
	kind, boundary := mediaKind(r.Header.Get("Content-Type"))
	if kind == kindOther || (kind != kindJSON && h.opts.Mode == profile.Bulk) {
		return fail(http.StatusUnsupportedMediaType, CodeUnsupportedMediaType, "unsupported media type")
	}

	body := http.MaxBytesReader(w, r.Body, h.limit)
	var data []byte
	var err error
	switch kind {
	case kindJSON:
		data, err = io.ReadAll(body)
	default:
		rp.form = map[profile.Pointer]string{} // a form post: "fields" in any errors document
		var form []formField
		if kind == kindURLEncoded {
			form, err = readURLEncoded(body)
		} else {
			form, err = readMultipart(body, boundary)
		}
		if err == nil {
			fb := buildBody(form, h.fields)
			data, rp.form = fb.json, fb.fields
		}
	}
	switch {
	case isTooLarge(err):
		return fail(http.StatusRequestEntityTooLarge, profile.CodeTooLarge,
			"body is over "+strconv.FormatInt(h.limit, 10)+" bytes")
	case errors.Is(err, errMalformedForm):
		return fail(http.StatusBadRequest, profile.CodeSyntax, "malformed form body")
	case err != nil:
		return fail(http.StatusBadRequest, profile.CodeSyntax, "the body could not be read")
	}

	out, warns, err := h.opts.NormalizeJSON(data)
	rp.warns = warns
	if err != nil {
		var es profile.Errors
		if !errors.As(err, &es) { // not documented to happen; no detail leaks
			return fail(http.StatusBadRequest, profile.CodeSyntax, "invalid body")
		}
		rp.status, rp.errs = http.StatusBadRequest, es
		for _, e := range es {
			if e.Code == profile.CodeTooLarge && e.Pointer == "" {
				rp.status = http.StatusRequestEntityTooLarge
			}
			if e.Pointer == ptrEmail {
				data = nil // no typo hint beside an error
			}
		}
		rp.warns = h.addTypo(rp.warns, data)
		return rp
	}
	rp.warns = h.addTypo(rp.warns, out)
	rp.status, rp.body = h.call(r, out, rp.warns), out
	if rp.status != http.StatusOK {
		code := CodeBadGateway
		if rp.status == http.StatusInternalServerError {
			code = CodeInternal
		}
		rp.body, rp.warns, rp.form = nil, nil, nil
		return fail(rp.status, code, "the profile could not be saved")
	}
	return rp
}

// call runs OnValid, turning an error into 502 and a panic into 500. The
// panic http.ErrAbortHandler is passed on: it asks the server to abort.
func (h *handler) call(r *http.Request, out []byte, warns []*profile.FieldError) (status int) {
	if h.onValid == nil {
		return http.StatusOK
	}
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if v == http.ErrAbortHandler {
			panic(v)
		}
		status = http.StatusInternalServerError
		h.report(r, fmt.Errorf("profilehttp: OnValid panicked: %v\n%s", v, debug.Stack()))
	}()
	if err := h.onValid(r.Context(), bytes.Clone(out), warns); err != nil {
		h.report(r, err)
		return http.StatusBadGateway
	}
	return http.StatusOK
}

func (h *handler) report(r *http.Request, err error) {
	if h.onError != nil {
		h.onError(r, err)
	}
}

// addTypo appends a CodeEmailTypo warning when the email of the body doc
// has a domain SuggestDomain suggests another for. Bulk bodies get none.
func (h *handler) addTypo(warns []*profile.FieldError, doc []byte) []*profile.FieldError {
	if h.opts.Mode == profile.Bulk || doc == nil {
		return warns
	}
	email, ok := findEmail(doc)
	if !ok {
		return warns
	}
	domain, ok := SuggestDomain(email)
	if !ok {
		return warns
	}
	return append(warns, &profile.FieldError{
		Pointer: ptrEmail,
		Code:    CodeEmailTypo,
		Message: "the email domain may be a typo of " + domain,
		Hint:    domain,
	})
}

// findEmail returns the string at /data/attributes/email of doc, reading no
// further than that member.
func findEmail(doc []byte) (string, bool) {
	dec := jsontext.NewDecoder(bytes.NewReader(doc), jsontext.AllowDuplicateNames(true))
	for _, name := range []string{"data", "attributes", "email"} {
		if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
			return "", false
		}
		found := false
		for dec.PeekKind() == '"' {
			tok, err := dec.ReadToken()
			if err != nil {
				return "", false
			}
			if tok.String() == name {
				found = true
				break
			}
			if dec.SkipValue() != nil {
				return "", false
			}
		}
		if !found {
			return "", false
		}
	}
	tok, err := dec.ReadToken()
	if err != nil || tok.Kind() != '"' {
		return "", false
	}
	return tok.String(), true
}

// The kinds of body the handler reads.
const (
	kindOther = iota
	kindJSON
	kindURLEncoded
	kindMultipart
)

// mediaKind reads a Content-Type header: the kind of body, and the
// boundary of a multipart one. A charset other than UTF-8 is refused.
func mediaKind(header string) (kind int, boundary string) {
	mt, params, err := mime.ParseMediaType(header)
	if err != nil {
		return kindOther, ""
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		return kindOther, ""
	}
	switch mt {
	case "application/vnd.api+json", "application/json":
		return kindJSON, ""
	case "application/x-www-form-urlencoded":
		return kindURLEncoded, ""
	case "multipart/form-data":
		return kindMultipart, params["boundary"]
	}
	return kindOther, ""
}

func isTooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}

// titles are the JSON:API titles of each status, as Klaviyo words them.
var titles = map[int]string{
	http.StatusBadRequest:            "Invalid input.",
	http.StatusMethodNotAllowed:      "Method not allowed.",
	http.StatusRequestEntityTooLarge: "Request too large.",
	http.StatusUnsupportedMediaType:  "Unsupported media type.",
	http.StatusInternalServerError:   "Internal server error.",
	http.StatusBadGateway:            "Bad gateway.",
}

// write sends rp as a JSON:API document.
func (h *handler) write(w http.ResponseWriter, rp *reply) {
	hd := w.Header()
	hd.Set("Content-Type", contentType)
	hd.Set("Content-Language", rp.lang.String())
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Add("Vary", "Accept-Language")

	var b []byte
	if rp.status == http.StatusOK {
		b = rp.body
		if len(rp.warns) > 0 { // the normalized body is an object: add "meta" to it
			b = append(bytes.Clone(b[:len(b)-1]), `,"meta":`...)
			b = h.appendWarnings(b, rp)
			b = append(b, '}')
		}
	} else {
		b = h.appendErrors(b, rp)
	}
	w.WriteHeader(rp.status)
	_, _ = w.Write(b) // the client is gone: nothing to do
}

// appendErrors appends an errors document: "errors", for a form "fields",
// and "meta" when there are warnings.
func (h *handler) appendErrors(b []byte, rp *reply) []byte {
	body := rp.status == http.StatusBadRequest || rp.status == http.StatusRequestEntityTooLarge
	b = append(b, `{"errors":[`...)
	byField := map[string][]string{}
	var order []string
	for i, e := range rp.errs {
		if i > 0 {
			b = append(b, ',')
		}
		field := fieldOf(rp.form, e.Pointer)
		detail := h.tr.text(rp.lang, e)
		b = appendObject(b, e, rp.status, body, detail, field)
		if field != "" {
			if byField[field] == nil {
				order = append(order, field)
			}
			byField[field] = append(byField[field], detail)
		}
	}
	b = append(b, ']')
	if rp.form != nil && body {
		b = append(b, `,"fields":{`...)
		for i, f := range order {
			if i > 0 {
				b = append(b, ',')
			}
			b = quote(b, f)
			b = append(b, ":["...)
			for j, msg := range byField[f] {
				if j > 0 {
					b = append(b, ',')
				}
				b = quote(b, msg)
			}
			b = append(b, ']')
		}
		b = append(b, '}')
	}
	if len(rp.warns) > 0 {
		b = append(b, `,"meta":`...)
		b = h.appendWarnings(b, rp)
	}
	return append(b, '}')
}

// appendWarnings appends {"warnings":[…]}.
func (h *handler) appendWarnings(b []byte, rp *reply) []byte {
	b = append(b, `{"warnings":[`...)
	for i, e := range rp.warns {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendObject(b, e, 0, true, h.tr.text(rp.lang, e), fieldOf(rp.form, e.Pointer))
	}
	return append(b, "]}"...)
}

// appendObject appends one JSON:API error object. A status of 0 (a
// warning) is left out; so is the source of a problem with no part of the
// body.
func appendObject(b []byte, e *profile.FieldError, status int, withSource bool, detail, field string) []byte {
	b = append(b, '{')
	if status != 0 {
		b = append(b, `"status":`...)
		b = strconv.AppendInt(b, int64(status), 10)
		b = append(b, ',')
	}
	b = append(b, `"code":`...)
	b = quote(b, string(e.Code))
	title := titles[status]
	if status == 0 {
		title = "Warning."
	}
	b = append(b, `,"title":`...)
	b = quote(b, title)
	b = append(b, `,"detail":`...)
	b = quote(b, detail)
	if withSource {
		b = append(b, `,"source":{"pointer":`...)
		b = quote(b, string(e.Pointer))
		b = append(b, '}')
	}
	if e.Hint != "" || field != "" {
		b = append(b, `,"meta":{`...)
		if e.Hint != "" {
			b = append(b, `"hint":`...)
			b = quote(b, e.Hint)
		}
		if field != "" {
			if e.Hint != "" {
				b = append(b, ',')
			}
			b = append(b, `"field":`...)
			b = quote(b, field)
		}
		b = append(b, '}')
	}
	return append(b, '}')
}

// fieldOf returns the form field a pointer is about: the one that filled
// the member at p or at the nearest member containing it; "" when none did.
func fieldOf(form map[profile.Pointer]string, p profile.Pointer) string {
	for form != nil && p != "" {
		if f, ok := form[p]; ok {
			return f
		}
		i := strings.LastIndexByte(string(p), '/')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return ""
}

// quote appends s as a JSON string; invalid UTF-8 (which a form field name
// may hold) is replaced, so that every response is valid JSON.
func quote(b []byte, s string) []byte {
	b, _ = jsontext.AppendQuote(b, s)
	return b
}
