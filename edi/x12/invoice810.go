package x12

import (
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/invoice"
)

// InvoiceParams is what Write810 needs: the envelopes, the invoice, and the few things an 810
// carries that the EN 16931 model does not.
type InvoiceParams struct {
	SenderQual   string // ISA05: the qualifier of SenderID
	SenderID     string // ISA06: us, as the buyer knows us
	ReceiverQual string // ISA07
	ReceiverID   string // ISA08: the buyer
	SenderCode   string // GS02: our application code
	ReceiverCode string // GS03: the buyer's application code
	Usage        string // ISA15: P production (default), T test
	// InterchangeVersion is ISA12 (default 00401) and Version GS08 (default 004010).
	InterchangeVersion string
	Version            string
	Invoice            invoice.Invoice // calculated (invoice.Calculate) and valid
	OrderDate          cal.Date        // BIG03: the date of the buyer's order; optional
	EarlyPayment       *EarlyPayment   // ITD 08 with its discount; optional
}

// EarlyPayment is a discount of Percent for paying within Days of the invoice date.
type EarlyPayment struct {
	Percent decimal.Decimal
	Days    int
}

// Widths of the X12 text elements that long texts are cut into.
const (
	x12NameLen = 60 // N102, N201, N202
	x12AddrLen = 55 // N301, N302
	x12TextLen = 80 // NTE02, PID05, ITD12, SAC15
)

// Write810 writes an invoice or credit note as an X12 810 in one interchange, one IN group and
// one transaction set:
//
//   - BIG: invoice date and number, order date and number; BIG07 CR for a credit note;
//   - NTE GEN for the notes; CUR SE the currency; REF OI each invoice a credit note corrects,
//     CT the contract, VN our order number;
//   - N1 loops SE (seller), BT (buyer), ST (delivery, when given) and RE (remit to, when an IBAN
//     is given), identified by GLN (qualifier UL), with N2 for a long name, N3, N4, REF VX for
//     the VAT id and PER IC for the contact;
//   - ITD 01 (or 08 with an early-payment discount) from the invoice date (3), with the net due
//     date and days and the terms text; DTM 035 the delivery date;
//   - per line IT1 with quantity, unit (X12Unit), unit price (net price per one unit) and the
//     buyer's (IN), our (VN) item numbers and GTIN; TXI VA with the rate (TXI06 1 for exempt
//     categories); PID F the name; SAC for its allowances (A) and charges (C);
//   - TDS the total with VAT in cents (N2); TXI VA per VAT breakdown: tax, rate and taxable
//     amount (TXI08); SAC and TXI per document allowance or charge; CTT the number of lines.
//
// SAC amounts are in cents too. An allowance with reason code 95 is SAC02 C310 (discount), a
// charge with FC D240 (freight), anything else ZZZZ with the reason in SAC15. A credit note
// states positive amounts, as EN 16931 does.
//
// Errors: CodeInvalid with the faults of invoice.Validate when the invoice may not be written;
// CodeInvalid (X12-20) for an incomplete ctl or a value that holds a separator (X12 has no escape).
func Write810(p InvoiceParams, ctl Control) ([]byte, error) {
	if err := ctl.check(1, 1); err != nil {
		return nil, err
	}
	if err := invoice.Validate(p.Invoice); err != nil {
		return nil, fmt.Errorf("write 810 %q: %w", p.Invoice.Number, err)
	}
	version, isaVersion := or(p.Version, "004010"), or(p.InterchangeVersion, "00401")
	w := &writer810{inv: &p.Invoice, version: version}
	w.header(p)
	for _, l := range p.Invoice.Lines {
		w.line(l)
	}
	w.summary()

	sep := ctl.Separators
	if sep.Element == 0 {
		sep = DefaultSeparators
	}
	out := ctl.envelope(isaVersion, or(p.Usage, "P"), sep)
	out.SenderQual, out.SenderID, out.ReceiverQual, out.ReceiverID = p.SenderQual, p.SenderID, p.ReceiverQual, p.ReceiverID
	g := ctl.group(0, "IN", p.SenderCode, p.ReceiverCode, version)
	g.Sets = []Set{{ID: "810", ControlNumber: ctl.setNumber(0), Segments: w.segs}}
	out.Groups = []Group{g}
	return Marshal(out)
}

// writer810 collects the segments of one 810.
type writer810 struct {
	inv     *invoice.Invoice
	version string
	segs    []Segment
}

