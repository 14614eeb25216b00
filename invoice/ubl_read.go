package invoice

import (
	"fmt"
	"strings"

	"github.com/o2c-project/o2c"
)

// ParseUBL reads a UBL 2.x Invoice or CreditNote (Peppol BIS Billing 3.0, XRechnung UBL and
// other EN 16931 customizations) into an invoice. See Parse.
func ParseUBL(b []byte) (Invoice, error) {
	root, err := parseTree(b)
	if err != nil {
		return Invoice{}, err
	}
	if !(root.space == nsInvoice && root.local == "Invoice") && !(root.space == nsCredit && root.local == "CreditNote") {
		return Invoice{}, invalid(RuleDocument, "$", fmt.Sprintf("the root element <%s> is not a UBL Invoice or CreditNote", root.local))
	}
	return readUBL(root)
}

func readUBL(root *elem) (Invoice, error) {
	r := &reading{}
	credit := root.local == "CreditNote"
	inv := Invoice{
		Number:         root.str("cbc:ID"),
		IssueDate:      r.date("$.issue_date", root.str("cbc:IssueDate")),
		DueDate:        r.date("$.due_date", root.str("cbc:DueDate")),
		TaxPointDate:   r.date("$.tax_point_date", root.str("cbc:TaxPointDate")),
		Currency:       root.str("cbc:DocumentCurrencyCode"),
		TaxCurrency:    root.str("cbc:TaxCurrencyCode"),
		BuyerReference: root.str("cbc:BuyerReference"),
		ContractRef:    root.str("cac:ContractDocumentReference/cbc:ID"),
		PurchaseOrder:  root.str("cac:OrderReference/cbc:ID"),
		SalesOrder:     root.str("cac:OrderReference/cbc:SalesOrderID"),
		Period:         ublPeriodOf(r, "$.period", root.one("cac:InvoicePeriod")),
		Seller:         ublParty(root.one("cac:AccountingSupplierParty/cac:Party")),
		Buyer:          ublParty(root.one("cac:AccountingCustomerParty/cac:Party")),
	}
	if credit {
		inv.Type = TypeCode(root.str("cbc:CreditNoteTypeCode"))
	} else {
		inv.Type = TypeCode(root.str("cbc:InvoiceTypeCode"))
	}
	if inv.PurchaseOrder == "NA" && inv.SalesOrder != "" {
		inv.PurchaseOrder = "" // the placeholder EN 16931 asks for when only the sales order is known
	}
	for _, n := range root.all("cbc:Note") {
		note := Note{Text: n.text}
		// BT-21 is written as #CODE#text in UBL.
		if rest, ok := strings.CutPrefix(n.text, "#"); ok {
			if code, text, ok := strings.Cut(rest, "#"); ok && len(code) == 3 {
				note = Note{SubjectCode: code, Text: text}
			}
		}
		inv.Notes = append(inv.Notes, note)
	}
	for i, ref := range root.all("cac:BillingReference/cac:InvoiceDocumentReference") {
		inv.Preceding = append(inv.Preceding, DocumentRef{Number: ref.str("cbc:ID"),
			IssueDate: r.date(fmt.Sprintf("$.preceding[%d].issue_date", i), ref.str("cbc:IssueDate"))})
	}
	if d := root.one("cac:Delivery"); d != nil {
		inv.Delivery = Delivery{
			PartyName:  d.str("cac:DeliveryParty/cac:PartyName/cbc:Name"),
			LocationID: d.id("cac:DeliveryLocation/cbc:ID", "schemeID"),
			Date:       r.date("$.delivery.date", d.str("cbc:ActualDeliveryDate")),
			Address:    ublAddressOf(d.one("cac:DeliveryLocation/cac:Address")),
		}
	}
	p := &inv.Payment
	if pm := root.one("cac:PaymentMeans"); pm != nil {
		code := pm.one("cbc:PaymentMeansCode")
		p.MeansCode = code.self()
		p.MeansText = code.attrOf("name")
		p.Reference = pm.str("cbc:PaymentID")
		p.IBAN = pm.str("cac:PayeeFinancialAccount/cbc:ID")
		p.AccountName = pm.str("cac:PayeeFinancialAccount/cbc:Name")
		p.BIC = pm.str("cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID")
		if inv.DueDate.IsZero() {
			inv.DueDate = r.date("$.due_date", pm.str("cbc:PaymentDueDate"))
		}
	}
	p.Terms = root.str("cac:PaymentTerms/cbc:Note")

	for i, ac := range root.all("cac:AllowanceCharge") {
		path := fmt.Sprintf("$.charges[%d]", i)
		inv.Charges = append(inv.Charges, Charge{
			Charge:     ac.str("cbc:ChargeIndicator") == "true",
			Amount:     r.decimal(path+".amount", ac.str("cbc:Amount")),
			Base:       r.optDecimal(path+".base", ac.str("cbc:BaseAmount")),
			Percent:    r.optDecimal(path+".percent", ac.str("cbc:MultiplierFactorNumeric")),
			Reason:     ac.str("cbc:AllowanceChargeReason"),
			ReasonCode: ac.str("cbc:AllowanceChargeReasonCode"),
			VAT: VAT{Category: Category(ac.str("cac:TaxCategory/cbc:ID")),
				Rate: r.decimal(path+".vat.rate", ac.str("cac:TaxCategory/cbc:Percent"))},
		})
	}
	t := &inv.Totals
	for _, tt := range root.all("cac:TaxTotal") {
		amt := tt.one("cbc:TaxAmount")
		if cur := amt.attrOf("currencyID"); inv.TaxCurrency != "" && cur == inv.TaxCurrency && cur != inv.Currency {
			t.TaxTotalInTaxCur = r.decimal("$.totals.tax_total_in_tax_currency", amt.self())
			continue
		}
		t.TaxTotal = r.decimal("$.totals.tax_total", amt.self())
		for i, st := range tt.all("cac:TaxSubtotal") {
			path := fmt.Sprintf("$.vat_breakdown[%d]", i)
			inv.VATBreakdown = append(inv.VATBreakdown, VATSubtotal{
				Category:        Category(st.str("cac:TaxCategory/cbc:ID")),
				Rate:            r.decimal(path+".rate", st.str("cac:TaxCategory/cbc:Percent")),
				TaxableAmount:   r.decimal(path+".taxable_amount", st.str("cbc:TaxableAmount")),
				TaxAmount:       r.decimal(path+".tax_amount", st.str("cbc:TaxAmount")),
				ExemptionReason: st.str("cac:TaxCategory/cbc:TaxExemptionReason"),
				ExemptionCode:   st.str("cac:TaxCategory/cbc:TaxExemptionReasonCode"),
			})
		}
	}
	mt := root.one("cac:LegalMonetaryTotal")
	t.LineTotal = r.decimal("$.totals.line_total", mt.str("cbc:LineExtensionAmount"))
	t.TaxExclusive = r.decimal("$.totals.tax_exclusive", mt.str("cbc:TaxExclusiveAmount"))
	t.TaxInclusive = r.decimal("$.totals.tax_inclusive", mt.str("cbc:TaxInclusiveAmount"))
	t.AllowanceTotal = r.decimal("$.totals.allowance_total", mt.str("cbc:AllowanceTotalAmount"))
	t.ChargeTotal = r.decimal("$.totals.charge_total", mt.str("cbc:ChargeTotalAmount"))
	t.Prepaid = r.decimal("$.totals.prepaid", mt.str("cbc:PrepaidAmount"))
	t.Rounding = r.decimal("$.totals.rounding", mt.str("cbc:PayableRoundingAmount"))
	t.Payable = r.decimal("$.totals.payable", mt.str("cbc:PayableAmount"))

	lineName, qtyName := "cac:InvoiceLine", "cbc:InvoicedQuantity"
	if credit {
		lineName, qtyName = "cac:CreditNoteLine", "cbc:CreditedQuantity"
	}
	for i, le := range root.all(lineName) {
		inv.Lines = append(inv.Lines, ublLine(r, fmt.Sprintf("$.lines[%d]", i), le, qtyName))
	}
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

func ublLine(r *reading, path string, e *elem, qtyName string) Line {
	qty := e.one(qtyName)
	item := e.one("cac:Item")
	price := e.one("cac:Price")
	l := Line{
		ID:           e.str("cbc:ID"),
		Note:         e.str("cbc:Note"),
		Quantity:     r.decimal(path+".quantity", qty.self()),
		Unit:         qty.attrOf("unitCode"),
		NetAmount:    r.decimal(path+".net_amount", e.str("cbc:LineExtensionAmount")),
		OrderLineRef: e.str("cac:OrderLineReference/cbc:LineID"),
		Period:       ublPeriodOf(r, path+".period", e.one("cac:InvoicePeriod")),
		NetPrice:     r.decimal(path+".net_price", price.str("cbc:PriceAmount")),
		BaseQuantity: r.optDecimal(path+".base_quantity", price.str("cbc:BaseQuantity")),
		Name:         item.str("cbc:Name"),
		Description:  item.str("cbc:Description"),
		SellerItemID: item.str("cac:SellersItemIdentification/cbc:ID"),
		BuyerItemID:  item.str("cac:BuyersItemIdentification/cbc:ID"),
		StandardID:   item.id("cac:StandardItemIdentification/cbc:ID", "schemeID"),
		VAT: VAT{Category: Category(item.str("cac:ClassifiedTaxCategory/cbc:ID")),
			Rate: r.decimal(path+".vat.rate", item.str("cac:ClassifiedTaxCategory/cbc:Percent"))},
	}
	for _, ac := range price.all("cac:AllowanceCharge") {
		if base := ac.str("cbc:BaseAmount"); base != "" {
			l.GrossPrice = r.optDecimal(path+".gross_price", base)
		}
	}
	for j, ac := range e.all("cac:AllowanceCharge") {
		cp := fmt.Sprintf("%s.charges[%d]", path, j)
		l.Charges = append(l.Charges, LineCharge{
			Charge:     ac.str("cbc:ChargeIndicator") == "true",
			Amount:     r.decimal(cp+".amount", ac.str("cbc:Amount")),
			Base:       r.optDecimal(cp+".base", ac.str("cbc:BaseAmount")),
			Percent:    r.optDecimal(cp+".percent", ac.str("cbc:MultiplierFactorNumeric")),
			Reason:     ac.str("cbc:AllowanceChargeReason"),
			ReasonCode: ac.str("cbc:AllowanceChargeReasonCode"),
		})
	}
	return l
}

func ublPeriodOf(r *reading, path string, e *elem) Period {
	if e == nil {
		return Period{}
	}
	return Period{Start: r.date(path+".start", e.str("cbc:StartDate")), End: r.date(path+".end", e.str("cbc:EndDate"))}
}

func ublParty(e *elem) Party {
	if e == nil {
		return Party{}
	}
	p := Party{
		Name:        e.str("cac:PartyLegalEntity/cbc:RegistrationName"),
		TradingName: e.str("cac:PartyName/cbc:Name"),
		LegalID:     e.id("cac:PartyLegalEntity/cbc:CompanyID", "schemeID"),
		LegalInfo:   e.str("cac:PartyLegalEntity/cbc:CompanyLegalForm"),
		Endpoint:    e.id("cbc:EndpointID", "schemeID"),
		Address:     ublAddressOf(e.one("cac:PostalAddress")),
	}
	if p.Name == "" { // UBL 2.0-era invoices name the party in PartyName only
		p.Name, p.TradingName = p.TradingName, ""
	}
	for _, id := range e.all("cac:PartyIdentification/cbc:ID") {
		p.IDs = append(p.IDs, Identifier{Scheme: id.attrOf("schemeID"), Value: id.text})
	}
	for _, ts := range e.all("cac:PartyTaxScheme") {
		if ts.str("cac:TaxScheme/cbc:ID") == "VAT" {
			p.VATID = ts.str("cbc:CompanyID")
		} else if p.TaxID == "" {
			p.TaxID = ts.str("cbc:CompanyID")
		}
	}
	if c := e.one("cac:Contact"); c != nil {
		p.Contact = Contact{Name: c.str("cbc:Name"), Phone: c.str("cbc:Telephone"), Email: c.str("cbc:ElectronicMail")}
	}
	return p
}

func ublAddressOf(e *elem) Address {
	if e == nil {
		return Address{}
	}
	return Address{
		Line1:       e.str("cbc:StreetName"),
		Line2:       e.str("cbc:AdditionalStreetName"),
		Line3:       e.str("cac:AddressLine/cbc:Line"),
		City:        e.str("cbc:CityName"),
		PostCode:    e.str("cbc:PostalZone"),
		Subdivision: e.str("cbc:CountrySubentity"),
		Country:     e.str("cac:Country/cbc:IdentificationCode"),
	}
}
