package sheet

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
)

// The vocabulary of this package, for readers of other documents with the same words: a PDF
// order's column headers and labels, its numbers and dates in every locale.

// Header is what a column header or a label names: one of Fields, and the languages it is a word of.
type Header struct {
	Field                   string // a name of Fields, or "" for a known column that is not read (VAT rate, discount...)
	Alt                     string // the field it names when another column claims Field ("Article": description, or code)
	Exact                   bool   // the whole text is the phrase, not a phrase among other words
	Order                   bool   // Field is a field of the order (PO number, dates, buyer...), not of a line
	Score                   int    // how precisely the text names it: longer phrases score higher
	French, German, English bool
	Spanish                 bool
}

// MatchHeader reads a column header or a label ("Qté cdée", "Bestell-Nr.:", "PO #"); ok is false
// when it names no field, or two equally.
func MatchHeader(text string) (Header, bool) {
	m, ok := matchHeader(strings.TrimRight(strings.TrimSpace(text), ":"))
	if !ok {
		return Header{}, false
	}
	return Header{Field: string(m.f), Alt: string(m.alt), Exact: m.exact, Order: orderFields[m.f], Score: m.score,
		French: m.langs&fr != 0, German: m.langs&de != 0, English: m.langs&en != 0, Spanish: m.langs&es != 0}, true
}

// Number is a number as written, before its decimal separator is known.
type Number struct{ n numText }

// ReadNumber takes a number apart: sign (also "(12)" and a trailing minus), currency sign or code,
// group separators. ok is false when the text is no number.
func ReadNumber(s string) (Number, bool) {
	n, ok := splitNumber(s)
	return Number{n}, ok
}

// Separator says what the text itself tells of the decimal separator: comma true or false, with
// known false when it cannot tell ("1.234", "12").
func (n Number) Separator() (comma, known bool) {
	switch n.n.evidence {
	case sepComma:
		return true, true
	case sepDot:
		return false, true
	}
	return false, false
}

// Ambiguous reports a lone separator before exactly three digits ("1.234"): a thousand or a
// fraction, which only the rest of the document can tell.
func (n Number) Ambiguous() bool { return n.n.ambiguous }

// Value is the number read with the given decimal separator (the text's own, when it tells).
func (n Number) Value(decimalComma bool) decimal.Decimal {
	if comma, known := n.Separator(); known {
		decimalComma = comma
	}
	return n.n.value(decimalComma)
}

// Currency is the ISO 4217 code written beside the number, "" when none or ambiguous ($).
func (n Number) Currency() string { return n.n.currency }

// Date is a date as written, before the order of its day and month is known.
type Date struct{ t dateText }

// ReadDate reads a written date: numeric in any order and separator, with month names in French,
// German and English, ISO. ok is false when the text is no date.
func ReadDate(s string) (Date, bool) {
	t, ok := splitDate(s)
	return Date{t}, ok
}

// Order says what the text itself tells of the order of day and month: dayFirst, with known
// false when it cannot tell ("02/11/2026"). A text that gives its date alone (ISO, a month name)
// is known.
func (d Date) Order() (dayFirst, known bool) {
	switch {
	case d.t.a == 0:
		return true, true
	case d.t.evidence == orderDMY:
		return true, true
	case d.t.evidence == orderMDY:
		return false, true
	}
	return false, false
}

// Value is the date read with day first or month first (the text's own order when it tells).
func (d Date) Value(dayFirst bool) (cal.Date, bool) {
	if df, known := d.Order(); known {
		dayFirst = df
	}
	o := orderMDY
	if dayFirst {
		o = orderDMY
	}
	return d.t.in(o)
}

// UnitCode writes a unit word ("Stk", "pce", "kg") as its UN/ECE Rec. 20 code, ok false when
// it is no unit word known here.
func UnitCode(s string) (string, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), ".")
	if !knownUnit(s) {
		return "", false
	}
	return unitCode(s), true
}

// TotalKind reads the label of a total row: "gross", "net", "tax", "subtotal" (a page's
// sub-total or carried-forward sum, never the order's), "plain" (a total of unknown kind), or ""
// when the text is no total label.
func TotalKind(label string) string {
	label, _, _ = strings.Cut(label, ":")
	w := strings.Fields(fold(label))
	if _, ok := startsWithAny(w, totalPhr); !ok && !anyRun(w, totalPhr) {
		return ""
	}
	switch {
	case anyRun(w, subPhr):
		return "subtotal"
	case anyRun(w, grossPhr):
		return "gross"
	case anyRun(w, netPhr):
		return "net"
	case anyRun(w, taxPhr):
		return "tax"
	}
	return "plain"
}

// Fold writes text as this package compares it: lower case, accents and punctuation taken off,
// runs of space made one.
func Fold(s string) string { return fold(s) }

// IsNumeric reports whether the date is written as numbers whose order matters (02/11/2026),
// not as ISO or with a month name.
func (d Date) IsNumeric() bool { return d.t.a != 0 }

// MatchHeaderNear reads a header OCR misread by one letter ("até" for "Qté", "Menqe"): the
// phrases of 3 letters or more one letter away from it, when they all name the same field. A
// letter read as another is tried before one read too many or too few ("até" is Qté, not Date).
// The match is never exact.
func MatchHeaderNear(text string) (Header, bool) {
	h := fold(strings.TrimRight(strings.TrimSpace(text), ":"))
	if len(h) < 3 || len(h) > 24 {
		return Header{}, false
	}
	for _, sameLength := range []bool{true, false} {
		near, ok := nearPhrase(h, sameLength)
		if !ok {
			return Header{}, false // near two fields: no reading
		}
		if near != "" {
			m, ok := MatchHeader(near)
			m.Exact = false
			return m, ok
		}
	}
	return Header{}, false
}

// nearPhrase finds the phrase one edit from h, of h's length or not; ok is false when phrases
// of two fields are as near.
func nearPhrase(h string, sameLength bool) (near string, ok bool) {
	var f field
	for key, idx := range exactIndex {
		if len(key) < 3 || (len(key) == len(h)) != sameLength || !oneEdit(h, key) {
			continue
		}
		kf := phrases[idx[0]].f
		if near != "" && kf != f {
			return "", false
		}
		if near == "" || key < near {
			near, f = key, kf
		}
	}
	return near, true
}

// oneEdit reports whether a and b differ by exactly one letter replaced, added or removed.
func oneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	if len(rb)-len(ra) > 1 {
		return false
	}
	i := 0
	for i < len(ra) && ra[i] == rb[i] {
		i++
	}
	if i == len(ra) {
		return len(rb) == len(ra)+1
	}
	if len(ra) == len(rb) {
		return string(ra[i+1:]) == string(rb[i+1:])
	}
	return string(ra[i:]) == string(rb[i+1:])
}
