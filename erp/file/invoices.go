package file

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/o2c-project/o2c"
)

var (
	_ o2c.InvoicePoster = (*Connector)(nil)
	_ o2c.PaymentPoster = (*Connector)(nil)
)

// InvoiceExport is the JSON an ERP finds in the outbox for an issued invoice or credit note: the
// record (with its EN 16931 content) and the customer; the file the customer received lies beside
// it under the name in File.
type InvoiceExport struct {
	IdempotencyKey string        `json:"idempotency_key"`
	Event          string        `json:"event"` // invoice_issued
	Invoice        *o2c.Invoice  `json:"invoice"`
	Customer       *o2c.Customer `json:"customer,omitempty"`
	File           string        `json:"file,omitempty"`
}

// PostInvoice implements o2c.InvoicePoster: KEY-FILENAME first, then KEY.json, so the JSON's
// presence means both exist; a repeat finds the JSON and answers as the first time.
func (c *Connector) PostInvoice(ctx context.Context, req o2c.ERPInvoice) (o2c.ERPAck, error) {
	if !safeKey.MatchString(req.IdempotencyKey) || req.Invoice == nil {
		return o2c.ERPAck{}, o2c.Errorf(o2c.CodeInvalid, "invoice key %q cannot name a file", req.IdempotencyKey)
	}
	ack := o2c.ERPAck{Ref: req.IdempotencyKey, Message: "written to " + c.Dir}
	if c.out.Has(req.IdempotencyKey + ".json") {
		ack.Message = "already in the outbox"
		return ack, nil
	}
	exp := InvoiceExport{IdempotencyKey: req.IdempotencyKey, Event: "invoice_issued", Invoice: req.Invoice, Customer: req.Customer}
	if len(req.File) > 0 {
		exp.File = req.IdempotencyKey + "-" + safeName(req.FileName)
		if err := c.out.Place(exp.File, req.File); err != nil {
			return o2c.ERPAck{}, err
		}
	}
	body, err := json.MarshalIndent(exp, "", "  ")
	if err != nil {
		return o2c.ERPAck{}, fmt.Errorf("encode invoice %s: %w", req.Invoice.Number, err)
	}
	if err := c.out.Place(req.IdempotencyKey+".json", body); err != nil {
		return o2c.ERPAck{}, err
	}
	if err := c.out.Sync(); err != nil {
		return o2c.ERPAck{}, err
	}
	return ack, ctx.Err()
}

// safeName keeps a file name to the characters a key may hold.
func safeName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < 128 && (r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return r
		}
		return '_'
	}, filepath.Base(name))
	if name == "" || name == "." {
		return "invoice"
	}
	return name
}

// PaymentExport is what the ERP finds for one allocation of a bank payment, or its reversal.
type PaymentExport struct {
	IdempotencyKey string               `json:"idempotency_key"`
	Event          string               `json:"event"` // payment_applied or payment_reversed
	Allocation     *o2c.Allocation      `json:"allocation"`
	Transaction    *o2c.BankTransaction `json:"bank_transaction"`
}

// PostPayment implements o2c.PaymentPoster: one JSON file per allocation and direction, named
// after its key, never written twice.
func (c *Connector) PostPayment(ctx context.Context, p o2c.ERPPayment) (o2c.ERPAck, error) {
	if !safeKey.MatchString(p.IdempotencyKey) {
		return o2c.ERPAck{}, o2c.Errorf(o2c.CodeInvalid, "idempotency key %q cannot name a file", p.IdempotencyKey)
	}
	name := p.IdempotencyKey + ".json"
	if c.out.Has(name) {
		return o2c.ERPAck{Ref: p.IdempotencyKey, Message: "already in the outbox"}, nil
	}
	event := "payment_applied"
	if p.Reversal {
		event = "payment_reversed"
	}
	body, err := json.MarshalIndent(PaymentExport{IdempotencyKey: p.IdempotencyKey, Event: event, Allocation: p.Allocation,
		Transaction: p.Transaction}, "", "  ")
	if err != nil {
		return o2c.ERPAck{}, fmt.Errorf("encode %s: %w", p.IdempotencyKey, err)
	}
	if err := c.out.Place(name, body); err != nil {
		return o2c.ERPAck{}, err
	}
	if err := c.out.Sync(); err != nil {
		return o2c.ERPAck{}, err
	}
	return o2c.ERPAck{Ref: p.IdempotencyKey, Message: "written to " + c.Dir}, ctx.Err()
}
