package invoice

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/country"
	"github.com/o2c-project/o2c/money"
)

// Rules of this package that EN 16931 does not number; the others carry the standard's ids
// (BR-16, BR-S-02, BR-CO-10...).
const (
	RuleCorrection    = "INV-01" // a credit note or corrected invoice names the invoice it corrects
	RuleExemption     = "INV-02" // one VAT category and rate has one exemption reason
	RuleRequired      = "INV-03" // a note has a text, an identifier a value
	RuleCreditNoteDue = "INV-04" // a UBL credit note's due date needs a payment means
	RuleBaseQuantity  = "INV-10" // a price's base quantity is > 0
	RuleLineID        = "INV-11" // line ids are unique
	RuleUnit          = "INV-12" // a unit is a UN/ECE Rec. 20/21 code
	RuleNegative      = "INV-13" // allowance and charge amounts, percentages and VAT rates are not negative
	RuleXML           = "INV-20" // the input is not well-formed XML, or breaks a reader limit
	RuleDocument      = "INV-21" // the XML is not a CII or UBL invoice or credit note
	RuleValue         = "INV-22" // a date, amount or code in the XML cannot be read
)

// unitCode is the shape of a UN/ECE Rec. 20 or Rec. 21 (X + package code) unit code.
var unitCode = regexp.MustCompile(`^[A-Z0-9]{2,3}$`)

// paymentMeansCodes are the UNTDID 4461 codes this package accepts (the common ones).
var paymentMeansCodes = []string{"1", "10", "20", "30", "31", "42", "48", "49", "57", "58", "59", "68", "97", "ZZZ"}

// Validate checks the business rules of EN 16931 that the model can check by itself, and
// returns every failure as a fault named by its rule id and the JSON path of the field:
//
//   - the required fields (BR-02 to BR-11, BR-16, BR-21 to BR-26) and codes (type, currency,
//     countries, units, payment means);
//   - the allowance and charge rules (BR-31 to BR-44);
//   - the VAT category rules BR-S, BR-Z, BR-E, BR-AE, BR-IC (K), BR-G and BR-O: rates, the VAT
//     identifiers each category needs, and the exemption reasons required (E, AE, K, G, O) or
//     forbidden (S, Z);
//   - the consistency of the stated amounts: breakdowns (BR-S-08..., BR-CO-17) and totals
//     (BR-CO-10 to BR-CO-16), which hold exactly for the output of Calculate;
//   - payment (BR-61, BR-CO-25) and this package's own rules (INV-*): a credit note names the
//     invoice it corrects, line ids are unique.
//
// Errors: CodeInvalid with the faults; nil when the invoice may be written.
func Validate(inv Invoice) error {
	v := &validator{inv: &inv}
	v.header()
	v.parties()
	v.lines()
	v.charges()
	v.categories()
	v.amounts()
	if len(v.faults) > 0 {
		return o2c.Invalid(v.faults...)
	}
	return nil
}

type validator struct {
	inv    *Invoice
	faults []o2c.Fault
}

func (v *validator) fault(rule, path, format string, args ...any) {
	v.faults = append(v.faults, o2c.Fault{Rule: rule, Path: path, Message: fmt.Sprintf(format, args...)})
}

func (v *validator) required(rule, path, value, what string) {
	if strings.TrimSpace(value) == "" {
		v.fault(rule, path, "%s is required", what)
	}
}

