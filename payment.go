package o2c

import (
	"context"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
)

// BankAccount is one of our own bank accounts, as the statements name it.
type BankAccount struct {
	// ID is o2c's own key.
	ID int64 `json:"id"`
	// IBAN is the account's IBAN, upper case without spaces; "" when the bank gives another number.
	IBAN string `json:"iban,omitempty"`
	// Number is the account number as the bank writes it when there is no IBAN (MT940 "BLZ/account").
	Number string `json:"number,omitempty"`
	// Currency is the account's ISO 4217 currency.
	Currency string `json:"currency"`
	// Name is the owner's name as the bank writes it, or a name a person gave.
	Name string `json:"name,omitempty"`
	// CreatedAt is when o2c first saw it (UTC).
	CreatedAt time.Time `json:"created_at"`
}

// BankStatement is one statement (or report, or notification) imported from a bank file.
type BankStatement struct {
	// ID is o2c's own key.
	ID int64 `json:"id"`
	// AccountID is the bank account it is for.
	AccountID int64 `json:"account_id"`
	// NaturalKey makes a second import of the statement a no-op: the account, format, the bank's
	// statement id and sequence; or the file's SHA-256 and position when the bank gives no id.
	NaturalKey string `json:"natural_key"`
	// Format is the syntax it was read from (camt.053, mt940, csv...).
	Format string `json:"format"`
	// BankID is the bank's own identification of the statement (camt Stmt/Id, MT940 :20:).
	BankID string `json:"bank_id,omitempty"`
	// Sequence is the statement number (camt ElctrncSeqNb, MT940 :28C:).
	Sequence string `json:"sequence,omitempty"`
	// From and To are the days it covers, when the bank says.
	From cal.Date `json:"from,omitzero"`
	To   cal.Date `json:"to,omitzero"`
	// Currency is the account's currency, that of both balances.
	Currency string `json:"currency"`
	// Opening and Closing are the booked balances, signed (negative for an overdraft); nil when
	// the format has none (camt.054, MT942).
	Opening *decimal.Decimal `json:"opening,omitempty"`
	Closing *decimal.Decimal `json:"closing,omitempty"`
	// FileName is the name of the file it came in; SHA256 the hex digest of that file's bytes.
	FileName string `json:"file_name"`
	SHA256   string `json:"sha256"`
	// Position is its 0-based place among the statements of that file.
	Position int `json:"position"`
	// Faults say what does not add up (opening + entries != closing, a batch that does not sum):
	// a flagged statement is kept, and a person looks at it.
	Faults []Fault `json:"faults"`
	// Transactions is how many transactions it brought in (not those it repeated).
	Transactions int `json:"transactions"`
	// ImportedBy is who imported it; ImportedAt when (UTC).
	ImportedBy string    `json:"imported_by"`
	ImportedAt time.Time `json:"imported_at"`
}

// Flagged reports whether the statement does not add up and waits for a person.
func (s *BankStatement) Flagged() bool { return len(s.Faults) > 0 }

// BankTxStatus is where a bank transaction stands in reconciliation.
type BankTxStatus string

// Bank transaction statuses.
const (
	// BankTxUnmatched: nothing applied and nothing proposed; a person may match it by hand.
	BankTxUnmatched BankTxStatus = "unmatched"
	// BankTxSuggested: the engine proposes allocations (Suggestion) that a person accepts or not.
	BankTxSuggested BankTxStatus = "suggested"
	// BankTxMatched: all of its money is allocated (to invoices or to customer credit).
	BankTxMatched BankTxStatus = "matched"
	// BankTxPartial: some of its money is allocated, the rest is not yet.
	BankTxPartial BankTxStatus = "partial"
	// BankTxIgnored: no customer payment (a debit, a bank reversal, a credit the bank took back,
	// or one a person set aside).
	BankTxIgnored BankTxStatus = "ignored"
)

// BankTxStatuses lists every status.
var BankTxStatuses = []BankTxStatus{BankTxUnmatched, BankTxSuggested, BankTxMatched, BankTxPartial, BankTxIgnored}

// Valid reports whether s is a known status.
func (s BankTxStatus) Valid() bool {
	switch s {
	case BankTxUnmatched, BankTxSuggested, BankTxMatched, BankTxPartial, BankTxIgnored:
		return true
	}
	return false
}

