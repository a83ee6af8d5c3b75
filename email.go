package profile

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// Byte limits of SPEC rules E3 and E4, and the input limit checked before
// any parsing. No canonical address is longer than about 1,000 bytes: its
// ASCII form is at most 254 octets, and a U-label takes at most four UTF-8
// bytes for each Punycode character of its A-label. The input limit leaves
// room for NFD input, which NFC shortens (E1 normalizes before it checks).
const (
	maxLocalOctets  = 64
	maxEmailOctets  = 254
	maxDomainOctets = 253
	maxLabelOctets  = 63
	maxEmailInput   = 4096
)

// emailIDNA maps and checks domains: UTS #46 non-transitional lookup
// mapping (case, width, dots), IDNA 2008 label rules, the Bidi rule and the
// DNS lengths. It holds no state and is only read.
var emailIDNA = idna.New(
	idna.MapForLookup(),
	idna.BidiRule(),
	idna.VerifyDNSLength(true),
	idna.StrictDomainName(true),
	idna.Transitional(false),
)

// CanonicalEmail returns the canonical form of the email address s, as
// SPEC rules E1–E7 define it: s is trimmed and put in NFC, then checked to
// be a bare local@domain; the domain is mapped and checked under IDNA 2008
// (UTS #46) and written in Unicode (U-label) form, lowercase; the local
// part is lowercased unless o.KeepEmailCase is set. Plus tags and dots are
// kept. For example, " Sarah@XN--MNCHEN-3YA.DE" gives "sarah@münchen.de".
//
// If s is not a usable address, CanonicalEmail returns "" and a
// [*FieldError] with an empty Pointer and Code [CodeInvalidEmail] wrapping
// [ErrInvalidEmail], or Code [CodeInvalidText] when s holds a control
// character. The error's message never repeats any part of s.
func (o Options) CanonicalEmail(s string) (string, error) {
	return emailResult(canonicalEmail(s, o.KeepEmailCase))
}

// CanonicalEmail is Options{}.CanonicalEmail: the local part is lowercased.
// See [Options.CanonicalEmail].
func CanonicalEmail(s string) (string, error) {
	return Options{}.CanonicalEmail(s)
}

// EmailASCII returns the canonical form of the email address s, as
// [CanonicalEmail] does, but with the domain in ASCII (A-label, Punycode)
// form: "user@München.de" gives "user@xn--mnchen-3ya.de". The local part
// is lowercased; a Unicode local part stays Unicode, as RFC 6531 allows.
//
// If s is not a usable address, EmailASCII returns "" and the same error
// as CanonicalEmail.
func EmailASCII(s string) (string, error) {
	s = trimSpace(s)
	if isCanonicalASCIIEmail(s, false) {
		return s, nil
	}
	e, fe := parseEmail(s, false)
	if fe != nil {
		return "", fe
	}
	return e.local + "@" + e.ascii, nil
}

// emailResult returns fe as an error, or an untyped nil when fe is nil.
func emailResult(s string, fe *FieldError) (string, error) {
	if fe != nil {
		return "", fe
	}
	return s, nil
}

// canonicalEmail applies SPEC rules T1, T3 and E1–E7 to s. On failure it
// returns "" and an error with an empty Pointer, which the caller sets.
// An address that is already canonical and all ASCII is returned without
// allocating.
func canonicalEmail(s string, keepCase bool) (string, *FieldError) {
	s = trimSpace(s)
	if isCanonicalASCIIEmail(s, keepCase) {
		return s, nil
	}
	if folded, ok := foldASCIIEmail(s, keepCase); ok {
		return folded, nil
	}
	e, fe := parseEmail(s, keepCase)
	if fe != nil {
		return "", fe
	}
	return e.local + "@" + e.unicode, nil
}

// emailParts is a checked address: its canonical local part and its domain
// in both forms.
type emailParts struct {
	local   string
	ascii   string // domain as A-labels
	unicode string // domain as U-labels
}

// parseEmail checks the trimmed address s and returns its canonical parts.
func parseEmail(s string, keepCase bool) (emailParts, *FieldError) {
	if fe := checkText(s); fe != nil {
		return emailParts{}, fe
	}
	if fe := checkEmailText(s); fe != nil {
		return emailParts{}, fe
	}
	s = nfc(s)
	if fe := checkBareAddress(s); fe != nil {
		return emailParts{}, fe
	}
	at := strings.IndexByte(s, '@')
	local, domain := s[:at], s[at+1:]
	if fe := checkLocalPart(local); fe != nil {
		return emailParts{}, fe
	}
	if !keepCase {
		local = lowerLocal(local)
	}
	ascii, uni, fe := mapDomain(domain)
	if fe != nil {
		return emailParts{}, fe
	}
	return checkEmailLength(emailParts{local, ascii, uni})
}

func emailError(msg string) *FieldError {
	return &FieldError{Code: CodeInvalidEmail, Message: msg, Err: ErrInvalidEmail}
}

