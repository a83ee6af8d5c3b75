package profile

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/profilekit/profile/internal/corpus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStreamKeepsOrder(t *testing.T) {
	var in strings.Builder
	const n = 2000
	for i := range n {
		switch i % 4 {
		case 0: // slow: a national phone number
			fmt.Fprintf(&in, "%s\n", attrs(fmt.Sprintf(`"external_id":"%d","phone_number":"020 7031 3000","locale":"en-GB"`, i)))
		case 1:
			fmt.Fprintf(&in, "%s\r\n", attrs(fmt.Sprintf(`"external_id":"%d"`, i)))
		case 2:
			fmt.Fprintf(&in, "%s\n", attrs(fmt.Sprintf(`"external_id":"%d","email":"bad"`, i)))
		case 3:
			fmt.Fprintf(&in, "%s\n", `{"data":`)
		}
	}
	var got []Result
	err := Options{}.Stream(strings.NewReader(in.String()), 4, func(r Result) error {
		got = append(got, r)
		return nil
	})
	require.NoError(t, err)
	require.Len(t, got, n)
	for i, r := range got {
		require.Equal(t, i+1, r.Line)
		switch i % 4 {
		case 0, 1:
			require.NoError(t, r.Err)
			assert.Contains(t, string(r.JSON), fmt.Sprintf(`"external_id":"%d"`, i), "result %d is line %d's", i, i+1)
		case 2:
			assert.Equal(t, []at{{"/data/attributes/email", CodeInvalidEmail}}, problems(r.Err))
		case 3:
			assert.Equal(t, []at{{"/data", CodeSyntax}}, problems(r.Err))
		}
	}
}

func TestStreamLines(t *testing.T) {
	long := attrs(`"external_id":"` + strings.Repeat("x", DefaultMaxBytes) + `"`)
	in := attrs(email) + "\n\n" + long + "\n" + attrs(email) // no final newline
	var got []Result
	require.NoError(t, Options{}.Stream(strings.NewReader(in), 2, func(r Result) error {
		got = append(got, r)
		return nil
	}))
	require.Len(t, got, 4)
	assert.NoError(t, got[0].Err)
	assert.Equal(t, []at{{"", CodeSyntax}}, problems(got[1].Err), "a blank line is no body")
	assert.Equal(t, []at{{"", CodeTooLarge}}, problems(got[2].Err), "a line over the limit")
	assert.NoError(t, got[3].Err, "the last line needs no newline")
}

func TestStreamStopsOnEmitError(t *testing.T) {
	in := strings.Repeat(attrs(email)+"\n", 1000)
	stop := errors.New("stop")
	calls := 0
	err := Options{}.Stream(strings.NewReader(in), 2, func(Result) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	assert.ErrorIs(t, err, stop)
	assert.Equal(t, 3, calls, "emit is not called after it fails")
}

// TestStreamMemoryIsBounded streams many lines from a generator that holds
// nothing, and checks the heap stays far below what the input would take.
func TestStreamMemoryIsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 50,000 lines")
	}
	const lines = 50_000
	line := []byte(attrs(email+`,"first_name":"`+strings.Repeat("n", 400)+`","properties":{"plan":"pro","n":1}`) + "\n")
	var peak uint64
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc // what other tests and package tables keep live
	count := 0
	err := Options{}.Stream(&repeatReader{line: line, n: lines}, 2, func(r Result) error {
		count++
		if count%5000 == 0 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc-min(base, ms.HeapAlloc)) // live heap the stream adds
		}
		return r.Err
	})
	require.NoError(t, err)
	assert.Equal(t, lines, count)
	input := uint64(lines * len(line))
	t.Logf("input %d MB, peak live heap %d MB", input>>20, peak>>20)
	assert.Less(t, peak, uint64(8<<20), "memory grows with the stream")
}

// repeatReader yields line n times.
type repeatReader struct {
	line []byte
	n    int
	off  int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	c := copy(p, r.line[r.off:])
	if r.off += c; r.off == len(r.line) {
		r.off, r.n = 0, r.n-1
	}
	return c, nil
}

// BenchmarkStream measures Stream over 2,000 lines of the mixed corpus
// (internal/corpus: 60 % messy, 30 % clean, 10 % invalid) with as many
// workers as GOMAXPROCS: run with -cpu 1,2 to see it scale with cores.
func BenchmarkStream(b *testing.B) {
	var in strings.Builder
	err := corpus.Mixed(2000, 1, func(_ corpus.Kind, body []byte) error {
		in.Write(body)
		return in.WriteByte('\n')
	})
	require.NoError(b, err)
	data := in.String()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		n := 0
		if err := (Options{}).Stream(strings.NewReader(data), 0, func(Result) error { n++; return nil }); err != nil || n != 2000 {
			b.Fatal(err, n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*2000), "ns/profile")
}
