package invoice

import (
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/money"
)

// priceDivisionPlaces is the precision of a net price divided by its base quantity before the line
// amount is rounded; a price per 1000 units keeps its full precision at this scale.
const priceDivisionPlaces = 10

// amountPlaces is the number of decimals of the amounts of an invoice in currency cur: the
// currency's own scale (JPY 0, EUR 2), but never more than 2, the most EN 16931 allows in an
// amount (BR-DEC-*). KWD amounts are therefore rounded to 2 places too.
func amountPlaces(cur string) int32 {
	return min(money.Currency(cur).Scale(), 2)
}

// round rounds an amount half away from zero to the invoice's amount places.
func (inv *Invoice) round(d decimal.Decimal) decimal.Decimal {
	return money.RoundHalfAway(d, amountPlaces(inv.Currency))
}

// Calculate returns a copy of in with every computed amount set as EN 16931 requires:
//
//   - percentage allowances and charges: Base x Percent / 100, rounded;
//   - each line net amount (BT-131): quantity x net price / base quantity + line charges - line
//     allowances, rounded to the currency's places (at most 2) once, at the end;
//   - one VAT breakdown (BG-23) per VAT category and rate, in the order the categories first
//     appear: the taxable amount is the sum of the line net amounts plus the charges minus the
//     allowances of that category and rate, and the VAT is taxable x rate / 100 rounded once per
//     breakdown (never per line), which is what BR-CO-17 checks;
//   - the totals (BG-22), as sums of rounded amounts, so that BR-CO-10 to BR-CO-16 hold exactly.
//
// Amounts are rounded half away from zero. The exemption reason of a breakdown is the first one
// given on a line or charge of that category and rate.
//
// Errors: CodeInvalid when an amount cannot be computed: a base quantity that is not > 0
// (INV-10) or a currency that is not an ISO 4217 code (BR-CL-04).
func Calculate(in Invoice) (Invoice, error) {
	var faults []o2c.Fault
	if _, err := money.ParseCurrency(in.Currency); err != nil || len(in.Currency) != 3 {
		faults = append(faults, o2c.Fault{Rule: "BR-CL-04", Path: "$.currency", Message: fmt.Sprintf("currency %q is not an ISO 4217 code", in.Currency)})
	}
	for i, l := range in.Lines {
		if l.BaseQuantity != nil && l.BaseQuantity.Sign() <= 0 {
			faults = append(faults, o2c.Fault{Rule: RuleBaseQuantity, Path: fmt.Sprintf("$.lines[%d].base_quantity", i),
				Message: "the base quantity of a price must be > 0"})
		}
	}
	faults = append(faults, reasonConflicts(in)...)
	if len(faults) > 0 {
		return in, o2c.Invalid(faults...)
	}

	inv := in
	inv.Lines = slices.Clone(in.Lines)
	inv.Charges = slices.Clone(in.Charges)
	for i := range inv.Lines {
		inv.Lines[i] = inv.calcLine(inv.Lines[i])
	}

	type group struct {
		sub     VATSubtotal
		taxable decimal.Decimal
	}
	var groups []*group
	find := func(v VAT) *group {
		for _, g := range groups {
			if g.sub.Category == v.Category && g.sub.Rate.Equal(v.Rate) {
				return g
			}
		}
		g := &group{sub: VATSubtotal{Category: v.Category, Rate: v.Rate}}
		groups = append(groups, g)
		return g
	}
	var t Totals
	t.Prepaid, t.Rounding = in.Totals.Prepaid, in.Totals.Rounding
	for _, l := range inv.Lines {
		g := find(l.VAT)
		g.taxable = g.taxable.Add(l.NetAmount)
		g.sub.setReason(l.VAT)
		t.LineTotal = t.LineTotal.Add(l.NetAmount)
	}
	for i, c := range inv.Charges {
		if c.Percent != nil {
			if c.Base == nil {
				base := decimal.Zero
				for _, l := range inv.Lines {
					if l.VAT.Category == c.VAT.Category && l.VAT.Rate.Equal(c.VAT.Rate) {
						base = base.Add(l.NetAmount)
					}
				}
				c.Base = &base
			}
			c.Amount = inv.round(c.Base.Mul(*c.Percent).Shift(-2))
			inv.Charges[i] = c
		}
		g := find(c.VAT)
		g.sub.setReason(c.VAT)
		if c.Charge {
			g.taxable = g.taxable.Add(c.Amount)
			t.ChargeTotal = t.ChargeTotal.Add(c.Amount)
		} else {
			g.taxable = g.taxable.Sub(c.Amount)
			t.AllowanceTotal = t.AllowanceTotal.Add(c.Amount)
		}
	}
	inv.VATBreakdown = make([]VATSubtotal, 0, len(groups))
	for _, g := range groups {
		g.sub.TaxableAmount = g.taxable
		g.sub.TaxAmount = inv.round(g.taxable.Mul(g.sub.Rate).Shift(-2))
		if g.sub.Category == CategoryNotSubject {
			g.sub.TaxAmount = decimal.Zero
		}
		inv.VATBreakdown = append(inv.VATBreakdown, g.sub)
		t.TaxTotal = t.TaxTotal.Add(g.sub.TaxAmount)
	}
	// Every line and charge of a breakdown carries the breakdown's exemption reason, as the
	// readers give it back.
	for i := range inv.Lines {
		inv.Lines[i].VAT = withReason(inv.Lines[i].VAT, inv.VATBreakdown)
	}
	for i := range inv.Charges {
		inv.Charges[i].VAT = withReason(inv.Charges[i].VAT, inv.VATBreakdown)
	}
	t.TaxExclusive = t.LineTotal.Sub(t.AllowanceTotal).Add(t.ChargeTotal)
	t.TaxInclusive = t.TaxExclusive.Add(t.TaxTotal)
	t.Payable = t.TaxInclusive.Sub(t.Prepaid).Add(t.Rounding)
	if inv.TaxCurrency != "" && inv.TaxCurrency != inv.Currency {
		t.TaxTotalInTaxCur = money.RoundHalfAway(t.TaxTotal.Mul(inv.TaxExchangeRate), amountPlaces(inv.TaxCurrency))
	}
	inv.Totals = t
	return inv, nil
}

