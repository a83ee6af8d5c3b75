package profile

import (
	"errors"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// A Code names one kind of problem. Codes are stable: callers branch on
// them, never on message text, which may change.
type Code string

// The codes a [FieldError] can carry; SPEC.md's error table defines them.
const (
	CodeSyntax              Code = "syntax"
	CodeTooLarge            Code = "too_large"
	CodeTooDeep             Code = "too_deep"
	CodeInvalidUTF8         Code = "invalid_utf8"
	CodeDuplicateKey        Code = "duplicate_key"
	CodeUnknownField        Code = "unknown_field"
	CodeWrongType           Code = "wrong_type"
	CodeInvalidNumber       Code = "invalid_number"
	CodeRequired            Code = "required"
	CodeInvalidValue        Code = "invalid_value"
	CodeNotAllowed          Code = "not_allowed"
	CodeIdentifierRequired  Code = "identifier_required"
	CodeInvalidText         Code = "invalid_text"
	CodeInvalidEmail        Code = "invalid_email"
	CodeInvalidPhone        Code = "invalid_phone"
	CodePhoneRegionRequired Code = "phone_region_required"
	CodePhoneExtension      Code = "phone_extension"
	CodeInvalidLocale       Code = "invalid_locale"
	CodeInvalidCoordinate   Code = "invalid_coordinate"
	CodeInvalidTimezone     Code = "invalid_timezone"
	CodeInvalidIP           Code = "invalid_ip"
	CodeInvalidURL          Code = "invalid_url"
	CodeInvalidKey          Code = "invalid_key"
	CodeConflict            Code = "conflict"

	// CodeNullIgnored is a warning, never an error: a null in a bulk body,
	// where it does not clear the field.
	CodeNullIgnored Code = "null_ignored"
)

// Sentinel causes wrapped by a [FieldError], for use with [errors.Is].
var (
	ErrInvalidEmail  = errors.New("invalid email address")
	ErrInvalidPhone  = errors.New("invalid phone number")
	ErrInvalidLocale = errors.New("invalid locale")
)

// A FieldError is one problem with one member of a request body.
//
// Pointer locates the member; Code classifies the problem; Message is one
// English sentence for a person. Neither Message nor Error ever repeats the
// value of a personal field, so a FieldError can be logged as it is.
// Err, when set, is the cause, reachable through [errors.Is] and [errors.As].
type FieldError struct {
	Pointer Pointer // where: "/data/attributes/email"; "" for the whole body or a single value
	Code    Code    // what: one of the Code constants
	Message string  // why, for a person; never the value itself
	Hint    string  // optional: for example the closest known field name
	Err     error   // optional cause: ErrInvalidEmail, ErrInvalidPhone, ErrInvalidLocale
}

// Error returns "profile: <pointer>: <code>: <message>". The text may change
// between versions; branch on Code instead.
func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString("profile: ")
	if e.Pointer == "" {
		b.WriteString(`""`)
	} else {
		b.WriteString(string(e.Pointer))
	}
	b.WriteString(": ")
	b.WriteString(string(e.Code))
	b.WriteString(": ")
	b.WriteString(e.Message)
	if e.Hint != "" {
		b.WriteString(" (did you mean ")
		b.WriteString(strconv.Quote(e.Hint))
		b.WriteString("?)")
	}
	return b.String()
}

// Unwrap returns the cause, or nil.
func (e *FieldError) Unwrap() error { return e.Err }

// Errors is every problem found in one request body: in document order
// from [Options.NormalizeJSON] and [Options.Decode], field by field in
// schema order from [Options.Normalize] and [Options.Validate].
// A function returning Errors as an error returns a nil error, not an empty
// Errors, when there is no problem.
type Errors []*FieldError

// Error returns the first problem's text and how many more there are.
func (es Errors) Error() string {
	switch len(es) {
	case 0:
		return "profile: no errors"
	case 1:
		return es[0].Error()
	}
	return es[0].Error() + " (and " + strconv.Itoa(len(es)-1) + " more)"
}

// Unwrap returns each problem, so [errors.Is] and [errors.As] see them all.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// asError returns es as an error, or an untyped nil when es is empty.
func (es Errors) asError() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

func newError(p Pointer, c Code, msg string) *FieldError {
	return &FieldError{Pointer: p, Code: c, Message: msg}
}

// JSONAPI returns es as a JSON:API errors document, the shape of Klaviyo's
// own 400 responses:
//
//	{"errors":[{"status":400,"code":"invalid_email","title":"Invalid input.",
//	  "detail":"…","source":{"pointer":"/data/attributes/email"}}]}
//
// A hint, when there is one, is in the error object's "meta".
func (es Errors) JSONAPI() []byte {
	b := []byte(`{"errors":[`)
	for i, e := range es {
		if i > 0 {
			b = append(b, ',')
		}
		b = e.appendJSONAPI(b)
	}
	return append(b, "]}"...)
}

func (e *FieldError) appendJSONAPI(b []byte) []byte {
	b = append(b, `{"status":400,"code":`...)
	b, _ = jsontext.AppendQuote(b, string(e.Code))
	b = append(b, `,"title":"Invalid input.","detail":`...)
	b, _ = jsontext.AppendQuote(b, e.Message)
	b = append(b, `,"source":{"pointer":`...)
	b, _ = jsontext.AppendQuote(b, string(e.Pointer))
	b = append(b, '}')
	if e.Hint != "" {
		b = append(b, `,"meta":{"hint":`...)
		b, _ = jsontext.AppendQuote(b, e.Hint)
		b = append(b, '}')
	}
	return append(b, '}')
}
