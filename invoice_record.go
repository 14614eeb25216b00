package o2c

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
)

// InvoiceStatus is where an invoice stands in its life. The allowed moves are in
// invoiceTransitions and drawn in docs/state-machines.md.
type InvoiceStatus string

// Invoice statuses.
const (
	// InvoiceDraft: being prepared, or its last issue failed validation (Reason, Faults). It has
	// no number and may still change.
	InvoiceDraft InvoiceStatus = "draft"
	// InvoiceIssued: numbered and final; from here on it is never edited, only a credit note
	// corrects it.
	InvoiceIssued InvoiceStatus = "issued"
	// InvoiceSent: handed to the customer's channel (mailed).
	InvoiceSent InvoiceStatus = "sent"
	// InvoiceDelivered: the channel confirmed delivery (a platform or EDI acknowledgement).
	InvoiceDelivered InvoiceStatus = "delivered"
	// InvoiceBounced: the channel refused it for good; it waits for a corrected address and a resend.
	InvoiceBounced InvoiceStatus = "bounced"
	// InvoiceViewed: the customer opened it (portal, read receipt).
	InvoiceViewed InvoiceStatus = "viewed"
	// InvoicePartiallyPaid: some, not all, of the amount due was received.
	InvoicePartiallyPaid InvoiceStatus = "partially_paid"
	// InvoicePaid: the amount due was received in full.
	InvoicePaid InvoiceStatus = "paid"
	// InvoiceOverdue: past its due date and not paid in full.
	InvoiceOverdue InvoiceStatus = "overdue"
	// InvoiceDisputed: the customer contests it in whole or in part (AmountDisputed).
	InvoiceDisputed InvoiceStatus = "disputed"
	// InvoiceCredited: a credit note cancelled it in full (CreditedByID).
	InvoiceCredited InvoiceStatus = "credited"
)

// InvoiceStatuses lists every invoice status in life order.
var InvoiceStatuses = []InvoiceStatus{
	InvoiceDraft, InvoiceIssued, InvoiceSent, InvoiceDelivered, InvoiceBounced, InvoiceViewed,
	InvoicePartiallyPaid, InvoicePaid, InvoiceOverdue, InvoiceDisputed, InvoiceCredited,
}

// invoiceTransitions is the one table of allowed moves. Payments, disputes and a full credit
// note may come at any time after issue, whatever the channel said; a bounced invoice is sent
// again once its address is fixed; a dispute ends back in the open states.
var invoiceTransitions = map[InvoiceStatus][]InvoiceStatus{
	InvoiceDraft:         {InvoiceIssued},
	InvoiceIssued:        {InvoiceSent, InvoiceBounced, InvoicePartiallyPaid, InvoicePaid, InvoiceOverdue, InvoiceDisputed, InvoiceCredited},
	InvoiceSent:          {InvoiceDelivered, InvoiceBounced, InvoiceViewed, InvoicePartiallyPaid, InvoicePaid, InvoiceOverdue, InvoiceDisputed, InvoiceCredited},
	InvoiceDelivered:     {InvoiceViewed, InvoicePartiallyPaid, InvoicePaid, InvoiceOverdue, InvoiceDisputed, InvoiceCredited},
	InvoiceBounced:       {InvoiceSent, InvoicePartiallyPaid, InvoicePaid, InvoiceOverdue, InvoiceDisputed, InvoiceCredited},
	InvoiceViewed:        {InvoicePartiallyPaid, InvoicePaid, InvoiceOverdue, InvoiceDisputed, InvoiceCredited},
	InvoicePartiallyPaid: {InvoicePaid, InvoiceOverdue, InvoiceDisputed, InvoiceCredited},
	InvoiceOverdue:       {InvoicePartiallyPaid, InvoicePaid, InvoiceDisputed, InvoiceCredited},
	InvoiceDisputed:      {InvoiceSent, InvoicePartiallyPaid, InvoicePaid, InvoiceOverdue, InvoiceCredited},
	InvoicePaid:          {InvoiceCredited},
	InvoiceCredited:      {},
}

// CanTransitionInvoice reports whether an invoice may move from one status to another.
func CanTransitionInvoice(from, to InvoiceStatus) bool {
	return slices.Contains(invoiceTransitions[from], to)
}

// Valid reports whether s is a known invoice status.
func (s InvoiceStatus) Valid() bool {
	_, ok := invoiceTransitions[s]
	return ok
}

// Open reports whether an invoice in s is issued and still waits for (part of) its money.
func (s InvoiceStatus) Open() bool {
	return s != InvoiceDraft && s != InvoicePaid && s != InvoiceCredited && s.Valid()
}

