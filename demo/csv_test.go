package demo

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

func TestWriteCSV(t *testing.T) {
	t.Parallel()
	m := MasterData()
	dir := t.TempDir()
	if err := WriteCSV(dir, m); err != nil {
		t.Fatal(err)
	}

	specHeaders := map[string]string{ // copied from shared/spec/README.md §2
		"customers.csv":       "customer_id, name, vat_id, gln, email, street, postal_code, city, country, currency, payment_terms_days, credit_limit",
		"ship_to.csv":         "customer_id, address_id, name, street, postal_code, city, country",
		"products.csv":        "sku, gtin, description, unit, unit_price, currency, vat_rate, stock_qty, min_order_qty, pack_size",
		"customer_items.csv":  "customer_id, customer_sku, sku",
		"customer_prices.csv": "customer_id, sku, unit_price, valid_from, valid_to",
	}
	wantRows := map[string]int{"customers.csv": len(m.Customers), "ship_to.csv": len(m.ShipTos),
		"products.csv": len(m.Products), "customer_items.csv": len(m.CustomerItems), "customer_prices.csv": len(m.CustomerPrices)}
	tables := map[string][][]string{}
	for name, header := range specHeaders {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(b) || bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
			t.Fatalf("%s is not UTF-8 without a byte-order mark", name)
		}
		records, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatalf("parse %s: %v", name, err)
		}
		if got := strings.Join(records[0], ", "); got != header {
			t.Fatalf("%s header = %q, want %q", name, got, header)
		}
		if got := len(records) - 1; got != wantRows[name] {
			t.Fatalf("%s has %d rows, want %d", name, got, wantRows[name])
		}
		tables[name] = records[1:]
	}

	// Read the values back and compare them with the master data.
	dec := func(s string) *decimal.Decimal {
		if s == "" {
			return nil
		}
		d, err := decimal.NewFromString(s)
		if err != nil {
			t.Fatalf("decimal %q: %v", s, err)
		}
		return &d
	}
	sameDec := func(what string, got, want *decimal.Decimal) {
		t.Helper()
		if (got == nil) != (want == nil) || (got != nil && !got.Equal(*want)) {
			t.Fatalf("%s: read back %v, want %v", what, got, want)
		}
	}
	for i, r := range tables["customers.csv"] {
		c := m.Customers[i]
		if r[0] != c.ID || r[1] != c.Name || r[2] != c.VATID || r[3] != c.GLN || r[4] != c.Email || r[7] != c.City || r[9] != c.Currency {
			t.Fatalf("customers.csv row %d = %q", i+1, r)
		}
		if terms, err := strconv.Atoi(r[10]); err != nil || terms != *c.PaymentTermsDays {
			t.Fatalf("customers.csv row %d: payment terms %q", i+1, r[10])
		}
		sameDec("credit_limit of "+c.ID, dec(r[11]), c.CreditLimit)
	}
	for i, r := range tables["products.csv"] {
		p := m.Products[i]
		if r[0] != p.SKU || r[1] != p.GTIN || r[2] != p.Description || r[3] != p.Unit || r[5] != p.Currency {
			t.Fatalf("products.csv row %d = %q", i+1, r)
		}
		if !regexp.MustCompile(`^\d+\.\d\d$`).MatchString(r[4]) {
			t.Fatalf("products.csv row %d: unit_price %q", i+1, r[4])
		}
		sameDec("unit_price of "+p.SKU, dec(r[4]), p.UnitPrice)
		sameDec("vat_rate of "+p.SKU, dec(r[6]), p.VATRate)
		sameDec("stock_qty of "+p.SKU, dec(r[7]), p.StockQty)
		sameDec("min_order_qty of "+p.SKU, dec(r[8]), p.MinOrderQty)
		sameDec("pack_size of "+p.SKU, dec(r[9]), p.PackSize)
	}
	for i, r := range tables["customer_prices.csv"] {
		p := m.CustomerPrices[i]
		from, err := cal.Parse(r[3])
		if err != nil || r[0] != p.CustomerID || r[1] != p.SKU || from != p.ValidFrom || r[4] != p.ValidTo.String() {
			t.Fatalf("customer_prices.csv row %d = %q", i+1, r)
		}
		sameDec("customer price", dec(r[2]), &p.UnitPrice)
	}
}

func TestWriteOrders(t *testing.T) {
	t.Parallel()
	orders := Orders(testToday)
	dir := t.TempDir()
	if err := WriteOrders(dir, orders); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(orders)+1 {
		t.Fatalf("%d files for %d orders", len(entries), len(orders))
	}
	for i, o := range orders {
		b, err := os.ReadFile(filepath.Join(dir, fmtName(i, o.Name)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte("\n  \"lines\": [")) || bytes.Contains(b, []byte(`"quantity": 1`)) {
			t.Fatalf("%s is not indented canonical JSON with string decimals", o.Name)
		}
		var back o2c.OrderDraft
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("parse %s: %v", o.Name, err)
		}
		again, _ := json.MarshalIndent(back, "", "  ")
		if !bytes.Equal(append(again, '\n'), b) {
			t.Fatalf("%s does not survive a JSON round trip", o.Name)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var expected map[string][]o2c.AnomalyCode
	if err := json.Unmarshal(b, &expected); err != nil {
		t.Fatal(err)
	}
	if len(expected) != len(orders) {
		t.Fatalf("expected.json has %d orders, want %d", len(expected), len(orders))
	}
	for _, o := range orders {
		got, ok := expected[o.Name]
		if !ok || got == nil || (len(got) != 0 || len(o.Expect) != 0) && !reflect.DeepEqual(got, o.Expect) {
			t.Fatalf("expected.json[%s] = %v, want %v", o.Name, got, o.Expect)
		}
	}
}

func fmtName(i int, name string) string { return strconv.Itoa(100 + i + 1)[1:] + "-" + name + ".json" }
