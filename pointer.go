package profile

import "strings"

// A Pointer is an RFC 6901 JSON Pointer into a request body, such as
// "/data/attributes/email". The empty Pointer refers to the whole document.
type Pointer string

// Append returns p extended by one reference token. It escapes "~" as "~0"
// and then "/" as "~1", so property keys holding either stay one token.
func (p Pointer) Append(token string) Pointer {
	if !strings.ContainsAny(token, "~/") {
		return p + "/" + Pointer(token)
	}
	token = strings.ReplaceAll(token, "~", "~0")
	token = strings.ReplaceAll(token, "/", "~1")
	return p + "/" + Pointer(token)
}

// Tokens returns the unescaped reference tokens of p, in order.
// The empty Pointer has no tokens.
func (p Pointer) Tokens() []string {
	if p == "" {
		return nil
	}
	parts := strings.Split(string(p[1:]), "/")
	for i, s := range parts {
		if strings.Contains(s, "~") {
			s = strings.ReplaceAll(s, "~1", "/")
			parts[i] = strings.ReplaceAll(s, "~0", "~")
		}
	}
	return parts
}

// Fixed pointers of the profile resource, named once so that every error
// about a field uses the same spelling.
const (
	ptrData             Pointer = "/data"
	ptrType             Pointer = "/data/type"
	ptrID               Pointer = "/data/id"
	ptrAttributes       Pointer = "/data/attributes"
	ptrLocation         Pointer = "/data/attributes/location"
	ptrProperties       Pointer = "/data/attributes/properties"
	ptrMeta             Pointer = "/data/meta"
	ptrPatchProperties  Pointer = "/data/meta/patch_properties"
	ptrPatchIdentifiers Pointer = "/data/meta/patch_identifiers"
)
