package verify

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

// checkTotals checks that the document adds up: each stated line total against quantity ×
// stated unit price, totals.net against the lines, totals.tax against the VAT of the lines per
// rate, and totals.gross against net + tax. Only what the document states is compared, with
// the document's own prices (a price that differs from ours is PRICE_MISMATCH, not this).
func (c *checker) checkTotals() {
	tol := c.r.TotalsTolerance
	lines := c.d.Lines
	amounts := make([]decimal.Decimal, len(lines)) // each line's amount as the document has it
	allKnown := len(lines) > 0
	for i := range lines {
		l := &lines[i]
		var calc *decimal.Decimal
		if l.Quantity != nil && l.UnitPrice != nil {
			v := c.cur.Round(l.Quantity.Mul(*l.UnitPrice))
			calc = &v
		}
		switch {
		case l.LineTotal != nil:
			amounts[i] = *l.LineTotal
			if calc != nil && l.LineTotal.Sub(*calc).Abs().GreaterThan(tol) {
				c.add(o2c.AnomalyTotalsMismatch, c.lineField(i, "line_total"), "%s: line total %s is not quantity %s × unit price %s = %s",
					c.lineLabel(i, l, c.skuOf(i)), c.amount(*l.LineTotal), l.Quantity, formatPrice(*l.UnitPrice, string(c.cur)), c.amount(*calc))
			}
		case calc != nil:
			amounts[i] = *calc
		default:
			allKnown = false
		}
	}
	t := c.d.Totals
	if t == nil {
		return
	}
	var lineSum *decimal.Decimal
	if allKnown {
		v := decimal.Sum(decimal.Zero, amounts...)
		lineSum = &v
	}
	if t.Net != nil && lineSum != nil && t.Net.Sub(*lineSum).Abs().GreaterThan(tol) {
		c.add(o2c.AnomalyTotalsMismatch, "totals.net", "the stated net total %s is not the sum of the lines %s (difference %s)",
			c.amount(*t.Net), c.amount(*lineSum), c.amount(t.Net.Sub(*lineSum)))
	}

	taxPerGroup, taxPerLine, onNet, groups, taxKnown := c.lineTax(amounts, allKnown, t.Net)
	if t.Tax != nil && taxKnown && t.Tax.Sub(taxPerGroup).Abs().GreaterThan(tol) && t.Tax.Sub(taxPerLine).Abs().GreaterThan(tol) &&
		(onNet == nil || t.Tax.Sub(*onNet).Abs().GreaterThan(tol)) {
		c.add(o2c.AnomalyTotalsMismatch, "totals.tax", "the stated tax %s is not the VAT of the lines %s (%s)",
			c.amount(*t.Tax), c.amount(taxPerGroup), groups)
	}

	if t.Gross != nil {
		net, tax := t.Net, t.Tax
		if net == nil {
			net = lineSum
		}
		if tax == nil && taxKnown {
			tax = &taxPerGroup
		}
		if net != nil && tax != nil {
			want := net.Add(*tax)
			if t.Gross.Sub(want).Abs().GreaterThan(tol) {
				c.add(o2c.AnomalyTotalsMismatch, "totals.gross", "the stated gross total %s is not net %s + tax %s = %s",
					c.amount(*t.Gross), c.amount(*net), c.amount(*tax), c.amount(want))
			}
		}
	}
}

// lineTax computes the VAT of the lines from their products' rates, rounded per rate (the
// usual rule of invoices) and, as some documents do, per line. It is known only when every line's
// amount is and every line's product has a rate. When all lines have one rate, onNet is that
// rate applied to the stated net, so that a wrong line total is not reported a second time as
// a wrong tax.
func (c *checker) lineTax(amounts []decimal.Decimal, allKnown bool, statedNet *decimal.Decimal) (perGroup, perLine decimal.Decimal, onNet *decimal.Decimal, groups string, ok bool) {
	if !allKnown {
		return decimal.Zero, decimal.Zero, nil, "", false
	}
	type group struct{ rate, base decimal.Decimal }
	var gs []group
	for i := range amounts {
		if i >= len(c.v.Lines) || c.v.Lines[i].SKU == "" {
			return decimal.Zero, decimal.Zero, nil, "", false
		}
		p, found := c.x.Product(c.v.Lines[i].SKU)
		if !found || p.VATRate == nil {
			return decimal.Zero, decimal.Zero, nil, "", false
		}
		perLine = perLine.Add(c.cur.Round(amounts[i].Mul(*p.VATRate).Shift(-2)))
		k := slices.IndexFunc(gs, func(g group) bool { return g.rate.Equal(*p.VATRate) })
		if k < 0 {
			gs = append(gs, group{rate: *p.VATRate})
			k = len(gs) - 1
		}
		gs[k].base = gs[k].base.Add(amounts[i])
	}
	slices.SortFunc(gs, func(a, b group) int { return b.rate.Cmp(a.rate) })
	parts := make([]string, 0, len(gs))
	for _, g := range gs {
		tax := c.cur.Round(g.base.Mul(g.rate).Shift(-2))
		perGroup = perGroup.Add(tax)
		parts = append(parts, fmt.Sprintf("%s%% of %s = %s", g.rate, c.amount(g.base), c.amount(tax)))
	}
	if len(gs) == 1 && statedNet != nil {
		v := c.cur.Round(statedNet.Mul(gs[0].rate).Shift(-2))
		onNet = &v
	}
	return perGroup, perLine, onNet, strings.Join(parts, "; "), true
}

// skuOf returns the SKU resolved for line i, "" when unknown.
func (c *checker) skuOf(i int) string {
	if i < len(c.v.Lines) {
		return c.v.Lines[i].SKU
	}
	return ""
}
