package edifact

import (
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
)

// ResponseStatus is what a supplier answers to an order or to one of its lines.
type ResponseStatus string

// Response statuses.
const (
	// Accepted: the order (or line) will be delivered as ordered.
	Accepted ResponseStatus = "accepted"
	// Changed: it will be delivered with changes (quantity, date, price), given in the response.
	Changed ResponseStatus = "changed"
	// Rejected: it will not be delivered.
	Rejected ResponseStatus = "rejected"
)

// Codes of each status: the message function of BGM (UNTDID 1225) and the action of LIN (1229).
var (
	messageFunction = map[ResponseStatus]string{Accepted: "29", Changed: "4", Rejected: "27"}
	lineAction      = map[ResponseStatus]string{Accepted: "5", Changed: "3", Rejected: "7"}
)

// OrderResponse is the purchase order response (ORDRSP) a supplier sends for an order.
type OrderResponse struct {
	Envelope    Envelope       `json:"envelope"`
	Number      string         `json:"number"`                 // BGM 1004: our number for this response
	Status      ResponseStatus `json:"status"`                 // BGM 1225: the answer for the order as a whole
	Date        cal.Date       `json:"date,omitzero"`          // DTM 137: the date of this response; none: the date of Envelope.Prepared
	OrderNumber string         `json:"order_number"`           // RFF ON: the buyer's order number (the PO number)
	OrderDate   cal.Date       `json:"order_date,omitzero"`    // DTM 171 after RFF ON: the date of that order
	Buyer       string         `json:"buyer_gln,omitempty"`    // NAD BY: the buyer's GLN
	Supplier    string         `json:"supplier_gln,omitempty"` // NAD SU: our GLN
	ShipTo      string         `json:"ship_to_gln,omitempty"`  // NAD DP: the delivery party's GLN
	Currency    string         `json:"currency,omitempty"`     // CUX: ISO 4217 code of the prices
	Lines       []ResponseLine `json:"lines"`

	// The message identifier; empty values give D, 96A and EAN005, EANCOM's ORDRSP of directory D.96A.
	Version     string `json:"version,omitempty"`
	Release     string `json:"release,omitempty"`
	Association string `json:"association,omitempty"`
}

// ResponseLine answers one line of an order.
type ResponseLine struct {
	LineNo       int              `json:"line_no"`                // LIN 1082: the line number of the order
	Status       ResponseStatus   `json:"status"`                 // LIN 1229: the answer for this line
	GTIN         string           `json:"gtin,omitempty"`         // LIN C212, type EN
	SupplierSKU  string           `json:"supplier_sku,omitempty"` // PIA, type SA
	BuyerSKU     string           `json:"buyer_sku,omitempty"`    // PIA, type IN
	Ordered      *decimal.Decimal `json:"ordered,omitempty"`      // QTY 21: the quantity ordered
	Quantity     *decimal.Decimal `json:"quantity,omitempty"`     // QTY 113: the quantity to be delivered
	Unit         string           `json:"unit,omitempty"`         // 6411 of both quantities: a Rec. 20 code
	UnitPrice    *decimal.Decimal `json:"unit_price,omitempty"`   // PRI AAA: the net unit price
	DeliveryDate cal.Date         `json:"delivery_date,omitzero"` // DTM 69: the delivery date we promise
}

// WriteORDRSP writes a purchase order response: BGM 231 with message function 29 (accepted), 4
// (changed) or 27 (rejected); each line a LIN with action 5, 3 or 7, its quantities, price and
// promised date; UNS, and CNT 2, the number of lines. It is deterministic. It panics when the
// envelope lacks its parties, references or time, or a status is none of the three: bugs of the
// caller.
func WriteORDRSP(r OrderResponse) []byte {
	r.Envelope.check("ORDRSP")
	fn, ok := messageFunction[r.Status]
	if !ok {
		panic(fmt.Sprintf("edifact: write ORDRSP: status %q is none of accepted, changed, rejected", r.Status))
	}
	date := r.Date
	if date.IsZero() {
		date = cal.DateOf(r.Envelope.Prepared)
	}
	body := []Segment{
		seg("BGM", el("231"), el(r.Number), el(fn)),
		seg("DTM", el("137", ymd(date), "102")),
		seg("RFF", el("ON", r.OrderNumber)),
	}
	if !r.OrderDate.IsZero() {
		body = append(body, seg("DTM", el("171", ymd(r.OrderDate), "102")))
	}
	for _, p := range []struct{ role, gln string }{{"BY", r.Buyer}, {"SU", r.Supplier}, {"DP", r.ShipTo}} {
		if p.gln != "" {
			body = append(body, seg("NAD", el(p.role), el(p.gln, "", "9")))
		}
	}
	if r.Currency != "" {
		body = append(body, seg("CUX", el("2", r.Currency, "9")))
	}
	for _, l := range r.Lines {
		action, ok := lineAction[l.Status]
		if !ok {
			panic(fmt.Sprintf("edifact: write ORDRSP: line %d: status %q is none of accepted, changed, rejected", l.LineNo, l.Status))
		}
		lin := seg("LIN", el(strconv.Itoa(l.LineNo)), el(action))
		if l.GTIN != "" {
			lin = seg("LIN", el(strconv.Itoa(l.LineNo)), el(action), el(l.GTIN, "EN"))
		}
		body = append(body, lin)
		if l.SupplierSKU != "" || l.BuyerSKU != "" {
			function := "1" // additional identification, beside the GTIN
			if l.GTIN == "" {
				function = "5" // the product identification itself
			}
			pia := [][]string{el(function)}
			if l.SupplierSKU != "" {
				pia = append(pia, el(l.SupplierSKU, "SA"))
			}
			if l.BuyerSKU != "" {
				pia = append(pia, el(l.BuyerSKU, "IN"))
			}
			body = append(body, seg("PIA", pia...))
		}
		if l.Ordered != nil {
			body = append(body, seg("QTY", el("21", l.Ordered.String(), l.Unit)))
		}
		if l.Quantity != nil {
			body = append(body, seg("QTY", el("113", l.Quantity.String(), l.Unit)))
		}
		if !l.DeliveryDate.IsZero() {
			body = append(body, seg("DTM", el("69", ymd(l.DeliveryDate), "102")))
		}
		if l.UnitPrice != nil {
			body = append(body, seg("PRI", el("AAA", l.UnitPrice.String())))
		}
	}
	body = append(body, seg("UNS", el("S")), seg("CNT", el("2", strconv.Itoa(len(r.Lines)))))

	version, release, assoc := r.Version, r.Release, r.Association
	if version == "" && release == "" && assoc == "" {
		version, release, assoc = "D", "96A", "EAN005"
	}
	return writeMessage(r.Envelope, Message{Ref: r.Envelope.MessageRef, Type: "ORDRSP", Version: version, Release: release,
		Agency: "UN", Association: assoc, Segments: body})
}

// ymd writes a date as CCYYMMDD (format 102), or "" for no date.
func ymd(d cal.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d%02d%02d", d.Year, d.Month, d.Day)
}
