package profile

import (
	"bytes"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/go-playground/validator/v10"
)

// Validate is [Options.Validate] with zero Options.
func Validate(p Profile) error { return Options{}.Validate(p) }

// Validate reports every problem with p, as [Errors] in the order of
// [Options.Normalize], or nil: the field rules of [Options.Normalize] (a
// value that normalization would only change is not a problem) and the
// rules of the whole resource: the mode's members (S2), an identifier
// (S3), property names (R2) and patch operations (M1–M3).
func (o Options) Validate(p Profile) error {
	_, _, errs := o.normalize(p, nil, false)
	return errs.asError()
}

// validate checks the resource-level rules on a normalized profile. failed
// holds the fields already rejected, so that a rejected identifier does
// not also read as a missing one.
func (o Options) validate(p Profile, failed map[Pointer]bool) Errors {
	if failed[""] || failed[ptrData] {
		return nil // there is no resource to check
	}
	errs := checkShape(p)
	if !failed[ptrID] {
		errs = append(errs, o.checkID(p.ID)...)
	}
	errs = append(errs, o.checkMode(p, failed[ptrID])...)
	errs = append(errs, o.checkIdentifier(p, failed)...)
	errs = append(errs, checkKeys(p.Attributes.Properties, ptrProperties)...)
	errs = append(errs, checkMeta(p.Meta)...)
	errs = append(errs, checkConflicts(p)...)
	return errs
}

// checkID rejects an id that could not be sent: not UTF-8, or holding a
// control character. Otherwise the id is opaque.
func (o Options) checkID(id Text) Errors {
	switch {
	case id.State != Set:
		return nil
	case !utf8.ValidString(id.Value):
		return Errors{newError(ptrID, CodeInvalidUTF8, "string is not valid UTF-8")}
	case checkText(id.Value) != nil:
		return Errors{newError(ptrID, CodeInvalidText, "text contains a control character")}
	}
	return nil
}

// checkShape rejects what only a profile built in Go can hold: members
// given inside an object whose State says it is absent or null, which
// encoding would silently drop, and State values that are not one of the
// three.
func checkShape(p Profile) Errors {
	var errs Errors
	bad := func(ptr Pointer, s State, hasContent bool) {
		if s > Set || (s != Set && hasContent) {
			errs = append(errs, newError(ptr, CodeWrongType, "members or a value given with a State of "+s.String()))
		}
	}
	a := &p.Attributes
	bad(ptrID, p.ID.State, p.ID.Value != "")
	for i := range attributeFields {
		t := a.textAt(i)
		bad(attributeFields[i].ptr, t.State, t.Value != "")
	}
	l := &a.Location
	bad(ptrLocation, l.State, *l != Location{State: l.State})
	for i := range locationFields {
		f := &locationFields[i]
		if t, c := l.memberAt(i); t != nil {
			bad(f.ptr, t.State, t.Value != "")
		} else {
			bad(f.ptr, c.State, c.Value != "")
		}
	}
	bad(ptrProperties, a.Properties.State, len(a.Properties.Members) > 0)
	m := &p.Meta
	pp, pi := &m.PatchProperties, &m.PatchIdentifiers
	bad(ptrMeta, m.State, pp.State != Absent || pi.State != Absent)
	bad(ptrPatchProperties, pp.State, pp.Append.State != Absent || pp.Unappend.State != Absent || pp.Unset.State != Absent)
	bad(ptrPatchProperties+"/append", pp.Append.State, len(pp.Append.Members) > 0)
	bad(ptrPatchProperties+"/unappend", pp.Unappend.State, len(pp.Unappend.Members) > 0)
	bad(ptrPatchProperties+"/unset", pp.Unset.State, len(pp.Unset.Values) > 0)
	bad(ptrPatchIdentifiers, pi.State, pi.Append.State != Absent || pi.Unappend.State != Absent)
	bad(ptrPatchIdentifiers+"/append", pi.Append.State, pi.Append.Email.State != Absent)
	bad(ptrPatchIdentifiers+"/unappend", pi.Unappend.State, pi.Unappend.Email.State != Absent)
	return errs
}

// checkMode applies S2: create forbids id, meta and _kx; update needs id,
// unless the id was rejected already (idFailed).
func (o Options) checkMode(p Profile, idFailed bool) Errors {
	var errs Errors
	switch o.Mode {
	case Create:
		if p.ID.State != Absent {
			errs = append(errs, newError(ptrID, CodeNotAllowed, "id is not allowed when creating a profile"))
		}
		if p.Attributes.Kx.State != Absent {
			errs = append(errs, newError(ptrAttributes+"/_kx", CodeNotAllowed, "_kx is not allowed when creating a profile"))
		}
		if p.Meta.State != Absent {
			errs = append(errs, newError(ptrMeta, CodeNotAllowed, "meta is not allowed when creating a profile"))
		}
	case Update:
		switch {
		case idFailed:
		case p.ID.State == Null:
			errs = append(errs, newError(ptrID, CodeWrongType, "id must be a string"))
		case !isIdentifier(p.ID):
			errs = append(errs, newError(ptrID, CodeRequired, "id is required when updating a profile"))
		}
	}
	return errs
}

