package invoice

import (
	"fmt"

	"github.com/beevik/etree"
	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

// Namespaces of UBL 2.1.
const (
	nsCAC     = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
	nsCBC     = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
	nsInvoice = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
	nsCredit  = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
)

// Peppol BIS Billing 3.0 identifiers (BT-24, BT-23).
const (
	PeppolCustomizationID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
	PeppolProfileID       = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
)

// WriteUBL calculates inv, validates it and writes it as a UBL 2.1 Invoice, or a CreditNote
// when its type is a credit note, following Peppol BIS Billing 3.0. The output validates against
// the UBL 2.1 XSD, the EN 16931 UBL Schematron and the Peppol rules; it depends only on inv.
//
// Errors: CodeInvalid from Calculate and Validate, and for the Peppol rules that EN 16931 does
// not have: both parties need an electronic address (PEPPOL-EN16931-R010, R020), the invoice a
// buyer reference or a purchase order (R003) and at most one note unless both parties are German
// (R002); a credit note with a due date needs a payment means to carry it (INV-04).
func WriteUBL(in Invoice) ([]byte, error) {
	inv, err := Calculate(in)
	if err != nil {
		return nil, err
	}
	if err := Validate(inv); err != nil {
		return nil, err
	}
	var faults []o2c.Fault
	if inv.Seller.Endpoint.Value == "" {
		faults = append(faults, o2c.Fault{Rule: "PEPPOL-EN16931-R020", Path: "$.seller.endpoint", Message: "Peppol needs the seller's electronic address"})
	}
	if inv.Buyer.Endpoint.Value == "" {
		faults = append(faults, o2c.Fault{Rule: "PEPPOL-EN16931-R010", Path: "$.buyer.endpoint", Message: "Peppol needs the buyer's electronic address"})
	}
	if inv.BuyerReference == "" && inv.PurchaseOrder == "" {
		faults = append(faults, o2c.Fault{Rule: "PEPPOL-EN16931-R003", Path: "$.buyer_reference", Message: "Peppol needs a buyer reference or a purchase order number"})
	}
	if len(inv.Notes) > 1 && (inv.Seller.Address.Country != "DE" || inv.Buyer.Address.Country != "DE") {
		faults = append(faults, o2c.Fault{Rule: "PEPPOL-EN16931-R002", Path: "$.notes", Message: "Peppol allows one note, but between German parties"})
	}
	credit := inv.Type.IsCreditNote()
	if credit && !inv.DueDate.IsZero() && inv.Payment.MeansCode == "" {
		faults = append(faults, o2c.Fault{Rule: RuleCreditNoteDue, Path: "$.payment.means_code",
			Message: "a UBL credit note carries its due date in the payment means: give a payment means code"})
	}
	if len(faults) > 0 {
		return nil, o2c.Invalid(faults...)
	}

	doc := etree.NewDocument()
	doc.CreateProcInst("xml", `version="1.0" encoding="UTF-8"`)
	rootName, ns, lineName, qtyName := "Invoice", nsInvoice, "cac:InvoiceLine", "cbc:InvoicedQuantity"
	if credit {
		rootName, ns, lineName, qtyName = "CreditNote", nsCredit, "cac:CreditNoteLine", "cbc:CreditedQuantity"
	}
	root := doc.CreateElement(rootName)
	root.CreateAttr("xmlns", ns)
	root.CreateAttr("xmlns:cac", nsCAC)
	root.CreateAttr("xmlns:cbc", nsCBC)
	w := ublWriter{inv: &inv}

	add(root, "cbc:CustomizationID", PeppolCustomizationID)
	add(root, "cbc:ProfileID", PeppolProfileID)
	add(root, "cbc:ID", inv.Number)
	add(root, "cbc:IssueDate", inv.IssueDate.String())
	if !credit {
		add(root, "cbc:DueDate", inv.DueDate.String())
		add(root, "cbc:InvoiceTypeCode", string(inv.Type))
	} else {
		add(root, "cbc:TaxPointDate", inv.TaxPointDate.String())
		add(root, "cbc:CreditNoteTypeCode", string(inv.Type))
	}
	for _, n := range inv.Notes {
		text := n.Text
		if n.SubjectCode != "" {
			text = "#" + n.SubjectCode + "#" + text // EN 16931 UBL binding of BT-21
		}
		add(root, "cbc:Note", text)
	}
	if !credit {
		add(root, "cbc:TaxPointDate", inv.TaxPointDate.String())
	}
	add(root, "cbc:DocumentCurrencyCode", inv.Currency)
	add(root, "cbc:TaxCurrencyCode", inv.TaxCurrency)
	add(root, "cbc:BuyerReference", inv.BuyerReference)
	ublPeriod(root, inv.Period)
	if inv.PurchaseOrder != "" || inv.SalesOrder != "" {
		o := root.CreateElement("cac:OrderReference")
		po := inv.PurchaseOrder
		if po == "" {
			po = "NA" // cbc:ID is required; EN 16931 says NA when only the sales order is known
		}
		add(o, "cbc:ID", po)
		add(o, "cbc:SalesOrderID", inv.SalesOrder)
	}
	for _, r := range inv.Preceding {
		ref := root.CreateElement("cac:BillingReference").CreateElement("cac:InvoiceDocumentReference")
		add(ref, "cbc:ID", r.Number)
		add(ref, "cbc:IssueDate", r.IssueDate.String())
	}
	if inv.ContractRef != "" {
		add(root.CreateElement("cac:ContractDocumentReference"), "cbc:ID", inv.ContractRef)
	}
	w.party(root.CreateElement("cac:AccountingSupplierParty").CreateElement("cac:Party"), inv.Seller)
	w.party(root.CreateElement("cac:AccountingCustomerParty").CreateElement("cac:Party"), inv.Buyer)
	w.delivery(root)
	w.payment(root, credit)
	for _, c := range inv.Charges {
		ac := root.CreateElement("cac:AllowanceCharge")
		add(ac, "cbc:ChargeIndicator", fmt.Sprint(c.Charge))
		add(ac, "cbc:AllowanceChargeReasonCode", c.ReasonCode)
		add(ac, "cbc:AllowanceChargeReason", c.Reason)
		if c.Percent != nil {
			add(ac, "cbc:MultiplierFactorNumeric", c.Percent.String())
		}
		w.amount(ac, "cbc:Amount", c.Amount)
		if c.Base != nil {
			w.amount(ac, "cbc:BaseAmount", *c.Base)
		}
		w.taxCategory(ac.CreateElement("cac:TaxCategory"), c.VAT.Category, c.VAT.Rate, "", "")
	}
	t := inv.Totals
	tt := root.CreateElement("cac:TaxTotal")
	w.amount(tt, "cbc:TaxAmount", t.TaxTotal)
	for _, b := range inv.VATBreakdown {
		st := tt.CreateElement("cac:TaxSubtotal")
		w.amount(st, "cbc:TaxableAmount", b.TaxableAmount)
		w.amount(st, "cbc:TaxAmount", b.TaxAmount)
		w.taxCategory(st.CreateElement("cac:TaxCategory"), b.Category, b.Rate, b.ExemptionCode, b.ExemptionReason)
	}
	if inv.TaxCurrency != "" && inv.TaxCurrency != inv.Currency {
		add(root.CreateElement("cac:TaxTotal"), "cbc:TaxAmount", t.TaxTotalInTaxCur.StringFixed(amountPlaces(inv.TaxCurrency))).
			CreateAttr("currencyID", inv.TaxCurrency)
	}
	mt := root.CreateElement("cac:LegalMonetaryTotal")
	w.amount(mt, "cbc:LineExtensionAmount", t.LineTotal)
	w.amount(mt, "cbc:TaxExclusiveAmount", t.TaxExclusive)
	w.amount(mt, "cbc:TaxInclusiveAmount", t.TaxInclusive)
	if len(inv.Charges) > 0 {
		w.amount(mt, "cbc:AllowanceTotalAmount", t.AllowanceTotal)
		w.amount(mt, "cbc:ChargeTotalAmount", t.ChargeTotal)
	}
	if !t.Prepaid.IsZero() {
		w.amount(mt, "cbc:PrepaidAmount", t.Prepaid)
	}
	if !t.Rounding.IsZero() {
		w.amount(mt, "cbc:PayableRoundingAmount", t.Rounding)
	}
	w.amount(mt, "cbc:PayableAmount", t.Payable)
	for _, l := range inv.Lines {
		w.line(root.CreateElement(lineName), qtyName, l)
	}
	doc.Indent(2)
	return doc.WriteToBytes()
}

type ublWriter struct{ inv *Invoice }

// amount adds an amount with its currencyID, as UBL requires on every amount.
func (w *ublWriter) amount(e *etree.Element, tag string, d decimal.Decimal) {
	add(e, tag, w.inv.amount(d)).CreateAttr("currencyID", w.inv.Currency)
}

func ublPeriod(e *etree.Element, p Period) {
	if p.IsZero() {
		return
	}
	ip := e.CreateElement("cac:InvoicePeriod")
	add(ip, "cbc:StartDate", p.Start.String())
	add(ip, "cbc:EndDate", p.End.String())
}

func (w *ublWriter) taxCategory(e *etree.Element, cat Category, rate decimal.Decimal, code, reason string) {
	add(e, "cbc:ID", string(cat))
	if cat != CategoryNotSubject {
		add(e, "cbc:Percent", rate.String())
	}
	add(e, "cbc:TaxExemptionReasonCode", code)
	add(e, "cbc:TaxExemptionReason", reason)
	add(e.CreateElement("cac:TaxScheme"), "cbc:ID", "VAT")
}

func (w *ublWriter) party(e *etree.Element, p Party) {
	addID(e, "cbc:EndpointID", p.Endpoint, "schemeID")
	for _, id := range p.IDs {
		addID(e.CreateElement("cac:PartyIdentification"), "cbc:ID", id, "schemeID")
	}
	if p.TradingName != "" {
		add(e.CreateElement("cac:PartyName"), "cbc:Name", p.TradingName)
	}
	ublAddress(e.CreateElement("cac:PostalAddress"), p.Address)
	if p.VATID != "" {
		ts := e.CreateElement("cac:PartyTaxScheme")
		add(ts, "cbc:CompanyID", p.VATID)
		add(ts.CreateElement("cac:TaxScheme"), "cbc:ID", "VAT")
	}
	if p.TaxID != "" {
		ts := e.CreateElement("cac:PartyTaxScheme")
		add(ts, "cbc:CompanyID", p.TaxID)
		add(ts.CreateElement("cac:TaxScheme"), "cbc:ID", "FC")
	}
	le := e.CreateElement("cac:PartyLegalEntity")
	add(le, "cbc:RegistrationName", p.Name)
	addID(le, "cbc:CompanyID", p.LegalID, "schemeID")
	add(le, "cbc:CompanyLegalForm", p.LegalInfo)
	if p.Contact != (Contact{}) {
		c := e.CreateElement("cac:Contact")
		add(c, "cbc:Name", p.Contact.Name)
		add(c, "cbc:Telephone", p.Contact.Phone)
		add(c, "cbc:ElectronicMail", p.Contact.Email)
	}
}

func ublAddress(e *etree.Element, a Address) {
	add(e, "cbc:StreetName", a.Line1)
	add(e, "cbc:AdditionalStreetName", a.Line2)
	add(e, "cbc:CityName", a.City)
	add(e, "cbc:PostalZone", a.PostCode)
	add(e, "cbc:CountrySubentity", a.Subdivision)
	if a.Line3 != "" {
		add(e.CreateElement("cac:AddressLine"), "cbc:Line", a.Line3)
	}
	add(e.CreateElement("cac:Country"), "cbc:IdentificationCode", a.Country)
}

func (w *ublWriter) delivery(root *etree.Element) {
	d := w.inv.Delivery
	if d.IsZero() {
		return
	}
	e := root.CreateElement("cac:Delivery")
	add(e, "cbc:ActualDeliveryDate", d.Date.String())
	if d.LocationID.Value != "" || !d.Address.IsZero() {
		loc := e.CreateElement("cac:DeliveryLocation")
		addID(loc, "cbc:ID", d.LocationID, "schemeID")
		if !d.Address.IsZero() {
			ublAddress(loc.CreateElement("cac:Address"), d.Address)
		}
	}
	if d.PartyName != "" {
		add(e.CreateElement("cac:DeliveryParty").CreateElement("cac:PartyName"), "cbc:Name", d.PartyName)
	}
}

func (w *ublWriter) payment(root *etree.Element, credit bool) {
	inv := w.inv
	p := inv.Payment
	if p.MeansCode != "" {
		pm := root.CreateElement("cac:PaymentMeans")
		c := add(pm, "cbc:PaymentMeansCode", p.MeansCode)
		if p.MeansText != "" {
			c.CreateAttr("name", p.MeansText)
		}
		if credit {
			add(pm, "cbc:PaymentDueDate", inv.DueDate.String())
		}
		add(pm, "cbc:PaymentID", p.Reference)
		if p.IBAN != "" {
			acc := pm.CreateElement("cac:PayeeFinancialAccount")
			add(acc, "cbc:ID", p.IBAN)
			add(acc, "cbc:Name", p.AccountName)
			if p.BIC != "" {
				add(acc.CreateElement("cac:FinancialInstitutionBranch"), "cbc:ID", p.BIC)
			}
		}
	}
	if p.Terms != "" {
		add(root.CreateElement("cac:PaymentTerms"), "cbc:Note", p.Terms)
	}
}

func (w *ublWriter) line(e *etree.Element, qtyName string, l Line) {
	inv := w.inv
	add(e, "cbc:ID", l.ID)
	add(e, "cbc:Note", l.Note)
	add(e, qtyName, l.Quantity.String()).CreateAttr("unitCode", l.Unit)
	w.amount(e, "cbc:LineExtensionAmount", l.NetAmount)
	ublPeriod(e, l.Period)
	if l.OrderLineRef != "" {
		add(e.CreateElement("cac:OrderLineReference"), "cbc:LineID", l.OrderLineRef)
	}
	for _, c := range l.Charges {
		ac := e.CreateElement("cac:AllowanceCharge")
		add(ac, "cbc:ChargeIndicator", fmt.Sprint(c.Charge))
		add(ac, "cbc:AllowanceChargeReasonCode", c.ReasonCode)
		add(ac, "cbc:AllowanceChargeReason", c.Reason)
		if c.Percent != nil {
			add(ac, "cbc:MultiplierFactorNumeric", c.Percent.String())
		}
		w.amount(ac, "cbc:Amount", c.Amount)
		if c.Base != nil {
			w.amount(ac, "cbc:BaseAmount", *c.Base)
		}
	}
	item := e.CreateElement("cac:Item")
	add(item, "cbc:Description", l.Description)
	add(item, "cbc:Name", l.Name)
	if l.BuyerItemID != "" {
		add(item.CreateElement("cac:BuyersItemIdentification"), "cbc:ID", l.BuyerItemID)
	}
	if l.SellerItemID != "" {
		add(item.CreateElement("cac:SellersItemIdentification"), "cbc:ID", l.SellerItemID)
	}
	if l.StandardID.Value != "" {
		addID(item.CreateElement("cac:StandardItemIdentification"), "cbc:ID", l.StandardID, "schemeID")
	}
	ct := item.CreateElement("cac:ClassifiedTaxCategory")
	add(ct, "cbc:ID", string(l.VAT.Category))
	if l.VAT.Category != CategoryNotSubject {
		add(ct, "cbc:Percent", l.VAT.Rate.String())
	}
	add(ct.CreateElement("cac:TaxScheme"), "cbc:ID", "VAT")

	price := e.CreateElement("cac:Price")
	add(price, "cbc:PriceAmount", l.NetPrice.String()).CreateAttr("currencyID", inv.Currency)
	if l.BaseQuantity != nil {
		add(price, "cbc:BaseQuantity", l.BaseQuantity.String()).CreateAttr("unitCode", l.Unit)
	}
	if l.GrossPrice != nil {
		ac := price.CreateElement("cac:AllowanceCharge")
		add(ac, "cbc:ChargeIndicator", "false")
		add(ac, "cbc:Amount", l.GrossPrice.Sub(l.NetPrice).String()).CreateAttr("currencyID", inv.Currency)
		add(ac, "cbc:BaseAmount", l.GrossPrice.String()).CreateAttr("currencyID", inv.Currency)
	}
}
