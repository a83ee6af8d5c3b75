package profile

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTextRules(t *testing.T) {
	runPipeline(t, []pipelineCase{
		{name: "T1 surrounding white space trimmed, NBSP and ideographic space included",
			in:  attrs(email + `,"first_name":" \t Sarah\u00a0","last_name":"\u3000Mason\n","location":{"city":"  New York "}`),
			out: canon(email + `,"first_name":"Sarah","last_name":"Mason","location":{"city":"New York"}`)},
		{name: "T1 inner spaces kept", in: attrs(email + `,"organization":"Example  Corporation"`),
			out: canon(email + `,"organization":"Example  Corporation"`)},
		{name: "T2 empty after trimming becomes absent", in: attrs(email + `,"first_name":"   ","title":"","location":{"zip":" "}`),
			out: canon(email + `,"location":{}`)},
		{name: "T2 option keeps it as null", opts: Options{EmptyAsNull: true},
			in:  attrs(email + `,"first_name":"   ","title":""`),
			out: canon(email + `,"first_name":null,"title":null`)},
		{name: "T3 control character inside", in: attrs(email + `,"first_name":"Sa\u0000rah","last_name":"Ma\tson","title":"x\u0085y"`),
			errs: []at{{"/data/attributes/first_name", CodeInvalidText}, {"/data/attributes/last_name", CodeInvalidText}, {"/data/attributes/title", CodeInvalidText}}},
		{name: "T3 control character in external_id and location", in: attrs(email + `,"external_id":"a\u001fb","location":{"address1":"1\u007f"}`),
			errs: []at{{"/data/attributes/external_id", CodeInvalidText}, {"/data/attributes/location/address1", CodeInvalidText}}},
		{name: "T3 control character in properties is data", in: attrs(email + `,"properties":{"note":"a\u0000b"}`),
			out: canon(email + `,"properties":{"note":"a\u0000b"}`)},
		{name: "T4 names put in NFC", in: attrs(email + `,"first_name":"Rene\u0301e","location":{"city":"Mu\u0308nchen"}`),
			out: canon(email + `,"first_name":"Renée","location":{"city":"München"}`)},
		{name: "T4 external_id and _kx are opaque", in: attrs(`"external_id":" Rene\u0301e ","_kx":"AbC="`),
			out: canon(`"external_id":"` + "Rene\u0301e" + `","_kx":"AbC="`)},
	})
}

func TestEmailInPipeline(t *testing.T) {
	runPipeline(t, []pipelineCase{
		{name: "E1 trimmed", in: attrs(`"email":"  sarah.mason@klaviyo-demo.com "`), out: canon(`"email":"sarah.mason@klaviyo-demo.com"`)},
		{name: "E2 display name rejected", in: attrs(`"email":"Sarah <sarah@klaviyo-demo.com>"`),
			errs: []at{{"/data/attributes/email", CodeInvalidEmail}}},
		{name: "E5 case folded", in: attrs(`"email":"Sarah.Mason@Klaviyo-Demo.COM"`), out: canon(`"email":"sarah.mason@klaviyo-demo.com"`)},
		{name: "E5 option keeps the local part's case", opts: Options{KeepEmailCase: true},
			in: attrs(`"email":"Sarah.Mason@Klaviyo-Demo.COM"`), out: canon(`"email":"Sarah.Mason@klaviyo-demo.com"`)},
		{name: "E6 domain in Unicode form", in: attrs(`"email":"user@XN--MNCHEN-3YA.DE"`), out: canon(`"email":"user@münchen.de"`)},
		{name: "E7 plus tags kept", in: attrs(`"email":"sarah+news@gmail.com"`), out: canon(`"email":"sarah+news@gmail.com"`)},
	})
}

