package verify

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

// checkLines resolves every line and checks its quantity, unit, price and stock. It builds
// Verification.Lines: the price to charge is the agreed one when known, else the stated one,
// and each line total is quantity × that price rounded to the currency.
func (c *checker) checkLines() {
	if len(c.d.Lines) == 0 {
		c.add(o2c.AnomalyMissingField, "lines", "the order has no lines")
		return
	}
	ordered := make(map[int]decimal.Decimal) // product -> quantity on the lines so far, for stock
	net := decimal.Zero
	for i := range c.d.Lines {
		l := &c.d.Lines[i]
		m := c.resolveProduct(i, l)
		ol := o2c.OrderLine{
			LineNo:      l.LineNo,
			BuyerSKU:    strings.TrimSpace(l.BuyerSKU),
			Description: strings.TrimSpace(l.Description),
			Unit:        normUnit(l.Unit),
			MatchedBy:   m.by,
			MatchScore:  m.score,
		}
		if ol.LineNo <= 0 {
			ol.LineNo = i + 1
		}
		var p *o2c.Product
		if m.prod >= 0 {
			p = &c.x.products[m.prod]
			ol.SKU = p.SKU
			if ol.Description == "" {
				ol.Description = p.Description
			}
			if ol.Unit == "" {
				ol.Unit = normUnit(p.Unit)
			}
		}
		label := c.lineLabel(i, l, ol.SKU)

		qtyOK := false
		if l.Quantity == nil {
			c.add(o2c.AnomalyMissingField, c.lineField(i, "quantity"), "%s has no quantity", label)
		} else {
			ol.Quantity = *l.Quantity
			qtyOK = c.checkQuantity(i, label, ol.Quantity)
		}
		sameUnit := true
		if p != nil && l.Unit != "" && p.Unit != "" && normUnit(l.Unit) != normUnit(p.Unit) {
			sameUnit = false
			c.add(o2c.AnomalyQuantityRule, c.lineField(i, "unit"), "%s is ordered in %s but the product is sold in %s; convert the quantity and price",
				label, unitName(l.Unit), unitName(p.Unit))
		}
		if p != nil && qtyOK && sameUnit {
			c.checkPackRules(i, label, p, ol.Quantity)
			before := ordered[m.prod]
			ordered[m.prod] = before.Add(ol.Quantity)
			c.checkStock(i, label, p, ol.Quantity, before)
		}
		ol.UnitPrice = c.checkPrice(i, label, l, p, sameUnit)
		ol.LineTotal = c.cur.Round(ol.Quantity.Mul(ol.UnitPrice))
		net = net.Add(ol.LineTotal)
		c.v.Lines = append(c.v.Lines, ol)
	}
	c.v.NetTotal = net
}

// checkQuantity reports a quantity that is not positive; the other rules need a positive one.
func (c *checker) checkQuantity(i int, label string, q decimal.Decimal) bool {
	if q.Sign() <= 0 {
		c.add(o2c.AnomalyQuantityRule, c.lineField(i, "quantity"), "%s: quantity %s must be more than zero", label, q)
		return false
	}
	return true
}

func (c *checker) checkPackRules(i int, label string, p *o2c.Product, q decimal.Decimal) {
	field := c.lineField(i, "quantity")
	if moq := p.MinOrderQty; moq != nil && q.LessThan(*moq) {
		c.add(o2c.AnomalyQuantityRule, field, "%s: quantity %s is below the minimum order quantity %s", label, q, moq)
	}
	if pack := p.PackSize; pack != nil && pack.Sign() > 0 && !q.Mod(*pack).IsZero() {
		down := q.Div(*pack).Floor().Mul(*pack)
		up := down.Add(*pack)
		hint := fmt.Sprintf("%s or %s", down, up)
		if down.IsZero() {
			hint = up.String()
		}
		c.add(o2c.AnomalyQuantityRule, field, "%s: quantity %s is not a multiple of the pack size %s (order %s)", label, q, pack, hint)
	}
}

// checkStock compares what the order asks of a product so far with its stock, when tracked: the
// ERP's level when Input.Stock has one, else the master data's.
func (c *checker) checkStock(i int, label string, p *o2c.Product, q, before decimal.Decimal) {
	stock, where := p.StockQty, "in stock"
	if level, ok := c.in.Stock[p.SKU]; ok {
		stock, where = &level, "in stock in "+cmp.Or(c.in.StockFrom, "the ERP")
	}
	if stock == nil {
		return
	}
	total := before.Add(q)
	if !total.GreaterThan(*stock) {
		return
	}
	if before.IsZero() {
		c.add(o2c.AnomalyInsufficientStock, c.lineField(i, "quantity"), "%s: quantity %s is more than the %s %s", label, q, stock, where)
		return
	}
	c.add(o2c.AnomalyInsufficientStock, c.lineField(i, "quantity"), "%s: quantity %s plus %s on earlier lines makes %s, more than the %s %s",
		label, q, before, total, stock, where)
}

