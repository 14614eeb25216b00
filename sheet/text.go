package sheet

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// fold writes s the way header words are compared: lower case, accents dropped (NFKD without
// combining marks, so "m²" is "m2"), ß as ss, "°" and "º" as o (N° is "no"), "#" as the word no,
// and every other character that is not a letter or a digit as one space.
func fold(s string) string {
	if ascii(s) { // the common case, without the cost of normalisation
		b := make([]byte, 0, len(s))
		space := true
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c >= 'A' && c <= 'Z':
				b, space = append(b, c+'a'-'A'), false
			case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
				b, space = append(b, c), false
			case c == '#':
				if !space {
					b = append(b, ' ')
				}
				b, space = append(b, "no "...), true
			default:
				if !space {
					b, space = append(b, ' '), true
				}
			}
		}
		return strings.TrimSuffix(string(b), " ")
	}
	var b strings.Builder
	space := true // drop leading spaces and collapse runs
	put := func(r rune) {
		if r == ' ' {
			if !space {
				b.WriteByte(' ')
				space = true
			}
			return
		}
		b.WriteRune(r)
		space = false
	}
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'ß':
			put('s')
			put('s')
		case r == '°':
			put('o')
		case r == '#':
			put(' ')
			put('n')
			put('o')
			put(' ')
		case r == 'æ' || r == 'Æ':
			put('a')
			put('e')
		case r == 'œ' || r == 'Œ':
			put('o')
			put('e')
		case r == 'ø' || r == 'Ø':
			put('o')
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			put(unicode.ToLower(r))
		default:
			put(' ')
		}
	}
	return strings.TrimSuffix(b.String(), " ")
}

// compact is a folded text without its spaces, so that "Art.-Nr." and "ArtNr" compare equal.
func compact(folded string) string { return strings.ReplaceAll(folded, " ", "") }

// isSpace reports the spaces that spreadsheets write, including the no-break, narrow no-break,
// thin and figure spaces that French and Swiss number formats use to group digits.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' || r == '\u2009' || r == '\u2007' || r == '\ufeff'
}

// clean trims a cell, and unwraps the ="00123" form that Excel users write into CSV files to keep
// leading zeros.
func clean(s string) string {
	s = strings.TrimFunc(s, isSpace)
	if len(s) >= 3 && strings.HasPrefix(s, `="`) && strings.HasSuffix(s, `"`) {
		s = strings.TrimFunc(s[2:len(s)-1], isSpace)
	}
	return s
}

// quote shows a cell's text in a message, shortened past 60 characters.
func quote(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max]) + "…"
	}
	return `"` + strings.ReplaceAll(s, `"`, `'`) + `"`
}

// hasLetter reports whether s holds a letter.
func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

// hasDigit reports whether s holds a digit.
func hasDigit(s string) bool { return strings.IndexFunc(s, unicode.IsDigit) >= 0 }

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
