package confirm

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/money"
)

// localize writes a plain decimal string ("-1234.5") with the locale's separators ("-1,234.5").
func (l *locale) localize(plain string) string {
	sign := ""
	if rest, ok := strings.CutPrefix(plain, "-"); ok {
		sign, plain = "-", rest
	}
	whole, frac, hasFrac := strings.Cut(plain, ".")
	var b strings.Builder
	b.WriteString(sign)
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(l.group)
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString(l.point)
		b.WriteString(frac)
	}
	return b.String()
}

// fixed writes d rounded half away from zero to exactly places decimals.
func (l *locale) fixed(d decimal.Decimal, places int32) string {
	return l.localize(money.RoundHalfAway(d, places).StringFixed(places))
}

// quantity writes a quantity with the decimals it has and no trailing zeros: 12, 12.5, 0.125.
func (l *locale) quantity(d decimal.Decimal) string { return l.localize(plain(d)) }

// plain writes d with no exponent and no trailing zeros: "12.50" is "12.5", "100.000" is "100".
func plain(d decimal.Decimal) string {
	s := d.String()
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// amount writes an amount with its currency's decimals (EUR 2, JPY 0, KWD 3) and the currency
// code after it: "1,234.50 EUR". Without a currency it has two decimals and no code.
func (l *locale) amount(d decimal.Decimal, currency string) string {
	s := l.fixed(d, money.Currency(currency).Scale())
	if currency == "" {
		return s
	}
	return s + "\u00a0" + currency
}

// price writes a unit price with at least its currency's decimals, and more when the price has
// them (0.125 EUR stays 0.125): a unit price is not rounded to the currency, its line total is.
func (l *locale) price(d decimal.Decimal, currency string) string {
	places := money.Currency(currency).Scale()
	if _, frac, ok := strings.Cut(plain(d), "."); ok && int32(len(frac)) > places {
		places = int32(len(frac))
	}
	return l.fixed(d, places)
}

// date writes a date as the language usually writes it: 27 November 2026, 27 novembre 2026,
// 27. November 2026; "" for the zero date.
func (l *locale) date(d cal.Date) string {
	if d.IsZero() {
		return ""
	}
	return fill(l.dateFmt, "d", strconv.Itoa(d.Day), "month", l.months[d.Month-1], "y", strconv.Itoa(d.Year))
}

// unit names a UN/ECE Rec. 20 unit code in the language: C62 is "pc", "pce" or "Stk."; a code we
// have no name for is shown as it is.
func (l *locale) unit(code string) string {
	if name, ok := l.units[strings.ToUpper(code)]; ok {
		return name
	}
	return code
}
