package invoice

import (
	"fmt"
	"strings"

	"github.com/beevik/etree"
	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
)

// Namespaces of the UN/CEFACT Cross Industry Invoice D16B.
const (
	nsRSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
	nsRAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
	nsQDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
	nsUDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
)

// Profile is the guideline (BT-24) a CII invoice follows: EN 16931 itself, or one of the
// Factur-X / ZUGFeRD profiles around it.
type Profile string

// CII profiles.
const (
	// ProfileEN16931 is the EN 16931 core (Factur-X and ZUGFeRD "EN 16931" / "COMFORT").
	ProfileEN16931 Profile = "urn:cen.eu:en16931:2017"
	// ProfileBasic is Factur-X BASIC: a subset of EN 16931 without item details, contacts and
	// line notes.
	ProfileBasic Profile = "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic"
	// ProfileExtended is Factur-X EXTENDED, a superset of EN 16931; this package writes the EN
	// 16931 part of it.
	ProfileExtended Profile = "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended"
)

// WriteCII calculates inv, validates it and writes it as a UN/CEFACT Cross Industry Invoice
// D16B under the given profile (ProfileEN16931 when empty). The output validates against the
// CII D16B XSD and the EN 16931 CII Schematron; it depends only on inv and the profile.
//
// Errors: CodeInvalid from Calculate and Validate, and for an unknown profile.
func WriteCII(in Invoice, profile Profile) ([]byte, error) {
	if profile == "" {
		profile = ProfileEN16931
	}
	if profile != ProfileEN16931 && profile != ProfileBasic && profile != ProfileExtended {
		return nil, invalid(RuleValue, "$", fmt.Sprintf("unknown CII profile %q", profile))
	}
	inv, err := Calculate(in)
	if err != nil {
		return nil, err
	}
	if err := Validate(inv); err != nil {
		return nil, err
	}
	w := ciiWriter{inv: &inv, basic: profile == ProfileBasic}
	doc := etree.NewDocument()
	doc.CreateProcInst("xml", `version="1.0" encoding="UTF-8"`)
	root := doc.CreateElement("rsm:CrossIndustryInvoice")
	root.CreateAttr("xmlns:rsm", nsRSM)
	root.CreateAttr("xmlns:ram", nsRAM)
	root.CreateAttr("xmlns:qdt", nsQDT)
	root.CreateAttr("xmlns:udt", nsUDT)

	ctx := root.CreateElement("rsm:ExchangedDocumentContext")
	add(ctx.CreateElement("ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", string(profile))

	ed := root.CreateElement("rsm:ExchangedDocument")
	add(ed, "ram:ID", inv.Number)
	add(ed, "ram:TypeCode", string(inv.Type))
	ciiDate(ed.CreateElement("ram:IssueDateTime"), "udt:DateTimeString", inv.IssueDate)
	for _, n := range inv.Notes {
		note := ed.CreateElement("ram:IncludedNote")
		add(note, "ram:Content", n.Text)
		add(note, "ram:SubjectCode", n.SubjectCode)
	}

	tx := root.CreateElement("rsm:SupplyChainTradeTransaction")
	for _, l := range inv.Lines {
		w.line(tx.CreateElement("ram:IncludedSupplyChainTradeLineItem"), l)
	}
	w.agreement(tx.CreateElement("ram:ApplicableHeaderTradeAgreement"))
	w.delivery(tx.CreateElement("ram:ApplicableHeaderTradeDelivery"))
	w.settlement(tx.CreateElement("ram:ApplicableHeaderTradeSettlement"))
	doc.Indent(2)
	return doc.WriteToBytes()
}

type ciiWriter struct {
	inv   *Invoice
	basic bool // Factur-X BASIC leaves out item details, contacts and line notes
}

// add adds <tag>text</tag> to e unless text is empty (empty elements break Peppol and CII rules).
func add(e *etree.Element, tag, text string) *etree.Element {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	c := e.CreateElement(tag)
	c.SetText(text)
	return c
}

// addID adds an identifier, with its scheme as attr when it has one.
func addID(e *etree.Element, tag string, id Identifier, attr string) *etree.Element {
	c := add(e, tag, id.Value)
	if c != nil && id.Scheme != "" {
		c.CreateAttr(attr, id.Scheme)
	}
	return c
}

// ciiDate writes a date as <tag format="102">YYYYMMDD</tag> inside e.
func ciiDate(e *etree.Element, tag string, d cal.Date) {
	c := e.CreateElement(tag)
	c.CreateAttr("format", "102")
	c.SetText(fmt.Sprintf("%04d%02d%02d", d.Year, d.Month, d.Day))
}

// amount writes an amount with the invoice's amount places (2 for EUR).
func (inv *Invoice) amount(d decimal.Decimal) string {
	return d.StringFixed(amountPlaces(inv.Currency))
}

func ciiIndicator(e *etree.Element, charge bool) {
	add(e.CreateElement("ram:ChargeIndicator"), "udt:Indicator", fmt.Sprint(charge))
}

func (w *ciiWriter) line(e *etree.Element, l Line) {
	inv := w.inv
	doc := e.CreateElement("ram:AssociatedDocumentLineDocument")
	add(doc, "ram:LineID", l.ID)
	if l.Note != "" && !w.basic {
		add(doc.CreateElement("ram:IncludedNote"), "ram:Content", l.Note)
	}
	prod := e.CreateElement("ram:SpecifiedTradeProduct")
	addID(prod, "ram:GlobalID", l.StandardID, "schemeID")
	if !w.basic {
		add(prod, "ram:SellerAssignedID", l.SellerItemID)
		add(prod, "ram:BuyerAssignedID", l.BuyerItemID)
	}
	add(prod, "ram:Name", l.Name)
	if !w.basic {
		add(prod, "ram:Description", l.Description)
	}

	agr := e.CreateElement("ram:SpecifiedLineTradeAgreement")
	if l.OrderLineRef != "" && !w.basic {
		add(agr.CreateElement("ram:BuyerOrderReferencedDocument"), "ram:LineID", l.OrderLineRef)
	}
	if l.GrossPrice != nil {
		gp := agr.CreateElement("ram:GrossPriceProductTradePrice")
		add(gp, "ram:ChargeAmount", l.GrossPrice.String())
		w.basisQuantity(gp, l)
		if disc := l.GrossPrice.Sub(l.NetPrice); disc.Sign() > 0 {
			ac := gp.CreateElement("ram:AppliedTradeAllowanceCharge")
			ciiIndicator(ac, false)
			add(ac, "ram:ActualAmount", disc.String())
		}
	}
	np := agr.CreateElement("ram:NetPriceProductTradePrice")
	add(np, "ram:ChargeAmount", l.NetPrice.String())
	w.basisQuantity(np, l)

	add(e.CreateElement("ram:SpecifiedLineTradeDelivery"), "ram:BilledQuantity", l.Quantity.String()).CreateAttr("unitCode", l.Unit)

	set := e.CreateElement("ram:SpecifiedLineTradeSettlement")
	tax := set.CreateElement("ram:ApplicableTradeTax")
	add(tax, "ram:TypeCode", "VAT")
	add(tax, "ram:CategoryCode", string(l.VAT.Category))
	if l.VAT.Category != CategoryNotSubject {
		add(tax, "ram:RateApplicablePercent", l.VAT.Rate.String())
	}
	ciiPeriod(set, l.Period)
	for _, c := range l.Charges {
		ac := set.CreateElement("ram:SpecifiedTradeAllowanceCharge")
		ciiIndicator(ac, c.Charge)
		if c.Percent != nil {
			add(ac, "ram:CalculationPercent", c.Percent.String())
		}
		if c.Base != nil {
			add(ac, "ram:BasisAmount", inv.amount(*c.Base))
		}
		add(ac, "ram:ActualAmount", inv.amount(c.Amount))
		add(ac, "ram:ReasonCode", c.ReasonCode)
		add(ac, "ram:Reason", c.Reason)
	}
	add(set.CreateElement("ram:SpecifiedTradeSettlementLineMonetarySummation"), "ram:LineTotalAmount", inv.amount(l.NetAmount))
}

func (w *ciiWriter) basisQuantity(price *etree.Element, l Line) {
	if l.BaseQuantity != nil {
		add(price, "ram:BasisQuantity", l.BaseQuantity.String()).CreateAttr("unitCode", l.Unit)
	}
}

func ciiPeriod(e *etree.Element, p Period) {
	if p.IsZero() {
		return
	}
	bp := e.CreateElement("ram:BillingSpecifiedPeriod")
	if !p.Start.IsZero() {
		ciiDate(bp.CreateElement("ram:StartDateTime"), "udt:DateTimeString", p.Start)
	}
	if !p.End.IsZero() {
		ciiDate(bp.CreateElement("ram:EndDateTime"), "udt:DateTimeString", p.End)
	}
}

func (w *ciiWriter) agreement(e *etree.Element) {
	inv := w.inv
	add(e, "ram:BuyerReference", inv.BuyerReference)
	w.party(e.CreateElement("ram:SellerTradeParty"), inv.Seller, true)
	w.party(e.CreateElement("ram:BuyerTradeParty"), inv.Buyer, false)
	if inv.SalesOrder != "" && !w.basic {
		add(e.CreateElement("ram:SellerOrderReferencedDocument"), "ram:IssuerAssignedID", inv.SalesOrder)
	}
	if inv.PurchaseOrder != "" {
		add(e.CreateElement("ram:BuyerOrderReferencedDocument"), "ram:IssuerAssignedID", inv.PurchaseOrder)
	}
	if inv.ContractRef != "" {
		add(e.CreateElement("ram:ContractReferencedDocument"), "ram:IssuerAssignedID", inv.ContractRef)
	}
}

// party writes a trade party. In CII, identifiers with a scheme go to GlobalID, which takes ISO
// 6523 schemes only; one without a scheme goes to ID.
func (w *ciiWriter) party(e *etree.Element, p Party, seller bool) {
	for _, id := range p.IDs {
		if id.Scheme == "" {
			add(e, "ram:ID", id.Value)
		}
	}
	for _, id := range p.IDs {
		if id.Scheme != "" {
			addID(e, "ram:GlobalID", id, "schemeID")
		}
	}
	add(e, "ram:Name", p.Name)
	if seller && !w.basic {
		add(e, "ram:Description", p.LegalInfo)
	}
	if p.LegalID.Value != "" || (p.TradingName != "" && !w.basic) {
		org := e.CreateElement("ram:SpecifiedLegalOrganization")
		addID(org, "ram:ID", p.LegalID, "schemeID")
		if !w.basic {
			add(org, "ram:TradingBusinessName", p.TradingName)
		}
	}
	if p.Contact != (Contact{}) && !w.basic {
		c := e.CreateElement("ram:DefinedTradeContact")
		add(c, "ram:PersonName", p.Contact.Name)
		if p.Contact.Phone != "" {
			add(c.CreateElement("ram:TelephoneUniversalCommunication"), "ram:CompleteNumber", p.Contact.Phone)
		}
		if p.Contact.Email != "" {
			add(c.CreateElement("ram:EmailURIUniversalCommunication"), "ram:URIID", p.Contact.Email)
		}
	}
	ciiAddress(e.CreateElement("ram:PostalTradeAddress"), p.Address)
	if p.Endpoint.Value != "" {
		addID(e.CreateElement("ram:URIUniversalCommunication"), "ram:URIID", p.Endpoint, "schemeID")
	}
	if p.VATID != "" {
		add(e.CreateElement("ram:SpecifiedTaxRegistration"), "ram:ID", p.VATID).CreateAttr("schemeID", "VA")
	}
	if p.TaxID != "" && seller {
		add(e.CreateElement("ram:SpecifiedTaxRegistration"), "ram:ID", p.TaxID).CreateAttr("schemeID", "FC")
	}
}

func ciiAddress(e *etree.Element, a Address) {
	add(e, "ram:PostcodeCode", a.PostCode)
	add(e, "ram:LineOne", a.Line1)
	add(e, "ram:LineTwo", a.Line2)
	add(e, "ram:LineThree", a.Line3)
	add(e, "ram:CityName", a.City)
	add(e, "ram:CountryID", a.Country)
	add(e, "ram:CountrySubDivisionName", a.Subdivision)
}

func (w *ciiWriter) delivery(e *etree.Element) {
	d := w.inv.Delivery
	if d.PartyName != "" || d.LocationID.Value != "" || !d.Address.IsZero() {
		st := e.CreateElement("ram:ShipToTradeParty")
		if d.LocationID.Scheme == "" {
			add(st, "ram:ID", d.LocationID.Value)
		} else {
			addID(st, "ram:GlobalID", d.LocationID, "schemeID")
		}
		add(st, "ram:Name", d.PartyName)
		if !d.Address.IsZero() {
			ciiAddress(st.CreateElement("ram:PostalTradeAddress"), d.Address)
		}
	}
	if !d.Date.IsZero() {
		ciiDate(e.CreateElement("ram:ActualDeliverySupplyChainEvent").CreateElement("ram:OccurrenceDateTime"), "udt:DateTimeString", d.Date)
	}
}

func (w *ciiWriter) settlement(e *etree.Element) {
	inv := w.inv
	p := inv.Payment
	add(e, "ram:PaymentReference", p.Reference)
	if inv.TaxCurrency != "" {
		add(e, "ram:TaxCurrencyCode", inv.TaxCurrency)
	}
	add(e, "ram:InvoiceCurrencyCode", inv.Currency)
	if p.MeansCode != "" {
		pm := e.CreateElement("ram:SpecifiedTradeSettlementPaymentMeans")
		add(pm, "ram:TypeCode", p.MeansCode)
		if !w.basic {
			add(pm, "ram:Information", p.MeansText)
		}
		if p.IBAN != "" {
			acc := pm.CreateElement("ram:PayeePartyCreditorFinancialAccount")
			add(acc, "ram:IBANID", p.IBAN)
			if !w.basic {
				add(acc, "ram:AccountName", p.AccountName)
			}
		}
		if p.BIC != "" && !w.basic {
			add(pm.CreateElement("ram:PayeeSpecifiedCreditorFinancialInstitution"), "ram:BICID", p.BIC)
		}
	}
	for _, b := range inv.VATBreakdown {
		t := e.CreateElement("ram:ApplicableTradeTax")
		add(t, "ram:CalculatedAmount", inv.amount(b.TaxAmount))
		add(t, "ram:TypeCode", "VAT")
		add(t, "ram:ExemptionReason", b.ExemptionReason)
		add(t, "ram:BasisAmount", inv.amount(b.TaxableAmount))
		add(t, "ram:CategoryCode", string(b.Category))
		add(t, "ram:ExemptionReasonCode", b.ExemptionCode)
		if !inv.TaxPointDate.IsZero() {
			ciiDate(t.CreateElement("ram:TaxPointDate"), "udt:DateString", inv.TaxPointDate)
		}
		if b.Category != CategoryNotSubject {
			add(t, "ram:RateApplicablePercent", b.Rate.String())
		}
	}
	ciiPeriod(e, inv.Period)
	for _, c := range inv.Charges {
		ac := e.CreateElement("ram:SpecifiedTradeAllowanceCharge")
		ciiIndicator(ac, c.Charge)
		if c.Percent != nil {
			add(ac, "ram:CalculationPercent", c.Percent.String())
		}
		if c.Base != nil {
			add(ac, "ram:BasisAmount", inv.amount(*c.Base))
		}
		add(ac, "ram:ActualAmount", inv.amount(c.Amount))
		add(ac, "ram:ReasonCode", c.ReasonCode)
		add(ac, "ram:Reason", c.Reason)
		t := ac.CreateElement("ram:CategoryTradeTax")
		add(t, "ram:TypeCode", "VAT")
		add(t, "ram:CategoryCode", string(c.VAT.Category))
		if c.VAT.Category != CategoryNotSubject {
			add(t, "ram:RateApplicablePercent", c.VAT.Rate.String())
		}
	}
	if p.Terms != "" || !inv.DueDate.IsZero() {
		pt := e.CreateElement("ram:SpecifiedTradePaymentTerms")
		add(pt, "ram:Description", p.Terms)
		if !inv.DueDate.IsZero() {
			ciiDate(pt.CreateElement("ram:DueDateDateTime"), "udt:DateTimeString", inv.DueDate)
		}
	}
	t := inv.Totals
	sum := e.CreateElement("ram:SpecifiedTradeSettlementHeaderMonetarySummation")
	add(sum, "ram:LineTotalAmount", inv.amount(t.LineTotal))
	if len(inv.Charges) > 0 {
		add(sum, "ram:ChargeTotalAmount", inv.amount(t.ChargeTotal))
		add(sum, "ram:AllowanceTotalAmount", inv.amount(t.AllowanceTotal))
	}
	add(sum, "ram:TaxBasisTotalAmount", inv.amount(t.TaxExclusive))
	add(sum, "ram:TaxTotalAmount", inv.amount(t.TaxTotal)).CreateAttr("currencyID", inv.Currency)
	if inv.TaxCurrency != "" && inv.TaxCurrency != inv.Currency {
		add(sum, "ram:TaxTotalAmount", t.TaxTotalInTaxCur.StringFixed(amountPlaces(inv.TaxCurrency))).CreateAttr("currencyID", inv.TaxCurrency)
	}
	if !t.Rounding.IsZero() {
		add(sum, "ram:RoundingAmount", inv.amount(t.Rounding))
	}
	add(sum, "ram:GrandTotalAmount", inv.amount(t.TaxInclusive))
	if !t.Prepaid.IsZero() {
		add(sum, "ram:TotalPrepaidAmount", inv.amount(t.Prepaid))
	}
	add(sum, "ram:DuePayableAmount", inv.amount(t.Payable))
	for _, r := range inv.Preceding {
		ref := e.CreateElement("ram:InvoiceReferencedDocument")
		add(ref, "ram:IssuerAssignedID", r.Number)
		if !r.IssueDate.IsZero() {
			ciiDate(ref.CreateElement("ram:FormattedIssueDateTime"), "qdt:DateTimeString", r.IssueDate)
		}
	}
}
