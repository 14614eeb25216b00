package pdf

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/money"
)

// numbers writes numbers and dates the way one language does.
type numbers struct {
	lang  string
	point string // decimal separator
	group string // thousands separator
	w     *words
}

func numbersFor(lang string) numbers {
	w, base := wordsFor(lang)
	switch base {
	case "fr":
		return numbers{base, ",", "\u00a0", w}
	case "de":
		return numbers{base, ",", ".", w}
	}
	return numbers{base, ".", ",", w}
}

// localize writes a plain decimal string ("-1234.5") with the separators ("-1,234.5").
func (n numbers) localize(plain string) string {
	sign := ""
	if rest, ok := strings.CutPrefix(plain, "-"); ok {
		sign, plain = "−", rest // a true minus sign: a hyphen is too short beside digits
	}
	whole, frac, hasFrac := strings.Cut(plain, ".")
	var b strings.Builder
	b.WriteString(sign)
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(n.group)
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString(n.point)
		b.WriteString(frac)
	}
	return b.String()
}

// amountPlaces is the scale of an invoice amount: the currency's, but never more than the 2
// decimals EN 16931 allows (package invoice rounds so).
func amountPlaces(currency string) int32 { return min(money.Currency(currency).Scale(), 2) }

// amount writes an amount with its currency's decimals, without the currency code.
func (n numbers) amount(d decimal.Decimal, currency string) string {
	p := amountPlaces(currency)
	return n.localize(money.RoundHalfAway(d, p).StringFixed(p))
}

// money writes an amount followed by its currency code.
func (n numbers) money(d decimal.Decimal, currency string) string {
	return n.amount(d, currency) + "\u00a0" + currency
}

// price writes a unit price with at least the currency's decimals and more when it has them:
// a unit price is not rounded to the currency, its line total is.
func (n numbers) price(d decimal.Decimal, currency string) string {
	places := amountPlaces(currency)
	if _, frac, ok := strings.Cut(plain(d), "."); ok && int32(len(frac)) > places {
		places = int32(len(frac))
	}
	return n.localize(d.StringFixed(places))
}

// quantity writes a quantity with the decimals it has and no trailing zeros.
func (n numbers) quantity(d decimal.Decimal) string { return n.localize(plain(d)) }

// percent writes a rate: 20 %, 5,5 %.
func (n numbers) percent(d decimal.Decimal) string {
	if n.lang == "en" {
		return n.localize(plain(d)) + "%"
	}
	return n.localize(plain(d)) + "\u00a0%"
}

// plain writes d with no exponent and no trailing zeros: "12.50" is "12.5".
func plain(d decimal.Decimal) string {
	s := d.String()
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// date writes a date the way the language usually does in business documents: 27 Nov 2026,
// 27/11/2026, 27.11.2026; "" for the zero date.
func (n numbers) date(d cal.Date) string {
	if d.IsZero() {
		return ""
	}
	two := func(i int) string {
		if i < 10 {
			return "0" + strconv.Itoa(i)
		}
		return strconv.Itoa(i)
	}
	switch n.lang {
	case "fr":
		return two(d.Day) + "/" + two(int(d.Month)) + "/" + strconv.Itoa(d.Year)
	case "de":
		return two(d.Day) + "." + two(int(d.Month)) + "." + strconv.Itoa(d.Year)
	}
	return strconv.Itoa(d.Day) + " " + n.w.months[d.Month-1] + " " + strconv.Itoa(d.Year)
}

// period writes a span of dates; an open end is left out.
func (n numbers) period(start, end cal.Date) string {
	switch {
	case start.IsZero():
		return "– " + n.date(end)
	case end.IsZero() || end == start:
		return n.date(start)
	}
	return n.date(start) + " – " + n.date(end)
}

// unit names a UN/ECE Rec. 20 unit code; a code without a name is shown as it is.
func (n numbers) unit(code string) string {
	if name, ok := n.w.units[strings.ToUpper(code)]; ok {
		return name
	}
	return code
}
