package o2c

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
)

// DisputeStatus is where a dispute stands. The allowed moves are in disputeTransitions.
type DisputeStatus string

// Dispute statuses.
const (
	// DisputeProposed: o2c suggests it (a short payment); a person confirms it (open) or
	// dismisses it. It does not touch its invoice until confirmed.
	DisputeProposed DisputeStatus = "proposed"
	// DisputeOpen: the customer contests Amount; the invoice is disputed for it.
	DisputeOpen DisputeStatus = "open"
	// DisputeInProgress: its owner is working on it; the invoice stays disputed.
	DisputeInProgress DisputeStatus = "in_progress"
	// DisputeResolved: settled by credit note, write-off or rejection (Resolution); the invoice
	// is released.
	DisputeResolved DisputeStatus = "resolved"
	// DisputeDismissed: a proposal a person turned down; it never touched the invoice.
	DisputeDismissed DisputeStatus = "dismissed"
)

// DisputeStatuses lists every dispute status in life order.
var DisputeStatuses = []DisputeStatus{DisputeProposed, DisputeOpen, DisputeInProgress, DisputeResolved, DisputeDismissed}

// disputeTransitions is the one table of allowed moves of a dispute.
var disputeTransitions = map[DisputeStatus][]DisputeStatus{
	DisputeProposed:   {DisputeOpen, DisputeDismissed},
	DisputeOpen:       {DisputeInProgress, DisputeResolved},
	DisputeInProgress: {DisputeOpen, DisputeResolved},
	DisputeResolved:   {},
	DisputeDismissed:  {},
}

// CanTransitionDispute reports whether a dispute may move from one status to another.
func CanTransitionDispute(from, to DisputeStatus) bool {
	return slices.Contains(disputeTransitions[from], to)
}

// Valid reports whether s is a known dispute status.
func (s DisputeStatus) Valid() bool {
	_, ok := disputeTransitions[s]
	return ok
}

// Active reports whether a dispute in s holds its amount on the invoice.
func (s DisputeStatus) Active() bool { return s == DisputeOpen || s == DisputeInProgress }

// DisputeReason is why the customer contests an invoice.
type DisputeReason string

// Dispute reasons.
const (
	DisputePrice       DisputeReason = "price"        // a price other than agreed
	DisputeQuantity    DisputeReason = "quantity"     // fewer goods received than invoiced
	DisputeDamaged     DisputeReason = "damaged"      // goods arrived damaged
	DisputeNotReceived DisputeReason = "not_received" // goods or the invoice never arrived
	DisputeDuplicate   DisputeReason = "duplicate"    // invoiced twice
	DisputeOther       DisputeReason = "other"        // anything else; the comments say what
)

// DisputeReasons lists every reason.
var DisputeReasons = []DisputeReason{DisputePrice, DisputeQuantity, DisputeDamaged, DisputeNotReceived, DisputeDuplicate, DisputeOther}

// Valid reports whether r is a known reason.
func (r DisputeReason) Valid() bool { return slices.Contains(DisputeReasons, r) }

// DisputeResolution is how a resolved dispute ended.
type DisputeResolution string

// Dispute resolutions.
const (
	// ResolvedByCreditNote: we agree, and a credit note (CreditNoteID) gives the amount back.
	ResolvedByCreditNote DisputeResolution = "credit_note"
	// ResolvedByWriteOff: we let the amount go without a credit note (WrittenOff); it counts
	// as settled on the invoice (its AmountPaid).
	ResolvedByWriteOff DisputeResolution = "write_off"
	// ResolvedByRejection: the customer owes the amount after all.
	ResolvedByRejection DisputeResolution = "rejected"
)

// DisputeResolutions lists every resolution.
var DisputeResolutions = []DisputeResolution{ResolvedByCreditNote, ResolvedByWriteOff, ResolvedByRejection}

