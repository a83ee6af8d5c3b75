package profile

import (
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// The fast phone path reads a number already reduced to a '+' and ASCII
// digits, and gives the answer libphonenumber's Parse, IsValidNumber and
// Format(E164) give, taking the same steps on its metadata: the calling
// code, the national prefix, the region among those sharing the code,
// and the number type patterns. Patterns run as digitDFAs, so a number
// costs about a microsecond instead of tens. The steps libphonenumber
// would end in an error, an international prefix dialled in the number,
// and metadata that does not compile are left to the general parser.
// TestFastPhoneAgrees and FuzzFastPhone hold the two paths to the same
// answers.

// phoneVerdict is the fast path's answer about a number.
type phoneVerdict uint8

const (
	phoneUndecided phoneVerdict = iota // the general parser must decide
	phoneValid                         // valid; the E.164 form is returned
	phoneNotValid                      // parsed, but not a valid number
)

// fastPhone reads num, a '+' and ASCII digits or ASCII digits alone, the
// latter in region, an upper-case region libphonenumber supports. For a
// valid number it returns the E.164 form, text itself when equal.
func fastPhone(num, region string) (string, phoneVerdict) {
	var (
		cc      int
		nsn     string
		decided bool
	)
	if num != "" && num[0] == '+' {
		cc, nsn, decided = fastInternational(num[1:])
	} else {
		cc, nsn, decided = fastNational(num, region)
	}
	if !decided {
		return "", phoneUndecided
	}
	if !validNumber(cc, nsn) {
		return "", phoneNotValid
	}
	var buf [32]byte
	out := append(strconv.AppendInt(append(buf[:0], '+'), int64(cc), 10), nsn...)
	if string(out) == num {
		return num, phoneValid
	}
	return string(out), phoneValid
}

// fastInternational splits digits, written after a '+', into a calling
// code and national significant number as libphonenumber's parser does.
func fastInternational(digits string) (cc int, nsn string, ok bool) {
	if len(digits) <= minNSNDigits || digits[0] == '0' {
		return 0, "", false // too short after the '+', or no calling code
	}
	for i := 1; i <= maxCallingCodeDigits; i++ {
		code, _ := strconv.Atoi(digits[:i])
		if c := countryForCode(code); c != nil {
			return finishNational(code, digits[i:], c.regions[0])
		}
		if len(phonenumbers.GetRegionCodesForCountryCode(code)) > 0 {
			return 0, "", false // known, but its metadata did not compile
		}
	}
	return 0, "", false
}

// fastNational reads digits, written without '+', in region, as
// libphonenumber's parser does.
func fastNational(digits, region string) (cc int, nsn string, ok bool) {
	r := phoneRegionFor(region)
	if r == nil || len(digits) <= minNSNDigits {
		return 0, "", false
	}
	if r.idd.matchPrefix(digits) {
		return 0, "", false // may be dialled with an international prefix
	}
	national, main := digits, r
	if rest, found := strings.CutPrefix(digits, r.cc); found {
		// The number may start with its region's calling code. libphonenumber
		// takes it as that when the digits are not a valid pattern with it
		// and are without it, or are too long with it.
		rest = r.stripNationalPrefix(rest)
		if (!r.general.pattern.match(digits) && r.general.pattern.match(rest)) ||
			r.lengthResult(digits) == lengthTooLong {
			national, main = rest, countryForCode(r.countryCode).regions[0]
		}
	}
	return finishNational(r.countryCode, national, main)
}

// finishNational strips a national prefix from national with the
// metadata of r, when what is left is of a possible length, and checks
// the national significant number's length.
func finishNational(cc int, national string, r *phoneRegion) (int, string, bool) {
	if len(national) < minNSNDigits {
		return 0, "", false
	}
	if stripped := r.stripNationalPrefix(national); stripped != national {
		switch r.lengthResult(stripped) {
		case lengthTooShort, lengthLocalOnly, lengthInvalid:
		default:
			national = stripped
		}
	}
	if len(national) < minNSNDigits || len(national) > maxNSNDigits {
		return 0, "", false
	}
	return cc, national, true
}

// stripNationalPrefix returns number without its national prefix, as
// libphonenumber's maybeStripNationalPrefixAndCarrierCode does, or number
// itself when there is none to strip or stripping it would turn a number
// of valid pattern into one that is not.
func (r *phoneRegion) stripNationalPrefix(number string) string {
	if number == "" || !r.hasNational {
		return number
	}
	if r.prefix.re == nil {
		rest, found := strings.CutPrefix(number, r.prefix.literal)
		if !found || (r.general.pattern.match(number) && !r.general.pattern.match(rest)) {
			return number
		}
		return rest
	}
	re := r.prefix.re
	if f := r.prefix.filter; (f != nil && !f.matchPrefix(number)) || !re.MatchString(number) {
		return number
	}
	viable := r.general.pattern.match(number)
	groups := re.FindStringSubmatchIndex(number)
	last := len(groups)/2 - 1
	out := number[groups[1]:]
	if r.transform != "" && groups[2*last] >= 0 {
		out = re.ReplaceAllString(number, r.transform)
	}
	if viable && !r.general.pattern.match(out) {
		return number
	}
	return out
}

// Results of lengthResult, libphonenumber's ValidationResult for a
// number's length.
const (
	lengthPossible = iota
	lengthLocalOnly
	lengthTooShort
	lengthTooLong
	lengthInvalid
)

// lengthResult is libphonenumber's testNumberLength for any number type.
func (r *phoneRegion) lengthResult(number string) int {
	lengths, n := r.general.lengths, int32(len(number))
	switch {
	case lengths[0] == -1:
		return lengthInvalid
	case hasLength(r.localOnly, int(n)):
		return lengthLocalOnly
	case n == lengths[0]:
		return lengthPossible
	case n < lengths[0]:
		return lengthTooShort
	case n > lengths[len(lengths)-1]:
		return lengthTooLong
	case hasLength(lengths[1:], int(n)):
		return lengthPossible
	}
	return lengthInvalid
}

// validNumber is libphonenumber's IsValidNumber for the number with
// calling code cc and national significant number nsn.
func validNumber(cc int, nsn string) bool {
	c := countryForCode(cc)
	if c == nil {
		return false
	}
	if len(c.regions) == 1 {
		return c.regions[0].hasType(nsn)
	}
	for _, r := range c.regions {
		// The region is the first whose leading digits start nsn, or
		// which has no leading digits but a type nsn is of.
		if r.leading != nil {
			if r.leading.matchPrefix(nsn) {
				return r.hasType(nsn)
			}
		} else if r.hasType(nsn) {
			return true
		}
	}
	return false
}

// hasType reports whether nsn is of any number type of r: what
// libphonenumber's getNumberTypeHelper reports as not UNKNOWN.
func (r *phoneRegion) hasType(nsn string) bool {
	if !r.general.matches(nsn) {
		return false
	}
	for i := range r.types {
		if r.types[i].matches(nsn) {
			return true
		}
	}
	return r.fixed.matches(nsn) || (!r.sameMobile && r.mobile.matches(nsn))
}
