package profile

import (
	"bytes"
	"cmp"
	"slices"

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
	depth := 0
	for _, fe := range errs {
		for p := fe.Pointer; ; p = parent(p) {
			want[p] = span{-1, -1}
			if p == "" {
				break
			}
		}
		depth = max(depth, bytes.Count([]byte(fe.Pointer), []byte("/")))
	}
	base := int64(0)
	if bytes.HasPrefix(data, utf8BOM) {
		data, base = data[len(utf8BOM):], int64(len(utf8BOM))
	}
	dec := jsontext.NewDecoder(bytes.NewBuffer(data),
		jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	for {
		start := base + dec.InputOffset()
		tok, err := dec.ReadToken()
		if err != nil {
			return want
		}
		if dec.StackDepth() > depth+1 {
			continue
		}
		p := Pointer(dec.StackPointer())
		sp, ok := want[p]
		if !ok {
			continue
		}
		if sp.start < 0 {
			sp.start = start
		}
		if k := tok.Kind(); k != '{' && k != '[' {
			sp.end = base + dec.InputOffset()
		}
		want[p] = sp
	}
}