// checkPrice compares the stated unit price with the agreed one and returns the price to charge.
func (c *checker) checkPrice(i int, label string, l *o2c.DraftLine, p *o2c.Product, sameUnit bool) decimal.Decimal {
	stated := l.UnitPrice
	field := c.lineField(i, "unit_price")
	if p == nil || c.cust == nil || !sameUnit || c.currencyMismatch {
		// Nothing to compare with: the product, the customer (and so its prices), the unit or
		// the currency is in question, and that anomaly holds the order already.
		switch {
		case stated != nil:
			return *stated
		case p != nil && p.UnitPrice != nil && sameUnit && !c.currencyMismatch &&
			(p.Currency == "" || strings.EqualFold(p.Currency, string(c.cur))):
			return *p.UnitPrice
		}
		return decimal.Zero
	}
	agreed, cur, source, ok := c.agreedPrice(p)
	if ok && c.cur != "" && cur != string(c.cur) {
		c.add(o2c.AnomalyPriceMismatch, field, "%s: there is no agreed price in %s, only the %s of %s", label, c.cur, source, formatPrice(agreed, cur))
		if stated != nil {
			return *stated
		}
		return decimal.Zero
	}
	switch {
	case !ok && stated == nil:
		c.add(o2c.AnomalyPriceMismatch, field, "%s: the order states no unit price and there is no customer or list price for the product", label)
		return decimal.Zero
	case !ok:
		c.add(o2c.AnomalyPriceMismatch, field, "%s: unit price %s cannot be checked: there is no customer or list price for the product",
			label, formatPrice(*stated, string(c.cur)))
		return *stated
	case stated == nil:
		return agreed
	}
	diff := stated.Sub(agreed).Abs()
	if diff.LessThanOrEqual(c.r.PriceToleranceAmount) {
		return agreed
	}
	hundred := decimal.NewFromInt(100)
	if diff.Mul(hundred).LessThanOrEqual(c.r.PriceTolerancePercent.Mul(agreed.Abs())) {
		return agreed
	}
	pct := ""
	if !agreed.IsZero() {
		pct = " by " + diff.Mul(hundred).DivRound(agreed.Abs(), 2).String() + "%"
	}
	c.add(o2c.AnomalyPriceMismatch, field, "%s: unit price %s differs from the agreed price %s (%s)%s, tolerance %s%% or %s",
		label, formatPrice(*stated, cur), formatPrice(agreed, cur), source, pct, c.r.PriceTolerancePercent, formatPrice(c.r.PriceToleranceAmount, cur))
	return agreed
}

// agreedPrice is the customer's price valid on the order date (else today), else the list price.
func (c *checker) agreedPrice(p *o2c.Product) (price decimal.Decimal, currency, source string, ok bool) {
	if c.cust != nil {
		if cp, found := c.x.customerPrice(c.cust.ID, p.SKU, c.priceDate()); found {
			cur := strings.ToUpper(c.cust.Currency)
			if cur == "" {
				cur = string(c.cur)
			}
			valid := "valid from " + cp.ValidFrom.String()
			if !cp.ValidTo.IsZero() {
				valid = "valid " + cp.ValidFrom.String() + ".." + cp.ValidTo.String()
			}
			return cp.UnitPrice, cur, "customer price " + valid, true
		}
	}
	if p.UnitPrice != nil {
		cur := strings.ToUpper(p.Currency)
		if cur == "" {
			cur = string(c.cur)
		}
		return *p.UnitPrice, cur, "list price", true
	}
	return decimal.Zero, "", "", false
}

// pieceUnits are the codes documents use for "one piece": UN/ECE Rec. 20 C62 (one), H87
// (piece) and EA (each), and the EDIFACT and national habits PCE, PCS, PC, ST, STK, PZ.
var pieceUnits = map[string]bool{"C62": true, "H87": true, "EA": true, "PCE": true, "PCS": true, "PC": true,
	"ST": true, "STK": true, "PZ": true, "UN": true, "UNIT": true, "UNITS": true, "PIECE": true, "PIECES": true}

// unitAliases maps the usual non-Rec.-20 unit spellings to their Rec. 20 codes.
var unitAliases = map[string]string{"KG": "KGM", "L": "LTR", "LT": "LTR", "M": "MTR", "G": "GRM", "M2": "MTK", "M3": "MTQ"}

// normUnit writes a unit as its Rec. 20 code, pieces as C62.
func normUnit(u string) string {
	u = strings.ToUpper(strings.TrimSpace(u))
	if pieceUnits[u] {
		return "C62"
	}
	if a, ok := unitAliases[u]; ok {
		return a
	}
	return u
}

func unitName(u string) string {
	if n := normUnit(u); n != strings.ToUpper(strings.TrimSpace(u)) {
		return fmt.Sprintf("%s (%s)", u, n)
	}
	return u
}
