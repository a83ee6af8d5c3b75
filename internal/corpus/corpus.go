// Package corpus generates deterministic corpora of Klaviyo profile request
// bodies for benchmarks: each body is a JSON object
// {"data":{"type":"profile","attributes":{…}}} built from a seeded
// math/rand/v2 source, so one seed always gives the same bytes.
//
// Three kinds are generated:
//
//   - [Clean]: already canonical (docs/SPEC.md O1): lower-case ASCII emails,
//     E.164 phone numbers, canonical BCP 47 locales, IANA zones in canonical
//     case, members in schema order, compact.
//   - [Messy]: what web forms and CRM exports send: national phone numbers
//     read in the region of location.country ("United States", "GB", …),
//     upper-case emails, POSIX locales (en_US.UTF-8), numbers as strings in
//     properties, stray white space, empty strings.
//   - [Invalid]: a messy or clean body with one to three defects, together
//     covering most of SPEC.md's error codes.
//
// Phone numbers are libphonenumber's example numbers for a region
// (phonenumbers.GetExampleNumberForType), with their last digits varied
// while the number stays valid, written in E.164 (clean) or in the
// region's national format (messy).
//
// The package does not import package profile (whose tests use it); those
// tests check that every clean and messy body is accepted and every invalid
// body rejected.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Kind is a kind of corpus.
type Kind int

// The kinds of corpus.
const (
	Clean   Kind = iota // already canonical
	Messy               // valid after normalization
	Invalid             // rejected
)

// Kinds lists every kind, in order.
var Kinds = []Kind{Clean, Messy, Invalid}

// String returns "clean", "messy" or "invalid".
func (k Kind) String() string {
	switch k {
	case Clean:
		return "clean"
	case Messy:
		return "messy"
	case Invalid:
		return "invalid"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Generate returns n request bodies of kind k, the same for the same seed.
func Generate(k Kind, n int, seed uint64) [][]byte {
	g := &gen{r: rand.New(rand.NewPCG(seed, uint64(k)+0x9e3779b97f4a7c15))}
	out := make([][]byte, n)
	for i := range out {
		out[i] = g.body(k)
	}
	return out
}

// Mix is the share of each kind in a mixed corpus, in percent: what a
// service sees from web forms and CRM exports, mostly messy, some already
// clean, a few broken.
var Mix = map[Kind]int{Messy: 60, Clean: 30, Invalid: 10}

// Mixed calls emit with n bodies of mixed kinds in the proportions of Mix,
// the same for the same seed, holding only one body at a time.
func Mixed(n int, seed uint64, emit func(k Kind, body []byte) error) error {
	pick := rand.New(rand.NewPCG(seed, 0x5851f42d4c957f2d))
	gens := map[Kind]*gen{}
	for _, k := range Kinds {
		gens[k] = &gen{r: rand.New(rand.NewPCG(seed, uint64(k)+0x9e3779b97f4a7c15))}
	}
	for range n {
		k, roll := Invalid, pick.IntN(100)
		switch {
		case roll < Mix[Messy]:
			k = Messy
		case roll < Mix[Messy]+Mix[Clean]:
			k = Clean
		}
		if err := emit(k, gens[k].body(k)); err != nil {
			return err
		}
	}
	return nil
}

// body generates one body of kind k.
func (g *gen) body(k Kind) []byte {
	switch k {
	case Clean:
		return g.clean().encode()
	case Messy:
		return g.messy().encode()
	case Invalid:
		return g.invalid()
	}
	panic("corpus: unknown kind " + k.String())
}

// country is one country the corpus draws from.
type country struct {
	region string   // ISO 3166 alpha-2, as libphonenumber names it
	name   string   // English name, as clean bodies write location.country
	messy  []string // other spellings of location.country in messy bodies
	locale []string // canonical BCP 47 tags
	posix  []string // the same locales as POSIX or sloppy tags
	zones  []string // IANA zones, canonical case
	cities []string
	zip    func(r *rand.Rand) string
}

func digits(n int) func(r *rand.Rand) string {
	return func(r *rand.Rand) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('0' + r.IntN(10))
		}
		return string(b)
	}
}

