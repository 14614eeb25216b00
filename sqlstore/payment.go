package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/money"
)

// Statements and transactions are deduplicated with INSERT ... ON CONFLICT DO NOTHING rather than
// by catching the unique violation: on PostgreSQL a failed statement aborts the whole
// transaction, and an import must go on past the entries it has seen before.

// Page sizes of FindStatements and FindBankTransactions.
const (
	DefaultBankLimit = 100
	MaxBankLimit     = 1000
)

// minor converts an amount to minor units of cur; an amount finer than the currency is invalid.
func minor(cur string, d decimal.Decimal, what string) (int64, error) {
	n, err := money.Currency(cur).ToMinor(d)
	if err != nil {
		return 0, o2c.Errorf(o2c.CodeInvalid, "%s: %s", what, err.Error())
	}
	return n, nil
}

// EnsureBankAccount returns the account of a.IBAN and a.Number, creating it when there is none.
func (t *tx) EnsureBankAccount(ctx context.Context, a *o2c.BankAccount) error {
	_, err := t.exec(ctx, `INSERT INTO bank_accounts (iban, number, currency, name, created_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (iban, number) DO NOTHING`,
		a.IBAN, a.Number, a.Currency, a.Name, t.instant(t.now))
	if err != nil {
		return fmt.Errorf("create bank account %s%s: %w", a.IBAN, a.Number, err)
	}
	err = t.queryRow(ctx, `SELECT id, currency, name, created_at FROM bank_accounts WHERE iban = $1 AND number = $2`,
		a.IBAN, a.Number).Scan(&a.ID, &a.Currency, &a.Name, instantScanner{&a.CreatedAt})
	if err != nil {
		return fmt.Errorf("find bank account %s%s: %w", a.IBAN, a.Number, err)
	}
	return nil
}

