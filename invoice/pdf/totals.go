package pdf

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/invoice"
)

// documentCharges lists the document-level allowances and charges, signed.
func (d *invoiceDoc) documentCharges() {
	inv, n := d.inv, d.n
	if len(inv.Charges) == 0 {
		return
	}
	const reasonW, vatW, amountW = 124.0, 22.0, 28.0
	d.room(6 + float64(len(inv.Charges))*5)
	d.font("B", 7, muted)
	d.text(marginX, d.y, contentW, 4, "L", strings.ToUpper(d.w.docCharges))
	d.y += 5
	for _, c := range inv.Charges {
		reason := c.Reason
		if reason == "" {
			reason = d.w.allowance
			if c.Charge {
				reason = d.w.charge
			}
		}
		if c.Percent != nil {
			base := ""
			if c.Base != nil {
				base = " × " + n.amount(*c.Base, inv.Currency)
			}
			reason += " (" + n.percent(*c.Percent) + base + ")"
		}
		amount := c.Amount
		if !c.Charge {
			amount = amount.Neg()
		}
		d.font("", 8.5, ink)
		lines := capLines(d.wrap(reason, reasonW), 3)
		h := float64(len(lines))*4.2 + 0.8
		d.room(h)
		for i, l := range lines {
			d.text(marginX, d.y+float64(i)*4.2, reasonW, 4.2, "L", l)
		}
		d.text(marginX+reasonW, d.y, vatW, 4.2, "R", d.vatShort(c.VAT))
		d.text(rightEdge-amountW, d.y, amountW-cellPad, 4.2, "R", n.amount(amount, inv.Currency))
		d.y += h
	}
	d.hrule(marginX, d.y+0.5, contentW, 0.2, ruleGrey)
	d.y += 5
}

// totalRow is one line of the totals box.
type totalRow struct {
	label, value string
	strong       bool
}

// The summary: the VAT breakdown on the left, the totals on the right.
const (
	vatBoxW    = 94.0
	totalsW    = 72.0
	sumLineH   = 5.0
	dueH       = 9.0
	vatHeadH   = 5.5
	reasonLine = 3.3
)

// summary writes the VAT breakdown and the totals side by side, kept together on one page.
func (d *invoiceDoc) summary() {
	totals := d.totalRows()
	vatRows, vatH := d.vatRows()
	totalsH := 5 + float64(len(totals))*sumLineH + dueH
	d.room(max(vatH, totalsH) + 2)
	top := d.y
	d.drawVAT(vatRows)
	vatBottom := d.y
	d.y = top
	d.drawTotals(totals)
	d.y = max(d.y, vatBottom) + 6
}

// vatRow is one breakdown, laid out.
type vatRow struct {
	label, taxable, tax string
	reason              []string
}

var vatCols = [3]column{{44, false}, {26, true}, {24, true}}

func (d *invoiceDoc) vatRows() ([]vatRow, float64) {
	inv, n := d.inv, d.n
	rows := make([]vatRow, 0, len(inv.VATBreakdown))
	h := 5.0 + vatHeadH
	for _, b := range inv.VATBreakdown {
		label := d.w.categories[string(b.Category)]
		if label == "" {
			label = string(b.Category)
		}
		if b.Category == invoice.CategoryStandard || b.Category == invoice.CategoryZero {
			label += " " + n.percent(b.Rate)
		} else {
			label += " (" + string(b.Category) + ")"
		}
		r := vatRow{label: label, taxable: n.amount(b.TaxableAmount, inv.Currency), tax: n.amount(b.TaxAmount, inv.Currency)}
		reason := strings.TrimSpace(b.ExemptionReason)
		if b.ExemptionCode != "" {
			reason = strings.TrimSpace(reason + " (" + b.ExemptionCode + ")")
		}
		if reason != "" {
			d.font("", 7, muted)
			r.reason = capLines(d.wrap(reason, vatBoxW-2*cellPad), 4)
		}
		h += sumLineH + float64(len(r.reason))*reasonLine
		rows = append(rows, r)
	}
	return rows, h
}

