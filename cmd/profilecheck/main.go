// Command profilecheck validates and normalizes one Klaviyo profile request
// body.
//
// Usage:
//
//	profilecheck [flags] [FILE]
//
// It reads the body from FILE, or from standard input when FILE is absent
// or "-". A valid body exits 0 with the normalized body (canonical JSON and
// a newline) on standard output and any warnings as lines on standard
// error. An invalid body exits 1 with a JSON:API errors document listing
// every problem on standard output. A usage or I/O error exits 2.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/profilekit/profile"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole command, with its streams passed in for tests.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	opts, pretty, file, err := parseFlags(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		if !errors.Is(err, errReported) {
			fmt.Fprintln(stderr, "profilecheck:", err)
		}
		return 2
	}
	limit := opts.MaxBytes
	if limit == 0 { // the mode's default, which may be the bulk one
		limit = max(profile.DefaultMaxBytes, profile.DefaultMaxBulkBytes)
	}
	data, err := readInput(file, stdin, limit)
	if err != nil {
		fmt.Fprintln(stderr, "profilecheck:", err)
		return 2
	}
	if !modeSet(args) && isJob(data) {
		opts.Mode = profile.Bulk
	}
	out, warns, err := opts.NormalizeJSON(data)
	for _, w := range warns {
		fmt.Fprintln(stderr, "warning:", w)
	}
	code := 0
	if err != nil {
		var es profile.Errors
		if !errors.As(err, &es) {
			fmt.Fprintln(stderr, "profilecheck:", err)
			return 2
		}
		out, code = es.JSONAPI(), 1
	}
	if pretty {
		out = indent(out)
	}
	if _, err := stdout.Write(append(out, '\n')); err != nil {
		fmt.Fprintln(stderr, "profilecheck:", err)
		return 2
	}
	return code
}

func parseFlags(args []string, stderr io.Writer) (opts profile.Options, pretty bool, file string, err error) {
	fs := flag.NewFlagSet("profilecheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: profilecheck [flags] [FILE] [flags]\n\nReads one profile request body from FILE or standard input (\"-\").\nExit 0: valid, normalized body on stdout; 1: invalid, JSON:API errors on stdout;\n2: usage or I/O error. Warnings go to stderr.\n\nFlags:")
		fs.PrintDefaults()
	}
	mode := fs.String("mode", "upsert", "body `kind`: upsert (POST /api/profile-import), create (POST /api/profiles), update (PATCH /api/profiles/{id})\nor bulk (POST /api/profile-bulk-import-jobs); without -mode, a body whose data.type is\nprofile-bulk-import-job is read as bulk")
	fs.StringVar(&opts.DefaultRegion, "region", "", "`region` (ISO 3166 alpha-2, e.g. US) for phone numbers without +, when neither location.country nor the locale gives one")
	fs.BoolVar(&pretty, "pretty", false, "indent the JSON output")
	fs.BoolVar(&opts.KeepEmailCase, "keep-email-case", false, "keep the case of the email local part (default: lowercase it)")
	fs.BoolVar(&opts.EmptyAsNull, "empty-null", false, "turn strings empty after trimming into null (clears the field) instead of dropping them")
	fs.BoolVar(&opts.PossiblePhone, "possible-phone", false, "accept phone numbers that are possible, not only valid")
	fs.BoolVar(&opts.AllowVanity, "vanity", false, "accept vanity phone numbers such as 1-800-FLOWERS")
	fs.BoolVar(&opts.DropExtension, "drop-extension", false, "drop a phone extension instead of rejecting the number")
	fs.BoolVar(&opts.PartialPhone, "partial-phone", false, "drop an invalid phone number with a warning when another identifier remains")
	fs.IntVar(&opts.MaxBytes, "max-bytes", 0, "largest body accepted, in `bytes` (default 102400, or 5242880 for a bulk body)")
	fs.IntVar(&opts.MaxDepth, "max-depth", profile.DefaultMaxDepth, "deepest nesting accepted in the body")
	fs.IntVar(&opts.MaxPropDepth, "max-properties-depth", profile.DefaultMaxPropertiesDepth, "deepest nesting accepted in properties")
	var files []string
	for {
		if err = fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return opts, false, "", err
			}
			return opts, false, "", errReported // the flag package printed it
		}
		if fs.NArg() == 0 {
			break
		}
		files, args = append(files, fs.Arg(0)), fs.Args()[1:] // flags may follow FILE
	}
	var ok bool
	if opts.Mode, ok = profile.ParseMode(*mode); !ok {
		return opts, false, "", fmt.Errorf("-mode must be upsert, create, update or bulk")
	}
	limits := []int{opts.MaxDepth, opts.MaxPropDepth}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "max-bytes" { // 0, the default, means the mode's own limit
			limits = append(limits, opts.MaxBytes)
		}
	})
	for _, n := range limits {
		if n < 1 || n > maxLimit {
			return opts, false, "", fmt.Errorf("limits must be from 1 to %d", maxLimit)
		}
	}
	if err := opts.Check(); err != nil {
		return opts, false, "", err
	}
	switch len(files) {
	case 0:
		return opts, pretty, "-", nil
	case 1:
		return opts, pretty, files[0], nil
	}
	return opts, false, "", fmt.Errorf("one FILE at most, got %d", len(files))
}

// maxLimit bounds the limit flags: a larger body is no profile.
const maxLimit = 1 << 30

// errReported is a usage error already printed by the flag package.
var errReported = errors.New("usage error")

// modeSet reports whether args set -mode.
func modeSet(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "="); strings.HasPrefix(a, "-") && name == "mode" {
			return true
		}
	}
	return false
}

// isJob reports whether data looks like a bulk import body: its data.type
// is "profile-bulk-import-job". It reads no further than that member.
func isJob(data []byte) bool {
	dec := jsontext.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	for _, want := range []string{"data", "type"} {
		if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
			return false
		}
		if !seekMember(dec, want) {
			return false
		}
	}
	tok, err := dec.ReadToken()
	return err == nil && tok.Kind() == '"' && tok.String() == "profile-bulk-import-job"
}

// seekMember reads an object's members up to the one named name.
func seekMember(dec *jsontext.Decoder, name string) bool {
	for dec.PeekKind() == '"' {
		tok, err := dec.ReadToken()
		if err != nil {
			return false
		}
		if tok.String() == name {
			return true
		}
		if dec.SkipValue() != nil {
			return false
		}
	}
	return false
}

// readInput reads FILE or stdin, stopping one byte past the limit: a body
// over it is reported by the library as too_large without reading it all.
func readInput(file string, stdin io.Reader, limit int) ([]byte, error) {
	r := stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	var buf bytes.Buffer
	_, err := io.Copy(&buf, io.LimitReader(r, int64(limit)+1))
	return buf.Bytes(), err
}

func indent(b []byte) []byte {
	v := jsontext.Value(bytes.Clone(b))
	if err := v.Indent(jsontext.WithIndent("  ")); err != nil {
		return b
	}
	return v
}
