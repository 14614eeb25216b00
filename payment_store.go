package o2c

import "context"

// PaymentReader reads bank accounts, statements, their transactions and the cash ledger.
type PaymentReader interface {
	// FindBankAccounts lists our bank accounts by id.
	FindBankAccounts(ctx context.Context) ([]*BankAccount, error)
	// FindStatementByID returns one statement. CodeNotFound.
	FindStatementByID(ctx context.Context, id int64) (*BankStatement, error)
	// FindStatements returns one page of statements, newest import first, and the total count.
	FindStatements(ctx context.Context, f StatementFilter) ([]*BankStatement, int, error)
	// FindBankTransactionByID returns one transaction. CodeNotFound.
	FindBankTransactionByID(ctx context.Context, id int64) (*BankTransaction, error)
	// FindBankTransactions returns one page of transactions, in booking order (booking date, id),
	// and the total count.
	FindBankTransactions(ctx context.Context, f BankTxFilter) ([]*BankTransaction, int, error)
	// FindAllocations returns the allocations f selects, oldest first. CodeInvalid when f names
	// neither a transaction nor an invoice and is not Unposted.
	FindAllocations(ctx context.Context, f AllocationFilter) ([]*Allocation, error)
	// FindCustomerCredits returns what a customer has on account, per currency; none is an
	// empty list.
	FindCustomerCredits(ctx context.Context, customerID string) ([]CustomerCredit, error)
	// FindPayerKnowledge lists what manual matches taught, by kind and value.
	FindPayerKnowledge(ctx context.Context) ([]PayerKnowledge, error)
}

// PaymentWriter imports statements and keeps the cash ledger.
type PaymentWriter interface {
	// EnsureBankAccount returns the stored account of a.IBAN (else a.Number), creating it when
	// there is none; it sets a's ID and CreatedAt. The account with neither is where the
	// statements of files that name no account go.
	EnsureBankAccount(ctx context.Context, a *BankAccount) error
	// CreateStatement stores a statement and sets ID and ImportedAt (the transaction's Now).
	// CodeConflict when one with the same natural key exists: nothing is written then, and the
	// transaction goes on.
	CreateStatement(ctx context.Context, s *BankStatement) error
	// SetStatementTransactions records how many transactions a statement brought in.
	SetStatementTransactions(ctx context.Context, id int64, n int) error
	// CreateBankTransaction stores a transaction and sets ID, Version (1) and CreatedAt.
	// CodeConflict when one with the same Key exists: nothing is written then, and the
	// transaction goes on.
	CreateBankTransaction(ctx context.Context, t *BankTransaction) error
	// UpdateBankTransaction saves its status, customer, suggestion, reason, reversal links and
	// matched by/at if Version is still the stored one, then bumps Version. CodeConflict when
	// someone else saved it first, CodeNotFound, CodeInvalid for an unknown status.
	UpdateBankTransaction(ctx context.Context, t *BankTransaction) error
	// CreateAllocation stores an allocation and sets ID and CreatedAt. CodeInvalid for an
	// unknown kind, an amount not > 0 or not whole minor units of its currency.
	CreateAllocation(ctx context.Context, a *Allocation) error
	// ReverseAllocation marks a live allocation reversed, by whom and why, at Now. CodeConflict
	// when it is reversed already, CodeNotFound.
	ReverseAllocation(ctx context.Context, id int64, by, reason string) error
	// MarkAllocationPosted records that the ERP took an allocation (reversal false) or its
	// reversal (true), at Now.
	MarkAllocationPosted(ctx context.Context, id int64, reversal bool) error
	// SavePayerKnowledge inserts or replaces what is known of k.Kind and k.Value, with Now as
	// LearnedAt (set in k). CodeInvalid for an unknown kind or an empty value.
	SavePayerKnowledge(ctx context.Context, k *PayerKnowledge) error
}