// checkIdentifier applies S3: at least one identifier after normalization.
// In create mode id and _kx are not allowed, so they do not count.
func (o Options) checkIdentifier(p Profile, failed map[Pointer]bool) Errors {
	a := &p.Attributes
	if a.Email.IsSet() || a.PhoneNumber.IsSet() || a.ExternalID.IsSet() {
		return nil
	}
	if o.Mode != Create && (a.Kx.IsSet() || isIdentifier(p.ID)) {
		return nil
	}
	if failed[ptrAttributes] {
		return nil // no attributes could be read
	}
	if o.Mode != Create && failed[ptrID] {
		return nil // the id, which would have been one, was rejected
	}
	for _, f := range []string{"email", "phone_number", "external_id", "_kx"} {
		if failed[ptrAttributes+"/"+Pointer(f)] {
			return nil
		}
	}
	msg := "one of email, phone_number, external_id, _kx or id is required"
	if o.Mode == Create {
		msg = "one of email, phone_number or external_id is required"
	}
	return Errors{newError(ptrAttributes, CodeIdentifierRequired, msg)}
}

// checkKeys applies R2 to the member names directly under an object.
func checkKeys(o Object, p Pointer) Errors {
	var errs Errors
	for _, m := range o.Members {
		if m.Name == "" {
			errs = append(errs, newError(p+"/", CodeInvalidKey, "property name is empty"))
		}
	}
	return errs
}

// checkMeta applies R2 and M1 to patch_properties and the shapes of M3.
func checkMeta(m Meta) Errors {
	if m.State != Set {
		return nil
	}
	var errs Errors
	pp := m.PatchProperties
	if pp.State == Set {
		errs = append(errs, checkKeys(pp.Append, ptrPatchProperties+"/append")...)
		errs = append(errs, checkKeys(pp.Unappend, ptrPatchProperties+"/unappend")...)
		errs = append(errs, checkStrings(pp.Unset, ptrPatchProperties+"/unset")...)
		var listed int
		for i, k := range pp.Unset.Values {
			fe := unsetKeyProblem(k)
			if fe == nil {
				continue
			}
			if listed++; listed > maxListProblems {
				errs = append(errs, tooManyInList().at(ptrPatchProperties+"/unset"))
				break
			}
			errs = append(errs, fe.at(unsetPointer(pp.Unset, i)))
		}
	}
	pi := m.PatchIdentifiers
	if pi.State == Set {
		errs = append(errs, checkEmailPatch(pi.Append, ptrPatchIdentifiers+"/append")...)
		errs = append(errs, checkEmailPatch(pi.Unappend, ptrPatchIdentifiers+"/unappend")...)
	}
	return errs
}

// maxListProblems is how many problems each check of a list of a profile
// reports (the addresses of a patch_identifiers operation; the keys of
// unset; unset's conflicts); past it, too_large at the list says the rest
// are not listed. Each problem costs far more than the few bytes of its
// element.
const maxListProblems = 1000

func tooManyInList() *FieldError {
	return newError("", CodeTooLarge, "too many problems in this list; the first "+strconv.Itoa(maxListProblems)+" are listed")
}

// at sets fe's pointer and returns fe.
func (fe *FieldError) at(p Pointer) *FieldError {
	fe.Pointer = p
	return fe
}

// unsetKeyProblem is what is wrong with a key of unset (R2), or nil.
func unsetKeyProblem(k string) *FieldError {
	switch {
	case !utf8.ValidString(k):
		return newError("", CodeInvalidUTF8, "string is not valid UTF-8")
	case k == "":
		return newError("", CodeInvalidKey, "property name is empty")
	}
	return nil
}

// checkStrings rejects a string form that does not hold exactly one string.
func checkStrings(s Strings, p Pointer) Errors {
	if s.State == Set && !s.Array && len(s.Values) != 1 {
		return Errors{newError(p, CodeWrongType, "must be a string or an array of strings")}
	}
	return nil
}

// checkEmailPatch rejects what the schema does not allow: a null operation
// or a null email member.
func checkEmailPatch(e EmailPatch, p Pointer) Errors {
	switch {
	case e.State == Null:
		return Errors{newError(p, CodeWrongType, "must be an object")}
	case e.Email.State == Null:
		return Errors{newError(p+"/email", CodeWrongType, "must be a string or an array of strings")}
	}
	return checkStrings(e.Email, p+"/email")
}

func unsetPointer(s Strings, i int) Pointer {
	p := ptrPatchProperties + "/unset"
	if s.Array {
		p = p.Append(strconv.Itoa(s.index(i)))
	}
	return p
}

