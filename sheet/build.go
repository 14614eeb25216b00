package sheet

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// value is an order field as read: its text or date, where it stood, and whether its reading was
// guessed from the header language.
type value struct {
	s       string
	date    cal.Date
	at      pair
	guessed bool
}

// order is one purchase order being built.
type order struct {
	d          o2c.OrderDraft
	vals       map[field]value
	lineNos    []string
	deliveries map[cal.Date][]int // delivery date -> 1-based positions of the lines that ask for it
	currencies []string           // currencies written beside the order's numbers
	net, gross *decimal.Decimal
	tax, taxes *decimal.Decimal // a stated total tax; the sum of per-rate tax rows
	notes      []string         // the notes column's texts
	plain      []pair           // unqualified totals ("Total", "Gesamtbetrag"), with where they stand
}

// fieldLabels name order fields in messages.
var fieldLabels = map[field]string{fPONumber: "purchase order number", fOrderDate: "order date", fDeliveryDate: "delivery date",
	fCurrency: "currency", fBuyerName: "customer", fCustomerNo: "customer number", fVATID: "VAT id", fGLN: "GLN", fEmail: "e-mail",
	fShipTo: "delivery address", fNotes: "notes"}

// build turns the classified rows into drafts: one per purchase order number, in the order of
// their first line.
func (p *parser) build() ([]o2c.OrderDraft, error) {
	block := p.blockValues()
	var orders []*order
	byPO := make(map[string]*order)
	po := block[fPONumber].s
	var cur *order
	var pending []totalRow
	for r, k := range p.kinds {
		switch k {
		case rowLine:
			if x := p.text(r, fPONumber); x != "" {
				po = x
			}
			o := byPO[po]
			if o == nil {
				if len(orders) >= maxOrdersInOne {
					return nil, tooLarge(fmt.Sprintf("%s holds more than %d orders", p.g.what(), maxOrdersInOne))
				}
				o = &order{d: o2c.OrderDraft{DocumentType: o2c.DocPurchaseOrder, PONumber: po}, vals: make(map[field]value),
					deliveries: make(map[cal.Date][]int)}
				byPO[po] = o
				orders = append(orders, o)
			}
			for _, t := range pending { // totals below an order's lines, before the next line
				p.applyTotal(cur, t)
			}
			pending, cur = nil, o
			if len(o.d.Lines) >= maxLinesPerPO {
				return nil, tooLarge(fmt.Sprintf("purchase order %s of %s has more than %d lines", quote(po), p.g.what(), maxLinesPerPO))
			}
			p.addLine(o, r)
		case rowTotal:
			t, ok := p.totals[r]
			if !ok {
				continue
			}
			if x := p.text(r, fPONumber); x != "" && byPO[x] != nil {
				p.applyTotal(byPO[x], t)
			} else if cur != nil {
				pending = append(pending, t)
			}
		}
	}
	// Totals after the last line belong to it when the file holds one order; with several, they
	// may be the file's grand total, which no draft must carry.
	if len(orders) == 1 {
		for _, t := range pending {
			p.applyTotal(cur, t)
		}
	}
	if len(orders) == 0 {
		return nil, o2c.Invalid(o2c.Fault{Rule: RuleNoLines, Path: p.g.ref(p.l.row, 0),
			Message: fmt.Sprintf("row %d of %s is the header row (it names %s), but no order line follows it", p.l.row+1, p.g.what(), p.l.found())})
	}
	drafts := make([]o2c.OrderDraft, len(orders))
	for i, o := range orders {
		for f, v := range block {
			if _, ok := o.vals[f]; !ok {
				o.vals[f] = v
			}
		}
		drafts[i] = p.finish(o)
	}
	return drafts, nil
}

// blockValues reads the order fields of the "label: value" pairs.
func (p *parser) blockValues() map[field]value {
	out := make(map[field]value)
	for _, name := range Fields {
		f := field(name)
		v, ok := p.block[f]
		if !ok {
			continue
		}
		if x, ok := p.readOrderField(f, v, false); ok {
			out[f] = x
		}
	}
	return out
}

// readOrderField reads the value of an order field; col says it stands in a column.
func (p *parser) readOrderField(f field, v pair, col bool) (value, bool) {
	x := value{s: v.text, at: v}
	switch f {
	case fOrderDate, fDeliveryDate:
		d, guessed := p.date(v, col, fieldLabels[f])
		if d.IsZero() {
			return x, false
		}
		x.date, x.s, x.guessed = d, d.String(), guessed
	case fCurrency:
		c, ok := currencyOf(v.text)
		if !ok {
			p.bad(RuleOrder, v, "currency", "is not an ISO 4217 currency code such as EUR, CHF or GBP")
			return x, false
		}
		x.s = c
	case fGLN:
		x.s = strings.Join(strings.FieldsFunc(v.text, isSpace), "")
	}
	return x, x.s != ""
}

