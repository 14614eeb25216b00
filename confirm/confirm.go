// Package confirm renders the order confirmation a customer receives by e-mail when o2c confirms,
// changes or rejects their order: its subject, a plain-text and an HTML body, and an A4 PDF.
//
// It is pure: it takes values and returns text or bytes, with no database, network, clock or
// file system. The same Confirmation always gives the same bytes, so its output can be archived
// and compared with golden files. Amounts are decimals written with their currency's decimals and
// the separators of the language (en 1,234.50; fr 1 234,50 with a no-break space; de 1.234,50).
package confirm

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// Status is our answer to an order or to one of its lines; the same three answers as an ORDRSP.
type Status string

// Statuses of a confirmation and of its lines.
const (
	// Accepted: the order (or line) will be delivered as ordered.
	Accepted Status = "accepted"
	// Changed: it will be delivered with the changes the confirmation lists.
	Changed Status = "changed"
	// Rejected: it will not be delivered; Order.Reason says why.
	Rejected Status = "rejected"
)

// Valid reports whether s is one of the three statuses.
func (s Status) Valid() bool { return s == Accepted || s == Changed || s == Rejected }

// Seller is our company as the customer sees it, from configuration.
type Seller struct {
	Name    string `json:"name"`              // legal or trading name
	Address string `json:"address,omitempty"` // postal address; lines separated by "\n"
	Email   string `json:"email,omitempty"`   // where customers write about orders
	Phone   string `json:"phone,omitempty"`   //
	VATID   string `json:"vat_id,omitempty"`  // our intra-EU VAT number
}

// Confirmation is everything one order confirmation says.
type Confirmation struct {
	Seller   Seller        `json:"seller"`
	Customer *o2c.Customer `json:"customer,omitempty"` // nil when the customer is unknown: Order.Draft's buyer is shown
	ShipTo   *o2c.ShipTo   `json:"ship_to,omitempty"`  // nil: Order.Draft's ship-to is shown, if any
	// Order is the order as confirmed: its Lines and NetTotal are what we deliver and charge (a
	// rejected line has quantity 0 there, or is absent and named only in Lines). An order that was
	// never resolved has no Lines: the lines of its Draft, as the customer wrote them, are shown.
	// Reason says why a rejected order is rejected. It must not be nil.
	Order    *o2c.Order   `json:"order"`
	Status   Status       `json:"status"`             // the answer to the order as a whole
	Lines    []LineAnswer `json:"lines,omitempty"`    // the answer per line; a line without one has the order's status (accepted when the order is changed)
	Number   string       `json:"number"`             // our confirmation number, e.g. OC-000123
	Issued   cal.Date     `json:"issued"`             // the date of the confirmation; also the PDF's creation date
	Language string       `json:"language,omitempty"` // en, fr or de (a region such as fr-BE is ignored); anything else is en
}

// LineAnswer is our answer to one order line and, when it is changed, what changed. The quantity
// and price we deliver at are the Order's line; LineAnswer keeps what the customer asked for.
type LineAnswer struct {
	LineNo       int              `json:"line_no"`                 // the order line answered (OrderLine.LineNo)
	Status       Status           `json:"status"`                  //
	Ordered      *decimal.Decimal `json:"ordered,omitempty"`       // the quantity ordered, when we deliver another
	OrderedPrice *decimal.Decimal `json:"ordered_price,omitempty"` // the unit price ordered, when we charge another
	DeliveryDate cal.Date         `json:"delivery_date,omitzero"`  // the date we promise for the line, when it is not the requested one
	Note         string           `json:"note,omitempty"`          // why, in words for the customer
}

// check panics on a confirmation no renderer can write truthfully: a bug of the caller, like a
// status that would tell a customer "accepted" by default.
func (c Confirmation) check() {
	if c.Order == nil {
		panic("confirm: the confirmation has no order")
	}
	if !c.Status.Valid() {
		panic(fmt.Sprintf("confirm: status %q is none of accepted, changed, rejected", c.Status))
	}
	for _, l := range c.Lines {
		if !l.Status.Valid() {
			panic(fmt.Sprintf("confirm: line %d: status %q is none of accepted, changed, rejected", l.LineNo, l.Status))
		}
	}
}