// checkEmailText rejects what no address can hold before it is parsed:
// too many bytes, invalid UTF-8.
func checkEmailText(s string) *FieldError {
	switch {
	case s == "":
		return emailError("the email address is empty")
	case len(s) > maxEmailInput:
		return emailError("the email address is too long")
	case !utf8.ValidString(s):
		return emailError("the email address is not valid UTF-8")
	}
	return nil
}

// checkBareAddress applies rule E2 and the characters rule E3 forbids
// everywhere: s must be local@domain and nothing else.
func checkBareAddress(s string) *FieldError {
	switch {
	case strings.ContainsAny(s, "<>"):
		return emailError("the email address must be bare, without a display name or angle brackets")
	case strings.ContainsAny(s, "()"):
		return emailError("the email address must not contain comments in parentheses")
	case strings.ContainsRune(s, '"'):
		return emailError("the email address must not have a quoted local part")
	case strings.IndexFunc(s, isWhiteSpace) >= 0:
		return emailError("the email address must not contain spaces")
	case strings.ContainsAny(s, "\uff20\ufe6b"):
		return emailError("the email address must use the ASCII at sign, not a fullwidth or small one")
	case strings.IndexFunc(s, isHiddenFormat) >= 0:
		return emailError("the email address must not contain invisible format characters such as zero-width spaces, byte order marks or bidi controls")
	case strings.ContainsRune(s, utf8.RuneError):
		return emailError("the email address contains the replacement character U+FFFD, a sign of damaged text")
	}
	return checkOneAt(s)
}

// isHiddenFormat reports whether r is a format character (Cf) other than
// the joiners U+200C and U+200D, which IDNA 2008 allows in domain labels
// in context; the local part rejects those too.
func isHiddenFormat(r rune) bool {
	return r >= 0xad && r != '\u200c' && r != '\u200d' && unicode.Is(unicode.Cf, r)
}

func checkOneAt(s string) *FieldError {
	at := strings.IndexByte(s, '@')
	switch {
	case at < 0:
		return emailError("the email address has no @")
	case strings.IndexByte(s[at+1:], '@') >= 0:
		return emailError("the email address has more than one @")
	case at == 0:
		return emailError("the email address has nothing before the @")
	case at == len(s)-1:
		return emailError("the email address has nothing after the @")
	case s[at+1] == '[':
		return emailError("the email address must have a domain name, not an IP address literal")
	}
	return nil
}

// checkLocalPart applies rule E3 to the local part.
func checkLocalPart(local string) *FieldError {
	switch {
	case local[0] == '.':
		return emailError("the local part of the email address starts with a dot")
	case local[len(local)-1] == '.':
		return emailError("the local part of the email address ends with a dot")
	case strings.Contains(local, ".."):
		return emailError("the local part of the email address has two dots in a row")
	case len(local) > maxLocalOctets:
		return emailError("the local part of the email address is longer than 64 octets")
	}
	for _, r := range local {
		if r == '\u200c' || r == '\u200d' {
			return emailError("the local part of the email address must not contain invisible joiners")
		}
		if !isLocalRune(r) {
			return emailError("the local part of the email address contains a character that is not allowed")
		}
	}
	return nil
}

// isLocalRune reports whether r may appear in a local part (E3): RFC 5322
// atext, the dot, or a Unicode letter, mark, number or symbol (RFC 6531).
func isLocalRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r == '.' || isAtext(byte(r))
	}
	return unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.S) &&
		!unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) && r != '\u2800'
}

