package profile

import (
	"net/netip"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// TestBelowCombiningIsNFC checks nfc's fast path: every character below
// firstCombining has combining class 0 and is in NFC alone and next to any
// other such character, so text made of them is in NFC.
func TestBelowCombiningIsNFC(t *testing.T) {
	for r := rune(0); r < firstCombining; r++ {
		s := string(r)
		if !belowCombining(s) {
			t.Fatalf("belowCombining(%U) is false", r)
		}
		if p := norm.NFC.PropertiesString(s); p.CCC() != 0 || !norm.NFC.IsNormalString(s) {
			t.Fatalf("%U: class %d, in NFC %v", r, p.CCC(), norm.NFC.IsNormalString(s))
		}
		for q := rune(0); q < firstCombining; q++ {
			if pair := s + string(q); !norm.NFC.IsNormalString(pair) {
				t.Fatalf("%U %U is not in NFC", r, q)
			}
		}
	}
	for _, s := range []string{"e\u0301", "\u0300", "\xff", "Caf\xc3", "東京", "\u212b"} {
		if belowCombining(s) {
			t.Errorf("belowCombining(%+q) is true", s)
		}
	}
	for _, s := range []string{"", "José", "Łukasz", "Kraków", "\u02ff"} {
		if !belowCombining(s) {
			t.Errorf("belowCombining(%+q) is false", s)
		}
	}
}

// TestCompareFoldASCII checks the timezone search's order against
// strings.ToLower's.
func TestCompareFoldASCII(t *testing.T) {
	for i := range zoneNames {
		if !isASCIIText(zoneNames[i]) {
			t.Fatalf("zone %q is not ASCII", zoneNames[i])
		}
		if i > 0 && compareFoldASCII(zoneNames[i-1], zoneNames[i]) >= 0 {
			t.Fatalf("zones %q and %q are out of order", zoneNames[i-1], zoneNames[i])
		}
	}
	sign := func(n int) int { return min(max(n, -1), 1) }
	for _, c := range [][2]string{{"a", "B"}, {"America/New_York", "america/new_york"}, {"Z", "a"}, {"a_", "A/"}, {"ab", "a"}, {"", ""}} {
		want := sign(strings.Compare(strings.ToLower(c[0]), strings.ToLower(c[1])))
		if got := sign(compareFoldASCII(c[0], c[1])); got != want {
			t.Errorf("compareFoldASCII(%q, %q) = %d, want %d", c[0], c[1], got, want)
		}
	}
}

// TestCanonicalIPAsNetip checks canonicalIP's shortcuts against netip's
// own form of the unmapped address.
func TestCanonicalIPAsNetip(t *testing.T) {
	for _, s := range []string{"192.0.2.1", "0.0.0.0", "255.255.255.255", "::1", "::", "2001:db8::1",
		"2001:DB8::1", "2001:db8:0:0:0:0:0:1", "::ffff:192.0.2.128", "::ffff:c000:0280", "fe80::1:2:3:4",
		"1:2:3:4:5:6:7:8", "64:ff9b::192.0.2.33"} {
		got, fe := canonicalIP(s)
		if fe != nil {
			t.Errorf("canonicalIP(%q): %v", s, fe)
			continue
		}
		if want := netip.MustParseAddr(s).Unmap().String(); got != want {
			t.Errorf("canonicalIP(%q) = %q, want %q", s, got, want)
		}
	}
	for _, s := range []string{"192.0.2.01", "1.2.3", "fe80::1%eth0", "::ffff:1.2.3.04"} {
		if _, fe := canonicalIP(s); fe == nil {
			t.Errorf("canonicalIP(%q) is accepted", s)
		}
	}
}