// addLine reads row r as a line of o, and the order fields of its columns.
func (p *parser) addLine(o *order, r int) {
	i := len(o.d.Lines)
	line := o2c.DraftLine{
		SupplierSKU: p.text(r, fSupplierSKU),
		BuyerSKU:    p.text(r, fBuyerSKU),
		GTIN:        strings.Join(strings.FieldsFunc(p.text(r, fGTIN), isSpace), ""),
		Description: p.text(r, fDescription),
	}
	guess := func(name string) {
		if o.d.Confidence == nil {
			o.d.Confidence = make(map[string]float64)
		}
		o.d.Confidence[fmt.Sprintf("lines[%d].%s", i, name)] = guessedConfid
	}
	qtyUnit := ""
	if x, c, ok := p.cell(r, fQuantity); ok {
		v := pair{text: x.text, num: x.num, r: r, c: c}
		if !x.num {
			v.text, qtyUnit = quantityText(x.text)
		}
		d, cur, guessed := p.number(v, "quantity")
		line.Quantity = d
		if guessed {
			guess("quantity")
		}
		p.currency(o, cur)
	}
	if u := p.text(r, fUnit); u != "" {
		line.Unit = unitCode(u)
	} else if qtyUnit != "" {
		line.Unit = unitCode(qtyUnit)
	}
	for _, nf := range []struct {
		f    field
		name string
		dst  **decimal.Decimal
	}{{fUnitPrice, "unit price", &line.UnitPrice}, {fLineTotal, "line total", &line.LineTotal}} {
		if x, c, ok := p.cell(r, nf.f); ok {
			d, cur, guessed := p.number(pair{text: x.text, num: x.num, r: r, c: c}, nf.name)
			*nf.dst = d
			if guessed {
				guess(string(nf.f))
			}
			p.currency(o, cur)
		}
	}
	o.d.Lines = append(o.d.Lines, line)
	o.lineNos = append(o.lineNos, p.text(r, fLineNo))

	for _, name := range Fields {
		f := field(name)
		x, c, ok := p.cell(r, f)
		if !ok || !orderFields[f] || f == fPONumber || x.text == "" {
			continue
		}
		v, ok := p.readOrderField(f, pair{text: x.text, num: x.num, r: r, c: c}, true)
		if !ok {
			continue
		}
		if f == fDeliveryDate {
			o.deliveries[v.date] = append(o.deliveries[v.date], i+1)
		}
		old, seen := o.vals[f]
		switch {
		case f == fNotes:
			if !slices.Contains(o.notes, v.s) {
				o.notes = append(o.notes, v.s)
			}
		case !seen:
			o.vals[f] = v
		case f == fDeliveryDate:
			if v.date.Before(old.date) { // the earliest date the lines ask for; the note lists them all
				o.vals[f] = v
			}
		case fold(old.s) != fold(v.s):
			p.f.add(RuleOrder, p.g.ref(r, c), "purchase order %s states two values of its %s: %s in %s and %s in %s",
				quote(o.d.PONumber), fieldLabels[f], quote(old.at.text), p.g.where(old.at.r, old.at.c, ""),
				quote(x.text), p.g.where(r, c, ""))
		}
	}
}

// currency notes a currency written beside one of the order's numbers.
func (p *parser) currency(o *order, c string) {
	if c != "" && !slices.Contains(o.currencies, c) {
		o.currencies = append(o.currencies, c)
	}
}

// applyTotal reads a total row into o.
func (p *parser) applyTotal(o *order, t totalRow) {
	what := map[string]string{"net": "net total", "gross": "gross total", "tax": "tax total", "tax_part": "tax amount", "plain": "total"}[t.kind]
	d, cur, guessed := p.number(t.amount, what)
	if d == nil {
		return
	}
	p.currency(o, cur)
	path := ""
	switch t.kind {
	case "net":
		o.net, path = d, "totals.net"
	case "gross":
		o.gross, path = d, "totals.gross"
	case "tax":
		o.tax, path = d, "totals.tax"
	case "plain":
		o.plain = append(o.plain, pair{text: d.String(), r: t.amount.r, c: t.amount.c})
		return
	case "tax_part":
		sum := *d
		if o.taxes != nil {
			sum = o.taxes.Add(*d)
		}
		o.taxes, path = &sum, "totals.tax"
	}
	if guessed {
		if o.d.Confidence == nil {
			o.d.Confidence = make(map[string]float64)
		}
		o.d.Confidence[path] = guessedConfid
	}
}

