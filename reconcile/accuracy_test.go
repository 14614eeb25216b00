package reconcile_test

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/o2c-project/o2c/reconcile"
	"github.com/o2c-project/o2c/reconcile/noisy"
)

// TestAccuracy guards the targets of issue 7 on 3,000 generated transactions (o2c bench reconcile
// runs 100,000): at least 98 % of payments applied exactly right with no person, at most 0.1 % of
// automatic allocations wrong, every unrelated credit unmatched.
func TestAccuracy(t *testing.T) {
	t.Parallel()
	for _, seed := range []uint64{1, 2} {
		set, err := noisy.Generate(noisy.Params{Transactions: 3000, Invoices: 4000, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		res, err := reconcile.Reconcile(set.Open, set.Transactions, set.Knowledge, reconcile.DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		s := noisy.Grade(set, res)
		if r := noisy.Rate(s.RightAuto, s.Payments); r < 0.98 {
			t.Errorf("seed %d: %.2f %% of payments right with no human touch, want >= 98 %%; by kind %v", seed, 100*r, s.ByKind)
		}
		if r := noisy.Rate(s.WrongAuto, s.Auto); r > 0.001 {
			for _, i := range s.Wrong {
				t.Logf("wrong: %s %+v got %+v: %s", set.Truth[i].Kind, set.Truth[i].Paid, res[i].Allocations, res[i].Reason)
			}
			t.Errorf("seed %d: %.3f %% of automatic allocations wrong, want <= 0.1 %%", seed, 100*r)
		}
		if s.UnrelatedOK != s.Unrelated || s.Unrelated < 100 {
			t.Errorf("seed %d: %d of %d unrelated credits unmatched, want all", seed, s.UnrelatedOK, s.Unrelated)
		}
	}
}

// TestDeterministic: the same input gives the same output, whatever the order of the open items
// and the number of workers.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	set, err := noisy.Generate(noisy.Params{Transactions: 1500, Invoices: 2000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	opt := reconcile.DefaultOptions()
	first, err := reconcile.Reconcile(set.Open, set.Transactions, set.Knowledge, opt)
	if err != nil {
		t.Fatal(err)
	}
	shuffled := append([]reconcile.OpenItem(nil), set.Open...)
	rand.New(rand.NewPCG(9, 9)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	opt.Workers = 1
	second, err := reconcile.Reconcile(shuffled, set.Transactions, set.Knowledge, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(first, second) {
		for i := range first {
			if !reflect.DeepEqual(first[i], second[i]) {
				t.Fatalf("transaction %d differs:\n%+v\n%+v", i, first[i], second[i])
			}
		}
	}
	again, err := noisy.Generate(noisy.Params{Transactions: 1500, Invoices: 2000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(set, again) {
		t.Fatal("the generator gave two sets for one seed")
	}
}

// TestTransactionOrder: transactions that compete for no invoice get the same result in any order.
func TestTransactionOrder(t *testing.T) {
	t.Parallel()
	set, err := noisy.Generate(noisy.Params{Transactions: 1000, Invoices: 3000, Customers: 3000, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	// Payments of one customer compete for its invoices (an installment pays what a part payment
	// left, a typo may name another of its invoices): only one payment per customer is kept.
	custOf := map[string]string{}
	for _, o := range set.Open {
		custOf[o.Number] = o.CustomerID
	}
	payments := map[string]int{}
	for _, tr := range set.Truth {
		for _, p := range tr.Paid {
			payments[custOf[p.Invoice]]++
		}
	}
	var txs []reconcile.Transaction
	for i, tr := range set.Truth {
		if len(tr.Paid) == 0 || payments[custOf[tr.Paid[0].Invoice]] == len(tr.Paid) {
			txs = append(txs, set.Transactions[i])
		}
	}
	if len(txs) < 400 {
		t.Fatalf("only %d transactions kept", len(txs))
	}
	forward, err := reconcile.Reconcile(set.Open, txs, set.Knowledge, reconcile.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	reversed := make([]reconcile.Transaction, len(txs))
	for i, x := range txs {
		reversed[len(txs)-1-i] = x
	}
	backward, err := reconcile.Reconcile(set.Open, reversed, set.Knowledge, reconcile.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	// Reasons may differ ("its only open invoice"); what is applied may not.
	for i := range forward {
		f, b := forward[i], backward[len(txs)-1-i]
		if f.Status != b.Status || !reflect.DeepEqual(f.Allocations, b.Allocations) {
			t.Errorf("%s: %s %v in order (%s), %s %v reversed (%s)", f.TransactionID, f.Status, f.Allocations, f.Reason, b.Status, b.Allocations, b.Reason)
		}
	}
}