func (d *invoiceDoc) drawVAT(rows []vatRow) {
	d.font("B", 7, muted)
	d.text(marginX, d.y, vatBoxW, 4, "L", strings.ToUpper(d.w.vatBreakdown))
	d.y += 5
	d.rect(marginX, d.y, vatBoxW, vatHeadH, panel)
	labels := [3]string{d.w.vatCategory, d.w.taxable, d.w.vatAmount}
	x := marginX
	for i, c := range vatCols {
		d.font("B", 7, muted)
		d.text(x+cellPad, d.y, c.w-2*cellPad, vatHeadH, align(c), labels[i])
		x += c.w
	}
	d.y += vatHeadH
	for _, r := range rows {
		x := marginX
		d.font("", 8.5, ink)
		for i, s := range [3]string{r.label, r.taxable, r.tax} {
			c := vatCols[i]
			d.fit("", 8.5, c.w-2*cellPad, s)
			d.text(x+cellPad, d.y, c.w-2*cellPad, sumLineH, align(c), s)
			x += c.w
		}
		d.y += sumLineH
		d.font("", 7, muted)
		for _, l := range r.reason {
			d.text(marginX+cellPad, d.y-0.6, vatBoxW-2*cellPad, reasonLine, "L", l)
			d.y += reasonLine
		}
		d.hrule(marginX, d.y, vatBoxW, 0.15, ruleGrey)
	}
}

// totalRows are the totals, from the sum of the lines to the amount due (which is drawn apart).
func (d *invoiceDoc) totalRows() []totalRow {
	t, n, w, cur := d.inv.Totals, d.n, d.w, d.inv.Currency
	var rows []totalRow
	add := func(label string, v decimal.Decimal, strong, always bool) {
		if always || !v.IsZero() {
			rows = append(rows, totalRow{label, n.amount(v, cur), strong})
		}
	}
	hasCharges := !t.AllowanceTotal.IsZero() || !t.ChargeTotal.IsZero()
	add(w.lineTotal, t.LineTotal, false, hasCharges)
	add(w.allowances, t.AllowanceTotal.Neg(), false, false)
	add(w.charges, t.ChargeTotal, false, false)
	add(w.netTotal, t.TaxExclusive, true, true)
	add(w.vatTotal, t.TaxTotal, false, true)
	add(w.gross, t.TaxInclusive, true, true)
	if tc := d.inv.TaxCurrency; tc != "" && tc != cur {
		rows = append(rows, totalRow{fill(w.vatTotalIn, "currency", tc), n.money(t.TaxTotalInTaxCur, tc), false})
	}
	add(w.prepaid, t.Prepaid.Neg(), false, false)
	add(w.rounding, t.Rounding, false, false)
	return rows
}

func (d *invoiceDoc) drawTotals(rows []totalRow) {
	x := rightEdge - totalsW
	d.font("", 7, muted)
	d.text(x, d.y, totalsW, 4, "R", fill(d.w.amountsIn, "currency", d.inv.Currency))
	d.y += 5
	for _, r := range rows {
		style := ""
		if r.strong {
			style = "B"
		}
		d.font(style, 8.5, ink)
		d.text(x+cellPad, d.y, totalsW*0.6, sumLineH, "L", r.label)
		d.fit(style, 8.5, totalsW*0.4-2*cellPad, r.value)
		d.text(x+totalsW*0.6, d.y, totalsW*0.4-cellPad, sumLineH, "R", r.value)
		d.y += sumLineH
		if r.strong {
			d.hrule(x, d.y, totalsW, 0.15, ruleGrey)
		}
	}
	d.y += 1
	d.rect(x, d.y, totalsW, dueH, d.accent)
	d.font("B", 10, white)
	d.text(x+2.5, d.y, totalsW*0.5, dueH, "L", d.w.due)
	due := d.n.money(d.inv.Totals.Payable, d.inv.Currency)
	d.fit("B", 11, totalsW*0.5-4, due)
	d.f.SetTextColor(white.r, white.g, white.b)
	d.text(x+totalsW*0.5, d.y, totalsW*0.5-2.5, dueH, "R", due)
	d.y += dueH
}
