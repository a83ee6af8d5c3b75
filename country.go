package profile

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/unicode/norm"
)

// regionForCountry returns the ISO 3166 alpha-2 region for a
// location.country value (P5): an alpha-2 or alpha-3 code in any case,
// or an English country name or common alias ("UK", "U.S.A.", "Holland",
// "Ivory Coast"). Case, accents, dots, apostrophes, extra spaces and a
// leading "the" are ignored, "&" reads as "and" and "St" as "Saint".
// Deprecated codes give their successor ("ZR" → "CD"). It returns "" when
// country is empty, a numeric code, or not a country ("EU", "419").
func regionForCountry(country string) string {
	key := countryKey(country)
	if r := regionForCode(key); r != "" {
		return r
	}
	return countryNames()[key]
}

// regionForLocale returns the region subtag written in locale, a canonical
// BCP 47 tag ("en-GB" → "GB"), or "" when it has none: a region is never
// inferred ("en" → ""), and one that is not a country gives none
// ("es-419" → "").
func regionForLocale(locale string) string {
	tag, err := language.Parse(locale)
	if err != nil {
		return ""
	}
	_, _, r := tag.Raw()
	return countryRegion(r)
}

// regionForCode returns the region for key, a country key holding an
// alpha-2 or alpha-3 code, or "".
func regionForCode(key string) string {
	if len(key) != 2 && len(key) != 3 {
		return ""
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 'a' || 'z' < key[i] {
			return "" // numeric codes (826) are not accepted
		}
	}
	r, err := language.ParseRegion(key)
	if err != nil {
		return ""
	}
	return countryRegion(r)
}

// countryRegion returns r's canonical alpha-2 code when r is a country with
// an English name and an alpha-3 code, or "". CLDR counts as countries
// some codes that ISO 3166-1 only reserves, such as EZ (the Eurozone), UN
// and IC (the Canary Islands, part of ES); they have no alpha-3 code.
func countryRegion(r language.Region) string {
	if !r.IsCountry() {
		return ""
	}
	r = r.Canonicalize()
	if r.ISO3() == "ZZZ" || display.English.Regions().Name(r) == "" {
		return ""
	}
	return r.String()
}

// countryNames maps the country key of each country's English name, and
// of each alias of countryAliases, to its alpha-2 code. It is built once.
var countryNames = sync.OnceValue(func() map[string]string {
	names := make(map[string]string, 400)
	namer := display.English.Regions()
	var code [2]byte
	for a := byte('A'); a <= 'Z'; a++ {
		for b := byte('A'); b <= 'Z'; b++ {
			code = [2]byte{a, b}
			r, err := language.ParseRegion(string(code[:]))
			if err != nil || countryRegion(r) != r.String() {
				continue // not a country, or a deprecated code
			}
			names[countryKey(namer.Name(r))] = r.String()
		}
	}
	for alias, region := range countryAliases() {
		names[countryKey(alias)] = region
	}
	return names
})