func TestPhoneInPipeline(t *testing.T) {
	const uk = `"phone_number":"020 7031 3000"`
	runPipeline(t, []pipelineCase{
		{name: "P5 region from country code", in: attrs(uk + `,"location":{"country":"GB"}`),
			out: canon(`"phone_number":"+442070313000","location":{"country":"GB"}`)},
		{name: "P5 region from alpha-3 country", in: attrs(uk + `,"location":{"country":"gbr"}`),
			out: canon(`"phone_number":"+442070313000","location":{"country":"gbr"}`)},
		{name: "P5 region from English name, country not rewritten (G4)", in: attrs(uk + `,"location":{"country":"United Kingdom"}`),
			out: canon(`"phone_number":"+442070313000","location":{"country":"United Kingdom"}`)},
		{name: "P5 region from the alias UK", in: attrs(uk + `,"location":{"country":"UK"}`),
			out: canon(`"phone_number":"+442070313000","location":{"country":"UK"}`)},
		{name: "P5 region from the locale", in: attrs(uk + `,"locale":"en_GB"`),
			out: canon(`"phone_number":"+442070313000","locale":"en-GB"`)},
		{name: "P5 bare language gives no region", in: attrs(uk + `,"locale":"en"`),
			errs: []at{{"/data/attributes/phone_number", CodePhoneRegionRequired}}},
		{name: "P5 default region last", opts: Options{DefaultRegion: "GB"}, in: attrs(uk),
			out: canon(`"phone_number":"+442070313000"`)},
		{name: "P5 country wins over locale and default", opts: Options{DefaultRegion: "US"},
			in:  attrs(`"phone_number":"030 901820","locale":"en-GB","location":{"country":"Germany"}`),
			out: canon(`"phone_number":"+4930901820","locale":"en-GB","location":{"country":"Germany"}`)},
		{name: "P5 unknown country falls through to the locale", in: attrs(uk + `,"locale":"en-GB","location":{"country":"Narnia"}`),
			out: canon(`"phone_number":"+442070313000","locale":"en-GB","location":{"country":"Narnia"}`)},
		{name: "P5 a country with no numbering data falls through", in: attrs(uk + `,"locale":"en-GB","location":{"country":"Antarctica"}`),
			out: canon(`"phone_number":"+442070313000","locale":"en-GB","location":{"country":"Antarctica"}`)},
		{name: "P5 no region at all", in: attrs(uk), errs: []at{{"/data/attributes/phone_number", CodePhoneRegionRequired}}},
		{name: "P6 invalid number", in: attrs(`"phone_number":"+100442070313000"`), errs: []at{{"/data/attributes/phone_number", CodeInvalidPhone}}},
		{name: "P4 extension", in: attrs(`"phone_number":"+44 20 7031 3000 ext. 12"`), errs: []at{{"/data/attributes/phone_number", CodePhoneExtension}}},
		{name: "P7 E.164 unchanged", in: attrs(`"phone_number":"+15005550006"`), out: canon(`"phone_number":"+15005550006"`)},
		{name: "P6 possible option still strips a national prefix after the country code", opts: Options{PossiblePhone: true},
			in: attrs(`"phone_number":"+84 0912345678"`), out: canon(`"phone_number":"+84912345678"`)},
		{name: "P6 possible option rejects a number with no stable E.164 form", opts: Options{PossiblePhone: true},
			in: attrs(`"phone_number":"+310000000"`), errs: []at{{"/data/attributes/phone_number", CodeInvalidPhone}}},
		{name: "P8 off: an invalid phone fails the profile", in: attrs(email + `,"phone_number":"12"`),
			errs: []at{{"/data/attributes/phone_number", CodePhoneRegionRequired}}},
		{name: "P8 on: dropped when the email remains", opts: Options{PartialPhone: true},
			in: attrs(email + `,"phone_number":"+100442070313000"`), out: canon(email)},
		{name: "P8 on: _kx does not count in create mode", opts: Options{PartialPhone: true, Mode: Create},
			in:   attrs(`"_kx":"k","phone_number":"+100442070313000"`),
			errs: []at{{"/data/attributes/_kx", CodeNotAllowed}, {"/data/attributes/phone_number", CodeInvalidPhone}}},
		{name: "P8 on: still an error when it is the only identifier", opts: Options{PartialPhone: true},
			in: attrs(`"phone_number":"+100442070313000"`), errs: []at{{"/data/attributes/phone_number", CodeInvalidPhone}}},
		{name: "P8 on: still an error when the other identifier is invalid too", opts: Options{PartialPhone: true},
			in:   attrs(`"email":"nope","phone_number":"+100442070313000"`),
			errs: []at{{"/data/attributes/email", CodeInvalidEmail}, {"/data/attributes/phone_number", CodeInvalidPhone}}},
	})
}

func TestDroppedExtensionWarning(t *testing.T) {
	out, warns, err := Options{DropExtension: true}.NormalizeJSON([]byte(attrs(`"phone_number":"+44 20 7031 3000 ext. 12"`)))
	require.NoError(t, err)
	assert.Equal(t, canon(`"phone_number":"+442070313000"`), string(out), "P4: main number kept")
	require.Len(t, warns, 1, "the dropped extension is reported")
	assert.Equal(t, CodePhoneExtension, warns[0].Code)
	assert.NotContains(t, warns[0].Error(), "12")
}

func TestPartialPhoneWarning(t *testing.T) {
	out, warns, err := Options{PartialPhone: true}.NormalizeJSON([]byte(attrs(email + `,"phone_number":"+100442070313000"`)))
	require.NoError(t, err)
	assert.Equal(t, canon(email), string(out))
	require.Len(t, warns, 1, "P8: the dropped phone is reported")
	assert.Equal(t, Pointer("/data/attributes/phone_number"), warns[0].Pointer)
	assert.Equal(t, CodeInvalidPhone, warns[0].Code)
}

