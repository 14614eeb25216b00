package pdf

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/invoice"
)

// The line table: a header row in the accent colour repeated on every page, rows shaded in turn
// and never split across pages, numbers right-aligned.

// column is one column of the line table.
type column struct {
	w     float64 // width in mm
	right bool    // numbers are right-aligned
}

// columns: #, description, quantity and unit, unit price, line allowances and charges, VAT,
// net amount. They add up to contentW.
var columns = [7]column{{9, false}, {71, false}, {21, true}, {23, true}, {18, true}, {12, true}, {20, true}}

// Sizes of the table.
const (
	cellPad    = 1.5 // left and right of the text in a cell
	headH      = 7.0
	rowPad     = 1.6 // above and below the text of a row
	rowLineH   = 4.0 // a line of 8.5 pt text
	smallLineH = 3.3 // a line of 7 pt text
	maxLines   = 14  // longer texts are cut with "…": a row must fit on a page
)

// laidRow is a line laid out: the wrapped name and the small lines under it.
type laidRow struct {
	name, small []string
	cells       [7]string
	h           float64
}

// lines writes the invoice lines.
func (d *invoiceDoc) lines() {
	d.room(headH + rowLineH + 2*rowPad)
	d.tableHeader(d.w.columns[:], columns[:])
	for i, l := range d.inv.Lines {
		r := d.layoutLine(l)
		if d.room(r.h) {
			d.tableHeader(d.w.columns[:], columns[:])
		}
		d.row(i, r)
	}
	d.hrule(marginX, d.y, contentW, 0.4, d.accent)
	d.y += 4
}

// tableHeader writes a header row of labels over cols.
func (d *doc) tableHeader(labels []string, cols []column) {
	d.rect(marginX, d.y, contentW, headH, d.accent)
	x := marginX
	for i, c := range cols {
		d.fit("B", 7.5, c.w-2*cellPad, labels[i])
		d.f.SetTextColor(white.r, white.g, white.b)
		d.text(x+cellPad, d.y, c.w-2*cellPad, headH, align(c), labels[i])
		x += c.w
	}
	d.y += headH
}

func align(c column) string {
	if c.right {
		return "R"
	}
	return "L"
}

// layoutLine wraps the texts of a line to their column.
func (d *invoiceDoc) layoutLine(l invoice.Line) laidRow {
	n, w, cur := d.n, d.w, d.inv.Currency
	tw := columns[1].w - 2*cellPad
	var r laidRow
	d.font("", 8.5, ink)
	r.name = capLines(d.wrap(l.Name, tw), maxLines)
	var small []string
	if l.Description != "" {
		small = append(small, l.Description)
	}
	var ids []string
	if l.SellerItemID != "" {
		ids = append(ids, w.item+" "+l.SellerItemID)
	}
	if l.StandardID.Value != "" {
		ids = append(ids, w.gtin+" "+l.StandardID.Value)
	}
	if l.BuyerItemID != "" {
		ids = append(ids, w.buyerItem+" "+l.BuyerItemID)
	}
	if l.OrderLineRef != "" {
		ids = append(ids, w.orderLine+" "+l.OrderLineRef)
	}
	if len(ids) > 0 {
		small = append(small, strings.Join(ids, " · "))
	}
	if !l.Period.IsZero() {
		small = append(small, w.period+" "+n.period(l.Period.Start, l.Period.End))
	}
	if l.GrossPrice != nil && !l.GrossPrice.Equal(l.NetPrice) {
		small = append(small, fill(w.listPrice, "price", n.price(*l.GrossPrice, cur)))
	}
	for _, c := range l.Charges {
		small = append(small, d.lineChargeText(c))
	}
	if l.Note != "" {
		small = append(small, l.Note)
	}
	d.font("", 7, muted)
	for _, s := range small {
		r.small = append(r.small, d.wrap(s, tw)...)
	}
	r.small = capLines(r.small, maxLines)

	price := n.price(l.NetPrice, cur)
	if l.BaseQuantity != nil && !l.BaseQuantity.Equal(decimal.NewFromInt(1)) {
		price = fill(w.per, "price", price, "qty", n.quantity(*l.BaseQuantity))
	}
	adj := decimal.Zero
	for _, c := range l.Charges {
		if c.Charge {
			adj = adj.Add(c.Amount)
		} else {
			adj = adj.Sub(c.Amount)
		}
	}
	r.cells = [7]string{0: l.ID, 2: n.quantity(l.Quantity) + "\u00a0" + n.unit(l.Unit), 3: price, 5: d.vatShort(l.VAT), 6: n.amount(l.NetAmount, cur)}
	if len(l.Charges) > 0 {
		r.cells[4] = n.amount(adj, cur)
	}
	text := float64(len(r.name))*rowLineH + float64(len(r.small))*smallLineH
	r.h = max(text, rowLineH) + 2*rowPad
	return r
}

// lineChargeText describes a line allowance or charge: "Remise 12,5 % : −23,74".
func (d *invoiceDoc) lineChargeText(c invoice.LineCharge) string {
	n, cur := d.n, d.inv.Currency
	reason := c.Reason
	if reason == "" {
		reason = d.w.allowance
		if c.Charge {
			reason = d.w.charge
		}
	}
	if c.Percent != nil {
		reason += " " + n.percent(*c.Percent)
	}
	amount := c.Amount
	if !c.Charge {
		amount = amount.Neg()
	}
	return reason + ": " + n.amount(amount, cur)
}

// vatShort is the VAT of a line in its column: the rate for standard and zero rated lines, the
// category code for the others, which the VAT breakdown explains.
func (d *doc) vatShort(v invoice.VAT) string {
	if v.Category == invoice.CategoryStandard || v.Category == invoice.CategoryZero {
		return d.n.percent(v.Rate)
	}
	return string(v.Category)
}

// row writes one laid out line, shaded every other row.
func (d *invoiceDoc) row(i int, r laidRow) {
	if i%2 == 1 {
		d.rect(marginX, d.y, contentW, r.h, stripe)
	}
	top := d.y + rowPad
	x := marginX
	for j, c := range columns {
		s := r.cells[j]
		if s != "" {
			d.fit("", 8.5, c.w-2*cellPad, s) // a huge amount shrinks rather than spill into its neighbour
			d.f.SetTextColor(ink.r, ink.g, ink.b)
			d.text(x+cellPad, top, c.w-2*cellPad, rowLineH, align(c), s)
		}
		x += c.w
	}
	tx, tw := marginX+columns[0].w+cellPad, columns[1].w-2*cellPad
	y := top
	d.font("", 8.5, ink)
	for _, l := range r.name {
		d.text(tx, y, tw, rowLineH, "L", l)
		y += rowLineH
	}
	d.font("", 7, muted)
	for _, l := range r.small {
		d.text(tx, y, tw, smallLineH, "L", l)
		y += smallLineH
	}
	d.y += r.h
}