func (v *validator) header() {
	inv := v.inv
	v.required("BR-02", "$.number", inv.Number, "the invoice number")
	if inv.IssueDate.IsZero() {
		v.fault("BR-03", "$.issue_date", "the issue date is required")
	}
	if !slices.Contains(writableTypes, inv.Type) {
		v.fault("BR-04", "$.type", "type code %q is not one of 380, 381, 384, 389, 326, 386", inv.Type)
	}
	if c, err := money.ParseCurrency(inv.Currency); err != nil || string(c) != inv.Currency {
		v.fault("BR-05", "$.currency", "currency %q is not an ISO 4217 code in upper case", inv.Currency)
	}
	if inv.TaxCurrency != "" {
		if c, err := money.ParseCurrency(inv.TaxCurrency); err != nil || string(c) != inv.TaxCurrency {
			v.fault("BR-CL-05", "$.tax_currency", "VAT accounting currency %q is not an ISO 4217 code in upper case", inv.TaxCurrency)
		} else if inv.TaxCurrency == inv.Currency {
			v.fault("PEPPOL-EN16931-R005", "$.tax_currency", "the VAT accounting currency is given only when it differs from the invoice currency")
		} else if inv.Totals.TaxTotalInTaxCur.IsZero() && !inv.Totals.TaxTotal.IsZero() {
			v.fault("BR-53", "$.tax_exchange_rate", "the VAT total in the accounting currency %s is required: give the exchange rate", inv.TaxCurrency)
		}
	}
	if inv.Type.corrects() && len(inv.Preceding) == 0 {
		v.fault(RuleCorrection, "$.preceding", "a credit note or corrected invoice names the invoice it corrects")
	}
	for i, p := range inv.Preceding {
		v.required("BR-55", fmt.Sprintf("$.preceding[%d].number", i), p.Number, "the number of the preceding invoice")
	}
	if !inv.Period.Start.IsZero() && !inv.Period.End.IsZero() && inv.Period.End.Before(inv.Period.Start) {
		v.fault("BR-29", "$.period.end", "the invoicing period ends before it starts")
	}
	for i, n := range inv.Notes {
		v.required(RuleRequired, fmt.Sprintf("$.notes[%d].text", i), n.Text, "the text of a note")
	}
	if !inv.Delivery.Address.IsZero() {
		v.country("BR-57", "$.delivery.address.country", inv.Delivery.Address.Country)
	}
	p := inv.Payment
	if p.MeansCode != "" && !slices.Contains(paymentMeansCodes, p.MeansCode) {
		v.fault("BR-CL-16", "$.payment.means_code", "payment means code %q is not a UNTDID 4461 code", p.MeansCode)
	}
	if p.MeansCode == "" && (p.IBAN != "" || p.BIC != "" || p.Reference != "" || p.MeansText != "") {
		v.fault("BR-49", "$.payment.means_code", "payment instructions need a payment means code (30 credit transfer, 58 SEPA)")
	}
	if (p.MeansCode == "30" || p.MeansCode == "58") && p.IBAN == "" {
		v.fault("BR-61", "$.payment.iban", "a credit transfer needs the payee's account (IBAN)")
	}
	if inv.Totals.Payable.Sign() > 0 && inv.DueDate.IsZero() && strings.TrimSpace(p.Terms) == "" {
		v.fault("BR-CO-25", "$.due_date", "an amount due needs a due date or payment terms")
	}
}

func (v *validator) country(rule, path, code string) {
	if code == "" {
		v.fault(rule, path, "the country code is required")
	} else if !country.Valid(code) {
		v.fault("BR-CL-14", path, "country %q is not an ISO 3166-1 alpha-2 code", code)
	}
}

func (v *validator) parties() {
	inv := v.inv
	v.required("BR-06", "$.seller.name", inv.Seller.Name, "the seller's name")
	v.required("BR-07", "$.buyer.name", inv.Buyer.Name, "the buyer's name")
	v.country("BR-09", "$.seller.address.country", inv.Seller.Address.Country)
	v.country("BR-11", "$.buyer.address.country", inv.Buyer.Address.Country)
	for _, p := range []struct {
		path  string
		party Party
	}{{"$.seller", inv.Seller}, {"$.buyer", inv.Buyer}} {
		if id := p.party.VATID; id != "" && (len(id) < 3 || (!country.Valid(id[:2]) && id[:2] != "EL")) {
			v.fault("BR-CO-09", p.path+".vat_id", "VAT identifier %q does not start with its ISO 3166-1 country code (FR, DE; EL for Greece)", id)
		}
		if p.party.Endpoint.Value != "" && p.party.Endpoint.Scheme == "" {
			v.fault("BR-62", p.path+".endpoint.scheme", "an electronic address needs its scheme (EAS code)")
		}
		for i, id := range p.party.IDs {
			v.required(RuleRequired, fmt.Sprintf("%s.ids[%d].value", p.path, i), id.Value, "an identifier's value")
		}
	}
}

