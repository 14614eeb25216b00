package invoice

import (
	"fmt"

	"github.com/o2c-project/o2c"
)

// ParseCII reads a UN/CEFACT Cross Industry Invoice (D16B; Factur-X and ZUGFeRD 2 profiles)
// into an invoice. See Parse.
func ParseCII(b []byte) (Invoice, error) {
	root, err := parseTree(b)
	if err != nil {
		return Invoice{}, err
	}
	if root.space != nsRSM || root.local != "CrossIndustryInvoice" {
		return Invoice{}, invalid(RuleDocument, "$", fmt.Sprintf("the root element <%s> is not a CII CrossIndustryInvoice", root.local))
	}
	return readCII(root)
}

func readCII(root *elem) (Invoice, error) {
	r := &reading{}
	ed := root.one("rsm:ExchangedDocument")
	tx := root.one("rsm:SupplyChainTradeTransaction")
	agr := tx.one("ram:ApplicableHeaderTradeAgreement")
	del := tx.one("ram:ApplicableHeaderTradeDelivery")
	set := tx.one("ram:ApplicableHeaderTradeSettlement")

	inv := Invoice{
		Number:         ed.str("ram:ID"),
		Type:           TypeCode(ed.str("ram:TypeCode")),
		IssueDate:      r.date102("$.issue_date", ed.one("ram:IssueDateTime/udt:DateTimeString")),
		Currency:       set.str("ram:InvoiceCurrencyCode"),
		TaxCurrency:    set.str("ram:TaxCurrencyCode"),
		BuyerReference: agr.str("ram:BuyerReference"),
		ContractRef:    agr.str("ram:ContractReferencedDocument/ram:IssuerAssignedID"),
		PurchaseOrder:  agr.str("ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID"),
		SalesOrder:     agr.str("ram:SellerOrderReferencedDocument/ram:IssuerAssignedID"),
		Seller:         ciiParty(agr.one("ram:SellerTradeParty")),
		Buyer:          ciiParty(agr.one("ram:BuyerTradeParty")),
		Period:         ciiPeriodOf(r, "$.period", set.one("ram:BillingSpecifiedPeriod")),
	}
	for _, n := range ed.all("ram:IncludedNote") {
		inv.Notes = append(inv.Notes, Note{SubjectCode: n.str("ram:SubjectCode"), Text: n.str("ram:Content")})
	}
	for i, ref := range set.all("ram:InvoiceReferencedDocument") {
		inv.Preceding = append(inv.Preceding, DocumentRef{Number: ref.str("ram:IssuerAssignedID"),
			IssueDate: r.date102(fmt.Sprintf("$.preceding[%d].issue_date", i), ref.one("ram:FormattedIssueDateTime/qdt:DateTimeString"))})
	}
	if st := del.one("ram:ShipToTradeParty"); st != nil {
		inv.Delivery.PartyName = st.str("ram:Name")
		inv.Delivery.LocationID = st.id("ram:GlobalID", "schemeID")
		if inv.Delivery.LocationID.Value == "" {
			inv.Delivery.LocationID = Identifier{Value: st.str("ram:ID")}
		}
		inv.Delivery.Address = ciiAddressOf(st.one("ram:PostalTradeAddress"))
	}
	inv.Delivery.Date = r.date102("$.delivery.date", del.one("ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString"))

	p := &inv.Payment
	p.Reference = set.str("ram:PaymentReference")
	if pm := set.one("ram:SpecifiedTradeSettlementPaymentMeans"); pm != nil {
		p.MeansCode = pm.str("ram:TypeCode")
		p.MeansText = pm.str("ram:Information")
		p.IBAN = pm.str("ram:PayeePartyCreditorFinancialAccount/ram:IBANID")
		if p.IBAN == "" {
			p.IBAN = pm.str("ram:PayeePartyCreditorFinancialAccount/ram:ProprietaryID")
		}
		p.AccountName = pm.str("ram:PayeePartyCreditorFinancialAccount/ram:AccountName")
		p.BIC = pm.str("ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID")
	}
	for _, pt := range set.all("ram:SpecifiedTradePaymentTerms") {
		if p.Terms == "" {
			p.Terms = pt.str("ram:Description")
		}
		if inv.DueDate.IsZero() {
			inv.DueDate = r.date102("$.due_date", pt.one("ram:DueDateDateTime/udt:DateTimeString"))
		}
	}
	for i, t := range set.all("ram:ApplicableTradeTax") {
		path := fmt.Sprintf("$.vat_breakdown[%d]", i)
		inv.VATBreakdown = append(inv.VATBreakdown, VATSubtotal{
			Category:        Category(t.str("ram:CategoryCode")),
			Rate:            r.decimal(path+".rate", t.str("ram:RateApplicablePercent")),
			TaxableAmount:   r.decimal(path+".taxable_amount", t.str("ram:BasisAmount")),
			TaxAmount:       r.decimal(path+".tax_amount", t.str("ram:CalculatedAmount")),
			ExemptionReason: t.str("ram:ExemptionReason"),
			ExemptionCode:   t.str("ram:ExemptionReasonCode"),
		})
		if inv.TaxPointDate.IsZero() {
			inv.TaxPointDate = r.date102("$.tax_point_date", t.one("ram:TaxPointDate/udt:DateString"))
		}
	}
	for i, ac := range set.all("ram:SpecifiedTradeAllowanceCharge") {
		path := fmt.Sprintf("$.charges[%d]", i)
		inv.Charges = append(inv.Charges, Charge{
			Charge:     ac.str("ram:ChargeIndicator/udt:Indicator") == "true",
			Amount:     r.decimal(path+".amount", ac.str("ram:ActualAmount")),
			Base:       r.optDecimal(path+".base", ac.str("ram:BasisAmount")),
			Percent:    r.optDecimal(path+".percent", ac.str("ram:CalculationPercent")),
			Reason:     ac.str("ram:Reason"),
			ReasonCode: ac.str("ram:ReasonCode"),
			VAT: VAT{Category: Category(ac.str("ram:CategoryTradeTax/ram:CategoryCode")),
				Rate: r.decimal(path+".vat.rate", ac.str("ram:CategoryTradeTax/ram:RateApplicablePercent"))},
		})
	}
	sum := set.one("ram:SpecifiedTradeSettlementHeaderMonetarySummation")
	t := &inv.Totals
	t.LineTotal = r.decimal("$.totals.line_total", sum.str("ram:LineTotalAmount"))
	t.ChargeTotal = r.decimal("$.totals.charge_total", sum.str("ram:ChargeTotalAmount"))
	t.AllowanceTotal = r.decimal("$.totals.allowance_total", sum.str("ram:AllowanceTotalAmount"))
	t.TaxExclusive = r.decimal("$.totals.tax_exclusive", sum.str("ram:TaxBasisTotalAmount"))
	for _, ta := range sum.all("ram:TaxTotalAmount") {
		cur := ta.attrOf("currencyID")
		switch {
		case inv.TaxCurrency != "" && cur == inv.TaxCurrency && inv.TaxCurrency != inv.Currency:
			t.TaxTotalInTaxCur = r.decimal("$.totals.tax_total_in_tax_currency", ta.text)
		case cur == "" || cur == inv.Currency:
			t.TaxTotal = r.decimal("$.totals.tax_total", ta.text)
		}
	}
	t.Rounding = r.decimal("$.totals.rounding", sum.str("ram:RoundingAmount"))
	t.TaxInclusive = r.decimal("$.totals.tax_inclusive", sum.str("ram:GrandTotalAmount"))
	t.Prepaid = r.decimal("$.totals.prepaid", sum.str("ram:TotalPrepaidAmount"))
	t.Payable = r.decimal("$.totals.payable", sum.str("ram:DuePayableAmount"))

	for i, li := range tx.all("ram:IncludedSupplyChainTradeLineItem") {
		inv.Lines = append(inv.Lines, ciiLine(r, fmt.Sprintf("$.lines[%d]", i), li, &inv))
	}
	// A line's VAT category carries no exemption reason in CII: take its breakdown's.
	for i := range inv.Lines {
		inv.Lines[i].VAT = withReason(inv.Lines[i].VAT, inv.VATBreakdown)
	}
	for i := range inv.Charges {
		inv.Charges[i].VAT = withReason(inv.Charges[i].VAT, inv.VATBreakdown)
	}
	if len(r.faults) > 0 {
		return inv, o2c.Invalid(r.faults...)
	}
	return inv, nil
}

