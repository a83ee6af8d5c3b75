package profile

import (
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"
)

// Validate is [Options.Validate] with zero Options.
func Validate(p Profile) error { return Options{}.Validate(p) }

// Validate reports every problem with p, as [Errors] in schema order, or
// nil: the field rules of [Options.Normalize] (a value that normalization
// would only change is not a problem) and the rules of the whole resource:
// the mode's members (S2), an identifier (S3), property names (R2) and
// patch operations (M1–M3).
func (o Options) Validate(p Profile) error {
	_, _, errs := o.normalize(p, nil)
	return errs.asError()
}

// validate checks the resource-level rules on a normalized profile. failed
// holds the fields already rejected, so that a rejected identifier does
// not also read as a missing one.
func (o Options) validate(p Profile, failed map[Pointer]bool) Errors {
	var errs Errors
	if !failed[ptrID] {
		errs = append(errs, o.checkMode(p)...)
	}
	errs = append(errs, o.checkIdentifier(p, failed)...)
	errs = append(errs, checkKeys(p.Attributes.Properties, ptrProperties)...)
	errs = append(errs, checkMeta(p.Meta)...)
	errs = append(errs, checkConflicts(p)...)
	return errs
}

// checkMode applies S2: create forbids id, meta and _kx; update needs id.
func (o Options) checkMode(p Profile) Errors {
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
		case p.ID.State == Null:
			errs = append(errs, newError(ptrID, CodeWrongType, "id must be a string"))
		case p.ID.Value == "":
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
	if o.Mode != Create && (a.Kx.IsSet() || p.ID.IsSet()) {
		return nil
	}
	if failed[""] || failed[ptrData] || failed[ptrAttributes] {
		return nil // no attributes could be read
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
		for i, k := range pp.Unset.Values {
			if k == "" {
				errs = append(errs, newError(unsetPointer(pp.Unset, i), CodeInvalidKey, "property name is empty"))
			}
		}
	}
	pi := m.PatchIdentifiers
	if pi.State == Set {
		errs = append(errs, checkEmailPatch(pi.Append, ptrPatchIdentifiers+"/append")...)
		errs = append(errs, checkEmailPatch(pi.Unappend, ptrPatchIdentifiers+"/unappend")...)
	}
	return errs
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
		p = p.Append(strconv.Itoa(i))
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
	props := memberNames(p.Attributes.Properties)
	app := memberNames(pp.Append)
	var errs Errors
	for _, m := range pp.Append.Members {
		if m.Name != "" && props[m.Name] {
			errs = append(errs, conflict(ptrPatchProperties+"/append", m.Name, "properties"))
		}
	}
	for _, m := range pp.Unappend.Members {
		switch {
		case m.Name == "":
		case props[m.Name]:
			errs = append(errs, conflict(ptrPatchProperties+"/unappend", m.Name, "properties"))
		case app[m.Name] && shareValue(findMember(pp.Append, m.Name), m.Value):
			errs = append(errs, conflict(ptrPatchProperties+"/unappend", m.Name, "append"))
		}
	}
	unapp := memberNames(pp.Unappend)
	for i, k := range pp.Unset.Values {
		var other string
		switch {
		case k == "": // already invalid_key (R2)
			continue
		case props[k]:
			other = "properties"
		case app[k]:
			other = "append"
		case unapp[k]:
			other = "unappend"
		default:
			continue
		}
		errs = append(errs, newError(unsetPointer(pp.Unset, i), CodeConflict,
			"property is also set in "+other+"; the result would depend on the order of operations"))
	}
	return errs
}

func conflict(p Pointer, key, other string) *FieldError {
	return newError(p.Append(key), CodeConflict,
		"property is also named in "+other+"; the result would depend on the order of operations")
}

func memberNames(o Object) map[string]bool {
	if len(o.Members) == 0 {
		return nil
	}
	m := make(map[string]bool, len(o.Members))
	for _, mb := range o.Members {
		m[mb.Name] = true
	}
	return m
}

func findMember(o Object, name string) []byte {
	for _, m := range o.Members {
		if m.Name == name {
			return m.Value
		}
	}
	return nil
}

// shareValue reports whether two append/unappend values, each a value or
// an array of values, have a value in common, comparing canonical text.
func shareValue(a, b []byte) bool {
	as, bs := elements(a), elements(b)
	for _, x := range as {
		for _, y := range bs {
			if x == y {
				return true
			}
		}
	}
	return false
}

// elements splits canonical JSON text into its array elements, or returns
// the value itself when it is not an array.
func elements(v []byte) []string {
	if len(v) < 2 || v[0] != '[' {
		return []string{string(v)}
	}
	return splitTopLevel(string(v[1 : len(v)-1]))
}

// splitTopLevel splits the canonical text of array elements at the commas
// that are not inside a nested value or a string.
func splitTopLevel(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	depth, start, inString := 0, 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
		case c == ',' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
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
