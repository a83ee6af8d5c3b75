package profile

import "testing"

// TestFieldAccessors checks that the direct accessors the hot paths use
// name the same members as the tables' get and coord, in the same order
// as the decoder's name lists.
func TestFieldAccessors(t *testing.T) {
	var a Attributes
	for i := range attributeFields {
		f := &attributeFields[i]
		if a.textAt(i) != f.get(&a) {
			t.Errorf("textAt(%d) is not %s", i, f.name)
		}
		if attrIndex(f.name) != i || attributeNames[i] != f.name {
			t.Errorf("%s is not at %d", f.name, i)
		}
	}
	l := &a.Location
	for i := range locationFields {
		f := &locationFields[i]
		text, coord := l.memberAt(i)
		if f.get != nil && (text != f.get(l) || coord != nil) ||
			f.get == nil && (coord != f.coord(l) || text != nil) {
			t.Errorf("memberAt(%d) is not %s", i, f.name)
		}
		if locIndex(f.name) != i || locationNames[i] != f.name {
			t.Errorf("%s is not at %d", f.name, i)
		}
	}
}

// TestJoin checks that join gives p/name, fixed pointers included.
func TestJoin(t *testing.T) {
	for _, c := range []struct {
		p    Pointer
		name string
	}{
		{"", "data"}, {ptrData, "attributes"}, {ptrData, "meta"}, {ptrData, "type"},
		{ptrAttributes, "location"}, {ptrAttributes, "properties"}, {ptrAttributes, "email"},
		{ptrMeta, "patch_properties"}, {ptrMeta, "patch_identifiers"},
		{"/data/attributes/profiles/data/3", "attributes"},
	} {
		if got, want := join(c.p, c.name), c.p.Append(c.name); got != want {
			t.Errorf("join(%q, %q) = %q, want %q", c.p, c.name, got, want)
		}
	}
}
