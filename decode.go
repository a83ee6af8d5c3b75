package profile

import (
	"bytes"
	"cmp"
	"errors"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

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
	defer d.release()
	p := d.document()
	return p, d.errors().asError()
}

// An issue is a FieldError with the byte offset where it was found, used to
// put the problems of a whole pipeline in document order.
type issue struct {
	off int64
	err *FieldError
	// discarded: the problem is a duplicate name or inside its value,
	// which is not kept, so it says nothing of the member kept under
	// that name.
	discarded bool
}

// decoder walks one document with jsontext, checking it against the
// profile schema as it goes. Decoders are pooled: take one with
// newDecoder and give it back with release.
type decoder struct {
	dec     jsontext.Decoder
	in      bytes.Buffer // the input, which dec reads without copying
	share   bool         // strings read share one copy of the input (shareStrings)
	input   []byte       // the input, when shared
	src     string       // its copy, once made
	opts    Options
	base    int64 // bytes skipped before the decoder's input (a BOM)
	size    int   // the length of the decoder's input
	issues  []issue
	listed  int       // the bytes of the issues' pointers (reportBudget)
	stopped bool      // the report budget was spent: nothing more is recorded
	discard int       // > 0 while the value of a duplicate name is skipped
	scratch []byte    // where unquote decodes escapes
	nest    []place   // the property value containers being read, outermost first
	nestPtr []Pointer // the pointer of each of nest, once built (else "")
	fatal   bool      // a syntax error or limit was hit: nothing more can be read
	broken  bool      // the input is not JSON: a syntax error was reported
}

var utf8BOM = []byte("\xef\xbb\xbf")

// decodeOptions are the jsontext options of every decoder.
var decodeOptions = []jsontext.Options{
	jsontext.AllowDuplicateNames(true), // reported as duplicate_key, not as a syntax error
	jsontext.AllowInvalidUTF8(true),    // reported as invalid_utf8, at the string itself
}

var decoderPool = sync.Pool{New: func() any { return new(decoder) }}

func (o Options) newDecoder(data []byte) *decoder {
	d := decoderPool.Get().(*decoder)
	d.opts = o
	if len(data) > o.maxBytes() {
		d.report(0, newError("", CodeTooLarge, "body is over "+strconv.Itoa(o.maxBytes())+" bytes"))
		d.fatal = true
		return d
	}
	if bytes.HasPrefix(data, utf8BOM) {
		data, d.base = data[len(utf8BOM):], int64(len(utf8BOM))
	}
	d.in, d.size = *bytes.NewBuffer(data), len(data)
	d.dec.Reset(&d.in, decodeOptions...)
	return d
}

// shareStrings makes the strings read share one copy of the input, made
// when the first is read, rather than each be copied on its own: one
// allocation for the whole body. Only a caller that does not hand the
// strings out may use it, since any one of them keeps the whole input in
// memory. It is called before reading.
func (d *decoder) shareStrings() {
	if !d.fatal {
		d.input, d.share = d.in.Bytes(), true
	}
}

// shared returns the text of input[start:end] from the shared copy, and
// makes the copy the first time.
func (d *decoder) shared(start, end int) string {
	if d.src == "" {
		d.src = string(d.input)
	}
	return d.src[start:end]
}