// InvoiceKind says whether a record is an invoice or a credit note.
type InvoiceKind string

// Invoice kinds.
const (
	KindInvoice    InvoiceKind = "invoice"     // a commercial invoice (type code 380)
	KindCreditNote InvoiceKind = "credit_note" // a credit note (381) naming the invoice it corrects (BG-3)
)

// InvoiceFormat is the form a customer receives its invoices in.
type InvoiceFormat string

// Invoice formats.
const (
	FormatPDF     InvoiceFormat = "pdf"     // a PDF for people
	FormatFacturX InvoiceFormat = "facturx" // a PDF/A-3 carrying the CII XML (Factur-X, ZUGFeRD); the default
	FormatUBL     InvoiceFormat = "ubl"     // UBL 2.1, Peppol BIS Billing 3.0
	FormatCII     InvoiceFormat = "cii"     // UN/CEFACT Cross Industry Invoice, EN 16931
	FormatINVOIC  InvoiceFormat = "invoic"  // EDIFACT INVOIC
	Format810     InvoiceFormat = "810"     // ANSI X12 810
)

// InvoiceFormats lists every format, the default first.
var InvoiceFormats = []InvoiceFormat{FormatFacturX, FormatPDF, FormatUBL, FormatCII, FormatINVOIC, Format810}

// InvoicingMode says when a customer is invoiced.
type InvoicingMode string

// Invoicing modes.
const (
	InvoicePerOrder InvoicingMode = "per_order" // one invoice per order, when it ships; the default
	InvoiceWeekly   InvoicingMode = "weekly"    // one invoice a week (Monday to Sunday) for the orders shipped
	InvoiceMonthly  InvoicingMode = "monthly"   // one invoice a calendar month for the orders shipped
)

// InvoicingModes lists every mode, the default first.
var InvoicingModes = []InvoicingMode{InvoicePerOrder, InvoiceWeekly, InvoiceMonthly}

// Invoice is an invoice or credit note as o2c keeps it: its EN 16931 content (package invoice's
// model, kept as JSON since package invoice imports this one), the figures that lists and
// payments need, and where it stands. Once issued, its number, content and totals never change.
type Invoice struct {
	// ID is o2c's own key.
	ID int64 `json:"id"`
	// Number is the legal number (BT-1), gap-free within its series and year; "" while a draft.
	Number string `json:"number,omitempty"`
	// Series is the numbering series' code (INV, CN).
	Series string `json:"series"`
	// Kind is invoice or credit note.
	Kind InvoiceKind `json:"kind"`
	// Status is where it stands; see CanTransitionInvoice.
	Status InvoiceStatus `json:"status"`
	// CustomerID is the buyer, by the ERP's customer key.
	CustomerID string `json:"customer_id"`
	// OrderIDs are the orders it invoices: one, or several of one customer and period; none for a
	// manual invoice or a credit note. An order is invoiced by at most one invoice.
	OrderIDs []int64 `json:"order_ids"`
	// PONumbers are the buyer's order numbers of those orders, for searching.
	PONumbers []string `json:"po_numbers,omitempty"`
	// Document is the EN 16931 content: package invoice's Invoice as JSON, calculated.
	Document json.RawMessage `json:"document"`
	// Currency is the ISO 4217 currency of every amount (BT-5).
	Currency string `json:"currency"`
	// IssueDate is the legal date of issue (BT-2); for a draft, the date it was prepared.
	IssueDate cal.Date `json:"issue_date"`
	// DueDate is when payment is due (BT-9): the issue date plus the customer's payment terms.
	DueDate cal.Date `json:"due_date,omitzero"`
	// NetTotal is the total without VAT (BT-109).
	NetTotal decimal.Decimal `json:"net_total"`
	// VATTotal is the VAT (BT-110).
	VATTotal decimal.Decimal `json:"vat_total"`
	// GrossTotal is the total with VAT (BT-112).
	GrossTotal decimal.Decimal `json:"gross_total"`
	// AmountDue is what the buyer is asked to pay (BT-115).
	AmountDue decimal.Decimal `json:"amount_due"`
	// AmountPaid is what was received so far; payments set it.
	AmountPaid decimal.Decimal `json:"amount_paid"`
	// AmountDisputed is what the customer contests.
	AmountDisputed decimal.Decimal `json:"amount_disputed"`
	// CorrectsID is, on a credit note, the invoice it corrects (BG-3); 0 otherwise.
	CorrectsID int64 `json:"corrects_id,omitempty"`
	// CreditedByID is, on an invoice cancelled in full, the credit note that did it.
	CreditedByID int64 `json:"credited_by_id,omitempty"`
	// Format is the form it is sent in (the customer's format when issued).
	Format InvoiceFormat `json:"format"`
	// Language is the language of what people read on it and in its mail (en, fr, de).
	Language string `json:"language,omitempty"`
	// Reason is, on a draft, why it could not be issued; on a credit note, why it was made.
	Reason string `json:"reason,omitempty"`
	// Faults are the rules a draft broke when it was last issued.
	Faults []Fault `json:"faults,omitempty"`
	// Version is the optimistic lock, bumped on every save.
	Version int64 `json:"version"`
	// CreatedAt is when it was first stored (UTC).
	CreatedAt time.Time `json:"created_at"`
	// UpdatedAt is its last change (UTC).
	UpdatedAt time.Time `json:"updated_at"`
	// IssuedAt is when it was numbered (UTC).
	IssuedAt time.Time `json:"issued_at,omitzero"`
	// SentAt is when it was last sent (UTC).
	SentAt time.Time `json:"sent_at,omitzero"`
}

