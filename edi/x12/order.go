package x12

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/money"
)

// Orders returns one canonical order per 850 transaction set of the interchange, in file order,
// and skips the sets of other kinds (810, 820, 997…) that mixed files carry. Each draft comes
// from Order; the drafts are returned only when every 850 maps.
//
// Errors: CodeInvalid when the interchange holds no 850 (X12-10), or with the faults of every
// 850 that does not map (see Order).
func Orders(ic *Interchange) ([]o2c.OrderDraft, error) {
	var drafts []o2c.OrderDraft
	var faults []o2c.Fault
	others := map[string]int{}
	for gi := range ic.Groups {
		for si := range ic.Groups[gi].Sets {
			set := &ic.Groups[gi].Sets[si]
			if set.ID != "850" {
				others[set.ID]++
				continue
			}
			m := newMapper(ic, &ic.Groups[gi], set)
			m.run()
			faults = append(faults, m.faults...)
			drafts = append(drafts, m.d)
		}
	}
	if len(faults) > 0 {
		return nil, o2c.Invalid(faults...)
	}
	if len(drafts) == 0 {
		return nil, o2c.Invalid(o2c.Fault{Rule: RuleNoOrder, Path: "interchange " + ic.ControlNumber,
			Message: "the interchange holds no 850 purchase order" + describeSets(others)})
	}
	return drafts, nil
}

// ReadOrders reads a file of one or more interchanges (ParseAll) and returns the canonical
// orders of all their 850s, in file order; interchanges of other documents are skipped.
//
// Errors: those of ParseAll and Orders; CodeInvalid (X12-10) when the file holds no 850 at all.
func ReadOrders(b []byte) ([]o2c.OrderDraft, error) {
	ics, err := ParseAll(b)
	if err != nil {
		return nil, err
	}
	var drafts []o2c.OrderDraft
	others := map[string]int{}
	for _, ic := range ics {
		has := false
		for _, g := range ic.Groups {
			for _, s := range g.Sets {
				if s.ID == "850" {
					has = true
				} else {
					others[s.ID]++
				}
			}
		}
		if !has {
			continue
		}
		ds, err := Orders(ic)
		if err != nil {
			return nil, err
		}
		drafts = append(drafts, ds...)
	}
	if len(drafts) == 0 {
		return nil, o2c.Invalid(o2c.Fault{Rule: RuleNoOrder, Path: "file",
			Message: "the file holds no 850 purchase order" + describeSets(others)})
	}
	return drafts, nil
}

// Order maps one 850 transaction set of ic (which holds it in group g) to a canonical order, so
// that a caller may accept the good orders of an interchange and reject the others one by one.
//
// The mapping: BEG01 00 is a purchase_order and 01 (cancellation), 04 (change) and 05
// (replace) an order_change; BEG03 the po_number, BEG05 the order_date. CUR02 the currency. The
// requested_delivery_date is the first header DTM of 002 (delivery requested), else 010
// (requested ship), 037 (ship not before) or 038 (ship no later). The N1 loops BY (and OB) give
// the buyer, ST the ship_to, BT the bill_to, BS both; in each, N102 (else N2) is the name, N104 a
// GLN when N103 is UL, N3 the street, N4 the city, postal code and country (ISO alpha-3 codes are
// written alpha-2), PER EM the e-mail; a header PER e-mail is the buyer's. Each PO1 is a line:
// PO101 its number, PO102 the quantity, PO103 the unit (as Rec20 maps it), PO104 the unit price
// when PO105 says it is a price per ordered unit (else a CTP UCP price in the unit of the line);
// the PO106/PO107… pairs give the supplier_sku (VP, VN, VC), the buyer_sku (BP, IN, SK, CB) and
// the gtin (UP, UK, EN, EO, EA), each as written; PID F texts the description. AMT TT, the total
// transaction amount, is totals.gross. References (REF, N9), messages (MSG, MTX), other dates,
// party codes, the seller and other parties, and what a line states but the draft has no field
// for go to the notes. Source is {channel x12, sender ISA06}.
//
// Errors: CodeInvalid with faults X12-11 to X12-15 naming the set and segment: no BEG, a date,
// number or currency that is not one; X12-10 when the set is not an 850. A CTT01 line count that
// differs from the PO1 segments is written in the notes.
func Order(ic *Interchange, g *Group, set *Set) (o2c.OrderDraft, error) {
	if set.ID != "850" {
		return o2c.OrderDraft{}, o2c.Invalid(o2c.Fault{Rule: RuleNoOrder, Path: fmt.Sprintf("set %s (%s)", set.ControlNumber, set.ID),
			Message: "the transaction set is an " + set.ID + ", not an 850 purchase order"})
	}
	m := newMapper(ic, g, set)
	m.run()
	if len(m.faults) > 0 {
		return o2c.OrderDraft{}, o2c.Invalid(m.faults...)
	}
	return m.d, nil
}