// release returns d to the pool; neither d nor its issues slice may be used
// afterwards. The FieldErrors it reported stay valid.
func (d *decoder) release() {
	clear(d.issues)
	d.issues, d.listed = d.issues[:0], 0
	if cap(d.issues) > 64 {
		d.issues = nil // do not keep a large slice for every later document
	}
	if cap(d.scratch) > 1024 {
		d.scratch = nil
	}
	clear(d.nest)
	clear(d.nestPtr)
	d.nest, d.nestPtr = d.nest[:0], d.nestPtr[:0]
	d.in, d.share, d.input, d.src = bytes.Buffer{}, false, nil, ""
	d.opts, d.base, d.size = Options{}, 0, 0
	d.fatal, d.broken, d.stopped, d.discard = false, false, false, 0
	d.dec.Reset(&d.in) // forget the input
	decoderPool.Put(d)
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

// report records a problem. Once the pointers recorded pass the report
// budget, it records too_large at the document instead and stops the
// reading: a long member name above many problems would otherwise make
// each problem's pointer a copy of it.
func (d *decoder) report(off int64, fe *FieldError) {
	if d.stopped {
		return
	}
	d.issues = append(d.issues, issue{off: off, err: fe, discarded: d.discard > 0 || fe.Code == CodeDuplicateKey})
	d.listed += len(fe.Pointer)
	d.checkBudget()
}

// discarded runs read, which reads a value that is not kept: the
// problems inside it are marked discarded.
func (d *decoder) discarded(read func()) {
	d.discard++
	read()
	d.discard--
}

// checkBudget replaces the problem just recorded with too_large at the
// document, placed after every other, when the pointers pass the budget.
func (d *decoder) checkBudget() {
	if d.listed <= reportBudget(d.size) {
		return
	}
	d.fatal, d.stopped = true, true
	d.issues[len(d.issues)-1] = issue{off: math.MaxInt64, err: newError("", CodeTooLarge, budgetMessage)}
}

const budgetMessage = "too many problems to list; the body was read no further"

// reportBudget is how many bytes the pointers of the problems found in a
// body of size bytes may take: 16 for each byte, and at least 1 MiB. A
// problem in a bulk profile has a pointer of about 50 bytes before the
// member's own name, and may cost as little as 6 bytes of input.
func reportBudget(size int) int { return max(1<<20, 16*size) }

// repoint gives the problem just reported the pointer p, which could not
// be built before it was reported, unless the report budget stopped it.
func (d *decoder) repoint(p Pointer) {
	if d.stopped {
		return
	}
	last := d.issues[len(d.issues)-1].err
	d.listed += len(p) - len(last.Pointer)
	last.Pointer = p
	d.checkBudget()
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
// ('x', `\u12`, "\\u 79"), which may be part of a personal value. A
// quotation it cannot read to its end ends the message there.
func withoutQuotes(msg string) string {
	var b strings.Builder
	for i := 0; i < len(msg); {
		switch msg[i] {
		case '\'', '`', '"':
			q, err := strconv.QuotedPrefix(msg[i:])
			if err != nil {
				return tidyMessage(b.String())
			}
			i += len(q)
		default:
			b.WriteByte(msg[i])
			i++
		}
	}
	return tidyMessage(b.String())
}

// tidyMessage closes up the spaces withoutQuotes leaves, and drops what
// says nothing once the quotations are gone: "(expecting or )".
func tidyMessage(msg string) string {
	words := strings.Fields(msg)
	out := words[:0]
	for i := 0; i < len(words); i++ {
		if words[i] == "(expecting" {
			j := i + 1
			for j < len(words) && (words[j] == "or" || words[j] == ")") {
				j++
			}
			if words[j-1] == ")" {
				i = j - 1
				continue
			}
		}
		out = append(out, words[i])
	}
	return strings.Join(out, " ")
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

// unquote decodes a raw JSON string, just read, strictly: invalid UTF-8
// and escaped lone surrogates are reported as invalid_utf8 at at (D3).
func (d *decoder) unquote(raw jsontext.Value, at place) (string, bool) {
	if s, ok := d.plain(raw); ok {
		return s, true
	}
	b, err := jsontext.AppendUnquote(d.scratch[:0], raw)
	d.scratch = b
	if err != nil {
		d.add(d.pointer(at), CodeInvalidUTF8, "string is not valid UTF-8")
		return string(b), false
	}
	return string(b), true
}

// plain returns the contents of a raw JSON string, just read, that has no
// escape and is valid UTF-8: the common case, which needs no unquoting.
// With shareStrings the result is part of the shared input, not a copy.
func (d *decoder) plain(raw []byte) (string, bool) {
	in := raw[1 : len(raw)-1]
	if !isPlain(in) {
		return "", false
	}
	if !d.share {
		return string(in), true
	}
	end := int(d.dec.InputOffset()) - 1 // the closing quote
	return d.shared(end-len(in), end), true
}

// isPlain reports whether the contents of a raw JSON string have no escape
// and are valid UTF-8, so that they are the string itself and, quoted,
// already its canonical text.
func isPlain(in []byte) bool {
	return bytes.IndexByte(in, '\\') < 0 && utf8.Valid(in)
}

// A place is where a value is: a pointer, or a member name or element
// index in a container, which is at a pointer or, inside a property value,
// at a place on the decoder's nest stack. Its Pointer is built only when a
// problem is reported, not for every member or nested container.
type place struct {
	in     Pointer
	up     int // when > 0, the container is at nest[up-1]; in is not used
	name   string
	index  int // an element index when >= 0; a member name when -1
	isSelf bool
}

func self(p Pointer) place                { return place{in: p, isSelf: true} }
func member(p Pointer, name string) place { return place{in: p, name: name, index: -1} }
func element(p Pointer, i int) place      { return place{in: p, index: i} }

// memberOf and elementOf are member and element for the container whose
// place is on top of the nest stack.
func (d *decoder) memberOf(name string) place { return place{up: len(d.nest), name: name, index: -1} }
func (d *decoder) elementOf(i int) place      { return place{up: len(d.nest), index: i} }

// pointer returns the Pointer of the place at.
func (d *decoder) pointer(at place) Pointer {
	in := at.in
	if i := at.up - 1; i >= 0 { // built once for all the problems inside
		if d.nestPtr[i] == "" {
			d.nestPtr[i] = d.pointer(d.nest[i])
		}
		in = d.nestPtr[i]
	}
	switch {
	case at.isSelf:
		return in
	case at.index >= 0:
		return in + "/" + Pointer(strconv.Itoa(at.index))
	}
	return in.Append(at.name)
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
	r := d.fields("", rootFields)
	for d.next(&r) {
		read(ptrData)
	}
	d.require(&r, rootFields)
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

// A fieldReader walks an object of the schema, whose member names are
// known: the caller loops on next and reads each member's value by name.
type fieldReader struct {
	p        Pointer  // the object
	known    []string // the names it may hold, at most 32
	seen     uint32   // bit i: a member named known[i] was read
	others   nameSet  // the other names read, to find duplicates among them
	at       int      // the index in known of the member whose value is next
	done     bool     // the object was read to its end, or could not be
	noObject bool     // no object was there: none of its members is missing
}

// name is the name of the member whose value is next.
func (r *fieldReader) name() string { return r.known[r.at] }

// place is where the value of that member is.
func (r *fieldReader) place() place { return member(r.p, r.name()) }

// pointer is the pointer of that member.
func (r *fieldReader) pointer() Pointer { return join(r.p, r.name()) }

// fields begins reading the object of schema members at p. When something
// else is there, it reports wrong_type and the reader holds no member.
func (d *decoder) fields(p Pointer, known []string) fieldReader {
	if d.peek() != '{' {
		if !d.fatal {
			d.wrongType(p, "an object")
		}
		return fieldReader{done: true, noObject: true}
	}
	return d.object(p, known)
}

// object begins reading an object of schema members whose '{' is next.
func (d *decoder) object(p Pointer, known []string) fieldReader {
	return fieldReader{p: p, known: known, done: !d.open(self(p), d.docLimit())}
}

// next reads up to the value of the object's next member whose name is
// known, and reports whether there is one. It reports duplicate names (D4)
// and names not in known (D5, with a hint), skipping their values, and
// reads the closing '}' at the end.
func (d *decoder) next(r *fieldReader) bool {
	if r.done {
		return false
	}
	for !d.fatal && d.peek() != '}' {
		if d.schemaName(r) {
			return true
		}
	}
	d.readToken()
	r.done = true
	return false
}

// schemaName reads one member name of r's object; it returns true, with
// r.at set, for a known name read for the first time, and otherwise
// reports the member and skips its value.
func (d *decoder) schemaName(r *fieldReader) bool {
	raw, ok := d.readRaw()
	if !ok {
		return false
	}
	i := knownIndex(raw[1:len(raw)-1], r.known) // the usual spelling
	name := ""
	if i >= 0 {
		name = r.known[i]
	} else {
		if name, ok = d.unquote(raw, self("")); !ok {
			d.repoint(r.p.Append(name))
			d.skip(r.p.Append(name))
			return false
		}
		i = slices.Index(r.known, name) // a known name written with escapes
	}
	switch {
	case i >= 0 && r.seen&(1<<i) == 0:
		r.seen |= 1 << i
		r.at = i
		return true
	case i >= 0 || !r.others.add(name):
		d.add(r.p.Append(name), CodeDuplicateKey, "member name given twice")
		d.discarded(func() { d.skip(r.p.Append(name)) })
		return false
	default:
		fe := newError(r.p.Append(name), CodeUnknownField, "unknown field")
		fe.Hint = closestName(name, r.known)
		d.report(d.here(), fe)
	}
	d.skip(r.p.Append(name))
	return false
}

// knownIndex returns the index in known of the name whose raw JSON string
// contents are in, or -1.
func knownIndex(in []byte, known []string) int {
	for i, k := range known {
		if string(in) == k {
			return i
		}
	}
	return -1
}

// require reports each name of mandatory that r's object did not have.
func (d *decoder) require(r *fieldReader, mandatory []string) {
	if r.noObject {
		return
	}
	for _, n := range mandatory {
		if i := slices.Index(r.known, n); !d.fatal && r.seen&(1<<i) == 0 {
			r.seen |= 1 << i
			d.add(r.p+"/"+Pointer(n), CodeRequired, n+" is required")
		}
	}
}

// join returns p extended by a schema name, which needs no escaping. The
// pointers of a single-profile body are the fixed ones, not built again.
func join(p Pointer, name string) Pointer {
	switch {
	case p == "" && name == "data":
		return ptrData
	case p == ptrData:
		switch name {
		case "attributes":
			return ptrAttributes
		case "meta":
			return ptrMeta
		}
	case p == ptrAttributes:
		switch name {
		case "location":
			return ptrLocation
		case "properties":
			return ptrProperties
		}
	case p == ptrMeta:
		switch name {
		case "patch_properties":
			return ptrPatchProperties
		case "patch_identifiers":
			return ptrPatchIdentifiers
		}
	case p == ptrPatchProperties:
		switch name {
		case "append":
			return ptrPatchProperties + "/append"
		case "unappend":
			return ptrPatchProperties + "/unappend"
		case "unset":
			return ptrPatchProperties + "/unset"
		}
	case p == ptrPatchIdentifiers:
		switch name {
		case "append":
			return ptrPatchIdentifiers + "/append"
		case "unappend":
			return ptrPatchIdentifiers + "/unappend"
		}
	}
	return p + "/" + Pointer(name)
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

// open reads the '{' or '[' that is next, or reports too_deep at at when
// the container would nest deeper than the limit (D7) and skips it.
func (d *decoder) open(at place, lim depthLimit) bool {
	if d.dec.StackDepth()+1 > lim.max {
		d.add(d.pointer(at), CodeTooDeep, lim.message())
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

// nameSet finds duplicate member names; small objects need no map, and
// no allocation when the set is a local variable.
type nameSet struct {
	n    int
	list [maxNameList]string
	m    map[string]struct{}
}

// maxNameList is how many names a nameSet holds before it makes a map.
const maxNameList = 16

func (s *nameSet) add(name string) bool {
	if s.m == nil {
		if hasString(s.list[:s.n], name) {
			return false
		}
		if s.n < maxNameList {
			s.list[s.n] = name
			s.n++
			return true
		}
		s.m = make(map[string]struct{}, 32)
		for _, n := range s.list {
			s.m[n] = struct{}{}
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
func (d *decoder) text(at place) Text {
	switch d.peek() {
	case 'n':
		d.readToken()
		return NullText
	case '"':
		raw, ok := d.readRaw()
		if !ok {
			return Text{}
		}
		if s, ok := d.unquote(raw, at); ok {
			return String(s)
		}
		return Text{}
	case 0:
		return Text{}
	}
	d.wrongType(d.pointer(at), "a string or null")
	return Text{}
}

// coordinate reads latitude or longitude: a string, a number or null (D6).
func (d *decoder) coordinate(at place) Coordinate {
	switch d.peek() {
	case '0':
		raw, ok := d.readRaw()
		if ok && d.number(raw, at) {
			return Coordinate{State: Set, Value: d.numberText(raw), Number: true}
		}
		return Coordinate{}
	case 'n', '"':
		t := d.text(at)
		return Coordinate{State: t.State, Value: t.Value}
	case 0:
		return Coordinate{}
	}
	d.wrongType(d.pointer(at), "a string, a number or null")
	return Coordinate{}
}

// numberText returns the text of a raw JSON number just read.
func (d *decoder) numberText(raw []byte) string {
	if !d.share {
		return string(raw)
	}
	end := int(d.dec.InputOffset())
	return d.shared(end-len(raw), end)
}

// number checks that a JSON number fits a 64-bit float (D8).
func (d *decoder) number(raw []byte, p place) bool {
	if !numberInRange(raw) {
		d.add(d.pointer(p), CodeInvalidNumber, "number is outside the range of a 64-bit float")
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
func (d *decoder) resource(p Pointer) (res Profile) {
	r := d.fields(p, resourceFields)
	for d.next(&r) {
		switch r.name() {
		case "type":
			d.resourceType(r.place(), "profile")
		case "id":
			res.ID = d.text(r.place())
		case "attributes":
			res.Attributes = d.attributes(r.pointer())
		case "meta":
			res.Meta = d.meta(r.pointer())
		}
	}
	d.require(&r, resourceRequired)
	return res
}

// resourceRequired are the members a resource object must have (S1).
var resourceRequired = []string{"type", "attributes"}

// resourceType reads data.type, which must be the string want (S1).
func (d *decoder) resourceType(at place, want string) {
	if d.peek() != '"' {
		if !d.fatal {
			d.wrongType(d.pointer(at), "the string \""+want+"\"")
		}
		return
	}
	if t := d.text(at); t.State == Set && t.Value != want {
		d.add(d.pointer(at), CodeInvalidValue, "type must be \""+want+"\"")
	}
}

func (d *decoder) attributes(p Pointer) (a Attributes) {
	if d.peek() != '{' {
		if !d.fatal {
			d.wrongType(p, "an object")
		}
		return a
	}
	r := d.object(p, attributeNames)
	for d.next(&r) {
		switch name := r.name(); name {
		case "location":
			a.Location = d.location(r.pointer())
		case "properties":
			a.Properties = d.objectValue(r.pointer(), d.propertiesLimit())
		default:
			*a.textAt(attrIndex(name)) = d.text(r.place())
		}
	}
	return a
}

func (d *decoder) location(p Pointer) (l Location) {
	var r fieldReader
	l.State, r = d.nullableFields(p, locationNames)
	for d.next(&r) {
		if t, c := l.memberAt(locIndex(r.name())); t != nil {
			*t = d.text(r.place())
		} else {
			*c = d.coordinate(r.place())
		}
	}
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

// nullableFields begins reading an object of known members, or null, at p;
// it returns the object's state (Absent after a wrong type) and a reader
// that holds no member unless an object is there.
func (d *decoder) nullableFields(p Pointer, known []string) (State, fieldReader) {
	state, isObject := d.nullableObject(p)
	if !isObject {
		return state, fieldReader{done: true, noObject: true}
	}
	return state, d.object(p, known)
}

func (d *decoder) meta(p Pointer) (m Meta) {
	var r fieldReader
	m.State, r = d.nullableFields(p, metaNames)
	for d.next(&r) {
		if r.name() == "patch_properties" {
			m.PatchProperties = d.patchProperties(r.pointer())
		} else {
			m.PatchIdentifiers = d.patchIdentifiers(r.pointer())
		}
	}
	return m
}

func (d *decoder) patchProperties(p Pointer) (pp PatchProperties) {
	var r fieldReader
	pp.State, r = d.nullableFields(p, patchPropertiesNames)
	for d.next(&r) {
		switch r.name() {
		case "append":
			pp.Append = d.objectValue(r.pointer(), d.docLimit())
		case "unappend":
			pp.Unappend = d.objectValue(r.pointer(), d.docLimit())
		case "unset":
			pp.Unset = d.strings(r.pointer(), true)
		}
	}
	return pp
}

func (d *decoder) patchIdentifiers(p Pointer) (pi PatchIdentifiers) {
	var r fieldReader
	pi.State, r = d.nullableFields(p, patchIdentNames)
	for d.next(&r) {
		if r.name() == "append" {
			pi.Append = d.emailPatch(r.pointer())
		} else {
			pi.Unappend = d.emailPatch(r.pointer())
		}
	}
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
	r := d.object(p, emailPatchNames)
	for d.next(&r) {
		e.Email = d.strings(p+"/email", false)
	}
	return e
}

// strings reads a string or an array of strings (M1, M3), or null when
// nullable. A bad element is reported at its own index.
func (d *decoder) strings(p Pointer, nullable bool) (s Strings) {
	want := "a string or an array of strings"
	if nullable {
		want = "a string or an array of strings, or null"
	}
	switch d.peek() {
	case 'n':
		if nullable {
			d.readToken()
			return Strings{State: Null}
		}
	case '"':
		if t := d.text(self(p)); t.State == Set {
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

// arrayString reads element i of the string array at p: a string, or a
// problem.
func (d *decoder) arrayString(p Pointer, i int) Text {
	if d.peek() != '"' {
		if !d.fatal {
			d.wrongType(d.pointer(element(p, i)), "a string")
		}
		return Text{}
	}
	return d.text(element(p, i))
}

func (d *decoder) stringArray(p Pointer) (s Strings) {
	if !d.open(self(p), d.docLimit()) {
		return s
	}
	s = Strings{State: Set, Array: true, Values: []string{}}
	for i := 0; !d.fatal && d.peek() != ']'; i++ {
		if t := d.arrayString(p, i); t.State == Set {
			if s.at != nil {
				s.at = append(s.at, i)
			}
			s.Values = append(s.Values, t.Value)
		} else if s.at == nil { // the first rejected: later values are not at their index
			s.at = make([]int, len(s.Values), len(s.Values)+1)
			for j := range s.at {
				s.at[j] = j
			}
		}
	}
	d.readToken()
	return s
}

// objectValue reads an object of arbitrary JSON members (properties,
// append, unappend) or null, keeping each member's value as canonical text.
// The values share one buffer, each a full slice of its own part of it.
func (d *decoder) objectValue(p Pointer, limit depthLimit) (o Object) {
	var ok bool
	if o.State, ok = d.nullableObject(p); !ok {
		return o
	}
	at := self(p)
	if !d.open(at, limit) {
		return Object{}
	}
	o.Members = make([]Member, 0, 8)
	var ends []int // where each member's value ends in buf
	buf := make([]byte, 0, d.valueBufferSize())
	var seen nameSet
	for !d.fatal && d.peek() != '}' {
		name, ok := d.memberName(at, &seen)
		if !ok {
			d.discarded(func() { d.value(nil, member(p, name), limit) })
			continue
		}
		start := len(buf)
		if buf, ok = d.value(buf, member(p, name), limit); ok {
			o.Members = append(o.Members, Member{Name: name})
			ends = append(ends, len(buf))
		} else {
			buf = buf[:start]
		}
	}
	d.readToken()
	start := 0
	for i, end := range ends {
		o.Members[i].Value = buf[start:end:end]
		start = end
	}
	return o
}

// valueBufferSize is a first capacity for the values of an object being
// read: canonical text is never longer than the input it comes from, and
// most bodies end with properties.
func (d *decoder) valueBufferSize() int {
	rest := d.size - int(d.dec.InputOffset())
	return max(16, min(rest, 4096))
}

// memberName reads the name of a member of the object at at, reporting
// invalid UTF-8 and duplicates; ok is false when the member's value is to
// be discarded.
func (d *decoder) memberName(at place, seen *nameSet) (name string, ok bool) {
	raw, ok := d.readRaw()
	if !ok {
		return "", false
	}
	name, ok = d.unquote(raw, self(""))
	if !ok {
		d.repoint(d.pointer(at).Append(name))
		return name, false
	}
	if !seen.add(name) {
		d.add(d.pointer(at).Append(name), CodeDuplicateKey, "member name given twice")
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
		if isPlain(raw[1 : len(raw)-1]) {
			return appendIf(buf, raw), true // already canonical
		}
		s, ok := d.unquote(raw, p)
		if buf != nil && ok {
			buf, _ = jsontext.AppendQuote(buf, s)
		}
		return buf, ok
	case '{':
		return d.anyObject(buf, p, limit)
	case '[':
		return d.anyArray(buf, p, limit)
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

// unnest leaves the innermost container of the nest stack.
func (d *decoder) unnest() {
	d.nest, d.nestPtr = d.nest[:len(d.nest)-1], d.nestPtr[:len(d.nestPtr)-1]
}

func appendIf(buf, raw []byte) []byte {
	if buf == nil {
		return nil
	}
	return append(buf, raw...)
}

func (d *decoder) anyObject(buf []byte, at place, limit depthLimit) ([]byte, bool) {
	if !d.open(at, limit) {
		return buf, false
	}
	d.nest, d.nestPtr = append(d.nest, at), append(d.nestPtr, "")
	defer d.unnest()
	buf = appendIf(buf, []byte{'{'})
	good := true
	var seen nameSet
	for n := 0; !d.fatal && d.peek() != '}'; n++ {
		name, ok := d.memberName(at, &seen)
		if !ok {
			d.discarded(func() { d.value(nil, d.memberOf(name), limit) })
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
		buf, vok = d.value(buf, d.memberOf(name), limit)
		good = good && vok
	}
	return appendIf(buf, []byte{'}'}), d.readToken() && good
}

func (d *decoder) anyArray(buf []byte, at place, limit depthLimit) ([]byte, bool) {
	if !d.open(at, limit) {
		return buf, false
	}
	d.nest, d.nestPtr = append(d.nest, at), append(d.nestPtr, "")
	defer d.unnest()
	buf = appendIf(buf, []byte{'['})
	good := true
	for i := 0; !d.fatal && d.peek() != ']'; i++ {
		if buf != nil && i > 0 {
			buf = append(buf, ',')
		}
		var ok bool
		buf, ok = d.value(buf, d.elementOf(i), limit)
		good = good && ok
	}
	return appendIf(buf, []byte{']'}), d.readToken() && good
}
