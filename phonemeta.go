package profile

import (
	"regexp"
	"strconv"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// This file compiles libphonenumber's metadata for the fast phone path
// (phonefast.go): each number pattern becomes a digitDFA, each calling
// code's regions are compiled together, on first use of that code.

// phoneDesc is one number description of a region (general, fixed line,
// mobile, toll free …): the lengths a number of it may have, and the
// pattern it must match whole.
type phoneDesc struct {
	lengths []int32 // none: any length
	pattern *digitDFA
}

// matches reports what libphonenumber's isNumberMatchingDesc does: nsn
// has one of the lengths, if any are listed, and matches the pattern.
func (d *phoneDesc) matches(nsn string) bool {
	if len(d.lengths) > 0 && !hasLength(d.lengths, len(nsn)) {
		return false
	}
	return d.pattern.match(nsn)
}

func hasLength(lengths []int32, n int) bool {
	for _, l := range lengths {
		if int(l) == n {
			return true
		}
	}
	return false
}

// phoneRegion is one region's compiled metadata.
type phoneRegion struct {
	id          string
	countryCode int
	cc          string // countryCode in decimal
	general     phoneDesc
	localOnly   []int32     // general lengths only dialable locally
	types       []phoneDesc // premium rate … voicemail, in libphonenumber's order
	fixed       phoneDesc
	mobile      phoneDesc
	sameMobile  bool       // fixed-line and mobile patterns are the same
	leading     *digitDFA  // leading digits that pick this region among its code's, or nil
	idd         *digitDFA  // the international prefix
	prefix      prefixRule // national prefix for parsing
	transform   string     // national prefix transform rule
	hasNational bool       // a national prefix rule is present
}

// prefixRule matches a national prefix at the start of a number. A
// prefix of plain digits is compared as a string; any other is a
// regular expression, anchored as libphonenumber anchors it, and, when
// it has no anchor of its own, also an automaton that rules out most
// numbers without running the expression.
type prefixRule struct {
	literal string
	re      *regexp.Regexp
	filter  *digitDFA // nil when the expression has an anchor ($)
}

// phoneCountry is a calling code with its regions, the main one first,
// in libphonenumber's order.
type phoneCountry struct {
	code    int
	regions []*phoneRegion
}

// phoneCountries holds each calling code's compiled metadata, compiled
// on first use: compiling every code takes about 80 ms, one a fraction
// of a millisecond (the +1 regions together a few).
var phoneCountries [1000]struct {
	once    sync.Once
	country *phoneCountry // nil when the code is unknown or its metadata does not compile
}

// countryForCode returns the compiled metadata of calling code cc, or nil.
func countryForCode(cc int) *phoneCountry {
	if cc <= 0 || cc >= len(phoneCountries) {
		return nil
	}
	e := &phoneCountries[cc]
	e.once.Do(func() { e.country = compileCountry(cc) })
	return e.country
}

// phoneRegionFor returns the compiled metadata of region, an upper-case
// region code libphonenumber supports, or nil.
func phoneRegionFor(region string) *phoneRegion {
	c := countryForCode(phonenumbers.GetCountryCodeForRegion(region))
	if c == nil {
		return nil
	}
	for _, r := range c.regions {
		if r.id == region {
			return r
		}
	}
	return nil
}

// phoneMetadata indexes libphonenumber's metadata by region, and
// non-geographical entities ("001") by calling code.
type phoneMetadata struct {
	byRegion map[string]*phonenumbers.PhoneMetadata
	nonGeo   map[int]*phonenumbers.PhoneMetadata
}

var loadPhoneMetadata = sync.OnceValue(func() *phoneMetadata {
	m := &phoneMetadata{byRegion: map[string]*phonenumbers.PhoneMetadata{}, nonGeo: map[int]*phonenumbers.PhoneMetadata{}}
	all, err := phonenumbers.MetadataCollection()
	if err != nil {
		return m // no fast path: every number goes to the general parser
	}
	for _, md := range all.GetMetadata() {
		if md.GetId() == nonGeoRegion {
			m.nonGeo[int(md.GetCountryCode())] = md
		} else {
			m.byRegion[md.GetId()] = md
		}
	}
	return m
})

// nonGeoRegion is libphonenumber's region for non-geographical calling
// codes such as +800.
const nonGeoRegion = "001"

// compileCountry compiles the regions of calling code cc, or returns nil.
func compileCountry(cc int) *phoneCountry {
	ids := phonenumbers.GetRegionCodesForCountryCode(cc)
	if len(ids) == 0 {
		return nil
	}
	meta := loadPhoneMetadata()
	c := &phoneCountry{code: cc}
	for _, id := range ids {
		md := meta.byRegion[id]
		if id == nonGeoRegion {
			md = meta.nonGeo[cc]
		}
		r, ok := compileRegion(id, md)
		if !ok {
			return nil
		}
		c.regions = append(c.regions, r)
	}
	return c
}

// compileRegion compiles md, the metadata of region id; it reports false
// when md is missing or has a pattern the fast path cannot compile.
func compileRegion(id string, md *phonenumbers.PhoneMetadata) (*phoneRegion, bool) {
	if md == nil || len(md.GetGeneralDesc().GetPossibleLength()) == 0 {
		return nil, false
	}
	r := &phoneRegion{
		id:          id,
		countryCode: int(md.GetCountryCode()),
		localOnly:   md.GetGeneralDesc().GetPossibleLengthLocalOnly(),
		sameMobile:  md.GetSameMobileAndFixedLinePattern(),
		transform:   md.GetNationalPrefixTransformRule(),
	}
	r.cc = strconv.Itoa(r.countryCode)
	ok := r.general.compile(md.GetGeneralDesc()) && r.fixed.compile(md.GetFixedLine()) &&
		r.mobile.compile(md.GetMobile())
	for _, d := range []*phonenumbers.PhoneNumberDesc{
		md.GetPremiumRate(), md.GetTollFree(), md.GetSharedCost(), md.GetVoip(),
		md.GetPersonalNumber(), md.GetPager(), md.GetUan(), md.GetVoicemail(),
	} {
		var pd phoneDesc
		ok = ok && pd.compile(d)
		r.types = append(r.types, pd)
	}
	var err error
	if ld := md.GetLeadingDigits(); ld != "" {
		if r.leading, err = compileDigits(ld); err != nil {
			return nil, false
		}
	}
	// An empty international prefix matches at the start of every
	// number, as it does in libphonenumber's parser.
	if r.idd, err = compileDigits(md.GetInternationalPrefix()); err != nil {
		return nil, false
	}
	if p := md.GetNationalPrefixForParsing(); p != "" {
		r.hasNational = true
		if isDigits(p) && r.transform == "" {
			r.prefix.literal = p
		} else if r.prefix.re, err = regexp.Compile("^(?:" + p + ")"); err != nil {
			return nil, false
		} else {
			r.prefix.filter, _ = compileDigits(p)
		}
	}
	return r, ok
}

// compile sets d from desc, which libphonenumber's checks read even when
// nil (no lengths, an empty pattern); it reports false if the pattern
// does not compile.
func (d *phoneDesc) compile(desc *phonenumbers.PhoneNumberDesc) bool {
	d.lengths = desc.GetPossibleLength()
	var err error
	d.pattern, err = compileDigits(desc.GetNationalNumberPattern())
	return err == nil
}

// isDigits reports whether s is one or more ASCII digits.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
