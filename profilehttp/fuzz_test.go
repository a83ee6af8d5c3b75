package profilehttp_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/profilekit/profile"
	"github.com/profilekit/profile/profilehttp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzHandler sends any body under each content type: the handler must not
// panic, must answer with one of its statuses and a JSON body, and must call
// OnValid exactly for a 200.
func FuzzHandler(f *testing.F) {
	contentTypes := []string{ctVND, ctJSON, ctForm, "multipart/form-data; boundary=b", "text/plain", "multipart/form-data"}
	seeds := []string{goodJSON, badJSON, "email=ann%40gmial.com&phone=%2B16502530000", "properties%5B%FF%5D=%FF&email=%zz",
		"--b\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nann@example.com\r\n--b--\r\n", "", "{", "&&&=&"}
	for i, s := range seeds {
		f.Add(uint8(i), s, "de")
	}
	f.Fuzz(func(t *testing.T, kind uint8, body, lang string) {
		called := 0
		h, err := profilehttp.New(profilehttp.Config{
			Options: profile.Options{DefaultRegion: "US", MaxBytes: 4096},
			OnValid: func(context.Context, []byte, []*profile.FieldError) error { called++; return nil },
		})
		require.NoError(t, err)
		r := httptest.NewRequest(http.MethodPost, "/profile", strings.NewReader(body))
		r.Header.Set("Content-Type", contentTypes[int(kind)%len(contentTypes)])
		r.Header.Set("Accept-Language", lang)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		assert.Contains(t, []int{200, 400, 413, 415}, w.Code)
		assert.True(t, json.Valid(w.Body.Bytes()), "%q", w.Body.String())
		assert.Equal(t, w.Code == 200, called == 1)
	})
}
