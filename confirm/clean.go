package confirm

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// clean makes one line of s: control characters and runs of white space (a line break in a
// description, a tab) become a single space, and invalid UTF-8 becomes U+FFFD. No value a
// customer or an extraction wrote can then break a table, a header or a layout.
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) && r != '\u00a0' || unicode.IsControl(r)
	}), " ")
}

// cleanLines splits s into cleaned, non-empty lines.
func cleanLines(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if line = clean(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// words splits s at plain spaces: unlike strings.Fields, it keeps a no-break space inside
// "1 234,50 EUR".
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' })
}
