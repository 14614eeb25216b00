package app

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/o2c-project/o2c"
)

// actionInvoicePosted is the audit action of an invoice the ERP took; After holds the ERPAck.
const actionInvoicePosted = "posted_to_erp"

// InvoiceIdempotencyKey is the key an invoice is posted to the ERP under, the same on every try.
func InvoiceIdempotencyKey(id int64) string { return fmt.Sprintf("o2c-invoice-%d", id) }

// PostInvoice is the job of an issued invoice: hand it to the ERP, with the file the customer
// gets, once. The history records the ERP's acknowledgement; a second run finds it and does
// nothing. Without an ERP that takes invoices, nothing is done.
func (s *Invoices) PostInvoice(ctx context.Context, id int64) error {
	if s.ERP == nil {
		return nil
	}
	inv, err := s.Store.FindInvoiceByID(ctx, id)
	if err != nil {
		return err
	}
	if inv.Status == o2c.InvoiceDraft {
		return o2c.Errorf(o2c.CodeInvalid, "draft %d has no number: it is not for the ERP", id)
	}
	events, err := s.Store.FindEvents(ctx, entityInvoice, fmt.Sprint(id))
	if err != nil {
		return fmt.Errorf("history of invoice %d: %w", id, err)
	}
	for _, e := range events {
		if e.Action == actionInvoicePosted {
			return nil
		}
	}
	customer, err := s.Store.FindCustomerByID(ctx, inv.CustomerID)
	if err != nil && o2c.ErrorCode(err) != o2c.CodeNotFound {
		return fmt.Errorf("customer of invoice %d: %w", id, err)
	}
	name, ct, body, err := s.Render(ctx, id, "")
	if err != nil {
		return fmt.Errorf("render invoice %s for the ERP: %w", inv.Number, err)
	}
	ack, err := s.ERP.PostInvoice(ctx, o2c.ERPInvoice{IdempotencyKey: InvoiceIdempotencyKey(id), Invoice: inv,
		Customer: customer, FileName: name, ContentType: ct, File: body})
	if err != nil {
		return fmt.Errorf("post invoice %s to the ERP: %w", inv.Number, err)
	}
	after, err := json.Marshal(ack)
	if err != nil {
		return err
	}
	return s.Store.InTx(ctx, func(tx o2c.Tx) error {
		return tx.AddEvent(ctx, &o2c.AuditEvent{Entity: entityInvoice, EntityID: fmt.Sprint(id), Action: actionInvoicePosted,
			Actor: "job:post_invoice", After: after, Note: "the ERP took it: " + ack.Ref})
	})
}
