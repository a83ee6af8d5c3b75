package profile

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// localeCases feed TestCanonicalLocale and FuzzLocale's seeds.
var localeCases = []struct {
	name, in, want string
	code           Code
}{
	{"L1 trimmed", "  en-US\t", "en-US", ""},
	{"L1 over 64 characters", "en-" + string(make([]byte, 62)), "", CodeInvalidLocale},
	{"L1 65 letters", "en-US-x-" + "abcdefgh-abcdefgh-abcdefgh-abcdefgh-abcdefgh-abcdefgh-abcdefg", "", CodeInvalidLocale},
	{"L2 codeset removed", "en_US.UTF-8", "en-US", ""},
	{"L2 modifier removed", "de_DE@euro", "de-DE", ""},
	{"L2 codeset and modifier", "sr_RS.UTF-8@latin", "sr-RS", ""},
	{"L2 C is no language", "C", "", CodeInvalidLocale},
	{"L2 C.UTF-8 is no language", "C.UTF-8", "", CodeInvalidLocale},
	{"L2 POSIX is no language", "POSIX", "", CodeInvalidLocale},
	{"L3 underscore separator", "pt_BR", "pt-BR", ""},
	{"L3 alpha-3 region", "eng_USA", "en-US", ""},
	{"L3 alpha-3 region, any case", "fr-fra", "fr-FR", ""},
	{"L3 extlang is not a region", "zh-yue", "yue", ""},
	{"L4 case", "EN-us", "en-US", ""},
	{"L4 script case", "zh-hant-tw", "zh-Hant-TW", ""},
	{"L4 deprecated iw", "iw", "he", ""},
	{"L4 deprecated in", "in", "id", ""},
	{"L4 UK is GB", "en-UK", "en-GB", ""},
	{"L4 bare language", "en", "en", ""},
	{"L4 numeric region kept", "es-419", "es-419", ""},
	{"L5 unknown language", "xx", "", CodeInvalidLocale},
	{"L5 undetermined", "und", "", CodeInvalidLocale},
	{"L5 undetermined with region", "und-US", "", CodeInvalidLocale},
	{"L5 uncoded languages", "mis", "", CodeInvalidLocale},
	{"L5 multiple languages", "mul", "", CodeInvalidLocale},
	{"L5 no linguistic content", "zxx-US", "", CodeInvalidLocale},
	{"L5 private use only", "x-klingon", "", CodeInvalidLocale},
	{"L5 not well formed though a prefix parses", "aa-BB-ccc", "", CodeInvalidLocale},
	{"L5 words", "English", "", CodeInvalidLocale},
	{"L4 a singleton given twice has no stable form (found by FuzzLocale)", "AA-U-U0-U0-U-00-00", "", CodeInvalidLocale},
	{"L5 empty", "", "", CodeInvalidLocale},
	{"T3 control character", "en\x00US", "", CodeInvalidText},
}

func TestCanonicalLocale(t *testing.T) {
	for _, c := range localeCases {
		t.Run(c.name, func(t *testing.T) {
			got, err := CanonicalLocale(c.in)
			if c.code != "" {
				var fe *FieldError
				if assert.ErrorAs(t, err, &fe) {
					assert.Equal(t, c.code, fe.Code)
					assert.Equal(t, Pointer(""), fe.Pointer)
				}
				assert.Empty(t, got)
				return
			}
			assert.NoError(t, err)
			assert.Equal(t, c.want, got)
			again, err := CanonicalLocale(got)
			assert.NoError(t, err)
			assert.Equal(t, got, again, "not idempotent")
		})
	}
}

// TestSimpleLocale checks simpleLocale's shortcut against parseLocale: every
// language it knows with every region it knows, in any case and with "_",
// gives what parsing it gives.
func TestSimpleLocale(t *testing.T) {
	sub := simpleSubtags()
	langs, regions := 0, 0
	for li, lang := range languageCodes {
		if !sub.languages[li] {
			continue
		}
		langs++
		for _, in := range []string{lang, strings.ToUpper(lang)} {
			if got, ok := simpleLocale(in); !ok || got != lang {
				t.Fatalf("simpleLocale(%q) = %q, %v", in, got, ok)
			}
		}
		for ri, region := range regionCodes {
			if !sub.regions[ri] {
				continue
			}
			want := lang + "-" + region
			if out, fe := parseLocale(want); fe != nil || out != want {
				t.Fatalf("parseLocale(%q) = %q, %v: not kept as it is", want, out, fe)
			}
			in := want
			if ri%3 == 0 {
				in = strings.ToUpper(lang) + "_" + strings.ToLower(region)
			}
			if got, ok := simpleLocale(in); !ok || got != want {
				t.Fatalf("simpleLocale(%q) = %q, %v", in, got, ok)
			}
		}
	}
	for ri := range regionCodes {
		if sub.regions[ri] {
			regions++
		}
	}
	assert.Greater(t, langs, 150)
	assert.Greater(t, regions, 200)
	for _, in := range []string{"iw", "in", "no", "en-UK", "en_BU", "mo-MD", "sh", "en-", "e1-US", "en US", "en-U1"} {
		got, ok := simpleLocale(in)
		want, fe := parseLocale(in)
		if ok && (fe != nil || got != want) {
			t.Errorf("simpleLocale(%q) = %q, parseLocale gives %q, %v", in, got, want, fe)
		}
	}
}