func describeSets(n map[string]int) string {
	if len(n) == 0 {
		return ""
	}
	ids := make([]string, 0, len(n))
	for id := range n {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for i, id := range ids {
		if n[id] > 1 {
			ids[i] = fmt.Sprintf("%s ×%d", id, n[id])
		}
	}
	return " (it holds " + strings.Join(ids, ", ") + ")"
}

// mapper reads one 850 set into a draft.
type mapper struct {
	set     *Set
	version string // GS08: before 004010, dates are YYMMDD
	d       o2c.OrderDraft
	faults  []o2c.Fault
	notes   []string
	k       int      // index of the segment being read in set.Segments
	seg     *Segment // the segment being read
	hasBEG  bool
	buyerN1 bool // the buyer comes from an N1 loop already (a second BY loop is noted, not merged)

	party     *o2c.Party // the party of the current N1 loop, nil when its role is not mapped
	partyNote string     // the notes line of an unmapped N1 loop, completed by its N3/N4

	deliveryRank int // rank of the DTM qualifier that gave RequestedDeliveryDate; 0 for none

	line     *o2c.DraftLine // the line of the current PO1 loop
	lineBuf  o2c.DraftLine  // the storage of line
	po101    string         // PO101 of the line, as written
	desc     []string       // its PID descriptions
	sln      bool           // a SLN sub-line started: what follows describes sub-lines
	otherIDs []string       // its product IDs of qualifiers the draft has no field for
	po1      int            // number of PO1 segments
	summary  bool           // CTT read: the summary area
	ctt      int            // CTT01, or -1 when there is no CTT
	cttK     int            // the index of the CTT segment

	decimals []decimal.Decimal // storage of the draft's decimals
}

func newMapper(ic *Interchange, g *Group, set *Set) *mapper {
	return &mapper{set: set, version: g.Version, ctt: -1, d: o2c.OrderDraft{
		DocumentType: o2c.DocPurchaseOrder,
		Source:       &o2c.Source{Channel: o2c.ChannelX12, Sender: text(ic.SenderID)},
	}}
}

// deliveryQualifiers rank the DTM qualifiers that give the requested delivery date.
var deliveryQualifiers = map[string]int{"002": 1, "010": 2, "037": 3, "038": 4}

// dateNames name the DTM qualifiers common on orders, for the notes.
var dateNames = map[string]string{
	"001": "cancel after", "002": "delivery requested", "010": "requested ship", "037": "ship not before",
	"038": "ship no later", "063": "do not deliver after", "064": "do not deliver before",
	"118": "requested pick-up", "175": "cancel if not shipped by", "996": "required delivery",
}

func (m *mapper) run() {
	n := 0
	for i := range m.set.Segments {
		if m.set.Segments[i].ID == "PO1" {
			n++
		}
	}
	m.d.Lines = make([]o2c.DraftLine, 0, n)
	m.decimals = make([]decimal.Decimal, 0, 2*n+1)
	for m.k = range m.set.Segments {
		m.seg = &m.set.Segments[m.k]
		switch m.seg.ID {
		case "BEG":
			m.beg()
		case "CUR":
			m.cur()
		case "REF", "N9":
			if m.line == nil && !m.summary {
				m.note("reference %s: %s", m.el(1), joinNonEmpty(" ", m.el(2), m.el(3)))
			}
		case "MSG":
			if m.line == nil {
				m.note("message: %s", m.el(1))
			}
		case "MTX":
			if m.line == nil {
				m.note("message: %s", m.el(2))
			}
		case "DTM":
			m.dtm()
		case "PER":
			m.per()
		case "N1":
			m.n1()
		case "N2":
			if m.party != nil && m.party.Name == "" {
				m.party.Name = text(m.el(1))
			}
		case "N3":
			m.n3()
		case "N4":
			m.n4()
		case "PO1":
			m.po1Line()
		case "PID":
			if m.line != nil && !m.sln && m.el(1) == "F" && m.el(5) != "" {
				m.desc = append(m.desc, text(m.el(5)))
			}
		case "CTP":
			m.ctp()
		case "SLN":
			m.sln = true
		case "AMT":
			if m.el(1) == "TT" && (m.line == nil || m.summary) {
				if v := m.decimal(2, "AMT02 (the total amount)"); v != nil {
					m.d.Totals = &o2c.Totals{Gross: v}
				}
			}
		case "CTT":
			m.endLine()
			m.flushPartyNote()
			m.summary = true
			if n := m.el(1); !digits(n, 1, 10) {
				m.fault(RuleNumber, "CTT01 (the number of line items) is %s: it must be a whole number", quote(n))
			} else {
				m.ctt, m.cttK = atoi(n), m.k
			}
		}
	}
	m.endLine()
	m.flushPartyNote()
	m.seg = nil
	if !m.hasBEG {
		m.fault(RuleBEG, "the 850 has no BEG segment: it is not a purchase order")
	}
	// CTT01 is read by some senders as the number of distinct items: with the envelope's segment
	// count right, a different figure is the sender's convention, not a lost line. It is kept in
	// the notes for the reviewer rather than refusing an order the file carries whole.
	if m.ctt >= 0 && m.ctt != m.po1 {
		m.notes = append(m.notes, fmt.Sprintf("CTT01 says %d line items; the order has %d PO1 segments", m.ctt, m.po1))
	}
	m.d.Notes = capText(strings.Join(m.notes, "\n"), maxNotes)
	// A party known only by a code has it in the notes: the draft has no field for it.
	for _, p := range []**o2c.Party{&m.d.Buyer, &m.d.ShipTo, &m.d.BillTo} {
		if *p != nil && **p == (o2c.Party{}) {
			*p = nil
		}
	}
}

func (m *mapper) beg() {
	if m.hasBEG {
		return
	}
	m.hasBEG = true
	switch p := m.el(1); p {
	case "00":
		m.d.DocumentType = o2c.DocPurchaseOrder
	case "01", "04", "05":
		m.d.DocumentType = o2c.DocOrderChange
		m.note("purpose (BEG01): %s", map[string]string{"01": "cancellation", "04": "change", "05": "replace"}[p])
	case "":
		m.fault(RuleBEG, "BEG01 (the purpose of the order) is empty")
	default:
		m.note("purpose (BEG01): code %s", p)
	}
	if t := m.el(2); t != "" {
		m.note("order type (BEG02): %s", t)
	}
	m.d.PONumber = text(m.el(3))
	if r := m.el(4); r != "" {
		m.note("release number (BEG04): %s", r)
	}
	m.d.OrderDate = m.date(5, "BEG05 (the order date)")
}

func (m *mapper) cur() {
	if m.d.Currency != "" || m.line != nil {
		return
	}
	c, err := money.ParseCurrency(m.el(2))
	if err != nil || string(c) != m.el(2) {
		m.fault(RuleCurrency, "CUR02 is %s: it must be an ISO 4217 currency code such as USD", quote(m.el(2)))
		return
	}
	m.d.Currency = string(c)
}

func (m *mapper) dtm() {
	q := m.el(1)
	if m.el(2) == "" {
		return // a date written as a period (DTM05, DTM06): none of the draft's dates
	}
	d := m.date(2, "DTM02 (the date)")
	if d.IsZero() {
		return
	}
	if m.line != nil {
		m.note("%s: %s %s", m.lineLabel(), nameOr(dateNames, q, "date "+q), d)
		return
	}
	if r, ok := deliveryQualifiers[q]; ok && (m.deliveryRank == 0 || r < m.deliveryRank) {
		if m.deliveryRank != 0 {
			m.note("%s: %s", nameOr(dateNames, qualifierOf(m.deliveryRank), ""), m.d.RequestedDeliveryDate)
		}
		m.d.RequestedDeliveryDate, m.deliveryRank = d, r
		return
	}
	m.note("%s: %s", nameOr(dateNames, q, "date "+q), d)
}

func qualifierOf(rank int) string {
	for q, r := range deliveryQualifiers {
		if r == rank {
			return q
		}
	}
	return ""
}

func (m *mapper) per() {
	email := ""
	for i := 3; i+1 <= len(m.seg.Elements); i += 2 {
		if m.el(i) == "EM" && m.el(i+1) != "" {
			email = text(m.el(i + 1))
			break
		}
	}
	switch {
	case email == "":
	case m.party != nil:
		if m.party.Email == "" {
			m.party.Email = email
		}
	case m.partyNote != "":
		m.partyNote += ", e-mail " + email
	case m.line != nil:
	default:
		if m.d.Buyer == nil {
			m.d.Buyer = &o2c.Party{}
		}
		if m.d.Buyer.Email == "" {
			m.d.Buyer.Email = email
		}
	}
}

// Product ID qualifiers (element 235) and the draft field each fills, best first.
var (
	supplierIDs = []string{"VP", "VN", "VC"}       // vendor's part, item and catalog number
	buyerIDs    = []string{"BP", "IN", "SK", "CB"} // buyer's part and item number, SKU, buyer's catalog number
	gtinIDs     = []string{"UP", "UK", "EN", "EO", "EA"}
)

// unitPriceBases are the PO105 codes under which PO104 is the price of one ordered unit. Other
// bases (per hundred, per dozen, per pound, retail, suggested retail…) are noted, not taken.
var unitPriceBases = map[string]bool{
	"": true, "PE": true, "UM": true, "CT": true, "CA": true, "CP": true, "QT": true, "TE": true,
	"QE": true, "LE": true, "WE": true, "WH": true, "DI": true, "DR": true, "PR": true, "NT": true,
}

func (m *mapper) po1Line() {
	m.endLine()
	m.flushPartyNote()
	m.party = nil
	m.po1++
	m.lineBuf = o2c.DraftLine{}
	l := &m.lineBuf
	m.line, m.desc, m.sln, m.otherIDs, m.po101 = l, m.desc[:0], false, m.otherIDs[:0], m.el(1)
	if n := m.po101; digits(n, 1, 9) && atoi(n) > 0 {
		l.LineNo = atoi(n)
	}
	l.Quantity = m.decimal(2, "PO102 (the quantity)")
	l.Unit = text(Rec20(m.el(3)))
	if price := m.decimal(4, "PO104 (the unit price)"); price != nil {
		if basis := m.el(5); unitPriceBases[basis] {
			l.UnitPrice = price
		} else {
			m.note("%s: price %s is of basis %s (PO105), not a price per %s: not taken as the unit price", m.lineLabel(), price, basis, orDash(m.el(3)))
		}
	}
	l.SupplierSKU = m.productID(supplierIDs)
	l.BuyerSKU = m.productID(buyerIDs)
	l.GTIN = m.productID(gtinIDs)
	for i := 6; i+1 <= len(m.seg.Elements); i += 2 {
		if q, v := m.el(i), m.el(i+1); q != "" && v != "" && !contains(supplierIDs, q) && !contains(buyerIDs, q) && !contains(gtinIDs, q) {
			m.otherIDs = append(m.otherIDs, q+" "+text(v))
		}
	}
}

// productID returns the ID of the first qualifier of quals that the PO1 pairs PO106/PO107…
// hold, in the order of quals, or "".
func (m *mapper) productID(quals []string) string {
	for _, q := range quals {
		for i := 6; i+1 <= len(m.seg.Elements); i += 2 {
			if m.el(i) == q {
				if v := text(m.el(i + 1)); v != "" {
					return v
				}
			}
		}
	}
	return ""
}

// lineLabel names the line of the current PO1 loop in the notes: "line 3" as PO101 writes it,
// or "PO1 #3" when PO101 is empty.
func (m *mapper) lineLabel() string {
	if m.po101 != "" {
		return "line " + m.po101
	}
	return fmt.Sprintf("PO1 #%d", m.po1)
}

// ctp takes a CTP unit cost price (UCP) as the unit price of a line whose PO1 gives none, when
// it is stated in the unit of the line.
func (m *mapper) ctp() {
	if m.line == nil || m.sln || m.line.UnitPrice != nil || m.el(2) != "UCP" {
		return
	}
	if u := m.el(5); u != "" && Rec20(u) != m.line.Unit {
		return
	}
	m.line.UnitPrice = m.decimal(3, "CTP03 (the unit price)")
}

// endLine completes the line of the current PO1 loop and adds it to the draft.
func (m *mapper) endLine() {
	if m.line == nil {
		return
	}
	l := m.line
	l.Description = capText(strings.Join(m.desc, "; "), maxText)
	if l.BuyerSKU == "" && l.SupplierSKU == "" && l.GTIN == "" && len(m.otherIDs) > 0 {
		m.note("%s: product %s", m.lineLabel(), strings.Join(m.otherIDs, ", "))
	}
	m.d.Lines = append(m.d.Lines, *l)
	m.line = nil
}
