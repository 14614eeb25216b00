package ubl

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/money"
)

// maxDecimalLen bounds the characters of one number: a 10,000-digit "quantity" would otherwise
// cost quadratic time in every multiplication that verification does with it.
const maxDecimalLen = 40

// parseDecimal reads an xsd:decimal exactly: an optional sign, digits with at most one point
// and at least one digit ("+1.5", ".5" and "5." are valid XML Schema decimals). It refuses
// exponents, commas, thousands separators and anything longer than maxDecimalLen.
func parseDecimal(s string) (decimal.Decimal, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxDecimalLen {
		return decimal.Decimal{}, false
	}
	sign := ""
	switch s[0] {
	case '-':
		sign, s = "-", s[1:]
	case '+':
		s = s[1:]
	}
	if s == "" || s == "." {
		return decimal.Decimal{}, false
	}
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "" {
		intPart = "0"
	}
	plain := sign + intPart
	if frac != "" {
		plain += "." + frac
	}
	if !money.IsPlainDecimal(plain) {
		return decimal.Decimal{}, false
	}
	d, err := decimal.NewFromString(plain)
	return d, err == nil
}

// parseDate reads an xsd:date: YYYY-MM-DD, optionally followed by a zone (Z, +hh:mm, -hh:mm),
// which a civil date drops.
func parseDate(s string) (cal.Date, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 10 {
		if !validZone(s[10:]) {
			return cal.Date{}, false
		}
		s = s[:10]
	}
	if len(s) != 10 {
		return cal.Date{}, false
	}
	d, err := cal.Parse(s)
	return d, err == nil
}

func validZone(z string) bool {
	if z == "Z" {
		return true
	}
	if len(z) != 6 || (z[0] != '+' && z[0] != '-') || z[3] != ':' {
		return false
	}
	for _, i := range []int{1, 2, 4, 5} {
		if z[i] < '0' || z[i] > '9' {
			return false
		}
	}
	hh, mm := int(z[1]-'0')*10+int(z[2]-'0'), int(z[4]-'0')*10+int(z[5]-'0')
	return (hh < 14 && mm < 60) || (hh == 14 && mm == 0)
}

// oneLine collapses the white space of a name, code or address line to single spaces: a
// pretty-printer may have wrapped it.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\t\n\r") && !strings.Contains(s, "  ") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// lineNo reads a line identifier as a 1-based line number when it is one: digits only,
// from 1 to 999,999,999. Anything else ("A1", "LineItemID") is no number.
func lineNo(s string) int {
	if s == "" || len(s) > 12 {
		return 0
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	if n > 999_999_999 {
		return 0
	}
	return n
}

// exactQuotient divides a price by its base quantity. The quotient is exact when it ends within
// max(6, the price's own decimals) places, the most the canonical order carries; otherwise it is
// rounded half away from zero at that place.
func exactQuotient(price, base decimal.Decimal) decimal.Decimal {
	places := max(-price.Exponent(), 0)
	limit := max(places, 6)
	q := price.DivRound(base, limit) // rounds half away from zero
	if !q.Mul(base).Equal(price) {
		return q
	}
	for p := places; p < limit; p++ { // exact: write it with no more places than it needs
		if t := q.Truncate(p); t.Equal(q) {
			return t
		}
	}
	return q
}
