package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/profilekit/profile"
	"github.com/profilekit/profile/internal/demo"
	"github.com/profilekit/profile/profilehttp"
)

const serveUsage = `usage: profilecheck serve [-addr HOST:PORT] [-region CC]

Serves a demo sign-up form page at / and the profile handler at /profile
(package profilehttp) until interrupted. Submitted values are never logged.

Flags:`

// runServe is "profilecheck serve": the demo page until SIGINT or SIGTERM.
func runServe(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, args, stdout, stderr)
}

// serve runs the demo until ctx is done. It prints the page's address on
// stdout once it is listening; usage and listen errors exit 2.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("profilecheck serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, serveUsage)
		fs.PrintDefaults()
	}
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on; the default accepts connections from this machine only")
	region := fs.String("region", "", "`region` (ISO 3166 alpha-2) for phone numbers without + when the form gives no country")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, "profilecheck serve: unexpected argument", fs.Arg(0))
		return 2
	}
	logger := log.New(stderr, "profilecheck serve: ", log.LstdFlags)
	h, err := demo.New(profilehttp.Config{
		Options: profile.Options{DefaultRegion: *region},
		OnValid: func(_ context.Context, body []byte, warnings []*profile.FieldError) error {
			// Sizes and codes only: never a submitted value.
			logger.Printf("valid profile: %d bytes, warnings: %d", len(body), len(warnings))
			return nil
		},
		OnError: func(_ *http.Request, err error) { logger.Print(err) },
	})
	if err != nil {
		fmt.Fprintln(stderr, "profilecheck serve:", err)
		return 2
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(stderr, "profilecheck serve:", err)
		return 2
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
		ErrorLog:          logger,
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "demo sign-up form on http://%s/ (interrupt to stop)\n", ln.Addr())
	select {
	case err := <-done:
		fmt.Fprintln(stderr, "profilecheck serve:", err)
		return 2
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		fmt.Fprintln(stderr, "profilecheck serve:", err)
		return 2
	}
	return 0
}
