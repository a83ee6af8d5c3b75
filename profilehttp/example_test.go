package profilehttp_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"

	"github.com/profilekit/profile"
	"github.com/profilekit/profile/profilehttp"
)

func ExampleNew() {
	h, err := profilehttp.New(profilehttp.Config{
		Options: profile.Options{DefaultRegion: "US"},
		OnValid: func(ctx context.Context, body []byte, warnings []*profile.FieldError) error {
			// Send body to Klaviyo here; an error makes the response 502.
			return nil
		},
	})
	if err != nil {
		panic(err)
	}
	// A server would mount it: mux.Handle("/profile", h).

	// A sign-up form with a bad email address, in German.
	form := "email=ann%40%40example.com&phone=%28650%29+253-0000&properties%5Bplan%5D=pro"
	r := httptest.NewRequest("POST", "/profile", strings.NewReader(form))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Accept-Language", "de-DE,de;q=0.9")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Body)

	// Fixed.
	form = "email=Ann%40Example.com&phone=%28650%29+253-0000&properties%5Bplan%5D=pro"
	r = httptest.NewRequest("POST", "/profile", strings.NewReader(form))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Body)
	// Output:
	// 400 {"errors":[{"status":400,"code":"invalid_email","title":"Invalid input.","detail":"Bitte geben Sie eine gültige E-Mail-Adresse ein.","source":{"pointer":"/data/attributes/email"},"meta":{"field":"email"}}],"fields":{"email":["Bitte geben Sie eine gültige E-Mail-Adresse ein."]}}
	// 200 {"data":{"type":"profile","attributes":{"email":"ann@example.com","phone_number":"+16502530000","properties":{"plan":"pro"}}}}
}
