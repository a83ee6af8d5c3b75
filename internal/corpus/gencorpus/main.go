// Command gencorpus writes a deterministic corpus of profile request
// bodies as NDJSON, one body per line, mixed as corpus.Mix says (60 %
// messy, 30 % clean, 10 % invalid):
//
//	go run ./internal/corpus/gencorpus -n 200000 -seed 1 > corpus.ndjson
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"github.com/profilekit/profile/internal/corpus"
)

func main() {
	n := flag.Int("n", 1000, "number of bodies")
	seed := flag.Uint64("seed", 1, "seed: the same seed gives the same corpus")
	flag.Parse()
	w := bufio.NewWriterSize(os.Stdout, 1<<16)
	err := corpus.Mixed(*n, *seed, func(_ corpus.Kind, body []byte) error {
		if _, err := w.Write(body); err != nil {
			return err
		}
		return w.WriteByte('\n')
	})
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}
