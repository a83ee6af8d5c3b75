// Package profile validates and normalizes Klaviyo profile request bodies
// before they are sent.
//
// It reads the bodies of POST /api/profile-import (upsert), POST /api/profiles
// (create), PATCH /api/profiles/{id} (update) and POST
// /api/profile-bulk-import-jobs (bulk), API revision 2026-07-15.
// The pipeline is strict decode → normalize → validate → canonical encode;
// [Options.NormalizeJSON] runs it on bytes, and each step is exported on its
// own: [Options.Decode], [Options.Normalize], [Options.Validate] and [Encode].
// Every function is pure: no mutable package state (tables are built once
// and only read), no network, no clock, and the caller's values are never
// modified.
//
// # Three states
//
// Every field is absent, null or set ([State]). Klaviyo clears a field sent as
// null and leaves an absent one alone, so the difference is kept from input
// to output.
//
// # Errors
//
// Problems are reported as [Errors], a list of [*FieldError], each with an
// RFC 6901 [Pointer] into the body, a stable [Code] and a message that never
// repeats a personal value. All problems of a body are reported together, in
// document order when read from bytes. [Errors.JSONAPI] renders them as
// Klaviyo renders its own.
//
// # Single fields
//
// Callers holding one value use [Options.CanonicalEmail],
// [Options.CanonicalPhone] and [CanonicalLocale].
package profile

import "strconv"

// State says whether a member was absent, null or set.
// The zero State is Absent.
type State uint8

// The three states of a member.
const (
	Absent State = iota // not in the body: Klaviyo leaves the field as it is
	Null                // null in the body: Klaviyo clears the field
	Set                 // a value
)

// String returns "absent", "null" or "set".
func (s State) String() string {
	switch s {
	case Absent:
		return "absent"
	case Null:
		return "null"
	case Set:
		return "set"
	}
	return "State(" + strconv.Itoa(int(s)) + ")"
}

// Text is a string member with its state. Value is meaningful only when
// State is Set.
type Text struct {
	State State  // Absent, Null or Set
	Value string // the string, when Set
}

// String returns a Text set to s.
func String(s string) Text { return Text{State: Set, Value: s} }

// NullText is a Text holding an explicit null.
var NullText = Text{State: Null}

// IsSet reports whether t is Set to a non-empty string: the test for an
// identifier (S3). An empty Set string is not.
func (t Text) IsSet() bool { return t.State == Set && t.Value != "" }

// A Coordinate is latitude or longitude: a JSON string or a JSON number,
// kept as given. Value holds the string's contents, or the number's text
// exactly as written when Number is true.
type Coordinate struct {
	State  State  // Absent, Null or Set
	Value  string // the string's contents, or the number's text
	Number bool   // given as a JSON number, not a string
}

// Strings is a member that is either one string or an array of strings,
// such as patch_properties.unset. Array records which form was given; a
// string form has exactly one element in Values.
type Strings struct {
	State  State    // Absent, Null or Set
	Values []string // the strings, when Set
	Array  bool     // given as an array (a string otherwise)

	// at is, when the decoder rejected some elements of the array, the
	// index in the array of each of Values; nil when Values is the whole.
	at []int
}

// index is the index in the array as written of Values[i].
func (s Strings) index(i int) int {
	if s.at != nil {
		return s.at[i]
	}
	return i
}

// An Object is a JSON object kept as written: members in their order, each
// value as compact canonical JSON text (strings minimally escaped, numbers
// exactly as written).
type Object struct {
	State   State    // Absent, Null or Set
	Members []Member // the members in order, when Set
}

// A Member is one name and its JSON value text.
type Member struct {
	Name  string // the member name, unescaped
	Value []byte // the value as compact JSON text
}

// Profile is the resource object at "data" of a profile request body.
// Its type member is always "profile" and is not stored.
type Profile struct {
	ID         Text       // data.id: the Klaviyo profile id
	Attributes Attributes // data.attributes
	Meta       Meta       // data.meta: patch operations
}

// Attributes holds data.attributes. Email, PhoneNumber, ExternalID and Kx
// are the identifiers.
type Attributes struct {
	Email        Text     // "email": canonical address (E1–E7)
	PhoneNumber  Text     // "phone_number": E.164 (P1–P8)
	ExternalID   Text     // "external_id": opaque, trimmed
	Kx           Text     // "_kx": Klaviyo's exchange id, opaque, trimmed
	FirstName    Text     // "first_name"
	LastName     Text     // "last_name"
	Organization Text     // "organization"
	Locale       Text     // "locale": BCP 47 tag (L1–L5)
	Title        Text     // "title"
	Image        Text     // "image": absolute http(s) URL (I1)
	Location     Location // "location"
	Properties   Object   // "properties": custom properties, kept exactly (R1)
}

// Location holds data.attributes.location; State says whether the location
// object itself was absent, null or given. Members are encoded only when
// State is Set: set them with State: Set, or Validate reports wrong_type.
type Location struct {
	State     State      // Absent, Null or Set
	Address1  Text       // "address1"
	Address2  Text       // "address2"
	City      Text       // "city"
	Country   Text       // "country": code or name, not rewritten (G4)
	Latitude  Coordinate // "latitude": -90 to 90 (G1)
	Longitude Coordinate // "longitude": -180 to 180 (G1)
	Region    Text       // "region": state or province
	Zip       Text       // "zip"
	Timezone  Text       // "timezone": IANA zone name (G2)
	IP        Text       // "ip": canonical IPv4 or IPv6 (G3)
}

// Meta holds data.meta, the patch operations.
type Meta struct {
	State            State            // Absent, Null or Set
	PatchProperties  PatchProperties  // "patch_properties"
	PatchIdentifiers PatchIdentifiers // "patch_identifiers"
}

// PatchProperties holds data.meta.patch_properties.
type PatchProperties struct {
	State    State   // Absent, Null or Set
	Append   Object  // "append": values to add to property arrays
	Unappend Object  // "unappend": values to remove from property arrays
	Unset    Strings // "unset": property names to remove
}

// PatchIdentifiers holds data.meta.patch_identifiers. Only email is
// supported by Klaviyo, so each operation is the list of addresses under
// its "email" member.
type PatchIdentifiers struct {
	State    State      // Absent, Null or Set
	Append   EmailPatch // "append": secondary addresses to add
	Unappend EmailPatch // "unappend": secondary addresses to remove
}

// EmailPatch is one patch_identifiers operation: {"email": string or array}.
// State is the state of the operation object; Email the state and values
// of its email member.
type EmailPatch struct {
	State State   // Absent or Set: the schema does not allow null
	Email Strings // "email": one address or an array of them
}
