package storetest

import (
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// statementOf returns a statement of account, from a file with digest sum, at position pos.
func statementOf(account int64, key, sum string) *o2c.BankStatement {
	return &o2c.BankStatement{AccountID: account, NaturalKey: key, Format: "camt.053", BankID: "STMT-1", Sequence: "7",
		From: cal.MustParse("2026-03-01"), To: cal.MustParse("2026-03-02"), Currency: "EUR",
		Opening: decp("-10.50"), Closing: decp("110.00"), FileName: "march.xml", SHA256: sum,
		Faults: []o2c.Fault{{Rule: "BANK-BALANCE", Path: "$.closing", Message: "does not add up"}}, ImportedBy: "user:ann"}
}

// bankTxOf returns an unmatched credit of amount on statement st.
func bankTxOf(st *o2c.BankStatement, key, amount string) *o2c.BankTransaction {
	return &o2c.BankTransaction{StatementID: st.ID, AccountID: st.AccountID, Key: key,
		BookingDate: cal.MustParse("2026-03-02"), ValueDate: cal.MustParse("2026-03-03"), Amount: dec(amount),
		Currency: "EUR", Credit: true, CounterpartyName: "Bistrot SARL", CounterpartyIBAN: "FR7630006000011234567890189",
		EndToEndID: "E2E-1", BankRef: "REF-1", CreditorRef: "RF18539007547034", Remittance: "F2026-000001\nthanks",
		Info: "SEPA credit", Status: o2c.BankTxUnmatched}
}

// importStatement stores an account, a statement and its transactions in one transaction.
func importStatement(t *testing.T, s o2c.Store, key string, txs ...*o2c.BankTransaction) *o2c.BankStatement {
	t.Helper()
	var st *o2c.BankStatement
	inTx(t, s, func(tx o2c.Tx) {
		acc := &o2c.BankAccount{IBAN: "DE89370400440532013000", Currency: "EUR", Name: "Supplier SA"}
		must(t, tx.EnsureBankAccount(ctx(t), acc))
		st = statementOf(acc.ID, key, "sha-"+key)
		must(t, tx.CreateStatement(ctx(t), st))
		for _, b := range txs {
			b.StatementID, b.AccountID = st.ID, acc.ID
			must(t, tx.CreateBankTransaction(ctx(t), b))
		}
	})
	return st
}

func testBankImportDedupe(t *testing.T, s o2c.Store) {
	var first *o2c.BankStatement
	inTx(t, s, func(tx o2c.Tx) {
		acc := &o2c.BankAccount{IBAN: "DE89370400440532013000", Currency: "EUR", Name: "Supplier SA"}
		must(t, tx.EnsureBankAccount(ctx(t), acc))
		again := &o2c.BankAccount{IBAN: "DE89370400440532013000", Currency: "USD", Name: "other"}
		must(t, tx.EnsureBankAccount(ctx(t), again))
		if again.ID != acc.ID || again.Currency != "EUR" || again.Name != "Supplier SA" {
			t.Fatalf("second EnsureBankAccount = %+v, want the first account %d as stored", again, acc.ID)
		}
		first = statementOf(acc.ID, "k1", "sha-1")
		must(t, tx.CreateStatement(ctx(t), first))
		// A duplicate leaves the transaction usable (PostgreSQL aborts one on a failed statement).
		wantCode(t, tx.CreateStatement(ctx(t), statementOf(acc.ID, "k1", "sha-2")), o2c.CodeConflict)
		must(t, tx.CreateBankTransaction(ctx(t), bankTxOf(first, "A|2026-03-02|C|12.5|ref:1", "12.50")))
		wantCode(t, tx.CreateBankTransaction(ctx(t), bankTxOf(first, "A|2026-03-02|C|12.5|ref:1", "12.50")), o2c.CodeConflict)
		must(t, tx.CreateBankTransaction(ctx(t), bankTxOf(first, "A|2026-03-02|C|12.5|ref:2", "12.50")))
		must(t, tx.SetStatementTransactions(ctx(t), first.ID, 2))
	})
	// And in a later transaction too.
	err := s.InTx(ctx(t), func(tx o2c.Tx) error {
		return tx.CreateBankTransaction(ctx(t), bankTxOf(first, "A|2026-03-02|C|12.5|ref:1", "99.00"))
	})
	wantCode(t, err, o2c.CodeConflict)

	list, total, err := s.FindStatements(ctx(t), o2c.StatementFilter{})
	must(t, err)
	if total != 1 || len(list) != 1 {
		t.Fatalf("statements: %d (total %d), want 1", len(list), total)
	}
	first.Transactions = 2
	wantJSON(t, "stored statement", list[0], first)
	wantExact(t, "opening", *list[0].Opening, "-10.50")
	if !list[0].Flagged() {
		t.Fatal("a statement with faults is not flagged")
	}
	txs, total, err := s.FindBankTransactions(ctx(t), o2c.BankTxFilter{StatementID: first.ID})
	must(t, err)
	if total != 2 || len(txs) != 2 || !txs[0].Amount.Equal(dec("12.50")) {
		t.Fatalf("transactions %d (total %d), first %+v; want 2 of 12.50", len(txs), total, txs)
	}
	accounts, err := s.FindBankAccounts(ctx(t))
	must(t, err)
	if len(accounts) != 1 {
		t.Fatalf("accounts %d, want 1", len(accounts))
	}
	_, err = s.FindStatementByID(ctx(t), 999)
	wantCode(t, err, o2c.CodeNotFound)
	_, err = s.FindBankTransactionByID(ctx(t), 999)
	wantCode(t, err, o2c.CodeNotFound)
}

func testBankTransactionRoundTrip(t *testing.T, s o2c.Store) {
	credit := bankTxOf(&o2c.BankStatement{}, "k-credit", "1200.00")
	debit := bankTxOf(&o2c.BankStatement{}, "k-debit", "1200.00")
	debit.Credit, debit.Reversal, debit.Status, debit.ReturnReason = false, true, o2c.BankTxIgnored, "AC04"
	other := bankTxOf(&o2c.BankStatement{}, "k-other", "5.00")
	importStatement(t, s, "rt", credit, debit, other)

	got, err := s.FindBankTransactionByID(ctx(t), credit.ID)
	must(t, err)
	wantJSON(t, "stored credit", got, credit)
	wantExact(t, "amount", got.Amount, "1200.00")

	// Reconciliation changes status, customer, suggestion and links under the version.
	got.Status, got.CustomerID, got.Reason, got.ReversedByID = o2c.BankTxSuggested, "C1", "number typo", debit.ID
	got.Suggestion = &o2c.PaymentSuggestion{Confidence: "0.85", Reason: "one typo",
		Allocations: []o2c.AllocationInput{{Kind: o2c.AllocPayment, InvoiceNumber: "F2026-000001", Amount: dec("1200.00")}}}
	got.MatchedBy, got.MatchedAt = "user:ann", stored(time.Date(2026, 3, 2, 9, 30, 0, 123456789, time.UTC))
	stale := *got
	inTx(t, s, func(tx o2c.Tx) { must(t, tx.UpdateBankTransaction(ctx(t), got)) })
	if got.Version != 2 {
		t.Fatalf("version %d after update, want 2", got.Version)
	}
	again, err := s.FindBankTransactionByID(ctx(t), credit.ID)
	must(t, err)
	wantJSON(t, "updated credit", again, got)
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.UpdateBankTransaction(ctx(t), &stale) })
	wantCode(t, err, o2c.CodeConflict)
	stale.ID = 999
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.UpdateBankTransaction(ctx(t), &stale) })
	wantCode(t, err, o2c.CodeNotFound)

	// Filters.
	yes, no := true, false
	for _, tt := range []struct {
		name string
		f    o2c.BankTxFilter
		want []int64
	}{
		{"Suggested", o2c.BankTxFilter{Status: []o2c.BankTxStatus{o2c.BankTxSuggested}}, []int64{credit.ID}},
		{"UnmatchedOrIgnored", o2c.BankTxFilter{Status: []o2c.BankTxStatus{o2c.BankTxUnmatched, o2c.BankTxIgnored}}, []int64{debit.ID, other.ID}},
		{"Credits", o2c.BankTxFilter{Credit: &yes}, []int64{credit.ID, other.ID}},
		{"Debits", o2c.BankTxFilter{Credit: &no}, []int64{debit.ID}},
		{"Amount1200", o2c.BankTxFilter{Amount: decp("1200"), Currency: "EUR"}, []int64{credit.ID, debit.ID}},
		{"Amount1200NotReversed", o2c.BankTxFilter{Amount: decp("1200"), Currency: "EUR", NotReversed: true}, []int64{debit.ID}},
		{"Limit1", o2c.BankTxFilter{Limit: 1}, []int64{credit.ID}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			list, _, err := s.FindBankTransactions(ctx(t), tt.f)
			must(t, err)
			var gotIDs []int64
			for _, b := range list {
				gotIDs = append(gotIDs, b.ID)
			}
			wantJSON(t, "ids", gotIDs, tt.want)
		})
	}
}

