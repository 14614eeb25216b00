package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/bank"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/reconcile"
)

// Payments imports bank statements, matches their credits to open invoices, applies and reverses
// payments and tells the ERP. Make one with NewPayments.
type Payments struct {
	Store o2c.Store
	// ERP takes the allocations once applied, and their reversals; nil posts nothing (they wait
	// as unposted in the ledger).
	ERP o2c.PaymentPoster
	// Options tune the matching engine; a result is applied on its own only above
	// Options.AutoThreshold.
	Options  reconcile.Options
	Location *time.Location // the company's zone: "today" for overdue invoices is its day
	Now      func() time.Time
	Log      *slog.Logger
}

// NewPayments returns a payment service with the engine's default options, the UTC zone and the
// real clock.
func NewPayments(store o2c.Store) *Payments {
	return &Payments{Store: store, Options: reconcile.DefaultOptions(), Location: time.UTC, Now: time.Now,
		Log: slog.Default()}
}

// Audit entities and actions of the cash side.
const (
	entityStatement    = "bank_statement"
	entityBankTx       = "bank_transaction"
	actionImported     = "imported"         // a statement came in
	actionApplied      = "applied"          // allocations made (transaction), or a payment received (invoice)
	actionPayReversed  = "payment_reversed" // allocations undone
	actionIgnored      = "ignored"          // a person set a transaction aside
	actionSuggested    = "suggested"        // the engine proposed allocations
	actionBankReversal = "bank_reversal"    // the bank took a credit back
	actorReconcile     = "reconcile"        // the engine, applying on its own
)

// StatementReport says what one statement file brought.
type StatementReport struct {
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
	// Mapping names the saved bank CSV mapping that read the file, when one was needed.
	Mapping string `json:"mapping,omitempty"`
	// StatementIDs are the statements stored by this import.
	StatementIDs []int64 `json:"statement_ids"`
	// Statements counts the new statements, DuplicateStatements those imported before (a file
	// imported twice is all duplicates), Flagged the new ones that do not add up.
	Statements          int `json:"statements"`
	DuplicateStatements int `json:"duplicate_statements"`
	Flagged             int `json:"flagged"`
	// Transactions counts the new transactions, Duplicates the entries seen before.
	Transactions int `json:"transactions"`
	Duplicates   int `json:"duplicates"`
	// Matched, Partial, Suggested and Unmatched say what matching made of the new credits;
	// Reversed counts credits the bank took back by a reversal entry of this file.
	Matched   int `json:"matched"`
	Partial   int `json:"partial"`
	Suggested int `json:"suggested"`
	Unmatched int `json:"unmatched"`
	Reversed  int `json:"reversed"`
}

