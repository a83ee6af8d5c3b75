package profile

import (
	"github.com/go-json-experiment/json/jsontext"
)

// Encode returns the canonical request body {"data": p} for p (O1): known
// members in schema order, absent members omitted, null kept, compact, no
// HTML escaping, strings minimally escaped and property values as stored.
// The same profile always gives the same bytes.
//
// Encode writes p as it is; normalize it first. It fails only on text that
// is not valid UTF-8, a property value that is not valid JSON, or a State
// other than Absent, Null and Set, which Normalize would have reported.
func Encode(p Profile) ([]byte, error) {
	return AppendJSON(make([]byte, 0, 512), p)
}

// AppendJSON appends the canonical encoding of p, as [Encode] returns it,
// to dst.
func AppendJSON(dst []byte, p Profile) ([]byte, error) {
	return encoder{buf: dst}.document(p)
}

// appendDecoded is AppendJSON for a profile read by the decoder and
// normalized: its number coordinates are JSON numbers and its property
// values canonical JSON text already, so they are not checked again.
func appendDecoded(dst []byte, p Profile) ([]byte, error) {
	return encoder{buf: dst, decoded: true}.document(p)
}

// document appends {"data": p} to e's buffer and returns it; on failure
// it returns the buffer as it was given.
func (e encoder) document(p Profile) ([]byte, error) {
	dst := e.buf
	e.resource(p)
	if e.bad != nil {
		return dst, e.bad
	}
	return e.buf, nil
}

// appendObject appends the resource object of p, without the {"data": …}
// around it, as a bulk body holds it.
func appendObject(dst []byte, p Profile) ([]byte, error) {
	e := encoder{buf: dst}
	e.object(p)
	if e.bad != nil {
		return dst, e.bad
	}
	return e.buf, nil
}

// encoder writes one object at a time; first tracks whether a comma is due.
type encoder struct {
	buf     []byte
	first   bool
	bad     *FieldError // about the first member that could not be encoded
	decoded bool        // numbers and property values came from the decoder: valid JSON
}

func (e *encoder) resource(p Profile) {
	e.buf = append(e.buf, `{"data":`...)
	e.object(p)
	e.buf = append(e.buf, '}')
}

// object writes the resource object itself: {"type":"profile",…}.
func (e *encoder) object(p Profile) {
	e.buf = append(e.buf, `{"type":"profile"`...)
	e.first = false
	e.text("id", p.ID, ptrID)
	e.name("attributes")
	e.attributes(&p.Attributes)
	e.meta(p.Meta)
	e.buf = append(e.buf, '}')
}

// name writes a member name, after a comma when one is due.
func (e *encoder) name(n string) {
	if !e.first {
		e.buf = append(e.buf, ',')
	}
	e.first = false
	e.buf = append(e.buf, '"')
	e.buf = append(e.buf, n...) // schema names need no escaping
	e.buf = append(e.buf, '"', ':')
}

func (e *encoder) open() {
	e.buf = append(e.buf, '{')
	e.first = true
}

func (e *encoder) close() {
	e.buf = append(e.buf, '}')
	e.first = false
}

// str writes s quoted; invalid UTF-8, written as U+FFFD, makes p bad.
func (e *encoder) str(s string, p Pointer) {
	var err error
	if e.buf, err = jsontext.AppendQuote(e.buf, s); err != nil {
		e.fail(p)
	}
}

// fail records that the value at p is not valid JSON, unless a problem
// was recorded already.
func (e *encoder) fail(p Pointer) {
	if e.bad == nil {
		e.bad = newError(p, CodeInvalidUTF8, "value cannot be encoded as JSON")
	}
}

// member writes the name of a member at p in state s, and null when it is
// null; it reports whether the caller is to write a value. A State that is
// none of the three is recorded as a problem, and nothing is written.
func (e *encoder) member(n string, s State, p Pointer) bool {
	switch s {
	case Absent:
		return false
	case Null, Set:
	default:
		if e.bad == nil {
			e.bad = newError(p, CodeWrongType, "member has a State of "+s.String())
		}
		return false
	}
	e.name(n)
	if s == Null {
		e.buf = append(e.buf, "null"...)
	}
	return s == Set
}

func (e *encoder) text(n string, t Text, p Pointer) {
	if e.member(n, t.State, p) {
		e.str(t.Value, p)
	}
}

func (e *encoder) attributes(a *Attributes) {
	e.open()
	for i := range attributeFields {
		f := &attributeFields[i]
		e.text(f.name, *a.textAt(i), f.ptr)
	}
	e.location(&a.Location)
	e.members("properties", a.Properties, ptrProperties)
	e.close()
}

func (e *encoder) location(l *Location) {
	if !e.member("location", l.State, ptrLocation) {
		return
	}
	e.open()
	for i := range locationFields {
		f := &locationFields[i]
		if t, c := l.memberAt(i); t != nil {
			e.text(f.name, *t, f.ptr)
		} else {
			e.coordinate(f.name, *c, f.ptr)
		}
	}
	e.close()
}

func (e *encoder) coordinate(n string, c Coordinate, p Pointer) {
	if c.State == Set && c.Number {
		e.member(n, Set, p)
		if !e.decoded && !jsontext.Value(c.Value).IsValid() {
			e.fail(p)
		}
		e.buf = append(e.buf, c.Value...)
		return
	}
	e.text(n, Text{State: c.State, Value: c.Value}, p)
}

func (e *encoder) members(n string, o Object, p Pointer) {
	if !e.member(n, o.State, p) {
		return
	}
	e.buf = append(e.buf, '{')
	for i, m := range o.Members {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.str(m.Name, p)
		e.buf = append(e.buf, ':')
		if !e.decoded && !jsontext.Value(m.Value).IsValid() && e.bad == nil {
			e.fail(p.Append(m.Name))
		}
		e.buf = append(e.buf, m.Value...)
	}
	e.buf = append(e.buf, '}')
	e.first = false
}

func (e *encoder) strings(n string, s Strings, p Pointer) {
	if !e.member(n, s.State, p) {
		return
	}
	if !s.Array && len(s.Values) == 1 {
		e.str(s.Values[0], p)
		return
	}
	e.buf = append(e.buf, '[')
	for i, v := range s.Values {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.str(v, p)
	}
	e.buf = append(e.buf, ']')
	e.first = false
}

func (e *encoder) meta(m Meta) {
	if !e.member("meta", m.State, ptrMeta) {
		return
	}
	e.open()
	if pp := m.PatchProperties; e.member("patch_properties", pp.State, ptrPatchProperties) {
		e.open()
		e.members("append", pp.Append, ptrPatchProperties+"/append")
		e.members("unappend", pp.Unappend, ptrPatchProperties+"/unappend")
		e.strings("unset", pp.Unset, ptrPatchProperties+"/unset")
		e.close()
	}
	if pi := m.PatchIdentifiers; e.member("patch_identifiers", pi.State, ptrPatchIdentifiers) {
		e.open()
		e.emailPatch("append", pi.Append, ptrPatchIdentifiers+"/append")
		e.emailPatch("unappend", pi.Unappend, ptrPatchIdentifiers+"/unappend")
		e.close()
	}
	e.close()
}

func (e *encoder) emailPatch(n string, ep EmailPatch, p Pointer) {
	if ep.State != Set {
		return // null is not allowed here; Validate reports it
	}
	e.member(n, Set, p)
	e.open()
	e.strings("email", ep.Email, p+"/email")
	e.close()
}
