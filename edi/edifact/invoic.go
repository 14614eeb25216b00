package edifact

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/invoice"
	"github.com/o2c-project/o2c/money"
)

// InvoiceParams is what WriteINVOIC needs: the envelope, the invoice, and the few things an
// INVOIC carries that the EN 16931 model does not.
type InvoiceParams struct {
	Envelope Envelope        `json:"envelope"`
	Invoice  invoice.Invoice `json:"invoice"` // calculated (invoice.Calculate) and valid
	// OrderDate is the date of the buyer's order (DTM 171 after RFF ON); optional.
	OrderDate cal.Date `json:"order_date,omitzero"`
	// EarlyPayment is a discount for paying early (PAT 22, PCD 12); optional.
	EarlyPayment *EarlyPayment `json:"early_payment,omitempty"`

	// The message identifier; empty values give D, 96A and EAN008, EANCOM's INVOIC of directory D.96A.
	Version     string `json:"version,omitempty"`
	Release     string `json:"release,omitempty"`
	Association string `json:"association,omitempty"`
}

// EarlyPayment is a discount of Percent for paying within Days of the issue date.
type EarlyPayment struct {
	Percent decimal.Decimal `json:"percent"`
	Days    int             `json:"days"`
}

// Lengths of the D.96A text elements that long texts are cut into.
const (
	nameLen = 35 // 3036 party name, 3042 street, 7008 item description
	textLen = 70 // 4440 free text
)

// lineNumber is the shape of an invoice line id that fits LIN 1082 (an..6).
var lineNumber = regexp.MustCompile(`^[A-Za-z0-9]{1,6}$`)

// WriteINVOIC writes an invoice or credit note as an EANCOM INVOIC of directory D.96A:
//
//   - BGM with the type code (380 invoice, 381 credit note...) and number; DTM 137 issue date,
//     35 delivery date, 131 tax point date, 263 invoicing period; PAI payment means;
//   - FTX for the notes (their subject code, AAI by default), the payment terms (AAB), and one
//     FTX TXD per VAT category with an exemption reason: the category in C107 (UNTDID 5305,
//     agency 6), the VATEX code then the reason in C108;
//   - RFF ON (with DTM 171) for the purchase order, RFF IV (with DTM 171) for each invoice a
//     credit note corrects, CT contract, VN sales order, PQ payment reference;
//   - NAD SE (seller, with FII RB for the IBAN and BIC and its legal information in C058), BY
//     and IV (the buyer, who is the invoicee), DP (delivery): GLN with agency 9, name, address,
//     RFF VA VAT id, XA legal registration, FC tax number, CTA and COM for the contact;
//   - CUX; PAT 1 with DTM 13 for the due date; PAT 22 with PCD 12 for an early-payment discount;
//   - ALC for each document allowance (A, reason code in C552 5189) or charge (C, reason code in
//     C214 7161), with PCD (1 allowance, 2 charge), MOA 8 amount, MOA 25 base and its TAX;
//   - per line: LIN (its number the line id when that is 1 to 6 letters and digits, else its
//     position; GTIN as EN), PIA (SA seller's, IN buyer's item number), IMD F name, QTY 47,
//     FTX AAI note, MOA 203 net amount, PRI AAA net price (per base quantity) and AAB gross
//     price, RFF ON with the order line, TAX, and ALC/PCD/MOA for the line's allowances and charges;
//   - UNS S, CNT 2 lines; MOA 77 tax inclusive, 79 line total, 125 tax exclusive, 176 VAT total
//     (and again in the VAT accounting currency), 260 allowances, 259 charges, 113 prepaid,
//     165 rounding, 9 amount payable; per VAT breakdown TAX with MOA 125 and 124.
//
// Amounts have the invoice's decimals; a credit note states positive amounts, as EN 16931 does.
// Texts longer than an element are cut across its components and, for FTX and IMD, across
// further segments; a name or address past its five (four) components is cut short. The output
// is deterministic.
//
// Errors: CodeInvalid with the faults of invoice.Validate when the invoice may not be written.
// It panics, as WriteORDRSP does, when the envelope lacks its parties, references or time.
func WriteINVOIC(p InvoiceParams) ([]byte, error) {
	p.Envelope.check("INVOIC")
	if err := invoice.Validate(p.Invoice); err != nil {
		return nil, fmt.Errorf("write INVOIC %q: %w", p.Invoice.Number, err)
	}
	b := &invoicBuilder{inv: &p.Invoice, places: min(money.Currency(p.Invoice.Currency).Scale(), 2)}
	b.header(p)
	b.parties()
	b.terms(p.EarlyPayment)
	for _, c := range b.inv.Charges {
		b.charge(c.Charge, c.ReasonCode, c.Reason, c.Percent, c.Base, c.Amount)
		b.add("TAX", taxElems(c.VAT)...)
	}
	for i, l := range b.inv.Lines {
		b.line(i, l)
	}
	b.summary()

	version, release, assoc := p.Version, p.Release, p.Association
	if version == "" && release == "" && assoc == "" {
		version, release, assoc = "D", "96A", "EAN008"
	}
	return writeMessage(p.Envelope, Message{Ref: p.Envelope.MessageRef, Type: "INVOIC", Version: version, Release: release,
		Agency: "UN", Association: assoc, Segments: b.segs}), nil
}

