package profile

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// trimSpace removes surrounding Unicode White_Space (T1).
func trimSpace(s string) string {
	if s != "" && isPrintableASCII(s[0]) && isPrintableASCII(s[len(s)-1]) {
		return s // the usual case: nothing to trim at either end
	}
	return strings.TrimFunc(s, isWhiteSpace)
}

// isPrintableASCII reports whether c is an ASCII character other than a
// control character or a space: a byte no White_Space character ends
// or starts with.
func isPrintableASCII(c byte) bool {
	return ' ' < c && c < utf8.RuneSelf
}

func isWhiteSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || ('\t' <= r && r <= '\r')
	}
	return unicode.Is(unicode.White_Space, r)
}

// isControl reports whether r is a C0 or C1 control character (T3).
func isControl(r rune) bool {
	return r < 0x20 || (0x7f <= r && r <= 0x9f)
}

// checkText returns an invalid_text error when s holds a control character
// (T3). The error's Pointer is empty; the caller sets it.
func checkText(s string) *FieldError {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f || (c == 0xc2 && i+1 < len(s) && s[i+1] <= 0x9f) {
			return newError("", CodeInvalidText, "text contains a control character")
		}
	}
	return nil
}

// nfc returns s in Unicode Normalization Form C, without allocating when
// s is already in it. The quick checks come first: IsNormalString
// allocates.
func nfc(s string) string {
	if belowCombining(s) || norm.NFC.QuickSpanString(s) == len(s) || norm.NFC.IsNormalString(s) {
		return s
	}
	return norm.NFC.String(s)
}

// firstCombining is U+0300, the first character with a combining class or
// that NFC may change: text of characters below it is in NFC already.
const firstCombining = 0x300

// belowCombining reports whether s is valid UTF-8 of characters below
// firstCombining only, such as ASCII or Latin-1 text.
func belowCombining(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r >= firstCombining { // invalid UTF-8 included: utf8.RuneError
			return false
		}
		i += n
	}
	return true
}
