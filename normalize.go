package profile

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Normalize is [Options.Normalize] with zero Options.
func Normalize(p Profile) (Profile, []*FieldError, error) {
	return Options{}.Normalize(p)
}

// Normalize returns p in canonical form and checks it with
// [Options.Validate].
//
// Text is trimmed and put in NFC; a string empty after trimming becomes
// absent (or null, with EmptyAsNull); email, phone_number, locale,
// timezone and ip get their canonical forms; property values are kept as
// they are. The rules are SPEC.md's T, E, P, L, G, I, R and M rules.
//
// The warnings report changes made instead of failing, such as a phone
// number dropped under PartialPhone (P8). The error, when not nil, is
// [Errors] with every problem: field rules in schema order, then the
// resource rules (S, R, M). Normalize never modifies p; the result may
// share property values with it. Normalizing a normalized profile returns
// it unchanged.
func (o Options) Normalize(p Profile) (Profile, []*FieldError, error) {
	out, warns, errs := o.normalize(p, nil, false)
	return out, warns, errs.asError()
}

// normalize runs the field rules and then validate. failed, which it may
// add to, holds the pointers of fields already rejected by the decoder;
// decoded says in came from the decoder, whose property values are
// canonical JSON already and need no second reading.
func (o Options) normalize(in Profile, failed map[Pointer]bool, decoded bool) (Profile, []*FieldError, Errors) {
	n := normalizer{opts: o, p: in, failed: failed, decoded: decoded}
	n.attributes()
	n.meta()
	n.partialPhone()
	n.errs = append(n.errs, o.validate(n.p, n.failed)...)
	return n.p, n.warns, n.errs
}

// normalizer holds one profile on its way to canonical form.
type normalizer struct {
	opts    Options
	p       Profile
	errs    Errors
	warns   []*FieldError
	failed  map[Pointer]bool // fields whose value was rejected
	decoded bool             // p came from the decoder
}

func (n *normalizer) fail(p Pointer, fe *FieldError) {
	fe.Pointer = p
	n.errs = append(n.errs, fe)
	if n.failed == nil {
		n.failed = make(map[Pointer]bool)
	}
	n.failed[p] = true
}

// text applies T1–T3 and then the field's own rule to t.
func (n *normalizer) text(t Text, p Pointer, r rule) Text {
	if t.State != Set {
		return t
	}
	if !utf8.ValidString(t.Value) {
		n.fail(p, newError("", CodeInvalidUTF8, "string is not valid UTF-8"))
		return t
	}
	s := trimSpace(t.Value)
	if s == "" {
		if n.opts.EmptyAsNull {
			return NullText
		}
		return Text{}
	}
	if fe := checkText(s); fe != nil {
		n.fail(p, fe)
		return t
	}
	s, fe := n.apply(s, r)
	if fe != nil {
		n.fail(p, fe)
		return t
	}
	return String(s)
}

// apply runs rule r on a trimmed, valid text.
func (n *normalizer) apply(s string, r rule) (string, *FieldError) {
	switch r {
	case ruleText:
		return nfc(s), nil
	case ruleEmail:
		return canonicalEmail(s, n.opts.KeepEmailCase)
	case rulePhone:
		return n.phone(s)
	case ruleLocale:
		return canonicalLocale(s)
	case ruleImage:
		return s, checkImageURL(s)
	case ruleTimezone:
		return canonicalTimezone(s)
	case ruleIP:
		return canonicalIP(s)
	}
	return s, nil // ruleOpaque
}

// phone applies P1–P7. A dropped extension (DropExtension) is reported as
// a warning: the caller's data changed.
func (n *normalizer) phone(s string) (string, *FieldError) {
	region := "" // an international number is read on its own
	if !strings.HasPrefix(s, "+") {
		region = n.phoneRegion() // looked up once, and only when needed
	}
	strict := n.opts
	strict.DropExtension = false
	out, fe := canonicalPhone(s, region, strict)
	if fe == nil || fe.Code != CodePhoneExtension || !n.opts.DropExtension {
		return out, fe
	}
	out, fe = canonicalPhone(s, region, n.opts)
	if fe == nil {
		n.warns = append(n.warns, newError(findAttr("phone_number").ptr, CodePhoneExtension,
			"phone number's extension was dropped: E.164 cannot hold it"))
	}
	return out, fe
}