// withReason gives v the exemption reason of the breakdown of its category and rate.
func withReason(v VAT, bs []VATSubtotal) VAT {
	for _, b := range bs {
		if b.Category == v.Category && b.Rate.Equal(v.Rate) {
			v.ExemptionReason, v.ExemptionCode = b.ExemptionReason, b.ExemptionCode
			break
		}
	}
	return v
}

func ciiLine(r *reading, path string, li *elem, inv *Invoice) Line {
	agr := li.one("ram:SpecifiedLineTradeAgreement")
	set := li.one("ram:SpecifiedLineTradeSettlement")
	qty := li.one("ram:SpecifiedLineTradeDelivery/ram:BilledQuantity")
	prod := li.one("ram:SpecifiedTradeProduct")
	l := Line{
		ID:           li.str("ram:AssociatedDocumentLineDocument/ram:LineID"),
		Note:         li.str("ram:AssociatedDocumentLineDocument/ram:IncludedNote/ram:Content"),
		Quantity:     r.decimal(path+".quantity", qty.self()),
		Unit:         qty.attrOf("unitCode"),
		NetAmount:    r.decimal(path+".net_amount", set.str("ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount")),
		OrderLineRef: agr.str("ram:BuyerOrderReferencedDocument/ram:LineID"),
		Period:       ciiPeriodOf(r, path+".period", set.one("ram:BillingSpecifiedPeriod")),
		NetPrice:     r.decimal(path+".net_price", agr.str("ram:NetPriceProductTradePrice/ram:ChargeAmount")),
		BaseQuantity: r.optDecimal(path+".base_quantity", agr.str("ram:NetPriceProductTradePrice/ram:BasisQuantity")),
		GrossPrice:   r.optDecimal(path+".gross_price", agr.str("ram:GrossPriceProductTradePrice/ram:ChargeAmount")),
		Name:         prod.str("ram:Name"),
		Description:  prod.str("ram:Description"),
		SellerItemID: prod.str("ram:SellerAssignedID"),
		BuyerItemID:  prod.str("ram:BuyerAssignedID"),
		StandardID:   prod.id("ram:GlobalID", "schemeID"),
		VAT: VAT{Category: Category(set.str("ram:ApplicableTradeTax/ram:CategoryCode")),
			Rate: r.decimal(path+".vat.rate", set.str("ram:ApplicableTradeTax/ram:RateApplicablePercent"))},
	}
	for j, ac := range set.all("ram:SpecifiedTradeAllowanceCharge") {
		cp := fmt.Sprintf("%s.charges[%d]", path, j)
		l.Charges = append(l.Charges, LineCharge{
			Charge:     ac.str("ram:ChargeIndicator/udt:Indicator") == "true",
			Amount:     r.decimal(cp+".amount", ac.str("ram:ActualAmount")),
			Base:       r.optDecimal(cp+".base", ac.str("ram:BasisAmount")),
			Percent:    r.optDecimal(cp+".percent", ac.str("ram:CalculationPercent")),
			Reason:     ac.str("ram:Reason"),
			ReasonCode: ac.str("ram:ReasonCode"),
		})
	}
	return l
}

