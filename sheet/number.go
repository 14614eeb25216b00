package sheet

import (
	"strings"
	"unicode"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/money"
)

// sep is what a number's own text says about its decimal separator.
type sep int

const (
	sepNone  sep = iota // an integer, or a lone separator before 3 digits ("1.234"): it could be either
	sepComma            // the comma is the decimal separator: "12,5", "1.234,56", "1.234.567"
	sepDot              // the point is: "12.5", "1,234.56", "1,234,567"
)

// numText is a number cell taken apart.
type numText struct {
	neg       bool
	body      string // digits, '.', ',' and group spaces or apostrophes
	currency  string // an ISO 4217 code written beside the number, "" if none or ambiguous ($)
	evidence  sep
	ambiguous bool // a lone '.' or ',' with 1-3 digits before and exactly 3 after: "1.234"
}

// currencySigns are the symbols and words written around amounts; "" marks a sign that names no
// single currency ($ is the dollar of several countries, ¥ the yen and the yuan).
var currencySigns = []struct{ sign, code string }{
	{"€", "EUR"}, {"£", "GBP"}, {"SFr.", "CHF"}, {"sFr.", "CHF"}, {"Fr.", "CHF"}, {"US$", "USD"}, {"$", ""}, {"¥", ""},
	{"Euros", "EUR"}, {"Euro", "EUR"}, {"euros", "EUR"}, {"euro", "EUR"},
}

// splitNumber takes the decoration off a number cell: spaces, a currency sign or ISO code before or
// after, a sign (-, +, U+2212, a trailing minus as SAP writes it, or parentheses), and the German
// ",-" / ",–" for "no cents". ok is false when what is left is not digits and separators.
func splitNumber(s string) (numText, bool) {
	var n numText
	s = strings.TrimFunc(s, isSpace)
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		n.neg, s = true, strings.TrimFunc(s[1:len(s)-1], isSpace)
	}
	if plainish(s) { // the common case: no sign, no currency, nothing to take off
		n.body = s
		return n, n.classify()
	}
	signs := 0
	if n.neg {
		signs = 1
	}
	for changed := true; changed && s != ""; {
		changed = false
		for _, suf := range []string{",-", ",–", ".-", ".–"} {
			if t, ok := strings.CutSuffix(s, suf); ok && t != "" && isDigit(t[len(t)-1]) {
				s, changed = t, true
			}
		}
		if code, rest, ok := cutCurrency(s); ok {
			if code != "" {
				if n.currency != "" && n.currency != code {
					return n, false
				}
				n.currency = code
			}
			s, changed = strings.TrimFunc(rest, isSpace), true
		}
		for _, m := range []string{"-", "+", "−"} {
			if t, ok := strings.CutPrefix(s, m); ok {
				s, changed, signs, n.neg = strings.TrimFunc(t, isSpace), true, signs+1, n.neg != (m != "+")
			} else if t, ok := strings.CutSuffix(s, m); ok && m != "+" {
				s, changed, signs, n.neg = strings.TrimFunc(t, isSpace), true, signs+1, !n.neg
			}
		}
	}
	if signs > 1 || s == "" {
		return n, false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r == '.' || r == ',' || r == '\'' || r == '’' || isSpace(r)) {
			return n, false
		}
	}
	if !isDigit(s[0]) && s[0] != '.' && s[0] != ',' || !isDigit(s[len(s)-1]) {
		return n, false
	}
	n.body = s
	return n, n.classify()
}

// cutCurrency removes one currency sign or ISO code from the start or the end of s.
func cutCurrency(s string) (code, rest string, ok bool) {
	for _, c := range currencySigns {
		if t, ok := strings.CutPrefix(s, c.sign); ok {
			return c.code, t, true
		}
		if t, ok := strings.CutSuffix(s, c.sign); ok {
			return c.code, t, true
		}
	}
	for _, cut := range []func(string) (string, string){
		func(s string) (string, string) { return s[:min(3, len(s))], s[min(3, len(s)):] },
		func(s string) (string, string) { return s[max(0, len(s)-3):], s[:max(0, len(s)-3)] },
	} {
		word, rest := cut(s)
		if len(word) == 3 && isUpper(word) && (rest == "" || !unicode.IsLetter(rune(rest[0])) && !unicode.IsLetter(rune(rest[len(rest)-1]))) {
			if c, err := money.ParseCurrency(word); err == nil {
				return string(c), rest, true
			}
		}
	}
	return "", s, false
}

func isUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// isGroupSpace reports the characters that only ever group digits: spaces and apostrophes (Swiss).
func isGroupSpace(r rune) bool { return r == '\'' || r == '’' || isSpace(r) }

// classify works out what the separators of n.body can mean, and checks that digit groups are
// whole: 1-3 digits first, then threes.
func (n *numText) classify() bool {
	b := n.body
	spaced := strings.IndexFunc(b, isGroupSpace) >= 0
	dots, commas := strings.Count(b, "."), strings.Count(b, ",")
	switch {
	case dots == 0 && commas == 0:
		return groupsOK(b, spaced)
	case dots > 0 && commas > 0:
		last := max(strings.LastIndex(b, "."), strings.LastIndex(b, ","))
		dec := b[last]
		if strings.Count(b, string(dec)) != 1 || spaced {
			return false
		}
		n.evidence = sepOf(dec)
		intPart := strings.ReplaceAll(b[:last], string(other(dec)), " ")
		return groupsOK(intPart, true) && allDigitsOrEmpty(b[last+1:])
	case dots > 1 || commas > 1: // one kind, several times: it groups
		g := byte('.')
		if commas > 1 {
			g = ','
		}
		if spaced {
			return false
		}
		n.evidence = sepOf(other(g))
		return groupsOK(strings.ReplaceAll(b, string(g), " "), true)
	}
	// One '.' or one ','.
	i := strings.IndexAny(b, ".,")
	intPart, frac := b[:i], b[i+1:]
	if !allDigitsOrEmpty(frac) || frac == "" {
		return false
	}
	if spaced { // "1 234,5": spaces group, so the separator is the decimal one
		n.evidence = sepOf(b[i])
		return groupsOK(intPart, true)
	}
	if len(frac) == 3 && len(intPart) >= 1 && len(intPart) <= 3 && intPart[0] != '0' {
		n.ambiguous = true
		return true
	}
	n.evidence = sepOf(b[i])
	return allDigitsOrEmpty(intPart)
}

func sepOf(b byte) sep {
	if b == ',' {
		return sepComma
	}
	return sepDot
}

func other(b byte) byte {
	if b == ',' {
		return '.'
	}
	return ','
}

// groupsOK checks the integer part of a number; with grouped set, spaces and apostrophes split it
// into groups of 1-3 digits, then 3, one separator between two groups.
func groupsOK(s string, grouped bool) bool {
	if s == "" {
		return false
	}
	if !grouped {
		return allDigitsOrEmpty(s)
	}
	var groups []string
	cur := strings.Builder{}
	for _, r := range s {
		if isGroupSpace(r) {
			if cur.Len() == 0 {
				return false // leading or doubled separator
			}
			groups = append(groups, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteRune(r)
	}
	if cur.Len() == 0 {
		return false
	}
	groups = append(groups, cur.String())
	for i, g := range groups {
		if !allDigitsOrEmpty(g) || (i == 0 && len(g) > 3 && len(groups) > 1) || (i > 0 && len(g) != 3) {
			return false
		}
	}
	return true
}

func allDigitsOrEmpty(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// value returns the number. Where the text does not say which separator is the decimal one,
// decimalComma does: "1.234" is 1234 when it is set, 1.234 when not.
func (n *numText) value(decimalComma bool) decimal.Decimal {
	dec := byte('.')
	switch n.evidence {
	case sepComma:
		dec = ','
	case sepDot:
	default:
		if decimalComma {
			dec = ','
		}
	}
	var b strings.Builder
	if n.neg {
		b.WriteByte('-')
	}
	for _, r := range n.body {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == rune(dec):
			if b.Len() == 0 || b.String() == "-" {
				b.WriteByte('0')
			}
			b.WriteByte('.')
		}
	}
	d, err := decimal.NewFromString(b.String())
	if err != nil { // classify let through only digits and one decimal separator
		panic("sheet: " + b.String() + " is not a decimal: " + err.Error())
	}
	return d
}

// plainish reports digits and separators only, starting and ending with a digit.
func plainish(s string) bool {
	if s == "" || !isDigit(s[0]) || !isDigit(s[len(s)-1]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && s[i] != '.' && s[i] != ',' {
			return false
		}
	}
	return true
}
