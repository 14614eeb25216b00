package bank

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"github.com/o2c-project/o2c/cal"
)

// decodeCSV returns the file as UTF-8: UTF-8 with or without a byte-order mark, else
// Windows-1252, the superset of Latin-1 that Windows writes.
func decodeCSV(b []byte, encoding string) (string, error) {
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	if bytes.IndexByte(b, 0) >= 0 {
		return "", invalid("line 1", "the file holds NUL bytes: it is no CSV text (UTF-16 is not read; save it as UTF-8)")
	}
	switch strings.ToLower(strings.ReplaceAll(encoding, "_", "-")) {
	case "", "auto":
	case "utf-8", "utf8":
		if !utf8.Valid(b) {
			return "", invalid("line 1", "the mapping says UTF-8 but the file is not valid UTF-8")
		}
		return string(b), nil
	case "windows-1252", "cp1252", "latin-1", "latin1", "iso-8859-1":
		out, err := charmap.Windows1252.NewDecoder().Bytes(b)
		if err != nil {
			return "", invalid("line 1", "the file is not Windows-1252 text")
		}
		return string(out), nil
	default:
		return "", invalid("mapping.encoding", "the encoding %q is not read: say utf-8 or windows-1252", encoding)
	}
	if utf8.Valid(b) {
		return string(b), nil
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return "", invalid("line 1", "the file is neither UTF-8 nor Windows-1252 text")
	}
	return string(out), nil
}

// fold writes a header for comparison: lower case, German umlauts spelled out (ä is ae, so that
// "Währung" and "Waehrung" meet), other accents dropped, anything but letters and digits a single
// space.
func fold(s string) string {
	s = strings.ToLower(s)
	s = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss").Replace(s)
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

// numberParts takes a written amount apart: its sign and its digits with separators, without
// spaces, currency signs or codes. ok is false when something else is left.
func numberParts(s string) (neg bool, body string, ok bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, s[1:len(s)-1]
	}
	// A currency code before or after: "EUR 12,50", "12,50 EUR".
	if len(s) > 3 && isCurrencyCode(s[:3]) && !unicode.IsLetter(rune(s[3])) {
		s = s[3:]
	} else if n := len(s); n > 3 && isCurrencyCode(s[n-3:]) && !unicode.IsLetter(rune(s[n-4])) {
		s = s[:n-3]
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9', r == '.', r == ',':
			b.WriteRune(r)
		case r == '-' || r == '\u2212':
			if b.Len() > 0 && strings.TrimSpace(s[i+utf8.RuneLen(r):]) != "" {
				return false, "", false // a minus inside the number
			}
			if neg {
				return false, "", false
			}
			neg = true
		case r == '+':
		case r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\'' || r == '’':
		case r == '€' || r == '$' || r == '£':
		default:
			return false, "", false
		}
	}
	body = b.String()
	if body == "" || !strings.ContainsAny(body, "0123456789") {
		return false, "", false
	}
	return neg, body, true
}

// decimalVote says which separator a written number shows to be decimal: ',' or '.', or 0 when it
// does not say (an integer, or "1.234" which may be a thousand or one and a bit).
func decimalVote(body string) byte {
	dots, commas := strings.Count(body, "."), strings.Count(body, ",")
	switch {
	case dots > 0 && commas > 0:
		if strings.LastIndexByte(body, '.') > strings.LastIndexByte(body, ',') {
			return '.'
		}
		return ','
	case dots > 1:
		return ','
	case commas > 1:
		return '.'
	case dots == 1:
		if len(body)-strings.IndexByte(body, '.')-1 != 3 {
			return '.'
		}
	case commas == 1:
		if len(body)-strings.IndexByte(body, ',')-1 != 3 {
			return ','
		}
	}
	return 0
}

// localAmount reads an amount written with decimalSep as the decimal separator and the other
// character (or spaces, or apostrophes) grouping thousands.
func localAmount(s string, decimalSep byte) (decimal.Decimal, bool) {
	neg, body, ok := numberParts(s)
	if !ok {
		return decimal.Decimal{}, false
	}
	group := byte('.')
	if decimalSep == '.' {
		group = ','
	}
	body = strings.ReplaceAll(body, string(group), "")
	if strings.Count(body, string(decimalSep)) > 1 {
		return decimal.Decimal{}, false
	}
	intPart, frac, has := strings.Cut(body, string(decimalSep))
	if intPart == "" {
		intPart = "0"
	}
	if !allDigits(intPart) || has && !allDigits(frac) || len(body) > 30 {
		return decimal.Decimal{}, false
	}
	d, err := decimal.NewFromString(intPart + "." + frac)
	if !has {
		d, err = decimal.NewFromString(intPart)
	}
	if err != nil {
		return decimal.Decimal{}, false
	}
	if neg {
		d = d.Neg()
	}
	return d, true
}

