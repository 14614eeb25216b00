package notice

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/money"
)

// nbsp keeps an amount on one line: between its thousands and before a trailing symbol.
const nbsp = "\u00a0"

// symbols are the currency signs people expect; other currencies are written by their code.
var symbols = map[string]string{"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}

// FormatAmount writes an amount as people of the language write it, with the currency's
// decimals (JPY none, EUR two): "€1,234.56" in en, "1 234,56 €" in fr, "1.234,56 €" in de. The
// spaces in French and German are no-break spaces (U+00A0), so that a mail never breaks an
// amount across lines. An unknown language is written as en.
func FormatAmount(lang Lang, amount decimal.Decimal, currency string) string {
	digits := amount.Abs().StringFixed(money.Currency(currency).Scale())
	whole, frac, _ := strings.Cut(digits, ".")
	group, point := ",", "."
	if lang == French || lang == German {
		group, point = nbsp, ","
		if lang == German {
			group = "."
		}
	}
	var b strings.Builder
	if amount.Sign() < 0 {
		b.WriteByte('-')
	}
	sym, isSign := symbols[currency]
	if !isSign {
		sym = currency
	}
	if lang != French && lang != German {
		b.WriteString(sym)
		if !isSign {
			b.WriteByte(' ')
		}
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(point + frac)
	}
	if lang == French || lang == German {
		b.WriteString(nbsp + sym)
	}
	return b.String()
}

var months = map[Lang][12]string{
	English: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	French:  {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	German:  {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
}

// FormatDate writes a date in words, as a letter does: "27 November 2026", "27 novembre 2026",
// "27. November 2026"; "" for the zero date. An unknown language is written as en.
func FormatDate(lang Lang, d cal.Date) string {
	if d.IsZero() {
		return ""
	}
	names, ok := months[lang]
	if !ok {
		names = months[English]
	}
	if lang == German {
		return fmt.Sprintf("%d. %s %d", d.Day, names[d.Month-1], d.Year)
	}
	return fmt.Sprintf("%d %s %d", d.Day, names[d.Month-1], d.Year)
}
