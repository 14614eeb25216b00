package reconcile_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/bank"
	"github.com/o2c-project/o2c/reconcile"
)

func TestFromStatements(t *testing.T) {
	t.Parallel()
	amt := func(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }
	st := bank.Statement{Entries: []bank.Entry{
		{Mark: bank.Debit, Amount: decimal.NewFromInt(5), BankRef: "D1"},
		{Mark: bank.Credit, Amount: decimal.NewFromInt(30), BankRef: "NONREF", EntryRef: "E2", Details: []bank.TransactionDetail{
			{Amount: amt("10"), Counterparty: bank.Party{Name: "A"}, Remittance: []string{"F-1"}},
			{Amount: amt("20"), Counterparty: bank.Party{Name: "B"}, CreditorRef: "RF18539007547034"},
		}},
		{Mark: bank.Credit, Amount: decimal.NewFromInt(7), Details: []bank.TransactionDetail{{Counterparty: bank.Party{Name: "C"}, Remittance: []string{"x"}}}},
		{Mark: bank.Credit, Amount: decimal.NewFromInt(8), Status: bank.StatusInfo},
		{Mark: bank.Credit, Amount: decimal.NewFromInt(9), Reversal: true, BankRef: "R5"},
		{Mark: bank.Credit, Amount: decimal.NewFromInt(3), Details: []bank.TransactionDetail{{Amount: amt("1")}, {}}}, // no amount for one detail: kept whole
	}}
	got := reconcile.FromStatements([]bank.Statement{st})
	want := []struct{ id, amount, payer, notPayment string }{
		{"E2/1", "10", "A", ""}, {"E2/2", "20", "B", ""}, {"#3", "7", "C", ""}, {"R5", "9", "", "the reversal of an earlier debit, not a customer's payment"}, {"#6", "3", "", ""},
	}
	if len(got) != len(want) {
		t.Fatalf("%d transactions: %+v", len(got), got)
	}
	for i, w := range want {
		g := got[i]
		if g.ID != w.id || g.Amount.String() != w.amount || g.Payer.Name != w.payer || g.NotPayment != w.notPayment {
			t.Errorf("transaction %d = %s %s %q %q, want %+v", i, g.ID, g.Amount, g.Payer.Name, g.NotPayment, w)
		}
	}
	if got[1].CreditorRef != "RF18539007547034" || got[0].Remittance[0] != "F-1" {
		t.Errorf("details lost: %+v", got[:2])
	}
}
