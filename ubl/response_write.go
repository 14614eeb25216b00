package ubl

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/beevik/etree"
	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/gs1"
	"github.com/o2c-project/o2c/money"
)

// Rules of WriteOrderResponse; doc.go explains each.
const (
	RuleRequired = "UBL-20"
	RuleCode     = "UBL-21"
	RuleValue    = "UBL-22"
	RuleLines    = "UBL-23"
)

var (
	responseCodes = []ResponseCode{ResponseAcknowledged, ResponseAccepted, ResponseRejected, ResponseConditionallyAccepted}
	lineStatuses  = []LineStatus{LineAdded, LineChanged, LineAccepted, LineNotAccepted, LineAlreadyDelivered}
)

// WriteOrderResponse writes r as a Peppol BIS Ordering 3 Order Response (T76), a UBL 2.1
// OrderResponse that validates against the UBL XSD and the Peppol T76 rules: the UBL namespace
// as default and the prefixes cac and cbc, elements in schema order, indented by two spaces. The
// output depends only on r, so that the same response is the same bytes.
//
// Text is trimmed and single-line fields have their white space collapsed, as ParseOrderResponse
// reads them back; a note's line breaks are written as LF.
//
// Errors: CodeInvalid, with faults naming fields by JSON path ($.lines[0].status), when r breaks
// a Peppol rule: a required field is missing (UBL-20), a code is not in its Peppol list (UBL-21),
// a value is malformed (UBL-22: a GLN or GTIN with a wrong check digit, a negative quantity, a
// period that ends before it starts, control characters), or the lines do not fit the code
// (UBL-23: CA needs a line per order line; AB, AP and RE take none).
func WriteOrderResponse(r OrderResponse) ([]byte, error) {
	c := &responseChecker{}
	c.check(&r)
	if len(c.faults) > 0 {
		return nil, o2c.Invalid(c.faults...)
	}

	doc := etree.NewDocument()
	doc.CreateProcInst("xml", `version="1.0" encoding="UTF-8"`)
	root := doc.CreateElement("OrderResponse")
	root.CreateAttr("xmlns", nsDocBase+"OrderResponse-2")
	root.CreateAttr("xmlns:cac", nsCAC)
	root.CreateAttr("xmlns:cbc", nsCBC)
	addText(root, "cbc:CustomizationID", CustomizationOrderResponse)
	addText(root, "cbc:ProfileID", ProfileOrdering)
	addText(root, "cbc:ID", oneLine(r.ID))
	addText(root, "cbc:SalesOrderID", oneLine(r.SalesOrderID))
	addText(root, "cbc:IssueDate", r.IssueDate.String())
	addText(root, "cbc:OrderResponseCode", string(r.Code))
	addText(root, "cbc:Note", noteText(r.Note))
	addText(root, "cbc:DocumentCurrencyCode", r.Currency)
	addText(root, "cbc:CustomerReference", oneLine(r.CustomerReference))
	addText(root.CreateElement("cac:OrderReference"), "cbc:ID", oneLine(r.OrderID))
	addParty(root.CreateElement("cac:SellerSupplierParty"), r.Seller)
	addParty(root.CreateElement("cac:BuyerCustomerParty"), r.Buyer)
	if !r.PromisedDelivery.IsZero() {
		addPeriod(root.CreateElement("cac:Delivery"), r.PromisedDelivery)
	}
	for _, l := range r.Lines {
		addLine(root.CreateElement("cac:OrderLine"), l, r.Currency)
	}
	doc.Indent(2)
	return doc.WriteToBytes()
}

// addText adds <tag>text</tag> to e, unless text is empty: Peppol refuses empty elements.
func addText(e *etree.Element, tag, text string) *etree.Element {
	if text == "" {
		return nil
	}
	c := e.CreateElement(tag)
	c.SetText(text)
	return c
}

func addIdentifier(e *etree.Element, tag string, id Identifier) {
	if c := addText(e, tag, oneLine(id.Value)); c != nil && id.Scheme != "" {
		c.CreateAttr("schemeID", oneLine(id.Scheme))
	}
}

func addParty(e *etree.Element, p ResponseParty) {
	party := e.CreateElement("cac:Party")
	addIdentifier(party, "cbc:EndpointID", p.Endpoint)
	if oneLine(p.ID.Value) != "" {
		addIdentifier(party.CreateElement("cac:PartyIdentification"), "cbc:ID", p.ID)
	}
	if name := oneLine(p.Name); name != "" {
		addText(party.CreateElement("cac:PartyLegalEntity"), "cbc:RegistrationName", name)
	}
}