func (v *validator) lines() {
	inv := v.inv
	if len(inv.Lines) == 0 {
		v.fault("BR-16", "$.lines", "an invoice has at least one line")
	}
	ids := make(map[string]int, len(inv.Lines))
	for i, l := range inv.Lines {
		p := fmt.Sprintf("$.lines[%d]", i)
		v.required("BR-21", p+".id", l.ID, "the line id")
		if first, dup := ids[l.ID]; dup && l.ID != "" {
			v.fault(RuleLineID, p+".id", "line id %q is also the id of $.lines[%d]", l.ID, first)
		} else {
			ids[l.ID] = i
		}
		if l.Unit == "" {
			v.fault("BR-23", p+".unit", "the unit of measure is required")
		} else if !unitCode.MatchString(l.Unit) {
			v.fault(RuleUnit, p+".unit", "unit %q is not a UN/ECE Rec. 20 or 21 code (C62, KGM, HUR...)", l.Unit)
		}
		v.required("BR-25", p+".name", l.Name, "the item name")
		if l.NetPrice.Sign() < 0 {
			v.fault("BR-27", p+".net_price", "the net price must not be negative")
		}
		if l.GrossPrice != nil {
			if l.GrossPrice.Sign() < 0 {
				v.fault("BR-28", p+".gross_price", "the gross price must not be negative")
			} else if l.GrossPrice.LessThan(l.NetPrice) {
				v.fault("BR-28", p+".gross_price", "the gross price is below the net price; a price discount cannot be negative")
			}
		}
		if l.BaseQuantity != nil && l.BaseQuantity.Sign() <= 0 {
			v.fault(RuleBaseQuantity, p+".base_quantity", "the base quantity of a price must be > 0")
		}
		if !l.Period.Start.IsZero() && !l.Period.End.IsZero() && l.Period.End.Before(l.Period.Start) {
			v.fault("BR-30", p+".period.end", "the line period ends before it starts")
		}
		if l.StandardID.Value != "" && l.StandardID.Scheme == "" {
			v.fault("BR-64", p+".standard_id.scheme", "an item's standard identifier needs its scheme (0160 GTIN)")
		}
		for j, c := range l.Charges {
			cp := fmt.Sprintf("%s.charges[%d]", p, j)
			rule, decRule := "BR-42", "BR-DEC-24"
			if c.Charge {
				rule, decRule = "BR-44", "BR-DEC-27"
			}
			if c.Reason == "" && c.ReasonCode == "" {
				v.fault(rule, cp+".reason", "a line allowance or charge needs a reason or a reason code")
			}
			v.percent(cp, decRule, c.Base, c.Percent, c.Amount)
		}
		v.vat(p+".vat", l.VAT)
	}
	var sum decimal.Decimal
	for _, l := range inv.Lines {
		sum = sum.Add(l.NetAmount)
	}
	if !sum.Equal(inv.Totals.LineTotal) {
		v.fault("BR-CO-10", "$.totals.line_total", "the line total %s is not the sum of the line net amounts, %s", inv.Totals.LineTotal, sum)
	}
}

// percent checks the amount of an allowance or charge: not negative, with no more decimals than
// the currency has (BR-DEC-01, -05, -24, -27), and base x percent / 100 when it is a percentage
// (Peppol R040).
func (v *validator) percent(path, decRule string, base, pct *decimal.Decimal, amount decimal.Decimal) {
	if pct != nil && pct.Sign() < 0 {
		v.fault(RuleNegative, path+".percent", "a percentage must not be negative")
	}
	if amount.Sign() < 0 {
		v.fault(RuleNegative, path+".amount", "an allowance or charge amount must not be negative; use the other kind")
	}
	v.places(decRule, path+".amount", amount)
	if pct != nil && base != nil {
		want := v.inv.round(base.Mul(*pct).Shift(-2))
		if !want.Equal(amount) {
			v.fault("PEPPOL-EN16931-R040", path+".amount", "the amount %s is not base x percent / 100 = %s", amount, want)
		}
	}
}

