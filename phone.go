package profile

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
)

// maxPhoneRunes is the length limit of rule P1, in characters.
const maxPhoneRunes = 64

// maxExtensionDigits bounds an extension (P4), as libphonenumber does for
// an explicit "ext" label.
const maxExtensionDigits = 20

// Messages of phone errors. None repeats the number or any digit of it.
const (
	msgPhoneEmpty         = "phone number is empty"
	msgPhoneTooLong       = "phone number is longer than sixty-four characters"
	msgPhoneLetter        = "phone number contains a letter; only digits, a leading \"+\" and separators are allowed"
	msgPhoneChar          = "phone number contains a character that is not a digit, a leading \"+\" or a separator"
	msgPhonePlus          = "phone number has a \"+\" after its first digit"
	msgPhoneNoDigits      = "phone number has no digits"
	msgPhoneRegion        = "phone number has no \"+\" and country code, and there is no region to read it in"
	msgPhoneRegionUnknown = "phone number has no \"+\" and country code, and the region to read it in is unknown"
	msgPhoneCountryCode   = "phone number has an unknown country calling code"
	msgPhoneInvalid       = "phone number is not a valid number for its country"
	msgPhoneImpossible    = "phone number is not a possible number for its country"
	msgPhoneE164Long      = "phone number has more digits than an international number can hold"
	msgPhoneExtension     = "phone number has an extension, which Klaviyo's international number format cannot hold"
)

// CanonicalPhone returns s as an E.164 phone number, such as
// "+442070313000", following SPEC rules P1–P7 with the zero [Options]:
// the number must be valid for its country, letters and extensions are
// rejected. It is shorthand for Options{}.CanonicalPhone(s, region).
func CanonicalPhone(s, region string) (string, error) {
	return Options{}.CanonicalPhone(s, region)
}

// CanonicalPhone returns s as an E.164 phone number, such as
// "+442070313000". A number written with a leading "+" is read on its own;
// any other is read in region, an ISO 3166 alpha-2 code such as "GB", or
// in o.DefaultRegion when region is "". Separators, Unicode digits and the
// fullwidth plus are accepted; E.164 input is returned unchanged, and
// CanonicalPhone applied to its own output returns that output.
//
// o.AllowVanity reads letters as keypad digits, o.DropExtension drops an
// extension, and o.PossiblePhone accepts a number of possible length that
// is not valid for its country.
//
// If s is not such a number, CanonicalPhone returns "" and a
// [*FieldError] with an empty Pointer and the code [CodeInvalidPhone],
// [CodePhoneRegionRequired], [CodePhoneExtension] or [CodeInvalidText].
// Every code but the last wraps [ErrInvalidPhone].
func (o Options) CanonicalPhone(s, region string) (string, error) {
	if region == "" {
		region = o.DefaultRegion
	}
	out, fe := canonicalPhone(s, region, o)
	if fe != nil {
		return "", fe
	}
	return out, nil
}

// canonicalPhone returns s in E.164 form (P1–P7), reading a number without
// "+" in region. The returned error's Pointer is empty; the caller sets it.
func canonicalPhone(s, region string, o Options) (string, *FieldError) {
	s = trimSpace(s)
	if fe := checkText(s); fe != nil {
		return "", fe
	}
	if s == "" {
		return "", phoneError(CodeInvalidPhone, msgPhoneEmpty)
	}
	if len(s) > maxPhoneRunes*utf8.UTFMax || utf8.RuneCountInString(s) > maxPhoneRunes {
		return "", phoneError(CodeInvalidPhone, msgPhoneTooLong) // P1: not parsed
	}
	var buf [maxPhoneRunes]byte
	num, ext, msg := scanPhone(s, buf[:0], o.AllowVanity)
	if msg != "" {
		return "", phoneError(CodeInvalidPhone, msg)
	}
	out, fe := parsePhone(num, s, region, o.PossiblePhone)
	if fe == nil && ext && !o.DropExtension {
		return "", phoneError(CodePhoneExtension, msgPhoneExtension) // P4
	}
	return out, fe
}

