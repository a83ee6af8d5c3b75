package profile

import "strconv"

// rule names the normalization a text field gets.
type rule uint8

const (
	ruleText     rule = iota // T1–T4: trimmed, NFC, no controls
	ruleOpaque               // T4: external_id and _kx, trimmed only
	ruleEmail                // E1–E7
	rulePhone                // P1–P8
	ruleLocale               // L1–L5
	ruleImage                // I1
	ruleTimezone             // G2
	ruleIP                   // G3
)

// attrField describes one text attribute; the table is in schema order
// (O1), which is also the order errors of Normalize come in.
type attrField struct {
	name string
	ptr  Pointer
	rule rule
	get  func(*Attributes) *Text
}

var attributeFields = [...]attrField{
	{"email", ptrAttributes + "/email", ruleEmail, func(a *Attributes) *Text { return &a.Email }},
	{"phone_number", ptrAttributes + "/phone_number", rulePhone, func(a *Attributes) *Text { return &a.PhoneNumber }},
	{"external_id", ptrAttributes + "/external_id", ruleOpaque, func(a *Attributes) *Text { return &a.ExternalID }},
	{"_kx", ptrAttributes + "/_kx", ruleOpaque, func(a *Attributes) *Text { return &a.Kx }},
	{"first_name", ptrAttributes + "/first_name", ruleText, func(a *Attributes) *Text { return &a.FirstName }},
	{"last_name", ptrAttributes + "/last_name", ruleText, func(a *Attributes) *Text { return &a.LastName }},
	{"organization", ptrAttributes + "/organization", ruleText, func(a *Attributes) *Text { return &a.Organization }},
	{"locale", ptrAttributes + "/locale", ruleLocale, func(a *Attributes) *Text { return &a.Locale }},
	{"title", ptrAttributes + "/title", ruleText, func(a *Attributes) *Text { return &a.Title }},
	{"image", ptrAttributes + "/image", ruleImage, func(a *Attributes) *Text { return &a.Image }},
}

// locField describes one location member: a text (get) or a coordinate.
type locField struct {
	name  string
	ptr   Pointer
	rule  rule
	get   func(*Location) *Text
	coord func(*Location) *Coordinate
}

var locationFields = [...]locField{
	{"address1", ptrLocation + "/address1", ruleText, func(l *Location) *Text { return &l.Address1 }, nil},
	{"address2", ptrLocation + "/address2", ruleText, func(l *Location) *Text { return &l.Address2 }, nil},
	{"city", ptrLocation + "/city", ruleText, func(l *Location) *Text { return &l.City }, nil},
	{"country", ptrLocation + "/country", ruleText, func(l *Location) *Text { return &l.Country }, nil},
	{"latitude", ptrLocation + "/latitude", ruleText, nil, func(l *Location) *Coordinate { return &l.Latitude }},
	{"longitude", ptrLocation + "/longitude", ruleText, nil, func(l *Location) *Coordinate { return &l.Longitude }},
	{"region", ptrLocation + "/region", ruleText, func(l *Location) *Text { return &l.Region }, nil},
	{"zip", ptrLocation + "/zip", ruleText, func(l *Location) *Text { return &l.Zip }, nil},
	{"timezone", ptrLocation + "/timezone", ruleTimezone, func(l *Location) *Text { return &l.Timezone }, nil},
	{"ip", ptrLocation + "/ip", ruleIP, func(l *Location) *Text { return &l.IP }, nil},
}

func findAttr(name string) *attrField {
	for i := range attributeFields {
		if attributeFields[i].name == name {
			return &attributeFields[i]
		}
	}
	panic("profile: no text attribute " + name)
}

func findLoc(name string) *locField {
	for i := range locationFields {
		if locationFields[i].name == name {
			return &locationFields[i]
		}
	}
	panic("profile: no location member " + name)
}

// textAt returns the text attribute of attributeFields[i]. Hot paths use it
// rather than the table's get: a direct call lets a stay where it is,
// where a call through a func value moves it to the heap.
func (a *Attributes) textAt(i int) *Text {
	switch i {
	case 0:
		return &a.Email
	case 1:
		return &a.PhoneNumber
	case 2:
		return &a.ExternalID
	case 3:
		return &a.Kx
	case 4:
		return &a.FirstName
	case 5:
		return &a.LastName
	case 6:
		return &a.Organization
	case 7:
		return &a.Locale
	case 8:
		return &a.Title
	case 9:
		return &a.Image
	}
	panic("profile: no text attribute " + strconv.Itoa(i))
}

// memberAt returns the member of locationFields[i]: a text, or a
// coordinate when text is nil. Like textAt, it is a direct call.
func (l *Location) memberAt(i int) (text *Text, coord *Coordinate) {
	switch i {
	case 0:
		return &l.Address1, nil
	case 1:
		return &l.Address2, nil
	case 2:
		return &l.City, nil
	case 3:
		return &l.Country, nil
	case 4:
		return nil, &l.Latitude
	case 5:
		return nil, &l.Longitude
	case 6:
		return &l.Region, nil
	case 7:
		return &l.Zip, nil
	case 8:
		return &l.Timezone, nil
	case 9:
		return &l.IP, nil
	}
	panic("profile: no location member " + strconv.Itoa(i))
}

// attrIndex returns the index in attributeFields of the text attribute
// name, or -1.
func attrIndex(name string) int {
	for i := range attributeFields {
		if attributeFields[i].name == name {
			return i
		}
	}
	return -1
}

// locIndex returns the index in locationFields of the member name, or -1.
func locIndex(name string) int {
	for i := range locationFields {
		if locationFields[i].name == name {
			return i
		}
	}
	return -1
}