func (w *writer810) add(id string, elems ...string) { w.segs = append(w.segs, trim(seg(id, elems...))) }

// date writes a date as the version wants it: CCYYMMDD from 004010, YYMMDD before.
func (w *writer810) date(d cal.Date) string {
	if d.IsZero() {
		return ""
	}
	if w.version < "004010" {
		return fmt.Sprintf("%02d%02d%02d", d.Year%100, int(d.Month), d.Day)
	}
	return fmt.Sprintf("%04d%02d%02d", d.Year, int(d.Month), d.Day)
}

func (w *writer810) header(p InvoiceParams) {
	inv := w.inv
	kind := ""
	if inv.Type.IsCreditNote() {
		kind = "CR" // credit memo
	}
	w.add("BIG", w.date(inv.IssueDate), inv.Number, w.date(p.OrderDate), inv.PurchaseOrder, "", "", kind)
	for _, n := range inv.Notes {
		for _, part := range cut(n.Text, x12TextLen) {
			w.add("NTE", "GEN", part)
		}
	}
	w.add("CUR", "SE", inv.Currency)
	for _, ref := range inv.Preceding {
		w.add("REF", "OI", ref.Number) // original invoice number
	}
	if inv.ContractRef != "" {
		w.add("REF", "CT", inv.ContractRef)
	}
	if inv.SalesOrder != "" {
		w.add("REF", "VN", inv.SalesOrder)
	}
	w.party("SE", inv.Seller.Name, inv.Seller.GLN(), inv.Seller.Address, inv.Seller.VATID, inv.Seller.Contact)
	w.party("BT", inv.Buyer.Name, inv.Buyer.GLN(), inv.Buyer.Address, inv.Buyer.VATID, inv.Buyer.Contact)
	if d := inv.Delivery; d.PartyName != "" || d.LocationID.Value != "" || !d.Address.IsZero() {
		gln := ""
		if d.LocationID.Scheme == invoice.SchemeGLN {
			gln = d.LocationID.Value
		}
		w.party("ST", or(d.PartyName, inv.Buyer.Name), gln, d.Address, "", invoice.Contact{})
	}
	if pay := inv.Payment; pay.IBAN != "" {
		w.party("RE", or(pay.AccountName, inv.Seller.Name), inv.Seller.GLN(), invoice.Address{}, "", invoice.Contact{})
	}
	w.terms(p.EarlyPayment)
	if !inv.Delivery.Date.IsZero() {
		w.add("DTM", "035", w.date(inv.Delivery.Date)) // delivered
	}
}

// party writes an N1 loop: N1 with the GLN (UL), N2 for the rest of a long name, N3, N4, REF VX
// and PER.
func (w *writer810) party(role, name, gln string, a invoice.Address, vatID string, c invoice.Contact) {
	names := cut(name, x12NameLen)
	first := ""
	if len(names) > 0 {
		first = names[0]
	}
	if gln != "" {
		w.add("N1", role, first, "UL", gln)
	} else {
		w.add("N1", role, first)
	}
	if len(names) > 1 {
		w.add("N2", names[1:min(len(names), 3)]...)
	}
	var street []string
	for _, line := range []string{a.Line1, a.Line2, a.Line3} {
		street = append(street, cut(line, x12AddrLen)...)
	}
	for len(street) > 0 {
		n := min(len(street), 2)
		w.add("N3", street[:n]...)
		street = street[n:]
	}
	if a.City != "" || a.PostCode != "" || a.Country != "" {
		w.add("N4", a.City, a.Subdivision, a.PostCode, a.Country)
	}
	if vatID != "" {
		w.add("REF", "VX", vatID) // value-added tax registration number
	}
	if c != (invoice.Contact{}) {
		per := []string{"IC", c.Name}
		if c.Phone != "" {
			per = append(per, "TE", c.Phone)
		}
		if c.Email != "" {
			per = append(per, "EM", c.Email)
		}
		w.add("PER", per...)
	}
}

