package edifact

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// Rules of the faults of Order and Orders.
const (
	RuleNumber     = "ORDERS-01" // a quantity, price, amount or count that is not a number
	RuleDate       = "ORDERS-02" // a date that is no date in its format, or a format that holds no date
	RuleLineNo     = "ORDERS-03" // a line number that is not a whole number
	RuleLineCount  = "ORDERS-04" // the count of lines in CNT differs from the lines of the message
	RulePriceBasis = "ORDERS-05" // a price basis quantity of zero or less
)

// Quantity qualifiers, price qualifiers and amount qualifiers read from an order (UNTDID 6063,
// 5125, 5025).
const (
	qtyOrdered  = "21"
	priceNet    = "AAA" // calculation net
	priceGross  = "AAB" // calculation gross
	amountLine  = "203" // line item amount
	placesPrice = 6     // decimal places of a unit price divided by its basis quantity
)

// Orders maps every ORDERS and ORDCHG message of an interchange to a draft, in order, and skips
// the other messages. An interchange with no order message is CodeInvalid, naming what it holds.
// A value that cannot be read in any message is CodeInvalid, with a Fault for each, its Path the
// JSON path in the returned array ($[1].lines[0].quantity) and its Message naming the segment;
// map messages one by one with Order to keep the good ones.
func Orders(ic *Interchange) ([]o2c.OrderDraft, error) {
	var (
		drafts []o2c.OrderDraft
		faults []o2c.Fault
		others []string
	)
	for i := range ic.Messages {
		m := &ic.Messages[i]
		if !isOrder(m) {
			others = append(others, m.Type)
			continue
		}
		d, f := mapOrder(ic, m, fmt.Sprintf("$[%d]", len(drafts)))
		drafts = append(drafts, d)
		faults = append(faults, f...)
	}
	if len(drafts) == 0 {
		what := "no message"
		if len(others) > 0 {
			what = strings.Join(others, ", ")
		}
		return nil, o2c.Errorf(o2c.CodeInvalid, "interchange %q holds no ORDERS message, only: %s", ic.ControlRef, what)
	}
	if len(faults) > 0 {
		return nil, o2c.Invalid(faults...)
	}
	return drafts, nil
}

// Order maps one ORDERS or ORDCHG message to a draft. It reads:
//
//   - BGM: the document number (po_number) and the type: an ORDCHG, a document name 230 (purchase
//     order change request) or a message function 1, 3, 4 or 5 (cancellation, deletion, change,
//     replace) is an order_change, anything else a purchase_order. RFF+ON gives the number
//     when BGM has none.
//   - DTM 137 (else 4): order_date; DTM 2, else 64, 63, 69: requested_delivery_date, in formats
//     102, 203, 204, 101, 201, 718 and 719 (a range gives its first date).
//   - NAD BY (buyer), DP or ST (ship_to), IV (bill_to): a GLN when the party code list agency is
//     9 (GS1) and the id 13 digits, the name, street, city, postal code and country; RFF+VA in
//     the party's group is its vat_id. The first NAD of a role counts.
//   - CUX 2 or 9: currency. FTX: notes, those of a line prefixed "line N: ".
//   - LIN: line_no and the item number by type: EN, SRV or UP is the GTIN, SA or VN the
//     supplier_sku, IN or BP the buyer_sku; PIA 1 and 5 add the numbers LIN lacks. IMD F, E or A:
//     description. QTY 21: quantity and unit, a Rec. 20 code (PCE, PCS, PC, EA, STK are C62...; an
//     unknown code is passed on as written). PRI AAA, else AAB: unit_price, divided by the price
//     basis quantity (to 6 places) when there is one. MOA 203: line_total.
//   - After UNS, MOA 79, else 125, else 203: totals.net; MOA 128, else 86: totals.gross; MOA
//     176, else a lone 124: totals.tax. CNT 2 must equal the number of lines.
//
// Decimal marks are read as '.' or ',' whatever the UNA says, since EDIFACT numbers have no
// thousands separator. A value that cannot be read is a Fault (rules ORDERS-01 to 05) in a
// CodeInvalid error; the draft then is the zero value.
func Order(ic *Interchange, m *Message) (o2c.OrderDraft, error) {
	if !isOrder(m) {
		return o2c.OrderDraft{}, o2c.Errorf(o2c.CodeInvalid, "message %q is %s, not an ORDERS message", m.Ref, m.Type)
	}
	d, faults := mapOrder(ic, m, "$")
	if len(faults) > 0 {
		return o2c.OrderDraft{}, o2c.Invalid(faults...)
	}
	return d, nil
}

func isOrder(m *Message) bool { return m.Type == "ORDERS" || m.Type == "ORDCHG" }

// mapper is the state of mapping one message.
type mapper struct {
	m      *Message
	path   string // JSON path of the draft
	pos    int    // position of the current segment in the message (UNH = 1)
	tag    string
	faults []o2c.Fault
}

