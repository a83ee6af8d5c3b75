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

func ExampleMessages() {
	// French for two codes; the rest falls back to English.
	h, err := profilehttp.New(profilehttp.Config{Messages: profilehttp.Messages{
		"fr": {
			profile.CodeInvalidEmail:  "Veuillez saisir une adresse e-mail valide.",
			profilehttp.CodeEmailTypo: "Vouliez-vous dire {domain} ?",
		},
	}})
	if err != nil {
		panic(err)
	}
	for _, form := range []string{"email=ann%40%40example.com", "email=ann%40gmial.com"} {
		r := httptest.NewRequest("POST", "/profile", strings.NewReader(form))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Accept-Language", "fr-CA")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		fmt.Println(w.Code, w.Body)
	}
	// Output:
	// 400 {"errors":[{"status":400,"code":"invalid_email","title":"Invalid input.","detail":"Veuillez saisir une adresse e-mail valide.","source":{"pointer":"/data/attributes/email"},"meta":{"field":"email"}}],"fields":{"email":["Veuillez saisir une adresse e-mail valide."]}}
	// 200 {"data":{"type":"profile","attributes":{"email":"ann@gmial.com"}},"meta":{"warnings":[{"code":"email_typo","title":"Warning.","detail":"Vouliez-vous dire gmail.com ?","source":{"pointer":"/data/attributes/email"},"meta":{"hint":"gmail.com","field":"email"}}]}}
}