// countryAliases returns English names of countries besides CLDR's, as
// people write them: ISO 3166 short names, former and informal names, and
// the constituent countries of the United Kingdom. Each call builds a new
// map; countryNames calls it once.
func countryAliases() map[string]string {
	return map[string]string{
		"U.K.":             "GB",
		"Great Britain":    "GB",
		"Britain":          "GB",
		"England":          "GB",
		"Scotland":         "GB",
		"Wales":            "GB",
		"Northern Ireland": "GB",
		"United Kingdom of Great Britain and Northern Ireland": "GB",
		"U.S.":                                   "US",
		"U.S.A.":                                 "US",
		"United States of America":               "US",
		"America":                                "US",
		"Holland":                                "NL",
		"Korea":                                  "KR",
		"South Korea":                            "KR",
		"Republic of Korea":                      "KR",
		"Korea, Republic of":                     "KR",
		"ROK":                                    "KR",
		"North Korea":                            "KP",
		"DPRK":                                   "KP",
		"Democratic People's Republic of Korea":  "KP",
		"Korea, Democratic People's Republic of": "KP",
		"Russia":                                 "RU",
		"Russian Federation":                     "RU",
		"Czech Republic":                         "CZ",
		"Czechia":                                "CZ",
		"Ivory Coast":                            "CI",
		"Republic of Côte d'Ivoire":              "CI",
		"Viet Nam":                               "VN",
		"Iran, Islamic Republic of":              "IR",
		"Islamic Republic of Iran":               "IR",
		"Syrian Arab Republic":                   "SY",
		"Lao People's Democratic Republic":       "LA",
		"Lao PDR":                                "LA",
		"Bolivia, Plurinational State of":        "BO",
		"Plurinational State of Bolivia":         "BO",
		"Venezuela, Bolivarian Republic of":      "VE",
		"Bolivarian Republic of Venezuela":       "VE",
		"Tanzania, United Republic of":           "TZ",
		"United Republic of Tanzania":            "TZ",
		"Moldova, Republic of":                   "MD",
		"Republic of Moldova":                    "MD",
		"North Macedonia":                        "MK",
		"Republic of North Macedonia":            "MK",
		"FYROM":                                  "MK",
		"Former Yugoslav Republic of Macedonia":  "MK",
		"Macedonia, the Former Yugoslav Republic of": "MK",
		"Burma":                                 "MM",
		"Myanmar":                               "MM",
		"Vatican":                               "VA",
		"Vatican City State":                    "VA",
		"Holy See":                              "VA",
		"Holy See (Vatican City State)":         "VA",
		"Taiwan, Province of China":             "TW",
		"Chinese Taipei":                        "TW",
		"Hong Kong":                             "HK",
		"Hong Kong SAR":                         "HK",
		"Hong Kong, China":                      "HK",
		"Macau":                                 "MO",
		"Macao":                                 "MO",
		"Macau SAR":                             "MO",
		"Macao SAR":                             "MO",
		"Macao SAR China":                       "MO",
		"Macao, China":                          "MO",
		"Macau, China":                          "MO",
		"Palestine":                             "PS",
		"State of Palestine":                    "PS",
		"Palestine, State of":                   "PS",
		"Palestinian Territory":                 "PS",
		"Occupied Palestinian Territory":        "PS",
		"Democratic Republic of the Congo":      "CD",
		"Congo, The Democratic Republic of the": "CD",
		"Congo, Democratic Republic of the":     "CD",
		"DR Congo":                              "CD",
		"DRC":                                   "CD",
		"Congo (Kinshasa)":                      "CD",
		"Zaire":                                 "CD",
		"Congo":                                 "CG",
		"Republic of the Congo":                 "CG",
		"Congo, Republic of the":                "CG",
		"Congo (Brazzaville)":                   "CG",
		"Republic of Ireland":                   "IE",
		"Eire":                                  "IE",
		"People's Republic of China":            "CN",
		"PRC":                                   "CN",
		"Mainland China":                        "CN",
		"UAE":                                   "AE",
		"Eswatini":                              "SZ",
		"Kingdom of Eswatini":                   "SZ",
		"Türkiye":                               "TR",
		"Cabo Verde":                            "CV",
		"Brunei Darussalam":                     "BN",
		"Federated States of Micronesia":        "FM",
		"Micronesia, Federated States of":       "FM",
		"East Timor":                            "TL",
		"Bosnia":                                "BA",
		"Kyrgyz Republic":                       "KG",
		"Slovak Republic":                       "SK",
		"Saint Vincent and the Grenadines":      "VC",
		"Virgin Islands, British":               "VG",
		"Virgin Islands, U.S.":                  "VI",
		"Falkland Islands (Malvinas)":           "FK",
		"Pitcairn":                              "PN",
		"Sint Maarten (Dutch part)":             "SX",
		"Saint Martin (French part)":            "MF",
		"Bonaire, Sint Eustatius and Saba":      "BQ",
		"Heard Island and McDonald Islands":     "HM",
		"South Georgia and the South Sandwich Islands": "GS",
		"Saint Helena, Ascension and Tristan da Cunha": "SH",
		"United States Minor Outlying Islands":         "UM",
		"Canary Islands":                               "ES",
		"Ceuta":                                        "ES",
		"Melilla":                                      "ES",
		"Ceuta and Melilla":                            "ES",
		"Libyan Arab Jamahiriya":                       "LY",
	}
}

// countryKey folds a country name for lookup: lower case, accents removed,
// dots and apostrophes dropped, "&" read as "and", "st" as "saint", any
// other character that is not a letter or digit read as a space, spaces
// collapsed, and a leading "the" removed.
func countryKey(s string) string {
	if key, ok := wordKey(s); ok {
		return key
	}
	if !isASCIIText(s) {
		s = norm.NFD.String(s)
	}
	if strings.Contains(s, "&") {
		s = strings.ReplaceAll(s, "&", " and ")
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, f := range strings.FieldsFunc(s, isCountrySeparator) {
		f = foldCountryWord(f)
		switch {
		case f == "" || (f == "the" && b.Len() == 0):
			continue
		case f == "st":
			f = "saint"
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	return b.String()
}

// wordKey is countryKey for the usual value, one ASCII word of letters
// and digits, such as "JP" or "Poland": it is that word in lower case.
func wordKey(s string) (string, bool) {
	if s == "" {
		return "", false
	}
	upper := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'A' <= c && c <= 'Z':
			upper = true
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		default:
			return "", false
		}
	}
	if upper {
		s = strings.ToLower(s)
	}
	switch s {
	case "the":
		return "", true
	case "st":
		return "saint", true
	}
	return s, true
}

// isCountrySeparator reports whether r separates words of a country name:
// anything but a letter, a digit, a mark, a dot or an apostrophe.
func isCountrySeparator(r rune) bool {
	return !isCountryDropped(r) && !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// isCountryDropped reports whether countryKey drops r: a dot, an
// apostrophe or a nonspacing mark (an accent, after NFD).
func isCountryDropped(r rune) bool {
	switch r {
	case '.', '\'', '\u2019', '\u2018', '`':
		return true
	}
	return r >= utf8.RuneSelf && unicode.Is(unicode.Mn, r)
}

// foldCountryWord lowercases w and drops its dots, apostrophes and marks.
func foldCountryWord(w string) string {
	return strings.Map(func(r rune) rune {
		if isCountryDropped(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, w)
}

// isASCIIText reports whether s is all ASCII.
func isASCIIText(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
