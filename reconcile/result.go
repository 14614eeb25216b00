package reconcile

import "github.com/shopspring/decimal"

// Status is what became of a transaction.
type Status string

// Statuses (see the package doc).
const (
	// StatusMatched: applied, and its invoices are settled in full (cash, write-off, discount).
	StatusMatched Status = "matched"
	// StatusPartial: applied; the rest of an invoice stays open, or an overpayment is kept as credit.
	StatusPartial Status = "partial"
	// StatusSuggested: proposed to a person, not applied.
	StatusSuggested Status = "suggested"
	// StatusUnmatched: nothing plausible, or no customer payment.
	StatusUnmatched Status = "unmatched"
)

// Result is the outcome for one transaction.
type Result struct {
	TransactionID string
	Amount        decimal.Decimal // the transaction's amount
	Currency      string
	Status        Status
	CustomerID    string // the customer the allocations belong to; "" when none
	// Allocations are the cash applied (matched, partial) or proposed (suggested) per invoice, in
	// due-date order. With Credit they sum to Amount.
	Allocations []Allocation
	WriteOff    decimal.Decimal // settled without cash as a bank fee or small difference
	Discount    decimal.Decimal // early-payment discount granted
	Credit      decimal.Decimal // paid beyond the invoices, kept as customer credit
	Confidence  float64         // 0..1; not money, so a float
	Reason      string          // why, in words a person can check
}

// Applied reports whether the result was applied without a person.
func (r Result) Applied() bool { return r.Status == StatusMatched || r.Status == StatusPartial }

// Allocation is what one transaction does to one invoice.
type Allocation struct {
	InvoiceNumber string
	Amount        decimal.Decimal // cash applied
	WriteOff      decimal.Decimal // also settled on this invoice as a fee or difference
	Discount      decimal.Decimal // also settled on this invoice as early-payment discount
}