// Dispute is a customer contesting an invoice, in whole or in some of its lines.
type Dispute struct {
	// ID is o2c's own key.
	ID int64 `json:"id"`
	// InvoiceID is the invoice contested.
	InvoiceID int64 `json:"invoice_id"`
	// InvoiceNumber is its legal number, for people (set by the store from the invoice).
	InvoiceNumber string `json:"invoice_number"`
	// CustomerID is the invoice's customer.
	CustomerID string `json:"customer_id"`
	// Status is where it stands; see CanTransitionDispute.
	Status DisputeStatus `json:"status"`
	// Reason is why the customer contests it.
	Reason DisputeReason `json:"reason"`
	// Lines are the invoice lines contested; none means the invoice as a whole.
	Lines []DisputeLine `json:"lines"`
	// Amount is what is contested, with VAT, in the invoice's currency; more than zero and at most
	// what is left to pay.
	Amount decimal.Decimal `json:"amount"`
	// Currency is the invoice's ISO 4217 currency.
	Currency string `json:"currency"`
	// Owner is who handles it: a staff login or e-mail address; "" when nobody yet.
	Owner string `json:"owner,omitempty"`
	// DueDate is when it should be settled; zero when none was set.
	DueDate cal.Date `json:"due_date,omitzero"`
	// PaymentRef is, on a dispute proposed for a short payment, the bank transaction's reference:
	// with the invoice, its natural key, so the same payment proposes it once.
	PaymentRef string `json:"payment_ref,omitempty"`
	// Resolution is how it ended, once resolved.
	Resolution DisputeResolution `json:"resolution,omitempty"`
	// ResolutionNote says why, for people.
	ResolutionNote string `json:"resolution_note,omitempty"`
	// CreditNoteID is the credit note of a resolution by credit note.
	CreditNoteID int64 `json:"credit_note_id,omitempty"`
	// WrittenOff is the amount let go by a resolution by write-off; zero otherwise.
	WrittenOff decimal.Decimal `json:"written_off"`
	// Comments are the thread about it, oldest first (read by id only; lists leave them out).
	Comments []DisputeComment `json:"comments,omitempty"`
	// Documents are the files attached, by archive blob (read by id only).
	Documents []DisputeDocument `json:"documents,omitempty"`
	// CreatedBy is who opened or proposed it.
	CreatedBy string `json:"created_by"`
	// ResolvedBy is who resolved or dismissed it.
	ResolvedBy string `json:"resolved_by,omitempty"`
	// Version is the optimistic lock, bumped on every save.
	Version int64 `json:"version"`
	// CreatedAt, UpdatedAt and ResolvedAt are instants (UTC) the store sets.
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
	ResolvedAt time.Time `json:"resolved_at,omitzero"`
}

// DisputeLine is one contested invoice line, by its id (BT-126), and how much of it; a nil
// quantity contests the whole line.
type DisputeLine struct {
	LineID   string           `json:"line_id"`
	Quantity *decimal.Decimal `json:"quantity,omitempty"`
}

// DisputeComment is one message of a dispute's thread.
type DisputeComment struct {
	ID     int64     `json:"id"`
	Author string    `json:"author"`
	At     time.Time `json:"at"` // the store sets it to the transaction's Now
	Text   string    `json:"text"`
}

// DisputeDocument is a file attached to a dispute: an archive entry, by its blob.
type DisputeDocument struct {
	SHA256   string    `json:"sha256"`
	FileName string    `json:"file_name"`
	AddedBy  string    `json:"added_by"`
	AddedAt  time.Time `json:"added_at"` // the store sets it
}

// DisputeFilter selects disputes; zero fields select everything.
type DisputeFilter struct {
	Status     []DisputeStatus // any of these
	InvoiceID  int64
	CustomerID string
	Owner      string
	Offset     int
	Limit      int // 0 means the store's default page size
}

// SentReminder is a dunning reminder that went out: one per invoice and level, ever.
type SentReminder struct {
	InvoiceID int64           `json:"invoice_id"`
	Level     string          `json:"level"` // dunning.Level: friendly, firm, final
	Date      cal.Date        `json:"date"`  // the business day it was sent for
	SentAt    time.Time       `json:"sent_at"`
	To        string          `json:"to"`
	Amount    decimal.Decimal `json:"amount"` // what it asked for
	Currency  string          `json:"currency"`
	Ref       string          `json:"ref,omitempty"` // the mail's Message-ID
	Actor     string          `json:"actor"`
}

// RemindersJob sends the dunning reminders due on Day; the queue runs it daily.
type RemindersJob struct {
	Day cal.Date `json:"day"`
}

// Kind implements JobArgs.
func (RemindersJob) Kind() string { return "reminders" }