// checkConflicts applies M2: a property key whose result would depend on
// the order Klaviyo applies properties, append, unappend and unset. Each
// later occurrence is reported.
func checkConflicts(p Profile) Errors {
	pp := p.Meta.PatchProperties
	if p.Meta.State != Set || pp.State != Set {
		return nil
	}
	props := memberValues(p.Attributes.Properties)
	app := memberValues(pp.Append)
	var errs Errors
	for _, m := range pp.Append.Members {
		if _, ok := props[m.Name]; ok && m.Name != "" {
			errs = append(errs, conflict(ptrPatchProperties+"/append", m.Name, "properties"))
		}
	}
	for _, m := range pp.Unappend.Members {
		if m.Name == "" {
			continue // already invalid_key (R2)
		}
		if _, ok := props[m.Name]; ok {
			errs = append(errs, conflict(ptrPatchProperties+"/unappend", m.Name, "properties"))
		} else if v, ok := app[m.Name]; ok && shareValue(v, m.Value) {
			errs = append(errs, conflict(ptrPatchProperties+"/unappend", m.Name, "append"))
		}
	}
	unapp := memberValues(pp.Unappend)
	var listed int
	for i, k := range pp.Unset.Values {
		if other := firstHolder(k, props, app, unapp); other != "" {
			if listed++; listed > maxListProblems {
				errs = append(errs, tooManyInList().at(ptrPatchProperties+"/unset"))
				break
			}
			errs = append(errs, newError(unsetPointer(pp.Unset, i), CodeConflict,
				"property is also named in "+other+"; the result would depend on the order of operations"))
		}
	}
	return errs
}

// firstHolder names the first of properties, append and unappend that has
// key k, or returns "". The empty key is already invalid_key (R2).
func firstHolder(k string, props, app, unapp map[string][]byte) string {
	if k == "" {
		return ""
	}
	for _, h := range []struct {
		name string
		m    map[string][]byte
	}{{"properties", props}, {"append", app}, {"unappend", unapp}} {
		if _, ok := h.m[k]; ok {
			return h.name
		}
	}
	return ""
}

func conflict(p Pointer, key, other string) *FieldError {
	return newError(p.Append(key), CodeConflict,
		"property is also named in "+other+"; the result would depend on the order of operations")
}

// memberValues maps each member name of o to its first value.
func memberValues(o Object) map[string][]byte {
	if len(o.Members) == 0 {
		return nil
	}
	m := make(map[string][]byte, len(o.Members))
	for _, mb := range o.Members {
		if _, dup := m[mb.Name]; !dup {
			m[mb.Name] = mb.Value
		}
	}
	return m
}

// shareValue reports whether two append/unappend values, each a value or
// an array of values, have a value in common. Values are compared as JSON
// values (RFC 8785 form: 1, 1.0 and 1E0 are one number; member order of an
// object does not matter), in time linear in their sizes.
func shareValue(a, b []byte) bool {
	seen := make(map[string]bool)
	for _, x := range elements(a) {
		seen[x] = true
	}
	for _, y := range elements(b) {
		if seen[y] {
			return true
		}
	}
	return false
}

// elements returns the RFC 8785 canonical text of each element of an
// array value, or of the value itself when it is not an array.
func elements(v []byte) []string {
	val := jsontext.Value(bytes.Clone(v))
	if val.Kind() != '[' {
		return []string{jcs(val)}
	}
	var out []string
	dec := jsontext.NewDecoder(bytes.NewReader(val))
	if _, err := dec.ReadToken(); err != nil {
		return nil
	}
	for dec.PeekKind() != ']' && dec.PeekKind() != 0 {
		e, err := dec.ReadValue()
		if err != nil {
			break
		}
		out = append(out, jcs(e))
	}
	return out
}

// jcs returns v in RFC 8785 canonical form, or as it is if it has none
// (a number beyond float64 is compared by its text).
func jcs(v jsontext.Value) string {
	c := jsontext.Value(bytes.Clone(v))
	if c.Canonicalize() != nil {
		return string(v)
	}
	return string(c)
}

// structValidator checks image URLs with validator/v10's http_url: an
// absolute http or https URL with a host (I1). It is built once.
var structValidator = sync.OnceValue(func() *validator.Validate {
	return validator.New(validator.WithRequiredStructEnabled())
})

// checkImageURL applies I1; white space inside is not part of a URL, and
// the host must be a DNS name or an IP address, the port 1–65535.
func checkImageURL(s string) *FieldError {
	if strings.IndexFunc(s, isWhiteSpace) >= 0 || structValidator().Var(s, "http_url") != nil || !goodHost(s) {
		return newError("", CodeInvalidURL, "image is not an absolute http or https URL")
	}
	return nil
}

func goodHost(s string) bool {
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	if port := u.Port(); port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return false
		}
	}
	host := u.Hostname()
	if _, err := netip.ParseAddr(host); err == nil {
		return true
	}
	for _, label := range strings.Split(strings.TrimSuffix(host, "."), ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' ||
			strings.ContainsAny(label, "_%!$&'()*+,;=") {
			return false
		}
	}
	return true
}