// invoicBuilder collects the segments of one INVOIC message.
type invoicBuilder struct {
	inv    *invoice.Invoice
	places int32 // decimals of an amount
	segs   []Segment
}

func (b *invoicBuilder) add(tag string, elems ...[]string) {
	b.segs = append(b.segs, seg(tag, elems...))
}

// amount writes an amount with the invoice's decimals.
func (b *invoicBuilder) amount(d decimal.Decimal) string { return d.StringFixed(b.places) }

func (b *invoicBuilder) moa(qualifier string, d decimal.Decimal) {
	b.add("MOA", el(qualifier, b.amount(d)))
}

func (b *invoicBuilder) dtm(qualifier string, d cal.Date) {
	if !d.IsZero() {
		b.add("DTM", el(qualifier, ymd(d), "102"))
	}
}

// ftx writes a text in as many FTX segments of five 70-character components as it needs.
func (b *invoicBuilder) ftx(subject, text string) {
	parts := chunks(text, textLen)
	for len(parts) > 0 {
		n := min(len(parts), 5)
		b.add("FTX", el(subject), nil, nil, parts[:n])
		parts = parts[n:]
	}
}

func (b *invoicBuilder) header(p InvoiceParams) {
	inv := b.inv
	b.add("BGM", el(string(inv.Type)), el(inv.Number), el("9")) // 9: original
	b.dtm("137", inv.IssueDate)
	b.dtm("35", inv.Delivery.Date)
	b.dtm("131", inv.TaxPointDate)
	if pe := inv.Period; !pe.Start.IsZero() && !pe.End.IsZero() {
		b.add("DTM", el("263", ymd(pe.Start)+ymd(pe.End), "718")) // 718: CCYYMMDD-CCYYMMDD
	} else {
		b.dtm("194", pe.Start) // start date
		b.dtm("206", pe.End)   // end date
	}
	if inv.Payment.MeansCode != "" {
		b.add("PAI", el("", "", inv.Payment.MeansCode))
	}
	for _, n := range inv.Notes {
		subject := n.SubjectCode
		if subject == "" {
			subject = "AAI" // general information
		}
		b.ftx(subject, n.Text)
	}
	if inv.Payment.Terms != "" {
		b.ftx("AAB", inv.Payment.Terms)
	}
	for _, v := range inv.VATBreakdown {
		if v.ExemptionReason == "" && v.ExemptionCode == "" {
			continue
		}
		// The category rides in the text reference so that a reader knows which breakdown the
		// reason belongs to; D.96A has no exemption element in TAX.
		text := append([]string{v.ExemptionCode}, chunks(v.ExemptionReason, textLen)...)
		b.add("FTX", el("TXD"), nil, el(string(v.Category), "", "6"), text[:min(len(text), 5)])
	}
	if inv.PurchaseOrder != "" {
		b.add("RFF", el("ON", inv.PurchaseOrder))
		b.dtm("171", p.OrderDate)
	}
	for _, ref := range inv.Preceding {
		b.add("RFF", el("IV", ref.Number))
		b.dtm("171", ref.IssueDate)
	}
	if inv.ContractRef != "" {
		b.add("RFF", el("CT", inv.ContractRef))
	}
	if inv.SalesOrder != "" {
		b.add("RFF", el("VN", inv.SalesOrder))
	}
	if inv.Payment.Reference != "" {
		b.add("RFF", el("PQ", inv.Payment.Reference))
	}
}

