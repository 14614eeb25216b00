package sheet

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/money"
)

// numberFields are the columns read as numbers.
var numberFields = []field{fQuantity, fUnitPrice, fLineTotal}

// dateFields are the columns read as dates.
var dateFields = []field{fOrderDate, fDeliveryDate}

// decision is what a column's numbers use as decimal separator, or its dates as order.
type decision struct {
	known   bool
	comma   bool      // numbers: the comma is the decimal separator
	order   dateOrder // dates
	strict  bool      // dates: the profile's order, which every date must follow
	guessed bool      // taken from the header language only: values it decides are marked in Confidence
}

// quantityText splits a quantity cell such as "12 Stk" into the number and a unit the table knows.
func quantityText(s string) (num, unit string) {
	i := strings.LastIndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' || r == ')' })
	if i < 0 || i == len(s)-1 {
		return s, ""
	}
	tail := strings.TrimFunc(s[i+1:], isSpace)
	if tail != "" && knownUnit(tail) {
		return strings.TrimFunc(s[:i+1], isSpace), tail
	}
	return s, ""
}

// decideNumbers settles, per number column, what "1.234" means: the column's own unambiguous
// numbers decide, else the file's, else the profile, the locale option, or the header language.
func (p *parser) decideNumbers() {
	type count struct{ comma, dot int }
	cols := make(map[int]*count)
	file := &count{}
	note := func(c int, text string) {
		n, ok := splitNumber(text)
		if !ok {
			return
		}
		if cols[c] == nil {
			cols[c] = &count{}
		}
		switch n.evidence {
		case sepComma:
			cols[c].comma++
			file.comma++
		case sepDot:
			cols[c].dot++
			file.dot++
		}
	}
	for r, k := range p.kinds {
		switch k {
		case rowLine:
			for _, f := range numberFields {
				if x, c, ok := p.cell(r, f); ok && !x.num && x.text != "" {
					t := x.text
					if f == fQuantity {
						t, _ = quantityText(t)
					}
					note(c, t)
				}
			}
		case rowTotal:
			if t, ok := p.totals[r]; ok && !t.amount.num && t.amount.text != "" {
				note(t.amount.c, t.amount.text)
			}
		}
	}
	fromCount := func(c *count) (decision, bool) {
		switch {
		case c == nil:
		case c.comma > 0 && c.dot == 0:
			return decision{known: true, comma: true}, true
		case c.dot > 0 && c.comma == 0:
			return decision{known: true}, true
		}
		return decision{}, false
	}
	var fallback decision
	switch {
	case p.opts.Profile != nil && p.opts.Profile.DecimalComma != nil:
		fallback = decision{known: true, comma: *p.opts.Profile.DecimalComma}
	default:
		if d, ok := fromCount(file); ok {
			fallback = d
		} else if p.loc.decimalComma != nil {
			fallback = decision{known: true, comma: *p.loc.decimalComma}
		} else if p.lang != 0 {
			fallback = decision{known: true, comma: p.lang != en, guessed: true}
		}
	}
	p.fileNum = fallback
	for c, n := range cols {
		if p.opts.Profile != nil && p.opts.Profile.DecimalComma != nil {
			p.numDec[c] = fallback
		} else if d, ok := fromCount(n); ok {
			p.numDec[c] = d
		} else {
			p.numDec[c] = fallback
		}
	}
}

// number reads a number cell; what names the field in messages. It returns nil for an empty cell
// and for a bad one, which it reports.
func (p *parser) number(v pair, what string) (d *decimal.Decimal, currency string, guessed bool) {
	if emptyMark(v.text) {
		return nil, "", false
	}
	if v.num {
		x, err := decimal.NewFromString(v.text)
		if err != nil {
			p.bad(RuleNumber, v, what, "is not a number")
			return nil, "", false
		}
		return &x, "", false
	}
	n, ok := splitNumber(v.text)
	if !ok {
		p.bad(RuleNumber, v, what, "is not a number")
		return nil, "", false
	}
	dec, ok := p.numDec[v.c]
	if !ok {
		dec = p.fileNum
	}
	if n.ambiguous && !dec.known {
		comma, point := n.value(true), n.value(false)
		p.bad(RuleNumber, v, what, fmt.Sprintf("may be %s or %s, and nothing in the file tells which separator is the decimal one; "+
			"a profile with decimal_comma set reads it", point.String(), comma.String()))
		return nil, "", false
	}
	x := n.value(dec.comma)
	return &x, n.currency, n.ambiguous && dec.guessed
}

// bad reports a cell that cannot be read.
func (p *parser) bad(rule string, v pair, what, why string) {
	p.f.add(rule, p.g.ref(v.r, v.c), "%s %s in %s %s", what, quote(v.text), p.g.where(v.r, v.c, p.header(v.c)), why)
}

