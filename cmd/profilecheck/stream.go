package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/profilekit/profile"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// tally counts the lines of a stream.
type tally struct {
	lines, valid, invalid int
	start                 time.Time
}

// runStream checks one body per line of FILE (-ndjson), writing one
// output line per input line, or packing the valid profiles (-pack).
func runStream(cfg config, stdin io.Reader, stdout, stderr io.Writer) int {
	r := stdin
	if cfg.file != "-" {
		f, err := os.Open(cfg.file)
		if err != nil {
			fmt.Fprintln(stderr, "profilecheck:", err)
			return 2
		}
		defer f.Close()
		r = f
	}
	packer, err := newPacker(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "profilecheck:", err)
		return 2
	}
	w := bufio.NewWriterSize(stdout, 64<<10)
	bar := progress(stderr)
	t := tally{start: time.Now()}
	err = cfg.opts.Stream(r, 0, func(res profile.Result) error {
		t.lines++
		if bar != nil {
			bar.Add(1)
		}
		return t.emit(w, stderr, packer, res)
	})
	if err == nil && packer != nil {
		err = packer.Flush()
	}
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if bar != nil {
		bar.Finish()
	}
	t.summary(stderr, cfg.pack, packer)
	switch {
	case err != nil:
		fmt.Fprintln(stderr, "profilecheck:", err)
		return 2
	case t.invalid > 0:
		return 1
	}
	return 0
}

// emit writes one line's result: its body (or nothing, when packing) or
// {"line":N,"errors":[…]}.
func (t *tally) emit(w *bufio.Writer, stderr io.Writer, packer *profile.Packer, res profile.Result) error {
	for _, warn := range res.Warnings {
		fmt.Fprintf(stderr, "line %d: warning: %v\n", res.Line, warn)
	}
	err := res.Err
	if err == nil && packer != nil {
		warns, perr := packer.AddJSON(res.JSON)
		for _, warn := range warns {
			fmt.Fprintf(stderr, "line %d: warning: %v\n", res.Line, warn)
		}
		if perr != nil {
			fe, ok := perr.(*profile.FieldError)
			if !ok {
				return perr // the file could not be written
			}
			err = profile.Errors{fe}
		}
	}
	if es, ok := err.(profile.Errors); ok {
		t.invalid++
		doc := es.JSONAPI() // {"errors":[…]}
		line := append([]byte(`{"line":`+strconv.Itoa(res.Line)+","), doc[1:]...)
		_, werr := w.Write(append(line, '\n'))
		return werr
	}
	t.valid++
	if packer != nil {
		return nil
	}
	_, werr := w.Write(append(res.JSON, '\n'))
	return werr
}

func (t *tally) summary(stderr io.Writer, dir string, packer *profile.Packer) {
	elapsed := time.Since(t.start)
	rate := float64(t.lines) / max(elapsed.Seconds(), 1e-9)
	fmt.Fprintf(stderr, "lines %d, valid %d, invalid %d, elapsed %s, %.0f profiles/s\n",
		t.lines, t.valid, t.invalid, elapsed.Round(time.Millisecond), rate)
	if packer != nil {
		bodies, profiles := packer.Counts()
		fmt.Fprintf(stderr, "packed %d %s into %d bulk import %s in %s\n",
			profiles, plural(profiles, "profile", "profiles"), bodies, plural(bodies, "body", "bodies"), dir)
	}
}

// newPacker returns a Packer writing DIR/bulk-0001.json, … for -pack, or nil.
func newPacker(cfg config) (*profile.Packer, error) {
	if cfg.pack == "" {
		return nil, nil
	}
	if err := os.MkdirAll(cfg.pack, 0o755); err != nil {
		return nil, err
	}
	n := 0
	return &profile.Packer{ListID: cfg.list, Emit: func(body []byte) error {
		n++
		return os.WriteFile(filepath.Join(cfg.pack, fmt.Sprintf("bulk-%04d.json", n)), append(body, '\n'), 0o644)
	}}, nil
}

// progress returns a progress bar on stderr when stderr is a terminal.
func progress(stderr io.Writer) *progressbar.ProgressBar {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return progressbar.NewOptions64(-1,
		progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription("profiles"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("profiles"),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish())
}

// plural returns one when n is 1, else many.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