func (b *invoicBuilder) parties() {
	inv := b.inv
	seller := inv.Seller
	b.nad("SE", seller.GLN(), chunks(seller.LegalInfo, nameLen), seller.Name, seller.Address)
	if pay := inv.Payment; pay.IBAN != "" {
		bank := []string(nil)
		if pay.BIC != "" {
			bank = el(pay.BIC, "25", "17") // 25: bank identification, 17: SWIFT
		}
		b.add("FII", el("RB"), el(pay.IBAN, pay.AccountName), bank)
	}
	b.partyRefs(seller)
	for _, role := range []string{"BY", "IV"} {
		b.nad(role, inv.Buyer.GLN(), nil, inv.Buyer.Name, inv.Buyer.Address)
		b.partyRefs(inv.Buyer)
	}
	if d := inv.Delivery; d.PartyName != "" || d.LocationID.Value != "" || !d.Address.IsZero() {
		id := d.LocationID.Value
		if d.LocationID.Scheme != invoice.SchemeGLN {
			id = "" // only a GLN identifies a party here
		}
		b.nad("DP", id, nil, d.PartyName, d.Address)
	}
	b.add("CUX", el("2", inv.Currency, "4")) // 2: reference currency, 4: invoicing currency
}

// nad writes a NAD: the GLN (agency 9), the legal text (C058), the name (C080), the address.
func (b *invoicBuilder) nad(role, gln string, legal []string, name string, a invoice.Address) {
	id := []string(nil)
	if gln != "" {
		id = el(gln, "", "9")
	}
	var street []string
	for _, line := range []string{a.Line1, a.Line2, a.Line3} {
		street = append(street, chunks(line, nameLen)...)
	}
	names := chunks(name, nameLen)
	b.add("NAD", el(role), id, legal[:min(len(legal), 5)], names[:min(len(names), 5)], street[:min(len(street), 4)],
		el(a.City), el(a.Subdivision), el(a.PostCode), el(a.Country))
}

// partyRefs writes the references and contact that follow a party's NAD.
func (b *invoicBuilder) partyRefs(p invoice.Party) {
	if p.VATID != "" {
		b.add("RFF", el("VA", p.VATID))
	}
	if p.LegalID.Value != "" {
		b.add("RFF", el("XA", p.LegalID.Value)) // company registration
	}
	if p.TaxID != "" {
		b.add("RFF", el("FC", p.TaxID)) // fiscal number
	}
	if c := p.Contact; c != (invoice.Contact{}) {
		b.add("CTA", el("IC"), el("", c.Name)) // IC: information contact
		if c.Phone != "" {
			b.add("COM", el(c.Phone, "TE"))
		}
		if c.Email != "" {
			b.add("COM", el(c.Email, "EM"))
		}
	}
}

// terms writes the payment terms: net due date and an early-payment discount, both counted in
// days from the invoice date (5), after it (3).
func (b *invoicBuilder) terms(early *EarlyPayment) {
	inv := b.inv
	if !inv.DueDate.IsZero() {
		days := inv.IssueDate.DaysUntil(inv.DueDate)
		period := []string(nil)
		if days >= 0 {
			period = el("5", "3", "D", strconv.Itoa(days))
		}
		b.add("PAT", el("1"), nil, period) // 1: basic
		b.dtm("13", inv.DueDate)           // 13: terms net due date
	}
	if early != nil {
		b.add("PAT", el("22"), nil, el("5", "3", "D", strconv.Itoa(early.Days))) // 22: discount
		b.add("PCD", el("12", early.Percent.String()))                           // 12: discount
	}
}

// charge writes an allowance or charge: ALC, PCD, MOA 8 and MOA 25.
func (b *invoicBuilder) charge(isCharge bool, code, reason string, percent, base *decimal.Decimal, amount decimal.Decimal) {
	reasons := chunks(reason, nameLen)
	text := []string{"", "", "", "", ""}
	copy(text[3:], reasons)
	if isCharge {
		text[0] = code // 7161 special service
		b.add("ALC", el("C"), nil, nil, nil, text)
	} else {
		b.add("ALC", el("A"), el("", code), nil, nil, text) // 5189 allowance description
	}
	if percent != nil {
		q := "1" // allowance
		if isCharge {
			q = "2"
		}
		b.add("PCD", el(q, percent.String()))
	}
	b.moa("8", amount)
	if base != nil {
		b.moa("25", *base)
	}
}

