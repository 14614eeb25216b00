package accuracy

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

func dec(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }

func TestCompare(t *testing.T) {
	t.Parallel()
	truth := &o2c.OrderDraft{DocumentType: o2c.DocPurchaseOrder, PONumber: "PO-1", OrderDate: cal.MustParse("2026-11-02"),
		Lines: []o2c.DraftLine{{LineNo: 1, SupplierSKU: "A", Quantity: dec("12"), UnitPrice: dec("0.45")},
			{LineNo: 2, SupplierSKU: "B", Quantity: dec("3")}}}
	got := &o2c.OrderDraft{DocumentType: o2c.DocPurchaseOrder, PONumber: "PO-1", OrderDate: cal.MustParse("2026-02-11"),
		Lines: []o2c.DraftLine{{LineNo: 1, SupplierSKU: "A", Quantity: dec("12.00"), UnitPrice: dec("0.450")},
			{LineNo: 2, SupplierSKU: "B", Quantity: dec("8")}},
		Confidence: map[string]float64{"order_date": 0.8, "lines[1].quantity": 0.95}}
	s := Compare(truth, got)
	// 3 header fields + 4 + 3 line fields; the date and line 2's quantity are wrong, the date flagged.
	if s.Fields != 10 || s.Right != 8 || len(s.Wrong) != 2 || s.Flagged != 1 || s.Exact || s.LinesMatched != 1 {
		t.Fatalf("%+v", s)
	}
	if s := Compare(truth, truth); !s.Exact || s.Right != s.Fields || s.LinesMatched != 2 {
		t.Fatalf("the truth against itself: %+v", s)
	}
	failed := Compare(truth, nil)
	if failed.Right != 0 || failed.Flagged != failed.Fields {
		t.Fatalf("a failed read is wrong everywhere and flagged everywhere: %+v", failed)
	}
	var sum Summary
	sum.Add(s, 1, 100*time.Millisecond)
	sum.Add(Compare(truth, truth), 2, time.Second)
	if sum.Docs != 2 || sum.Exact != 1 || sum.FieldAccuracy() != 0.9 || sum.FlaggedShare() != 0.5 || sum.Percentile(0.5) != 500*time.Millisecond {
		t.Fatalf("%+v acc %.2f flagged %.2f p50 %s", sum, sum.FieldAccuracy(), sum.FlaggedShare(), sum.Percentile(0.5))
	}
}
