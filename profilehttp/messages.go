package profilehttp

import (
	"errors"
	"sync"

	"github.com/profilekit/profile"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// Codes the handler adds to those of package profile. CodeEmailTypo is a
// warning; the others name a whole request that was refused.
const (
	// CodeEmailTypo warns that the email domain is one or two edits away
	// from a common mailbox provider's; the Hint is that provider's domain
	// (see SuggestDomain). The address itself is never changed.
	CodeEmailTypo profile.Code = "email_typo"

	CodeMethodNotAllowed     profile.Code = "method_not_allowed"     // 405: not a POST
	CodeUnsupportedMediaType profile.Code = "unsupported_media_type" // 415: not JSON or a form
	CodeInternal             profile.Code = "internal_error"         // 500: OnValid panicked
	CodeBadGateway           profile.Code = "bad_gateway"            // 502: OnValid returned an error
)

// messages holds the English and German text of every code: package
// profile's error codes, its warning code null_ignored, and this package's.
// The message of CodeEmailTypo takes the suggested domain as its one %s
// argument; the others take no argument.
var messages = []struct {
	code   profile.Code
	en, de string
}{
	{profile.CodeSyntax, "The request could not be read.", "Die Anfrage konnte nicht gelesen werden."},
	{profile.CodeTooLarge, "The submission is too large.", "Die Eingabe ist zu groß."},
	{profile.CodeTooDeep, "The data is nested too deeply.", "Die Daten sind zu tief verschachtelt."},
	{profile.CodeInvalidUTF8, "This text contains characters that could not be read.", "Dieser Text enthält Zeichen, die nicht gelesen werden konnten."},
	{profile.CodeDuplicateKey, "This field was given more than once.", "Dieses Feld wurde mehrfach angegeben."},
	{profile.CodeUnknownField, "This field is not known.", "Dieses Feld ist unbekannt."},
	{profile.CodeWrongType, "This value has the wrong type.", "Dieser Wert hat den falschen Typ."},
	{profile.CodeInvalidNumber, "This number is out of range.", "Diese Zahl liegt außerhalb des zulässigen Bereichs."},
	{profile.CodeRequired, "This field is required.", "Dieses Feld ist erforderlich."},
	{profile.CodeInvalidValue, "This value is not allowed.", "Dieser Wert ist nicht zulässig."},
	{profile.CodeNotAllowed, "This field is not allowed here.", "Dieses Feld ist hier nicht erlaubt."},
	{profile.CodeIdentifierRequired, "Please enter an email address or a phone number.", "Bitte geben Sie eine E-Mail-Adresse oder eine Telefonnummer an."},
	{profile.CodeInvalidText, "This text contains control characters, which are not allowed.", "Dieser Text enthält Steuerzeichen, die nicht erlaubt sind."},
	{profile.CodeInvalidEmail, "Please enter a valid email address.", "Bitte geben Sie eine gültige E-Mail-Adresse ein."},
	{profile.CodeInvalidPhone, "Please enter a valid phone number.", "Bitte geben Sie eine gültige Telefonnummer ein."},
	{profile.CodePhoneRegionRequired, "Please enter the phone number with its country code (such as +44) or give a country.", "Bitte geben Sie die Telefonnummer mit Ländervorwahl (zum Beispiel +49) oder ein Land an."},
	{profile.CodePhoneExtension, "Please enter the phone number without an extension.", "Bitte geben Sie die Telefonnummer ohne Nebenstelle ein."},
	{profile.CodeInvalidLocale, "Please enter a valid language code, such as en-US.", "Bitte geben Sie einen gültigen Sprachcode ein, zum Beispiel de-DE."},
	{profile.CodeInvalidCoordinate, "Please enter a valid coordinate.", "Bitte geben Sie eine gültige Koordinate ein."},
	{profile.CodeInvalidTimezone, "Please enter a valid time zone, such as Europe/London.", "Bitte geben Sie eine gültige Zeitzone ein, zum Beispiel Europe/Berlin."},
	{profile.CodeInvalidIP, "Please enter a valid IP address.", "Bitte geben Sie eine gültige IP-Adresse ein."},
	{profile.CodeInvalidURL, "Please enter a full web address starting with http:// or https://.", "Bitte geben Sie eine vollständige Webadresse ein, die mit http:// oder https:// beginnt."},
	{profile.CodeInvalidKey, "A property name is empty.", "Ein Eigenschaftsname ist leer."},
	{profile.CodeConflict, "This property is changed in two ways at once.", "Diese Eigenschaft wird gleichzeitig auf zwei Arten geändert."},
	{profile.CodeNullIgnored, "An empty value (null) is ignored here: it does not clear the field.", "Ein leerer Wert (null) wird hier ignoriert: Er löscht das Feld nicht."},
	{CodeEmailTypo, "Please check the email address: did you mean %s?", "Bitte prüfen Sie die E-Mail-Adresse: Meinten Sie %s?"},
	{CodeMethodNotAllowed, "Only POST is allowed here.", "Hier ist nur POST erlaubt."},
	{CodeUnsupportedMediaType, "Please send the profile as JSON or as a form.", "Bitte senden Sie das Profil als JSON oder als Formular."},
	{CodeInternal, "Something went wrong on our side. Please try again later.", "Bei uns ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut."},
	{CodeBadGateway, "The profile could not be saved just now. Please try again later.", "Das Profil konnte gerade nicht gespeichert werden. Bitte versuchen Sie es später erneut."},
}

// defaultCatalog is built once and only read afterwards.
var defaultCatalog = sync.OnceValue(func() catalog.Catalog {
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	for _, m := range messages {
		// SetString fails only for a malformed message, and these are fixed.
		_ = b.SetString(language.English, string(m.code), m.en)
		_ = b.SetString(language.German, string(m.code), m.de)
	}
	return b
})

// DefaultCatalog returns the messages the handler uses when Config.Catalog
// does not have one: English and German text for every code of package
// profile (null_ignored included) and of this package. The keys are the
// codes ("invalid_email"); the message of [CodeEmailTypo] takes the
// suggested domain as its one %s argument, the others take none.
//
// The catalog is shared: it is read-only, and safe for concurrent use.
func DefaultCatalog() catalog.Catalog { return defaultCatalog() }

// translator picks a language from Accept-Language and finds messages in the
// backend's catalog first, then in the default one, then in English.
type translator struct {
	custom  catalog.Catalog // may be nil
	tags    []language.Tag  // English first: the matcher's default
	matcher language.Matcher
}

func newTranslator(custom catalog.Catalog) *translator {
	tags := []language.Tag{language.English}
	seen := map[language.Tag]bool{language.English: true}
	add := func(c catalog.Catalog) {
		if c == nil {
			return
		}
		for _, t := range c.Languages() {
			if !seen[t] && t != language.Und {
				seen[t] = true
				tags = append(tags, t)
			}
		}
	}
	add(custom)
	add(DefaultCatalog())
	return &translator{custom: custom, tags: tags, matcher: language.NewMatcher(tags)}
}

// match returns the supported language that best fits the Accept-Language
// header values; English when none does.
func (t *translator) match(acceptLanguage []string) language.Tag {
	if len(acceptLanguage) == 0 {
		return t.tags[0]
	}
	_, i := language.MatchStrings(t.matcher, acceptLanguage...)
	if i < 0 || i >= len(t.tags) {
		return t.tags[0]
	}
	return t.tags[i]
}

// text returns the message for e's code in lang. A code no catalog knows
// (one added to package profile later) keeps e's own English message.
func (t *translator) text(lang language.Tag, e *profile.FieldError) string {
	key := string(e.Code)
	for _, tag := range []language.Tag{lang, language.English} {
		for _, c := range []catalog.Catalog{t.custom, DefaultCatalog()} {
			if c == nil || !has(c, tag, key) {
				continue
			}
			p := message.NewPrinter(tag, message.Catalog(c))
			if e.Code == CodeEmailTypo {
				return p.Sprintf(key, e.Hint)
			}
			return p.Sprintf(key)
		}
	}
	return e.Message
}

// has reports whether c holds a message for key in tag or one of its
// parents.
func has(c catalog.Catalog, tag language.Tag, key string) bool {
	return !errors.Is(c.Context(tag, discard{}).Execute(key), catalog.ErrNotFound)
}

// discard is a renderer that only lets a message be looked up.
type discard struct{}

func (discard) Render(string) {}
func (discard) Arg(int) any   { return nil }