// parsePhone reads num, the '+' and ASCII digits of a number, and returns
// it in E.164 form (P5–P7). s is the trimmed input, returned itself when
// it is already the output.
func parsePhone(num []byte, s, region string, possible bool) (string, *FieldError) {
	if len(num) == 0 || string(num) == "+" {
		return "", phoneError(CodeInvalidPhone, msgPhoneNoDigits)
	}
	international := num[0] == '+'
	region, fe := readingRegion(international, region)
	if fe != nil {
		return "", fe
	}
	text := s // no copy when the input is already bare
	if string(num) != s {
		text = string(num)
	}
	// The fast path gives libphonenumber's answer for most numbers; with
	// possible, the general parser decides: it strips a national prefix
	// that a merely possible number may still carry (+84 0912…). E.164
	// input comes back as it was (P7).
	if !possible {
		switch out, v := fastPhone(text, region); v {
		case phoneValid:
			if len(out) > maxE164Len {
				return "", phoneError(CodeInvalidPhone, msgPhoneE164Long)
			}
			return out, nil
		case phoneNotValid:
			return "", phoneError(CodeInvalidPhone, msgPhoneInvalid)
		}
	}
	out, fe := formatPhone(text, region, possible)
	if fe == nil && possible && out != text {
		// A merely possible number can lose another "national prefix" each
		// time it is read (+310000000 → +31000000 → …): such a number has
		// no stable E.164 form and is not accepted.
		if again, fe := formatPhone(out, "", possible); fe != nil || again != out {
			return "", phoneError(CodeInvalidPhone, invalidPhoneMessage(possible))
		}
	}
	return out, fe
}

// readingRegion returns the region a number is read in (P5): none for an
// international number, else region in upper case, which must be one
// libphonenumber knows.
func readingRegion(international bool, region string) (string, *FieldError) {
	switch {
	case international:
		return "", nil
	case region == "":
		return "", phoneError(CodePhoneRegionRequired, msgPhoneRegion)
	}
	region = upperRegion(region)
	if !phonenumbers.GetSupportedRegions()[region] {
		return "", phoneError(CodePhoneRegionRequired, msgPhoneRegionUnknown)
	}
	return region, nil
}

// formatPhone parses text, a '+' and ASCII digits, in region with
// libphonenumber, and returns it in E.164 form if it is acceptable (P6).
func formatPhone(text, region string, possible bool) (string, *FieldError) {
	var n phonenumbers.PhoneNumber
	if err := phonenumbers.ParseToNumber(text, region, &n); err != nil {
		if err == phonenumbers.ErrInvalidCountryCode {
			return "", phoneError(CodeInvalidPhone, msgPhoneCountryCode)
		}
		return "", phoneError(CodeInvalidPhone, invalidPhoneMessage(possible))
	}
	if !acceptablePhone(&n, possible) {
		return "", phoneError(CodeInvalidPhone, invalidPhoneMessage(possible))
	}
	out := phonenumbers.Format(&n, phonenumbers.E164)
	if len(out) > maxE164Len {
		return "", phoneError(CodeInvalidPhone, msgPhoneE164Long)
	}
	return out, nil
}

// acceptablePhone reports whether n is valid for its country, or possible
// when possible is set (P6).
func acceptablePhone(n *phonenumbers.PhoneNumber, possible bool) bool {
	return phonenumbers.IsValidNumber(n) || (possible && phonenumbers.IsPossibleNumber(n))
}

// maxE164Len is the length of the longest E.164 number: '+' and 15 digits.
// libphonenumber calls some longer numbers valid or possible; they cannot
// be written in E.164.
const maxE164Len = 1 + 15

// Lengths of libphonenumber: country calling codes have at most 3 digits,
// national significant numbers 2 to 17.
const (
	maxCallingCodeDigits = 3
	minNSNDigits         = 2
	maxNSNDigits         = 17
)

func invalidPhoneMessage(possible bool) string {
	if possible {
		return msgPhoneImpossible
	}
	return msgPhoneInvalid
}

// upperRegion returns region in upper case, or "" when it is empty or not
// two ASCII letters.
func upperRegion(region string) string {
	if len(region) != 2 || !isASCIILetter(rune(region[0])) || !isASCIILetter(rune(region[1])) {
		return ""
	}
	if 'a' <= region[0] || 'a' <= region[1] {
		return strings.ToUpper(region)
	}
	return region
}