// places checks that an amount has no more decimals than the invoice's amounts (2 for EUR).
func (v *validator) places(rule, path string, amount decimal.Decimal) {
	if !v.inv.round(amount).Equal(amount) {
		v.fault(rule, path, "the amount %s has more than %d decimals", amount, amountPlaces(v.inv.Currency))
	}
}

func (v *validator) vat(path string, x VAT) {
	if x.Category == "" {
		v.fault("BR-CO-04", path+".category", "the VAT category is required")
	} else if !slices.Contains(Categories, x.Category) {
		v.fault("BR-CL-18", path+".category", "VAT category %q is not one of S, Z, E, AE, K, G, O", x.Category)
	}
	if x.Rate.Sign() < 0 {
		v.fault(RuleNegative, path+".rate", "a VAT rate must not be negative")
	}
}

func (v *validator) charges() {
	inv := v.inv
	var allowances, charges decimal.Decimal
	for i, c := range inv.Charges {
		p := fmt.Sprintf("$.charges[%d]", i)
		reasonRule, catRule, decRule := "BR-33", "BR-32", "BR-DEC-01"
		if c.Charge {
			reasonRule, catRule, decRule = "BR-38", "BR-37", "BR-DEC-05"
			charges = charges.Add(c.Amount)
		} else {
			allowances = allowances.Add(c.Amount)
		}
		if c.Reason == "" && c.ReasonCode == "" {
			v.fault(reasonRule, p+".reason", "a document allowance or charge needs a reason or a reason code")
		}
		if c.VAT.Category == "" {
			v.fault(catRule, p+".vat.category", "a document allowance or charge needs a VAT category")
		} else {
			v.vat(p+".vat", c.VAT)
		}
		v.percent(p, decRule, c.Base, c.Percent, c.Amount)
	}
	if !allowances.Equal(inv.Totals.AllowanceTotal) {
		v.fault("BR-CO-11", "$.totals.allowance_total", "the allowance total %s is not the sum of the allowances, %s", inv.Totals.AllowanceTotal, allowances)
	}
	if !charges.Equal(inv.Totals.ChargeTotal) {
		v.fault("BR-CO-12", "$.totals.charge_total", "the charge total %s is not the sum of the charges, %s", inv.Totals.ChargeTotal, charges)
	}
}

// categoryRule holds the rule ids of one VAT category.
type categoryRule struct {
	prefix     string // BR-S, BR-IC...
	zeroRate   bool   // the rate is 0 (all but S; O has none)
	needReason bool   // an exemption reason is required (E, AE, K, G, O); S and Z forbid one
}

var categoryRules = map[Category]categoryRule{
	CategoryStandard:       {"BR-S", false, false},
	CategoryZero:           {"BR-Z", true, false},
	CategoryExempt:         {"BR-E", true, true},
	CategoryReverseCharge:  {"BR-AE", true, true},
	CategoryIntraCommunity: {"BR-IC", true, true},
	CategoryExport:         {"BR-G", true, true},
	CategoryNotSubject:     {"BR-O", true, true},
}

