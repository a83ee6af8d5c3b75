package demo_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/profilekit/profile/internal/demo"
	"github.com/profilekit/profile/profilehttp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDemoRoutes(t *testing.T) {
	h, err := demo.New(profilehttp.Config{})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()

	get := func(path string) (*http.Response, string) {
		res, err := http.Get(srv.URL + path)
		require.NoError(t, err)
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res, string(b)
	}
	res, page := get("/")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, res.Header.Get("Content-Type"), "text/html")
	assert.Contains(t, res.Header.Get("Content-Security-Policy"), "default-src 'none'")
	assert.Contains(t, page, `<form id="signup" action="/profile" method="post" novalidate>`)
	for _, name := range []string{"email", "phone", "first_name", "last_name", "country", "city", "locale", "properties[plan]"} {
		assert.Contains(t, page, `name="`+name+`"`)
		assert.Contains(t, page, `data-for="`+name+`"`, "a message beside %s", name)
	}
	assert.NotContains(t, page, "http://", "nothing from another origin")
	assert.NotContains(t, page, "https://")

	res, js := get("/app.js")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, res.Header.Get("Content-Type"), "javascript")
	assert.NotContains(t, js, "innerHTML", "text is set with textContent only")
	res, _ = get("/style.css")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	res, _ = get("/nope")
	assert.Equal(t, http.StatusNotFound, res.StatusCode)

	res, _ = get("/profile")
	assert.Equal(t, http.StatusMethodNotAllowed, res.StatusCode, "the handler answers GET /profile")
	res, err = http.Post(srv.URL+"/profile", "application/x-www-form-urlencoded", strings.NewReader("email=ann%40example.com"))
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	res, err = http.Post(srv.URL+"/", "application/x-www-form-urlencoded", strings.NewReader("email=x"))
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, res.StatusCode, "the page takes GET only")
}

func TestDemoRejectsBadConfig(t *testing.T) {
	_, err := demo.New(profilehttp.Config{Fields: map[string]string{"x": "y"}})
	assert.Error(t, err)
}
