package profile

import (
	"bytes"
	"strconv"

	"github.com/go-json-experiment/json/jsontext"
)

// A Packer packs normalized profiles into bulk import bodies, ready to
// POST to /api/profile-bulk-import-jobs, that keep every limit of a bulk
// import (D1): at most 10,000 profiles and 5,242,880 bytes a body, and
// 102,400 bytes a profile. A profile is never split across bodies.
//
// Set Emit, and ListID to add the profiles to a list; then call Add or
// AddJSON for each profile and Flush at the end. A Packer is not safe for
// concurrent use.
type Packer struct {
	ListID string                  // optional list id for relationships.lists
	Emit   func(body []byte) error // receives each full body; it may keep it

	buf    []byte
	count  int
	bodies int
	total  int
}

// Add adds a normalized profile. The warnings report each null in it: a
// bulk import does not clear a field sent as null (null_ignored), so a
// null that would have cleared it in a single request will not. The
// error is a too_large [*FieldError] for a profile over the per-profile
// limit, or Emit's error.
func (k *Packer) Add(p Profile) ([]*FieldError, error) {
	obj, err := appendObject(nil, p)
	if err != nil {
		return nil, err
	}
	return nullWarnings(p, ptrData), k.add(obj)
}

var singleBodyPrefix = []byte(`{"data":{"type":"profile"`)

// AddJSON adds a single-profile body as [Options.NormalizeJSON] returns it
// (canonical: {"data":{"type":"profile",…}}), with the warnings of Add;
// other bodies are refused with a wrong_type error.
func (k *Packer) AddJSON(body []byte) ([]*FieldError, error) {
	p, err := Decode(body)
	if err != nil || !bytes.HasPrefix(body, singleBodyPrefix) || !bytes.HasSuffix(body, []byte("}}")) {
		return nil, newError("", CodeWrongType, "not a canonical single-profile body")
	}
	return nullWarnings(p, ptrData), k.add(body[len(`{"data":`) : len(body)-1])
}

func (k *Packer) add(obj []byte) error {
	if len(obj) > MaxProfileBytes {
		return newError("", CodeTooLarge, "profile is over "+strconv.Itoa(MaxProfileBytes)+" bytes, the limit for one profile of a bulk import")
	}
	if k.count == MaxBulkProfiles || len(k.buf)+1+len(obj)+len(k.footer()) > DefaultMaxBulkBytes {
		if err := k.Flush(); err != nil {
			return err
		}
	}
	if k.count == 0 {
		k.buf = append(k.buf[:0], `{"data":{"type":"profile-bulk-import-job","attributes":{"profiles":{"data":[`...)
	} else {
		k.buf = append(k.buf, ',')
	}
	k.buf = append(k.buf, obj...)
	k.count++
	return nil
}

// footer closes a body: the profiles array, then the list relationship.
func (k *Packer) footer() []byte {
	f := []byte("]}}")
	if k.ListID != "" {
		f = append(f, `,"relationships":{"lists":{"data":[{"type":"list","id":`...)
		f, _ = jsontext.AppendQuote(f, k.ListID)
		f = append(f, "}]}}"...)
	}
	return append(f, "}}"...)
}

// Flush emits the body being filled, if it holds any profile.
func (k *Packer) Flush() error {
	if k.count == 0 {
		return nil
	}
	body := append(bytes.Clone(k.buf), k.footer()...)
	k.bodies++
	k.total += k.count
	k.count, k.buf = 0, k.buf[:0]
	return k.Emit(body)
}

// Counts returns how many bodies were emitted and how many profiles they
// hold.
func (k *Packer) Counts() (bodies, profiles int) { return k.bodies, k.total }