// Balance is what is still to be paid: the amount due less what was paid.
func (inv *Invoice) Balance() decimal.Decimal { return inv.AmountDue.Sub(inv.AmountPaid) }

// InvoiceFilter selects invoices; zero fields select everything.
type InvoiceFilter struct {
	Status     []InvoiceStatus // any of these
	Kind       InvoiceKind
	CustomerID string
	OrderID    int64 // the invoice of this order
	CorrectsID int64 // the credit notes of this invoice
	IssuedFrom cal.Date
	IssuedTo   cal.Date // inclusive
	// DueBefore selects open invoices (issued, not paid nor credited) due strictly before this
	// date: the overdue ones, given today.
	DueBefore cal.Date
	Query     string // free text over the number and the PO numbers
	Offset    int
	Limit     int // 0 means the store's default page size
}

// InvoicingSettings says how one customer is invoiced. A customer without settings gets
// DefaultInvoicingSettings.
type InvoicingSettings struct {
	// CustomerID is the customer, by the ERP's key.
	CustomerID string `json:"customer_id"`
	// Mode is one invoice per order on shipment, or one per week or month.
	Mode InvoicingMode `json:"mode"`
	// Format is the form the invoices are sent in.
	Format InvoiceFormat `json:"format"`
	// Language of the invoice mail and printed labels; "" follows the customer's country.
	Language string `json:"language,omitempty"`
	// Email is where invoices are mailed; "" means the customer's own e-mail address.
	Email string `json:"email,omitempty"`
	// Reminders: whether overdue invoices are followed up.
	Reminders bool `json:"reminders"`
	// UpdatedBy is who changed them last.
	UpdatedBy string `json:"updated_by,omitempty"`
	// UpdatedAt is when they were changed last (UTC); the store sets it.
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// DefaultInvoicingSettings are the settings of a customer that has none: per order, Factur-X,
// to the customer's address, with reminders.
func DefaultInvoicingSettings(customerID string) InvoicingSettings {
	return InvoicingSettings{CustomerID: customerID, Mode: InvoicePerOrder, Format: FormatFacturX, Reminders: true}
}

// InvoiceOrderJob invoices one order that shipped (or was delivered), when its customer is
// invoiced per order.
type InvoiceOrderJob struct {
	OrderID int64 `json:"order_id"`
}

// Kind implements JobArgs.
func (InvoiceOrderJob) Kind() string { return "invoice_order" }

// SendInvoiceJob sends one issued invoice to its customer: an outside effect, so its own boundary.
type SendInvoiceJob struct {
	InvoiceID int64 `json:"invoice_id"`
}

// Kind implements JobArgs.
func (SendInvoiceJob) Kind() string { return "send_invoice" }

// PostInvoiceJob tells the ERP about one issued invoice or credit note: an outside effect, so its
// own boundary.
type PostInvoiceJob struct {
	InvoiceID int64 `json:"invoice_id"`
}

// Kind implements JobArgs.
func (PostInvoiceJob) Kind() string { return "post_invoice" }

// InvoicePeriodsJob issues the weekly and monthly invoices of the periods that ended before Day,
// and marks overdue invoices; the queue runs it daily.
type InvoicePeriodsJob struct {
	Day cal.Date `json:"day"`
}

// Kind implements JobArgs.
func (InvoicePeriodsJob) Kind() string { return "invoice_periods" }
