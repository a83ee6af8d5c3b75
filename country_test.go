package profile

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// countryCases are location.country values and the region P5 reads a
// national phone number in.
var countryCases = []struct {
	name, in, want string
}{
	// Alpha-2 codes, any case.
	{"P5 alpha-2 upper case", "GB", "GB"},
	{"P5 alpha-2 lower case", "de", "DE"},
	{"P5 alpha-2 mixed case", "Fr", "FR"},
	{"P5 alpha-2 with spaces", "  US ", "US"},
	{"P5 alpha-2 Kosovo", "XK", "XK"},
	{"P5 alpha-2 UK reserved for GB", "UK", "GB"},
	{"P5 alpha-2 deprecated Zaire", "ZR", "CD"},
	{"P5 alpha-2 deprecated Burma", "BU", "MM"},

	// Alpha-3 codes.
	{"P5 alpha-3 USA", "USA", "US"},
	{"P5 alpha-3 lower case", "gbr", "GB"},
	{"P5 alpha-3 DEU", "DEU", "DE"},
	{"P5 alpha-3 JPN", "JPN", "JP"},
	{"P5 alpha-3 CAN", "can", "CA"},

	// English names (CLDR).
	{"P5 name", "United Kingdom", "GB"},
	{"P5 name Klaviyo example", "United States", "US"},
	{"P5 name lower case", "germany", "DE"},
	{"P5 name upper case", "FRANCE", "FR"},
	{"P5 name extra spaces", "  New   Zealand ", "NZ"},
	{"P5 name leading the", "The Netherlands", "NL"},
	{"P5 name leading THE", "THE GAMBIA", "GM"},
	{"P5 name Bahamas with the", "the Bahamas", "BS"},
	{"P5 name with accent", "Côte d’Ivoire", "CI"},
	{"P5 name without accent", "Cote d'Ivoire", "CI"},
	{"P5 name with ampersand", "Bosnia & Herzegovina", "BA"},
	{"P5 name with and", "Bosnia and Herzegovina", "BA"},
	{"P5 name with St.", "St. Lucia", "LC"},
	{"P5 name with Saint", "Saint Kitts and Nevis", "KN"},
	{"P5 name with hyphen", "Guinea-Bissau", "GW"},
	{"P5 name with hyphen as space", "Timor Leste", "TL"},
	{"P5 name Curaçao", "Curaçao", "CW"},
	{"P5 name Curacao", "Curacao", "CW"},
	{"P5 name Réunion", "Reunion", "RE"},
	{"P5 name São Tomé", "Sao Tome and Principe", "ST"},
	{"P5 name Åland", "Aland Islands", "AX"},
	{"P5 name with parens", "Cocos (Keeling) Islands", "CC"},
	{"P5 name US Virgin Islands", "U.S. Virgin Islands", "VI"},
	{"P5 name India", "India", "IN"},
	{"P5 name Brazil", "Brazil", "BR"},
	{"P5 name Japan", "Japan", "JP"},
	{"P5 name Australia", "Australia", "AU"},

	// Aliases.
	{"P5 alias U.K.", "U.K.", "GB"},
	{"P5 alias Great Britain", "Great Britain", "GB"},
	{"P5 alias Britain", "britain", "GB"},
	{"P5 alias England", "England", "GB"},
	{"P5 alias Scotland", "Scotland", "GB"},
	{"P5 alias Wales", "Wales", "GB"},
	{"P5 alias Northern Ireland", "Northern Ireland", "GB"},
	{"P5 alias U.S.", "U.S.", "US"},
	{"P5 alias U.S.A.", "U.S.A.", "US"},
	{"P5 alias usa lower case", "usa", "US"},
	{"P5 alias United States of America", "United States of America", "US"},
	{"P5 alias America", "America", "US"},
	{"P5 alias Holland", "Holland", "NL"},
	{"P5 alias South Korea", "South Korea", "KR"},
	{"P5 alias Korea, Republic of", "Korea, Republic of", "KR"},
	{"P5 alias North Korea", "North Korea", "KP"},
	{"P5 alias Russia", "Russia", "RU"},
	{"P5 alias Russian Federation", "Russian Federation", "RU"},
	{"P5 alias Czech Republic", "Czech Republic", "CZ"},
	{"P5 alias Czechia", "Czechia", "CZ"},
	{"P5 alias Ivory Coast", "Ivory Coast", "CI"},
	{"P5 alias Vietnam", "Vietnam", "VN"},
	{"P5 alias Viet Nam", "Viet Nam", "VN"},
	{"P5 alias Iran", "Iran", "IR"},
	{"P5 alias Iran ISO name", "Iran, Islamic Republic of", "IR"},
	{"P5 alias Syria", "Syria", "SY"},
	{"P5 alias Laos", "Laos", "LA"},
	{"P5 alias Lao PDR", "Lao People's Democratic Republic", "LA"},
	{"P5 alias Bolivia", "Bolivia", "BO"},
	{"P5 alias Venezuela", "Venezuela", "VE"},
	{"P5 alias Tanzania", "Tanzania", "TZ"},
	{"P5 alias Moldova", "Moldova", "MD"},
	{"P5 alias Macedonia", "Macedonia", "MK"},
	{"P5 alias North Macedonia", "North Macedonia", "MK"},
	{"P5 alias Burma", "Burma", "MM"},
	{"P5 alias Myanmar", "Myanmar", "MM"},
	{"P5 alias Vatican", "Vatican", "VA"},
	{"P5 alias Vatican City", "Vatican City", "VA"},
	{"P5 alias Holy See", "Holy See", "VA"},
	{"P5 alias Taiwan", "Taiwan", "TW"},
	{"P5 alias Hong Kong", "Hong Kong", "HK"},
	{"P5 alias Macau", "Macau", "MO"},
	{"P5 alias Macao", "Macao", "MO"},
	{"P5 alias Palestine", "Palestine", "PS"},
	{"P5 alias Palestinian Territories", "Palestinian Territories", "PS"},
	{"P5 alias DR Congo", "Democratic Republic of the Congo", "CD"},
	{"P5 alias DRC", "DRC", "CD"},
	{"P5 alias Congo-Kinshasa", "Congo-Kinshasa", "CD"},
	{"P5 alias Congo", "Congo", "CG"},
	{"P5 alias Republic of the Congo", "Republic of the Congo", "CG"},
	{"P5 alias Congo-Brazzaville", "Congo Brazzaville", "CG"},
	{"P5 alias Republic of Ireland", "Republic of Ireland", "IE"},
	{"P5 alias Ireland", "Ireland", "IE"},
	{"P5 alias Éire", "Éire", "IE"},
	{"P5 alias UAE", "UAE", "AE"},
	{"P5 alias Türkiye", "Türkiye", "TR"},
	{"P5 alias Turkey", "Turkey", "TR"},
	{"P5 alias Eswatini", "Eswatini", "SZ"},
	{"P5 alias Cabo Verde", "Cabo Verde", "CV"},
	{"P5 alias Saint Vincent and the Grenadines", "Saint Vincent and the Grenadines", "VC"},

	// Not countries.
	{"P5 empty", "", ""},
	{"P5 only spaces", "   ", ""},
	{"P5 EU is not a country", "EU", ""},
	{"P5 European Union is not a country", "European Union", ""},
	{"P5 Eurozone is not a country", "EZ", ""},
	{"P5 UN is not a country", "UN", ""},
	{"P5 United Nations is not a country", "United Nations", ""},
	{"P5 reserved code IC is not a country", "IC", ""},
	{"P5 Canary Islands read as Spain", "Canary Islands", "ES"},
	{"P5 numeric area 419", "419", ""},
	{"P5 numeric country code not accepted", "826", ""},
	{"P5 ZZ unknown", "ZZ", ""},
	{"P5 private use XA", "XA", ""},
	{"P5 unknown alpha-3", "ABC", ""},
	{"P5 Narnia", "Narnia", ""},
	{"P5 the alone", "the", ""},
	{"P5 city is not a country", "London", ""},
	{"P5 Unknown Region is not a country", "Unknown Region", ""},
}