// self returns e's own text, or "" for nil.
func (e *elem) self() string {
	if e == nil {
		return ""
	}
	return e.text
}

func ciiPeriodOf(r *reading, path string, e *elem) Period {
	if e == nil {
		return Period{}
	}
	return Period{
		Start: r.date102(path+".start", e.one("ram:StartDateTime/udt:DateTimeString")),
		End:   r.date102(path+".end", e.one("ram:EndDateTime/udt:DateTimeString")),
	}
}

func ciiParty(e *elem) Party {
	if e == nil {
		return Party{}
	}
	p := Party{
		Name:        e.str("ram:Name"),
		TradingName: e.str("ram:SpecifiedLegalOrganization/ram:TradingBusinessName"),
		LegalID:     e.id("ram:SpecifiedLegalOrganization/ram:ID", "schemeID"),
		LegalInfo:   e.str("ram:Description"),
		Endpoint:    e.id("ram:URIUniversalCommunication/ram:URIID", "schemeID"),
		Address:     ciiAddressOf(e.one("ram:PostalTradeAddress")),
	}
	for _, id := range e.all("ram:ID") {
		p.IDs = append(p.IDs, Identifier{Value: id.text})
	}
	for _, id := range e.all("ram:GlobalID") {
		p.IDs = append(p.IDs, Identifier{Scheme: id.attrOf("schemeID"), Value: id.text})
	}
	for _, tr := range e.all("ram:SpecifiedTaxRegistration/ram:ID") {
		switch tr.attrOf("schemeID") {
		case "VA":
			p.VATID = tr.text
		case "FC":
			p.TaxID = tr.text
		}
	}
	if c := e.one("ram:DefinedTradeContact"); c != nil {
		p.Contact = Contact{
			Name:  c.str("ram:PersonName"),
			Phone: c.str("ram:TelephoneUniversalCommunication/ram:CompleteNumber"),
			Email: c.str("ram:EmailURIUniversalCommunication/ram:URIID"),
		}
	}
	return p
}

func ciiAddressOf(e *elem) Address {
	if e == nil {
		return Address{}
	}
	return Address{
		Line1:       e.str("ram:LineOne"),
		Line2:       e.str("ram:LineTwo"),
		Line3:       e.str("ram:LineThree"),
		City:        e.str("ram:CityName"),
		PostCode:    e.str("ram:PostcodeCode"),
		Subdivision: e.str("ram:CountrySubDivisionName"),
		Country:     e.str("ram:CountryID"),
	}
}