// BankTransaction is one payment on a statement: an entry, or one payment of a batch entry.
type BankTransaction struct {
	// ID is o2c's own key.
	ID int64 `json:"id"`
	// StatementID and AccountID say where it was booked.
	StatementID int64 `json:"statement_id"`
	AccountID   int64 `json:"account_id"`
	// Key is its natural key (bank.Entry.Key, with "/n" for the n-th payment of a batch): the
	// same payment imported twice is stored once.
	Key string `json:"key"`
	// BookingDate is the day the bank booked it; ValueDate the day the money counts from.
	BookingDate cal.Date `json:"booking_date,omitzero"`
	ValueDate   cal.Date `json:"value_date,omitzero"`
	// Amount is never negative; Credit says which way it went.
	Amount   decimal.Decimal `json:"amount"`
	Currency string          `json:"currency"`
	// Credit is true for money in, false for money out.
	Credit bool `json:"credit"`
	// Reversal marks a booking that undoes an earlier one (the reversal of a credit is a debit).
	Reversal bool `json:"reversal"`
	// CounterpartyName and CounterpartyIBAN are the payer of a credit, the payee of a debit.
	CounterpartyName string `json:"counterparty_name,omitempty"`
	CounterpartyIBAN string `json:"counterparty_iban,omitempty"`
	// EndToEndID, BankRef and CreditorRef are the references the bank passes on.
	EndToEndID  string `json:"end_to_end_id,omitempty"`
	BankRef     string `json:"bank_ref,omitempty"`
	CreditorRef string `json:"creditor_ref,omitempty"`
	// Remittance is the unstructured remittance text, its lines joined by "\n".
	Remittance string `json:"remittance,omitempty"`
	// Info is the bank's own text of the entry.
	Info string `json:"info,omitempty"`
	// ReturnReason is the ISO code of a returned payment (AC04...).
	ReturnReason string `json:"return_reason,omitempty"`
	// Status is where it stands in reconciliation.
	Status BankTxStatus `json:"status"`
	// CustomerID is the customer it was matched or proposed to; "" when none.
	CustomerID string `json:"customer_id,omitempty"`
	// Suggestion is what the engine proposes while Status is suggested.
	Suggestion *PaymentSuggestion `json:"suggestion,omitempty"`
	// Reason says in words why it stands where it is (the engine's reason, a person's note).
	Reason string `json:"reason,omitempty"`
	// ReversedByID is, on a credit the bank took back, the reversal entry that did it; ReversesID
	// is, on that reversal entry, the credit it takes back.
	ReversedByID int64 `json:"reversed_by_id,omitempty"`
	ReversesID   int64 `json:"reverses_id,omitempty"`
	// MatchedBy and MatchedAt say who last applied, reversed or set it aside, and when (UTC).
	MatchedBy string    `json:"matched_by,omitempty"`
	MatchedAt time.Time `json:"matched_at,omitzero"`
	// Version is the optimistic lock, bumped on every save.
	Version int64 `json:"version"`
	// CreatedAt is when it was imported (UTC).
	CreatedAt time.Time `json:"created_at"`
}

// Signed is the amount with its sign: negative for money out.
func (t *BankTransaction) Signed() decimal.Decimal {
	if t.Credit {
		return t.Amount
	}
	return t.Amount.Neg()
}

// PaymentSuggestion is the engine's proposal for a transaction it did not apply on its own.
type PaymentSuggestion struct {
	Allocations []AllocationInput `json:"allocations"`
	Confidence  string            `json:"confidence"` // 0..1 with two places, as text: no float in the store
	Reason      string            `json:"reason"`
}

// AllocationKind says what an allocation does.
type AllocationKind string

// Allocation kinds.
const (
	// AllocPayment: cash of the transaction applied to an invoice.
	AllocPayment AllocationKind = "payment"
	// AllocWriteOff: settled on an invoice with no cash (a bank fee, a small difference).
	AllocWriteOff AllocationKind = "write_off"
	// AllocDiscount: an early-payment discount granted on an invoice.
	AllocDiscount AllocationKind = "discount"
	// AllocCredit: cash of the transaction kept on the customer's account (an overpayment).
	AllocCredit AllocationKind = "credit"
)

// Valid reports whether k is a known kind.
func (k AllocationKind) Valid() bool {
	switch k {
	case AllocPayment, AllocWriteOff, AllocDiscount, AllocCredit:
		return true
	}
	return false
}

// Cash reports whether the kind uses the transaction's money (payment, credit): the cash
// allocations of a transaction never sum to more than its amount.
func (k AllocationKind) Cash() bool { return k == AllocPayment || k == AllocCredit }

// Settles reports whether the kind reduces what an invoice owes (payment, write-off, discount):
// an invoice's AmountPaid is the sum of its live allocations of these kinds.
func (k AllocationKind) Settles() bool {
	return k == AllocPayment || k == AllocWriteOff || k == AllocDiscount
}

// AllocationInput is one allocation asked for: by a person, or by the engine.
type AllocationInput struct {
	// Kind is payment when empty.
	Kind AllocationKind `json:"kind,omitempty"`
	// InvoiceID or InvoiceNumber names the invoice; neither for a credit.
	InvoiceID     int64  `json:"invoice_id,omitempty"`
	InvoiceNumber string `json:"invoice_number,omitempty"`
	// CustomerID is whose account a credit goes to; for the other kinds it is the invoice's.
	CustomerID string          `json:"customer_id,omitempty"`
	Amount     decimal.Decimal `json:"amount"`
}