func TestLocaleInPipeline(t *testing.T) {
	runPipeline(t, []pipelineCase{
		{name: "L2 POSIX codeset", in: attrs(email + `,"locale":"en_US.UTF-8"`), out: canon(email + `,"locale":"en-US"`)},
		{name: "L5 unknown language", in: attrs(email + `,"locale":"xx"`), errs: []at{{"/data/attributes/locale", CodeInvalidLocale}}},
	})
}

func TestLocationRules(t *testing.T) {
	loc := func(members string) string { return attrs(email + `,"location":{` + members + `}`) }
	runPipeline(t, []pipelineCase{
		{name: "G1 string coordinates trimmed and kept as strings", in: loc(`"latitude":" 40.7128 ","longitude":"-74.0060"`),
			out: loc(`"latitude":"40.7128","longitude":"-74.0060"`)},
		{name: "G1 number coordinates keep their text", in: loc(`"latitude":40.71280,"longitude":-74.0060`),
			out: loc(`"latitude":40.71280,"longitude":-74.0060`)},
		{name: "G1 edges of the ranges", in: loc(`"latitude":-90,"longitude":"180"`), out: loc(`"latitude":-90,"longitude":"180"`)},
		{name: "G1 out of range", in: loc(`"latitude":90.0001,"longitude":"-180.5"`),
			errs: []at{{"/data/attributes/location/latitude", CodeInvalidCoordinate}, {"/data/attributes/location/longitude", CodeInvalidCoordinate}}},
		{name: "G1 not a decimal", in: loc(`"latitude":"NaN","longitude":"1e2"`),
			errs: []at{{"/data/attributes/location/latitude", CodeInvalidCoordinate}, {"/data/attributes/location/longitude", CodeInvalidCoordinate}}},
		{name: "G1 a hair over the limit though it rounds to it", in: loc(`"latitude":90.0000000000000001,"longitude":"-180.0000000000000001"`),
			errs: []at{{"/data/attributes/location/latitude", CodeInvalidCoordinate}, {"/data/attributes/location/longitude", CodeInvalidCoordinate}}},
		{name: "G1 the limit written long", in: loc(`"latitude":9.0e1,"longitude":"-180.000000000000000000"`),
			out: loc(`"latitude":9.0e1,"longitude":"-180.000000000000000000"`)},
		{name: "G1 comma decimal separator", in: loc(`"latitude":"40,7"`), errs: []at{{"/data/attributes/location/latitude", CodeInvalidCoordinate}}},
		{name: "G2 zone in canonical case", in: loc(`"timezone":"america/new_york"`), out: loc(`"timezone":"America/New_York"`)},
		{name: "G2 link names are zones too", in: loc(`"timezone":"US/Eastern"`), out: loc(`"timezone":"US/Eastern"`)},
		{name: "G2 Local, paths and unknown names", in: loc(`"timezone":"Local"`), errs: []at{{"/data/attributes/location/timezone", CodeInvalidTimezone}}},
		{name: "G2 no Unicode case folding (Kelvin sign)", in: loc(`"timezone":"Europe/\u212Ayiv"`), errs: []at{{"/data/attributes/location/timezone", CodeInvalidTimezone}}},
		{name: "G2 path", in: loc(`"timezone":"../../etc/passwd"`), errs: []at{{"/data/attributes/location/timezone", CodeInvalidTimezone}}},
		{name: "G2 abbreviation is not a zone name", in: loc(`"timezone":"PDT"`), errs: []at{{"/data/attributes/location/timezone", CodeInvalidTimezone}}},
		{name: "G3 IPv6 canonical", in: loc(`"ip":"2001:DB8:0::1"`), out: loc(`"ip":"2001:db8::1"`)},
		{name: "G3 IPv4-mapped becomes IPv4", in: loc(`"ip":"::ffff:192.0.2.1"`), out: loc(`"ip":"192.0.2.1"`)},
		{name: "G3 leading zeros", in: loc(`"ip":"192.168.001.1"`), errs: []at{{"/data/attributes/location/ip", CodeInvalidIP}}},
		{name: "G3 zone", in: loc(`"ip":"fe80::1%eth0"`), errs: []at{{"/data/attributes/location/ip", CodeInvalidIP}}},
		{name: "G3 host name", in: loc(`"ip":"localhost"`), errs: []at{{"/data/attributes/location/ip", CodeInvalidIP}}},
		{name: "G4 address fields get the text rules only", in: loc(`"country":" united states ","region":"ny","zip":"10017-1234","address1":"89 E 42nd St"`),
			out: loc(`"address1":"89 E 42nd St","country":"united states","region":"ny","zip":"10017-1234"`)},
	})
}

