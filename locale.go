package profile

import (
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// maxLocaleLen is the longest locale read, in characters (L1).
const maxLocaleLen = 64

// CanonicalLocale returns s as a canonical BCP 47 language tag, such as
// "en-US" for "en_US.UTF-8", "EN-us" or "eng_USA", and "he" for "iw".
//
// It trims white space, removes a POSIX ".codeset" and "@modifier", reads
// "_" as "-" and a three-letter ISO 3166 region as its two-letter code,
// then canonicalizes with golang.org/x/text/language (SPEC rules L1–L5).
// If s is not a usable tag, CanonicalLocale returns "" and a [*FieldError]
// with code invalid_locale (invalid_text for control characters), wrapping
// [ErrInvalidLocale]; the error's Pointer is empty.
func CanonicalLocale(s string) (string, error) {
	out, fe := canonicalLocale(s)
	if fe != nil {
		return "", fe
	}
	return out, nil
}

func canonicalLocale(s string) (string, *FieldError) {
	s = trimSpace(s)
	if utf8.RuneCountInString(s) > maxLocaleLen {
		return "", localeError("locale is longer than 64 characters")
	}
	if fe := checkText(s); fe != nil {
		return "", fe
	}
	if s == "" {
		return "", localeError("locale is empty")
	}
	s = stripPOSIX(s)
	if strings.EqualFold(s, "C") || strings.EqualFold(s, "POSIX") {
		return "", localeError("the POSIX locales C and POSIX name no language")
	}
	if out, ok := simpleLocale(s); ok {
		return out, nil
	}
	return parseLocale(s)
}

// parseLocale canonicalizes s, trimmed, checked and without its POSIX
// suffix, with x/text.
func parseLocale(s string) (string, *FieldError) {
	tag, err := language.Parse(alpha3Region(strings.ReplaceAll(s, "_", "-")))
	if err != nil {
		return "", localeError("locale is not a valid BCP 47 language tag")
	}
	if b, c := tag.Base(); c != language.Exact || noLanguage[b.String()] {
		return "", localeError("locale names no known language")
	}
	// x/text accepts some ill-formed extensions (a singleton given twice)
	// and canonicalizes them a little more on each pass; such a tag has no
	// canonical form to send.
	out := tag.String()
	if again, err := language.Parse(out); err != nil || again.String() != out {
		return "", localeError("locale has no stable canonical form")
	}
	return out, nil
}

// simpleLocale canonicalizes the usual locale without parsing it: a
// two-letter language, alone or with a two-letter region after "-" or
// "_", in any case ("en", "en_us"), when both subtags are ones x/text
// keeps as they are (simpleSubtags). ok is false for anything else.
func simpleLocale(s string) (out string, ok bool) {
	if (len(s) != 2 && len(s) != 5) || !isLetters(s[:2]) {
		return "", false
	}
	sub := simpleSubtags()
	lang := letterIndex(s[0], s[1])
	if !sub.languages[lang] {
		return "", false
	}
	if len(s) == 2 {
		if s[0] >= 'a' && s[1] >= 'a' {
			return s, true
		}
		return languageCodes[lang], true
	}
	if (s[2] != '-' && s[2] != '_') || !isLetters(s[3:]) {
		return "", false
	}
	region := letterIndex(s[3], s[4])
	if !sub.regions[region] {
		return "", false
	}
	if s[0] >= 'a' && s[1] >= 'a' && s[2] == '-' && s[3] < 'a' && s[4] < 'a' {
		return s, true // already canonical: "en-US"
	}
	return languageCodes[lang] + "-" + regionCodes[region], true
}

// letterIndex numbers a pair of ASCII letters, in either case, 0 to 675.
func letterIndex(a, b byte) int {
	return int((a|0x20)-'a')*26 + int((b|0x20)-'a')
}

// languageCodes and regionCodes are the pairs of letters by letterIndex:
// "aa" to "zz" and "AA" to "ZZ".
var languageCodes, regionCodes = letterPairs()

func letterPairs() (lower, upper [26 * 26]string) {
	for i := range lower {
		a, b := byte('a'+i/26), byte('a'+i%26)
		lower[i] = string([]byte{a, b})
		upper[i] = string([]byte{a - 'a' + 'A', b - 'a' + 'A'})
	}
	return lower, upper
}

// localeSubtags are the two-letter subtags of simpleLocale, by letterIndex.
type localeSubtags struct {
	languages [26 * 26]bool // "xx" is canonical as it is
	regions   [26 * 26]bool // "en-XX" is canonical as it is
}

// simpleSubtags finds, with parseLocale itself, the two-letter languages
// and regions that x/text keeps as they are, once, when first needed.
// TestSimpleLocale checks that every language with every region is kept
// as it is too, so that simpleLocale gives what parseLocale would.
var simpleSubtags = sync.OnceValue(func() *localeSubtags {
	var sub localeSubtags
	for i, code := range languageCodes {
		out, fe := parseLocale(code)
		sub.languages[i] = fe == nil && out == code
	}
	for i, code := range regionCodes {
		out, fe := parseLocale("en-" + code)
		sub.regions[i] = fe == nil && out == "en-"+code
	}
	return &sub
})

// noLanguage are ISO 639 codes that name no language of a person:
// uncoded, multiple, and no linguistic content (L5, like und).
var noLanguage = map[string]bool{"mis": true, "mul": true, "zxx": true}

func localeError(msg string) *FieldError {
	return &FieldError{Code: CodeInvalidLocale, Message: msg, Err: ErrInvalidLocale}
}

// stripPOSIX removes a POSIX ".codeset" and "@modifier" suffix (L2); no
// BCP 47 tag holds either character.
func stripPOSIX(s string) string {
	if i := strings.IndexAny(s, ".@"); i >= 0 {
		return s[:i]
	}
	return s
}

// alpha3Region rewrites a three-letter second subtag that is an ISO 3166
// alpha-3 code as its alpha-2 code: "eng-USA" → "eng-US" (L3).
func alpha3Region(s string) string {
	first, rest, ok := strings.Cut(s, "-")
	if !ok {
		return s
	}
	second, tail, _ := strings.Cut(rest, "-")
	if len(second) != 3 || !isLetters(second) {
		return s
	}
	r, err := language.ParseRegion(second)
	if err != nil || !r.IsCountry() {
		return s
	}
	out := first + "-" + r.String()
	if tail != "" {
		out += "-" + tail
	}
	return out
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}
