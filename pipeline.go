package profile

import (
	"bytes"
	"cmp"
	"slices"
	"strconv"
	"sync"

	"github.com/go-json-experiment/json/jsontext"
)

// NormalizeJSON is [Options.NormalizeJSON] with zero Options.
func NormalizeJSON(data []byte) ([]byte, []*FieldError, error) {
	return Options{}.NormalizeJSON(data)
}

// NormalizeJSON runs the whole pipeline on one request body: strict
// decode, normalize, validate and canonical encode. It returns the
// canonical body and any warnings, or [Errors] with every problem found,
// in document order. data is not modified.
//
// In Bulk mode data is a bulk import body: each profile is read as an
// upsert, its problems are reported at its own pointer
// (/data/attributes/profiles/data/17/attributes/email), a null is a
// warning (CodeNullIgnored), and the limits are 5 MB, 10,000 profiles and
// 100 KB per canonically encoded profile (D1).
func (o Options) NormalizeJSON(data []byte) ([]byte, []*FieldError, error) {
	if o.Mode == Bulk {
		return o.normalizeJob(data)
	}
	d := o.newDecoder(data)
	defer d.release()
	d.shareStrings() // p is encoded, never handed out
	p := d.document()
	if d.fatal {
		return nil, nil, d.errors()
	}
	var failed map[Pointer]bool // made only when there is something to say
	for _, is := range d.issues {
		if is.discarded {
			continue
		}
		if failed == nil {
			failed = make(map[Pointer]bool, len(d.issues))
		}
		failed[is.err.Pointer] = true
	}
	p, warns, errs := o.normalize(p, failed, true)
	if len(d.issues) == 0 && len(errs) == 0 {
		out, err := appendDecoded(make([]byte, 0, len(data)), p)
		if err != nil {
			return nil, warns, Errors{err.(*FieldError)}
		}
		return out, warns, nil
	}
	return nil, warns, inDocumentOrder(data, d.issues, errs)
}

// inDocumentOrder merges the decoder's issues with the later steps'
// errors, each placed where its member is in data. The later steps do not
// repeat the decoder: a member it rejected is not in the profile, and the
// failed set keeps the resource checks quiet about it.
func inDocumentOrder(data []byte, issues []issue, later Errors) Errors {
	all := slices.Clone(issues)
	spans := locate(data, later)
	for _, fe := range later {
		all = append(all, issue{off: spans.offset(fe), err: fe})
	}
	slices.SortStableFunc(all, func(a, b issue) int { return cmp.Compare(a.off, b.off) })
	es := make(Errors, len(all))
	for i, is := range all {
		es[i] = is.err
	}
	return es
}

// span is where a member's value starts and ends in a document.
type span struct{ start, end int64 }

type spans map[Pointer]span

// offset places fe: at its member, or at the end of the object a missing
// member belongs to; identifier_required and too_large go at the end of
// their object or list, after the problems inside it.
func (s spans) offset(fe *FieldError) int64 {
	p := fe.Pointer
	if sp, ok := s[p]; ok && sp.start >= 0 {
		if fe.Code == CodeIdentifierRequired || fe.Code == CodeTooLarge {
			return sp.end // after the problems inside
		}
		return sp.start
	}
	for p != "" {
		p = parent(p)
		if sp := s[p]; sp.start >= 0 {
			return sp.end
		}
	}
	return 0
}

func parent(p Pointer) Pointer {
	i := bytes.LastIndexByte([]byte(p), '/')
	if i < 0 {
		return ""
	}
	return p[:i]
}

// locate finds the spans of the members that errs point at, and of their
// ancestors, in one pass over data. It runs only when there are errors.
func locate(data []byte, errs Errors) spans {
	want := make(spans) // {-1, -1} until found
	for _, fe := range errs {
		for p := fe.Pointer; ; p = parent(p) {
			want[p] = span{-1, -1}
			if p == "" {
				break
			}
		}
	}
	wanted := func(p []byte) bool { // and not seen before: a duplicate name's value is not kept
		sp, ok := want[Pointer(p)]
		return ok && sp.start < 0
	}
	walkSpans(data, wanted, func(p []byte, start, end int64) {
		sp := want[Pointer(p)]
		if sp.start < 0 {
			sp.start = start
		}
		if end >= 0 {
			sp.end = end
		}
		want[Pointer(p)] = sp
	})
	return want
}