// Countries are the countries bodies are drawn from; their names and codes
// are ones package profile reads as regions (P5).
var countries = []country{
	{"US", "United States", []string{"United States", "USA", "US", "U.S."}, []string{"en-US", "es-US"}, []string{"en_US.UTF-8", "en_US", "EN-us", "es_US.utf8"},
		[]string{"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"}, []string{"New York", "Chicago", "Denver", "Seattle"}, digits(5)},
	{"GB", "United Kingdom", []string{"GB", "UK", "United Kingdom", "Great Britain"}, []string{"en-GB"}, []string{"en_GB.UTF-8", "en-UK", "en_GB"},
		[]string{"Europe/London"}, []string{"London", "Manchester", "Leeds"}, func(r *rand.Rand) string { return "EC" + digits(1)(r) + "A " + digits(1)(r) + "BB" }},
	{"DE", "Germany", []string{"DE", "Germany", "DEU", "de"}, []string{"de-DE"}, []string{"de_DE.UTF-8", "de_DE@euro", "deu_DEU", "DE-de"},
		[]string{"Europe/Berlin"}, []string{"Berlin", "München", "Köln", "Hamburg"}, digits(5)},
	{"FR", "France", []string{"FR", "France", "FRA"}, []string{"fr-FR"}, []string{"fr_FR.UTF-8", "fr_FR@euro", "fra_FRA"},
		[]string{"Europe/Paris"}, []string{"Paris", "Lyon", "Marseille"}, digits(5)},
	{"ES", "Spain", []string{"ES", "Spain"}, []string{"es-ES", "ca-ES"}, []string{"es_ES.UTF-8", "ca_ES.UTF-8@valencia", "ES_es"},
		[]string{"Europe/Madrid"}, []string{"Madrid", "Barcelona", "València"}, digits(5)},
	{"IT", "Italy", []string{"IT", "Italy"}, []string{"it-IT"}, []string{"it_IT.UTF-8", "it_IT"},
		[]string{"Europe/Rome"}, []string{"Roma", "Milano", "Torino"}, digits(5)},
	{"NL", "Netherlands", []string{"NL", "Netherlands", "The Netherlands"}, []string{"nl-NL"}, []string{"nl_NL.UTF-8", "nl_NL"},
		[]string{"Europe/Amsterdam"}, []string{"Amsterdam", "Utrecht"}, func(r *rand.Rand) string { return digits(4)(r) + " AB" }},
	{"AU", "Australia", []string{"AU", "Australia"}, []string{"en-AU"}, []string{"en_AU.UTF-8", "en_AU"},
		[]string{"Australia/Sydney", "Australia/Melbourne", "Australia/Perth"}, []string{"Sydney", "Melbourne", "Perth"}, digits(4)},
	{"CA", "Canada", []string{"CA", "Canada"}, []string{"en-CA", "fr-CA"}, []string{"en_CA.UTF-8", "fr_CA.UTF-8"},
		[]string{"America/Toronto", "America/Vancouver"}, []string{"Toronto", "Montréal", "Vancouver"}, func(r *rand.Rand) string { return "M5V " + digits(1)(r) + "A" + digits(1)(r) }},
	{"JP", "Japan", []string{"JP", "Japan"}, []string{"ja-JP"}, []string{"ja_JP.UTF-8", "ja_JP.eucJP"},
		[]string{"Asia/Tokyo"}, []string{"東京", "Osaka"}, func(r *rand.Rand) string { return digits(3)(r) + "-" + digits(4)(r) }},
	{"BR", "Brazil", []string{"BR", "Brazil"}, []string{"pt-BR"}, []string{"pt_BR.UTF-8", "pt_BR"},
		[]string{"America/Sao_Paulo"}, []string{"São Paulo", "Rio de Janeiro"}, func(r *rand.Rand) string { return digits(5)(r) + "-" + digits(3)(r) }},
	{"IN", "India", []string{"IN", "India"}, []string{"en-IN", "hi-IN"}, []string{"en_IN.UTF-8", "hi_IN"},
		[]string{"Asia/Kolkata"}, []string{"Mumbai", "Bengaluru"}, digits(6)},
	{"MX", "Mexico", []string{"MX", "Mexico"}, []string{"es-MX"}, []string{"es_MX.UTF-8", "es_MX"},
		[]string{"America/Mexico_City"}, []string{"Ciudad de México", "Guadalajara"}, digits(5)},
	{"SE", "Sweden", []string{"SE", "Sweden"}, []string{"sv-SE"}, []string{"sv_SE.UTF-8", "sv_SE"},
		[]string{"Europe/Stockholm"}, []string{"Stockholm", "Göteborg"}, func(r *rand.Rand) string { return digits(3)(r) + " " + digits(2)(r) }},
	{"CH", "Switzerland", []string{"CH", "Switzerland"}, []string{"de-CH", "fr-CH"}, []string{"de_CH.UTF-8", "fr_CH.UTF-8"},
		[]string{"Europe/Zurich"}, []string{"Zürich", "Genève"}, digits(4)},
	{"IE", "Ireland", []string{"IE", "Ireland"}, []string{"en-IE", "ga-IE"}, []string{"en_IE.UTF-8@euro", "ga_IE"},
		[]string{"Europe/Dublin"}, []string{"Dublin", "Cork"}, func(r *rand.Rand) string { return "D0" + digits(1)(r) + " X" + digits(3)(r) }},
	{"NZ", "New Zealand", []string{"NZ", "New Zealand"}, []string{"en-NZ", "mi-NZ"}, []string{"en_NZ.UTF-8", "mi_NZ"},
		[]string{"Pacific/Auckland"}, []string{"Auckland", "Wellington"}, digits(4)},
	{"PL", "Poland", []string{"PL", "Poland"}, []string{"pl-PL"}, []string{"pl_PL.UTF-8", "pl_PL"},
		[]string{"Europe/Warsaw"}, []string{"Warszawa", "Kraków"}, func(r *rand.Rand) string { return digits(2)(r) + "-" + digits(3)(r) }},
}

