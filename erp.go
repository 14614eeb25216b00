package o2c

import "context"

// ERPConnector posts approved orders to an ERP (a file outbox, a webhook, Tryton over JSON-RPC).
//
// PostOrder is called with the same idempotency key on every retry of one order, so a connector
// must make a repeat a no-op that returns the first acknowledgement. It returns an *Error with
// CodeUnavailable when a later try may succeed (the ERP is down), CodeInvalid when the ERP refuses
// the order for good (the cause goes to the reviewer), and any other error for unexpected failures,
// which are retried with backoff.
type ERPConnector interface {
	Name() string
	PostOrder(ctx context.Context, req ERPPost) (ERPAck, error)
}

// ERPPost is one order to post.
type ERPPost struct {
	IdempotencyKey string // stable per order, e.g. "o2c-order-42"
	Order          *Order
	Customer       *Customer // resolved customer, for connectors that must create parties
}

// ERPAck is the ERP's acknowledgement.
type ERPAck struct {
	Ref     string `json:"ref"`               // the ERP's own reference of the order
	Message string `json:"message,omitempty"` // anything the ERP said
}

// ERPInvoice is one issued invoice or credit note to tell the ERP about: the record, its
// customer, and the file the customer received.
type ERPInvoice struct {
	IdempotencyKey string // stable per invoice: "o2c-invoice-42"
	Invoice        *Invoice
	Customer       *Customer
	FileName       string // the invoice in the customer's format (Factur-X, UBL...)
	ContentType    string
	File           []byte
}

// InvoicePoster is what an ERP connector does when it also takes issued invoices. PostInvoice is
// called with the same key on every retry, so a repeat must be a no-op that answers as the first
// time. CodeUnavailable when a later try may succeed, CodeInvalid when the ERP refuses it.
type InvoicePoster interface {
	PostInvoice(ctx context.Context, req ERPInvoice) (ERPAck, error)
}