// scanPhone appends the '+' and the digits of the main number in s to dst,
// as ASCII (P2), and reports whether an extension follows it (P4). On a
// character that cannot be part of a number it returns a message instead.
func scanPhone(s string, dst []byte, vanity bool) (num []byte, ext bool, msg string) {
	for i, r := range s {
		switch {
		case '0' <= r && r <= '9':
			dst = append(dst, byte(r))
		case r == '+' || r == '\uFF0B':
			if len(dst) > 0 {
				return nil, false, msgPhonePlus
			}
			dst = append(dst, '+')
		case isPhoneSeparator(r):
		case mayStartExtension(r) && isExtension(s[i:]):
			return dst, true, ""
		case unicode.IsDigit(r):
			dst = append(dst, '0'+digitValue(r))
		case vanity && isASCIILetter(r):
			dst = append(dst, keypad[(r|0x20)-'a']) // P3
		case unicode.IsLetter(r):
			return nil, false, msgPhoneLetter
		default:
			return nil, false, msgPhoneChar
		}
	}
	return dst, false, ""
}

// keypad maps the letters a to z to their ITU E.161 keypad digits.
const keypad = "22233344455566677778889999"

func isASCIILetter(r rune) bool {
	return ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
}

// isPhoneSeparator reports whether r is white space or punctuation that
// may be written between the digits of a number, libphonenumber's
// VALID_PUNCTUATION without its 'x'.
func isPhoneSeparator(r rune) bool {
	switch r {
	case ' ', '-', '.', '/', '(', ')', '[', ']', '~':
		return true
	}
	if r < utf8.RuneSelf {
		return false
	}
	return isWhiteSpace(r) || strings.ContainsRune(wideSeparators, r)
}

// wideSeparators are the non-ASCII separators of libphonenumber's
// VALID_PUNCTUATION: dashes, the soft hyphen, invisible spaces, and the
// fullwidth forms of the ASCII separators.
const wideSeparators = "\u00AD\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30FC" +
	"\u200B\u2060\u2053\u223C\uFF0D\uFF0E\uFF0F\uFF08\uFF09\uFF3B\uFF3D\uFF5E"

// digitValue returns the value of r, a Unicode decimal digit (Nd). Nd
// digits come in runs of ten from a zero, and each range of [unicode.Nd]
// is a whole number of runs, so the value is r's offset in its range
// modulo ten.
func digitValue(r rune) byte {
	for _, g := range unicode.Nd.R16 {
		if lo := rune(g.Lo); lo <= r && r <= rune(g.Hi) {
			return byte((r - lo) % 10)
		}
	}
	for _, g := range unicode.Nd.R32 {
		if lo := rune(g.Lo); lo <= r && r <= rune(g.Hi) {
			return byte((r - lo) % 10)
		}
	}
	return 0
}

func mayStartExtension(r rune) bool {
	switch r {
	case 'x', 'X', 'e', 'E', ';', '#', ',':
		return true
	}
	return false
}

// isExtension reports whether s, the rest of a number from a letter, ';',
// '#' or ',' on, is an extension: ";ext=123", "#123", or an optional comma
// and a label ("extension", "extn", "ext" or "x", any case), '.' or ':',
// separators, then 1 to 20 digits and an optional '#' (P4).
func isExtension(s string) bool {
	if hasPrefixFold(s, ";ext=") {
		return isExtensionDigits(s[len(";ext="):])
	}
	if s[0] == '#' {
		return isExtensionDigits(strings.TrimLeftFunc(s[1:], isPhoneSeparator))
	}
	s = strings.TrimLeftFunc(strings.TrimPrefix(s, ","), isPhoneSeparator)
	for _, label := range [...]string{"extension", "extn", "ext", "x"} { // longest first
		if hasPrefixFold(s, label) {
			s = strings.TrimLeft(s[len(label):], ".:")
			return isExtensionDigits(strings.TrimLeftFunc(s, isPhoneSeparator))
		}
	}
	return false
}

// isExtensionDigits reports whether s is 1 to maxExtensionDigits Unicode
// decimal digits and an optional '#'.
func isExtensionDigits(s string) bool {
	s = strings.TrimSuffix(s, "#")
	n := 0
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
		n++
	}
	return 0 < n && n <= maxExtensionDigits
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func phoneError(c Code, msg string) *FieldError {
	return &FieldError{Code: c, Message: msg, Err: ErrInvalidPhone}
}

// isPhoneRegion reports whether numbers can be read in region, an ISO 3166
// alpha-2 code: libphonenumber has no data for some regions (AQ, for one).
func isPhoneRegion(region string) bool {
	return phonenumbers.GetSupportedRegions()[region]
}
