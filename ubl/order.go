package ubl

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/gs1"
)

// doubtConfidence is the confidence of an amount whose currencyID is not the order's currency,
// and of a unit price per a base quantity in another unit than the line's: the value is read
// exactly, but may not mean what the field means, so it stays under verification's threshold
// and a person looks.
const doubtConfidence = 0.5

// Paths below an order's root children; doc.go lists the whole mapping.
var (
	pID             = mustPath("cbc:ID")
	pLineItem       = mustPath("cac:LineItem")
	pLineStatus     = mustPath("cbc:LineStatusCode")
	pQuantity       = mustPath("cbc:Quantity")
	pLineAmount     = mustPath("cbc:LineExtensionAmount")
	pPriceAmount    = mustPath("cac:Price/cbc:PriceAmount")
	pBaseQuantity   = mustPath("cac:Price/cbc:BaseQuantity")
	pItem           = mustPath("cac:Item")
	pItemName       = mustPath("cbc:Name")
	pItemDesc       = mustPath("cbc:Description")
	pBuyersItemID   = mustPath("cac:BuyersItemIdentification/cbc:ID")
	pSellersItemID  = mustPath("cac:SellersItemIdentification/cbc:ID")
	pStandardItemID = mustPath("cac:StandardItemIdentification/cbc:ID")
	pLineReqStart   = mustPath("cac:Delivery/cac:RequestedDeliveryPeriod/cbc:StartDate")
	pParty          = mustPath("cac:Party")
	pTaxAmount      = mustPath("cbc:TaxAmount")
	pTotalNet       = mustPath("cbc:LineExtensionAmount")
	pTotalTaxIncl   = mustPath("cbc:TaxInclusiveAmount")
	pTotalPayable   = mustPath("cbc:PayableAmount")
	pChargeFlag     = mustPath("cbc:ChargeIndicator")
	pChargeReason   = mustPath("cbc:AllowanceChargeReason")
	pChargeCode     = mustPath("cbc:AllowanceChargeReasonCode")
	pChargeAmount   = mustPath("cbc:Amount")

	// Delivery dates in order of preference: what the buyer asks for, then what was promised.
	deliveryDatePaths = []path{
		mustPath("cac:RequestedDeliveryPeriod/cbc:StartDate"),
		mustPath("cac:RequestedDeliveryPeriod/cbc:EndDate"),
		mustPath("cac:PromisedDeliveryPeriod/cbc:StartDate"),
		mustPath("cac:PromisedDeliveryPeriod/cbc:EndDate"),
		mustPath("cbc:LatestDeliveryDate"),
	}
)

// ParseOrder reads a UBL 2.0/2.1 Order, a Peppol BIS Ordering 3 Order (T01) or an OrderChange
// (document_type order_change: po_number is the order it changes, and lines it deletes are left
// out, so that its lines are the order as it now stands) into the canonical order. Namespaces are
// matched by URI, whatever their prefixes. Nothing is invented: a field the document does not
// carry stays empty, and decimals are read exactly.
//
// Errors: CodeTooLarge past MaxSize or 100,000 lines; CodeInvalid, with faults whose rules doc.go
// lists, for malformed XML, a DOCTYPE, nesting deeper than 64, a document that is not an order
// (an OrderCancellation says it is one, with the order it cancels), and a malformed date or
// decimal in a field that is read.
func ParseOrder(b []byte) (*o2c.OrderDraft, error) {
	r, err := newReader(b)
	if err != nil {
		return nil, err
	}
	var typ o2c.DocumentType
	switch k := rootKind(r.root); k {
	case "Order":
		typ = o2c.DocPurchaseOrder
	case "OrderChange":
		typ = o2c.DocOrderChange
	case "OrderCancellation":
		return nil, cancellation(r)
	default:
		return nil, notOrder(r.root, k)
	}
	r.prune = pruneOrder
	p := &orderParser{d: &o2c.OrderDraft{DocumentType: typ, Source: &o2c.Source{Channel: o2c.ChannelUBL}}}
	for !p.stopped() {
		n, err := r.next(wantOrder)
		if err != nil {
			return nil, err
		}
		if n == nil {
			break
		}
		p.child(n)
	}
	return p.finish()
}