// Names are NFC; messy bodies may decompose them.
var (
	firstNames = []string{"Sarah", "John", "Olivia", "Liam", "Emma", "Noah", "Ava", "Mateo", "Zoë", "José", "Søren", "Amélie", "Aiko", "Priya", "Chloé", "Łukasz", "Björn", "Siobhán"}
	lastNames  = []string{"Mason", "Smith", "García", "Müller", "Rossi", "Dubois", "Tanaka", "Silva", "Kowalski", "Andersson", "O'Brien", "Nguyen", "Patel", "van Dijk", "Ångström", "Schröder"}
	orgs       = []string{"Example Corporation", "Acme Inc.", "Globex", "Initech GmbH", "Umbrella S.A.", "Hooli", "Soylent B.V."}
	titles     = []string{"Regional Manager", "Engineer", "Buyer", "Head of Growth", "Director", "Student"}
	domains    = []string{"example.com", "example.org", "klaviyo-demo.com", "mail.example.net", "example.co.uk", "beispiel.de", "exemple.fr", "example.com.au"}
	plans      = []string{"free", "pro", "team", "enterprise"}
	sources    = []string{"signup-form", "checkout", "pos", "crm-import", "popup"}
	tagWords   = []string{"vip", "b2b", "wholesale", "newsletter", "beta", "returning"}
	skus       = []string{"92538", "40571", "A-1001", "B-2002", "C-3003"}
)

type gen struct{ r *rand.Rand }

func (g *gen) pick(s []string) string   { return s[g.r.IntN(len(s))] }
func (g *gen) chance(num, den int) bool { return g.r.IntN(den) < num }

// phone returns a valid number of region, the example number of a random
// type with its last three digits varied while it stays valid.
func (g *gen) phone(region string) *phonenumbers.PhoneNumber {
	types := []phonenumbers.PhoneNumberType{phonenumbers.FIXED_LINE, phonenumbers.MOBILE}
	ex := phonenumbers.GetExampleNumberForType(region, types[g.r.IntN(len(types))])
	if ex == nil {
		panic("corpus: no example number for " + region)
	}
	nsn := ex.GetNationalNumber()
	for range 8 {
		cand := nsn - nsn%1000 + uint64(g.r.IntN(1000))
		n := &phonenumbers.PhoneNumber{}
		n.CountryCode = ex.CountryCode
		n.NationalNumber = &cand
		if phonenumbers.IsValidNumber(n) {
			return n
		}
	}
	return ex
}