// A pathFrame is an object or array being walked: where its own pointer
// ends in the path, and how many tokens (names and values, or elements)
// it has had.
type pathFrame struct {
	base  int
	array bool
	n     int64
}

// walkSpans reads data token by token, up to its first syntax error, and
// calls at for each token of a wanted member, element or top-level value,
// with the pointer of the value the token belongs to (a member name
// belongs to its member), the offset before the token and, unless it
// opens an object or array, the offset after it (else -1). wanted is
// asked at a member's name, an element or the top-level value, and what
// it does not want is skipped whole, so it must hold for every ancestor of
// a wanted pointer. p is only valid during the calls.
func walkSpans(data []byte, wanted func(p []byte) bool, at func(p []byte, start, end int64)) {
	w := walkerPool.Get().(*walker)
	defer w.release()
	base := int64(0)
	if bytes.HasPrefix(data, utf8BOM) {
		data, base = data[len(utf8BOM):], int64(len(utf8BOM))
	}
	w.in = *bytes.NewBuffer(data)
	w.dec.Reset(&w.in, jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	dec := &w.dec
	for read := false; ; read = true {
		start := base + tokenStart(data, dec.InputOffset())
		top := len(w.stack) - 1
		next := dec.PeekKind()
		if next == 0 {
			return // the end, or a syntax error
		}
		var member bool      // the token is a member name
		var memberValue bool // the token begins a member's value, wanted at its name
		switch {
		case top < 0 && read:
			return // a second top-level value, which is no part of the document
		case top < 0:
		case next == '}' || next == ']':
			w.path = w.path[:w.stack[top].base]
		case w.stack[top].array:
			w.path = strconv.AppendInt(append(w.path[:w.stack[top].base], '/'), w.stack[top].n, 10)
			w.stack[top].n++
		case w.stack[top].n%2 == 0:
			member = true
			w.stack[top].n++
		default:
			w.stack[top].n++ // a member's value: the path is the member's
			memberValue = true
		}
		if member {
			name, err := dec.ReadValue()
			if err != nil {
				return
			}
			w.path = appendPointerName(w.path[:w.stack[top].base], name)
			if !wanted(w.path) {
				w.stack[top].n++
				if dec.SkipValue() != nil {
					return
				}
				continue
			}
			at(w.path, start, base+dec.InputOffset())
			continue
		}
		if next != '}' && next != ']' && !memberValue && !wanted(w.path) {
			if dec.SkipValue() != nil {
				return
			}
			continue
		}
		tok, err := dec.ReadToken()
		if err != nil {
			return
		}
		end := int64(-1)
		switch kind := tok.Kind(); kind {
		case '{', '[':
			w.stack = append(w.stack, pathFrame{base: len(w.path), array: kind == '['})
		case '}', ']':
			w.stack = w.stack[:top]
			fallthrough
		default:
			end = base + dec.InputOffset()
		}
		at(w.path, start, end)
	}
}

// tokenStart returns the offset of the token that follows off in data,
// past white space and the ',' or ':' before it: a member that follows an
// object's end by a comma starts after that end.
func tokenStart(data []byte, off int64) int64 {
	for off < int64(len(data)) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

// A walker is walkSpans' state, kept between calls.
type walker struct {
	in    bytes.Buffer
	dec   jsontext.Decoder
	path  []byte
	stack []pathFrame
}

var walkerPool = sync.Pool{New: func() any { return new(walker) }}

func (w *walker) release() {
	w.in = bytes.Buffer{}
	w.dec.Reset(&w.in) // forget the input
	w.path, w.stack = w.path[:0], w.stack[:0]
	if cap(w.path) > 1024 || cap(w.stack) > 64 {
		w.path, w.stack = nil, nil // do not keep a deep document's buffers
	}
	walkerPool.Put(w)
}

// appendPointerName appends '/' and the raw JSON string name, unquoted and
// escaped as a JSON Pointer token; invalid UTF-8 reads as U+FFFD, as in
// jsontext's own pointers.
func appendPointerName(b, name []byte) []byte {
	b = append(b, '/')
	start := len(b)
	b, _ = jsontext.AppendUnquote(b, name)
	if bytes.IndexAny(b[start:], "~/") < 0 {
		return b
	}
	token := Pointer("").Append(string(b[start:]))
	return append(b[:start-1], token...)
}
