package profile

import (
	"math/rand"
	"strings"
	"testing"
)

// editDistanceSlices is editDistance as first written, with slices.
func editDistanceSlices(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
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

func TestEditDistance(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	alphabet := []rune("abcé_ŁX")
	word := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteRune(alphabet[r.Intn(len(alphabet))])
		}
		return b.String()
	}
	for range 2000 {
		a, b := word(r.Intn(8)), word(r.Intn(8))
		if r.Intn(20) == 0 {
			a, b = word(60+r.Intn(20)), word(60+r.Intn(20)) // past the arrays
		}
		if got, want := editDistance(a, b), editDistanceSlices(a, b); got != want {
			t.Fatalf("editDistance(%q, %q) = %d, want %d", a, b, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { editDistance("phone_numbr", "phone_number") }); n != 0 {
		t.Errorf("editDistance allocates %v times", n)
	}
	if got := closestName("Phone_Numbr", attributeNames); got != "phone_number" {
		t.Errorf("closestName = %q", got)
	}
}
