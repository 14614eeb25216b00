package o2c_test

import (
	"os"
	"regexp"
	"testing"

	"github.com/o2c-project/o2c"
)

// TestDisputeChartMatchesTable keeps docs/dispute-states.md and disputeTransitions the same.
func TestDisputeChartMatchesTable(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("docs/dispute-states.md")
	if err != nil {
		t.Fatal(err)
	}
	arrow := regexp.MustCompile(`(?m)^\s+([a-z_]+) --> ([a-z_]+)`)
	charted := map[[2]o2c.DisputeStatus]bool{}
	for _, m := range arrow.FindAllStringSubmatch(string(doc), -1) {
		charted[[2]o2c.DisputeStatus{o2c.DisputeStatus(m[1]), o2c.DisputeStatus(m[2])}] = true
	}
	for _, from := range o2c.DisputeStatuses {
		for _, to := range o2c.DisputeStatuses {
			if !o2c.CanTransitionDispute(from, to) {
				continue
			}
			if !charted[[2]o2c.DisputeStatus{from, to}] {
				t.Errorf("transition %s -> %s is allowed in code but missing from the chart", from, to)
			}
			delete(charted, [2]o2c.DisputeStatus{from, to})
		}
	}
	for pair := range charted {
		t.Errorf("chart shows %s -> %s, which the code does not allow", pair[0], pair[1])
	}
}
