package o2c_test

import (
	"os"
	"regexp"
	"slices"
	"testing"

	"github.com/o2c-project/o2c"
)

func TestCanTransitionInvoice(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		from, to o2c.InvoiceStatus
		want     bool
	}{
		{o2c.InvoiceDraft, o2c.InvoiceIssued, true},
		{o2c.InvoiceIssued, o2c.InvoiceSent, true},
		{o2c.InvoiceSent, o2c.InvoiceViewed, true},
		{o2c.InvoiceBounced, o2c.InvoiceSent, true},
		{o2c.InvoiceOverdue, o2c.InvoicePaid, true},
		{o2c.InvoicePaid, o2c.InvoiceCredited, true},
		{o2c.InvoiceDraft, o2c.InvoiceSent, false},       // never sent without a number
		{o2c.InvoiceIssued, o2c.InvoiceDraft, false},     // never edited again
		{o2c.InvoiceViewed, o2c.InvoiceDelivered, false}, // viewing implies delivery
		{o2c.InvoicePaid, o2c.InvoiceOverdue, false},
		{o2c.InvoiceCredited, o2c.InvoiceIssued, false},
		{o2c.InvoiceCredited, o2c.InvoicePaid, false},
	} {
		t.Run(string(tc.from)+"_to_"+string(tc.to), func(t *testing.T) {
			t.Parallel()
			if got := o2c.CanTransitionInvoice(tc.from, tc.to); got != tc.want {
				t.Fatalf("CanTransitionInvoice(%s, %s) = %v, want %v", tc.from, tc.to, got, tc.want)
			}
		})
	}
	if o2c.InvoiceStatus("lost").Valid() || !o2c.InvoiceOverdue.Open() || o2c.InvoicePaid.Open() || o2c.InvoiceDraft.Open() {
		t.Fatal("Valid or Open answers wrong")
	}
}

// TestInvoiceChartMatchesTable keeps docs/invoice-states.md and the transition table equal.
func TestInvoiceChartMatchesTable(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("docs/invoice-states.md")
	if err != nil {
		t.Fatal(err)
	}
	arrow := regexp.MustCompile(`(?m)^\s+([a-z_]+) --> ([a-z_]+)`)
	charted := map[[2]o2c.InvoiceStatus]bool{}
	for _, m := range arrow.FindAllStringSubmatch(string(doc), -1) {
		charted[[2]o2c.InvoiceStatus{o2c.InvoiceStatus(m[1]), o2c.InvoiceStatus(m[2])}] = true
	}
	for _, from := range o2c.InvoiceStatuses {
		if !from.Valid() {
			t.Fatalf("status %s is listed but has no transitions entry", from)
		}
		for _, to := range o2c.InvoiceStatuses {
			if !o2c.CanTransitionInvoice(from, to) {
				continue
			}
			if !charted[[2]o2c.InvoiceStatus{from, to}] {
				t.Errorf("transition %s -> %s is allowed in code but missing from the chart", from, to)
			}
			delete(charted, [2]o2c.InvoiceStatus{from, to})
		}
	}
	for pair := range charted {
		if !slices.Contains(o2c.InvoiceStatuses, pair[0]) || !slices.Contains(o2c.InvoiceStatuses, pair[1]) {
			t.Errorf("chart names unknown status in %s -> %s", pair[0], pair[1])
			continue
		}
		t.Errorf("chart shows %s -> %s, which the code does not allow", pair[0], pair[1])
	}
}
