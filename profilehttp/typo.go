package profilehttp

import "strings"

// providers are common mailbox providers' domains, the most used first (a
// tie between two goes to the earlier). Each is also a domain that is never
// itself reported as a typo, so near neighbours that are real providers
// (gmx.net beside gmx.de, mail.com beside gmail.com) are listed too.
var providers = []string{
	"gmail.com", "googlemail.com",
	"yahoo.com", "yahoo.co.uk", "yahoo.de", "yahoo.fr", "ymail.com",
	"hotmail.com", "hotmail.co.uk", "hotmail.de", "hotmail.fr",
	"outlook.com", "outlook.de", "live.com", "live.de", "live.co.uk", "msn.com",
	"icloud.com", "me.com", "mac.com",
	"aol.com", "aol.de",
	"gmx.de", "gmx.net", "gmx.at", "gmx.ch", "gmx.com",
	"web.de", "t-online.de", "freenet.de", "posteo.de", "mail.de",
	"mail.com", "email.com",
	"protonmail.com", "proton.me",
	"comcast.net", "verizon.net", "att.net", "sbcglobal.net",
	"orange.fr", "free.fr", "wanadoo.fr", "libero.it",
	"yandex.ru", "mail.ru", "qq.com", "163.com",
}

// SuggestDomain reports whether the domain of the email address looks like a
// typo of a common mailbox provider's domain, and returns that domain:
// "ann@gmial.com" gives "gmail.com", true. Only the domain is returned, never
// the address, and the address is not changed: the suggestion is for the
// person who typed it.
//
// A domain is a typo when it is not a known provider's and is one edit (a
// letter added, removed, replaced, or two neighbours swapped) from one; two
// edits for a provider domain of nine characters or more, such as gmail.com
// or hotmail.com. Case and surrounding white space are ignored. An address
// without "@" gives "", false.
func SuggestDomain(email string) (string, bool) {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return "", false
	}
	domain := strings.ToLower(strings.TrimSpace(email[at+1:]))
	domain = strings.TrimSuffix(domain, ".")
	if domain == "" || len(domain) > 64 {
		return "", false
	}
	best, bestDist := "", 3
	for _, p := range providers {
		if domain == p {
			return "", false
		}
		limit := 1
		if len(p) >= 9 {
			limit = 2
		}
		if d := editDistance(domain, p, bestDist); d <= limit && d < bestDist {
			best, bestDist = p, d
		}
	}
	return best, best != ""
}

// editDistance returns the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and transpositions of neighbours, on
// bytes), or a number of at least bound when it is bound or more.
func editDistance(a, b string, bound int) int {
	if d := len(a) - len(b); d >= bound || -d >= bound {
		return bound
	}
	// Three rows of the dynamic programme: two back, one back, current.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin >= bound {
			return bound
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], bound)
}
