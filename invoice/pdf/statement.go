package pdf

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/invoice"
)

// StatementItem is one document on a customer's statement of account.
type StatementItem struct {
	Number     string
	CreditNote bool // a credit note: its amount is owed to the customer
	IssueDate  cal.Date
	DueDate    cal.Date
	Amount     decimal.Decimal // the amount due of the document, positive
	Paid       decimal.Decimal // what was settled of it
	Disputed   decimal.Decimal // what the customer contests of what is open
}

// open is what the item still asks for, negative for a credit note.
func (it StatementItem) open() decimal.Decimal {
	o := it.Amount.Sub(it.Paid)
	if it.CreditNote {
		return o.Neg()
	}
	return o
}

// Statement is a customer's statement of account on one date, in one currency.
type Statement struct {
	Seller   invoice.Party
	Customer invoice.Party
	Date     cal.Date
	Currency string
	Items    []StatementItem // open items, and those paid in the period (Paid = Amount)
}

// RenderStatement writes the statement as an A4 PDF in lang: the open items oldest first with
// what is paid and open of each and how late it is, the balance, the ageing of the balance, and
// the items paid in the period. Errors: CodeInvalid for a statement with no date or currency, an
// item in another sign, or a bad accent or logo.
func RenderStatement(s Statement, b Branding, lang string) ([]byte, error) {
	if s.Date.IsZero() || s.Currency == "" {
		return nil, o2c.Errorf(o2c.CodeInvalid, "a statement needs a date and a currency")
	}
	for _, it := range s.Items {
		if it.Amount.IsNegative() || it.Paid.IsNegative() || it.Paid.GreaterThan(it.Amount) {
			return nil, o2c.Errorf(o2c.CodeInvalid, "statement item %s: amount %s, paid %s", it.Number, it.Amount, it.Paid)
		}
	}
	accent, err := b.accent()
	if err != nil {
		return nil, err
	}
	logo, err := b.logoType()
	if err != nil {
		return nil, err
	}
	n := numbersFor(lang)
	pages := 1
	for range 2 {
		d := layoutStatement(s, b, logo, n, accent, pages)
		if err := d.f.Error(); err != nil {
			return nil, fmt.Errorf("lay out statement of %s: %w", s.Customer.Name, err)
		}
		if d.f.PageCount() == pages {
			return d.output()
		}
		pages = d.f.PageCount()
	}
	return nil, fmt.Errorf("lay out statement of %s: the page count does not settle", s.Customer.Name)
}

// stmtColumns: document, date, due date, amount, paid, open; they add up to contentW.
var stmtColumns = [6]column{{44, false}, {23, false}, {45, false}, {20, true}, {20, true}, {22, true}}

