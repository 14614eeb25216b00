// Package file is the simplest ERP connector: every approved order is written to an outbox
// directory as JSON and CSV, for an ERP that imports files. Each order is written once: a file
// appears whole or not at all (written aside, then linked into place), and a repeated post of
// the same order finds the file there and answers with the first acknowledgement.
package file

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/money"
	"github.com/o2c-project/o2c/outbox"
)

// Connector writes orders into Dir.
type Connector struct {
	Dir string
	out *outbox.Dir
}

var _ o2c.ERPConnector = (*Connector)(nil)

// New returns a connector writing into dir, which it creates if needed.
func New(dir string) (*Connector, error) {
	out, err := outbox.Open(dir)
	if err != nil {
		return nil, err
	}
	return &Connector{Dir: dir, out: out}, nil
}

// Name implements o2c.ERPConnector.
func (c *Connector) Name() string { return "file" }

// Export is the JSON an ERP finds in the outbox: the order as resolved, with the customer.
type Export struct {
	IdempotencyKey string        `json:"idempotency_key"`
	Order          *o2c.Order    `json:"order"`
	Customer       *o2c.Customer `json:"customer,omitempty"`
}

var safeKey = regexp.MustCompile(`^[A-Za-z0-9._-]{1,128}$`)

// PostOrder implements o2c.ERPConnector. The files are named after the idempotency key, so the
// same order is never written twice; the CSV is written first, so the JSON's presence means both exist.
func (c *Connector) PostOrder(ctx context.Context, req o2c.ERPPost) (o2c.ERPAck, error) {
	if !safeKey.MatchString(req.IdempotencyKey) {
		return o2c.ERPAck{}, o2c.Errorf(o2c.CodeInvalid, "idempotency key %q cannot name a file", req.IdempotencyKey)
	}
	ack := o2c.ERPAck{Ref: req.IdempotencyKey, Message: "written to " + c.Dir}
	if c.out.Has(req.IdempotencyKey + ".json") {
		ack.Message = "already in the outbox"
		return ack, nil
	}
	body, err := json.MarshalIndent(Export{IdempotencyKey: req.IdempotencyKey, Order: req.Order, Customer: req.Customer}, "", "  ")
	if err != nil {
		return o2c.ERPAck{}, fmt.Errorf("encode order %d: %w", req.Order.ID, err)
	}
	table, err := orderCSV(req.Order)
	if err != nil {
		return o2c.ERPAck{}, err
	}
	if err := c.out.Place(req.IdempotencyKey+".csv", table); err != nil {
		return o2c.ERPAck{}, err
	}
	if err := c.out.Place(req.IdempotencyKey+".json", body); err != nil {
		return o2c.ERPAck{}, err
	}
	if err := c.out.Sync(); err != nil {
		return o2c.ERPAck{}, err
	}
	return ack, ctx.Err()
}

// orderCSV writes one row per line, with the order's header fields repeated, the shape most ERP
// file imports expect.
func orderCSV(o *o2c.Order) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	rows := [][]string{{"order_id", "po_number", "customer_id", "ship_to_id", "order_date", "requested_delivery_date",
		"currency", "line_no", "sku", "description", "quantity", "unit", "unit_price", "line_total"}}
	cur := money.Currency(o.Currency)
	for _, l := range o.Lines {
		rows = append(rows, []string{fmt.Sprint(o.ID), o.PONumber, o.CustomerID, o.ShipToID, o.OrderDate.String(),
			o.RequestedDeliveryDate.String(), o.Currency, fmt.Sprint(l.LineNo), l.SKU, l.Description,
			l.Quantity.String(), l.Unit, l.UnitPrice.StringFixed(max(cur.Scale(), -l.UnitPrice.Exponent())), l.LineTotal.StringFixed(cur.Scale())})
	}
	if err := w.WriteAll(rows); err != nil {
		return nil, fmt.Errorf("write csv of order %d: %w", o.ID, err)
	}
	return b.Bytes(), nil
}
