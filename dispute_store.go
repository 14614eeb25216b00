package o2c

import "context"

// DisputeReader reads disputes and the dunning reminders sent.
type DisputeReader interface {
	// FindDisputeByID returns a dispute with its comments and documents. CodeNotFound.
	FindDisputeByID(ctx context.Context, id int64) (*Dispute, error)
	// FindDisputes returns one page of disputes without comments and documents, by due date
	// (none last), then id, and the total count matching f.
	FindDisputes(ctx context.Context, f DisputeFilter) ([]*Dispute, int, error)
	// FindSentReminders returns the reminders sent for the invoices, by invoice then date of
	// sending; none is an empty list.
	FindSentReminders(ctx context.Context, invoiceIDs []int64) ([]SentReminder, error)
}

// DisputeWriter stores disputes and records the reminders sent.
type DisputeWriter interface {
	// CreateDispute stores a new dispute and sets ID, Version (1), InvoiceNumber, CreatedAt and
	// UpdatedAt. CodeNotFound for an unknown invoice; CodeConflict when the invoice has a dispute
	// of the same PaymentRef; CodeInvalid for an unknown status or reason.
	CreateDispute(ctx context.Context, d *Dispute) error
	// UpdateDispute saves d's status, reason, lines, amount, owner, due date and resolution if its
	// Version is still the stored one, then bumps Version and sets UpdatedAt (and ResolvedAt when
	// it became resolved or dismissed). The invoice, customer, currency, payment reference and
	// creation never change. CodeConflict when someone else saved it first, CodeNotFound.
	UpdateDispute(ctx context.Context, d *Dispute) error
	// AddDisputeComment appends c to a dispute's thread and sets its ID and At. CodeNotFound.
	AddDisputeComment(ctx context.Context, disputeID int64, c *DisputeComment) error
	// AddDisputeDocument attaches an archived blob to a dispute and sets AddedAt. CodeNotFound
	// for an unknown dispute, CodeConflict when that blob is attached already.
	AddDisputeDocument(ctx context.Context, disputeID int64, doc *DisputeDocument) error
	// CreateSentReminder records a reminder sent, with SentAt the transaction's Now.
	// CodeConflict when that level of that invoice was recorded already.
	CreateSentReminder(ctx context.Context, r *SentReminder) error
}
