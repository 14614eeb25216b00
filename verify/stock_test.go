package verify_test

import (
	"context"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/verify"
)

// TestVerifyERPStock checks that stock levels given by the ERP replace the master data's: P-300
// has 5 in stock in the master data, P-400 keeps no stock there.
func TestVerifyERPStock(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		sku   string
		qty   string
		stock map[string]decimal.Decimal
		codes string
		says  string
	}{
		{"INSUFFICIENT_STOCK/P-300 erp=3 md=5 quantity=4", "P-300", "4", map[string]decimal.Decimal{"P-300": *dec("3")}, "INSUFFICIENT_STOCK", "the 3 in stock in tryton"},
		{"P-300 erp=10 md=5 quantity=6", "P-300", "6", map[string]decimal.Decimal{"P-300": *dec("10")}, "", ""},
		{"INSUFFICIENT_STOCK/P-400 erp=50 md=untracked quantity=60", "P-400", "60", map[string]decimal.Decimal{"P-400": *dec("50")}, "INSUFFICIENT_STOCK", "the 50 in stock in tryton"},
		{"INSUFFICIENT_STOCK/P-300 erp=other md=5 quantity=6", "P-300", "6", map[string]decimal.Decimal{"P-100": *dec("50")}, "INSUFFICIENT_STOCK", "the 5 in stock"},
		{"P-300 erp=nil md=5 quantity=5", "P-300", "5", nil, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := cleanDraft()
			d.Lines, d.Totals = []o2c.DraftLine{{SupplierSKU: tc.sku, Quantity: dec(tc.qty)}}, nil
			v, err := verify.Verify(context.Background(), testIndex(), &sliceLedger{},
				verify.Input{Draft: d, Today: today, Now: now, Stock: tc.stock, StockFrom: "tryton"}, verify.DefaultRules())
			if err != nil {
				t.Fatal(err)
			}
			if got := codes(v); got != tc.codes {
				t.Fatalf("codes = %q, want %q; anomalies %+v", got, tc.codes, v.Anomalies)
			}
			if tc.says != "" {
				wantMessage(tc.says)(t, v)
			}
		})
	}
}