// FindBankAccounts lists the accounts by id.
func (r *reader) FindBankAccounts(ctx context.Context) ([]*o2c.BankAccount, error) {
	rows, err := r.query(ctx, `SELECT id, iban, number, currency, name, created_at FROM bank_accounts ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("find bank accounts: %w", err)
	}
	defer rows.Close()
	var out []*o2c.BankAccount
	for rows.Next() {
		var a o2c.BankAccount
		if err := rows.Scan(&a.ID, &a.IBAN, &a.Number, &a.Currency, &a.Name, instantScanner{&a.CreatedAt}); err != nil {
			return nil, fmt.Errorf("find bank accounts: %w", err)
		}
		out = append(out, &a)
	}
	return out, rows.Err()
}

const statementColumns = `id, account_id, natural_key, format, bank_id, sequence, date_from, date_to, currency,
	opening, closing, file_name, sha256, position, faults, transactions, imported_by, imported_at`

func scanStatement(s rowScanner) (*o2c.BankStatement, error) {
	var (
		st               o2c.BankStatement
		opening, closing sql.NullInt64
		faults           string
	)
	err := s.Scan(&st.ID, &st.AccountID, &st.NaturalKey, &st.Format, &st.BankID, &st.Sequence, &st.From, &st.To,
		&st.Currency, &opening, &closing, &st.FileName, &st.SHA256, &st.Position, &faults, &st.Transactions,
		&st.ImportedBy, instantScanner{&st.ImportedAt})
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(faults), &st.Faults); err != nil {
		return nil, fmt.Errorf("statement %d faults: %w", st.ID, err)
	}
	cur := money.Currency(st.Currency)
	for _, b := range []struct {
		n   sql.NullInt64
		dst **decimal.Decimal
	}{{opening, &st.Opening}, {closing, &st.Closing}} {
		if b.n.Valid {
			d := cur.FromMinor(b.n.Int64)
			*b.dst = &d
		}
	}
	return &st, nil
}

// CreateStatement stores a statement unless one with its natural key exists (CodeConflict).
func (t *tx) CreateStatement(ctx context.Context, s *o2c.BankStatement) error {
	faults := s.Faults
	if faults == nil {
		faults = []o2c.Fault{}
	}
	faultsText, err := jsonText(faults)
	if err != nil {
		return err
	}
	balance := func(d *decimal.Decimal, what string) (any, error) {
		if d == nil {
			return nil, nil
		}
		return minor(s.Currency, *d, what)
	}
	opening, err := balance(s.Opening, "opening balance")
	if err != nil {
		return err
	}
	closing, err := balance(s.Closing, "closing balance")
	if err != nil {
		return err
	}
	err = t.queryRow(ctx, `INSERT INTO bank_statements (account_id, natural_key, format, bank_id, sequence, date_from,
			date_to, currency, opening, closing, file_name, sha256, position, faults, flagged, transactions, imported_by,
			imported_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
		ON CONFLICT (natural_key) DO NOTHING RETURNING id`,
		s.AccountID, s.NaturalKey, s.Format, s.BankID, s.Sequence, s.From, s.To, s.Currency, opening, closing,
		s.FileName, s.SHA256, s.Position, faultsText, len(s.Faults) > 0, s.Transactions, s.ImportedBy,
		t.instant(t.now)).Scan(&s.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return o2c.Errorf(o2c.CodeConflict, "statement %s was imported already", s.NaturalKey)
	} else if err != nil {
		return fmt.Errorf("create statement %s: %w", s.NaturalKey, err)
	}
	s.ImportedAt, s.Faults = t.now, faults
	return nil
}

// SetStatementTransactions records how many transactions a statement brought in.
func (t *tx) SetStatementTransactions(ctx context.Context, id int64, n int) error {
	if _, err := t.exec(ctx, `UPDATE bank_statements SET transactions = $1 WHERE id = $2`, n, id); err != nil {
		return fmt.Errorf("count transactions of statement %d: %w", id, err)
	}
	return nil
}

// FindStatementByID returns one statement. CodeNotFound.
func (r *reader) FindStatementByID(ctx context.Context, id int64) (*o2c.BankStatement, error) {
	st, err := scanStatement(r.queryRow(ctx, `SELECT `+statementColumns+` FROM bank_statements WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, o2c.Errorf(o2c.CodeNotFound, "statement %d not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("find statement %d: %w", id, err)
	}
	return st, nil
}

// FindStatements returns one page of statements, newest import first, and the total count.
func (r *reader) FindStatements(ctx context.Context, f o2c.StatementFilter) ([]*o2c.BankStatement, int, error) {
	var w where
	if f.AccountID != 0 {
		w.add("account_id = " + w.arg(f.AccountID))
	}
	if f.SHA256 != "" {
		w.add("sha256 = " + w.arg(f.SHA256))
	}
	if f.Flagged {
		w.add("flagged = " + w.arg(true))
	}
	limit, offset := pageOf(f.Limit, f.Offset)
	filter, n := w.sql(), len(w.args)
	rows, err := r.query(ctx, `SELECT `+statementColumns+` FROM bank_statements`+filter+
		` ORDER BY imported_at DESC, id DESC LIMIT `+w.arg(limit)+` OFFSET `+w.arg(offset), w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find statements: %w", err)
	}
	defer rows.Close()
	var out []*o2c.BankStatement
	for rows.Next() {
		st, err := scanStatement(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("find statements: %w", err)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find statements: %w", err)
	}
	var total int
	if err := r.queryRow(ctx, `SELECT count(*) FROM bank_statements`+filter, w.args[:n]...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count statements: %w", err)
	}
	return out, total, nil
}

func pageOf(limit, offset int) (int, int) {
	if limit <= 0 {
		limit = DefaultBankLimit
	}
	return min(limit, MaxBankLimit), max(offset, 0)
}

const bankTxColumns = `id, statement_id, account_id, natural_key, booking_date, value_date, amount, currency, credit,
	reversal, counterparty_name, counterparty_iban, end_to_end_id, bank_ref, creditor_ref, remittance, info,
	return_reason, status, customer_id, suggestion, reason, reversed_by_id, reverses_id, matched_by, matched_at,
	version, created_at`

func scanBankTx(s rowScanner) (*o2c.BankTransaction, error) {
	var (
		t                    o2c.BankTransaction
		amount               int64
		suggestion           *string
		reversedBy, reverses sql.NullInt64
	)
	err := s.Scan(&t.ID, &t.StatementID, &t.AccountID, &t.Key, &t.BookingDate, &t.ValueDate, &amount, &t.Currency,
		&t.Credit, &t.Reversal, &t.CounterpartyName, &t.CounterpartyIBAN, &t.EndToEndID, &t.BankRef, &t.CreditorRef,
		&t.Remittance, &t.Info, &t.ReturnReason, &t.Status, &t.CustomerID, &suggestion, &t.Reason, &reversedBy,
		&reverses, &t.MatchedBy, instantScanner{&t.MatchedAt}, &t.Version, instantScanner{&t.CreatedAt})
	if err != nil {
		return nil, err
	}
	t.Amount = money.Currency(t.Currency).FromMinor(amount)
	t.ReversedByID, t.ReversesID = reversedBy.Int64, reverses.Int64
	if suggestion != nil {
		t.Suggestion = &o2c.PaymentSuggestion{}
		if err := json.Unmarshal([]byte(*suggestion), t.Suggestion); err != nil {
			return nil, fmt.Errorf("bank transaction %d suggestion: %w", t.ID, err)
		}
	}
	return &t, nil
}

// CreateBankTransaction stores a transaction unless one with its key exists (CodeConflict).
func (t *tx) CreateBankTransaction(ctx context.Context, b *o2c.BankTransaction) error {
	if !b.Status.Valid() {
		return o2c.Errorf(o2c.CodeInvalid, "bank transaction status %q is unknown", b.Status)
	}
	amount, err := minor(b.Currency, b.Amount, "transaction "+b.Key)
	if err != nil {
		return err
	}
	suggestion, err := suggestionText(b.Suggestion)
	if err != nil {
		return err
	}
	err = t.queryRow(ctx, `INSERT INTO bank_transactions (statement_id, account_id, natural_key, booking_date,
			value_date, amount, currency, credit, reversal, counterparty_name, counterparty_iban, end_to_end_id, bank_ref,
			creditor_ref, remittance, info, return_reason, status, customer_id, suggestion, reason, reversed_by_id,
			reverses_id, matched_by, matched_at, version, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
			$23, $24, $25, 1, $26)
		ON CONFLICT (natural_key) DO NOTHING RETURNING id`,
		b.StatementID, b.AccountID, b.Key, b.BookingDate, b.ValueDate, amount, b.Currency, b.Credit, b.Reversal,
		b.CounterpartyName, b.CounterpartyIBAN, b.EndToEndID, b.BankRef, b.CreditorRef, b.Remittance, b.Info,
		b.ReturnReason, b.Status, b.CustomerID, suggestion, b.Reason, idOrNull(b.ReversedByID), idOrNull(b.ReversesID),
		b.MatchedBy, t.instant(b.MatchedAt), t.instant(t.now)).Scan(&b.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return o2c.Errorf(o2c.CodeConflict, "bank transaction %s was imported already", b.Key)
	} else if err != nil {
		return fmt.Errorf("create bank transaction %s: %w", b.Key, err)
	}
	b.Version, b.CreatedAt = 1, t.now
	if !b.MatchedAt.IsZero() {
		b.MatchedAt = storedInstant(b.MatchedAt)
	}
	return nil
}

func suggestionText(s *o2c.PaymentSuggestion) (any, error) {
	if s == nil {
		return nil, nil
	}
	return jsonText(s)
}

// UpdateBankTransaction saves what reconciliation changes, under the version.
func (t *tx) UpdateBankTransaction(ctx context.Context, b *o2c.BankTransaction) error {
	if !b.Status.Valid() {
		return o2c.Errorf(o2c.CodeInvalid, "bank transaction status %q is unknown", b.Status)
	}
	suggestion, err := suggestionText(b.Suggestion)
	if err != nil {
		return err
	}
	res, err := t.exec(ctx, `UPDATE bank_transactions SET status = $1, customer_id = $2, suggestion = $3, reason = $4,
			reversed_by_id = $5, reverses_id = $6, matched_by = $7, matched_at = $8, version = version + 1
		WHERE id = $9 AND version = $10`,
		b.Status, b.CustomerID, suggestion, b.Reason, idOrNull(b.ReversedByID), idOrNull(b.ReversesID), b.MatchedBy,
		t.instant(b.MatchedAt), b.ID, b.Version)
	if err != nil {
		return fmt.Errorf("update bank transaction %d: %w", b.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("update bank transaction %d: %w", b.ID, err)
	} else if n == 0 {
		if _, err := t.FindBankTransactionByID(ctx, b.ID); err != nil {
			return err
		}
		return o2c.Errorf(o2c.CodeConflict, "bank transaction %d was changed by someone else: reload it", b.ID)
	}
	b.Version++
	if !b.MatchedAt.IsZero() {
		b.MatchedAt = storedInstant(b.MatchedAt)
	}
	return nil
}

// FindBankTransactionByID returns one transaction. CodeNotFound.
func (r *reader) FindBankTransactionByID(ctx context.Context, id int64) (*o2c.BankTransaction, error) {
	b, err := scanBankTx(r.queryRow(ctx, `SELECT `+bankTxColumns+` FROM bank_transactions WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, o2c.Errorf(o2c.CodeNotFound, "bank transaction %d not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("find bank transaction %d: %w", id, err)
	}
	return b, nil
}

// FindBankTransactions returns one page of transactions in booking order and the total count.
func (r *reader) FindBankTransactions(ctx context.Context, f o2c.BankTxFilter) ([]*o2c.BankTransaction, int, error) {
	var w where
	if f.StatementID != 0 {
		w.add("statement_id = " + w.arg(f.StatementID))
	}
	if f.AccountID != 0 {
		w.add("account_id = " + w.arg(f.AccountID))
	}
	if len(f.Status) > 0 {
		ph := make([]string, len(f.Status))
		for i, s := range f.Status {
			ph[i] = w.arg(s)
		}
		w.add("status IN (" + strings.Join(ph, ", ") + ")")
	}
	if f.Credit != nil {
		w.add("credit = " + w.arg(*f.Credit))
	}
	if f.Amount != nil {
		n, err := minor(f.Currency, *f.Amount, "amount filter")
		if err != nil {
			return nil, 0, err
		}
		w.add("currency = " + w.arg(f.Currency) + " AND amount = " + w.arg(n))
	} else if f.Currency != "" {
		w.add("currency = " + w.arg(f.Currency))
	}
	if f.NotReversed {
		w.add("reversed_by_id IS NULL")
	}
	limit, offset := pageOf(f.Limit, f.Offset)
	filter, n := w.sql(), len(w.args)
	rows, err := r.query(ctx, `SELECT `+bankTxColumns+` FROM bank_transactions`+filter+
		` ORDER BY booking_date, id LIMIT `+w.arg(limit)+` OFFSET `+w.arg(offset), w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find bank transactions: %w", err)
	}
	defer rows.Close()
	var out []*o2c.BankTransaction
	for rows.Next() {
		b, err := scanBankTx(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("find bank transactions: %w", err)
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find bank transactions: %w", err)
	}
	var total int
	if err := r.queryRow(ctx, `SELECT count(*) FROM bank_transactions`+filter, w.args[:n]...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count bank transactions: %w", err)
	}
	return out, total, nil
}

const allocationColumns = `id, transaction_id, invoice_id, invoice_number, customer_id, kind, amount, currency,
	created_by, created_at, reversed_at, reversed_by, reversal_reason, posted_at, reversal_posted_at`

// CreateAllocation stores one line of the cash ledger.
func (t *tx) CreateAllocation(ctx context.Context, a *o2c.Allocation) error {
	if !a.Kind.Valid() {
		return o2c.Errorf(o2c.CodeInvalid, "allocation kind %q is unknown", a.Kind)
	}
	if a.Amount.Sign() <= 0 {
		return o2c.Errorf(o2c.CodeInvalid, "an allocation's amount must be more than 0, not %s", a.Amount)
	}
	if (a.Kind == o2c.AllocCredit) != (a.InvoiceID == 0) {
		return o2c.Errorf(o2c.CodeInvalid, "a %s allocation goes to an invoice unless it is a credit", a.Kind)
	}
	amount, err := minor(a.Currency, a.Amount, "allocation")
	if err != nil {
		return err
	}
	err = t.queryRow(ctx, `INSERT INTO payment_allocations (transaction_id, invoice_id, invoice_number, customer_id,
			kind, amount, currency, created_by, created_at, reversed_by, reversal_reason)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', '') RETURNING id`,
		a.TransactionID, idOrNull(a.InvoiceID), a.InvoiceNumber, a.CustomerID, a.Kind, amount, a.Currency, a.CreatedBy,
		t.instant(t.now)).Scan(&a.ID)
	if err != nil {
		return fmt.Errorf("create %s allocation of bank transaction %d: %w", a.Kind, a.TransactionID, err)
	}
	a.CreatedAt = t.now
	return nil
}

// ReverseAllocation marks a live allocation reversed.
func (t *tx) ReverseAllocation(ctx context.Context, id int64, by, reason string) error {
	res, err := t.exec(ctx, `UPDATE payment_allocations SET reversed_at = $1, reversed_by = $2, reversal_reason = $3
		WHERE id = $4 AND reversed_at IS NULL`, t.instant(t.now), by, reason, id)
	if err != nil {
		return fmt.Errorf("reverse allocation %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("reverse allocation %d: %w", id, err)
	} else if n == 1 {
		return nil
	}
	var exists int
	if err := t.queryRow(ctx, `SELECT count(*) FROM payment_allocations WHERE id = $1`, id).Scan(&exists); err != nil {
		return fmt.Errorf("reverse allocation %d: %w", id, err)
	}
	if exists == 0 {
		return o2c.Errorf(o2c.CodeNotFound, "allocation %d not found", id)
	}
	return o2c.Errorf(o2c.CodeConflict, "allocation %d is reversed already", id)
}

// MarkAllocationPosted records that the ERP took an allocation or its reversal.
func (t *tx) MarkAllocationPosted(ctx context.Context, id int64, reversal bool) error {
	col := "posted_at"
	if reversal {
		col = "reversal_posted_at"
	}
	if _, err := t.exec(ctx, `UPDATE payment_allocations SET `+col+` = $1 WHERE id = $2`, t.instant(t.now), id); err != nil {
		return fmt.Errorf("mark allocation %d posted: %w", id, err)
	}
	return nil
}

// FindAllocations returns the allocations f selects, oldest first.
func (r *reader) FindAllocations(ctx context.Context, f o2c.AllocationFilter) ([]*o2c.Allocation, error) {
	var w where
	if f.TransactionID != 0 {
		w.add("transaction_id = " + w.arg(f.TransactionID))
	}
	if f.InvoiceID != 0 {
		w.add("invoice_id = " + w.arg(f.InvoiceID))
	}
	if f.Unposted {
		w.add("(posted_at IS NULL OR (reversed_at IS NOT NULL AND reversal_posted_at IS NULL))")
	}
	if len(w.conds) == 0 {
		return nil, o2c.Errorf(o2c.CodeInvalid, "find allocations of a transaction, an invoice, or those unposted")
	}
	if f.LiveOnly {
		w.add("reversed_at IS NULL")
	}
	query := `SELECT ` + allocationColumns + ` FROM payment_allocations` + w.sql() + ` ORDER BY id`
	if f.Limit > 0 {
		query += ` LIMIT ` + w.arg(f.Limit)
	}
	rows, err := r.query(ctx, query, w.args...)
	if err != nil {
		return nil, fmt.Errorf("find allocations: %w", err)
	}
	defer rows.Close()
	var out []*o2c.Allocation
	for rows.Next() {
		var (
			a       o2c.Allocation
			invoice sql.NullInt64
			amount  int64
		)
		if err := rows.Scan(&a.ID, &a.TransactionID, &invoice, &a.InvoiceNumber, &a.CustomerID, &a.Kind, &amount,
			&a.Currency, &a.CreatedBy, instantScanner{&a.CreatedAt}, instantScanner{&a.ReversedAt}, &a.ReversedBy,
			&a.ReversalReason, instantScanner{&a.PostedAt}, instantScanner{&a.ReversalPostedAt}); err != nil {
			return nil, fmt.Errorf("find allocations: %w", err)
		}
		a.InvoiceID, a.Amount = invoice.Int64, money.Currency(a.Currency).FromMinor(amount)
		out = append(out, &a)
	}
	return out, rows.Err()
}

// FindCustomerCredits sums a customer's live credit allocations per currency.
func (r *reader) FindCustomerCredits(ctx context.Context, customerID string) ([]o2c.CustomerCredit, error) {
	rows, err := r.query(ctx, `SELECT currency, sum(amount) FROM payment_allocations
		WHERE customer_id = $1 AND kind = 'credit' AND reversed_at IS NULL GROUP BY currency ORDER BY currency`, customerID)
	if err != nil {
		return nil, fmt.Errorf("find credits of customer %s: %w", customerID, err)
	}
	defer rows.Close()
	out := []o2c.CustomerCredit{}
	for rows.Next() {
		var (
			cur string
			sum int64
		)
		if err := rows.Scan(&cur, &sum); err != nil {
			return nil, fmt.Errorf("find credits of customer %s: %w", customerID, err)
		}
		out = append(out, o2c.CustomerCredit{CustomerID: customerID, Currency: cur, Amount: money.Currency(cur).FromMinor(sum)})
	}
	return out, rows.Err()
}

// SavePayerKnowledge inserts or replaces one thing learned about a payer.
func (t *tx) SavePayerKnowledge(ctx context.Context, k *o2c.PayerKnowledge) error {
	if (k.Kind != o2c.PayerIBAN && k.Kind != o2c.PayerName) || strings.TrimSpace(k.Value) == "" || k.CustomerID == "" {
		return o2c.Errorf(o2c.CodeInvalid, "payer knowledge needs a kind (iban, name), a value and a customer")
	}
	_, err := t.exec(ctx, `INSERT INTO payer_knowledge (kind, value, customer_id, learned_by, learned_at)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (kind, value) DO UPDATE SET customer_id = excluded.customer_id, learned_by = excluded.learned_by,
			learned_at = excluded.learned_at`, k.Kind, k.Value, k.CustomerID, k.LearnedBy, t.instant(t.now))
	if err != nil {
		return fmt.Errorf("save payer %s %s: %w", k.Kind, k.Value, err)
	}
	k.LearnedAt = t.now
	return nil
}

// FindPayerKnowledge lists what manual matches taught, by kind and value.
func (r *reader) FindPayerKnowledge(ctx context.Context) ([]o2c.PayerKnowledge, error) {
	rows, err := r.query(ctx, `SELECT kind, value, customer_id, learned_by, learned_at FROM payer_knowledge ORDER BY kind, value`)
	if err != nil {
		return nil, fmt.Errorf("find payer knowledge: %w", err)
	}
	defer rows.Close()
	var out []o2c.PayerKnowledge
	for rows.Next() {
		var k o2c.PayerKnowledge
		if err := rows.Scan(&k.Kind, &k.Value, &k.CustomerID, &k.LearnedBy, instantScanner{&k.LearnedAt}); err != nil {
			return nil, fmt.Errorf("find payer knowledge: %w", err)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}
