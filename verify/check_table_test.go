package verify_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/verify"
)

// The crafted acceptance table of `o2c check`: testdata/check/data holds master data as the
// spec's CSV files, testdata/check/orders one canonical order (or an array of them) per file, and
// expected.json the decision, customer and exact anomaly codes each order must get on
// 2026-11-27. This test runs the table through Verify alone, so that the table and verify are
// known to agree before the command is wired.

const checkDir = "../testdata/check"

// checkExpect is one order's expected outcome.
type checkExpect struct {
	Decision   o2c.Decision `json:"decision"`
	Codes      []string     `json:"codes"`
	CustomerID string       `json:"customer_id"`
}

func TestCheckTable(t *testing.T) {
	t.Parallel()
	idx := verify.NewIndex(readCheckMasterData(t, filepath.Join(checkDir, "data")))
	raw, err := os.ReadFile(filepath.Join(checkDir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var table map[string]json.RawMessage
	if err := json.Unmarshal(raw, &table); err != nil {
		t.Fatalf("expected.json: %v", err)
	}
	files, err := filepath.Glob(filepath.Join(checkDir, "orders", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(table) {
		t.Errorf("%d order files but %d entries in expected.json", len(files), len(table))
	}

	seen := map[string]bool{}
	clean := 0
	for _, path := range files {
		name := filepath.Base(path)
		wants, err := decodeOneOrMany[checkExpect](table[name])
		if err != nil || len(wants) == 0 {
			t.Errorf("%s: no usable entry in expected.json (%v)", name, err)
			continue
		}
		for _, w := range wants {
			for _, c := range w.Codes {
				seen[c] = true
			}
			if len(w.Codes) == 0 {
				clean++
			}
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			drafts, err := decodeOneOrMany[o2c.OrderDraft](b)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if len(drafts) != len(wants) {
				t.Fatalf("%d orders in the file, %d expectations", len(drafts), len(wants))
			}
			// Orders of one file are checked one after the other, each against the ones
			// before it, as `o2c check` does against its fresh store.
			led := &sliceLedger{}
			for i := range drafts {
				v, err := verify.Verify(context.Background(), idx, led,
					verify.Input{Draft: &drafts[i], Today: today, Now: now}, verify.DefaultRules())
				if err != nil {
					t.Fatal(err)
				}
				got := checkExpect{Decision: v.Decision, CustomerID: v.CustomerID, Codes: []string{}}
				for _, a := range v.Anomalies {
					got.Codes = append(got.Codes, string(a.Code))
				}
				w := wants[i]
				if w.Codes == nil {
					w.Codes = []string{}
				}
				if got.Decision != w.Decision || got.CustomerID != w.CustomerID || !slices.Equal(got.Codes, w.Codes) {
					t.Errorf("order %d: got %+v, want %+v\nanomalies:\n%s", i, got, w, anomalyLines(v))
				}
				status := o2c.OrderNeedsReview
				if v.Decision == o2c.DecisionAuto {
					status = o2c.OrderApproved
				}
				led.orders = append(led.orders, &o2c.Order{ID: int64(i + 1), CustomerID: v.CustomerID, PONumber: drafts[i].PONumber,
					ContentHash: v.ContentHash, NetTotal: v.NetTotal, Status: status, ReceivedAt: now})
			}
		})
	}
	for _, c := range o2c.AnomalyCodes {
		if !seen[string(c)] {
			t.Errorf("no order of the table expects %s", c)
		}
	}
	if clean < 3 {
		t.Errorf("the table has %d clean orders, want at least 3", clean)
	}
}

func anomalyLines(v *o2c.Verification) string {
	var b strings.Builder
	for _, a := range v.Anomalies {
		fmt.Fprintf(&b, "  %s %s: %s\n", a.Code, a.Field, a.Message)
	}
	return b.String()
}

// decodeOneOrMany reads a JSON object or an array of them.
func decodeOneOrMany[T any](b []byte) ([]T, error) {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var many []T
		err := json.Unmarshal(b, &many)
		return many, err
	}
	var one T
	if err := json.Unmarshal(b, &one); err != nil {
		return nil, err
	}
	return []T{one}, nil
}

// readCheckMasterData is a minimal reader of the spec's five CSV files, enough for the table.
// The import package is the real one; this keeps verify's tests free of it.
func readCheckMasterData(t *testing.T, dir string) *o2c.MasterData {
	t.Helper()
	m := &o2c.MasterData{}
	for _, r := range readCSV(t, filepath.Join(dir, "customers.csv")) {
		c := o2c.Customer{ID: r.s("customer_id"), Name: r.s("name"), VATID: r.s("vat_id"), GLN: r.s("gln"), Email: r.s("email"),
			Street: r.s("street"), PostalCode: r.s("postal_code"), City: r.s("city"), Country: r.s("country"), Currency: r.s("currency"),
			CreditLimit: r.dec("credit_limit")}
		if v := r.s("payment_terms_days"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatalf("customers.csv: payment_terms_days %q", v)
			}
			c.PaymentTermsDays = &n
		}
		m.Customers = append(m.Customers, c)
	}
	for _, r := range readCSV(t, filepath.Join(dir, "ship_to.csv")) {
		m.ShipTos = append(m.ShipTos, o2c.ShipTo{CustomerID: r.s("customer_id"), AddressID: r.s("address_id"), Name: r.s("name"),
			Street: r.s("street"), PostalCode: r.s("postal_code"), City: r.s("city"), Country: r.s("country")})
	}
	for _, r := range readCSV(t, filepath.Join(dir, "products.csv")) {
		m.Products = append(m.Products, o2c.Product{SKU: r.s("sku"), GTIN: r.s("gtin"), Description: r.s("description"), Unit: r.s("unit"),
			UnitPrice: r.dec("unit_price"), Currency: r.s("currency"), VATRate: r.dec("vat_rate"), StockQty: r.dec("stock_qty"),
			MinOrderQty: r.dec("min_order_qty"), PackSize: r.dec("pack_size")})
	}
	for _, r := range readCSV(t, filepath.Join(dir, "customer_items.csv")) {
		m.CustomerItems = append(m.CustomerItems, o2c.CustomerItem{CustomerID: r.s("customer_id"), CustomerSKU: r.s("customer_sku"), SKU: r.s("sku")})
	}
	for _, r := range readCSV(t, filepath.Join(dir, "customer_prices.csv")) {
		p := o2c.CustomerPrice{CustomerID: r.s("customer_id"), SKU: r.s("sku"), UnitPrice: *r.dec("unit_price"), ValidFrom: r.date("valid_from")}
		p.ValidTo = r.date("valid_to")
		m.CustomerPrices = append(m.CustomerPrices, p)
	}
	return m
}

type csvRow struct {
	t      *testing.T
	file   string
	line   int
	header []string
	cells  []string
}

func (r csvRow) s(col string) string {
	i := slices.Index(r.header, col)
	if i < 0 {
		r.t.Fatalf("%s has no column %s", r.file, col)
	}
	return strings.TrimSpace(r.cells[i])
}

func (r csvRow) dec(col string) *decimal.Decimal {
	v := r.s(col)
	if v == "" {
		return nil
	}
	d, err := decimal.NewFromString(v)
	if err != nil {
		r.t.Fatalf("%s line %d: %s %q is not a decimal", r.file, r.line, col, v)
	}
	return &d
}

func (r csvRow) date(col string) cal.Date {
	v := r.s(col)
	if v == "" {
		return cal.Date{}
	}
	d, err := cal.Parse(v)
	if err != nil {
		r.t.Fatalf("%s line %d: %v", r.file, r.line, err)
	}
	return d
}

func readCSV(t *testing.T, path string) []csvRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(recs) == 0 {
		t.Fatalf("%s is empty", path)
	}
	rows := make([]csvRow, 0, len(recs)-1)
	for i, rec := range recs[1:] {
		rows = append(rows, csvRow{t: t, file: filepath.Base(path), line: i + 2, header: recs[0], cells: rec})
	}
	return rows
}
