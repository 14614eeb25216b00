package reconcile_test

import (
	"testing"

	"github.com/o2c-project/o2c/reconcile"
	"github.com/o2c-project/o2c/reconcile/noisy"
)

// BenchmarkReconcile measures a run of 20,000 generated transactions against 20,000 open invoices
// (o2c bench reconcile measures 100,000 × 100,000).
func BenchmarkReconcile(b *testing.B) {
	set, err := noisy.Generate(noisy.Params{Transactions: 20_000, Invoices: 20_000, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := reconcile.Reconcile(set.Open, set.Transactions, set.Knowledge, reconcile.DefaultOptions()); err != nil {
			b.Fatal(err)
		}
	}
}