// email returns a lower-case ASCII address.
func (g *gen) email(first, last string) string {
	local := asciiFold(first) + "." + asciiFold(last)
	switch g.r.IntN(4) {
	case 0:
		local += strconv.Itoa(g.r.IntN(100))
	case 1:
		local += "+" + g.pick(sources)
	}
	return local + "@" + g.pick(domains)
}

// asciiFold lower-cases s and drops what is not an ASCII letter.
func asciiFold(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		switch {
		case 'a' <= c && c <= 'z':
			b.WriteRune(c)
		case strings.ContainsRune("àáâäåã", c):
			b.WriteByte('a')
		case strings.ContainsRune("èéêë", c):
			b.WriteByte('e')
		case strings.ContainsRune("òóôöø", c):
			b.WriteByte('o')
		case strings.ContainsRune("ùúûü", c):
			b.WriteByte('u')
		case strings.ContainsRune("ìíîï", c):
			b.WriteByte('i')
		case c == 'ł':
			b.WriteByte('l')
		}
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

// coord returns a decimal with four places in [-lim, lim].
func (g *gen) coord(lim int) string {
	v := g.r.IntN(2*lim*10000+1) - lim*10000
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%04d", sign, v/10000, v%10000)
}

func (g *gen) ip() string {
	if g.chance(1, 3) {
		return fmt.Sprintf("2001:db8:%x::%x", g.r.IntN(0xffff)+1, g.r.IntN(0xffff)+1)
	}
	return fmt.Sprintf("%d.%d.%d.%d", 192, 0, 2, g.r.IntN(254)+1)
}

// clean returns an already canonical profile.
func (g *gen) clean() *doc {
	c := &countries[g.r.IntN(len(countries))]
	first, last := g.pick(firstNames), g.pick(lastNames)
	d := &doc{typ: `"profile"`}
	a := &d.attrs
	a.set("email", str(g.email(first, last)))
	if g.chance(3, 4) {
		a.set("phone_number", str(phonenumbers.Format(g.phone(c.region), phonenumbers.E164)))
	}
	if g.chance(1, 3) {
		a.set("external_id", str(fmt.Sprintf("CRM-%06d", g.r.IntN(1000000))))
	} else if g.chance(1, 8) {
		a.set("external_id", "null")
	}
	a.set("first_name", str(first))
	a.set("last_name", str(last))
	if g.chance(1, 2) {
		a.set("organization", str(g.pick(orgs)))
	}
	a.set("locale", str(g.pick(c.locale)))
	if g.chance(1, 2) {
		a.set("title", str(g.pick(titles)))
	} else if g.chance(1, 8) {
		a.set("title", "null")
	}
	if g.chance(1, 3) {
		a.set("image", str(fmt.Sprintf("https://images.example.com/u/%d.jpg", g.r.IntN(100000))))
	}
	l := &d.loc
	if g.chance(1, 2) {
		l.set("address1", str(fmt.Sprintf("%d Main St", g.r.IntN(999)+1)))
	}
	l.set("city", str(g.pick(c.cities)))
	l.set("country", str(c.name))
	if g.chance(1, 2) {
		lat, lon := g.coord(90), g.coord(180)
		if g.chance(1, 2) {
			lat, lon = str(lat), str(lon)
		}
		l.set("latitude", lat)
		l.set("longitude", lon)
	}
	l.set("zip", str(c.zip(g.r)))
	l.set("timezone", str(g.pick(c.zones)))
	if g.chance(1, 2) {
		l.set("ip", str(g.ip()))
	}
	p := &d.props
	p.set("plan", str(g.pick(plans)))
	p.set("source", str(g.pick(sources)))
	p.set("age", strconv.Itoa(18+g.r.IntN(70)))
	p.set("lifetime_value", fmt.Sprintf("%d.%d", g.r.IntN(5000), g.r.IntN(9)+1))
	p.set("vip", strconv.FormatBool(g.chance(1, 4)))
	if g.chance(1, 2) {
		p.set("tags", `[`+str(g.pick(tagWords))+`,`+str(g.pick(tagWords))+`]`)
	}
	if g.chance(1, 4) {
		p.set("last_order", `{"id":`+str(g.pick(skus))+`,"total":`+strconv.Itoa(g.r.IntN(500))+`}`)
	}
	if g.chance(1, 8) {
		d.meta = `{"patch_properties":{"append":{"skus":` + str(g.pick(skus)) + `}}}`
	}
	return d
}

// messy returns a profile that is valid after normalization.
func (g *gen) messy() *doc {
	c := &countries[g.r.IntN(len(countries))]
	first, last := g.pick(firstNames), g.pick(lastNames)
	d := &doc{typ: `"profile"`}
	a := &d.attrs
	email := g.email(first, last)
	switch g.r.IntN(3) {
	case 0:
		email = strings.ToUpper(email)
	case 1:
		email = strings.ToUpper(email[:1]) + email[1:strings.IndexByte(email, '@')+1] + strings.ToUpper(email[strings.IndexByte(email, '@')+1:])
	}
	a.set("email", str(g.space(email)))
	n := g.phone(c.region)
	phone := phonenumbers.Format(n, phonenumbers.NATIONAL)
	national := true
	if g.chance(1, 5) {
		phone, national = phonenumbers.Format(n, phonenumbers.INTERNATIONAL), false
	}
	a.set("phone_number", str(g.space(phone)))
	if g.chance(1, 4) {
		a.set("external_id", str(fmt.Sprintf(" CRM-%06d ", g.r.IntN(1000000))))
	}
	if g.chance(1, 4) {
		first = decompose(first)
	}
	a.set("first_name", str(g.space(first)))
	a.set("last_name", str(g.space(decompose(last))))
	if g.chance(1, 3) {
		a.set("organization", `""`)
	} else if g.chance(1, 2) {
		a.set("organization", str(g.space(g.pick(orgs))))
	}
	a.set("locale", str(g.space(g.pick(c.posix))))
	if g.chance(1, 3) {
		a.set("title", `"   "`)
	}
	l := &d.loc
	l.set("city", str(g.space(g.pick(c.cities))))
	if national || g.chance(1, 2) {
		l.set("country", str(g.pick(c.messy)))
	}
	if g.chance(1, 2) {
		l.set("latitude", str(" "+g.coord(90)))
		l.set("longitude", str(g.coord(180)+" "))
	}
	l.set("zip", str(g.space(c.zip(g.r))))
	zone := g.pick(c.zones)
	if g.chance(1, 3) {
		zone = strings.ToLower(zone)
	}
	l.set("timezone", str(zone))
	if g.chance(1, 3) {
		ip := "::ffff:192.0.2." + strconv.Itoa(g.r.IntN(254)+1)
		if g.chance(1, 2) {
			ip = fmt.Sprintf("2001:DB8:0:0::%X", g.r.IntN(0xffff)+1)
		}
		l.set("ip", str(ip))
	}
	p := &d.props
	p.set("newsletter", str(g.pick([]string{"yes", "no", "true", "false", "1"})))
	p.set("age", str(strconv.Itoa(18+g.r.IntN(70))))
	p.set("lifetime_value", str(fmt.Sprintf("%d.%02d", g.r.IntN(5000), g.r.IntN(100))))
	p.set("source", str(" "+g.pick(sources)+" "))
	if g.chance(1, 3) {
		p.set("account_id", strconv.FormatUint(9007199254740993+uint64(2*g.r.IntN(1000)), 10))
	}
	if g.chance(1, 8) {
		d.meta = `{"patch_properties":{"append":{"skus":` + str(g.pick(skus)) + `},"unset":"basket"}}`
	}
	return d
}

// space adds stray white space around s, or not.
func (g *gen) space(s string) string {
	switch g.r.IntN(4) {
	case 0:
		return " " + s
	case 1:
		return s + "  "
	case 2:
		return "\t" + s + " "
	}
	return s
}

// decompose writes the first precomposed letter of s in NFD, as some CRM
// exports do (package profile puts names back in NFC).
func decompose(s string) string {
	for _, r := range []struct{ from, to string }{
		{"ü", "u\u0308"}, {"ö", "o\u0308"}, {"é", "e\u0301"}, {"ë", "e\u0308"}, {"Å", "A\u030a"}, {"á", "a\u0301"},
	} {
		if strings.Contains(s, r.from) {
			return strings.Replace(s, r.from, r.to, 1)
		}
	}
	return s
}

// defects each break a body in a way package profile rejects; the comment
// gives the error code (docs/SPEC.md) it produces.
var defects = []func(g *gen, d *doc){
	func(g *gen, d *doc) { // invalid_email
		d.attrs.set("email", str(g.pick([]string{
			"Sarah Mason <sarah@example.com>", "sarah@@example.com", "sarah.example.com", "sarah@localhost",
			"sarah..mason@example.com", ".sarah@example.com", "sarah@-example-.com", "sarah mason@example.com",
			"sarah@example.123", "\"sarah\"@example.com", "sarah@[192.0.2.1]", "sarah@example.com.",
		})))
	},
	func(g *gen, d *doc) { // invalid_phone: letters, or not a valid number
		d.attrs.set("phone_number", str(g.pick([]string{
			"555-0143 (mobile)", "+1 800 FLOWERS", "call me", "+100442070313000", "12", "+44 20 7031 300", "+1 (201) 555-01234",
		})))
	},
	func(g *gen, d *doc) { // phone_extension
		d.attrs.set("phone_number", str(g.pick([]string{"+1 201-555-0123 x12", "+44 121 234 5678 ext. 9", "+49 30 123456;ext=7"})))
	},
	func(g *gen, d *doc) { // phone_region_required: national number, no region anywhere
		d.attrs.set("phone_number", str("(201) 555-0123"))
		d.attrs.del("locale")
		d.loc.del("country")
	},
	func(g *gen, d *doc) { // unknown_field
		switch g.r.IntN(4) {
		case 0:
			d.attrs.rename("email", "Email")
		case 1:
			d.attrs.set("middle_name", str("Ann"))
		case 2:
			d.loc.set("postcode", str("10017"))
		default:
			d.attrs.set("phone", str("+12015550123"))
		}
	},
	func(g *gen, d *doc) { // wrong_type
		switch g.r.IntN(5) {
		case 0:
			d.loc.set("zip", "10017")
		case 1:
			d.attrs.set("first_name", "42")
		case 2:
			d.props.raw = `["vip"]`
		case 3:
			d.attrs.set("email", "true")
		default:
			d.loc.set("latitude", "[40.7]")
		}
	},
	func(g *gen, d *doc) { // invalid_locale
		d.attrs.set("locale", str(g.pick([]string{"C", "POSIX", "xx", "und", "english", "en_US_FOO_BAR", "zz-ZZ", "12"})))
	},
	func(g *gen, d *doc) { // invalid_timezone
		d.loc.set("timezone", str(g.pick([]string{"Mars/Olympus", "Local", "Europe/Atlantis", "GMT+25", "../etc/passwd", "Factory"})))
	},
	func(g *gen, d *doc) { // invalid_ip
		d.loc.set("ip", str(g.pick([]string{"999.1.1.1", "192.168.01.1", "fe80::1%eth0", "localhost", "1.2.3"})))
	},
	func(g *gen, d *doc) { // invalid_url
		d.attrs.set("image", str(g.pick([]string{"ftp://example.com/x.png", "not a url", "/u/1.jpg", "https://", "javascript:alert(1)"})))
	},
	func(g *gen, d *doc) { // invalid_coordinate
		d.loc.set("latitude", g.pick([]string{`"91"`, `-90.5`, `"12,5"`, `"NaN"`, `"1e3"`}))
		d.loc.set("longitude", str("0"))
	},
	func(g *gen, d *doc) { // invalid_text: a control character
		d.attrs.set("first_name", `"Sa\u0000rah"`)
	},
	func(g *gen, d *doc) { // duplicate_key
		d.attrs.dup("email")
	},
	func(g *gen, d *doc) { // invalid_value
		d.typ = str(g.pick([]string{"profiles", "Profile", "event"}))
	},
	func(g *gen, d *doc) { // required
		if g.chance(1, 2) {
			d.typ = ""
		} else {
			d.noAttrs = true
		}
	},
	func(g *gen, d *doc) { // identifier_required
		d.attrs.del("email")
		d.attrs.del("phone_number")
		d.attrs.del("external_id")
	},
	func(g *gen, d *doc) { // invalid_key
		d.props.set("", str("x"))
	},
	func(g *gen, d *doc) { // conflict
		d.props.set("skus", `["92538"]`)
		d.meta = `{"patch_properties":{"append":{"skus":"40571"}}}`
	},
	func(g *gen, d *doc) { // invalid_number
		d.props.set("big", "1e400")
	},
	func(g *gen, d *doc) { // too_deep: properties nested 12 deep
		d.props.set("deep", strings.Repeat(`{"a":`, 11)+"1"+strings.Repeat("}", 11))
	},
	func(g *gen, d *doc) { // invalid_utf8
		d.attrs.set("last_name", "\"M\xffller\"")
	},
	func(g *gen, d *doc) { // syntax: cut off (see invalid)
		d.cut = true
	},
}

// invalid returns a body with one to three defects.
func (g *gen) invalid() []byte {
	var d *doc
	if g.chance(1, 2) {
		d = g.clean()
	} else {
		d = g.messy()
	}
	for range 1 + g.r.IntN(3) {
		defects[g.r.IntN(len(defects))](g, d)
	}
	b := d.encode()
	if d.cut {
		b = b[:len(b)/2+g.r.IntN(len(b)/2)]
	}
	return b
}

// str returns s as a JSON string, minimally escaped, as package profile
// writes it (no HTML escaping).
func str(s string) string {
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\t':
			b = append(b, '\\', 't')
		case c == '\n':
			b = append(b, '\\', 'n')
		case c < 0x20:
			b = append(b, fmt.Sprintf(`\u%04x`, c)...)
		default:
			b = append(b, c)
		}
	}
	return string(append(b, '"'))
}