func addPeriod(delivery *etree.Element, p Period) {
	period := delivery.CreateElement("cac:PromisedDeliveryPeriod")
	addText(period, "cbc:StartDate", p.Start.String())
	addText(period, "cbc:EndDate", p.End.String())
}

func addLine(e *etree.Element, l ResponseLine, currency string) {
	item := e.CreateElement("cac:LineItem")
	addText(item, "cbc:ID", oneLine(l.LineID))
	addText(item, "cbc:Note", noteText(l.Note))
	addText(item, "cbc:LineStatusCode", string(l.Status))
	unit := oneLine(l.Unit)
	if l.Quantity != nil {
		addText(item, "cbc:Quantity", l.Quantity.String()).CreateAttr("unitCode", unit)
	}
	if !l.PromisedDelivery.IsZero() {
		addPeriod(item.CreateElement("cac:Delivery"), l.PromisedDelivery)
	}
	if l.Price != nil {
		price := item.CreateElement("cac:Price")
		addText(price, "cbc:PriceAmount", l.Price.String()).CreateAttr("currencyID", currency)
		if l.BaseQuantity != nil {
			addText(price, "cbc:BaseQuantity", l.BaseQuantity.String()).CreateAttr("unitCode", unit)
		}
	}
	it := item.CreateElement("cac:Item")
	addText(it, "cbc:Name", oneLine(l.Name))
	if s := oneLine(l.BuyerSKU); s != "" {
		addText(it.CreateElement("cac:BuyersItemIdentification"), "cbc:ID", s)
	}
	if s := oneLine(l.SupplierSKU); s != "" {
		addText(it.CreateElement("cac:SellersItemIdentification"), "cbc:ID", s)
	}
	if s := oneLine(l.GTIN); s != "" {
		addText(it.CreateElement("cac:StandardItemIdentification"), "cbc:ID", s).CreateAttr("schemeID", "0160")
	}
	addText(e.CreateElement("cac:OrderLineReference"), "cbc:LineID", oneLine(l.LineID))
}

// noteText trims a note and writes its line breaks as LF, as an XML parser reads them anyway.
func noteText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.TrimSpace(strings.ReplaceAll(s, "\r", "\n"))
}

// responseChecker finds what would make a response break the UBL schema or a Peppol rule.
type responseChecker struct{ collector }

func (c *responseChecker) check(r *OrderResponse) {
	c.required("$.id", r.ID)
	c.text("$.id", r.ID)
	if r.IssueDate.IsZero() {
		c.fault(RuleRequired, "$.issue_date", "the issue date is required")
	}
	if !slices.Contains(responseCodes, r.Code) {
		c.fault(RuleCode, "$.code", "response code %s is not one of AB, AP, RE, CA", quote(string(r.Code)))
	}
	c.text("$.note", r.Note)
	if cur, err := money.ParseCurrency(r.Currency); err != nil || string(cur) != r.Currency {
		c.fault(RuleCode, "$.currency", "currency %s is not an ISO 4217 code in upper case such as EUR", quote(r.Currency))
	}
	c.required("$.order_id", r.OrderID)
	c.text("$.order_id", r.OrderID)
	c.text("$.sales_order_id", r.SalesOrderID)
	c.text("$.customer_reference", r.CustomerReference)
	c.party("$.seller", r.Seller)
	c.party("$.buyer", r.Buyer)
	c.period("$.promised_delivery", r.PromisedDelivery)

	switch {
	case r.Code == ResponseConditionallyAccepted && len(r.Lines) == 0:
		c.fault(RuleLines, "$.lines", "a conditionally accepted order (CA) answers each order line: lines are required")
	case r.Code != ResponseConditionallyAccepted && len(r.Lines) > 0 && slices.Contains(responseCodes, r.Code):
		c.fault(RuleLines, "$.lines", "a response with code %s answers the whole order and takes no lines", r.Code)
	}
	ids := make(map[string]int, len(r.Lines))
	for i, l := range r.Lines {
		p := "$.lines[" + strconv.Itoa(i) + "]"
		c.required(p+".line_id", l.LineID)
		c.text(p+".line_id", l.LineID)
		if first, dup := ids[oneLine(l.LineID)]; dup && l.LineID != "" {
			c.fault(RuleValue, p+".line_id", "line_id %s is also the line_id of $.lines[%d]; each order line is answered once", quote(l.LineID), first)
		} else {
			ids[oneLine(l.LineID)] = i
		}
		if !slices.Contains(lineStatuses, l.Status) {
			c.fault(RuleCode, p+".status", "line status %s is not one of 1, 3, 5, 7, 42", quote(string(l.Status)))
		}
		c.text(p+".note", l.Note)
		c.required(p+".name", l.Name)
		c.text(p+".name", l.Name)
		c.text(p+".buyer_sku", l.BuyerSKU)
		c.text(p+".supplier_sku", l.SupplierSKU)
		c.text(p+".unit", l.Unit)
		c.text(p+".gtin", l.GTIN)
		c.number(p+".quantity", l.Quantity, false)
		c.number(p+".price", l.Price, false)
		c.number(p+".base_quantity", l.BaseQuantity, true)
		if (l.Quantity != nil || l.BaseQuantity != nil) && oneLine(l.Unit) == "" {
			c.fault(RuleRequired, p+".unit", "a quantity needs its unit (UN/ECE Rec. 20 code such as C62)")
		}
		if l.BaseQuantity != nil && l.Price == nil {
			c.fault(RuleValue, p+".base_quantity", "a base quantity says how many units a price is for: it needs a price")
		}
		c.period(p+".promised_delivery", l.PromisedDelivery)
	}
}