func (b *invoicBuilder) line(i int, l invoice.Line) {
	no := l.ID
	if !lineNumber.MatchString(no) {
		no = strconv.Itoa(i + 1)
	}
	gtin := ""
	if l.StandardID.Scheme == invoice.SchemeGTIN {
		gtin = l.StandardID.Value
	}
	if gtin != "" {
		b.add("LIN", el(no), nil, el(gtin, "EN"))
	} else {
		b.add("LIN", el(no))
	}
	if l.SellerItemID != "" || l.BuyerItemID != "" {
		function := "1" // additional identification, beside the GTIN
		if gtin == "" {
			function = "5" // the product identification itself
		}
		pia := [][]string{el(function)}
		if l.SellerItemID != "" {
			pia = append(pia, el(l.SellerItemID, "SA"))
		}
		if l.BuyerItemID != "" {
			pia = append(pia, el(l.BuyerItemID, "IN"))
		}
		b.add("PIA", pia...)
	}
	names := chunks(l.Name, nameLen)
	for len(names) > 0 {
		n := min(len(names), 2)
		b.add("IMD", el("F"), nil, append([]string{"", "", ""}, names[:n]...)) // F: free-form
		names = names[n:]
	}
	b.add("QTY", el("47", l.Quantity.String(), l.Unit)) // 47: invoiced quantity
	if l.Note != "" {
		b.ftx("AAI", l.Note)
	}
	b.moa("203", l.NetAmount)
	if l.BaseQuantity != nil {
		b.add("PRI", el("AAA", l.NetPrice.String(), "", "", l.BaseQuantity.String(), l.Unit))
	} else {
		b.add("PRI", el("AAA", l.NetPrice.String()))
	}
	if l.GrossPrice != nil {
		if l.BaseQuantity != nil {
			b.add("PRI", el("AAB", l.GrossPrice.String(), "", "", l.BaseQuantity.String(), l.Unit))
		} else {
			b.add("PRI", el("AAB", l.GrossPrice.String()))
		}
	}
	if l.OrderLineRef != "" {
		b.add("RFF", el("ON", b.inv.PurchaseOrder, l.OrderLineRef))
	}
	b.add("TAX", taxElems(l.VAT)...)
	for _, c := range l.Charges {
		b.charge(c.Charge, c.ReasonCode, c.Reason, c.Percent, c.Base, c.Amount)
	}
}

// taxElems are the elements of a TAX for VAT of a category and rate; category O has no rate.
func taxElems(v invoice.VAT) [][]string {
	rate := []string(nil)
	if v.Category != invoice.CategoryNotSubject {
		rate = el("", "", "", v.Rate.String())
	}
	return [][]string{el("7"), el("VAT"), nil, nil, rate, el(string(v.Category))} // 7: tax
}

func (b *invoicBuilder) summary() {
	inv, t := b.inv, b.inv.Totals
	b.add("UNS", el("S"))
	b.add("CNT", el("2", strconv.Itoa(len(inv.Lines)))) // 2: number of lines
	b.moa("77", t.TaxInclusive)
	b.moa("79", t.LineTotal)
	b.moa("125", t.TaxExclusive)
	b.moa("176", t.TaxTotal)
	if inv.TaxCurrency != "" && inv.TaxCurrency != inv.Currency {
		b.add("MOA", el("176", t.TaxTotalInTaxCur.StringFixed(min(money.Currency(inv.TaxCurrency).Scale(), 2)), inv.TaxCurrency))
	}
	if !t.AllowanceTotal.IsZero() {
		b.moa("260", t.AllowanceTotal)
	}
	if !t.ChargeTotal.IsZero() {
		b.moa("259", t.ChargeTotal)
	}
	if !t.Prepaid.IsZero() {
		b.moa("113", t.Prepaid)
	}
	if !t.Rounding.IsZero() {
		b.moa("165", t.Rounding)
	}
	b.moa("9", t.Payable)
	for _, v := range inv.VATBreakdown {
		b.add("TAX", taxElems(invoice.VAT{Category: v.Category, Rate: v.Rate})...)
		b.moa("125", v.TaxableAmount)
		b.moa("124", v.TaxAmount)
	}
}

// chunks cuts s into pieces of at most n characters (runes), or returns nil for "".
func chunks(s string, n int) []string {
	s = clean(s)
	var out []string
	r := []rune(s)
	for len(r) > 0 {
		k := min(len(r), n)
		out = append(out, string(r[:k]))
		r = r[k:]
	}
	return out
}
