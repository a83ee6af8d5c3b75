package profile

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