// orderLine is a line being read, with what the rules of precedence need.
type orderLine struct {
	o2c.DraftLine
	priceQual string // the qualifier of UnitPrice's PRI
	descs     []string
	otherQty  []string // qualifiers of quantities that are not the ordered one (21)
}

func mapOrder(ic *Interchange, m *Message, path string) (o2c.OrderDraft, []o2c.Fault) {
	mp := &mapper{m: m, path: path}
	d := o2c.OrderDraft{
		DocumentType: o2c.DocPurchaseOrder,
		Source:       &o2c.Source{Channel: o2c.ChannelEDIFACT, Sender: ic.Sender.ID},
	}
	if m.Type == "ORDCHG" {
		d.DocumentType = o2c.DocOrderChange
	}
	var (
		lines      []*orderLine
		line       *orderLine
		summary    bool
		party      *o2c.Party // the party whose NAD group is open
		scratch    o2c.Party  // a party of a role the draft has no place for
		parties    = map[string]*o2c.Party{}
		dates      = map[string]cal.Date{}
		amounts    = map[string]decimal.Decimal{}
		taxes      int // MOA 124 after UNS
		notes      []string
		refON      string
		lineCount  = -1
		countValue string
	)
	for i, s := range m.Segments {
		mp.pos, mp.tag = i+2, s.Tag
		switch s.Tag {
		case "NAD", "LOC", "FII", "RFF", "DTM", "CTA", "COM":
		default:
			party = nil
		}
		switch s.Tag {
		case "BGM":
			if code := s.Value(0, 0); code == "230" {
				d.DocumentType = o2c.DocOrderChange
			}
			switch s.Value(2, 0) {
			case "1", "3", "4", "5":
				d.DocumentType = o2c.DocOrderChange
			}
			if d.PONumber == "" {
				d.PONumber = s.Value(1, 0)
			}
		case "DTM":
			if line != nil || summary || party != nil {
				continue
			}
			q := s.Value(0, 0)
			if _, seen := dates[q]; seen || !slices.Contains([]string{"137", "4", "2", "64", "63", "69"}, q) {
				continue
			}
			if date, ok := mp.date(s.Value(0, 1), s.Value(0, 2), dateField(q)); ok {
				dates[q] = date
			}
		case "NAD":
			role := s.Value(0, 0)
			switch role {
			case "DP", "ST":
				role = "ST"
			case "BY", "IV":
			default:
				role = ""
			}
			if role == "" || parties[role] != nil {
				scratch = o2c.Party{}
				party = &scratch
				continue
			}
			p := nadParty(s)
			party = &p
			parties[role] = party
		case "RFF":
			switch {
			case party != nil:
				if s.Value(0, 0) == "VA" && party.VATID == "" {
					party.VATID = s.Value(0, 1)
				}
			case line == nil && !summary && s.Value(0, 0) == "ON" && refON == "":
				refON = s.Value(0, 1)
			}
		case "CUX":
			if d.Currency == "" && line == nil {
				for _, el := range s.Elements {
					if len(el) > 1 && (el[0] == "2" || el[0] == "9") && el[1] != "" {
						d.Currency = el[1]
						break
					}
				}
			}
		case "FTX":
			text := joinNonEmpty(s.Elements, 3, 0, 5, " ")
			switch {
			case text == "":
			case line != nil && line.LineNo > 0:
				notes = append(notes, fmt.Sprintf("line %d: %s", line.LineNo, text))
			case line != nil:
				notes = append(notes, fmt.Sprintf("line %d: %s", len(lines), text))
			default:
				notes = append(notes, text)
			}
		case "LIN":
			line = &orderLine{}
			lines = append(lines, line)
			if n := s.Value(0, 0); n != "" {
				v, err := strconv.Atoi(n)
				if err != nil || v < 0 || !digits(n, 1, 9) {
					mp.fault(RuleLineNo, linePath{len(lines) - 1, "line_no"}, "line number %q is not a whole number", n)
				} else {
					line.LineNo = v
				}
			}
			itemNumber(&line.DraftLine, s.Value(2, 0), s.Value(2, 1))
		case "PIA":
			if line == nil {
				continue
			}
			if f := s.Value(0, 0); f == "1" || f == "5" {
				for e := 1; e < len(s.Elements); e++ {
					itemNumber(&line.DraftLine, s.Value(e, 0), s.Value(e, 1))
				}
			}
		case "IMD":
			if line == nil {
				continue
			}
			switch s.Value(0, 0) {
			case "F", "E", "A":
				if text := joinNonEmpty(s.Elements, 2, 3, 5, " "); text != "" {
					line.descs = append(line.descs, text)
				}
			}
		case "QTY":
			if line != nil && !summary && s.Value(0, 0) != qtyOrdered {
				line.otherQty = append(line.otherQty, s.Value(0, 0))
			}
			if line == nil || summary || s.Value(0, 0) != qtyOrdered || line.Quantity != nil {
				continue
			}
			if q, ok := mp.number(s.Value(0, 1), linePath{len(lines) - 1, "quantity"}, "quantity"); ok {
				line.Quantity = &q
				line.Unit = unitCode(s.Value(0, 2))
			}
		case "PRI":
			if line == nil || summary {
				continue
			}
			q := s.Value(0, 0)
			if q != priceNet && q != priceGross || line.priceQual == priceNet || line.priceQual == q || s.Value(0, 1) == "" {
				continue
			}
			fp := linePath{len(lines) - 1, "unit_price"}
			price, ok := mp.number(s.Value(0, 1), fp, "price")
			if !ok {
				continue
			}
			if b := s.Value(0, 4); b != "" {
				basis, ok := mp.number(b, fp, "price basis quantity")
				if !ok {
					continue
				}
				if basis.Sign() <= 0 {
					mp.fault(RulePriceBasis, fp, "the price basis quantity is %s: it must be more than 0", b)
					continue
				}
				if !basis.Equal(decimal.NewFromInt(1)) {
					price = price.DivRound(basis, placesPrice)
				}
			}
			line.UnitPrice, line.priceQual = &price, q
		case "MOA":
			q := s.Value(0, 0)
			switch {
			case summary:
				if !slices.Contains([]string{"79", "125", "203", "128", "86", "176", "124"}, q) {
					continue
				}
				if q == "124" {
					taxes++
				}
				if _, seen := amounts[q]; seen {
					continue
				}
				if a, ok := mp.number(s.Value(0, 1), fieldPath(".totals"), "amount"); ok {
					amounts[q] = a
				}
			case line != nil && q == amountLine && line.LineTotal == nil:
				if a, ok := mp.number(s.Value(0, 1), linePath{len(lines) - 1, "line_total"}, "line amount"); ok {
					line.LineTotal = &a
				}
			}
		case "UNS":
			summary, line = true, nil
		case "CNT":
			if s.Value(0, 0) == "2" && lineCount < 0 {
				countValue = s.Value(0, 1)
				if n, ok := mp.number(countValue, fieldPath(".lines"), "count of lines"); ok {
					if !n.IsInteger() || n.Sign() < 0 || n.GreaterThan(decimal.NewFromInt(MaxElements*MaxElements)) {
						mp.fault(RuleNumber, fieldPath(".lines"), "the count of lines %q is not a whole number of lines", countValue)
					} else {
						lineCount = int(n.IntPart())
					}
				}
			}
		}
	}

	if d.PONumber == "" {
		d.PONumber = refON
	}
	d.OrderDate = first(dates, "137", "4")
	d.RequestedDeliveryDate = first(dates, "2", "64", "63", "69")
	d.Buyer, d.ShipTo, d.BillTo = nonEmpty(parties["BY"]), nonEmpty(parties["ST"]), nonEmpty(parties["IV"])
	d.Lines = make([]o2c.DraftLine, len(lines))
	for i, l := range lines {
		l.Description = strings.Join(l.descs, "; ")
		d.Lines[i] = l.DraftLine
		if l.Quantity == nil && len(l.otherQty) > 0 {
			// Say why the line has no quantity: a qualifier o2c does not read as "ordered".
			notes = append(notes, fmt.Sprintf("line %d: no ordered quantity (QTY 21); QTY qualifier %s is not one o2c reads as ordered",
				i+1, strings.Join(l.otherQty, ", ")))
		}
	}
	if lineCount >= 0 && lineCount != len(lines) {
		mp.pos, mp.tag = 0, "CNT"
		mp.fault(RuleLineCount, fieldPath(".lines"), "CNT counts %s lines but the message has %d", countValue, len(lines))
	}
	var t o2c.Totals
	t.Net = firstAmount(amounts, "79", "125", "203")
	t.Gross = firstAmount(amounts, "128", "86")
	if t.Tax = firstAmount(amounts, "176"); t.Tax == nil && taxes == 1 {
		t.Tax = firstAmount(amounts, "124")
	}
	if t.Net != nil || t.Gross != nil || t.Tax != nil {
		d.Totals = &t
	}
	d.Notes = strings.Join(notes, "\n")
	return d, mp.faults
}

// linePath is the path of a field of line i. It is built only for a fault: reading an order
// must not cost a Sprintf a value.
type linePath struct {
	i     int
	field string
}

func (p linePath) String() string { return fmt.Sprintf(".lines[%d].%s", p.i, p.field) }

// fieldPath is the path of a field of the draft.
type fieldPath string

func (p fieldPath) String() string { return string(p) }

// fault records a fault at path (relative to the draft) for the current segment.
func (mp *mapper) fault(rule string, path fmt.Stringer, format string, args ...any) {
	where := fmt.Sprintf("segment %d (%s) of message %q", mp.pos, mp.tag, mp.m.Ref)
	if mp.pos == 0 {
		where = fmt.Sprintf("%s of message %q", mp.tag, mp.m.Ref)
	}
	mp.faults = append(mp.faults, o2c.Fault{Rule: rule, Path: mp.path + path.String(),
		Message: where + ": " + fmt.Sprintf(format, args...)})
}