// categories checks the rules of each VAT category used on a line or a document charge.
func (v *validator) categories() {
	inv := v.inv
	type use struct {
		path string
		vat  VAT
	}
	var uses []use
	for i, l := range inv.Lines {
		uses = append(uses, use{fmt.Sprintf("$.lines[%d].vat", i), l.VAT})
	}
	for i, c := range inv.Charges {
		uses = append(uses, use{fmt.Sprintf("$.charges[%d].vat", i), c.VAT})
	}
	seen := map[Category]bool{}
	sellerVAT := inv.Seller.VATID != ""
	sellerTax := sellerVAT || inv.Seller.TaxID != ""
	for _, u := range uses {
		r, ok := categoryRules[u.vat.Category]
		if !ok {
			continue
		}
		switch {
		case u.vat.Category == CategoryStandard && u.vat.Rate.Sign() <= 0:
			v.fault("BR-S-05", u.path+".rate", "standard rated VAT (S) needs a rate above zero")
		case r.zeroRate && !u.vat.Rate.IsZero():
			v.fault(r.prefix+"-05", u.path+".rate", "VAT category %s has rate 0, not %s", u.vat.Category, u.vat.Rate)
		}
		if u.vat.ExemptionReason != "" || u.vat.ExemptionCode != "" {
			if !r.needReason {
				v.fault(r.prefix+"-10", u.path+".exemption_reason", "VAT category %s takes no exemption reason", u.vat.Category)
			}
		}
		if seen[u.vat.Category] {
			continue
		}
		seen[u.vat.Category] = true
		c := u.vat.Category
		switch c {
		case CategoryStandard, CategoryZero, CategoryExempt:
			if !sellerTax {
				v.fault(r.prefix+"-02", "$.seller.vat_id", "VAT category %s needs the seller's VAT identifier or tax registration", c)
			}
		case CategoryExport:
			if !sellerVAT {
				v.fault("BR-G-02", "$.seller.vat_id", "an export (G) needs the seller's VAT identifier")
			}
		case CategoryReverseCharge:
			if !sellerVAT {
				v.fault("BR-AE-02", "$.seller.vat_id", "reverse charge (AE) needs the seller's VAT identifier")
			}
			if inv.Buyer.VATID == "" && inv.Buyer.LegalID.Value == "" {
				v.fault("BR-AE-02", "$.buyer.vat_id", "reverse charge (AE) needs the buyer's VAT identifier or legal registration")
			}
		case CategoryIntraCommunity:
			if !sellerVAT {
				v.fault("BR-IC-02", "$.seller.vat_id", "an intra-community supply (K) needs the seller's VAT identifier")
			}
			if inv.Buyer.VATID == "" {
				v.fault("BR-IC-02", "$.buyer.vat_id", "an intra-community supply (K) needs the buyer's VAT identifier")
			}
			if inv.Delivery.Date.IsZero() && inv.Period.IsZero() {
				v.fault("BR-IC-11", "$.delivery.date", "an intra-community supply (K) needs the delivery date or the invoicing period")
			}
			if inv.Delivery.Address.Country == "" {
				v.fault("BR-IC-12", "$.delivery.address.country", "an intra-community supply (K) needs the deliver-to country")
			}
		case CategoryNotSubject:
			if inv.Seller.VATID != "" {
				v.fault("BR-O-02", "$.seller.vat_id", "an invoice not subject to VAT (O) must not carry the seller's VAT identifier")
			}
			if inv.Buyer.VATID != "" {
				v.fault("BR-O-02", "$.buyer.vat_id", "an invoice not subject to VAT (O) must not carry the buyer's VAT identifier")
			}
		}
	}
	if seen[CategoryNotSubject] && len(seen) > 1 {
		v.fault("BR-O-11", "$.lines", "an invoice with category O (not subject to VAT) has no other VAT category")
	}
}