// Import reads a statement file (camt.052/053/054, MT940/942, CSV), stores its statements and
// transactions, and matches the new credits against the open invoices. A statement or entry seen
// before creates nothing new. The credits of a statement that does not add up are only proposed,
// never applied on their own. CodeInvalid for a file that is no statement.
func (s *Payments) Import(ctx context.Context, name string, content []byte, actor string) (StatementReport, error) {
	sum := sha256.Sum256(content)
	rep := StatementReport{File: name, SHA256: hex.EncodeToString(sum[:]), StatementIDs: []int64{}}
	statements, err := s.parseStatements(ctx, name, content, &rep)
	if err != nil {
		return rep, err
	}
	if actor == "" {
		actor = o2c.ActorSystem
	}
	var fresh []*o2c.BankTransaction
	flagged := map[int64]bool{} // statements that do not add up
	err = s.Store.InTx(ctx, func(tx o2c.Tx) error {
		rep.StatementIDs, fresh = rep.StatementIDs[:0], nil
		rep.Statements, rep.DuplicateStatements, rep.Flagged, rep.Transactions, rep.Duplicates = 0, 0, 0, 0, 0
		for i := range statements {
			if err := s.importStatement(ctx, tx, &statements[i], i, name, rep.SHA256, actor, &rep, &fresh, flagged); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	var credits []*o2c.BankTransaction
	for _, t := range fresh {
		switch {
		case t.Reversal && !t.Credit:
			ok, err := s.bankReversal(ctx, t)
			if err != nil {
				return rep, err
			}
			if ok {
				rep.Reversed++
			}
		case t.Status == o2c.BankTxUnmatched:
			credits = append(credits, t)
		}
	}
	if err := s.match(ctx, credits, flagged, &rep); err != nil {
		return rep, err
	}
	s.postQuietly(ctx)
	return rep, nil
}

// importStatement stores one statement of a file and its new transactions.
func (s *Payments) importStatement(ctx context.Context, tx o2c.Tx, bs *bank.Statement, pos int, name, sum, actor string,
	rep *StatementReport, fresh *[]*o2c.BankTransaction, flagged map[int64]bool) error {
	acc := &o2c.BankAccount{IBAN: bs.Account.IBAN, Currency: bs.Account.Currency, Name: bs.Account.Owner}
	if acc.IBAN == "" {
		acc.Number = bs.Account.Number
	}
	if err := tx.EnsureBankAccount(ctx, acc); err != nil {
		return err
	}
	st := &o2c.BankStatement{AccountID: acc.ID, NaturalKey: statementKey(bs, acc, sum, pos), Format: string(bs.Format),
		BankID: bs.ID, Sequence: bs.Sequence, From: bs.From, To: bs.To, Currency: bs.Account.Currency,
		FileName: name, SHA256: sum, Position: pos, Faults: bs.Faults, ImportedBy: actor}
	if st.Currency == "" {
		st.Currency = acc.Currency
	}
	if bs.Opening != nil {
		d := bs.Opening.Signed()
		st.Opening = &d
	}
	if bs.Closing != nil {
		d := bs.Closing.Signed()
		st.Closing = &d
	}
	err := tx.CreateStatement(ctx, st)
	if o2c.ErrorCode(err) == o2c.CodeConflict {
		rep.DuplicateStatements++
		for _, e := range bs.Entries {
			rep.Duplicates += len(transactionsOf(e))
		}
		return nil
	} else if err != nil {
		return err
	}
	rep.Statements++
	rep.StatementIDs = append(rep.StatementIDs, st.ID)
	if st.Flagged() {
		rep.Flagged++
		flagged[st.ID] = true
	}
	n := 0
	for i := range bs.Entries {
		for _, t := range transactionsOf(bs.Entries[i]) {
			t.StatementID, t.AccountID = st.ID, acc.ID
			if t.Currency == "" {
				t.Currency = st.Currency
			}
			err := tx.CreateBankTransaction(ctx, t)
			if o2c.ErrorCode(err) == o2c.CodeConflict {
				rep.Duplicates++
				continue
			} else if err != nil {
				return fmt.Errorf("import entry %d of statement %s: %w", i+1, st.NaturalKey, err)
			}
			n++
			*fresh = append(*fresh, t)
		}
	}
	rep.Transactions += n
	if err := tx.SetStatementTransactions(ctx, st.ID, n); err != nil {
		return err
	}
	st.Transactions = n
	after, _ := json.Marshal(map[string]any{"file": name, "sha256": sum, "transactions": n, "faults": st.Faults}) // plain values
	return tx.AddEvent(ctx, &o2c.AuditEvent{Entity: entityStatement, EntityID: fmt.Sprint(st.ID), Action: actionImported,
		Actor: actor, After: after})
}

// statementKey is what makes a statement imported twice the same: the account, format, the
// bank's id and sequence; a statement without an id is known only by its file and place in it.
func statementKey(bs *bank.Statement, acc *o2c.BankAccount, sum string, pos int) string {
	if strings.TrimSpace(bs.ID) == "" {
		return fmt.Sprintf("file:%s#%d", sum, pos)
	}
	return strings.Join([]string{fmt.Sprint(acc.ID), string(bs.Format), bs.ID, bs.Sequence, bs.From.String(), bs.To.String()}, "|")
}

// transactionsOf turns one entry into the payments it holds: one transaction, or one per detail of
// a batch whose details each give their amount (as the engine reads them, reconcile.FromStatements).
func transactionsOf(e bank.Entry) []*o2c.BankTransaction {
	base := o2c.BankTransaction{Key: e.Key, BookingDate: e.BookingDate, ValueDate: e.ValueDate, Amount: e.Amount,
		Currency: e.Currency, Credit: e.Mark == bank.Credit, Reversal: e.Reversal, EndToEndID: usableRef(e.EndToEndID),
		BankRef: e.BankRef, Info: e.Info, Status: o2c.BankTxUnmatched}
	if base.BankRef == "" {
		base.BankRef = e.EntryRef
	}
	if splitBatch(e) {
		var out []*o2c.BankTransaction
		for j, d := range e.Details {
			t := base
			t.Key = fmt.Sprintf("%s/%d", e.Key, j+1)
			mark := d.Mark
			if mark == "" {
				mark = e.Mark
			}
			t.Amount, t.Credit = *d.Amount, mark == bank.Credit
			t.Info = ""
			withDetail(&t, d)
			out = append(out, classify(&t, e))
		}
		return out
	}
	t := base
	for _, d := range e.Details {
		withDetail(&t, d)
	}
	return []*o2c.BankTransaction{classify(&t, e)}
}

// withDetail adds what a transaction detail says to t; the first detail that names them gives
// the counterparty and references.
func withDetail(t *o2c.BankTransaction, d bank.TransactionDetail) {
	if t.CounterpartyName == "" && t.CounterpartyIBAN == "" {
		t.CounterpartyName, t.CounterpartyIBAN = d.Counterparty.Name, d.Counterparty.IBAN
	}
	if t.CreditorRef == "" {
		t.CreditorRef = d.CreditorRef
	}
	if t.EndToEndID == "" {
		t.EndToEndID = usableRef(d.EndToEndID)
	}
	if t.BankRef == "" {
		t.BankRef = d.BankRef
	}
	if d.ReturnReason != "" {
		t.ReturnReason = d.ReturnReason
	}
	if text := strings.Join(d.Remittance, "\n"); text != "" {
		if t.Remittance != "" {
			t.Remittance += "\n"
		}
		t.Remittance += text
	}
}

// classify sets aside what is no customer payment, with the reason.
func classify(t *o2c.BankTransaction, e bank.Entry) *o2c.BankTransaction {
	switch {
	case e.Status == bank.StatusInfo || e.Status == bank.StatusPending:
		t.Status, t.Reason = o2c.BankTxIgnored, "not booked (bank status "+string(e.Status)+")"
	case t.Reversal && !t.Credit:
		t.Status, t.Reason = o2c.BankTxIgnored, "the bank's reversal of an earlier credit"
	case t.Reversal:
		t.Status, t.Reason = o2c.BankTxIgnored, "the reversal of an earlier debit, not a customer's payment"
	case !t.Credit:
		t.Status, t.Reason = o2c.BankTxIgnored, "money out, not a customer's payment"
	case t.ReturnReason != "":
		t.Status, t.Reason = o2c.BankTxIgnored, "a returned payment (reason "+t.ReturnReason+"), not a customer's payment"
	}
	return t
}

// splitBatch reports whether a batch entry is one transaction per detail: several details, each
// with its amount in the entry's currency.
func splitBatch(e bank.Entry) bool {
	if len(e.Details) < 2 {
		return false
	}
	for _, d := range e.Details {
		if d.Amount == nil || d.Currency != "" && d.Currency != e.Currency {
			return false
		}
	}
	return true
}

// usableRef returns a reference trimmed, or "" when it names nothing.
func usableRef(r string) string {
	r = strings.TrimSpace(r)
	switch strings.ToUpper(r) {
	case "NONREF", "NOTPROVIDED", "NONE", "N/A":
		return ""
	}
	return r
}

// Today is the company's business date now.
func (s *Payments) Today() cal.Date { return cal.DateIn(s.Now(), s.Location) }

// Statement returns one statement. CodeNotFound.
func (s *Payments) Statement(ctx context.Context, id int64) (*o2c.BankStatement, error) {
	return s.Store.FindStatementByID(ctx, id)
}

// Statements returns one page of statements, newest import first, and the total count.
func (s *Payments) Statements(ctx context.Context, f o2c.StatementFilter) ([]*o2c.BankStatement, int, error) {
	return s.Store.FindStatements(ctx, f)
}

// Transaction returns one bank transaction. CodeNotFound.
func (s *Payments) Transaction(ctx context.Context, id int64) (*o2c.BankTransaction, error) {
	return s.Store.FindBankTransactionByID(ctx, id)
}

// Transactions returns one page of bank transactions, in booking order, and the total count.
func (s *Payments) Transactions(ctx context.Context, f o2c.BankTxFilter) ([]*o2c.BankTransaction, int, error) {
	return s.Store.FindBankTransactions(ctx, f)
}

// Allocations returns the ledger lines of a bank transaction, reversed ones included, oldest first.
func (s *Payments) Allocations(ctx context.Context, txID int64) ([]*o2c.Allocation, error) {
	return s.Store.FindAllocations(ctx, o2c.AllocationFilter{TransactionID: txID})
}