// pruneOrder lists aggregates that an order mapping never reads below a root child; skipping
// them saves building their nodes. (A header cac:AllowanceCharge is a root child and is read.)
var pruneOrder = map[string]bool{
	"AllowanceCharge": true, "ClassifiedTaxCategory": true, "AdditionalItemProperty": true,
	"CommodityClassification": true, "ItemInstance": true, "OriginatorParty": true,
	"ItemSpecificationDocumentReference": true, "ManufacturersItemIdentification": true,
	"CatalogueItemIdentification": true, "AdditionalItemIdentification": true,
	"QuotationLineReference": true, "CatalogueLineReference": true, "DocumentReference": true,
	"HazardousItem": true, "Dimension": true, "Certificate": true, "Despatch": true, "Shipment": true,
	"Person": true, "TaxSubtotal": true, "DeliveryTerms": true, "PricingReference": true,
	"TaxTotal": true, "SubLineItem": true, "Attachment": true, "OriginCountry": true,
}

// wantOrder lists the root children of an Order or OrderChange that the mapping reads.
func wantOrder(k kind, local string) bool {
	if k == kindCBC {
		switch local {
		case "ID", "IssueDate", "Note", "DocumentCurrencyCode":
			return true
		}
		return false
	}
	switch local {
	case "OrderLine", "BuyerCustomerParty", "AccountingCustomerParty", "Delivery", "OrderReference",
		"AllowanceCharge", "TaxTotal", "AnticipatedMonetaryTotal":
		return true
	}
	return false
}

// amountRef remembers the currency of each amount read, for the currency checks at the end.
type amountRef struct {
	line     int    // index into Lines, or -1 for a header amount
	field    string // unit_price, line_total, net, tax, gross
	currency string
}

func (a amountRef) key() string {
	if a.line < 0 {
		return "totals." + a.field
	}
	return "lines[" + strconv.Itoa(a.line) + "]." + a.field
}

// collector gathers the faults of one parse, up to maxFaults.
type collector struct{ faults []o2c.Fault }

func (c *collector) fault(rule, path, format string, args ...any) {
	if len(c.faults) < maxFaults {
		c.faults = append(c.faults, o2c.Fault{Rule: rule, Path: path, Message: fmt.Sprintf(format, args...)})
	}
}

// decimal reads a quantity or an amount; a malformed one is a fault, and nil.
func (c *collector) decimal(n *node, jsonPath string) *decimal.Decimal {
	v, ok := parseDecimal(n.text)
	if !ok {
		c.fault(RuleDecimal, jsonPath, "%s %s on line %d is not a decimal number", n.name(), quote(n.text), n.line)
		return nil
	}
	return &v
}

// date reads a date; a malformed one is a fault, and the zero date.
func (c *collector) date(n *node, jsonPath string) cal.Date {
	d, ok := parseDate(n.text)
	if !ok {
		c.fault(RuleDate, jsonPath, "%s %s on line %d is not a date YYYY-MM-DD", n.name(), quote(n.text), n.line)
	}
	return d
}

type orderParser struct {
	collector
	d          *o2c.OrderDraft
	tooMany    bool // more than maxLines lines
	stop       bool // a fault that ends the reading
	seen       map[string]bool
	repeats    map[string]int // kept header elements by name, against maxRepeats
	notes      []string
	charges    []string
	deliveries []*node
	taxes      []*node
	amounts    []amountRef
	docCur     string
	buyer      *node  // cac:Party of the buyer, for the sender
	lineDate   string // the requested delivery date of the first line, as written
	lineDates  bool   // every line so far states the same requested delivery date
}

func (p *orderParser) stopped() bool { return p.tooMany || p.stop || len(p.faults) >= maxFaults }

// once reports whether a header element is seen for the first time; UBL allows each once, and
// a repeated one is ignored rather than allowed to overwrite the first.
func (p *orderParser) once(local string) bool {
	if p.seen == nil {
		p.seen = make(map[string]bool)
	}
	if p.seen[local] {
		return false
	}
	p.seen[local] = true
	return true
}