// member is one member of an object: its name and its value as JSON text.
type member struct{ name, raw string }

// object is a JSON object with its members in order; raw, when set,
// replaces the whole object with other JSON text.
type object struct {
	ms  []member
	raw string
}

func (o *object) set(name, raw string) {
	for i := range o.ms {
		if o.ms[i].name == name {
			o.ms[i].raw = raw
			return
		}
	}
	o.ms = append(o.ms, member{name, raw})
}

func (o *object) del(name string) {
	for i := range o.ms {
		if o.ms[i].name == name {
			o.ms = append(o.ms[:i], o.ms[i+1:]...)
			return
		}
	}
}

func (o *object) rename(from, to string) {
	for i := range o.ms {
		if o.ms[i].name == from {
			o.ms[i].name = to
			return
		}
	}
	o.ms = append(o.ms, member{to, str("x@example.com")})
}

// dup repeats the member name (or adds it twice).
func (o *object) dup(name string) {
	for _, m := range o.ms {
		if m.name == name {
			o.ms = append(o.ms, m)
			return
		}
	}
	o.ms = append(o.ms, member{name, str("a@example.com")}, member{name, str("b@example.com")})
}

func (o *object) empty() bool { return o.raw == "" && len(o.ms) == 0 }

func (o *object) appendJSON(b []byte) []byte {
	if o.raw != "" {
		return append(b, o.raw...)
	}
	b = append(b, '{')
	for i, m := range o.ms {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, str(m.name)...)
		b = append(b, ':')
		b = append(b, m.raw...)
	}
	return append(b, '}')
}

// doc is a request body under construction. Members of attrs come in
// schema order; location and properties follow them.
type doc struct {
	typ     string // data.type as JSON text; "" leaves it out
	attrs   object
	loc     object
	props   object
	meta    string // data.meta as JSON text, or ""
	noAttrs bool   // leave data.attributes out
	cut     bool   // cut the encoded body short
}

func (d *doc) encode() []byte {
	var data object
	if d.typ != "" {
		data.set("type", d.typ)
	}
	if !d.noAttrs {
		attrs := object{ms: append([]member(nil), d.attrs.ms...)}
		if !d.loc.empty() {
			attrs.ms = append(attrs.ms, member{"location", string(d.loc.appendJSON(nil))})
		}
		if !d.props.empty() {
			attrs.ms = append(attrs.ms, member{"properties", string(d.props.appendJSON(nil))})
		}
		data.set("attributes", string(attrs.appendJSON(nil)))
	}
	if d.meta != "" {
		data.set("meta", d.meta)
	}
	b := make([]byte, 0, 768)
	b = append(b, `{"data":`...)
	b = data.appendJSON(b)
	return append(b, '}')
}
