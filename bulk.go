package profile

import (
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// A Job is the body of POST /api/profile-bulk-import-jobs: upsert profiles
// imported as one job, and the lists to add them to.
type Job struct {
	Profiles []Profile // data.attributes.profiles.data, in order
	ListIDs  []string  // data.relationships.lists.data[].id; nil when there are no relationships
}

// Pointers into a bulk body.
const (
	ptrBulkProfiles Pointer = "/data/attributes/profiles/data"
	ptrBulkLists    Pointer = "/data/relationships/lists/data"
)

var (
	bulkFields       = []string{"type", "attributes", "relationships"}
	bulkAttrFields   = []string{"profiles"}
	relationFields   = []string{"lists"}
	listRefFields    = []string{"type", "id"}
	dataOnlyFields   = []string{"data"}
	profileItemLimit = strconv.Itoa(MaxBulkProfiles)
)

// profilePointer is the pointer of the i-th profile of a bulk body.
func profilePointer(i int) Pointer { return ptrBulkProfiles + "/" + Pointer(strconv.Itoa(i)) }

// bulkDocument reads {"data": job} (D1–D9, S1 for the job and each profile).
func (d *decoder) bulkDocument() (b Job) {
	d.root(func(dp Pointer) { b = d.bulkJob(dp) })
	return b
}

func (d *decoder) bulkJob(p Pointer) (b Job) {
	r := d.fields(p, bulkFields)
	for d.next(&r) {
		switch r.name() {
		case "type":
			d.resourceType(r.place(), "profile-bulk-import-job")
		case "attributes":
			b.Profiles = d.bulkProfiles(r.pointer())
		case "relationships":
			b.ListIDs = d.listRelationships(r.pointer())
		}
	}
	d.require(&r, resourceRequired)
	return b
}

// bulkProfiles reads {"profiles": {"data": [resource, …]}}.
func (d *decoder) bulkProfiles(p Pointer) (out []Profile) {
	d.required(p, bulkAttrFields, func(pp Pointer) {
		d.required(pp, dataOnlyFields, func(dp Pointer) {
			out = []Profile{}
			d.array(dp, func(i int, ep Pointer) {
				if i == MaxBulkProfiles {
					d.add(dp, CodeTooLarge, "a bulk import holds at most "+profileItemLimit+" profiles")
				}
				out = append(out, d.resource(ep))
			})
		})
	})
	return out
}

// listRelationships reads {"lists": {"data": [{"type":"list","id":…}, …]}}.
func (d *decoder) listRelationships(p Pointer) (ids []string) {
	ids = []string{}
	d.required(p, relationFields, func(lp Pointer) {
		d.required(lp, dataOnlyFields, func(dp Pointer) {
			d.array(dp, func(_ int, ep Pointer) {
				if id, ok := d.listRef(ep); ok {
					ids = append(ids, id)
				}
			})
		})
	})
	return ids
}

// listRef reads {"type":"list","id":"…"}: both required, id a non-empty
// string.
func (d *decoder) listRef(p Pointer) (id string, ok bool) {
	d.required(p, listRefFields, func(mp Pointer) {
		if mp == p+"/type" {
			d.resourceType(self(mp), "list")
			return
		}
		switch t := d.text(self(mp)); {
		case t.State == Null:
			d.add(mp, CodeWrongType, "id must be a string")
		case t.State == Set && t.Value == "":
			d.add(mp, CodeRequired, "id must not be empty")
		case t.State == Set:
			id, ok = t.Value, true
		}
	})
	return id, ok
}

// required reads the object at p, which must hold each of names, and
// calls member for each member present, with the decoder before its value.
func (d *decoder) required(p Pointer, names []string, member func(Pointer)) {
	r := d.fields(p, names)
	for d.next(&r) {
		member(r.pointer())
	}
	d.require(&r, names)
}

// array reads the array at p, calling elem for each element.
func (d *decoder) array(p Pointer, elem func(i int, ep Pointer)) {
	if d.peek() != '[' {
		if !d.fatal {
			d.wrongType(p, "an array")
		}
		return
	}
	if !d.open(self(p), d.docLimit()) {
		return
	}
	for i := 0; !d.fatal && d.peek() != ']'; i++ {
		elem(i, p+"/"+Pointer(strconv.Itoa(i)))
	}
	d.readToken()
}

// rebase moves a pointer into a single-profile body ("/data/…") to the
// profile at base in a bulk body.
func rebase(p, base Pointer) Pointer {
	return base + Pointer(strings.TrimPrefix(string(p), string(ptrData)))
}

// normalizeJob runs the pipeline on a bulk body: each profile as an
// upsert, its problems at its own pointer, a warning for each null (it
// does not clear a field in a bulk import), and the limits of D1.
func (o Options) normalizeJob(data []byte) ([]byte, []*FieldError, error) {
	d := o.newDecoder(data)
	defer d.release()
	d.shareStrings() // the profiles are encoded, never handed out
	job := d.bulkDocument()
	if d.fatal {
		return nil, nil, d.errors()
	}
	item := o
	item.Mode = Upsert
	var later Errors
	var warns []*FieldError
	failed := failedByProfile(d.issues, len(job.Profiles))
	limit := maxBulkProblems(len(data))
	for i, p := range job.Profiles {
		base := profilePointer(i)
		q, w, errs := item.normalize(p, failed[i], true)
		for _, fe := range append(w, errs...) {
			fe.Pointer = rebase(fe.Pointer, base)
		}
		warns = append(append(warns, w...), nullWarnings(q, base)...)
		later = append(later, errs...)
		if len(later) > limit {
			later = append(later[:limit], newError("", CodeTooLarge,
				"too many problems to list; the first "+strconv.Itoa(limit)+" are listed"))
			break
		}
		if len(errs) == 0 {
			if enc, err := appendObject(nil, q); err == nil && len(enc) > MaxProfileBytes {
				later = append(later, newError(base, CodeTooLarge,
					"profile is over "+strconv.Itoa(MaxProfileBytes)+" bytes, the limit for one profile of a bulk import"))
			}
		}
		job.Profiles[i] = q
	}
	if len(d.issues) > 0 || len(later) > 0 {
		return nil, warns, inDocumentOrder(data, d.issues, later)
	}
	out, err := AppendJob(make([]byte, 0, len(data)), job)
	if err != nil {
		return nil, warns, Errors{err.(*FieldError)}
	}
	return out, warns, nil
}

// maxBulkProblems is how many problems found after decoding a bulk body
// of size bytes lists: one for each 8 bytes, at least 10,000 and at most
// 100,000 (ten for each profile a body may hold). Past it, too_large at
// the document says the rest are not listed, and no further profile is
// read: each problem costs some hundreds of bytes.
func maxBulkProblems(size int) int {
	return min(max(size/8, MaxBulkProfiles), 10*MaxBulkProfiles)
}

// failedByProfile returns, for each of the n profiles of a bulk body, the
// pointers (rebased to "/data") of the decoder's issues inside it, in one
// pass over the issues; a profile without issues has a nil map. Issues in
// a duplicate's discarded value are not the kept profile's.
func failedByProfile(issues []issue, n int) []map[Pointer]bool {
	failed := make([]map[Pointer]bool, n)
	for _, is := range issues {
		i, rest, ok := profileIndex(is.err.Pointer)
		if !ok || i >= n || is.discarded {
			continue
		}
		if failed[i] == nil {
			failed[i] = make(map[Pointer]bool)
		}
		failed[i][ptrData+rest] = true
	}
	return failed
}

// profileIndex splits a pointer at or inside a bulk profile
// (/data/attributes/profiles/data/17/attributes) into the profile's index
// and the rest (/attributes).
func profileIndex(p Pointer) (i int, rest Pointer, ok bool) {
	s, ok := strings.CutPrefix(string(p), string(ptrBulkProfiles)+"/")
	if !ok {
		return 0, "", false
	}
	end := strings.IndexByte(s, '/')
	if end < 0 {
		end = len(s)
	}
	i, err := strconv.Atoi(s[:end])
	if err != nil || i < 0 || strconv.Itoa(i) != s[:end] {
		return 0, "", false
	}
	return i, Pointer(s[end:]), true
}

// nullWarnings reports each null in p, a profile of a bulk body at base:
// a bulk import does not clear a field sent as null.
func nullWarnings(p Profile, base Pointer) []*FieldError {
	var warns []*FieldError
	warn := func(s State, ptr Pointer) {
		if s == Null {
			warns = append(warns, newError(rebase(ptr, base), CodeNullIgnored,
				"null does not clear a field in a bulk import: the field is left as it is"))
		}
	}
	warn(p.ID.State, ptrID)
	a := &p.Attributes
	for i := range attributeFields {
		warn(a.textAt(i).State, attributeFields[i].ptr)
	}
	warn(a.Location.State, ptrLocation)
	for i := range locationFields {
		if t, c := a.Location.memberAt(i); t != nil {
			warn(t.State, locationFields[i].ptr)
		} else {
			warn(c.State, locationFields[i].ptr)
		}
	}
	warn(a.Properties.State, ptrProperties)
	for _, m := range a.Properties.Members {
		if string(m.Value) == "null" {
			warn(Null, ptrProperties.Append(m.Name))
		}
	}
	warn(p.Meta.State, ptrMeta)
	return warns
}

// EncodeJob returns the canonical bulk body for j: each profile encoded as
// [Encode] encodes a resource object, then the list relationships when
// ListIDs is not nil.
func EncodeJob(j Job) ([]byte, error) { return AppendJob(nil, j) }

// AppendJob appends the canonical encoding of j, as [EncodeJob] returns it,
// to dst.
func AppendJob(dst []byte, j Job) ([]byte, error) {
	out := append(dst, `{"data":{"type":"profile-bulk-import-job","attributes":{"profiles":{"data":[`...)
	for i, p := range j.Profiles {
		if i > 0 {
			out = append(out, ',')
		}
		var err error
		if out, err = appendObject(out, p); err != nil {
			fe := err.(*FieldError)
			fe.Pointer = rebase(fe.Pointer, profilePointer(i))
			return dst, fe
		}
	}
	out = append(out, "]}}"...)
	if j.ListIDs != nil {
		out = append(out, `,"relationships":{"lists":{"data":[`...)
		for i, id := range j.ListIDs {
			if i > 0 {
				out = append(out, ',')
			}
			out = append(out, `{"type":"list","id":`...)
			out, _ = jsontext.AppendQuote(out, id)
			out = append(out, '}')
		}
		out = append(out, "]}}"...)
	}
	return append(out, "}}"...), nil
}