// decideDates settles the order of day and month per date column, like decideNumbers.
func (p *parser) decideDates() {
	type count struct{ dmy, mdy int }
	cols := make(map[int]*count)
	file := &count{}
	note := func(c int, v pair) { // c < 0: a pair, which counts for the file only
		if v.num {
			return
		}
		t, ok := splitDate(v.text)
		if !ok {
			return
		}
		if c >= 0 && cols[c] == nil {
			cols[c] = &count{}
		}
		switch t.evidence {
		case orderDMY:
			file.dmy++
			if c >= 0 {
				cols[c].dmy++
			}
		case orderMDY:
			file.mdy++
			if c >= 0 {
				cols[c].mdy++
			}
		}
	}
	for r, k := range p.kinds {
		if k != rowLine {
			continue
		}
		for _, f := range dateFields {
			if x, c, ok := p.cell(r, f); ok && x.text != "" {
				note(c, pair{text: x.text, num: x.num, r: r, c: c})
			}
		}
	}
	for _, f := range dateFields {
		if v, ok := p.block[f]; ok {
			note(-1, v)
		}
	}
	fromCount := func(c *count) (decision, bool) {
		switch {
		case c == nil:
		case c.dmy > 0 && c.mdy == 0:
			return decision{known: true, order: orderDMY}, true
		case c.mdy > 0 && c.dmy == 0:
			return decision{known: true, order: orderMDY}, true
		}
		return decision{}, false
	}
	var fallback decision
	if p.opts.Profile != nil && p.opts.Profile.DateFormat != "" {
		o, _ := parseDateFormat(p.opts.Profile.DateFormat)
		p.fileDat = decision{known: true, order: o, strict: true}
		return
	}
	switch {
	case func() bool { d, ok := fromCount(file); fallback = d; return ok }():
	case p.loc.dates != orderUnknown:
		fallback = decision{known: true, order: p.loc.dates}
	case p.lang == fr || p.lang == de || p.lang == es:
		fallback = decision{known: true, order: orderDMY, guessed: true}
	}
	p.fileDat = fallback
	for c, n := range cols {
		if d, ok := fromCount(n); ok {
			p.dateDec[c] = d
		} else {
			p.dateDec[c] = fallback
		}
	}
}

// date reads a date cell; pairs are decided by the file, columns by their column first.
func (p *parser) date(v pair, col bool, what string) (cal.Date, bool) {
	if v.text == "" {
		return cal.Date{}, false
	}
	dec := p.fileDat
	if d, ok := p.dateDec[v.c]; ok && col && !dec.strict {
		dec = d
	}
	if v.num {
		return p.serial(v, what)
	}
	t, ok := splitDate(v.text)
	if !ok {
		p.bad(RuleDate, v, what, "is not a date")
		return cal.Date{}, false
	}
	if dec.strict {
		d, ok := t.in(dec.order)
		if !ok {
			p.bad(RuleDate, v, what, "is not a date written "+dec.order.String()+", as the profile says")
		}
		return d, false
	}
	if !t.ambiguous {
		return t.date, false
	}
	if !dec.known || dec.order == orderUnknown {
		dmy, _ := t.in(orderDMY)
		mdy, _ := t.in(orderMDY)
		p.bad(RuleDate, v, what, fmt.Sprintf("may be %s or %s, and nothing in the file tells whether the day or the month comes first; "+
			"a profile with date_format DD/MM/YYYY or MM/DD/YYYY reads it", dmy, mdy))
		return cal.Date{}, false
	}
	d, _ := t.in(dec.order)
	return d, dec.guessed
}

// serial reads an XLSX date serial (a number of days since 1900, or 1904), or a number written
// 20261102.
func (p *parser) serial(v pair, what string) (cal.Date, bool) {
	if t, ok := splitDate(v.text); ok && !t.date.IsZero() && len(v.text) == 8 {
		return t.date, false
	}
	f, err := strconv.ParseFloat(v.text, 64) // a serial is a count of days; no money goes through here
	if err != nil || f < 1 || f >= 2958466 {
		p.bad(RuleDate, v, what, "is a number, not a date")
		return cal.Date{}, false
	}
	t, err := excelize.ExcelDateToTime(f, p.g.date1904)
	if err != nil {
		p.bad(RuleDate, v, what, "is a number, not a date")
		return cal.Date{}, false
	}
	return cal.DateOf(t), false
}

// currencyOf reads a currency cell: an ISO 4217 code, or a sign or word that names one currency.
func currencyOf(s string) (string, bool) {
	if c, err := money.ParseCurrency(s); err == nil {
		return string(c), true
	}
	t := strings.TrimFunc(s, isSpace)
	for _, c := range currencySigns {
		if strings.EqualFold(t, c.sign) && c.code != "" {
			return c.code, true
		}
	}
	switch fold(t) {
	case "euro", "euros":
		return "EUR", true
	case "franc suisse", "francs suisses", "schweizer franken", "swiss franc", "swiss francs":
		return "CHF", true
	case "pound sterling", "livre sterling", "livres sterling":
		return "GBP", true
	}
	return "", false
}

// headerCurrency finds a currency written in a price or amount header: "Prix (€)", "Amount EUR".
func headerCurrency(h string) string {
	for _, w := range strings.FieldsFunc(h, func(r rune) bool { return isSpace(r) || strings.ContainsRune("()[]/,;:", r) }) {
		if w == "€" {
			return "EUR"
		}
		if w == "£" {
			return "GBP"
		}
		if len(w) == 3 && isUpper(w) {
			if c, err := money.ParseCurrency(w); err == nil {
				return string(c)
			}
		}
	}
	if strings.Contains(h, "€") {
		return "EUR"
	}
	return ""
}