// phoneRegion picks the region a national number is read in (P5): the
// profile's country, else its locale's explicit region, else the default;
// a region libphonenumber has no numbers for is passed over.
func (n *normalizer) phoneRegion() string {
	a := &n.p.Attributes
	if a.Location.State == Set && a.Location.Country.State == Set {
		if r := regionForCountry(a.Location.Country.Value); isPhoneRegion(r) {
			return r
		}
	}
	if a.Locale.State == Set {
		if tag, fe := canonicalLocale(a.Locale.Value); fe == nil {
			if r := regionForLocale(tag); isPhoneRegion(r) {
				return r
			}
		}
	}
	return n.opts.DefaultRegion
}

func (n *normalizer) attributes() {
	a := &n.p.Attributes
	for i := range attributeFields {
		f := &attributeFields[i]
		t := a.textAt(i)
		*t = n.text(*t, f.ptr, f.rule)
	}
	n.location()
	a.Properties = n.object(a.Properties, ptrProperties, n.propertiesLimit())
}

// propertiesLimit is how deep a property value may nest (D7): properties
// is level 1, and sits 4 levels below the root.
func (n *normalizer) propertiesLimit() depthLimit {
	levels := n.opts.maxPropDepth()
	if doc := n.opts.maxDepth() - 3; doc < levels {
		return depthLimit{max: doc - 1, levels: n.opts.maxDepth()}
	}
	return depthLimit{max: levels - 1, levels: levels, props: true}
}

func (n *normalizer) location() {
	l := &n.p.Attributes.Location
	if l.State != Set {
		return
	}
	for i := range locationFields {
		f := &locationFields[i]
		t, c := l.memberAt(i)
		if t != nil {
			*t = n.text(*t, f.ptr, f.rule)
			continue
		}
		*c = n.coordinate(*c, f.ptr, coordinateLimit(f.name))
	}
}

func coordinateLimit(name string) float64 {
	if name == "latitude" {
		return 90
	}
	return 180
}

// coordinate applies G1; a string coordinate gets the text rules first.
func (n *normalizer) coordinate(c Coordinate, p Pointer, limit float64) Coordinate {
	if c.State != Set {
		return c
	}
	if !c.Number {
		t := n.text(Text{State: Set, Value: c.Value}, p, ruleOpaque)
		if t.State != Set || n.failed[p] {
			return Coordinate{State: t.State, Value: t.Value}
		}
		c.Value = t.Value
	}
	out, fe := checkCoordinate(c, limit)
	if fe != nil {
		n.fail(p, fe)
	}
	return out
}

// object checks that each member value is JSON within the depth limit
// (D3, D4, D7, D8) and canonical; values are otherwise kept exactly (R1).
// Member values may nest lim.max levels.
func (n *normalizer) object(o Object, p Pointer, lim depthLimit) Object {
	if o.State != Set || n.decoded {
		return o
	}
	var members []Member // copied on the first change: the input is never modified
	for i, m := range o.Members {
		mp := p.Append(m.Name)
		if !utf8.ValidString(m.Name) {
			n.fail(mp, newError("", CodeInvalidUTF8, "member name is not valid UTF-8"))
			continue
		}
		v, fe := canonicalValue(m.Value, lim)
		if fe != nil {
			fe.Pointer = mp + fe.Pointer
			n.errs = append(n.errs, fe)
			continue
		}
		if members == nil && !bytes.Equal(v, m.Value) {
			members = append(make([]Member, 0, len(o.Members)), o.Members[:i]...)
		}
		if members != nil {
			members = append(members, Member{Name: m.Name, Value: v})
		}
	}
	if members != nil {
		o.Members = members
	}
	return o
}

