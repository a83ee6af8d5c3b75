// Package demo serves a small sign-up form page that posts to a
// [profilehttp] handler, for trying the handler in a browser:
// "profilecheck serve" runs it.
//
// The page (static/index.html, style.css and app.js, embedded) posts the
// form with fetch as multipart/form-data, shows each error or warning
// beside the field it is about (by form field name, from the response's
// "fields" and meta.field members) and, on success, the normalized body.
// It loads nothing from other origins, and its Content-Security-Policy
// allows nothing else.
package demo

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/profilekit/profile/profilehttp"
)

//go:embed static
var static embed.FS

// New returns the demo site: the page and its files under /, and the
// profile handler configured by c at /profile.
func New(c profilehttp.Config) (http.Handler, error) {
	ph, err := profilehttp.New(c)
	if err != nil {
		return nil, err
	}
	files, err := fs.Sub(static, "static")
	if err != nil {
		return nil, err
	}
	pages := http.FileServerFS(files)
	mux := http.NewServeMux()
	mux.Handle("/profile", ph)
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "+
			"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		pages.ServeHTTP(w, r)
	}))
	return mux, nil
}
