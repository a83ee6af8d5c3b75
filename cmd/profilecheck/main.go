// Command profilecheck validates and normalizes one Klaviyo profile request
// body.
//
// Usage:
//
//	profilecheck [flags] [FILE]
//	profilecheck serve [-addr ADDR] [-region CC]
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

	"github.com/go-json-experiment/json/jsontext"
	"github.com/profilekit/profile"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// config is what the command line asks for.
type config struct {
	opts      profile.Options
	modeGiven bool   // -mode was given: no guessing from data.type
	pretty    bool   // indent the output
	ndjson    bool   // FILE holds one body per line
	pack      string // with ndjson: write valid profiles as bulk bodies here
	list      string // with pack: the list to add the profiles to
	file      string // "-" for standard input
}

// run is the whole command, with its streams passed in for tests.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "serve" {
		return runServe(args[1:], stdout, stderr)
	}
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		if !errors.Is(err, errReported) {
			fmt.Fprintln(stderr, "profilecheck:", err)
		}
		return 2
	}
	if cfg.ndjson {
		return runStream(cfg, stdin, stdout, stderr)
	}
	return runOne(cfg, stdin, stdout, stderr)
}

// runOne checks the one body in FILE.
func runOne(cfg config, stdin io.Reader, stdout, stderr io.Writer) int {
	opts := cfg.opts
	limit := opts.MaxBytes
	if limit == 0 { // the mode's default, which may be the bulk one
		limit = max(profile.DefaultMaxBytes, profile.DefaultMaxBulkBytes)
	}
	data, err := readInput(cfg.file, stdin, limit)
	if err != nil {
		fmt.Fprintln(stderr, "profilecheck:", err)
		return 2
	}
	if !cfg.modeGiven && isJob(data) {
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
	if cfg.pretty {
		out = indent(out)
	}
	if _, err := stdout.Write(append(out, '\n')); err != nil {
		fmt.Fprintln(stderr, "profilecheck:", err)
		return 2
	}
	return code
}

const usage = `usage: profilecheck [flags] [FILE] [flags]
       profilecheck serve [-addr ADDR] [-region CC]   (a demo sign-up page; serve -h for more)

Reads one profile request body from FILE or standard input ("-").
Exit 0: valid, normalized body on stdout; 1: invalid, JSON:API errors on stdout;
2: usage or I/O error. Warnings go to stderr.

With -ndjson, FILE holds one single-profile body per line: stdout gets one line
per input line, the normalized body or {"line":N,"errors":[…]}, and stderr a
summary; exit 1 when any line is invalid. With -pack DIR the valid profiles go
into numbered bulk import bodies in DIR instead.

Flags:`

func parseFlags(args []string, stderr io.Writer) (cfg config, err error) {
	fs := flag.NewFlagSet("profilecheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, usage)
		fs.PrintDefaults()
	}
	opts := &cfg.opts
	mode := fs.String("mode", "upsert", "body `kind`: upsert (POST /api/profile-import), create (POST /api/profiles), update (PATCH /api/profiles/{id})\nor bulk (POST /api/profile-bulk-import-jobs); without -mode, a body whose data.type is\nprofile-bulk-import-job is read as bulk")
	fs.StringVar(&opts.DefaultRegion, "region", "", "`region` (ISO 3166 alpha-2, e.g. US) for phone numbers without +, when neither location.country nor the locale gives one")
	fs.BoolVar(&cfg.pretty, "pretty", false, "indent the JSON output")
	fs.BoolVar(&cfg.ndjson, "ndjson", false, "read one single-profile body per line (NDJSON)")
	fs.StringVar(&cfg.pack, "pack", "", "with -ndjson: write the valid profiles as bulk import bodies into `DIR`")
	fs.StringVar(&cfg.list, "list", "", "with -pack: the list `ID` to add the profiles to")
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
				return cfg, err
			}
			return cfg, errReported // the flag package printed it
		}
		if fs.NArg() == 0 {
			break
		}
		files, args = append(files, fs.Arg(0)), fs.Args()[1:] // flags may follow FILE
	}
	var ok bool
	if opts.Mode, ok = profile.ParseMode(*mode); !ok {
		return cfg, fmt.Errorf("-mode must be upsert, create, update or bulk")
	}
	limits := []int{opts.MaxDepth, opts.MaxPropDepth}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "max-bytes": // 0, the default, means the mode's own limit
			limits = append(limits, opts.MaxBytes)
		case "mode":
			cfg.modeGiven = true
		}
	})
	for _, n := range limits {
		if n < 1 || n > maxLimit {
			return cfg, fmt.Errorf("limits must be from 1 to %d", maxLimit)
		}
	}
	if err := opts.Check(); err != nil {
		return cfg, err
	}
	if err := cfg.checkStreamFlags(); err != nil {
		return cfg, err
	}
	switch len(files) {
	case 0:
		cfg.file = "-"
	case 1:
		cfg.file = files[0]
	default:
		return cfg, fmt.Errorf("one FILE at most, got %d", len(files))
	}
	return cfg, nil
}

// checkStreamFlags rejects stream flags given without what they need.
func (cfg config) checkStreamFlags() error {
	switch {
	case cfg.pack != "" && !cfg.ndjson:
		return errors.New("-pack needs -ndjson")
	case cfg.list != "" && cfg.pack == "":
		return errors.New("-list needs -pack")
	case cfg.ndjson && cfg.opts.Mode == profile.Bulk:
		return errors.New("-ndjson reads single-profile bodies: -mode bulk does not apply")
	}
	return nil
}

// maxLimit bounds the limit flags: a larger body is no profile.
const maxLimit = 1 << 30

// errReported is a usage error already printed by the flag package.
var errReported = errors.New("usage error")

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