// Allocation is one line of the cash ledger: what one bank transaction did to one invoice or to a
// customer's credit. It is never changed but to reverse it, and a reversed one stays as it was.
type Allocation struct {
	// ID is o2c's own key.
	ID int64 `json:"id"`
	// TransactionID is the bank transaction it comes from.
	TransactionID int64 `json:"transaction_id"`
	// InvoiceID is the invoice it settles; 0 for a credit.
	InvoiceID int64 `json:"invoice_id,omitempty"`
	// InvoiceNumber is that invoice's number, for people and the ERP.
	InvoiceNumber string `json:"invoice_number,omitempty"`
	// CustomerID is the customer whose invoice or credit it is.
	CustomerID string `json:"customer_id"`
	// Kind says what it does; Amount is how much (> 0), in Currency (the transaction's).
	Kind     AllocationKind  `json:"kind"`
	Amount   decimal.Decimal `json:"amount"`
	Currency string          `json:"currency"`
	// CreatedBy and CreatedAt: who applied it and when (UTC).
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	// ReversedAt, ReversedBy and ReversalReason are set once it is undone; a reversed allocation
	// counts nowhere.
	ReversedAt     time.Time `json:"reversed_at,omitzero"`
	ReversedBy     string    `json:"reversed_by,omitempty"`
	ReversalReason string    `json:"reversal_reason,omitempty"`
	// PostedAt is when the ERP took it; ReversalPostedAt when it took its reversal. Zero while
	// waiting.
	PostedAt         time.Time `json:"posted_at,omitzero"`
	ReversalPostedAt time.Time `json:"reversal_posted_at,omitzero"`
}

// Live reports whether the allocation counts: it was not reversed.
func (a *Allocation) Live() bool { return a.ReversedAt.IsZero() }

// CustomerCredit is what a customer has on account in one currency: its live credit allocations.
type CustomerCredit struct {
	CustomerID string          `json:"customer_id"`
	Currency   string          `json:"currency"`
	Amount     decimal.Decimal `json:"amount"`
}

// PayerKnowledge is one thing learned about payers from a person's manual match: an IBAN that
// pays for a customer, or a name it pays under.
type PayerKnowledge struct {
	// Kind is "iban" or "name"; Value the IBAN (upper case, no spaces) or the name as written.
	Kind  string `json:"kind"`
	Value string `json:"value"`
	// CustomerID is the customer it identifies.
	CustomerID string `json:"customer_id"`
	// LearnedBy and LearnedAt: whose match taught it, and when (UTC).
	LearnedBy string    `json:"learned_by"`
	LearnedAt time.Time `json:"learned_at"`
}

// Kinds of payer knowledge.
const (
	PayerIBAN = "iban"
	PayerName = "name"
)

// StatementFilter selects statements; zero fields select everything.
type StatementFilter struct {
	AccountID int64
	SHA256    string // the statements of one file
	Flagged   bool   // only those that do not add up
	Offset    int
	Limit     int // 0 means the store's default page size
}

// BankTxFilter selects bank transactions; zero fields select everything.
type BankTxFilter struct {
	StatementID int64
	AccountID   int64
	Status      []BankTxStatus // any of these
	// Credit, when set, selects money in (true) or money out (false).
	Credit *bool
	// Amount and Currency, when set, select that exact amount (a reversal's candidates).
	Amount   *decimal.Decimal
	Currency string
	// NotReversed leaves out credits the bank took back.
	NotReversed bool
	Offset      int
	Limit       int // 0 means the store's default page size
}

// AllocationFilter selects allocations, oldest first; at least one of the ids is set.
type AllocationFilter struct {
	TransactionID int64
	InvoiceID     int64
	LiveOnly      bool // leave out reversed ones
	// Unposted selects those whose application, or reversal, the ERP has not taken yet.
	Unposted bool
	Limit    int // 0 means all
}

// ERPPayment is one allocation, or its reversal, to tell the ERP about.
type ERPPayment struct {
	// IdempotencyKey is stable per allocation and direction: "o2c-payment-42", and
	// "o2c-payment-42-reversal" for its reversal.
	IdempotencyKey string
	Allocation     *Allocation
	Transaction    *BankTransaction
	Reversal       bool
}

// PaymentPoster is what an ERP connector does when it also takes payments. PostPayment is called
// with the same key on every retry, so a repeat must be a no-op that answers as the first time.
// CodeUnavailable when a later try may succeed.
type PaymentPoster interface {
	PostPayment(ctx context.Context, p ERPPayment) (ERPAck, error)
}