// canonicalValue returns the canonical text of one JSON value nested at
// most lim.max levels, or the first problem in it, with a Pointer relative
// to the value. Canonical text is returned as the same slice.
func canonicalValue(v []byte, lim depthLimit) ([]byte, *FieldError) {
	d := Options{MaxBytes: max(len(v), 1)}.newDecoder(v)
	defer d.release()
	if d.fatal {
		return nil, d.issues[0].err
	}
	out, ok := d.value([]byte{}, self(""), lim)
	d.end()
	if !ok || len(d.issues) > 0 {
		if len(d.issues) == 0 {
			return nil, newError("", CodeSyntax, "value is not JSON")
		}
		return nil, d.issues[0].err
	}
	if bytes.Equal(out, v) {
		return v, nil
	}
	return out, nil
}

func (n *normalizer) meta() {
	m := &n.p.Meta
	if m.State != Set {
		return
	}
	pp := &m.PatchProperties
	if pp.State == Set {
		// Below the root: data, meta, patch_properties, append, the value.
		limit := depthLimit{max: n.opts.maxDepth() - 5, levels: n.opts.maxDepth()}
		pp.Append = n.object(pp.Append, ptrPatchProperties+"/append", limit)
		pp.Unappend = n.object(pp.Unappend, ptrPatchProperties+"/unappend", limit)
	}
	pi := &m.PatchIdentifiers
	if pi.State == Set {
		pi.Append.Email = n.emails(pi.Append.Email, ptrPatchIdentifiers+"/append/email")
		pi.Unappend.Email = n.emails(pi.Unappend.Email, ptrPatchIdentifiers+"/unappend/email")
	}
}

// emails normalizes the addresses of a patch_identifiers operation (M3).
// An address empty after trimming is an error here: dropping it would
// change what the operation does.
func (n *normalizer) emails(s Strings, p Pointer) Strings {
	if s.State != Set {
		return s
	}
	out := slices.Clone(s.Values)
	var listed int
	for i, v := range s.Values {
		e, fe := canonicalEmail(v, n.opts.KeepEmailCase)
		if fe == nil {
			out[i] = e
			continue
		}
		if listed++; listed > maxListProblems {
			n.fail(p, tooManyInList())
			break
		}
		ep := p
		if s.Array {
			ep = p.Append(strconv.Itoa(s.index(i)))
		}
		n.fail(ep, fe)
	}
	s.Values = out
	return s
}

// partialPhone drops a rejected phone number with a warning when another
// identifier remains, as Klaviyo does with X-Klaviyo-Partial-Failure (P8).
func (n *normalizer) partialPhone() {
	ptr := findAttr("phone_number").ptr
	if !n.opts.PartialPhone || !n.failed[ptr] || !n.hasOtherIdentifier() {
		return
	}
	kept := n.errs[:0:0]
	for _, fe := range n.errs {
		if fe.Pointer == ptr {
			n.warns = append(n.warns, fe)
			continue
		}
		kept = append(kept, fe)
	}
	n.errs = kept
	delete(n.failed, ptr)
	n.p.Attributes.PhoneNumber = Text{}
}

// hasOtherIdentifier reports whether an identifier other than the phone
// number remains: in create mode _kx and id are not allowed, so they do
// not count (S2, S3).
func (n *normalizer) hasOtherIdentifier() bool {
	a := &n.p.Attributes
	ok := func(t Text, p Pointer) bool { return isIdentifier(t) && !n.failed[p] }
	if ok(a.Email, ptrAttributes+"/email") || ok(a.ExternalID, ptrAttributes+"/external_id") {
		return true
	}
	return n.opts.Mode != Create && (ok(a.Kx, ptrAttributes+"/_kx") || ok(n.p.ID, ptrID))
}

// isIdentifier reports whether t holds a value that identifies a profile:
// set and not blank. id is kept as written, so it may hold only spaces.
func isIdentifier(t Text) bool {
	return t.State == Set && trimSpace(t.Value) != ""
}
