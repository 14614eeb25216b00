package webhook

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/o2c-project/o2c"
)

var (
	_ o2c.InvoicePoster = (*Connector)(nil)
	_ o2c.PaymentPoster = (*Connector)(nil)
)

// InvoicePayload is the body of an issued invoice's post: the record (with its EN 16931
// content), the customer, and the file the customer received, in base64.
type InvoicePayload struct {
	IdempotencyKey string        `json:"idempotency_key"`
	Event          string        `json:"event"` // invoice_issued
	Invoice        *o2c.Invoice  `json:"invoice"`
	Customer       *o2c.Customer `json:"customer"`
	File           *InvoiceFile  `json:"file,omitempty"`
	SentAt         time.Time     `json:"sent_at"`
}

// InvoiceFile is the invoice as the customer received it.
type InvoiceFile struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Content     []byte `json:"content"` // base64 in JSON
}

// PostInvoice implements o2c.InvoicePoster: the same signing, retries and answers as PostOrder.
func (c *Connector) PostInvoice(ctx context.Context, req o2c.ERPInvoice) (o2c.ERPAck, error) {
	if req.Invoice == nil {
		return o2c.ERPAck{}, o2c.Errorf(o2c.CodeInvalid, "no invoice to post under %q", req.IdempotencyKey)
	}
	p := InvoicePayload{IdempotencyKey: req.IdempotencyKey, Event: "invoice_issued", Invoice: req.Invoice, Customer: req.Customer}
	if len(req.File) > 0 {
		p.File = &InvoiceFile{Name: req.FileName, ContentType: req.ContentType, Content: req.File}
	}
	return c.deliver(ctx, req.IdempotencyKey, "invoice "+req.Invoice.Number, func(now time.Time) ([]byte, error) {
		p.SentAt = now
		return json.Marshal(p)
	})
}

// PaymentPayload is the body of a payment's post: one allocation of a bank payment to an
// invoice, or its reversal.
type PaymentPayload struct {
	IdempotencyKey string               `json:"idempotency_key"`
	Event          string               `json:"event"` // payment_applied or payment_reversed
	Allocation     *o2c.Allocation      `json:"allocation"`
	Transaction    *o2c.BankTransaction `json:"bank_transaction"`
	SentAt         time.Time            `json:"sent_at"`
}

// PostPayment implements o2c.PaymentPoster.
func (c *Connector) PostPayment(ctx context.Context, pay o2c.ERPPayment) (o2c.ERPAck, error) {
	if pay.Allocation == nil {
		return o2c.ERPAck{}, o2c.Errorf(o2c.CodeInvalid, "no allocation to post under %q", pay.IdempotencyKey)
	}
	p := PaymentPayload{IdempotencyKey: pay.IdempotencyKey, Event: "payment_applied", Allocation: pay.Allocation, Transaction: pay.Transaction}
	if pay.Reversal {
		p.Event = "payment_reversed"
	}
	return c.deliver(ctx, pay.IdempotencyKey, fmt.Sprintf("payment %s", pay.IdempotencyKey), func(now time.Time) ([]byte, error) {
		p.SentAt = now
		return json.Marshal(p)
	})
}