func (c *responseChecker) required(path, s string) {
	if strings.TrimSpace(s) == "" {
		c.fault(RuleRequired, path, "%s is required", path[strings.LastIndexByte(path, '.')+1:])
	}
}

// text refuses invalid UTF-8 and control characters other than tab and line breaks (which a
// single-line field has collapsed to spaces, and a note keeps).
func (c *responseChecker) text(path, s string) {
	if !utf8.ValidString(s) {
		c.fault(RuleValue, path, "text is not valid UTF-8")
		return
	}
	for i, r := range s {
		if (unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t') || r == 0xFFFE || r == 0xFFFF {
			c.fault(RuleValue, path, "text holds the character %U at byte %d, which XML cannot carry here", r, i)
			return
		}
	}
}

func (c *responseChecker) party(path string, p ResponseParty) {
	if strings.TrimSpace(p.Endpoint.Value) == "" || strings.TrimSpace(p.Endpoint.Scheme) == "" {
		c.fault(RuleRequired, path+".endpoint", "the Peppol endpoint (electronic address) and its scheme are required")
	}
	if strings.TrimSpace(p.Name) == "" && strings.TrimSpace(p.ID.Value) == "" {
		c.fault(RuleRequired, path, "a party needs its legal name or an identifier")
	}
	for _, f := range []struct {
		path string
		id   Identifier
	}{{path + ".endpoint", p.Endpoint}, {path + ".id", p.ID}} {
		c.text(f.path+".scheme", f.id.Scheme)
		c.text(f.path+".value", f.id.Value)
		if oneLine(f.id.Scheme) == "0088" && !gs1.ValidGLN(oneLine(f.id.Value)) {
			c.fault(RuleValue, f.path+".value", "%s is in scheme 0088 (GLN) but is not 13 digits with a right check digit", quote(f.id.Value))
		}
	}
	c.text(path+".name", p.Name)
}

func (c *responseChecker) period(path string, p Period) {
	if !p.Start.IsZero() && !p.End.IsZero() && p.End.Before(p.Start) {
		c.fault(RuleValue, path+".end", "the period ends on %s, before it starts on %s", p.End, p.Start)
	}
	for _, d := range []cal.Date{p.Start, p.End} {
		if !d.IsZero() && (d.Year < 1 || d.Year > 9999) {
			c.fault(RuleValue, path, "year %d is not written with four digits", d.Year)
		}
	}
}

// number checks a quantity, price or base quantity: >= 0 (> 0 when positive) and short enough to
// read back.
func (c *responseChecker) number(path string, v *decimal.Decimal, positive bool) {
	switch {
	case v == nil:
	case positive && !v.IsPositive():
		c.fault(RuleValue, path, "%s must be > 0, got %s", path[strings.LastIndexByte(path, '.')+1:], v)
	case v.IsNegative():
		c.fault(RuleValue, path, "%s must be >= 0, got %s", path[strings.LastIndexByte(path, '.')+1:], v)
	case len(v.String()) > maxDecimalLen:
		c.fault(RuleValue, path, "%s has more than %d characters", path[strings.LastIndexByte(path, '.')+1:], maxDecimalLen)
	}
}
