package profile

import (
	"bytes"
	"cmp"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// Decode reads a request body strictly (SPEC rules D1–D9 and S1) and
// returns its profile resource. It is [Options.Decode] with zero Options.
func Decode(data []byte) (Profile, error) { return Options{}.Decode(data) }

// Decode reads a request body strictly and returns its profile resource.
//
// Member names match exactly; duplicate names, invalid UTF-8, unknown
// members and JSON types the schema does not allow are reported, each at
// its JSON Pointer, and reading goes on so that every problem is found.
// Only a syntax error, or a body over the limits, stops it.
// Absent, null and set members keep their [State].
//
// Decode checks the shape of an upsert body, the widest of the three;
// the rules of the other modes are [Options.Validate]'s. The error, when
// not nil, is [Errors]. The profile returned with an error holds every
// member that could be read.
func (o Options) Decode(data []byte) (Profile, error) {
	d := o.newDecoder(data)
	p := d.document()
	return p, d.errors().asError()
}

// An issue is a FieldError with the byte offset where it was found, used to
// put the problems of a whole pipeline in document order.
type issue struct {
	off int64
	err *FieldError
}

// decoder walks one document with jsontext, checking it against the
// profile schema as it goes.
type decoder struct {
	dec    *jsontext.Decoder
	opts   Options
	base   int64 // bytes skipped before the decoder's input (a BOM)
	issues []issue
	fatal  bool // a syntax error or limit was hit: nothing more can be read
	broken bool // the input is not JSON: a syntax error was reported
}

var utf8BOM = []byte("\xef\xbb\xbf")

func (o Options) newDecoder(data []byte) *decoder {
	d := &decoder{opts: o}
	if len(data) > o.maxBytes() {
		d.report(0, newError("", CodeTooLarge, "body is over "+strconv.Itoa(o.maxBytes())+" bytes"))
		d.fatal = true
		return d
	}
	if bytes.HasPrefix(data, utf8BOM) {
		data, d.base = data[len(utf8BOM):], int64(len(utf8BOM))
	}
	d.dec = jsontext.NewDecoder(bytes.NewBuffer(data),
		jsontext.AllowDuplicateNames(true), // reported as duplicate_key, not as a syntax error
		jsontext.AllowInvalidUTF8(true))    // reported as invalid_utf8, at the string itself
	return d
}

// errors returns the issues found, in document order.
func (d *decoder) errors() Errors {
	slices.SortStableFunc(d.issues, func(a, b issue) int { return cmp.Compare(a.off, b.off) })
	es := make(Errors, len(d.issues))
	for i, is := range d.issues {
		es[i] = is.err
	}
	return es
}

func (d *decoder) report(off int64, fe *FieldError) {
	d.issues = append(d.issues, issue{off: off, err: fe})
}

// here is the offset just past the last token read.
func (d *decoder) here() int64 { return d.base + d.dec.InputOffset() }

func (d *decoder) add(p Pointer, c Code, msg string) {
	d.report(d.here(), newError(p, c, msg))
}

// fail records a syntax error and stops the reading.
func (d *decoder) fail(err error) {
	if d.fatal {
		return
	}
	d.fatal = true
	var se *jsontext.SyntacticError
	if errors.As(err, &se) && strings.Contains(se.Err.Error(), "exceeded max depth") {
		return // only inside a value already reported as too_deep
	}
	d.broken = true
	switch {
	case se != nil:
		off := d.base + se.ByteOffset
		d.report(off, newError(Pointer(se.JSONPointer), CodeSyntax,
			"malformed JSON at byte "+strconv.FormatInt(off, 10)+": "+withoutQuotes(se.Err.Error())))
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		off := d.here()
		p := Pointer(d.dec.StackPointer())
		if d.dec.StackDepth() == 0 {
			p = ""
		}
		d.report(off, newError(p, CodeSyntax,
			"malformed JSON at byte "+strconv.FormatInt(off, 10)+": unexpected end of input"))
	default:
		d.report(d.here(), newError("", CodeSyntax, "malformed JSON: "+err.Error()))
	}
}

// withoutQuotes removes the pieces of input a parser message quotes
// ('x', `\u12`), which may be part of a personal value.
func withoutQuotes(msg string) string {
	var b strings.Builder
	var quote rune
	for _, r := range msg {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '`':
			quote = r
		default:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// peek returns the kind of the next token, or 0 after recording the
// syntax error that stops the reading.
func (d *decoder) peek() jsontext.Kind {
	if d.fatal {
		return 0
	}
	k := d.dec.PeekKind()
	if k == 0 {
		_, err := d.dec.ReadToken()
		if err == nil {
			err = io.ErrUnexpectedEOF
		}
		d.fail(err)
	}
	return k
}

func (d *decoder) readToken() bool {
	if _, err := d.dec.ReadToken(); err != nil {
		d.fail(err)
		return false
	}
	return true
}

// readRaw reads the next scalar value, or an object name, as raw JSON.
func (d *decoder) readRaw() (jsontext.Value, bool) {
	v, err := d.dec.ReadValue()
	if err != nil {
		d.fail(err)
		return nil, false
	}
	return v, true
}

// unquote decodes a raw JSON string strictly: invalid UTF-8 and escaped
// lone surrogates are reported as invalid_utf8 at at (D3).
func (d *decoder) unquote(raw jsontext.Value, at place) (string, bool) {
	if s, ok := fastUnquote(raw); ok {
		return s, true
	}
	b, err := jsontext.AppendUnquote(nil, raw)
	if err != nil {
		d.add(at.pointer(), CodeInvalidUTF8, "string is not valid UTF-8")
		return string(b), false
	}
	return string(b), true
}

// A place is where a value is: a pointer, or a member name or element
// index in the container at a pointer. Its Pointer is built only when a
// problem is reported or a container is entered, not for every member.
type place struct {
	in     Pointer
	name   string
	index  int // an element index when >= 0; a member name when -1
	isSelf bool
}

func self(p Pointer) place                { return place{in: p, isSelf: true} }
func member(p Pointer, name string) place { return place{in: p, name: name, index: -1} }
func element(p Pointer, i int) place      { return place{in: p, index: i} }

func (pl place) pointer() Pointer {
	switch {
	case pl.isSelf:
		return pl.in
	case pl.index >= 0:
		return pl.in + "/" + Pointer(strconv.Itoa(pl.index))
	}
	return pl.in.Append(pl.name)
}

// fastUnquote returns the contents of a raw JSON string that has no escape
// and only ASCII, the common case.
func fastUnquote(raw []byte) (string, bool) {
	in := raw[1 : len(raw)-1]
	for _, c := range in {
		if c == '\\' || c >= 0x80 {
			return "", false
		}
	}
	return string(in), true
}

// document reads the whole body: {"data": resource}, then the end of input.
func (d *decoder) document() (p Profile) {
	d.root(func(dp Pointer) { p = d.resource(dp) })
	return p
}

// root reads {"data": …}, data's value with read, then the end of input.
func (d *decoder) root(read func(dp Pointer)) {
	if d.fatal {
		return
	}
	d.required("", rootFields, read)
	d.end()
}

// end checks that nothing but white space follows the top-level value (D2).
func (d *decoder) end() {
	if d.fatal {
		return
	}
	_, err := d.dec.ReadToken()
	if err == io.EOF {
		return
	}
	d.fatal, d.broken = true, true
	off := d.here()
	var se *jsontext.SyntacticError
	if errors.As(err, &se) {
		off = d.base + se.ByteOffset
	}
	d.report(off, newError("", CodeSyntax,
		"malformed JSON at byte "+strconv.FormatInt(off, 10)+": data after the top-level value"))
}

// object reads an object whose '{' is next. It reports duplicate names
// (D4) and names not in known (D5, with a hint), skipping their values,
// and calls member for each other name with the decoder before its value.
func (d *decoder) object(p Pointer, known []string, member func(name string)) {
	if !d.open(p, d.docLimit()) {
		return
	}
	var seen nameSet
	for !d.fatal && d.peek() != '}' {
		name, ok := d.memberName(p, &seen)
		switch {
		case !ok:
			d.skip(p.Append(name))
		case !hasString(known, name):
			fe := newError(p.Append(name), CodeUnknownField, "unknown field")
			fe.Hint = closestName(name, known)
			d.report(d.here(), fe)
			d.skip(p.Append(name))
		default:
			member(name)
		}
	}
	d.readToken()
}

// A depthLimit is the deepest the decoder may go (D7), and the limit to
// name when a container would go deeper: levels of the document, or of
// properties when props is set.
type depthLimit struct {
	max    int
	levels int
	props  bool
}

func (l depthLimit) message() string {
	what := "the document nests"
	if l.props {
		what = "properties nest"
	}
	return what + " deeper than " + strconv.Itoa(l.levels) + " levels"
}

// docLimit is the limit of the whole document.
func (d *decoder) docLimit() depthLimit {
	return depthLimit{max: d.opts.maxDepth(), levels: d.opts.maxDepth()}
}

// propertiesLimit is the limit inside properties: the properties object
// itself is level 1, and the decoder is now at the attributes object.
func (d *decoder) propertiesLimit() depthLimit {
	n := d.opts.maxPropDepth()
	if d.dec.StackDepth()+n > d.opts.maxDepth() {
		return d.docLimit()
	}
	return depthLimit{max: d.dec.StackDepth() + n, levels: n, props: true}
}

// open reads the '{' or '[' that is next, or reports too_deep at p when the
// container would nest deeper than the limit (D7) and skips it.
func (d *decoder) open(p Pointer, lim depthLimit) bool {
	if d.dec.StackDepth()+1 > lim.max {
		d.add(p, CodeTooDeep, lim.message())
		if err := d.dec.SkipValue(); err != nil {
			d.fail(err)
		}
		return false
	}
	return d.readToken()
}

func hasString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// nameSet finds duplicate member names; small objects need no map.
type nameSet struct {
	list []string
	m    map[string]struct{}
}

func (s *nameSet) add(name string) bool {
	if s.m == nil {
		if !hasString(s.list, name) {
			if len(s.list) < 16 {
				s.list = append(s.list, name)
				return true
			}
			s.m = make(map[string]struct{}, 32)
			for _, n := range s.list {
				s.m[n] = struct{}{}
			}
		} else {
			return false
		}
	}
	if _, dup := s.m[name]; dup {
		return false
	}
	s.m[name] = struct{}{}
	return true
}

// wrongType skips a value of a JSON type not allowed at p and reports it,
// unless the value turned out not to be JSON at all.
func (d *decoder) wrongType(p Pointer, want string) {
	off := d.here()
	d.skip(p)
	if !d.broken {
		d.report(off, newError(p, CodeWrongType, "must be "+want))
	}
}

// skip reads and discards the next value, still reporting what is wrong
// inside it (D3, D4, D7, D8).
func (d *decoder) skip(p Pointer) {
	d.value(nil, self(p), d.docLimit())
}

// text reads a member that is a string or null (D6).
func (d *decoder) text(p Pointer) Text {
	switch d.peek() {
	case 'n':
		d.readToken()
		return NullText
	case '"':
		raw, ok := d.readRaw()
		if !ok {
			return Text{}
		}
		if s, ok := d.unquote(raw, self(p)); ok {
			return String(s)
		}
		return Text{}
	case 0:
		return Text{}
	}
	d.wrongType(p, "a string or null")
	return Text{}
}

// coordinate reads latitude or longitude: a string, a number or null (D6).
func (d *decoder) coordinate(p Pointer) Coordinate {
	switch d.peek() {
	case '0':
		raw, ok := d.readRaw()
		if ok && d.number(raw, self(p)) {
			return Coordinate{State: Set, Value: string(raw), Number: true}
		}
		return Coordinate{}
	case 'n', '"':
		t := d.text(p)
		return Coordinate{State: t.State, Value: t.Value}
	case 0:
		return Coordinate{}
	}
	d.wrongType(p, "a string, a number or null")
	return Coordinate{}
}

// number checks that a JSON number fits a 64-bit float (D8).
func (d *decoder) number(raw []byte, p place) bool {
	if !numberInRange(raw) {
		d.add(p.pointer(), CodeInvalidNumber, "number is outside the range of a 64-bit float")
		return false
	}
	return true
}

// numberInRange reports whether a valid JSON number is finite as a
// float64. Underflow to zero is not an error: the text is kept anyway.
func numberInRange(raw []byte) bool {
	if len(raw) < 16 && bytes.IndexAny(raw, "eE") < 0 {
		return true
	}
	_, err := strconv.ParseFloat(string(raw), 64)
	return err == nil || !errors.Is(err, strconv.ErrRange) || !isOverflow(raw)
}

// isOverflow tells an overflow from an underflow, both ErrRange.
func isOverflow(raw []byte) bool {
	f, _ := strconv.ParseFloat(string(raw), 64)
	return f > 1 || f < -1
}

// object member tables: the schema's names, in schema order.
var (
	rootFields     = []string{"data"}
	resourceFields = []string{"type", "id", "attributes", "meta"}
	attributeNames = []string{"email", "phone_number", "external_id", "_kx", "first_name",
		"last_name", "organization", "locale", "title", "image", "location", "properties"}
	locationNames = []string{"address1", "address2", "city", "country", "latitude",
		"longitude", "region", "zip", "timezone", "ip"}
	metaNames            = []string{"patch_properties", "patch_identifiers"}
	patchPropertiesNames = []string{"append", "unappend", "unset"}
	patchIdentNames      = []string{"append", "unappend"}
	emailPatchNames      = []string{"email"}
)

// resource reads the profile resource object at p (S1).
func (d *decoder) resource(p Pointer) (r Profile) {
	d.fields(p, resourceFields, resourceRequired, func(name string, mp Pointer) {
		switch name {
		case "type":
			d.resourceType(mp, "profile")
		case "id":
			r.ID = d.text(mp)
		case "attributes":
			r.Attributes = d.attributes(mp)
		case "meta":
			r.Meta = d.meta(mp)
		}
	})
	return r
}

// resourceRequired are the members a resource object must have (S1).
var resourceRequired = []string{"type", "attributes"}

// fields reads the object at p, whose members are known, reporting each
// name of mandatory that is missing; member reads each known member's
// value, at mp.
func (d *decoder) fields(p Pointer, known, mandatory []string, member func(name string, mp Pointer)) {
	if d.peek() != '{' {
		if !d.fatal {
			d.wrongType(p, "an object")
		}
		return
	}
	var seen nameSet
	d.object(p, known, func(name string) {
		seen.add(name)
		member(name, p+"/"+Pointer(name))
	})
	for _, n := range mandatory {
		if !d.fatal && seen.add(n) {
			d.add(p+"/"+Pointer(n), CodeRequired, n+" is required")
		}
	}
}

// resourceType reads data.type, which must be the string want (S1).
func (d *decoder) resourceType(p Pointer, want string) {
	if d.peek() != '"' {
		if !d.fatal {
			d.wrongType(p, "the string \""+want+"\"")
		}
		return
	}
	if t := d.text(p); t.State == Set && t.Value != want {
		d.add(p, CodeInvalidValue, "type must be \""+want+"\"")
	}
}

func (d *decoder) attributes(p Pointer) (a Attributes) {
	if d.peek() != '{' {
		if !d.fatal {
			d.wrongType(p, "an object")
		}
		return a
	}
	d.object(p, attributeNames, func(name string) {
		mp := p + "/" + Pointer(name)
		switch name {
		case "location":
			a.Location = d.location(mp)
		case "properties":
			a.Properties = d.objectValue(mp, d.propertiesLimit())
		default:
			*findAttr(name).get(&a) = d.text(mp)
		}
	})
	return a
}

func (d *decoder) location(p Pointer) (l Location) {
	l.State = d.nullableFields(p, locationNames, func(name string, mp Pointer) {
		if f := findLoc(name); f.get != nil {
			*f.get(&l) = d.text(mp)
		} else {
			*f.coord(&l) = d.coordinate(mp)
		}
	})
	return l
}

// nullableObject reads the '{' or null that is next and reports whether an
// object follows; state is Null, Set or, on a wrong type, Absent.
func (d *decoder) nullableObject(p Pointer) (state State, isObject bool) {
	switch d.peek() {
	case 'n':
		d.readToken()
		return Null, false
	case '{':
		return Set, true
	case 0:
		return Absent, false
	}
	d.wrongType(p, "an object or null")
	return Absent, false
}

// nullableFields reads an object of known members, or null, at p; it
// returns the object's state (Absent after a wrong type).
func (d *decoder) nullableFields(p Pointer, known []string, member func(name string, mp Pointer)) State {
	state, isObject := d.nullableObject(p)
	if isObject {
		d.object(p, known, func(name string) { member(name, p+"/"+Pointer(name)) })
	}
	return state
}

func (d *decoder) meta(p Pointer) (m Meta) {
	m.State = d.nullableFields(p, metaNames, func(name string, mp Pointer) {
		if name == "patch_properties" {
			m.PatchProperties = d.patchProperties(mp)
		} else {
			m.PatchIdentifiers = d.patchIdentifiers(mp)
		}
	})
	return m
}

func (d *decoder) patchProperties(p Pointer) (pp PatchProperties) {
	pp.State = d.nullableFields(p, patchPropertiesNames, func(name string, mp Pointer) {
		switch name {
		case "append":
			pp.Append = d.objectValue(mp, d.docLimit())
		case "unappend":
			pp.Unappend = d.objectValue(mp, d.docLimit())
		case "unset":
			pp.Unset = d.strings(mp, true)
		}
	})
	return pp
}

func (d *decoder) patchIdentifiers(p Pointer) (pi PatchIdentifiers) {
	pi.State = d.nullableFields(p, patchIdentNames, func(name string, mp Pointer) {
		if name == "append" {
			pi.Append = d.emailPatch(mp)
		} else {
			pi.Unappend = d.emailPatch(mp)
		}
	})
	return pi
}

// emailPatch reads {"email": string or array of strings}; the schema
// does not let the operation or its email be null (M3).
func (d *decoder) emailPatch(p Pointer) (e EmailPatch) {
	if d.peek() != '{' {
		if !d.fatal {
			d.wrongType(p, "an object")
		}
		return e
	}
	e.State = Set
	d.object(p, emailPatchNames, func(string) {
		e.Email = d.strings(p+"/email", false)
	})
	return e
}

// strings reads a string or an array of strings (M1, M3), or null when
// nullable. A bad element is reported at its own index.
func (d *decoder) strings(p Pointer, nullable bool) (s Strings) {
	want := "a string or an array of strings"
	if nullable {
		want += ", or null"
	}
	switch d.peek() {
	case 'n':
		if nullable {
			d.readToken()
			return Strings{State: Null}
		}
	case '"':
		if t := d.text(p); t.State == Set {
			return Strings{State: Set, Values: []string{t.Value}}
		}
		return s
	case '[':
		return d.stringArray(p)
	case 0:
		return s
	}
	d.wrongType(p, want)
	return s
}

func (d *decoder) stringArray(p Pointer) (s Strings) {
	if !d.open(p, d.docLimit()) {
		return s
	}
	s = Strings{State: Set, Array: true, Values: []string{}}
	for i := 0; !d.fatal && d.peek() != ']'; i++ {
		ep := p.Append(strconv.Itoa(i))
		if d.peek() != '"' {
			if !d.fatal {
				d.wrongType(ep, "a string")
			}
			continue
		}
		if t := d.text(ep); t.State == Set {
			s.Values = append(s.Values, t.Value)
		}
	}
	d.readToken()
	return s
}

// objectValue reads an object of arbitrary JSON members (properties,
// append, unappend) or null, keeping each member's value as canonical text.
func (d *decoder) objectValue(p Pointer, limit depthLimit) (o Object) {
	var ok bool
	if o.State, ok = d.nullableObject(p); !ok {
		return o
	}
	if !d.open(p, limit) {
		return Object{}
	}
	o.Members = []Member{}
	var seen nameSet
	for !d.fatal && d.peek() != '}' {
		name, ok := d.memberName(p, &seen)
		if !ok {
			d.value(nil, member(p, name), limit)
			continue
		}
		if v, ok := d.value([]byte{}, member(p, name), limit); ok {
			o.Members = append(o.Members, Member{Name: name, Value: v})
		}
	}
	d.readToken()
	return o
}

// memberName reads the name of a member of the object at p, reporting
// invalid UTF-8 and duplicates; ok is false when the member's value is to
// be discarded.
func (d *decoder) memberName(p Pointer, seen *nameSet) (name string, ok bool) {
	raw, ok := d.readRaw()
	if !ok {
		return "", false
	}
	name, ok = d.unquote(raw, self(""))
	if !ok {
		d.issues[len(d.issues)-1].err.Pointer = p.Append(name)
		return name, false
	}
	if !seen.add(name) {
		d.add(p.Append(name), CodeDuplicateKey, "member name given twice")
		return name, false
	}
	return name, true
}

// value reads any JSON value and appends its canonical text to buf: names
// and strings minimally escaped, numbers as written, no white space.
// A nil buf discards the text. ok is false when something in the value was
// reported. The decoder may be at most limit levels deep inside it.
func (d *decoder) value(buf []byte, p place, limit depthLimit) ([]byte, bool) {
	switch d.peek() {
	case 'n', 't', 'f':
		raw, ok := d.readRaw()
		return appendIf(buf, raw), ok
	case '0':
		raw, ok := d.readRaw()
		return appendIf(buf, raw), ok && d.number(raw, p)
	case '"':
		raw, ok := d.readRaw()
		if !ok {
			return buf, false
		}
		s, ok := d.unquote(raw, p)
		if buf != nil && ok {
			buf, _ = jsontext.AppendQuote(buf, s)
		}
		return buf, ok
	case '{':
		return d.anyObject(buf, p.pointer(), limit)
	case '[':
		return d.anyArray(buf, p.pointer(), limit)
	case 0:
		return buf, false
	}
	// A '}' or ']' where a value must start: reading it fails with the
	// syntax error that stops the decoder.
	if d.readToken() {
		d.fail(errors.New("unexpected end of container"))
	}
	return buf, false
}

func appendIf(buf, raw []byte) []byte {
	if buf == nil {
		return nil
	}
	return append(buf, raw...)
}

func (d *decoder) anyObject(buf []byte, p Pointer, limit depthLimit) ([]byte, bool) {
	if !d.open(p, limit) {
		return buf, false
	}
	buf = appendIf(buf, []byte{'{'})
	good := true
	var seen nameSet
	for n := 0; !d.fatal && d.peek() != '}'; n++ {
		name, ok := d.memberName(p, &seen)
		if !ok {
			d.value(nil, member(p, name), limit)
			good = false
			continue
		}
		if buf != nil {
			if n > 0 {
				buf = append(buf, ',')
			}
			buf, _ = jsontext.AppendQuote(buf, name)
			buf = append(buf, ':')
		}
		var vok bool
		buf, vok = d.value(buf, member(p, name), limit)
		good = good && vok
	}
	return appendIf(buf, []byte{'}'}), d.readToken() && good
}

func (d *decoder) anyArray(buf []byte, p Pointer, limit depthLimit) ([]byte, bool) {
	if !d.open(p, limit) {
		return buf, false
	}
	buf = appendIf(buf, []byte{'['})
	good := true
	for i := 0; !d.fatal && d.peek() != ']'; i++ {
		if buf != nil && i > 0 {
			buf = append(buf, ',')
		}
		var ok bool
		buf, ok = d.value(buf, element(p, i), limit)
		good = good && ok
	}
	return appendIf(buf, []byte{']'}), d.readToken() && good
}
