package profile

import (
	"strings"
	"unicode/utf8"
)

// closestName returns the known name a person most likely meant by name:
// one equal to it but for case (or Unicode folding, as in "propertieſ"),
// else the nearest within two edits. It returns "" when none is close.
func closestName(name string, known []string) string {
	if utf8.RuneCountInString(name) > 64 {
		return ""
	}
	for _, k := range known {
		if strings.EqualFold(name, k) {
			return k
		}
	}
	best, bestDist := "", 3
	lower := strings.ToLower(name)
	for _, k := range known {
		if dist := editDistance(lower, k); dist < bestDist && dist < len(k)/2+1 {
			best, bestDist = k, dist
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in runes.
// Names of up to 64 runes need no allocation.
func editDistance(a, b string) int {
	var bufA, bufB [64]rune
	var bufPrev, bufCur [65]int
	ra, rb := appendRunes(bufA[:0], a), appendRunes(bufB[:0], b)
	prev, cur := bufPrev[:0], bufCur[:0]
	if len(rb) >= len(bufPrev) {
		prev, cur = make([]int, 0, len(rb)+1), make([]int, 0, len(rb)+1)
	}
	prev, cur = prev[:len(rb)+1], cur[:len(rb)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// appendRunes appends the runes of s to rs.
func appendRunes(rs []rune, s string) []rune {
	for _, r := range s {
		rs = append(rs, r)
	}
	return rs
}