func TestRegionForCountry(t *testing.T) {
	for _, tc := range countryCases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, regionForCountry(tc.in))
		})
	}
}

// TestCountryAliases checks every alias against the codes: it names a
// country, and an alias that is also a code agrees with it.
func TestCountryAliases(t *testing.T) {
	for alias, region := range countryAliases() {
		assert.Equal(t, region, regionForCountry(alias), alias)
		r, err := language.ParseRegion(region)
		assert.NoError(t, err, alias)
		assert.Equal(t, region, countryRegion(r), alias)
		if code := regionForCode(countryKey(alias)); code != "" {
			assert.Equal(t, region, code, "alias %q is also a code", alias)
		}
	}
}

// TestCountryNamesCoverRegions checks that every country found by its
// alpha-2 code is found by its CLDR English name too.
func TestCountryNamesCoverRegions(t *testing.T) {
	namer := display.English.Regions()
	n := 0
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			if regionForCountry(code) != code {
				continue
			}
			n++
			name := namer.Name(language.MustParseRegion(code))
			assert.Equal(t, code, regionForCountry(name), "%s %q", code, name)
		}
	}
	assert.Greater(t, n, 240)
}

func TestCountryKey(t *testing.T) {
	for in, want := range map[string]string{
		"  The  United   Kingdom ": "united kingdom",
		"U.S.A.":                   "usa",
		"Côte d’Ivoire":            "cote divoire",
		"St. Kitts & Nevis":        "saint kitts and nevis",
		"Congo - Kinshasa":         "congo kinshasa",
		"Myanmar (Burma)":          "myanmar burma",
		"":                         "",
	} {
		assert.Equal(t, want, countryKey(in), "%q", in)
	}
}