// calcLine computes the allowances and charges and the net amount of one line.
func (inv *Invoice) calcLine(l Line) Line {
	gross := l.Quantity.Mul(l.NetPrice)
	if l.BaseQuantity != nil {
		gross = gross.DivRound(*l.BaseQuantity, priceDivisionPlaces)
	}
	net := gross
	l.Charges = slices.Clone(l.Charges)
	for i, c := range l.Charges {
		if c.Percent != nil {
			if c.Base == nil {
				b := inv.round(gross)
				c.Base = &b
			}
			c.Amount = inv.round(c.Base.Mul(*c.Percent).Shift(-2))
			l.Charges[i] = c
		}
		if c.Charge {
			net = net.Add(c.Amount)
		} else {
			net = net.Sub(c.Amount)
		}
	}
	l.NetAmount = inv.round(net)
	return l
}

// setReason keeps the first exemption reason and code given for the breakdown.
func (s *VATSubtotal) setReason(v VAT) {
	if s.ExemptionReason == "" {
		s.ExemptionReason = v.ExemptionReason
	}
	if s.ExemptionCode == "" {
		s.ExemptionCode = v.ExemptionCode
	}
}

// reasonConflicts finds lines and charges of one VAT category and rate that give different
// exemption reasons: a breakdown has one (INV-02).
func reasonConflicts(in Invoice) []o2c.Fault {
	var faults []o2c.Fault
	type key struct {
		cat  Category
		rate string
	}
	first := map[key]VAT{}
	check := func(path string, v VAT) {
		if v.ExemptionReason == "" && v.ExemptionCode == "" {
			return
		}
		k := key{v.Category, v.Rate.StringFixed(6)}
		f, ok := first[k]
		if !ok {
			first[k] = v
			return
		}
		if f.ExemptionReason != v.ExemptionReason || f.ExemptionCode != v.ExemptionCode {
			faults = append(faults, o2c.Fault{Rule: RuleExemption, Path: path + ".exemption_reason",
				Message: fmt.Sprintf("VAT category %s at %s%% already has exemption reason %q (%s); one breakdown has one", v.Category, v.Rate, f.ExemptionReason, f.ExemptionCode)})
		}
	}
	for i, l := range in.Lines {
		check(fmt.Sprintf("$.lines[%d].vat", i), l.VAT)
	}
	for i, c := range in.Charges {
		check(fmt.Sprintf("$.charges[%d].vat", i), c.VAT)
	}
	return faults
}