func (p *orderParser) child(n *node) {
	switch n.local {
	case "Note", "Delivery", "AllowanceCharge", "TaxTotal": // kept until the end
		if p.repeats == nil {
			p.repeats = make(map[string]int)
		}
		if p.repeats[n.local]++; p.repeats[n.local] > maxRepeats {
			p.fault(RuleLimit, "$", "the order has more than %d %s elements", maxRepeats, n.name())
			p.stop = true // read no further: no person writes such an order
			return
		}
	}
	if n.kind == kindCBC {
		switch n.local {
		case "ID":
			if p.d.DocumentType == o2c.DocPurchaseOrder && p.once(n.local) {
				p.d.PONumber = oneLine(n.text)
			}
		case "IssueDate":
			if p.once(n.local) {
				p.d.OrderDate = p.date(n, "$.order_date")
			}
		case "Note":
			if n.text != "" {
				p.notes = append(p.notes, n.text)
			}
		case "DocumentCurrencyCode":
			if p.once(n.local) {
				p.docCur = oneLine(n.text)
			}
		}
		return
	}
	switch n.local {
	case "OrderLine":
		p.line(n)
	case "OrderReference": // OrderChange: the order that changes
		if p.d.DocumentType == o2c.DocOrderChange && p.once(n.local) {
			p.d.PONumber = oneLine(n.textAt(pID))
		}
	case "BuyerCustomerParty":
		if p.once(n.local) {
			p.buyer = n.find(pParty)
			p.d.Buyer = readParty(p.buyer)
		}
	case "AccountingCustomerParty":
		if p.once(n.local) {
			p.d.BillTo = readParty(n.find(pParty))
		}
	case "Delivery":
		p.deliveries = append(p.deliveries, n)
	case "AllowanceCharge":
		p.allowanceCharge(n)
	case "TaxTotal":
		p.taxes = append(p.taxes, n)
	case "AnticipatedMonetaryTotal":
		if p.once(n.local) {
			p.monetaryTotal(n)
		}
	}
}

func (p *orderParser) line(n *node) {
	li := n.find(pLineItem)
	if li == nil {
		p.fault(RuleStructure, "$.lines", "cac:OrderLine on line %d has no cac:LineItem", n.line)
		return
	}
	if p.d.DocumentType == o2c.DocOrderChange && deletedStatus(li.textAt(pLineStatus)) {
		return
	}
	if len(p.d.Lines) >= maxLines {
		p.tooMany = true
		return
	}
	i := len(p.d.Lines)
	at := func(field string) string { return "$.lines[" + strconv.Itoa(i) + "]." + field }
	l := o2c.DraftLine{LineNo: lineNo(oneLine(li.textAt(pID)))}
	if q := li.find(pQuantity); q != nil {
		l.Quantity = p.decimal(q, at("quantity"))
		l.Unit = q.attrValue("unitCode")
	}
	l.LineTotal = p.amount(li.find(pLineAmount), i, "line_total", at("line_total"))
	if pa := li.find(pPriceAmount); pa != nil {
		l.UnitPrice = p.unitPrice(li, pa, i, l.Unit, at("unit_price"))
	}
	if item := li.find(pItem); item != nil {
		l.Description = itemDescription(item)
		l.BuyerSKU = oneLine(item.textAt(pBuyersItemID))
		l.SupplierSKU = oneLine(item.textAt(pSellersItemID))
		l.GTIN = itemGTIN(item)
	}
	if s := strings.TrimSpace(li.textAt(pLineReqStart)); i == 0 {
		p.lineDate, p.lineDates = s, s != ""
	} else if s != p.lineDate {
		p.lineDates = false
	}
	p.d.Lines = append(p.d.Lines, l)
}

// unitPrice reads Price/PriceAmount, divided by Price/BaseQuantity when the price is for
// several units ("12.00 per 10 pieces").
func (p *orderParser) unitPrice(li, pa *node, i int, unit, jsonPath string) *decimal.Decimal {
	price := p.amount(pa, i, "unit_price", jsonPath)
	bq := li.find(pBaseQuantity)
	if price == nil || bq == nil {
		return price
	}
	base := p.decimal(bq, jsonPath)
	if base == nil {
		return nil
	}
	if !base.IsPositive() {
		p.fault(RuleDecimal, jsonPath, "cbc:BaseQuantity %s on line %d must be > 0: the price is for that many units", base, bq.line)
		return nil
	}
	if bu := bq.attrValue("unitCode"); bu != "" && unit != "" && bu != unit {
		p.confidence(amountRef{line: i, field: "unit_price"}.key(), doubtConfidence)
	}
	if base.Equal(decimal.New(1, 0)) {
		return price
	}
	q := exactQuotient(*price, *base)
	return &q
}

// deletedStatus reports whether an OrderChange line status deletes the line: UNCL1229 code 2
// (Peppol) or the UBL 2.0 line status Cancelled.
func deletedStatus(s string) bool {
	s = strings.TrimSpace(s)
	return s == "2" || strings.EqualFold(s, "Cancelled") || strings.EqualFold(s, "Canceled")
}

