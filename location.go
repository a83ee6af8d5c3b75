package profile

import (
	"math"
	"math/big"
	"net/netip"
	"sort"
	"strconv"
	"strings"
)

// canonicalTimezone returns the IANA zone name s in its canonical case:
// "america/new_york" gives "America/New_York" (G2). Names outside the tz
// database Go embeds, "Local" and file paths among them, are rejected.
// "Factory", the database's placeholder for an unset zone, is rejected too.
func canonicalTimezone(s string) (string, *FieldError) {
	if len(s) <= 64 && isASCIIText(s) {
		i := sort.Search(len(zoneNames), func(i int) bool { return compareFoldASCII(zoneNames[i], s) >= 0 })
		if i < len(zoneNames) && strings.EqualFold(zoneNames[i], s) && zoneNames[i] != "Factory" {
			return zoneNames[i], nil
		}
	}
	return "", newError("", CodeInvalidTimezone, "timezone is not an IANA time zone name")
}

// compareFoldASCII compares two ASCII strings as strings.ToLower would
// have them compare, without making lowercase copies.
func compareFoldASCII(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if ca, cb := lowerASCII(a[i]), lowerASCII(b[i]); ca != cb {
			return int(ca) - int(cb)
		}
	}
	return len(a) - len(b)
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// canonicalIP returns s as a canonical IPv4 or IPv6 address (G3): IPv6 in
// RFC 5952 form, an IPv4-mapped IPv6 address as plain IPv4. Zones and
// IPv4 octets with leading zeros are rejected.
func canonicalIP(s string) (string, *FieldError) {
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return "", newError("", CodeInvalidIP, "ip is not an IPv4 or IPv6 address")
	}
	if a.Is4() {
		return s, nil // ParseAddr takes IPv4 only in its canonical form
	}
	var buf [64]byte
	if out := a.Unmap().AppendTo(buf[:0]); string(out) != s {
		return string(out), nil
	}
	return s, nil
}

// checkCoordinate checks latitude (limit 90) or longitude (limit 180): a
// finite decimal number within ±limit (G1). A string is trimmed and must
// hold a plain decimal: an optional sign, digits, an optional fraction.
func checkCoordinate(c Coordinate, limit float64) (Coordinate, *FieldError) {
	v := c.Value
	if !c.Number {
		v = trimSpace(v)
		if !isDecimal(v) {
			return c, newError("", CodeInvalidCoordinate, "coordinate is not a decimal number")
		}
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < -limit || f > limit || (math.Abs(f) == limit && !exactlyWithin(v, limit)) {
		return c, newError("", CodeInvalidCoordinate,
			"coordinate is outside -"+strconv.Itoa(int(limit))+" to "+strconv.Itoa(int(limit)))
	}
	c.Value = v
	return c, nil
}

// exactlyWithin reports whether the decimal text v, which rounds to ±limit
// as a float64, is within ±limit exactly: 90.0000000000000001 is not.
func exactlyWithin(v string, limit float64) bool {
	r, ok := new(big.Rat).SetString(strings.TrimPrefix(v, "+"))
	if !ok {
		return false
	}
	return r.Abs(r).Cmp(new(big.Rat).SetFloat64(limit)) <= 0
}

// isDecimal reports whether s is [+-]digits[.digits].
func isDecimal(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	return allDigits(intPart) && (!hasDot || allDigits(frac))
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
