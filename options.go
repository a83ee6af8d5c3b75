package profile

import (
	"errors"
	"strconv"
	"strings"
)

// Mode selects which endpoint's body is read.
// The zero Mode is Upsert.
type Mode uint8

// The modes of SPEC rule S2.
const (
	Upsert Mode = iota // POST /api/profile-import
	Create             // POST /api/profiles: no id, meta or _kx
	Update             // PATCH /api/profiles/{id}: data.id required
	Bulk               // POST /api/profile-bulk-import-jobs: upsert profiles in a job
)

// String returns "upsert", "create", "update" or "bulk", or "Mode(N)" for
// a value that is none of them.
func (m Mode) String() string {
	switch m {
	case Upsert:
		return "upsert"
	case Create:
		return "create"
	case Update:
		return "update"
	case Bulk:
		return "bulk"
	}
	return "Mode(" + strconv.Itoa(int(m)) + ")"
}

// ParseMode returns the Mode named s ("upsert", "create", "update" or
// "bulk").
func ParseMode(s string) (Mode, bool) {
	switch s {
	case "bulk":
		return Bulk, true
	case "upsert":
		return Upsert, true
	case "create":
		return Create, true
	case "update":
		return Update, true
	}
	return Upsert, false
}

// Default limits of SPEC rules D1 and D7.
const (
	DefaultMaxBytes           = 102400
	DefaultMaxBulkBytes       = 5242880 // a bulk import body
	MaxBulkProfiles           = 10000   // profiles in one bulk import body
	MaxProfileBytes           = 102400  // one profile of a bulk body, canonically encoded
	DefaultMaxDepth           = 64
	DefaultMaxPropertiesDepth = 10
)

// Options configures the pipeline. The zero value follows SPEC.md's
// defaults: upsert mode, email local parts lowercased, empty strings
// dropped, phone numbers that must be valid with no default region, and
// the default limits. Options is a value: there is no package-level state.
type Options struct {
	Mode Mode // which endpoint's body is read; the zero Mode is Upsert

	// DefaultRegion is the ISO 3166 alpha-2 region ("US") in which a phone
	// number without "+" is read when the profile names no country and its
	// locale no region (P5). Empty means there is none.
	DefaultRegion string

	KeepEmailCase bool // keep the email local part's case (E5)
	EmptyAsNull   bool // a string empty after trimming becomes null, not absent (T2)
	PossiblePhone bool // accept a possible phone number, not only a valid one (P6)
	AllowVanity   bool // read letters in phone numbers as keypad digits (P3)
	DropExtension bool // drop a phone extension instead of rejecting it (P4)
	PartialPhone  bool // drop an invalid phone with a warning when another identifier remains (P8)
	MaxBytes      int  // body limit in bytes; 0 means DefaultMaxBytes, or DefaultMaxBulkBytes in Bulk mode (D1)
	MaxDepth      int  // nesting limit of the document; 0 means DefaultMaxDepth, at most MaxNesting (D7)
	MaxPropDepth  int  // nesting limit inside properties; 0 means DefaultMaxPropertiesDepth, at most MaxNesting (D7)
}

// MaxNesting is the largest MaxDepth and MaxPropDepth honoured: a deeper
// limit is read as this one. Profiles do not nest this deep, and reading
// a deeper document costs time that grows with the square of its depth.
const MaxNesting = 1000

// Check reports an option that cannot be used: a Mode that is none of the
// four, a negative limit, or a DefaultRegion that is not an ISO 3166
// alpha-2 code phone numbers can be read in ("UK" is not: it is "GB").
// The pipeline does not call Check; an unusable DefaultRegion there reads
// as no region.
func (o Options) Check() error {
	switch {
	case o.Mode > Bulk:
		return errors.New("profile: unknown mode " + o.Mode.String())
	case o.MaxBytes < 0 || o.MaxDepth < 0 || o.MaxPropDepth < 0:
		return errors.New("profile: limits must not be negative")
	case o.DefaultRegion != "" && (len(o.DefaultRegion) != 2 || !isPhoneRegion(strings.ToUpper(o.DefaultRegion))):
		return errors.New("profile: DefaultRegion " + strconv.Quote(o.DefaultRegion) +
			" is not an ISO 3166 alpha-2 region phone numbers can be read in, such as US")
	}
	return nil
}

func (o Options) maxBytes() int {
	if o.Mode == Bulk {
		return orDefault(o.MaxBytes, DefaultMaxBulkBytes)
	}
	return orDefault(o.MaxBytes, DefaultMaxBytes)
}
func (o Options) maxDepth() int { return min(orDefault(o.MaxDepth, DefaultMaxDepth), MaxNesting) }
func (o Options) maxPropDepth() int {
	return min(orDefault(o.MaxPropDepth, DefaultMaxPropertiesDepth), MaxNesting)
}

func orDefault(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}
