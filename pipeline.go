package profile

import (
	"bytes"
	"cmp"
	"slices"
	"strconv"

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

// offset places fe: at its member's value, or at the end of the object a
// missing member belongs to; identifier_required goes at the end of the
// attributes object, after the problems inside it.
func (s spans) offset(fe *FieldError) int64 {
	p := fe.Pointer
	if sp := s[p]; sp.start >= 0 && fe.Code != CodeRequired {
		if fe.Code == CodeIdentifierRequired {
			return sp.end
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
	found := make(map[Pointer]int, len(want)) // index in spans of a key of want
	keys := make([]Pointer, 0, len(want))
	for p := range want {
		found[p] = len(keys)
		keys = append(keys, p)
	}
	spans := make([]span, len(keys))
	for i := range spans {
		spans[i] = span{-1, -1}
	}
	wanted := func(p []byte) bool {
		_, ok := found[Pointer(p)]
		return ok
	}
	walkSpans(data, wanted, func(p []byte, start, end int64) {
		i := found[Pointer(p)]
		if spans[i].start < 0 {
			spans[i].start = start
		}
		if end >= 0 {
			spans[i].end = end
		}
	})
	for i, p := range keys {
		want[p] = spans[i]
	}
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
// calls at for each token whose value is wanted, with the pointer of the
// value the token belongs to (a member name belongs to its member), the
// offset before the token and, unless it opens an object or array, the
// offset after it (else -1). A value that is not wanted is skipped whole,
// so wanted must hold for every ancestor of a wanted pointer. p is only
// valid during the calls.
func walkSpans(data []byte, wanted func(p []byte) bool, at func(p []byte, start, end int64)) {
	base := int64(0)
	if bytes.HasPrefix(data, utf8BOM) {
		data, base = data[len(utf8BOM):], int64(len(utf8BOM))
	}
	dec := jsontext.NewDecoder(bytes.NewBuffer(data),
		jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	path := []byte{}
	var stack []pathFrame
	for {
		start := base + dec.InputOffset()
		top := len(stack) - 1
		next := dec.PeekKind()
		if next == 0 {
			return // the end, or a syntax error
		}
		var member bool // the token is a member name
		switch {
		case top < 0:
		case next == '}' || next == ']':
			path = path[:stack[top].base]
		case stack[top].array:
			path = strconv.AppendInt(append(path[:stack[top].base], '/'), stack[top].n, 10)
			stack[top].n++
		case stack[top].n%2 == 0:
			member = true
			stack[top].n++
		default:
			stack[top].n++ // a member's value: the path is the member's
		}
		if member {
			name, err := dec.ReadValue()
			if err != nil {
				return
			}
			path = appendPointerName(path[:stack[top].base], name)
			if !wanted(path) {
				stack[top].n++
				if dec.SkipValue() != nil {
					return
				}
				continue
			}
			at(path, start, base+dec.InputOffset())
			continue
		}
		if next != '}' && next != ']' && !wanted(path) {
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
			stack = append(stack, pathFrame{base: len(path), array: kind == '['})
		case '}', ']':
			stack = stack[:top]
			fallthrough
		default:
			end = base + dec.InputOffset()
		}
		at(path, start, end)
	}
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
