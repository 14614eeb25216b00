package ubl

import (
	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
)

// Peppol BIS Ordering 3 identifiers of an Order Response (transaction T76).
const (
	CustomizationOrderResponse = "urn:fdc:peppol.eu:poacc:trns:order_response:3"
	ProfileOrdering            = "urn:fdc:peppol.eu:poacc:bis:ordering:3"
)

// ResponseCode is the answer to a whole order: the Peppol subset of UNCL 4343.
type ResponseCode string

// Response codes of Peppol BIS Ordering 3.
const (
	// ResponseAcknowledged says the order was received and will be processed; no lines.
	ResponseAcknowledged ResponseCode = "AB"
	// ResponseAccepted accepts the order as it is; no lines.
	ResponseAccepted ResponseCode = "AP"
	// ResponseRejected rejects the whole order; no lines (say why in Note).
	ResponseRejected ResponseCode = "RE"
	// ResponseConditionallyAccepted accepts the order with changes: every order line is
	// answered, each with its own LineStatus.
	ResponseConditionallyAccepted ResponseCode = "CA"
)

// LineStatus is the answer to one order line: the Peppol subset of UNCL 1229.
type LineStatus string

// Line statuses of Peppol BIS Ordering 3.
const (
	LineAdded            LineStatus = "1"  // a line the seller adds
	LineChanged          LineStatus = "3"  // accepted with a changed quantity, price or date
	LineAccepted         LineStatus = "5"  // accepted without amendment
	LineNotAccepted      LineStatus = "7"  // rejected
	LineAlreadyDelivered LineStatus = "42" // delivered already
)

// OrderResponse is a seller's answer to a buyer's order, as a Peppol BIS Ordering 3 Order
// Response (T76) carries it. WriteOrderResponse writes it; ParseOrderResponse reads one back,
// and also reads other UBL OrderResponse and OrderResponseSimple documents into it.
type OrderResponse struct {
	ID                string         `json:"id"`                           // this response's number; required
	IssueDate         cal.Date       `json:"issue_date"`                   // the day it is issued; required (no clock is read)
	Code              ResponseCode   `json:"code"`                         // the answer to the order; required
	Note              string         `json:"note,omitempty"`               // why, for people; line breaks allowed
	Currency          string         `json:"currency"`                     // ISO 4217 code of every price; required
	OrderID           string         `json:"order_id"`                     // the buyer's PO number answered; required
	SalesOrderID      string         `json:"sales_order_id,omitempty"`     // our own order number
	CustomerReference string         `json:"customer_reference,omitempty"` // the buyer's reference, echoed
	Seller            ResponseParty  `json:"seller"`                       // who answers
	Buyer             ResponseParty  `json:"buyer"`                        // who ordered
	PromisedDelivery  Period         `json:"promised_delivery,omitzero"`   // when the whole order will be delivered
	Lines             []ResponseLine `json:"lines,omitempty"`              // only with ResponseConditionallyAccepted: one per order line
}

// ResponseParty is the seller or the buyer of a response, as Peppol identifies it.
type ResponseParty struct {
	Endpoint Identifier `json:"endpoint"`       // Peppol electronic address; required, with its EAS scheme (0088 GLN, 0192...)
	ID       Identifier `json:"id,omitzero"`    // party identifier (PartyIdentification), scheme optional
	Name     string     `json:"name,omitempty"` // legal registration name; a Name or an ID is required
}

// Identifier is an identifier with its scheme: an ISO 6523 ICD or Peppol EAS code such as 0088
// for a GLN.
type Identifier struct {
	Scheme string `json:"scheme,omitempty"`
	Value  string `json:"value"`
}

// Period is a span of days; either end may be unset. End is never before Start.
type Period struct {
	Start cal.Date `json:"start,omitzero"`
	End   cal.Date `json:"end,omitzero"`
}

// IsZero reports whether the period states no day.
func (p Period) IsZero() bool { return p.Start.IsZero() && p.End.IsZero() }

// ResponseLine answers one order line.
type ResponseLine struct {
	LineID           string           `json:"line_id"`                    // the order line's ID as the order wrote it ("1"); required, unique
	Status           LineStatus       `json:"status"`                     // required
	Note             string           `json:"note,omitempty"`             // why, for people
	Quantity         *decimal.Decimal `json:"quantity,omitempty"`         // the quantity that will be delivered, when it changes
	Unit             string           `json:"unit,omitempty"`             // UN/ECE Rec. 20 code of Quantity and BaseQuantity
	Price            *decimal.Decimal `json:"price,omitempty"`            // the net price, when it changes: per BaseQuantity units
	BaseQuantity     *decimal.Decimal `json:"base_quantity,omitempty"`    // units Price is for; nil means 1
	PromisedDelivery Period           `json:"promised_delivery,omitzero"` // when this line will be delivered, when it differs
	Name             string           `json:"name"`                       // the item's name; required by Peppol
	BuyerSKU         string           `json:"buyer_sku,omitempty"`        // the buyer's item code
	SupplierSKU      string           `json:"supplier_sku,omitempty"`     // our item code
	GTIN             string           `json:"gtin,omitempty"`             // written with scheme 0160
}
