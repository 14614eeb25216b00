package o2c_test

import (
	"os"
	"regexp"
	"slices"
	"testing"

	"github.com/o2c-project/o2c"
)

func TestCanTransition(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		from, to o2c.OrderStatus
		want     bool
	}{
		{o2c.OrderReceived, o2c.OrderExtracted, true},
		{o2c.OrderVerified, o2c.OrderApproved, true},
		{o2c.OrderNeedsReview, o2c.OrderApproved, true},
		{o2c.OrderApproved, o2c.OrderPosted, true},
		{o2c.OrderReceived, o2c.OrderPosted, false},
		{o2c.OrderPosted, o2c.OrderApproved, false},
		{o2c.OrderRejected, o2c.OrderApproved, false},
		{o2c.OrderClosed, o2c.OrderCancelled, false},
		{o2c.OrderShipped, o2c.OrderCancelled, false},
	} {
		t.Run(string(tc.from)+"_to_"+string(tc.to), func(t *testing.T) {
			t.Parallel()
			if got := o2c.CanTransition(tc.from, tc.to); got != tc.want {
				t.Fatalf("CanTransition(%s, %s) = %v, want %v", tc.from, tc.to, got, tc.want)
			}
		})
	}
}

// TestStateChartMatchesTable keeps docs/state-machines.md and the transition table equal.
func TestStateChartMatchesTable(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("docs/state-machines.md")
	if err != nil {
		t.Fatal(err)
	}
	arrow := regexp.MustCompile(`(?m)^\s+([a-z_]+) --> ([a-z_]+)`)
	charted := map[[2]o2c.OrderStatus]bool{}
	for _, m := range arrow.FindAllStringSubmatch(string(doc), -1) {
		charted[[2]o2c.OrderStatus{o2c.OrderStatus(m[1]), o2c.OrderStatus(m[2])}] = true
	}
	for _, from := range o2c.OrderStatuses {
		if !from.Valid() {
			t.Fatalf("status %s is listed but has no transitions entry", from)
		}
		for _, to := range o2c.NextStatuses(from) {
			if !charted[[2]o2c.OrderStatus{from, to}] {
				t.Errorf("transition %s -> %s is allowed in code but missing from the chart", from, to)
			}
			delete(charted, [2]o2c.OrderStatus{from, to})
		}
	}
	for pair := range charted {
		if !slices.Contains(o2c.OrderStatuses, pair[0]) || !slices.Contains(o2c.OrderStatuses, pair[1]) {
			t.Errorf("chart names unknown status in %s -> %s", pair[0], pair[1])
			continue
		}
		t.Errorf("chart shows %s -> %s, which the code does not allow", pair[0], pair[1])
	}
}