// terms writes the ITD: basic terms (01), or with an early-payment discount (08), counted from
// the invoice date (3).
func (w *writer810) terms(early *EarlyPayment) {
	inv := w.inv
	if inv.DueDate.IsZero() && early == nil && inv.Payment.Terms == "" {
		return
	}
	itd := make([]string, 12)
	itd[0], itd[1] = "01", "3"
	if early != nil {
		itd[0], itd[2], itd[4] = "08", early.Percent.String(), strconv.Itoa(early.Days)
	}
	if !inv.DueDate.IsZero() {
		itd[5] = w.date(inv.DueDate)
		if days := inv.IssueDate.DaysUntil(inv.DueDate); days >= 0 {
			itd[6] = strconv.Itoa(days)
		}
	}
	if t := cut(inv.Payment.Terms, x12TextLen); len(t) > 0 {
		itd[11] = t[0]
	}
	w.add("ITD", itd...)
}

func (w *writer810) line(l invoice.Line) {
	price := l.NetPrice
	if l.BaseQuantity != nil {
		// IT104 is the price of one unit; 6 places keep a price per 100 or 1000 exact.
		price = trimZeros(price.DivRound(*l.BaseQuantity, 6))
	}
	it1 := []string{l.ID, l.Quantity.String(), X12Unit(l.Unit), price.String(), ""}
	gtin := ""
	if l.StandardID.Scheme == invoice.SchemeGTIN {
		gtin = l.StandardID.Value
	}
	for _, id := range [][2]string{{"IN", l.BuyerItemID}, {"VN", l.SellerItemID}, {gtinQualifier(gtin), gtin}} {
		if id[0] != "" && id[1] != "" {
			it1 = append(it1, id[0], id[1])
		}
	}
	w.add("IT1", it1...)
	w.txi(l.VAT, "", "")
	for _, part := range cut(l.Name, x12TextLen) {
		w.add("PID", "F", "", "", "", part) // F: free-form
	}
	for _, c := range l.Charges {
		w.sac(c.Charge, c.ReasonCode, c.Reason, c.Amount)
	}
}

// txi writes the VAT of a line or charge (no amount) or of a breakdown. Exempt categories say
// so in TXI06; category O has no rate.
func (w *writer810) txi(v invoice.VAT, amount, basis string) {
	rate, exempt := v.Rate.String(), ""
	switch v.Category {
	case invoice.CategoryNotSubject:
		rate, exempt = "", "1"
	case invoice.CategoryExempt, invoice.CategoryReverseCharge, invoice.CategoryIntraCommunity, invoice.CategoryExport:
		exempt = "1"
	}
	w.add("TXI", "VA", amount, rate, "", "", exempt, "", basis)
}

// sac writes an allowance or charge with its amount in cents and its reason.
func (w *writer810) sac(isCharge bool, code, reason string, amount decimal.Decimal) {
	indicator, service := "A", "ZZZZ" // mutually defined
	switch {
	case isCharge && code == "FC":
		service = "D240" // freight
	case !isCharge && code == "95":
		service = "C310" // discount
	}
	if isCharge {
		indicator = "C"
	}
	sac := make([]string, 15)
	sac[0], sac[1], sac[4] = indicator, service, cents(amount)
	if r := cut(reason, x12TextLen); len(r) > 0 {
		sac[14] = r[0]
	}
	w.add("SAC", sac...)
}

func (w *writer810) summary() {
	inv := w.inv
	w.add("TDS", cents(inv.Totals.TaxInclusive))
	for _, v := range inv.VATBreakdown {
		w.txi(invoice.VAT{Category: v.Category, Rate: v.Rate}, v.TaxAmount.StringFixed(2), v.TaxableAmount.StringFixed(2))
	}
	for _, c := range inv.Charges {
		w.sac(c.Charge, c.ReasonCode, c.Reason, c.Amount)
		w.txi(c.VAT, "", "")
	}
	w.add("CTT", strconv.Itoa(len(inv.Lines)))
}

// cents writes an amount in hundredths, as the N2 elements TDS01 and SAC05 want.
func cents(d decimal.Decimal) string { return d.Shift(2).Round(0).String() }

// trimZeros drops the trailing zeros of a quotient's decimals (0.074900 is 0.0749).
func trimZeros(d decimal.Decimal) decimal.Decimal {
	for d.Exponent() < 0 && d.Equal(d.Truncate(-d.Exponent()-1)) {
		d = d.Truncate(-d.Exponent() - 1)
	}
	return d
}

// cut cuts s into pieces of at most n characters (runes), or returns nil for "".
func cut(s string, n int) []string {
	var out []string
	r := []rune(s)
	for len(r) > 0 {
		k := min(len(r), n)
		out = append(out, string(r[:k]))
		r = r[k:]
	}
	return out
}
