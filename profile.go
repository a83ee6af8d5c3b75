// Package profile validates and normalizes Klaviyo profile request bodies
// before they are sent.
//
// It reads the bodies of POST /api/profile-import (upsert), POST /api/profiles
// (create) and PATCH /api/profiles/{id} (update), API revision 2026-07-15.
// The pipeline is strict decode → normalize → validate → canonical encode;
// [Options.NormalizeJSON] runs it on bytes, and each step is exported on its
// own: [Options.Decode], [Options.Normalize], [Options.Validate] and [Encode].
// Every function is pure: no package state, no network, no clock, and the
// caller's values are never modified.
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
// document order. [Errors.JSONAPI] renders them as Klaviyo renders its own.
//
// # Single fields
//
// Callers holding one value use [Options.CanonicalEmail],
// [Options.CanonicalPhone] and [CanonicalLocale].
package profile

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
	return "State(" + string(rune('0'+s)) + ")"
}

// Text is a string member with its state. Value is meaningful only when
// State is Set.
type Text struct {
	State State
	Value string
}

// String returns a Text set to s.
func String(s string) Text { return Text{State: Set, Value: s} }

// NullText is a Text holding an explicit null.
var NullText = Text{State: Null}

// IsSet reports whether t holds a non-empty value.
func (t Text) IsSet() bool { return t.State == Set && t.Value != "" }

// A Coordinate is latitude or longitude: a JSON string or a JSON number,
// kept as given. Value holds the string's contents, or the number's text
// exactly as written when Number is true.
type Coordinate struct {
	State  State
	Value  string
	Number bool
}

// Strings is a member that is either one string or an array of strings,
// such as patch_properties.unset. Array records which form was given; a
// string form has exactly one element in Values.
type Strings struct {
	State  State
	Values []string
	Array  bool
}

// An Object is a JSON object kept as written: members in their order, each
// value as compact canonical JSON text (strings minimally escaped, numbers
// exactly as written).
type Object struct {
	State   State
	Members []Member
}

// A Member is one name and its JSON value text.
type Member struct {
	Name  string
	Value []byte
}

// Profile is the resource object at "data" of a profile request body.
// Its type member is always "profile" and is not stored.
type Profile struct {
	ID         Text
	Attributes Attributes
	Meta       Meta
}

// Attributes holds data.attributes. Email, PhoneNumber, ExternalID and Kx
// are the identifiers.
type Attributes struct {
	Email        Text
	PhoneNumber  Text
	ExternalID   Text
	Kx           Text // "_kx", Klaviyo's exchange id
	FirstName    Text
	LastName     Text
	Organization Text
	Locale       Text
	Title        Text
	Image        Text
	Location     Location
	Properties   Object
}

// Location holds data.attributes.location; State says whether the location
// object itself was absent, null or given.
type Location struct {
	State     State
	Address1  Text
	Address2  Text
	City      Text
	Country   Text
	Latitude  Coordinate
	Longitude Coordinate
	Region    Text
	Zip       Text
	Timezone  Text
	IP        Text
}

// Meta holds data.meta, the patch operations.
type Meta struct {
	State            State
	PatchProperties  PatchProperties
	PatchIdentifiers PatchIdentifiers
}

// PatchProperties holds data.meta.patch_properties.
type PatchProperties struct {
	State    State
	Append   Object
	Unappend Object
	Unset    Strings
}

// PatchIdentifiers holds data.meta.patch_identifiers. Only email is
// supported by Klaviyo, so each operation is the list of addresses under
// its "email" member.
type PatchIdentifiers struct {
	State    State
	Append   EmailPatch
	Unappend EmailPatch
}

// EmailPatch is one patch_identifiers operation: {"email": string or array}.
// State is the state of the operation object; Email the state and values
// of its email member.
type EmailPatch struct {
	State State
	Email Strings
}