func layoutStatement(s Statement, b Branding, logo string, n numbers, accent rgb, pages int) *doc {
	w := n.w
	created := time.Date(s.Date.Year, s.Date.Month, s.Date.Day, 0, 0, 0, 0, time.UTC)
	d := newDoc(n, accent, created, w.statement+" – "+s.Customer.Name, s.Seller.Name, pages)
	d.footer = []string{s.Seller.Name}
	d.running = func() {
		d.font("B", 9, d.accent)
		d.text(marginX, d.y, contentW*0.6, 5, "L", d.shorten(s.Seller.Name, contentW*0.6))
		d.font("", 8, muted)
		d.text(marginX+contentW*0.6, d.y, contentW*0.4, 5, "R", w.statement+" · "+n.date(s.Date))
		d.hrule(marginX, d.y+6.5, contentW, 0.3, ruleGrey)
		d.y += 10
	}
	d.f.AddPage()
	d.y = marginTop
	top := d.y
	if logo != "" {
		inv := &invoiceDoc{doc: d, b: b, logo: logo}
		top += inv.drawLogo(marginX, top, 45, 20) + 4
	}
	d.fit("B", 13, 100, s.Seller.Name)
	d.f.SetTextColor(accent.r, accent.g, accent.b)
	d.text(marginX, top, 100, 6, "L", s.Seller.Name)
	d.font("", 8, muted)
	y := top + 7
	for _, l := range addressLines(s.Seller.Address, s.Customer.Address.Country) {
		d.text(marginX, y, 100, 3.7, "L", l)
		y += 3.7
	}
	d.fit("B", 20, 80, w.statement)
	d.f.SetTextColor(accent.r, accent.g, accent.b)
	d.text(rightEdge-80, d.y, 80, 9, "R", w.statement)
	d.font("", 9, ink)
	d.text(rightEdge-80, d.y+10, 80, 5, "R", w.statementDate+": "+n.date(s.Date))
	d.y = max(y, d.y+16) + 4
	d.hrule(marginX, d.y, contentW, 0.6, accent)
	d.y += 5

	// The customer, as on an envelope.
	d.font("", 7.5, muted)
	d.text(marginX, d.y, 80, 4, "L", w.customer)
	d.y += 4.5
	d.font("B", 10, ink)
	d.text(marginX, d.y, 100, 5, "L", s.Customer.Name)
	d.y += 5
	d.font("", 9, ink)
	for _, l := range addressLines(s.Customer.Address, s.Customer.Address.Country) {
		d.text(marginX, d.y, 100, 4.3, "L", l)
		d.y += 4.3
	}
	d.y += 5

	var open, paid []StatementItem
	for _, it := range s.Items {
		if it.open().IsZero() {
			paid = append(paid, it)
		} else {
			open = append(open, it)
		}
	}
	byDate := func(a, b StatementItem) int {
		return cmp.Or(dateCmp(a.DueDate, b.DueDate), dateCmp(a.IssueDate, b.IssueDate), cmp.Compare(a.Number, b.Number))
	}
	slices.SortStableFunc(open, byDate)
	slices.SortStableFunc(paid, byDate)

	balance := decimal.Zero
	ageing := make([]decimal.Decimal, 5)
	d.section(w.openItems)
	if len(open) == 0 {
		d.font("", 9, muted)
		d.text(marginX, d.y, contentW, 5, "L", w.none)
		d.y += 8
	} else {
		d.tableHeader(w.stmtColumns[:], stmtColumns[:])
		for i, it := range open {
			o := it.open()
			balance = balance.Add(o)
			late := 0 // a credit note is owed to the customer: never late
			if !it.CreditNote && !it.DueDate.IsZero() && it.DueDate.Before(s.Date) {
				late = it.DueDate.DaysUntil(s.Date)
			}
			ageing[ageBucket(late)] = ageing[ageBucket(late)].Add(o)
			due := n.date(it.DueDate)
			if late > 0 {
				due += " · " + fill(w.daysOverdue, "days", fmt.Sprint(late))
			}
			d.stmtRow(i, [6]string{d.docName(it), n.date(it.IssueDate), due, n.amount(signed(it, it.Amount), s.Currency),
				n.amount(signed(it, it.Paid), s.Currency), n.amount(o, s.Currency)}, late > 0)
		}
		d.hrule(marginX, d.y, contentW, 0.4, accent)
		d.y += 2
	}

	// The balance, and its ageing under it.
	d.room(26)
	d.rect(marginX+contentW-80, d.y, 80, 9, panel)
	d.font("B", 10, ink)
	d.text(marginX+contentW-78, d.y, 40, 9, "L", w.balance)
	d.text(marginX+contentW-40, d.y, 38, 9, "R", n.money(balance, s.Currency))
	d.y += 13
	d.font("B", 8.5, ink)
	d.text(marginX, d.y, contentW, 5, "L", w.ageing)
	d.y += 5.5
	labels := []string{w.notDue, w.overdue1, w.overdue31, w.overdue61, w.overdue90}
	cw := contentW / 5
	for i, l := range labels {
		x := marginX + float64(i)*cw
		d.rect(x+0.5, d.y, cw-1, 12, stripe)
		d.font("", 7, muted)
		d.text(x+2, d.y+1, cw-4, 4, "L", l)
		c := ink
		if i > 0 && ageing[i].IsPositive() {
			c = d.accent
		}
		d.font("B", 9, c)
		d.text(x+2, d.y+5.5, cw-4, 5, "R", n.amount(ageing[i], s.Currency))
	}
	d.y += 18

	if len(paid) > 0 {
		d.room(headH + 20)
		d.section(w.paidItems)
		d.tableHeader(w.stmtColumns[:], stmtColumns[:])
		for i, it := range paid {
			d.stmtRow(i, [6]string{d.docName(it), n.date(it.IssueDate), n.date(it.DueDate), n.amount(signed(it, it.Amount), s.Currency),
				n.amount(signed(it, it.Paid), s.Currency), n.amount(decimal.Zero, s.Currency)}, false)
		}
	}
	return d
}

func dateCmp(a, b cal.Date) int {
	switch {
	case a.Before(b):
		return -1
	case b.Before(a):
		return 1
	}
	return 0
}

// signed is an amount of the item as the customer owes it: negative on a credit note.
func signed(it StatementItem, v decimal.Decimal) decimal.Decimal {
	if it.CreditNote {
		return v.Neg()
	}
	return v
}

// ageBucket is the ageing column of an item days late.
func ageBucket(late int) int {
	switch {
	case late <= 0:
		return 0
	case late <= 30:
		return 1
	case late <= 60:
		return 2
	case late <= 90:
		return 3
	}
	return 4
}

// docName names an item: its number, marked when it is a credit note.
func (d *doc) docName(it StatementItem) string {
	if it.CreditNote {
		return d.w.creditNote + " " + it.Number
	}
	return it.Number
}

// section writes a small heading.
func (d *doc) section(title string) {
	d.room(headH + 14)
	d.font("B", 10, ink)
	d.text(marginX, d.y, contentW, 6, "L", title)
	d.y += 7
}

// stmtRow writes one row of the statement table, shaded every other row; late marks it.
func (d *doc) stmtRow(i int, cells [6]string, late bool) {
	const h = rowLineH + 2*rowPad
	if d.room(h) {
		d.tableHeader(d.w.stmtColumns[:], stmtColumns[:])
	}
	if i%2 == 1 {
		d.rect(marginX, d.y, contentW, h, stripe)
	}
	x := marginX
	for k, c := range stmtColumns {
		col := ink
		if late && k == 2 {
			col = d.accent
		}
		d.font("", 8.5, col)
		d.text(x+cellPad, d.y+rowPad, c.w-2*cellPad, rowLineH, align(c), d.shorten(cells[k], c.w-2*cellPad))
		x += c.w
	}
	d.y += h
}
