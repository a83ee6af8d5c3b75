package profile

import (
	"bytes"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/profilekit/profile/internal/corpus"
	"github.com/stretchr/testify/require"
)

// locateByStackPointer is locate as jsontext's StackPointer defines it: the
// reference for locate, which builds the pointers itself. A member given
// twice is placed by its first occurrence, the one the decoder keeps: from
// a second occurrence on, nothing at or below its pointer counts.
func locateByStackPointer(data []byte, errs Errors) spans {
	want := make(spans)
	depth := 0
	for _, fe := range errs {
		for p := fe.Pointer; ; p = parent(p) {
			want[p] = span{-1, -1}
			if p == "" {
				break
			}
		}
		depth = max(depth, bytes.Count([]byte(fe.Pointer), []byte("/")))
	}
	base := int64(0)
	if bytes.HasPrefix(data, utf8BOM) {
		data, base = data[len(utf8BOM):], int64(len(utf8BOM))
	}
	dec := jsontext.NewDecoder(bytes.NewBuffer(data),
		jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	var again []Pointer // members seen a second time
	done := false       // the top-level value was read
	for {
		start := base + tokenStart(data, dec.InputOffset())
		tok, err := dec.ReadToken()
		if err != nil || done {
			return want // done: a second top-level value, no part of the document
		}
		done = dec.StackDepth() == 0
		if dec.StackDepth() > depth+1 {
			continue
		}
		p := Pointer(dec.StackPointer())
		if slices.ContainsFunc(again, func(a Pointer) bool { return p == a || strings.HasPrefix(string(p), string(a)+"/") }) {
			continue
		}
		sp, ok := want[p]
		if !ok {
			continue
		}
		if kind, n := dec.StackIndex(dec.StackDepth()); kind == '{' && n%2 == 1 && sp.start >= 0 {
			again = append(again, p) // the name of a member seen before
			continue
		}
		if sp.start < 0 {
			sp.start = start
		}
		if k := tok.Kind(); k != '{' && k != '[' {
			sp.end = base + dec.InputOffset()
		}
		want[p] = sp
	}
}

// allPointers returns the pointer of every token of data, up to its first
// syntax error, and a few that are not there.
func allPointers(data []byte) Errors {
	es := Errors{{Pointer: "/nowhere"}, {Pointer: "/data/attributes/nowhere/0"}}
	dec := jsontext.NewDecoder(bytes.NewBuffer(bytes.TrimPrefix(data, utf8BOM)),
		jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	for {
		if _, err := dec.ReadToken(); err != nil {
			return es
		}
		es = append(es, &FieldError{Pointer: Pointer(dec.StackPointer())})
	}
}

func TestLocateAgreesWithStackPointer(t *testing.T) {
	var bodies [][]byte
	files, _ := filepath.Glob("testdata/*.json")
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		bodies = append(bodies, b)
	}
	for _, k := range corpus.Kinds {
		bodies = append(bodies, corpus.Generate(k, 50, 3)...)
	}
	bodies = append(bodies,
		[]byte("\xef\xbb\xbf"+`{"a/b":{"~c":[1,{"d\u002fe":null}],"\ud800":2,"\xff":3,"":[[],{}]}}`),
		[]byte(`{"a":[1,2,{"b":[3,{"c":4}]}],"a":{"x":1}}`), []byte(`[1,[2,[3]],{"":{"":0}}]`),
		[]byte(`"just a string"`), []byte(`{"a":1,"b":`), []byte(`{"a":[1,}`), []byte(`{}`), []byte(``),
		// A syntax error inside a value locate skips ends the walk, as
		// it does when the walk reads every token.
		[]byte(`{"a":{"x":1,},"b":2}`), []byte(`{"a":[{"x":[1,2}]],"b":2}`), []byte(`{"a":{1:2},"b":2}`),
		[]byte(`{"a":{"x":"\q"},"b":2}`), []byte(`{"a":[1 2],"b":2}`), []byte(`{"a" 1,"b":2}`))
	r := rand.New(rand.NewSource(5))
	for _, b := range bodies[:len(bodies)/2] { // cut short anywhere: syntax errors
		bodies = append(bodies, b[:r.Intn(len(b)+1)])
	}
	for _, b := range bodies {
		all := allPointers(b)
		require.Equal(t, locateByStackPointer(b, all), locate(b, all), "%s", b)
		for _, fe := range all { // one pointer at a time: depth varies
			one := Errors{fe}
			require.Equal(t, locateByStackPointer(b, one), locate(b, one), "%s at %q", b, fe.Pointer)
		}
	}
}
