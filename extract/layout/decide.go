package layout

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/sheet"
)

// conventions are the number and date conventions of a document, decided from all its numbers
// and dates together, with how sure the decision is.
type conventions struct {
	decimalComma bool
	commaSure    bool // the document's own numbers said so, not only its language
	dayFirst     bool
	daySure      bool
}

// decideConventions reads every number and date the document holds for what their text says;
// where none tells, the language of the words decides: French and German write decimal commas
// and days first, English decimal points and, in the United States, months first.
func decideConventions(numbers, dates []string, lang langVotes, currency string) conventions {
	var c conventions
	commas, points := 0, 0
	for _, s := range numbers {
		n, ok := sheet.ReadNumber(quantityPart(s))
		if !ok {
			continue
		}
		if comma, known := n.Separator(); known {
			if comma {
				commas++
			} else {
				points++
			}
		}
	}
	latin := lang.French+lang.German+lang.Spanish > lang.English
	switch {
	case commas > points:
		c.decimalComma, c.commaSure = true, true
	case points > commas:
		c.commaSure = true
	default:
		c.decimalComma = latin
	}
	dayFirst, monthFirst := 0, 0
	for _, s := range dates {
		d, ok := sheet.ReadDate(s)
		if !ok {
			continue
		}
		if df, known := d.Order(); known && d.IsNumeric() {
			if df {
				dayFirst++
			} else {
				monthFirst++
			}
		}
	}
	switch {
	case dayFirst > monthFirst:
		c.dayFirst, c.daySure = true, true
	case monthFirst > dayFirst:
		c.daySure = true
	default:
		c.dayFirst = latin || currency != "USD"
	}
	return c
}

// quantityPart takes a unit word off the end of a quantity ("12 Stk", "1 234 pce").
func quantityPart(s string) string {
	s = strings.TrimSpace(s)
	if _, ok := sheet.ReadNumber(s); ok {
		return s
	}
	if i := strings.LastIndexByte(s, ' '); i > 0 {
		if _, isUnit := sheet.UnitCode(s[i+1:]); isUnit {
			return strings.TrimSpace(s[:i])
		}
	}
	return firstToken(s)
}

// unitPart returns the unit word after a quantity, as a Rec. 20 code, or "".
func unitPart(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, ' '); i > 0 {
		if code, ok := sheet.UnitCode(s[i+1:]); ok {
			return code
		}
	}
	return ""
}

// number reads a number with the document's conventions; sure is false when the text alone
// could be read otherwise and only the conventions chose ("1.234").
func (c conventions) number(s string) (decimal.Decimal, bool, bool) {
	n, ok := sheet.ReadNumber(quantityPart(s))
	repaired := false
	if !ok {
		// OCR confuses letters and digits: O for 0, l and I for 1, S for 5, B for 8.
		fixed := ocrDigits.Replace(quantityPart(s))
		if n, ok = sheet.ReadNumber(fixed); !ok {
			return decimal.Decimal{}, false, false
		}
		repaired = true
	}
	if repaired {
		return n.Value(c.decimalComma), true, false
	}
	_, known := n.Separator()
	sure := known || !n.Ambiguous() || c.commaSure
	return n.Value(c.decimalComma), true, sure
}

// date reads a date with the document's conventions.
func (c conventions) date(s string) (cal.Date, bool, bool) {
	d, ok := readDateIn(s)
	if !ok {
		return cal.Date{}, false, false
	}
	_, known := d.Order()
	v, ok := d.Value(c.dayFirst)
	return v, ok, known || c.daySure
}

// readDateIn finds a date in a text that may hold more ("Mo., 2. November 2026", "le 02/11/2026").
func readDateIn(s string) (sheet.Date, bool) {
	s = strings.TrimSpace(s)
	if d, ok := sheet.ReadDate(s); ok {
		return d, true
	}
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = strings.TrimRight(w, ":,;!?")
	}
	for n := min(4, len(words)); n >= 1; n-- {
		for i := 0; i+n <= len(words); i++ {
			if d, ok := sheet.ReadDate(strings.Join(words[i:i+n], " ")); ok {
				return d, true
			}
		}
	}
	return sheet.Date{}, false
}

// ocrDigits undoes the confusions OCR makes between letters and digits inside a number.
var ocrDigits = strings.NewReplacer("O", "0", "o", "0", "D", "0", "l", "1", "I", "1", "|", "1", "S", "5", "s", "5", "B", "8", "Z", "2", "z", "2", "g", "9")
