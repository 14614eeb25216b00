package main

import (
	"context"
	"testing"

	"github.com/o2c-project/o2c/invoice"
)

// BenchmarkIssueAndRender measures one invoice of the bench: number, calculate, validate, PDF,
// Factur-X and UBL.
func BenchmarkIssueAndRender(b *testing.B) {
	c := &memCounter{next: map[string]int64{}}
	s := invoice.Series{Code: "INV", Prefix: "F"}
	i := 0
	for b.Loop() {
		if _, err := issueAndRender(context.Background(), c, s, benchInvoiceDraft(i), "fr"); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