func testBankLedger(t *testing.T, s o2c.Store) {
	inv := invoiceOf("C1", shippedOrders(t, s, 1)...)
	inv.Number, inv.Status = "F2026-000001", o2c.InvoiceIssued
	inTx(t, s, func(tx o2c.Tx) { must(t, tx.CreateInvoice(ctx(t), inv)) })
	pay := bankTxOf(&o2c.BankStatement{}, "k-pay", "150.00")
	importStatement(t, s, "ledger", pay)

	allocs := []*o2c.Allocation{
		{TransactionID: pay.ID, InvoiceID: inv.ID, InvoiceNumber: inv.Number, CustomerID: "C1", Kind: o2c.AllocPayment, Amount: dec("119.50"), Currency: "EUR", CreatedBy: "user:ann"},
		{TransactionID: pay.ID, InvoiceID: inv.ID, InvoiceNumber: inv.Number, CustomerID: "C1", Kind: o2c.AllocWriteOff, Amount: dec("0.50"), Currency: "EUR", CreatedBy: "user:ann"},
		{TransactionID: pay.ID, CustomerID: "C1", Kind: o2c.AllocCredit, Amount: dec("30.50"), Currency: "EUR", CreatedBy: "user:ann"},
	}
	inTx(t, s, func(tx o2c.Tx) {
		for _, a := range allocs {
			must(t, tx.CreateAllocation(ctx(t), a))
		}
	})
	for _, tt := range []struct {
		name string
		a    o2c.Allocation
	}{
		{"ErrZero", o2c.Allocation{TransactionID: pay.ID, InvoiceID: inv.ID, Kind: o2c.AllocPayment, Amount: dec("0"), Currency: "EUR"}},
		{"ErrCents", o2c.Allocation{TransactionID: pay.ID, InvoiceID: inv.ID, Kind: o2c.AllocPayment, Amount: dec("0.001"), Currency: "EUR"}},
		{"ErrKind", o2c.Allocation{TransactionID: pay.ID, InvoiceID: inv.ID, Kind: "gift", Amount: dec("1"), Currency: "EUR"}},
		{"ErrCreditOnInvoice", o2c.Allocation{TransactionID: pay.ID, InvoiceID: inv.ID, Kind: o2c.AllocCredit, Amount: dec("1"), Currency: "EUR"}},
		{"ErrPaymentWithoutInvoice", o2c.Allocation{TransactionID: pay.ID, Kind: o2c.AllocPayment, Amount: dec("1"), Currency: "EUR"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.CreateAllocation(ctx(t), &tt.a) })
			wantCode(t, err, o2c.CodeInvalid)
		})
	}

	got, err := s.FindAllocations(ctx(t), o2c.AllocationFilter{TransactionID: pay.ID})
	must(t, err)
	wantJSON(t, "allocations of the transaction", got, allocs)
	credits, err := s.FindCustomerCredits(ctx(t), "C1")
	must(t, err)
	wantJSON(t, "credits", credits, []o2c.CustomerCredit{{CustomerID: "C1", Currency: "EUR", Amount: dec("30.50")}})

	// Reversing: once, then a conflict; reversed ones leave the live lists and the credit.
	inTx(t, s, func(tx o2c.Tx) {
		must(t, tx.ReverseAllocation(ctx(t), allocs[0].ID, "user:bob", "wrong invoice"))
		must(t, tx.ReverseAllocation(ctx(t), allocs[2].ID, "user:bob", "wrong invoice"))
	})
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.ReverseAllocation(ctx(t), allocs[0].ID, "user:bob", "again") })
	wantCode(t, err, o2c.CodeConflict)
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.ReverseAllocation(ctx(t), 999, "user:bob", "none") })
	wantCode(t, err, o2c.CodeNotFound)
	live, err := s.FindAllocations(ctx(t), o2c.AllocationFilter{InvoiceID: inv.ID, LiveOnly: true})
	must(t, err)
	if len(live) != 1 || live[0].ID != allocs[1].ID {
		t.Fatalf("live allocations of the invoice %+v, want only the write-off %d", live, allocs[1].ID)
	}
	all, err := s.FindAllocations(ctx(t), o2c.AllocationFilter{InvoiceID: inv.ID})
	must(t, err)
	if len(all) != 2 || all[0].Live() || all[0].ReversedBy != "user:bob" || all[0].ReversalReason != "wrong invoice" {
		t.Fatalf("allocations of the invoice %+v, want the reversed payment first", all)
	}
	credits, err = s.FindCustomerCredits(ctx(t), "C1")
	must(t, err)
	if len(credits) != 0 {
		t.Fatalf("credits after reversal %+v, want none", credits)
	}

	// The ERP's progress: applications first, then reversals, each once.
	unposted, err := s.FindAllocations(ctx(t), o2c.AllocationFilter{Unposted: true})
	must(t, err)
	if len(unposted) != 3 {
		t.Fatalf("unposted %d, want 3", len(unposted))
	}
	inTx(t, s, func(tx o2c.Tx) {
		for _, a := range unposted {
			must(t, tx.MarkAllocationPosted(ctx(t), a.ID, false))
		}
		must(t, tx.MarkAllocationPosted(ctx(t), allocs[0].ID, true))
	})
	unposted, err = s.FindAllocations(ctx(t), o2c.AllocationFilter{Unposted: true})
	must(t, err)
	if len(unposted) != 1 || unposted[0].ID != allocs[2].ID {
		t.Fatalf("unposted after posting %+v, want the credit's reversal only", unposted)
	}
	_, err = s.FindAllocations(ctx(t), o2c.AllocationFilter{})
	wantCode(t, err, o2c.CodeInvalid)
}