// isAtext reports whether c is RFC 5322 atext.
func isAtext(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

// lowerLocal lowercases a checked local part (E5) and restores NFC.
func lowerLocal(local string) string {
	return nfc(strings.ToLower(local))
}

// mapDomain applies rule E4 and returns the domain in ASCII and Unicode form.
func mapDomain(domain string) (ascii, uni string, fe *FieldError) {
	if r, _ := utf8.DecodeLastRuneInString(domain); isDomainDot(r) {
		return "", "", emailError("the domain of the email address ends with a dot")
	}
	ascii, err := emailIDNA.ToASCII(domain)
	if err != nil {
		return "", "", diagnoseDomain(domain)
	}
	if fe := checkDomainLabels(ascii); fe != nil {
		return "", "", fe
	}
	uni, err = emailIDNA.ToUnicode(ascii)
	if err != nil {
		return "", "", emailError("the domain of the email address is not a valid internationalized domain name")
	}
	return ascii, uni, nil
}

// isDomainDot reports whether r is a full stop that UTS #46 maps to ".".
func isDomainDot(r rune) bool {
	return r == '.' || r == '\u3002' || r == '\uff0e' || r == '\uff61'
}

// checkDomainLabels applies the label rules of E4 that IDNA leaves to its caller
// to a domain in ASCII form.
func checkDomainLabels(ascii string) *FieldError {
	dot := strings.LastIndexByte(ascii, '.')
	switch {
	case dot == len(ascii)-1:
		return emailError("the domain of the email address ends with a dot")
	case dot < 0:
		return emailError("the domain of the email address needs at least two labels")
	case isNumericLabel(ascii[dot+1:]):
		return emailError("the top-level label of the email domain is all digits")
	}
	return nil
}

func isNumericLabel(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// diagnoseDomain says why IDNA rejected domain, without repeating it.
func diagnoseDomain(domain string) *FieldError {
	labels := strings.Split(strings.Map(domainDotToASCII, domain), ".")
	if slices.Contains(labels, "") {
		return emailError("the domain of the email address has an empty label")
	}
	for _, l := range labels {
		if fe := diagnoseDomainLabel(l); fe != nil {
			return fe
		}
	}
	if a, _ := emailIDNA.ToASCII(domain); len(a) > maxDomainOctets {
		return emailError("the domain of the email address is longer than 253 octets")
	}
	return emailError("the domain of the email address has characters or labels that IDNA 2008 does not allow")
}

func domainDotToASCII(r rune) rune {
	if isDomainDot(r) {
		return '.'
	}
	return r
}

// diagnoseDomainLabel says what is wrong with one label, if it can tell
// from the label alone.
func diagnoseDomainLabel(l string) *FieldError {
	if len(l) >= 4 && strings.EqualFold(l[:4], "xn--") {
		if _, err := emailIDNA.ToUnicode(l); err != nil {
			return emailError("the domain of the email address has an xn-- label that is not valid Punycode")
		}
		return nil
	}
	a, _ := emailIDNA.ToASCII(l)
	switch {
	case strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-"):
		return emailError("a label of the email domain starts or ends with a hyphen")
	case len(l) >= 4 && l[2:4] == "--":
		return emailError("a label of the email domain has hyphens in the third and fourth positions, which are reserved for encoded labels")
	case len(a) > maxLabelOctets:
		return emailError("a label of the email domain is longer than 63 octets")
	}
	return nil
}

// checkEmailLength applies the 64-octet local part limit again after case
// mapping, and the 254-octet limit on the whole address with the domain in
// ASCII form (E3, E4).
func checkEmailLength(e emailParts) (emailParts, *FieldError) {
	if len(e.local) > maxLocalOctets {
		return emailParts{}, emailError("the local part of the email address is longer than 64 octets")
	}
	if len(e.local)+1+len(e.ascii) > maxEmailOctets {
		return emailParts{}, emailError("the email address is longer than 254 octets")
	}
	return e, nil
}

// isCanonicalASCIIEmail reports whether s is an all-ASCII address that is
// already canonical: a dot-atom local part (lowercase unless keepCase) and
// a lowercase letter-digit-hyphen domain with no encoded (xn--) label.
// Anything else, valid or not, goes through parseEmail.
func isCanonicalASCIIEmail(s string, keepCase bool) bool {
	at := strings.IndexByte(s, '@')
	if at < 1 || at > maxLocalOctets || len(s) > maxEmailOctets {
		return false
	}
	return isCanonicalASCIILocal(s[:at], keepCase) && isCanonicalLDHDomain(s[at+1:])
}

// foldASCIIEmail returns the canonical form of an all-ASCII address whose
// only difference from canonical is case: the domain, and unless keepCase
// the local part, lowercased. For ASCII, IDNA's mapping of the domain and
// E5's lowercasing of the local part are exactly this; anything else goes
// through parseEmail.
func foldASCIIEmail(s string, keepCase bool) (string, bool) {
	at := strings.IndexByte(s, '@')
	if at < 1 || at > maxLocalOctets || len(s) > maxEmailOctets || !hasUpperASCII(s) || !isASCIIText(s) {
		return "", false
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if i > at || !keepCase {
			b.WriteByte(lowerASCII(s[i]))
		} else {
			b.WriteByte(s[i])
		}
	}
	folded := b.String()
	if !isCanonicalASCIIEmail(folded, keepCase) {
		return "", false
	}
	return folded, true
}

func hasUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

func isCanonicalASCIILocal(local string, keepCase bool) bool {
	for i := 0; i < len(local); i++ {
		c := local[i]
		switch {
		case c == '.':
			if i == 0 || i == len(local)-1 || local[i-1] == '.' {
				return false
			}
		case 'A' <= c && c <= 'Z':
			if !keepCase {
				return false
			}
		case !isAtext(c):
			return false
		}
	}
	return true
}

// isCanonicalLDHDomain reports whether d is a domain that IDNA keeps as it
// is and that passes checkDomainLabels: lowercase LDH labels of 1–63 octets, no
// hyphen at either end or in the third and fourth positions, at least two
// labels, a top-level label that is not all digits.
func isCanonicalLDHDomain(d string) bool {
	if len(d) > maxDomainOctets {
		return false
	}
	labels := 0
	for len(d) > 0 {
		dot := strings.IndexByte(d, '.')
		if dot < 0 {
			return labels > 0 && isLDHLabel(d) && !isNumericLabel(d)
		}
		if !isLDHLabel(d[:dot]) {
			return false
		}
		d = d[dot+1:]
		labels++
	}
	return false
}

func isLDHLabel(l string) bool {
	n := len(l)
	if n == 0 || n > maxLabelOctets || l[0] == '-' || l[n-1] == '-' {
		return false
	}
	if n >= 4 && l[2] == '-' && l[3] == '-' {
		return false
	}
	for i := 0; i < n; i++ {
		c := l[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
