package profile_test

import (
	"errors"
	"fmt"

	"github.com/profilekit/profile"
)

func ExampleNormalizeJSON() {
	body := []byte(`{"data":{"type":"profile","attributes":{
		"email":" Sarah.Mason@Klaviyo-Demo.COM ","phone_number":"(212) 555-0143",
		"locale":"en_US.UTF-8","location":{"country":"United States"}}}}`)
	out, _, err := profile.NormalizeJSON(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(out))
	// Output:
	// {"data":{"type":"profile","attributes":{"email":"sarah.mason@klaviyo-demo.com","phone_number":"+12125550143","locale":"en-US","location":{"country":"United States"}}}}
}

func ExampleOptions_NormalizeJSON() {
	opts := profile.Options{Mode: profile.Update, DefaultRegion: "GB"}
	body := []byte(`{"data":{"type":"profile","id":"01GDDKASAP8TKDDA2GRZDSVP4H",
		"attributes":{"phone_number":"020 7031 3000","first_name":null}}}`)
	out, _, err := opts.NormalizeJSON(body)
	fmt.Println(string(out), err)
	// Output:
	// {"data":{"type":"profile","id":"01GDDKASAP8TKDDA2GRZDSVP4H","attributes":{"phone_number":"+442070313000","first_name":null}}} <nil>
}

func ExampleErrors() {
	body := []byte(`{"data":{"type":"profile","attributes":{"emial":"x@example.com","locale":"C"}}}`)
	_, _, err := profile.NormalizeJSON(body)
	var es profile.Errors
	if errors.As(err, &es) {
		for _, e := range es {
			fmt.Println(e.Pointer, e.Code)
			if e.Hint != "" {
				fmt.Println("  did you mean", e.Hint)
			}
		}
	}
	// Output:
	// /data/attributes/emial unknown_field
	//   did you mean email
	// /data/attributes/locale invalid_locale
	// /data/attributes identifier_required
}

func ExampleErrors_JSONAPI() {
	_, _, err := profile.NormalizeJSON([]byte(`{"data":{"type":"profile","attributes":{"email":"sarah@"}}}`))
	fmt.Println(string(err.(profile.Errors).JSONAPI()))
	// Output:
	// {"errors":[{"status":400,"code":"invalid_email","title":"Invalid input.","detail":"the email address has nothing after the @","source":{"pointer":"/data/attributes/email"}}]}
}

func ExampleDecode() {
	p, err := profile.Decode([]byte(`{"data":{"type":"profile","attributes":{"email":"a@example.com","first_name":null}}}`))
	fmt.Println(err)
	fmt.Println(p.Attributes.Email.State, p.Attributes.FirstName.State, p.Attributes.LastName.State)
	// Output:
	// <nil>
	// set null absent
}

func ExampleNormalize() {
	p := profile.Profile{Attributes: profile.Attributes{
		Email:  profile.String("  Ann@Example.COM"),
		Locale: profile.String("iw"),
	}}
	out, _, err := profile.Normalize(p)
	fmt.Println(out.Attributes.Email.Value, out.Attributes.Locale.Value, err)
	// Output:
	// ann@example.com he <nil>
}

func ExampleValidate() {
	err := profile.Options{Mode: profile.Create}.Validate(profile.Profile{
		ID:         profile.String("01GDDKASAP8TKDDA2GRZDSVP4H"),
		Attributes: profile.Attributes{FirstName: profile.String("Ann")},
	})
	for _, e := range err.(profile.Errors) {
		fmt.Println(e)
	}
	// Output:
	// profile: /data/id: not_allowed: id is not allowed when creating a profile
	// profile: /data/attributes: identifier_required: one of email, phone_number or external_id is required
}

func ExampleEncode() {
	out, err := profile.Encode(profile.Profile{Attributes: profile.Attributes{
		Email:      profile.String("a@example.com"),
		Title:      profile.NullText,
		Properties: profile.Object{State: profile.Set, Members: []profile.Member{{Name: "plan", Value: []byte(`"pro"`)}}},
	}})
	fmt.Println(string(out), err)
	// Output:
	// {"data":{"type":"profile","attributes":{"email":"a@example.com","title":null,"properties":{"plan":"pro"}}}} <nil>
}

func ExampleCanonicalLocale() {
	for _, s := range []string{"en_US.UTF-8", "zh-hant-tw", "eng_USA", "C"} {
		tag, err := profile.CanonicalLocale(s)
		fmt.Printf("%q %v\n", tag, err)
	}
	// Output:
	// "en-US" <nil>
	// "zh-Hant-TW" <nil>
	// "en-US" <nil>
	// "" profile: "": invalid_locale: the POSIX locales C and POSIX name no language
}

func ExampleAppendJSON() {
	buf := make([]byte, 0, 1024) // reused across profiles
	for _, e := range []string{"a@example.com", "b@example.com"} {
		var err error
		buf, err = profile.AppendJSON(buf[:0], profile.Profile{Attributes: profile.Attributes{Email: profile.String(e)}})
		fmt.Println(string(buf), err)
	}
	// Output:
	// {"data":{"type":"profile","attributes":{"email":"a@example.com"}}} <nil>
	// {"data":{"type":"profile","attributes":{"email":"b@example.com"}}} <nil>
}

func ExampleEmailASCII() {
	ascii, _ := profile.EmailASCII("User@München.DE")
	unicode, _ := profile.CanonicalEmail("User@München.DE")
	fmt.Println(ascii)
	fmt.Println(unicode)
	// Output:
	// user@xn--mnchen-3ya.de
	// user@münchen.de
}

func ExampleParseMode() {
	m, ok := profile.ParseMode("update")
	fmt.Println(m, ok)
	_, ok = profile.ParseMode("delete")
	fmt.Println(ok)
	// Output:
	// update true
	// false
}

func ExamplePointer_Append() {
	p := profile.Pointer("/data/attributes/properties").Append("a/b~c")
	fmt.Println(p)
	fmt.Printf("%q\n", p.Tokens())
	// Output:
	// /data/attributes/properties/a~1b~0c
	// ["data" "attributes" "properties" "a/b~c"]
}
