package profilehttp

import (
	"fmt"
	"slices"
	"strings"

	"github.com/profilekit/profile"
	"golang.org/x/text/language"
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
// The message of CodeEmailTypo holds [DomainPlaceholder].
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
	{CodeEmailTypo, "Please check the email address: did you mean {domain}?", "Bitte prüfen Sie die E-Mail-Adresse: Meinten Sie {domain}?"},
	{CodeMethodNotAllowed, "Only POST is allowed here.", "Hier ist nur POST erlaubt."},
	{CodeUnsupportedMediaType, "Please send the profile as JSON or as a form.", "Bitte senden Sie das Profil als JSON oder als Formular."},
	{CodeInternal, "Something went wrong on our side. Please try again later.", "Bei uns ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut."},
	{CodeBadGateway, "The profile could not be saved just now. Please try again later.", "Das Profil konnte gerade nicht gespeichert werden. Bitte versuchen Sie es später erneut."},
}

// Messages are the texts people read in responses: for each language, a
// BCP 47 tag such as "fr" or "pt-BR", the message of each code it words.
// The message of [CodeEmailTypo] names the suggested domain where it holds
// [DomainPlaceholder]; no other message takes anything from the request.
type Messages map[string]map[profile.Code]string

// DomainPlaceholder stands for the suggested domain in the message of
// [CodeEmailTypo].
const DomainPlaceholder = "{domain}"

// DefaultMessages returns the messages the handler uses where
// Config.Messages has none: English ("en") and German ("de") text for
// every code of package profile (null_ignored included) and of this
// package. The maps are the caller's: changing them changes no handler.
func DefaultMessages() Messages {
	en := make(map[profile.Code]string, len(messages))
	de := make(map[profile.Code]string, len(messages))
	for _, m := range messages {
		en[m.code], de[m.code] = m.en, m.de
	}
	return Messages{"en": en, "de": de}
}

// catalog is Messages read for lookups: by canonical tag, then code.
type catalog map[language.Tag]map[profile.Code]string

// defaultCatalog holds DefaultMessages, read once per handler.
func defaultCatalog() catalog {
	c, _ := readMessages(DefaultMessages()) // fixed tags and texts
	return c
}

// readMessages checks m and copies it by canonical tag: each tag must be a
// valid BCP 47 tag other than und, and each message non-empty. Two tags of
// one language (such as "de" and "DE") are merged.
func readMessages(m Messages) (catalog, error) {
	c := make(catalog, len(m))
	for name, texts := range m {
		tag, err := language.Parse(name)
		if err != nil || tag == language.Und {
			return nil, fmt.Errorf("Messages: %q is not a BCP 47 language tag", name)
		}
		if c[tag] == nil {
			c[tag] = make(map[profile.Code]string, len(texts))
		}
		for code, text := range texts {
			if strings.TrimSpace(text) == "" {
				return nil, fmt.Errorf("Messages[%q][%q] is empty", name, code)
			}
			c[tag][code] = text
		}
	}
	return c, nil
}

// translator picks a language from Accept-Language and finds messages in the
// backend's catalog first, then in the default one, then in English.
type translator struct {
	custom, std catalog
	tags        []language.Tag // English first: the matcher's default
	matcher     language.Matcher
}

// newTranslator returns a translator for a backend's messages, which may
// be nil.
func newTranslator(custom Messages) (*translator, error) {
	c, err := readMessages(custom)
	if err != nil {
		return nil, err
	}
	t := &translator{custom: c, std: defaultCatalog(), tags: []language.Tag{language.English}}
	seen := map[language.Tag]bool{language.English: true}
	for _, cat := range []catalog{t.custom, t.std} {
		for _, tag := range sortedTags(cat) {
			if !seen[tag] {
				seen[tag] = true
				t.tags = append(t.tags, tag)
			}
		}
	}
	t.matcher = language.NewMatcher(t.tags)
	return t, nil
}

// sortedTags returns the tags of c in a fixed order, so that the matcher,
// which prefers earlier tags on a tie, chooses the same way every time.
func sortedTags(c catalog) []language.Tag {
	tags := make([]language.Tag, 0, len(c))
	for tag := range c {
		tags = append(tags, tag)
	}
	slices.SortFunc(tags, func(a, b language.Tag) int { return strings.Compare(a.String(), b.String()) })
	return tags
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

// text returns the message for e's code in lang, or in a parent of lang
// ("pt" for "pt-BR"), looking in the backend's messages before the
// default ones, then the same in English. A code none of them words (one
// added to package profile later) keeps e's own English message.
func (t *translator) text(lang language.Tag, e *profile.FieldError) string {
	for _, tag := range []language.Tag{lang, language.English} {
		for {
			for _, c := range []catalog{t.custom, t.std} {
				if text, ok := c[tag][e.Code]; ok {
					if e.Code == CodeEmailTypo {
						return strings.ReplaceAll(text, DomainPlaceholder, e.Hint)
					}
					return text
				}
			}
			parent := tag.Parent()
			if parent == tag { // und is its own parent
				break
			}
			tag = parent
		}
	}
	return e.Message
}