// itemDescription is the item's name followed by its descriptions, where they say more.
func itemDescription(item *node) string {
	parts := make([]string, 0, 2)
	if name := oneLine(item.textAt(pItemName)); name != "" {
		parts = append(parts, name)
	}
	for _, d := range item.findAll(pItemDesc, nil) {
		if s := oneLine(d.text); s != "" && !containsFold(parts, s) {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " - ")
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// itemGTIN is the first standard item identifier in the GTIN scheme (Peppol ICD 0160, or
// "GTIN"), or, with no scheme at all, one that is a GTIN by its length and check digit.
func itemGTIN(item *node) string {
	for _, id := range item.findAll(pStandardItemID, nil) {
		v := oneLine(id.text)
		switch scheme := id.attrValue("schemeID"); {
		case v == "":
		case scheme == "0160" || strings.EqualFold(scheme, "GTIN"):
			return v
		case scheme == "" && gs1.ValidGTIN(v):
			return v
		}
	}
	return ""
}

func (p *orderParser) allowanceCharge(n *node) {
	kind := "Allowance"
	if f := strings.TrimSpace(n.textAt(pChargeFlag)); f == "true" || f == "1" {
		kind = "Charge"
	}
	reason := oneLine(n.textAt(pChargeReason))
	if reason == "" {
		reason = oneLine(n.textAt(pChargeCode))
	}
	s := kind
	if reason != "" {
		s += ": " + reason
	}
	if a := n.find(pChargeAmount); a != nil {
		v, ok := parseDecimal(a.text)
		if !ok {
			p.fault(RuleDecimal, "$.notes", "cac:AllowanceCharge/cbc:Amount %s on line %d is not a decimal number", quote(a.text), a.line)
			return
		}
		s += " (" + strings.TrimSpace(v.String()+" "+a.attrValue("currencyID")) + ")"
	}
	p.charges = append(p.charges, s)
}

func (p *orderParser) monetaryTotal(n *node) {
	t := &o2c.Totals{Net: p.amount(n.find(pTotalNet), -1, "net", "$.totals.net")}
	// The gross value of the order is the amount with tax; PayableAmount has any prepaid amount
	// taken off and a rounding amount added, so it serves only when TaxInclusiveAmount is absent.
	if g := n.find(pTotalTaxIncl); g != nil {
		t.Gross = p.amount(g, -1, "gross", "$.totals.gross")
	} else {
		t.Gross = p.amount(n.find(pTotalPayable), -1, "gross", "$.totals.gross")
	}
	p.d.Totals = t
}

// amount reads a monetary amount and remembers its currencyID.
func (p *orderParser) amount(n *node, line int, field, jsonPath string) *decimal.Decimal {
	if n == nil {
		return nil
	}
	v := p.decimal(n, jsonPath)
	if v != nil {
		p.amounts = append(p.amounts, amountRef{line: line, field: field, currency: n.attrValue("currencyID")})
	}
	return v
}

func (p *orderParser) confidence(key string, v float64) {
	if p.d.Confidence == nil {
		p.d.Confidence = make(map[string]float64)
	}
	if old, ok := p.d.Confidence[key]; !ok || v < old {
		p.d.Confidence[key] = v
	}
}

func (p *orderParser) finish() (*o2c.OrderDraft, error) {
	if p.tooMany {
		return nil, &o2c.Error{Code: o2c.CodeTooLarge, Message: fmt.Sprintf("the order has more than %d lines", maxLines)}
	}
	d := p.d
	d.Currency = p.currency()
	if d.Currency != "" {
		for _, a := range p.amounts {
			if a.currency != "" && a.currency != d.Currency {
				p.confidence(a.key(), doubtConfidence)
			}
		}
	}
	p.taxTotal()
	p.deliveryFacts()
	p.notes = append(p.notes, p.charges...)
	d.Notes = strings.Join(p.notes, "\n")
	if ep := p.buyer.find(pEndpoint); ep != nil && ep.text != "" {
		d.Source.Sender = schemed(ep.attrValue("schemeID"), oneLine(ep.text))
	} else if d.Buyer != nil {
		d.Source.Sender = d.Buyer.Name
	}
	if len(p.faults) > 0 {
		return nil, o2c.Invalid(p.faults...)
	}
	return d, nil
}

// currency is DocumentCurrencyCode, else the one currencyID that every amount carries (UBL 2.0
// orders often state no document currency).
func (p *orderParser) currency() string {
	if p.docCur != "" {
		return p.docCur
	}
	cur := ""
	for _, a := range p.amounts {
		switch {
		case a.currency == "" || a.currency == cur:
		case cur == "":
			cur = a.currency
		default:
			return ""
		}
	}
	return cur
}

// taxTotal adds the TaxTotal amounts, one per kind of tax. Amounts in several currencies are
// not added up: the one in the order's currency is taken, if there is one.
func (p *orderParser) taxTotal() {
	type sum struct {
		cur string
		v   decimal.Decimal
	}
	var sums []sum
	for _, t := range p.taxes {
		a := t.find(pTaxAmount)
		if a == nil {
			continue
		}
		v := p.decimal(a, "$.totals.tax")
		if v == nil {
			continue
		}
		cur := a.attrValue("currencyID")
		found := false
		for i := range sums {
			if sums[i].cur == cur {
				sums[i].v, found = sums[i].v.Add(*v), true
			}
		}
		if !found {
			sums = append(sums, sum{cur, *v})
		}
	}
	var pick *sum
	if len(sums) == 1 {
		pick = &sums[0]
	}
	for i := range sums {
		if len(sums) > 1 && sums[i].cur == p.d.Currency {
			pick = &sums[i]
		}
	}
	if pick == nil {
		return
	}
	if p.d.Totals == nil {
		p.d.Totals = &o2c.Totals{}
	}
	v := pick.v
	p.d.Totals.Tax = &v
	if pick.cur != "" && p.d.Currency != "" && pick.cur != p.d.Currency {
		p.confidence("totals.tax", doubtConfidence)
	}
}

// deliveryFacts sets the requested delivery date and the ship-to party from the deliveries.
func (p *orderParser) deliveryFacts() {
	p.d.RequestedDeliveryDate = p.requestedDate()
	for _, dl := range p.deliveries {
		if s := readShipTo(dl); s != nil {
			p.d.ShipTo = s
			return
		}
	}
}

// requestedDate is the first date of deliveryDatePaths that a header delivery states, else the
// date every line states when all state the same one.
func (p *orderParser) requestedDate() cal.Date {
	for _, dp := range deliveryDatePaths {
		for _, dl := range p.deliveries {
			if n := dl.find(dp); n != nil && n.text != "" {
				return p.date(n, "$.requested_delivery_date")
			}
		}
	}
	if !p.lineDates {
		return cal.Date{}
	}
	v, ok := parseDate(p.lineDate)
	if !ok {
		p.fault(RuleDate, "$.requested_delivery_date", "the requested delivery date %s of the lines is not a date YYYY-MM-DD", quote(p.lineDate))
	}
	return v
}

// cancellation is the error for an OrderCancellation: it names the order it cancels.
func cancellation(r *reader) error {
	ref := ""
	for {
		n, err := r.next(func(k kind, local string) bool { return k == kindCAC && local == "OrderReference" })
		if err != nil || n == nil {
			break
		}
		if ref = oneLine(n.textAt(pID)); ref != "" {
			break
		}
	}
	msg := "the document is an order cancellation (UBL OrderCancellation), not an order"
	if ref != "" {
		msg = fmt.Sprintf("the document is an order cancellation (UBL OrderCancellation) of order %s, not an order", quote(ref))
	}
	return docFault(RuleCancellation, msg)
}

// notOrder is the error for any other root element.
func notOrder(name xml.Name, k string) error {
	var msg string
	switch {
	case k == "OrderResponse" || k == "OrderResponseSimple":
		msg = fmt.Sprintf("the document is an order response (UBL %s), not an order", k)
	case k != "":
		msg = fmt.Sprintf("the document is a UBL %s, not an order", k)
	case name.Local == "Order" || name.Local == "OrderChange":
		msg = fmt.Sprintf("the root element %s is not in the UBL namespace %s%s-2, so it is not a UBL order",
			name.Local, nsDocBase, name.Local)
	case name.Space == "":
		msg = fmt.Sprintf("the document is not a UBL order: its root element is <%s> in no namespace", name.Local)
	default:
		msg = fmt.Sprintf("the document is not a UBL order: its root element is <%s> in namespace %s", name.Local, name.Space)
	}
	return docFault(RuleNotOrder, msg)
}

// quote writes a value for a message: quoted, and cut at 40 characters.
func quote(s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:40]) + "..."
	}
	return strconv.Quote(s)
}

// schemed writes an identifier with its scheme as Peppol participant identifiers are written:
// 0088:7300010000001.
func schemed(scheme, v string) string {
	if scheme == "" {
		return v
	}
	return scheme + ":" + v
}