func TestImageRule(t *testing.T) {
	runPipeline(t, []pipelineCase{
		{name: "I1 https URL", in: attrs(email + `,"image":"https://images.pexels.com/photos/3760854/pexels-photo-3760854.jpeg"`),
			out: canon(email + `,"image":"https://images.pexels.com/photos/3760854/pexels-photo-3760854.jpeg"`)},
		{name: "I1 http URL", in: attrs(email + `,"image":"http://example.com/a.png"`), out: canon(email + `,"image":"http://example.com/a.png"`)},
		{name: "I1 relative URL", in: attrs(email + `,"image":"/a.png"`), errs: []at{{"/data/attributes/image", CodeInvalidURL}}},
		{name: "I1 other scheme", in: attrs(email + `,"image":"ftp://example.com/a.png"`), errs: []at{{"/data/attributes/image", CodeInvalidURL}}},
		{name: "I1 javascript URL", in: attrs(email + `,"image":"javascript:alert(1)"`), errs: []at{{"/data/attributes/image", CodeInvalidURL}}},
		{name: "I1 no host", in: attrs(email + `,"image":"https:///a.png"`), errs: []at{{"/data/attributes/image", CodeInvalidURL}}},
		{name: "I1 port out of range", in: attrs(email + `,"image":"https://x.io:99999/a.png"`), errs: []at{{"/data/attributes/image", CodeInvalidURL}}},
		{name: "I1 host not a name", in: attrs(email + `,"image":"https://-/a.png"`), errs: []at{{"/data/attributes/image", CodeInvalidURL}}},
		{name: "I1 IP host and port", in: attrs(email + `,"image":"http://[2001:db8::1]:8080/a.png"`), out: canon(email + `,"image":"http://[2001:db8::1]:8080/a.png"`)},
		{name: "I1 space inside", in: attrs(email + `,"image":"https://example.com/a b.png"`), errs: []at{{"/data/attributes/image", CodeInvalidURL}}},
	})
}

// TestNormalizeIsPure checks that Normalize leaves its argument as it was
// (SPEC "Every function in it is pure").
func TestNormalizeIsPure(t *testing.T) {
	in := Profile{Attributes: Attributes{
		Email:      String(" Sarah.Mason@Klaviyo-Demo.COM "),
		FirstName:  String(" Rene\u0301e "),
		Location:   Location{State: Set, Timezone: String("america/new_york"), Latitude: Coordinate{State: Set, Value: " 1.5 "}},
		Properties: Object{State: Set, Members: []Member{{Name: "a", Value: []byte(`[1, "\u00e9"]`)}}},
	}, Meta: Meta{State: Set, PatchIdentifiers: PatchIdentifiers{State: Set,
		Append: EmailPatch{State: Set, Email: Strings{State: Set, Array: true, Values: []string{"X@Example.com"}}}}}}
	before := deepCopy(in)
	out, _, err := Normalize(in)
	require.NoError(t, err)
	assert.Equal(t, before, in, "the input profile was modified")
	assert.Equal(t, "sarah.mason@klaviyo-demo.com", out.Attributes.Email.Value)
	assert.Equal(t, `[1,"é"]`, string(out.Attributes.Properties.Members[0].Value))
	assert.Equal(t, "x@example.com", out.Meta.PatchIdentifiers.Append.Email.Values[0])
}

func deepCopy(p Profile) Profile {
	p.Attributes.Properties.Members = append([]Member(nil), p.Attributes.Properties.Members...)
	for i, m := range p.Attributes.Properties.Members {
		p.Attributes.Properties.Members[i].Value = append([]byte(nil), m.Value...)
	}
	e := &p.Meta.PatchIdentifiers.Append.Email
	e.Values = append([]string(nil), e.Values...)
	return p
}

// TestNormalizeGoValues checks the rules on profiles built in Go, which
// the decoder has not seen.
func TestNormalizeGoValues(t *testing.T) {
	_, _, err := Normalize(Profile{Attributes: Attributes{
		Email:      String("a@example.com"),
		Title:      String("bad \xff"),
		Properties: Object{State: Set, Members: []Member{{Name: "a", Value: []byte(`{"b":`)}, {Name: "deep", Value: []byte(nest(12))}}},
	}})
	assert.Equal(t, []at{
		{"/data/attributes/title", CodeInvalidUTF8},
		{"/data/attributes/properties/a/b", CodeSyntax},
		{"/data/attributes/properties/deep/a/a/a/a/a/a/a/a/a", CodeTooDeep},
	}, problems(err))
}
