package app_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

func amt(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// A payer with no reference, so the engine leaves it for a person.
var anonymous = entry{amount: "180.00", ref: "BANK-REF-1", e2e: "E2E-1", name: "Holding Portuaire SA",
	iban: "FR7630006000011234567890189", text: "virement mars"}

func TestPaymentsImportTwiceCreatesNothing(t *testing.T) {
	t.Parallel()
	onEngines(t, func(t *testing.T, c *cash) {
		file := camt("S-1", "100.00", "355.50",
			anonymous,
			entry{amount: "80.00", ref: "BANK-REF-2", name: "Kantine Nord", text: "thanks"},
			entry{amount: "4.50", debit: true, ref: "BANK-REF-3", name: "Bank", text: "fees"})
		rep := c.importFile(t, "s1.xml", file)
		if rep.Statements != 1 || rep.Transactions != 3 || rep.Duplicates != 0 || rep.Flagged != 0 || rep.Unmatched != 2 {
			t.Fatalf("first import %+v, want 1 statement, 3 transactions, the 2 credits unmatched", rep)
		}
		txs := c.transactions(t, rep.StatementIDs[0])
		if len(txs) != 3 || txs[2].Credit || txs[2].Status != o2c.BankTxIgnored || txs[0].CounterpartyIBAN != anonymous.iban ||
			txs[0].Remittance != "virement mars" || !txs[0].Amount.Equal(amt("180")) {
			t.Fatalf("stored transactions %+v", txs)
		}

		again := c.importFile(t, "s1-again.xml", file)
		if again.Statements != 0 || again.DuplicateStatements != 1 || again.Transactions != 0 || again.Duplicates != 3 {
			t.Fatalf("second import %+v, want nothing new", again)
		}
		// A new statement repeating one entry brings only the other.
		next := c.importFile(t, "s2.xml", camt("S-2", "355.50", "375.50",
			entry{amount: "80.00", ref: "BANK-REF-2", name: "Kantine Nord", text: "thanks"},
			entry{amount: "100.00", ref: "BANK-REF-4", name: "Kantine Nord", text: "more"}))
		// Its balances do not add up, since the repeated entry is on it again.
		if next.Statements != 1 || next.Transactions != 1 || next.Duplicates != 1 || next.Flagged != 1 {
			t.Fatalf("third import %+v, want 1 new transaction and 1 duplicate", next)
		}
		_, total, err := c.store.FindBankTransactions(t.Context(), o2c.BankTxFilter{})
		if err != nil || total != 4 {
			t.Fatalf("stored transactions %d (%v), want 4", total, err)
		}
		_, total, err = c.store.FindStatements(t.Context(), o2c.StatementFilter{})
		if err != nil || total != 2 {
			t.Fatalf("stored statements %d (%v), want 2", total, err)
		}
	})
}

func TestPaymentsFlaggedStatementOnlyProposes(t *testing.T) {
	t.Parallel()
	c := setupCash(t, "sqlite")
	inv := c.invoice(t, "F2026-000001", "C1", "120.00", "2026-03-31")
	rep := c.importFile(t, "bad.xml", camt("S-9", "0.00", "999.00",
		entry{amount: "120.00", ref: "R1", name: "Bistrot du Port", text: "Facture F2026-000001"}))
	if rep.Flagged != 1 || rep.Suggested != 1 || rep.Matched != 0 {
		t.Fatalf("import %+v, want a flagged statement whose payment is only proposed", rep)
	}
	st, err := c.pay.Statement(t.Context(), rep.StatementIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	if !st.Flagged() || st.Faults[0].Rule != "BANK-BALANCE" || st.Closing.StringFixed(2) != "999.00" {
		t.Fatalf("statement %+v, want flagged BANK-BALANCE with closing 999.00", st)
	}
	bt := c.transactions(t, st.ID)[0]
	if bt.Status != o2c.BankTxSuggested || bt.Suggestion == nil || len(bt.Suggestion.Allocations) != 1 ||
		bt.Suggestion.Allocations[0].InvoiceNumber != "F2026-000001" || !strings.Contains(bt.Reason, "does not add up") {
		t.Fatalf("transaction %+v, want a suggestion of F2026-000001", bt)
	}
	c.wantInvoice(t, inv, o2c.InvoiceSent, "0.00")

	// One click accepts the proposal.
	if _, err := c.pay.Apply(t.Context(), bt.ID, bt.Suggestion.Allocations, "user:ann"); err != nil {
		t.Fatal(err)
	}
	c.wantInvoice(t, inv, o2c.InvoicePaid, "120.00")
	c.checkLedger(t)
}

func TestPaymentsAutoMatchAndERP(t *testing.T) {
	t.Parallel()
	c := setupCash(t, "sqlite")
	inv := c.invoice(t, "F2026-000001", "C1", "120.00", "2026-03-31")
	rep := c.importFile(t, "ok.xml", camt("S-3", "0.00", "120.00",
		entry{amount: "120.00", ref: "R1", name: "Bistrot du Port", text: "Facture F2026-000001"}))
	if rep.Matched != 1 {
		t.Fatalf("import %+v, want the payment matched", rep)
	}
	c.wantInvoice(t, inv, o2c.InvoicePaid, "120.00")
	bt := c.transactions(t, rep.StatementIDs[0])[0]
	if bt.Status != o2c.BankTxMatched || bt.CustomerID != "C1" || bt.MatchedBy != "reconcile" {
		t.Fatalf("transaction %+v, want matched to C1 by reconcile", bt)
	}
	if got := c.erp.posted(); !slices.Equal(got, []string{"o2c-payment-1 payment 120.00"}) {
		t.Fatalf("posted to the ERP %q", got)
	}
	events, err := c.store.FindEvents(t.Context(), "invoice", "1")
	if err != nil || len(events) != 1 || events[0].Action != "applied" || events[0].Actor != "reconcile" {
		t.Fatalf("invoice events %+v (%v), want one applied by reconcile", events, err)
	}
	// Nothing waits any more: posting again posts nothing.
	if n, err := c.pay.PostPending(t.Context()); err != nil || n != 0 {
		t.Fatalf("PostPending = %d, %v; want 0", n, err)
	}
	c.checkLedger(t)
}

// The acceptance test: a payment applied, reversed and applied again leaves the invoices and the
// ledger exactly right.
func TestPaymentsApplyReverseApply(t *testing.T) {
	t.Parallel()
	onEngines(t, func(t *testing.T, c *cash) {
		ctx := t.Context()
		late := c.invoice(t, "F2026-000001", "C1", "100.00", "2026-02-15") // past due
		soon := c.invoice(t, "F2026-000002", "C1", "50.00", "2026-03-31")
		other := c.invoice(t, "F2026-000003", "C2", "70.00", "2026-03-31")
		rep := c.importFile(t, "s.xml", camt("S-1", "0.00", "180.00", anonymous))
		if rep.Unmatched != 1 {
			t.Fatalf("import %+v, want the anonymous payment unmatched", rep)
		}
		bt := c.transactions(t, rep.StatementIDs[0])[0]

		for _, tt := range []struct {
			name   string
			allocs []o2c.AllocationInput
			rule   string
		}{
			{"ErrMoreThanOwed", []o2c.AllocationInput{{InvoiceID: soon.ID, Amount: amt("50.01")}}, "PAY-08"},
			{"ErrMoreThanReceived", []o2c.AllocationInput{{InvoiceID: late.ID, Amount: amt("100")}, {InvoiceID: soon.ID, Amount: amt("50")},
				{Kind: o2c.AllocCredit, Amount: amt("30.01")}}, "PAY-09"},
			{"ErrCents", []o2c.AllocationInput{{InvoiceID: late.ID, Amount: amt("1.005")}}, "PAY-03"},
			{"ErrUnknownInvoice", []o2c.AllocationInput{{InvoiceNumber: "F1999-000001", Amount: amt("1")}}, "PAY-05"},
			{"ErrCreditForWhom", []o2c.AllocationInput{{InvoiceID: late.ID, Amount: amt("10")}, {InvoiceID: other.ID, Amount: amt("10")},
				{Kind: o2c.AllocCredit, Amount: amt("1")}}, "PAY-10"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := c.pay.Apply(ctx, bt.ID, tt.allocs, "user:ann")
				if o2c.ErrorCode(err) != o2c.CodeInvalid || !slices.ContainsFunc(o2c.ErrorFaults(err), func(f o2c.Fault) bool { return f.Rule == tt.rule }) {
					t.Fatalf("Apply = %v (faults %+v), want %s", err, o2c.ErrorFaults(err), tt.rule)
				}
			})
		}
		c.wantInvoice(t, late, o2c.InvoiceSent, "0.00") // nothing of the refused ones was kept

		// Applied: both invoices paid, the 30.00 overpaid kept as C1's credit.
		got, err := c.pay.Apply(ctx, bt.ID, []o2c.AllocationInput{
			{InvoiceID: late.ID, Amount: amt("100.00")},
			{InvoiceNumber: "F2026-000002", Amount: amt("50.00")},
			{Kind: o2c.AllocCredit, Amount: amt("30.00")},
		}, "user:ann")
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != o2c.BankTxMatched || got.CustomerID != "C1" {
			t.Fatalf("applied transaction %+v, want matched to C1", got)
		}
		c.wantInvoice(t, late, o2c.InvoicePaid, "100.00")
		c.wantInvoice(t, soon, o2c.InvoicePaid, "50.00")
		if cr := c.credit(t, "C1"); cr != "30.00" {
			t.Fatalf("C1 credit %s, want 30.00", cr)
		}
		c.checkLedger(t)
		_, err = c.pay.Apply(ctx, bt.ID, []o2c.AllocationInput{{InvoiceID: other.ID, Amount: amt("1")}}, "user:ann")
		if o2c.ErrorCode(err) != o2c.CodeConflict {
			t.Fatalf("second Apply = %v, want a conflict", err)
		}
		known, err := c.store.FindPayerKnowledge(ctx)
		if err != nil || len(known) != 2 || known[0].Value != anonymous.iban || known[0].CustomerID != "C1" ||
			known[1].Value != anonymous.name {
			t.Fatalf("learned %+v (%v), want the payer's IBAN and name as C1's", known, err)
		}

		// Reversed: the invoices are back where their due dates put them, the credit gone.
		got, err = c.pay.Reverse(ctx, bt.ID, "wrong customer", "user:bob")
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != o2c.BankTxUnmatched || got.CustomerID != "" {
			t.Fatalf("reversed transaction %+v, want unmatched", got)
		}
		c.wantInvoice(t, late, o2c.InvoiceOverdue, "0.00")
		c.wantInvoice(t, soon, o2c.InvoiceSent, "0.00")
		if cr := c.credit(t, "C1"); cr != "0.00" {
			t.Fatalf("C1 credit %s after reversal, want 0.00", cr)
		}
		c.checkLedger(t)
		if _, err := c.pay.Reverse(ctx, bt.ID, "again", "user:bob"); o2c.ErrorCode(err) != o2c.CodeConflict {
			t.Fatalf("second Reverse = %v, want a conflict", err)
		}

		// Applied again, differently: one invoice in part, the other customer's in full.
		got, err = c.pay.Apply(ctx, bt.ID, []o2c.AllocationInput{
			{InvoiceID: late.ID, Amount: amt("60.00")},
			{InvoiceID: other.ID, Amount: amt("70.00")},
		}, "user:bob")
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != o2c.BankTxPartial {
			t.Fatalf("transaction %s, want partial (50.00 of it not applied)", got.Status)
		}
		c.wantInvoice(t, late, o2c.InvoicePartiallyPaid, "60.00")
		c.wantInvoice(t, soon, o2c.InvoiceSent, "0.00")
		c.wantInvoice(t, other, o2c.InvoicePaid, "70.00")
		c.checkLedger(t)

		// The whole story is in the ledger and the history.
		all, err := c.pay.Allocations(ctx, bt.ID)
		if err != nil || len(all) != 5 || all[0].Live() || all[2].Live() || !all[3].Live() || all[0].ReversalReason != "wrong customer" {
			t.Fatalf("ledger %+v (%v), want 3 reversed then 2 live", all, err)
		}
		hist, err := c.pay.History(ctx, bt.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range hist {
			actions = append(actions, e.Action+" by "+e.Actor)
		}
		if want := []string{"applied by user:ann", "payment_reversed by user:bob", "applied by user:bob"}; !slices.Equal(actions, want) {
			t.Fatalf("history %q, want %q", actions, want)
		}
		// The ERP heard of each allocation, and of each reversal, once.
		if got := c.erp.posted(); len(got) != 8 || got[3] != "o2c-payment-1-reversal payment 100.00" {
			t.Fatalf("posted %q, want 3 applications, 3 reversals, 2 applications", got)
		}
	})
}

func TestPaymentsPartialAndLearnedPayer(t *testing.T) {
	t.Parallel()
	c := setupCash(t, "sqlite")
	first := c.invoice(t, "F2026-000001", "C1", "100.00", "2026-03-31")
	second := c.invoice(t, "F2026-000002", "C1", "245.30", "2026-03-31")
	rep := c.importFile(t, "a.xml", camt("S-1", "0.00", "180.00", anonymous))
	bt := c.transactions(t, rep.StatementIDs[0])[0]
	if _, err := c.pay.Apply(t.Context(), bt.ID, []o2c.AllocationInput{{InvoiceID: first.ID, Amount: amt("100.00")},
		{Kind: o2c.AllocCredit, Amount: amt("80.00")}}, "user:ann"); err != nil {
		t.Fatal(err)
	}
	// The same payer, by its IBAN alone, pays the other invoice: the engine now knows it as C1.
	rep = c.importFile(t, "b.xml", camt("S-2", "180.00", "425.30",
		entry{amount: "245.30", ref: "BANK-REF-9", name: "HPSA", iban: anonymous.iban, text: "paiement"}))
	if rep.Matched != 1 {
		t.Fatalf("import %+v, want the payer recognised by IBAN and matched", rep)
	}
	c.wantInvoice(t, second, o2c.InvoicePaid, "245.30")

	// A partial payment by reference leaves the rest open.
	third := c.invoice(t, "F2026-000003", "C2", "500.00", "2026-03-31")
	bt3 := c.transactions(t, c.importFile(t, "c.xml", camt("S-3", "425.30", "625.30",
		entry{amount: "200.00", ref: "BANK-REF-10", name: "Kantine Nord", text: "F2026-000003 Teilzahlung"})).StatementIDs[0])[0]
	if bt3.Status == o2c.BankTxSuggested {
		if _, err := c.pay.Apply(t.Context(), bt3.ID, bt3.Suggestion.Allocations, "user:ann"); err != nil {
			t.Fatal(err)
		}
	}
	c.wantInvoice(t, third, o2c.InvoicePartiallyPaid, "200.00")
	c.checkLedger(t)
}

func TestPaymentsBankReversal(t *testing.T) {
	t.Parallel()
	onEngines(t, func(t *testing.T, c *cash) {
		inv := c.invoice(t, "F2026-000001", "C1", "120.00", "2026-02-15")
		pay := entry{amount: "120.00", ref: "R1", e2e: "E2E-77", name: "Bistrot du Port", iban: anonymous.iban, text: "F2026-000001"}
		rep := c.importFile(t, "in.xml", camt("S-1", "0.00", "120.00", pay))
		if rep.Matched != 1 {
			t.Fatalf("import %+v, want matched", rep)
		}
		credit := c.transactions(t, rep.StatementIDs[0])[0]
		back := pay
		back.debit, back.reversal, back.ref = true, true, "R2"
		rep = c.importFile(t, "back.xml", camt("S-2", "120.00", "0.00", back))
		if rep.Reversed != 1 {
			t.Fatalf("import %+v, want the credit reversed", rep)
		}
		c.wantInvoice(t, inv, o2c.InvoiceOverdue, "0.00")
		got := c.tx(t, credit.ID)
		rev := c.transactions(t, rep.StatementIDs[0])[0]
		if got.Status != o2c.BankTxIgnored || got.ReversedByID != rev.ID || rev.ReversesID != credit.ID {
			t.Fatalf("credit %+v / reversal %+v, want them linked and the credit set aside", got, rev)
		}
		c.checkLedger(t)
		if _, err := c.pay.Apply(t.Context(), credit.ID, []o2c.AllocationInput{{InvoiceID: inv.ID, Amount: amt("1")}}, "user:ann"); o2c.ErrorCode(err) != o2c.CodeConflict {
			t.Fatalf("Apply to a reversed credit = %v, want a conflict", err)
		}
	})
}

func TestPaymentsIgnore(t *testing.T) {
	t.Parallel()
	c := setupCash(t, "sqlite")
	bt := c.transactions(t, c.importFile(t, "a.xml", camt("S-1", "0.00", "180.00", anonymous)).StatementIDs[0])[0]
	got, err := c.pay.Ignore(t.Context(), bt.ID, "a refund from a supplier", "user:ann")
	if err != nil || got.Status != o2c.BankTxIgnored || got.Reason != "a refund from a supplier" {
		t.Fatalf("Ignore = %+v, %v", got, err)
	}
}

// A statement from a real bank's file goes in end to end: its faults kept, nothing new the second
// time.
func TestPaymentsImportCorpus(t *testing.T) {
	t.Parallel()
	c := setupCash(t, "sqlite")
	path := filepath.Join("..", "..", "shared", "corpus", "public", "bank", "camt", "camt_parser", "camt053_valid_example_with_batch.xml")
	data, err := os.ReadFile(path) //nolint:gosec // a file of the public corpus
	if err != nil {
		t.Fatalf("read the public corpus: %v", err)
	}
	rep := c.importFile(t, filepath.Base(path), data)
	// The file says: 3 entries, a debit batch of 3 payments with no details (one booking) then two
	// credits; it states 3 transactions in the batch and its balances do not add up.
	if rep.Statements != 1 || rep.Flagged != 1 || rep.Transactions != 3 || rep.Unmatched != 2 {
		t.Fatalf("import %+v, want one flagged statement of 3 transactions, the 2 credits unmatched", rep)
	}
	st, err := c.pay.Statement(t.Context(), rep.StatementIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	if st.BankID != "2019062434566666666666666" || st.Opening.StringFixed(2) != "7329.80" || st.Closing.StringFixed(2) != "23038.20" ||
		st.Transactions != rep.Transactions {
		t.Fatalf("statement %+v", st)
	}
	again := c.importFile(t, "copy.xml", data)
	if again.Transactions != 0 || again.Statements != 0 || again.Duplicates != rep.Transactions || again.DuplicateStatements != 1 {
		t.Fatalf("second import %+v, want nothing new", again)
	}
	if _, err := c.pay.Import(t.Context(), "order.xml", []byte(`<Order/>`), "user:ann"); o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Fatalf("importing an order = %v, want CodeInvalid", err)
	}
}