// DateOrder says in which order a CSV export writes day, month and year.
type DateOrder string

// Date orders.
const (
	DMY DateOrder = "DMY" // 05.01.2024, 05/01/2024: Europe
	MDY DateOrder = "MDY" // 01/05/2024: the United States
	YMD DateOrder = "YMD" // 2024-01-05, 20240105
)

var monthNames = map[string]int{
	"jan": 1, "janv": 1, "janvier": 1, "january": 1, "januar": 1, "jaenner": 1,
	"feb": 2, "fev": 2, "fevr": 2, "fevrier": 2, "february": 2, "februar": 2,
	"mar": 3, "mars": 3, "march": 3, "maer": 3, "maerz": 3, "mrz": 3,
	"apr": 4, "avr": 4, "avril": 4, "april": 4,
	"may": 5, "mai": 5,
	"jun": 6, "juin": 6, "june": 6, "juni": 6,
	"jul": 7, "juil": 7, "juillet": 7, "july": 7, "juli": 7,
	"aug": 8, "aou": 8, "aout": 8, "august": 8,
	"sep": 9, "sept": 9, "septembre": 9, "september": 9,
	"oct": 10, "octobre": 10, "october": 10, "okt": 10, "oktober": 10,
	"nov": 11, "novembre": 11, "november": 11,
	"dec": 12, "decembre": 12, "december": 12, "dez": 12, "dezember": 12,
}

// dateParts splits a written date into its numbers (a month name becomes its number, flagged), and
// drops a time after it ("05.01.2024 13:45").
func dateParts(s string) (parts []string, namedMonth int, ok bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "T "); i >= 8 && strings.Contains(s[i:], ":") {
		s = s[:i]
	}
	f := strings.FieldsFunc(fold(s), func(r rune) bool { return r == ' ' })
	if len(f) == 1 && len(f[0]) == 8 && allDigits(f[0]) {
		return []string{f[0][:4], f[0][4:6], f[0][6:]}, 0, true
	}
	if len(f) != 3 {
		return nil, 0, false
	}
	for i, p := range f {
		if allDigits(p) {
			continue
		}
		if m, isMonth := monthNames[p]; isMonth && namedMonth == 0 {
			namedMonth, f[i] = i+1, strings.Repeat("0", 2-len(itoa(m)))+itoa(m)
			continue
		}
		return nil, 0, false
	}
	return f, namedMonth, true
}

func itoa(n int) string { return decimal.NewFromInt(int64(n)).String() }

// orderVote says which order a written date shows: YMD when it starts with a 4-digit year, DMY
// when its first number is over 12, MDY when its second is, else "".
func orderVote(s string) DateOrder {
	p, named, ok := dateParts(s)
	if !ok {
		return ""
	}
	switch {
	case len(p[0]) == 4:
		return YMD
	case named == 2:
		return DMY
	case named == 1:
		return MDY
	}
	a, b := atoi(p[0]), atoi(p[1])
	switch {
	case a > 12 && b <= 12:
		return DMY
	case b > 12 && a <= 12:
		return MDY
	}
	return ""
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s) && i < 9; i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// localDate reads a date in the given order; two-digit years are 2000-2069 or 1970-1999.
func localDate(s string, o DateOrder) (cal.Date, bool) {
	p, named, ok := dateParts(s)
	if !ok {
		return cal.Date{}, false
	}
	var y, m, d string
	switch {
	case len(p[0]) == 4:
		y, m, d = p[0], p[1], p[2]
	case named == 1 || o == MDY:
		m, d, y = p[0], p[1], p[2]
	default:
		d, m, y = p[0], p[1], p[2]
	}
	if len(d) > 2 || len(m) > 2 || len(y) != 2 && len(y) != 4 {
		return cal.Date{}, false
	}
	year := atoi(y)
	if len(y) == 2 {
		year += 2000
		if year >= 2070 {
			year -= 100
		}
	}
	if year < 1900 || year > 2200 {
		return cal.Date{}, false
	}
	if len(m) == 1 {
		m = "0" + m
	}
	if len(d) == 1 {
		d = "0" + d
	}
	return civil(year, m, d)
}