// finish writes the order's fields into its draft.
func (p *parser) finish(o *order) o2c.OrderDraft {
	d := o.d
	d.Source = &o2c.Source{Channel: p.g.channel, File: p.opts.FileName}
	conf := func(path string, v value) {
		if v.guessed {
			if d.Confidence == nil {
				d.Confidence = make(map[string]float64)
			}
			d.Confidence[path] = guessedConfid
		}
	}
	if v, ok := o.vals[fOrderDate]; ok {
		d.OrderDate = v.date
		conf("order_date", v)
	}
	if v, ok := o.vals[fDeliveryDate]; ok {
		d.RequestedDeliveryDate = v.date
		conf("requested_delivery_date", v)
	}

	switch v, ok := o.vals[fCurrency]; {
	case ok:
		d.Currency = v.s
	case len(o.currencies) == 1:
		d.Currency = o.currencies[0]
	case len(o.currencies) > 1:
		p.f.add(RuleOrder, "$", "purchase order %s has amounts in %s: one order has one currency", quote(d.PONumber),
			strings.Join(o.currencies, " and "))
	default:
		for _, f := range []field{fUnitPrice, fLineTotal} {
			if c := p.colOf(f); c >= 0 && d.Currency == "" {
				d.Currency = headerCurrency(p.header(c))
			}
		}
	}

	var buyer o2c.Party
	customerNo := o.vals[fCustomerNo].s
	if name := o.vals[fBuyerName].s; name != "" {
		if hasLetter(name) {
			buyer.Name = name
		} else if customerNo == "" {
			customerNo = name // "Kunde: 10042" is a number, not a name
		}
	}
	buyer.VATID = o.vals[fVATID].s
	buyer.GLN = o.vals[fGLN].s
	buyer.Email = o.vals[fEmail].s
	if buyer != (o2c.Party{}) {
		d.Buyer = &buyer
	}

	numbers := lineNumbers(o.lineNos)
	for i := range d.Lines {
		d.Lines[i].LineNo = numbers[i]
	}

	var notes []string
	if customerNo != "" {
		notes = append(notes, "Customer number: "+customerNo)
	}
	if a := o.vals[fShipTo].s; a != "" {
		notes = append(notes, "Delivery address: "+a)
	}
	if len(o.deliveries) > 1 {
		dates := make([]cal.Date, 0, len(o.deliveries))
		for dt := range o.deliveries {
			dates = append(dates, dt)
		}
		slices.SortFunc(dates, func(a, b cal.Date) int { return strings.Compare(a.String(), b.String()) })
		var parts []string
		for _, dt := range dates {
			pos := o.deliveries[dt]
			nos := make([]int, len(pos))
			for i, n := range pos {
				nos[i] = numbers[n-1]
			}
			parts = append(parts, fmt.Sprintf("%s (%s)", dt, lineList(nos)))
		}
		notes = append(notes, "The lines ask for different delivery dates: "+strings.Join(parts, ", "))
	}
	notes = append(notes, o.notes...)
	notes = append(notes, p.notes...)
	d.Notes = strings.Join(notes, "\n")

	tax := o.tax
	if tax == nil {
		tax = o.taxes
	}
	net, gross := o.net, o.gross
	var lineSum *decimal.Decimal // the sum of the line totals, when every line states one
	for i, l := range d.Lines {
		if l.LineTotal == nil {
			lineSum = nil
			break
		}
		if i == 0 {
			lineSum = new(decimal.Decimal)
		}
		*lineSum = lineSum.Add(*l.LineTotal)
	}
	for _, v := range o.plain { // an unqualified total is what it adds up to, else nothing
		x := decimal.RequireFromString(v.text)
		switch {
		case gross == nil && net != nil && tax != nil && x.Equal(net.Add(*tax)):
			gross = &x
		case net == nil && lineSum != nil && x.Equal(*lineSum):
			net = &x
		}
	}
	if tax != nil || net != nil || gross != nil {
		d.Totals = &o2c.Totals{Net: net, Tax: tax, Gross: gross}
	}
	return d
}

// lineNumbers keeps the file's line numbers when every line has one, a whole number from 1 to
// 999,999,999 that no other line has; else it numbers the lines 1..n.
func lineNumbers(texts []string) []int {
	out := make([]int, len(texts))
	seen := make(map[int]bool)
	for i, t := range texts {
		n, err := strconv.Atoi(strings.TrimSuffix(t, "."))
		if err != nil || n < 1 || n > 999_999_999 || seen[n] {
			for j := range out {
				out[j] = j + 1
			}
			return out
		}
		seen[n], out[i] = true, n
	}
	return out
}

// lineList writes line positions for a note: "lines 1, 2" or "line 3".
func lineList(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	if len(ns) == 1 {
		return "line " + s[0]
	}
	return "lines " + strings.Join(s, ", ")
}
