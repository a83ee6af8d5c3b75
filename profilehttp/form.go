package profilehttp

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/profilekit/profile"
)

// DefaultFields returns the form field map used when Config.Fields is nil:
// each form field name and the attribute it fills. Attribute paths are an
// attribute name ("email"), "location." and a location member
// ("location.city"), or "properties." and a property name. The map is a new
// copy each time, for the caller to change.
//
// Besides the map, a form key "properties[KEY]" always fills the property
// KEY, as a string.
func DefaultFields() map[string]string {
	m := map[string]string{
		"email":        "email",
		"phone":        "phone_number",
		"phone_number": "phone_number",
		"first_name":   "first_name",
		"last_name":    "last_name",
		"organization": "organization",
		"title":        "title",
		"locale":       "locale",
		"external_id":  "external_id",
		"image":        "image",
	}
	for _, f := range []string{"country", "city", "region", "zip", "address1", "address2", "timezone"} {
		m[f] = "location." + f
	}
	return m
}

// attributeNames and locationNames are the members a form field may fill.
var (
	attributeNames = []string{"email", "phone_number", "external_id", "_kx", "first_name",
		"last_name", "organization", "locale", "title", "image"}
	locationNames = []string{"address1", "address2", "city", "country", "latitude",
		"longitude", "region", "zip", "timezone", "ip"}
)

// A target is where a form value goes: a member of attributes (group ""),
// of attributes.location or of attributes.properties.
type target struct {
	group, name string
}

// parseTarget reads an attribute path of Config.Fields.
func parseTarget(path string) (target, error) {
	group, name, nested := strings.Cut(path, ".")
	switch {
	case !nested && contains(attributeNames, path):
		return target{name: path}, nil
	case nested && group == "location" && contains(locationNames, name):
		return target{group: group, name: name}, nil
	case nested && group == "properties" && name != "":
		return target{group: group, name: name}, nil
	}
	return target{}, fmt.Errorf("unknown attribute path %q", path)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// formField is one name and value of a form, in the order sent.
type formField struct{ name, value string }

// errMalformedForm is a form body that cannot be read as one.
var errMalformedForm = errors.New("malformed form body")

// readURLEncoded reads an application/x-www-form-urlencoded body, keeping
// the order of its fields.
func readURLEncoded(r io.Reader) ([]formField, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var fields []formField
	for pair := range strings.SplitSeq(string(raw), "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		name, err1 := url.QueryUnescape(k)
		value, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			return nil, errMalformedForm
		}
		fields = append(fields, formField{name, value})
	}
	return fields, nil
}

// readMultipart reads a multipart/form-data body, keeping the order of its
// fields. File parts are skipped unread; nothing goes to disk.
func readMultipart(r io.Reader, boundary string) ([]formField, error) {
	if boundary == "" {
		return nil, errMalformedForm
	}
	mr := multipart.NewReader(r, boundary)
	var fields []formField
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return fields, nil
		}
		if err != nil {
			return nil, wrapMalformed(err)
		}
		name := part.FormName()
		if name == "" || part.FileName() != "" {
			continue // NextPart skips the rest of it
		}
		value, err := io.ReadAll(part)
		if err != nil {
			return nil, wrapMalformed(err)
		}
		fields = append(fields, formField{name, string(value)})
	}
}

// wrapMalformed keeps a body-limit error as it is and makes any other
// multipart error a malformed form.
func wrapMalformed(err error) error {
	if isTooLarge(err) {
		return err
	}
	return fmt.Errorf("%w: %w", errMalformedForm, err)
}

// formBody is a request body built from a form, and which form field each
// member came from.
type formBody struct {
	json   []byte
	fields map[profile.Pointer]string // member pointer → form field name
}

// buildBody writes the form's mapped fields as a profile request body:
// {"data":{"type":"profile","attributes":{…}}}, members in form order, the
// location and properties members together in one object each, placed
// where the first of them was. Fields the map does not name are ignored.
// A name given twice is written twice, for the pipeline to report as
// duplicate_key; values are written as they are, invalid UTF-8 included,
// for the pipeline to report as invalid_utf8.
func buildBody(form []formField, fieldMap map[string]target) formBody {
	type entry struct {
		target
		form, value string
		isGroup     bool // the place of the location or properties object
	}
	var top []entry
	groups := map[string][]entry{}
	for _, f := range form {
		t, ok := fieldMap[f.name]
		if !ok {
			key, isProp := strings.CutPrefix(f.name, "properties[")
			if !isProp || !strings.HasSuffix(key, "]") {
				continue
			}
			t = target{group: "properties", name: key[:len(key)-1]}
		}
		e := entry{target: t, form: f.name, value: f.value}
		if t.group == "" {
			top = append(top, e)
			continue
		}
		if groups[t.group] == nil {
			top = append(top, entry{target: target{name: t.group}, isGroup: true})
		}
		groups[t.group] = append(groups[t.group], e)
	}

	fb := formBody{fields: map[profile.Pointer]string{}}
	b := []byte(`{"data":{"type":"profile","attributes":{`)
	const attrs profile.Pointer = "/data/attributes"
	for i, e := range top {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, e.name)
		b = append(b, ':')
		if !e.isGroup {
			b = appendString(b, e.value)
			fb.fields[memberPointer(attrs, e.name)] = e.form
			continue
		}
		b = append(b, '{')
		for j, m := range groups[e.name] {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendString(b, m.name)
			b = append(b, ':')
			b = appendString(b, m.value)
			fb.fields[memberPointer(attrs.Append(e.name), m.name)] = m.form
		}
		b = append(b, '}')
	}
	fb.json = append(b, "}}}"...)
	return fb
}

// memberPointer returns the pointer of the member name in the object at p,
// as the decoder reports it: a name that is not valid UTF-8 shows its bad
// bytes as U+FFFD.
func memberPointer(p profile.Pointer, name string) profile.Pointer {
	if !utf8.ValidString(name) {
		q := appendString(nil, name)
		u, _ := jsontext.AppendUnquote(nil, q)
		name = string(u)
	}
	return p.Append(name)
}

// appendString appends s as a JSON string. Valid UTF-8 is escaped as
// jsontext.AppendQuote does; a byte that is not valid UTF-8 is written as it
// is, so the strict decoder reports it at the member (D3) instead of it
// being replaced.
func appendString(b []byte, s string) []byte {
	if utf8.ValidString(s) {
		b, _ = jsontext.AppendQuote(b, s)
		return b
	}
	b = append(b, '"')
	for s != "" {
		i := 0
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		if i > 0 {
			q, _ := jsontext.AppendQuote(nil, s[:i])
			b = append(b, q[1:len(q)-1]...)
		}
		if i < len(s) {
			b = append(b, s[i]) // the invalid byte, raw
			i++
		}
		s = s[i:]
	}
	return append(b, '"')
}
