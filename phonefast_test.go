package profile

import (
	"math/rand/v2"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// phoneAnswer is what parsePhone answers for a number without the
// PossiblePhone option: the E.164 form, or an error's code and message.
type phoneAnswer struct {
	out, code, msg string
}

// generalAnswer is the general parser's answer: libphonenumber's Parse,
// IsValidNumber and Format.
func generalAnswer(num, region string) phoneAnswer {
	out, fe := formatPhone(num, region, false)
	if fe != nil {
		return phoneAnswer{code: string(fe.Code), msg: fe.Message}
	}
	return phoneAnswer{out: out}
}

// fastAnswer is the fast path's answer, and whether it gave one.
func fastAnswer(num, region string) (phoneAnswer, bool) {
	out, v := fastPhone(num, region)
	switch {
	case v == phoneUndecided:
		return phoneAnswer{}, false
	case v == phoneNotValid:
		return phoneAnswer{code: string(CodeInvalidPhone), msg: msgPhoneInvalid}, true
	case len(out) > maxE164Len:
		return phoneAnswer{code: string(CodeInvalidPhone), msg: msgPhoneE164Long}, true
	}
	return phoneAnswer{out: out}, true
}

// phoneRegions returns libphonenumber's regions, sorted.
func phoneRegions() []string {
	var regions []string
	for r := range phonenumbers.GetSupportedRegions() {
		regions = append(regions, r)
	}
	sort.Strings(regions)
	return regions
}

// fastPhoneTable spells the example number of every region and number
// type, and its neighbours (variants), as the scanner leaves numbers: in
// E.164; in national format; as the bare national significant number; with
// the calling code but no '+'; with the calling code before the national
// format; dialled with the region's international prefix; and adds, for
// every region, random digit strings of 3 to 18 digits. Each entry is a
// number and the region it is read in ("" for international numbers).
func fastPhoneTable(t *testing.T) [][2]string {
	t.Helper()
	rnd := rand.New(rand.NewPCG(20261203, 1))
	var table [][2]string
	for _, region := range phoneRegions() {
		cc := strconv.Itoa(phonenumbers.GetCountryCodeForRegion(region))
		for typ := phonenumbers.FIXED_LINE; typ <= phonenumbers.VOICEMAIL; typ++ {
			ex := phonenumbers.GetExampleNumberForType(region, typ)
			if ex == nil {
				continue
			}
			for _, n := range variants(ex) {
				nsn := phonenumbers.GetNationalSignificantNumber(n)
				national := phonenumbers.NormalizeDigitsOnly(phonenumbers.Format(n, phonenumbers.NATIONAL))
				table = append(table,
					[2]string{"+" + cc + nsn, ""}, [2]string{"+" + cc + national, ""},
					[2]string{national, region}, [2]string{nsn, region}, [2]string{cc + nsn, region},
					[2]string{cc + national, region}, [2]string{"00" + cc + nsn, region},
					[2]string{"011" + cc + nsn, region})
			}
		}
		for range 40 {
			digits := make([]byte, 3+rnd.IntN(16))
			for i := range digits {
				digits[i] = byte('0' + rnd.IntN(10))
			}
			table = append(table, [2]string{string(digits), region}, [2]string{"+" + string(digits), ""})
		}
	}
	return table
}

// TestFastPhoneAgrees holds the fast path to libphonenumber's answer on
// every entry of fastPhoneTable (over 50,000 numbers in 245 regions): where
// it answers, it answers as the general parser does. It must answer for
// most of the table, so that it cannot pass by declining.
func TestFastPhoneAgrees(t *testing.T) {
	table := fastPhoneTable(t)
	require.GreaterOrEqual(t, len(table), 50000)
	if testing.Short() { // every fifth entry, for the race detector's run
		for i := range len(table) / 5 {
			table[i] = table[5*i]
		}
		table = table[:len(table)/5]
	}
	decided, valid, disagree := 0, 0, 0
	for _, e := range table {
		fast, ok := fastAnswer(e[0], e[1])
		if !ok {
			continue
		}
		decided++
		if fast.out != "" {
			valid++
		}
		if want := generalAnswer(e[0], e[1]); fast != want {
			disagree++
			if disagree <= 10 {
				t.Errorf("%s %q: general %+v, fast %+v", e[1], e[0], want, fast)
			}
		}
	}
	t.Logf("%d numbers in %d regions; the fast path answered %d, %d of them valid",
		len(table), len(phoneRegions()), decided, valid)
	assert.GreaterOrEqual(t, decided, len(table)*8/10, "the fast path declines too often")
	assert.GreaterOrEqual(t, valid, len(table)/4, "the table must not be mostly invalid numbers")
	assert.Zero(t, disagree)
}

// TestFastPhoneDeclines checks the inputs the fast path leaves to the
// general parser: too few digits, a number dialled with its region's
// international prefix, an unknown calling code or region.
func TestFastPhoneDeclines(t *testing.T) {
	for _, e := range [][2]string{
		{"+44", ""}, {"+0442070313000", ""}, {"+9992070313000", ""},
		{"12", "US"}, {"011442070313000", "US"}, {"00442070313000", "GB"},
		{"2070313000", "ZZ"}, {"2070313000", ""},
	} {
		_, v := fastPhone(e[0], e[1])
		assert.Equal(t, phoneUndecided, v, "%s %q", e[1], e[0])
	}
	out, v := fastPhone("02070313000", "GB")
	assert.Equal(t, phoneValid, v)
	assert.Equal(t, "+442070313000", out, "national prefix 0 stripped")
	out, v = fastPhone("14155552671", "US")
	assert.Equal(t, phoneValid, v)
	assert.Equal(t, "+14155552671", out, "national prefix 1 stripped")
	out, v = fastPhone("4155552671", "CA")
	assert.Equal(t, phoneValid, v, "a US number is valid read in Canada (+1)")
	assert.Equal(t, "+14155552671", out)
}

// FuzzFastPhone compares the fast path with libphonenumber's general
// parser on any digits read in any region, and on any digits after '+'.
func FuzzFastPhone(f *testing.F) {
	f.Add("02070313000", "GB")
	f.Add("14155552671", "us")
	f.Add("4402070313000", "GB")
	f.Add("0001234567", "JP")
	f.Add("6502530000", "AG")
	f.Add("39061234567", "")
	f.Fuzz(func(t *testing.T, s, region string) {
		digits := strings.Map(func(r rune) rune {
			if '0' <= r && r <= '9' {
				return r
			}
			return -1
		}, s)
		if len(digits) > 24 {
			digits = digits[:24]
		}
		for _, e := range [][2]string{{"+" + digits, ""}, {digits, upperRegion(region)}} {
			if e[1] != "" && !isPhoneRegion(e[1]) {
				continue
			}
			if fast, ok := fastAnswer(e[0], e[1]); ok {
				require.Equal(t, generalAnswer(e[0], e[1]), fast, "%s %q", e[1], e[0])
			}
		}
	})
}

// TestDigitDFA compares each pattern of libphonenumber's metadata compiled
// as a digitDFA with package regexp, whole and as a prefix, on the example
// numbers of its region, each with its last digit changed, dropped and
// doubled, and on random digit strings.
func TestDigitDFA(t *testing.T) {
	all, err := phonenumbers.MetadataCollection()
	require.NoError(t, err)
	rnd := rand.New(rand.NewPCG(20261203, 2))
	random := make([]string, 300)
	for k := range random {
		digits := make([]byte, rnd.IntN(18))
		for i := range digits {
			digits[i] = byte('0' + rnd.IntN(10))
		}
		random[k] = string(digits)
	}
	patterns, matched := 0, 0
	for _, md := range all.GetMetadata() {
		inputs := append(regionExamples(md), random...)
		for _, p := range []string{
			md.GetGeneralDesc().GetNationalNumberPattern(), md.GetFixedLine().GetNationalNumberPattern(),
			md.GetMobile().GetNationalNumberPattern(), md.GetTollFree().GetNationalNumberPattern(),
			md.GetPremiumRate().GetNationalNumberPattern(), md.GetVoip().GetNationalNumberPattern(),
			md.GetLeadingDigits(), md.GetInternationalPrefix(), md.GetNationalPrefixForParsing(),
		} {
			d, err := compileDigits(p)
			if err != nil && p == md.GetNationalPrefixForParsing() && strings.Contains(p, "$") {
				continue // anchored: only package regexp runs it
			}
			require.NoError(t, err, "%s %q", md.GetId(), p)
			whole, prefix := regexp.MustCompile(`^(?:`+p+`)$`), regexp.MustCompile(`^(?:`+p+`)`)
			for _, s := range inputs {
				w, pre := whole.MatchString(s), prefix.MatchString(s)
				if w != d.match(s) || pre != d.matchPrefix(s) {
					t.Fatalf("%s %q on %q: regexp whole %v prefix %v", md.GetId(), p, s, w, pre)
				}
				if w {
					matched++
				}
			}
			patterns++
		}
	}
	t.Logf("%d patterns, %d whole matches", patterns, matched)
	assert.Greater(t, matched, 5000, "the inputs must match many patterns")
}

// regionExamples returns the national significant numbers of md's example
// numbers, each also with its last digit changed, dropped and doubled.
func regionExamples(md *phonenumbers.PhoneMetadata) []string {
	var out []string
	for _, d := range []*phonenumbers.PhoneNumberDesc{
		md.GetFixedLine(), md.GetMobile(), md.GetTollFree(), md.GetPremiumRate(), md.GetSharedCost(),
		md.GetVoip(), md.GetPersonalNumber(), md.GetPager(), md.GetUan(), md.GetVoicemail(),
	} {
		ex := d.GetExampleNumber()
		if ex == "" {
			continue
		}
		last := ex[len(ex)-1]
		changed := ex[:len(ex)-1] + string('0'+(last-'0'+1)%10)
		out = append(out, ex, changed, ex[:len(ex)-1], ex+string(last))
	}
	return out
}

// TestDigitDFARejects checks that a pattern with an anchor or another
// empty-width assertion is refused, so that its region goes to the general
// parser, and that input other than ASCII digits never matches.
func TestDigitDFARejects(t *testing.T) {
	for _, p := range []string{`^1`, `1$`, `\b1`, `(`} {
		_, err := compileDigits(p)
		assert.Error(t, err, "%q", p)
	}
	d, err := compileDigits(`\d{3}`)
	require.NoError(t, err)
	assert.True(t, d.match("123"))
	for _, s := range []string{"12a", "1 3", "١٢٣", "12"} {
		assert.False(t, d.match(s), "%q", s)
	}
}