// amounts checks the breakdowns against the lines and charges, and the totals against each other.
func (v *validator) amounts() {
	inv := v.inv
	if len(inv.VATBreakdown) == 0 && len(inv.Lines) > 0 {
		v.fault("BR-CO-18", "$.vat_breakdown", "an invoice has at least one VAT breakdown")
	}
	var tax decimal.Decimal
	for i, b := range inv.VATBreakdown {
		p := fmt.Sprintf("$.vat_breakdown[%d]", i)
		r, ok := categoryRules[b.Category]
		if !ok {
			v.fault("BR-CL-18", p+".category", "VAT category %q is not one of S, Z, E, AE, K, G, O", b.Category)
			continue
		}
		tax = tax.Add(b.TaxAmount)
		taxable := decimal.Zero
		reasons := map[string]bool{}
		for _, l := range inv.Lines {
			if l.VAT.Category == b.Category && l.VAT.Rate.Equal(b.Rate) {
				taxable = taxable.Add(l.NetAmount)
				reasons[l.VAT.ExemptionReason+"\x00"+l.VAT.ExemptionCode] = true
			}
		}
		for _, c := range inv.Charges {
			if c.VAT.Category == b.Category && c.VAT.Rate.Equal(b.Rate) {
				if c.Charge {
					taxable = taxable.Add(c.Amount)
				} else {
					taxable = taxable.Sub(c.Amount)
				}
				reasons[c.VAT.ExemptionReason+"\x00"+c.VAT.ExemptionCode] = true
			}
		}
		delete(reasons, "\x00")
		if len(reasons) > 1 {
			v.fault(RuleExemption, p+".exemption_reason", "the lines and charges of VAT category %s at %s%% give different exemption reasons; one breakdown has one", b.Category, b.Rate)
		}
		if !taxable.Equal(b.TaxableAmount) {
			v.fault(r.prefix+"-08", p+".taxable_amount", "the taxable amount %s of VAT category %s at %s%% is not the lines plus charges minus allowances of that category, %s",
				b.TaxableAmount, b.Category, b.Rate, taxable)
		}
		// The official Schematron allows the VAT of a breakdown to be off by one currency unit
		// (some issuers round it to whole units); Calculate is exact.
		if want := v.inv.round(b.TaxableAmount.Mul(b.Rate).Shift(-2)); want.Sub(b.TaxAmount).Abs().GreaterThan(decimal.NewFromInt(1)) {
			v.fault("BR-CO-17", p+".tax_amount", "the VAT %s of category %s is not taxable x rate / 100 = %s", b.TaxAmount, b.Category, want)
		}
		if r.needReason && b.ExemptionReason == "" && b.ExemptionCode == "" {
			v.fault(r.prefix+"-10", p+".exemption_reason", "VAT category %s needs an exemption reason or code (VATEX)", b.Category)
		}
		if !r.needReason && (b.ExemptionReason != "" || b.ExemptionCode != "") {
			v.fault(r.prefix+"-10", p+".exemption_reason", "VAT category %s takes no exemption reason", b.Category)
		}
		for j := range i {
			if o := inv.VATBreakdown[j]; o.Category == b.Category && o.Rate.Equal(b.Rate) {
				v.fault(r.prefix+"-08", p, "VAT category %s at %s%% has a second breakdown", b.Category, b.Rate)
			}
		}
	}
	for i, l := range inv.Lines {
		if !hasBreakdown(inv.VATBreakdown, l.VAT) {
			v.fault("BR-CO-18", fmt.Sprintf("$.lines[%d].vat", i), "VAT category %s at %s%% has no VAT breakdown", l.VAT.Category, l.VAT.Rate)
		}
	}
	t := inv.Totals
	v.places("BR-DEC-16", "$.totals.prepaid", t.Prepaid)
	v.places("BR-DEC-17", "$.totals.rounding", t.Rounding)
	if !tax.Equal(t.TaxTotal) {
		v.fault("BR-CO-14", "$.totals.tax_total", "the VAT total %s is not the sum of the breakdowns, %s", t.TaxTotal, tax)
	}
	if want := t.LineTotal.Sub(t.AllowanceTotal).Add(t.ChargeTotal); !want.Equal(t.TaxExclusive) {
		v.fault("BR-CO-13", "$.totals.tax_exclusive", "the total without VAT %s is not lines - allowances + charges = %s", t.TaxExclusive, want)
	}
	if want := t.TaxExclusive.Add(t.TaxTotal); !want.Equal(t.TaxInclusive) {
		v.fault("BR-CO-15", "$.totals.tax_inclusive", "the total with VAT %s is not total without VAT + VAT = %s", t.TaxInclusive, want)
	}
	if want := t.TaxInclusive.Sub(t.Prepaid).Add(t.Rounding); !want.Equal(t.Payable) {
		v.fault("BR-CO-16", "$.totals.payable", "the amount due %s is not total with VAT - prepaid + rounding = %s", t.Payable, want)
	}
	if inv.TaxCurrency != "" && inv.TaxCurrency != inv.Currency && t.TaxTotal.Sign()*t.TaxTotalInTaxCur.Sign() < 0 {
		v.fault("PEPPOL-EN16931-R055", "$.totals.tax_total_in_tax_currency", "the VAT total in the accounting currency has the other sign")
	}
}

func hasBreakdown(bs []VATSubtotal, x VAT) bool {
	for _, b := range bs {
		if b.Category == x.Category && b.Rate.Equal(x.Rate) {
			return true
		}
	}
	return false
}

// invalid returns a CodeInvalid error with one fault.
func invalid(rule, path, msg string) error {
	return o2c.Invalid(o2c.Fault{Rule: rule, Path: path, Message: msg})
}