func TestRegionForLocale(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"P5 language and region", "en-GB", "GB"},
		{"P5 US", "en-US", "US"},
		{"P5 script and region", "zh-Hant-TW", "TW"},
		{"P5 Brazilian Portuguese", "pt-BR", "BR"},
		{"P5 bare language gives no inferred region", "en", ""},
		{"P5 script gives no inferred region", "sr-Latn", ""},
		{"P5 UN M.49 area is not a country", "es-419", ""},
		{"P5 EU is not a country", "en-EU", ""},
		{"P5 empty", "", ""},
		{"P5 not a tag", "not a tag", ""},
		{"P5 undetermined language with region", "und-FR", "FR"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, regionForLocale(tc.in))
		})
	}
}

// TestCountryRegionReadsPhone ties the two halves of P5 together: a
// national number is read in the region of the profile's country.
func TestCountryRegionReadsPhone(t *testing.T) {
	for _, tc := range []struct{ country, in, want string }{
		{"United Kingdom", "020 7031 3000", "+442070313000"},
		{"U.K.", "020 7031 3000", "+442070313000"},
		{"England", "07400 123456", "+447400123456"},
		{"USA", "(415) 555-2671", "+14155552671"},
		{"Germany", "030 123456", "+4930123456"},
		{"Japan", "03-1234-5678", "+81312345678"},
	} {
		got, fe := canonicalPhone(tc.in, regionForCountry(tc.country), Options{})
		if assert.Nil(t, fe, tc.country) {
			assert.Equal(t, tc.want, got, tc.country)
		}
	}
}

func BenchmarkRegionForCountry(b *testing.B) {
	countryNames()
	b.ReportAllocs()
	for b.Loop() {
		regionForCountry("United Kingdom")
	}
}
