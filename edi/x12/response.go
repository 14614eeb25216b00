package x12

import (
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// AckType is the BAK02 code of an 855: what the seller says of the order as a whole.
type AckType string

// Acknowledgment types (element 587).
const (
	AckDetailNoChange AckType = "AD" // accepted as ordered, the lines listed
	AckDetailChange   AckType = "AC" // accepted with changes, which the lines show
	AckNoDetail       AckType = "AK" // accepted as ordered, no lines
	AckRejectDetail   AckType = "RD" // rejected, the lines listed
	AckRejected       AckType = "RJ" // rejected, no lines
)

// LineStatus is the ACK01 code of an 855 line: what the seller does with the ordered line.
type LineStatus string

// Line statuses (element 668).
const (
	LineAccepted        LineStatus = "IA" // accepted as ordered
	LineChanged         LineStatus = "IC" // accepted with changes (quantity, price or date)
	LineQuantityChanged LineStatus = "IQ" // accepted, quantity changed
	LinePriceChanged    LineStatus = "IP" // accepted, price changed
	LineBackordered     LineStatus = "IB" // backordered
	LineRejected        LineStatus = "IR" // rejected
	LineDeleted         LineStatus = "ID" // deleted
)

// OrderResponse is an 855 purchase order acknowledgment: our answer to one 850.
type OrderResponse struct {
	SenderQual   string // ISA05: the qualifier of SenderID
	SenderID     string // ISA06: us, as the buyer addresses us (its ISA08)
	ReceiverQual string // ISA07
	ReceiverID   string // ISA08: the buyer (its ISA06)
	SenderCode   string // GS02: our application code (the buyer's GS03)
	ReceiverCode string // GS03: the buyer's application code (its GS02)
	Usage        string // ISA15: P production, T test; as the order came
	// InterchangeVersion is ISA12 (default 00401) and Version GS08 (default 004010): answer in
	// the versions the order came in.
	InterchangeVersion string
	Version            string
	Purpose            string         // BAK01: 00 original (default), 01 cancellation, 04 change, 05 replace, 06 confirmation
	Type               AckType        // BAK02
	PONumber           string         // BAK03, the buyer's order number
	PODate             cal.Date       // BAK04, the date of the order
	OrderNumber        string         // BAK08, our order number; optional
	Date               cal.Date       // BAK09, the date of this acknowledgment; optional
	Currency           string         // CUR02 (CUR01 SE), ISO 4217; optional
	Lines              []ResponseLine // one PO1 and ACK each; none for AK and RJ
	// Separators are those of the order's interchange (ResponseTo sets them), used when
	// Control.Separators is the zero value; DefaultSeparators when both are.
	Separators Separators
}

// ResponseLine is one line of an 855: the line as ordered (PO1) and what we do with it (ACK).
type ResponseLine struct {
	LineNo      int              // PO101, the buyer's line number; 0 when the order gave none
	Quantity    decimal.Decimal  // PO102, as ordered
	Unit        string           // PO103, a UN/ECE Rec. 20 code written as its X12 code (X12Unit)
	UnitPrice   *decimal.Decimal // PO104; optional
	BuyerSKU    string           // PO1 IN, the buyer's item number
	SupplierSKU string           // PO1 VN, our item number
	GTIN        string           // PO1 UP, EN, UK or EO by its length (12, 13, 14, 8 digits)
	Status      LineStatus       // ACK01
	// AckQuantity is ACK02, the quantity we will deliver; nil means as ordered, and none for a
	// rejected or deleted line.
	AckQuantity  *decimal.Decimal
	DeliveryDate cal.Date // ACK05 with ACK04 067 (current schedule delivery); optional
}

// ResponseTo starts the answer to the 850 draft d, which came in group g of ic: the envelopes
// addressed back to its sender in its versions and separators, its order number and date, and
// every line accepted as ordered (type AD, lines IA). The caller changes what differs.
func ResponseTo(ic *Interchange, g *Group, d *o2c.OrderDraft) OrderResponse {
	r := OrderResponse{
		SenderQual: ic.ReceiverQual, SenderID: ic.ReceiverID, ReceiverQual: ic.SenderQual, ReceiverID: ic.SenderID,
		SenderCode: g.ReceiverCode, ReceiverCode: g.SenderCode, Usage: ic.Usage,
		InterchangeVersion: ic.Version, Version: g.Version, Purpose: "00", Type: AckDetailNoChange,
		PONumber: d.PONumber, PODate: d.OrderDate, Currency: d.Currency, Separators: ic.Separators,
	}
	for _, l := range d.Lines {
		rl := ResponseLine{LineNo: l.LineNo, Unit: l.Unit, UnitPrice: l.UnitPrice, BuyerSKU: l.BuyerSKU,
			SupplierSKU: l.SupplierSKU, GTIN: l.GTIN, Status: LineAccepted}
		if l.Quantity != nil {
			rl.Quantity = *l.Quantity
		}
		r.Lines = append(r.Lines, rl)
	}
	return r
}

// Write855 writes an 855 purchase order acknowledgment in one interchange, one PR group and one
// transaction set: BAK, CUR, then PO1 and ACK per line, and CTT with the number of lines.
//
// Errors: CodeInvalid (X12-20) for a missing PO number, order date or type, a line status or GTIN
// of the wrong form, an incomplete ctl, or a value Marshal refuses.
func Write855(resp OrderResponse, ctl Control) ([]byte, error) {
	if err := ctl.check(1, 1); err != nil {
		return nil, err
	}
	version, isaVersion, purpose := or(resp.Version, "004010"), or(resp.InterchangeVersion, "00401"), or(resp.Purpose, "00")
	switch {
	case resp.PONumber == "":
		return nil, writeFault("PONumber", "the 855 needs the buyer's order number (BAK03)")
	case resp.PODate.IsZero():
		return nil, writeFault("PODate", "the 855 needs the date of the order (BAK04)")
	case !code2(string(resp.Type)):
		return nil, writeFault("Type", "the acknowledgment type (BAK02) is %s: it must be a code such as AD, AC or RJ", quote(string(resp.Type)))
	}
	date := func(d cal.Date) string {
		if d.IsZero() {
			return ""
		}
		if version < "004010" {
			return fmt.Sprintf("%02d%02d%02d", d.Year%100, int(d.Month), d.Day)
		}
		return fmt.Sprintf("%04d%02d%02d", d.Year, int(d.Month), d.Day)
	}
	body := []Segment{trim(seg("BAK", purpose, string(resp.Type), resp.PONumber, date(resp.PODate), "", "", "", resp.OrderNumber, date(resp.Date)))}
	if resp.Currency != "" {
		body = append(body, seg("CUR", "SE", resp.Currency))
	}
	for i, l := range resp.Lines {
		if !code2(string(l.Status)) {
			return nil, writeFault("Lines["+strconv.Itoa(i)+"].Status", "the line status (ACK01) is %s: it must be a code such as IA, IC or IR", quote(string(l.Status)))
		}
		lineNo, price := "", ""
		if l.LineNo > 0 {
			lineNo = strconv.Itoa(l.LineNo)
		}
		if l.UnitPrice != nil {
			price = l.UnitPrice.String()
		}
		unit := X12Unit(l.Unit)
		po1 := []string{lineNo, l.Quantity.String(), unit, price, ""}
		for _, id := range [][2]string{{"IN", l.BuyerSKU}, {"VN", l.SupplierSKU}, {gtinQualifier(l.GTIN), l.GTIN}} {
			if id[1] == "" {
				continue
			}
			if id[0] == "" {
				return nil, writeFault("Lines["+strconv.Itoa(i)+"].GTIN", "the GTIN %s is not 8, 12, 13 or 14 digits", quote(l.GTIN))
			}
			po1 = append(po1, id[0], id[1])
		}
		ack := []string{string(l.Status), "", ""}
		switch {
		case l.AckQuantity != nil:
			ack[1], ack[2] = l.AckQuantity.String(), unit
		case l.Status != LineRejected && l.Status != LineDeleted:
			ack[1], ack[2] = l.Quantity.String(), unit
		}
		if !l.DeliveryDate.IsZero() {
			ack = append(ack, "067", date(l.DeliveryDate))
		}
		body = append(body, trim(seg("PO1", po1...)), trim(seg("ACK", ack...)))
	}
	body = append(body, seg("CTT", strconv.Itoa(len(resp.Lines))))
	sep := ctl.Separators
	if sep.Element == 0 {
		sep = resp.Separators
	}
	if sep.Element == 0 {
		sep = DefaultSeparators
	}
	out := ctl.envelope(isaVersion, resp.Usage, sep)
	out.SenderQual, out.SenderID, out.ReceiverQual, out.ReceiverID = resp.SenderQual, resp.SenderID, resp.ReceiverQual, resp.ReceiverID
	g := ctl.group(0, "PR", resp.SenderCode, resp.ReceiverCode, version)
	g.Sets = []Set{{ID: "855", ControlNumber: ctl.setNumber(0), Segments: body}}
	out.Groups = []Group{g}
	return Marshal(out)
}

// trim drops the trailing empty elements of a segment.
func trim(s Segment) Segment {
	n := len(s.Elements)
	for n > 0 && s.Elements[n-1][0] == "" {
		n--
	}
	s.Elements = s.Elements[:n]
	return s
}

// gtinQualifier is the product ID qualifier of a GTIN by its length, or "" for none.
func gtinQualifier(gtin string) string {
	if !digits(gtin, 8, 14) {
		return ""
	}
	return map[int]string{8: "EO", 12: "UP", 13: "EN", 14: "UK"}[len(gtin)]
}

// code2 reports whether s is a 2-character code of upper-case letters.
func code2(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