func testPayerKnowledge(t *testing.T, s o2c.Store) {
	inTx(t, s, func(tx o2c.Tx) {
		must(t, tx.SavePayerKnowledge(ctx(t), &o2c.PayerKnowledge{Kind: o2c.PayerIBAN, Value: "FR7630006000011234567890189", CustomerID: "C1", LearnedBy: "user:ann"}))
		must(t, tx.SavePayerKnowledge(ctx(t), &o2c.PayerKnowledge{Kind: o2c.PayerName, Value: "Bistrot Holding", CustomerID: "C1", LearnedBy: "user:ann"}))
		must(t, tx.SavePayerKnowledge(ctx(t), &o2c.PayerKnowledge{Kind: o2c.PayerIBAN, Value: "FR7630006000011234567890189", CustomerID: "C2", LearnedBy: "user:bob"}))
		wantCode(t, tx.SavePayerKnowledge(ctx(t), &o2c.PayerKnowledge{Kind: "phone", Value: "1", CustomerID: "C1"}), o2c.CodeInvalid)
	})
	got, err := s.FindPayerKnowledge(ctx(t))
	must(t, err)
	if len(got) != 2 || got[0].Kind != o2c.PayerIBAN || got[0].CustomerID != "C2" || got[0].LearnedBy != "user:bob" ||
		got[1].Value != "Bistrot Holding" || got[1].LearnedAt.IsZero() {
		t.Fatalf("payer knowledge %+v, want the IBAN re-learned for C2 and the name of C1", got)
	}
}
