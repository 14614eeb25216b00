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
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/money"
)

// Connector writes orders into Dir.
type Connector struct {
	Dir string
}

var _ o2c.ERPConnector = (*Connector)(nil)

// New returns a connector writing into dir, which it creates if needed.
func New(dir string) (*Connector, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create outbox %s: %w", dir, err)
	}
	return &Connector{Dir: dir}, nil
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
	jsonPath := filepath.Join(c.Dir, req.IdempotencyKey+".json")
	if _, err := os.Stat(jsonPath); err == nil {
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
	if err := c.place(req.IdempotencyKey+".csv", table); err != nil {
		return o2c.ERPAck{}, err
	}
	if err := c.place(req.IdempotencyKey+".json", body); err != nil {
		return o2c.ERPAck{}, err
	}
	if err := syncDir(c.Dir); err != nil {
		return o2c.ERPAck{}, err
	}
	return ack, ctx.Err()
}

// place writes content under name, whole or not at all: the content is written to a file with
// no name yet and synced, then linked into place. An existing name is left as it is (it came from
// an earlier try of the same post). The caller syncs the directory.
func (c *Connector) place(name string, content []byte) error {
	f, err := newPendingFile(c.Dir)
	if err != nil {
		return o2c.Errorf(o2c.CodeUnavailable, "the outbox %s is not writable", c.Dir)
	}
	defer f.discard()
	if _, err := f.Write(content); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", name, err)
	}
	if err := f.linkAs(filepath.Join(c.Dir, name)); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("place %s in the outbox: %w", name, err)
	}
	return nil
}

// syncDir makes the new directory entry durable, so a crash right after cannot lose the file.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("open outbox %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync outbox %s: %w", dir, err)
	}
	return nil
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
