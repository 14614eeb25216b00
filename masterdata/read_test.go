package masterdata_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/masterdata"
)

// csvFile joins a header and rows into file content.
func csvFile(lines ...string) []byte { return []byte(strings.Join(lines, "\n") + "\n") }

func dec(s string) *decimal.Decimal {
	d := decimal.RequireFromString(s)
	return &d
}

func intp(n int) *int { return &n }

// mustJSON renders master data as JSON: value equality, with decimals compared by value.
func mustJSON(t *testing.T, m *o2c.MasterData) string {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestReadDirGood(t *testing.T) {
	t.Parallel()

	m, rowErrs, err := masterdata.ReadDir("testdata/good")
	if err != nil || len(rowErrs) > 0 {
		t.Fatalf("ReadDir(testdata/good) = %v, %v", rowErrs, err)
	}
	if got := len(m.Customers) + len(m.ShipTos) + len(m.Products) + len(m.CustomerItems) + len(m.CustomerPrices); got != 20 {
		t.Fatalf("read %d records, want 20 (the ,,,, row skipped)", got)
	}
	c := m.Customers[0]
	if c.ID != "C001" || c.Name != "Dupont & Fils, SARL" || c.Country != "FR" || c.Currency != "EUR" ||
		*c.PaymentTermsDays != 30 || c.CreditLimit.String() != "50000.00" {
		t.Fatalf("customer C001 = %+v", c)
	}
	if got := m.Customers[1].Street; got != "Hauptstraße 5\nHinterhaus" {
		t.Fatalf("multi-line street = %q", got)
	}
	if c := m.Customers[3]; c.PaymentTermsDays != nil || c.CreditLimit != nil || c.Country != "" {
		t.Fatalf("empty cells of C004 should be unknown: %+v", c)
	}
	if p := m.Products[0]; p.SKU != "PEN-BLUE" || p.Unit != "C62" || p.UnitPrice.String() != "0.45" || p.PackSize.String() != "10" {
		t.Fatalf("product PEN-BLUE = %+v", p)
	}
	if p := m.Products[3]; p.UnitPrice != nil || p.VATRate != nil || p.StockQty != nil {
		t.Fatalf("product STAPLER should have unknown price, rate and stock: %+v", p)
	}
	if p := m.CustomerPrices[1]; !p.ValidTo.IsZero() || p.ValidFrom != cal.MustParse("2026-07-01") {
		t.Fatalf("open-ended price = %+v", p)
	}

	dir := t.TempDir()
	if err := masterdata.WriteDir(dir, m); err != nil {
		t.Fatal(err)
	}
	again, rowErrs, err := masterdata.ReadDir(dir)
	if err != nil || len(rowErrs) > 0 {
		t.Fatalf("re-reading what WriteDir wrote = %v, %v", rowErrs, err)
	}
	if got, want := mustJSON(t, again), mustJSON(t, m); got != want {
		t.Fatalf("round trip changed the data:\n got %s\nwant %s", got, want)
	}
	b, err := os.ReadFile(filepath.Join(dir, masterdata.CustomersFile))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), ",50000.00\n") {
		t.Fatalf("WriteDir should keep a decimal's places (50000.00):\n%s", b)
	}
}

func TestWriteDirReadDirRoundTrip(t *testing.T) {
	t.Parallel()

	for _, m := range []*o2c.MasterData{
		{Customers: []o2c.Customer{{ID: "C1", Name: "Only the keys"}}},
		{Customers: []o2c.Customer{{ID: "C1", Name: "Acme, \"the\" best", VATID: "FR40303265045", GLN: "5412345000013",
			Email: "buy@acme.example", Street: "1 Main St\nSuite 2", PostalCode: "01000", City: "Lyon", Country: "FR",
			Currency: "EUR", PaymentTermsDays: intp(0), CreditLimit: dec("0.00")}}},
		{Products: []o2c.Product{{SKU: "X", Description: "Bolt", Unit: "C62", UnitPrice: dec("0.000001"), Currency: "KWD",
			VATRate: dec("100"), StockQty: dec("0"), MinOrderQty: dec("0.5"), PackSize: dec("999999999999.999999")}}},
		{ShipTos: []o2c.ShipTo{{CustomerID: "C1", AddressID: "A", Country: "GB"}, {CustomerID: "C1", AddressID: "B"}}},
		{CustomerItems: []o2c.CustomerItem{{CustomerID: "C1", CustomerSKU: "their code", SKU: "X"}}},
		{CustomerPrices: []o2c.CustomerPrice{{CustomerID: "C1", SKU: "X", UnitPrice: *dec("12.50"),
			ValidFrom: cal.MustParse("2024-02-29"), ValidTo: cal.MustParse("2024-02-29")}}},
	} {
		want := mustJSON(t, m)
		t.Run(want, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if err := masterdata.WriteDir(dir, m); err != nil {
				t.Fatal(err)
			}
			got, rowErrs, err := masterdata.ReadDir(dir)
			if err != nil || len(rowErrs) > 0 {
				t.Fatalf("ReadDir = %v, %v", rowErrs, err)
			}
			// Slices absent from m come back empty: compare against m with them filled in.
			norm := &o2c.MasterData{Customers: nonNil(m.Customers), ShipTos: nonNil(m.ShipTos), Products: nonNil(m.Products),
				CustomerItems: nonNil(m.CustomerItems), CustomerPrices: nonNil(m.CustomerPrices)}
			if g, w := mustJSON(t, got), mustJSON(t, norm); g != w {
				t.Fatalf("round trip:\n got %s\nwant %s", g, w)
			}
		})
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

const (
	customersHeader = "customer_id,name,vat_id,gln,email,street,postal_code,city,country,currency,payment_terms_days,credit_limit"
	productsHeader  = "sku,gtin,description,unit,unit_price,currency,vat_rate,stock_qty,min_order_qty,pack_size"
	shipToHeader    = "customer_id,address_id,name,street,postal_code,city,country"
	itemsHeader     = "customer_id,customer_sku,sku"
	pricesHeader    = "customer_id,sku,unit_price,valid_from,valid_to"
)

// customer returns a customers.csv row with one cell replaced.
func customer(col, value string) string {
	cells := map[string]string{"customer_id": "C1", "name": "Acme", "country": "FR", "currency": "EUR"}
	cells[col] = value
	return rowOf(customersHeader, cells)
}

func product(col, value string) string {
	cells := map[string]string{"sku": "P1", "description": "Bolt"}
	cells[col] = value
	return rowOf(productsHeader, cells)
}

func price(col, value string) string {
	cells := map[string]string{"customer_id": "C1", "sku": "P1", "unit_price": "1.00", "valid_from": "2026-01-01"}
	cells[col] = value
	return rowOf(pricesHeader, cells)
}

// rowOf writes the cells in the header's order, quoting every cell.
func rowOf(header string, cells map[string]string) string {
	cols := strings.Split(header, ",")
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = `"` + strings.ReplaceAll(cells[c], `"`, `""`) + `"`
	}
	return strings.Join(out, ",")
}

func TestReadFilesBadCell(t *testing.T) {
	t.Parallel()

	type want struct {
		line   int
		column string
		reason string // a part of the reason
	}
	for _, tc := range []struct {
		file    string
		content []byte
		want    want
	}{
		{masterdata.CustomersFile, csvFile(customersHeader, customer("customer_id", "")), want{2, "customer_id", "required"}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("name", "  ")), want{2, "name", "name is required"}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("name", "Bad \xff byte")), want{2, "name", "UTF-8"}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("customer_id", "C\x01")), want{2, "customer_id", "control character"}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("name", strings.Repeat("a", 1001))), want{2, "name", "longer than 1000"}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("gln", "4012345000008")), want{2, "gln", "last digit should be 9"}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("gln", "401234500000")), want{2, "gln", "expected 13 digits"}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("email", "Bob <bob@acme.example>")), want{2, "email", `"Bob <bob@acme.example>"`}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("email", "bob@localhost")), want{2, "email", "one address"}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("email", "a@x.example; b@x.example")), want{2, "email", "one address"}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("country", "UK")), want{2, "country", "use GB"}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("country", "FRA")), want{2, "country", "alpha-2"}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("country", "XX")), want{2, "country", `"XX"`}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("currency", "EURO")), want{2, "currency", "ISO 4217"}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("currency", "ZZZ")), want{2, "currency", `"ZZZ"`}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("payment_terms_days", "-1")), want{2, "payment_terms_days", "0 to 3650"}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("payment_terms_days", "3651")), want{2, "payment_terms_days", `"3651"`}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("payment_terms_days", "30.5")), want{2, "payment_terms_days", "whole number"}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("credit_limit", "-5")), want{2, "credit_limit", ">= 0"}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("credit_limit", "1,000.00")), want{2, "credit_limit", "'.' as the decimal separator"}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("credit_limit", "12,50")), want{2, "credit_limit", `"12,50"`}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("credit_limit", "1e5")), want{2, "credit_limit", "exponent"}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("credit_limit", "abc")), want{2, "credit_limit", "not a decimal"}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("credit_limit", ".5")), want{2, "credit_limit", "not a decimal"}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("credit_limit", "1.1234567")), want{2, "credit_limit", "6 decimal places"}},
		{masterdata.CustomersFile, csvFile(customersHeader, customer("credit_limit", "1000000000000000")), want{2, "credit_limit", "out of range"}},
		{masterdata.ProductsFile, csvFile(productsHeader, product("sku", "")), want{2, "sku", "required"}},
		{masterdata.ProductsFile, csvFile(productsHeader, product("description", "")), want{2, "description", "required"}},
		{masterdata.ProductsFile, csvFile(productsHeader, product("gtin", "4006381333932")), want{2, "gtin", "last digit should be 1"}},
		{masterdata.ProductsFile, csvFile(productsHeader, product("gtin", "12345")), want{2, "gtin", "8, 12, 13 or 14 digits"}},
		{masterdata.ProductsFile, csvFile(productsHeader, product("unit", "Stück")), want{2, "unit", "Recommendation 20"}},
		{masterdata.ProductsFile, csvFile(productsHeader, product("unit_price", "-0.01")), want{2, "unit_price", "out of range"}},
		{masterdata.ProductsFile, csvFile(productsHeader, product("currency", "€")), want{2, "currency", "ISO 4217"}},
		{masterdata.ProductsFile, csvFile(productsHeader, product("vat_rate", "101")), want{2, "vat_rate", "0 to 100"}},
		{masterdata.ProductsFile, csvFile(productsHeader, product("vat_rate", "-1")), want{2, "vat_rate", "0 to 100"}},
		{masterdata.ProductsFile, csvFile(productsHeader, product("stock_qty", "-1")), want{2, "stock_qty", ">= 0"}},
		{masterdata.ProductsFile, csvFile(productsHeader, product("min_order_qty", "0")), want{2, "min_order_qty", "> 0"}},
		{masterdata.ProductsFile, csvFile(productsHeader, product("pack_size", "0.000")), want{2, "pack_size", "> 0"}},
		{masterdata.ShipToFile, csvFile(shipToHeader, "C1,,Depot,,,,FR"), want{2, "address_id", "required"}},
		{masterdata.ShipToFile, csvFile(shipToHeader, "C1,A1,Depot,,,,Germany"), want{2, "country", `"Germany"`}},
		{masterdata.CustomerItemsFile, csvFile(itemsHeader, "C1,THEIRS,"), want{2, "sku", "required"}},
		{masterdata.CustomerPricesFile, csvFile(pricesHeader, price("unit_price", "")), want{2, "unit_price", "required"}},
		{masterdata.CustomerPricesFile, csvFile(pricesHeader, price("valid_from", "2026-02-30")), want{2, "valid_from", "YYYY-MM-DD"}},
		{masterdata.CustomerPricesFile, csvFile(pricesHeader, price("valid_to", "31/12/2026")), want{2, "valid_to", `"31/12/2026"`}},
		{masterdata.CustomerPricesFile, csvFile(pricesHeader, price("valid_to", "2025-12-31")), want{2, "valid_to", "before valid_from 2026-01-01"}},
		// Whole-row and whole-file problems.
		{masterdata.CustomersFile, csvFile(customersHeader, customer("name", "A"), customer("name", "B")), want{3, "customer_id", "on line 2"}},
		{masterdata.ShipToFile, csvFile(shipToHeader, "C1,A1,,,,,", "C2,A1,,,,,", "C1,A1,,,,,"), want{4, "address_id", `customer_id "C1", address_id "A1"`}},
		{masterdata.CustomerPricesFile, csvFile(pricesHeader, price("", ""), price("unit_price", "2")), want{3, "valid_from", "on line 2"}},
		{masterdata.CustomerItemsFile, csvFile(itemsHeader, "C1,X"), want{2, "", "2 cells but the header has 3"}},
		{masterdata.ProductsFile, csvFile("sku,description", `P1,"multi`+"\n"+`line"`, `P2,X"Y`), want{4, "", "bare \""}},
		{masterdata.CustomersFile, csvFile("customer_id,vat_id", "C1,FR1"), want{1, "name", "required column"}},
		{masterdata.CustomersFile, csvFile("customer_id,name,Name", "C1,A,B"), want{1, "name", "appears twice"}},
		{masterdata.CustomersFile, []byte{}, want{1, "", "header row is required"}},
		{masterdata.ProductsFile, []byte("\xEF\xBB\xBF"), want{1, "", "header row is required"}},
	} {
		t.Run(caseName(tc.file, tc.content), func(t *testing.T) {
			t.Parallel()
			m, rowErrs, err := masterdata.ReadFiles(map[string][]byte{tc.file: tc.content})
			if err != nil {
				t.Fatalf("ReadFiles error = %v, want row errors", err)
			}
			if m != nil {
				t.Fatal("ReadFiles returned master data along with row errors")
			}
			if len(rowErrs) != 1 {
				t.Fatalf("got %d row errors, want 1: %+v", len(rowErrs), rowErrs)
			}
			got := rowErrs[0]
			if got.File != tc.file || got.Line != tc.want.line || got.Column != tc.want.column ||
				!strings.Contains(got.Reason, tc.want.reason) {
				t.Fatalf("row error = %+v\nwant file %s line %d column %q reason containing %q",
					got, tc.file, tc.want.line, tc.want.column, tc.want.reason)
			}
		})
	}
}

// caseName names a case by its file and last row, cut short.
func caseName(file string, content []byte) string {
	lines := strings.Split(strings.TrimRight(string(content), "\n"), "\n")
	last := []rune(lines[len(lines)-1])
	if len(last) > 40 {
		last = append(last[:40], '…')
	}
	return fmt.Sprintf("%s/%q", file, string(last))
}

func TestReadFilesReportsEveryError(t *testing.T) {
	t.Parallel()

	m, rowErrs, err := masterdata.ReadFiles(map[string][]byte{
		masterdata.CustomersFile: csvFile("name,customer_id,country,credit_limit",
			"Acme,C1,XX,12,5", // 5 cells: the row is reported once
			"Acme,C2,XX,abc",
			`"Beta, Inc",C3,de,1.5`,
			"Gamma,,FR,-1"),
		masterdata.ProductsFile: csvFile("sku,description,gtin", "P1,,1"),
		"README.txt":            []byte("ignored"),
	})
	if err != nil || m != nil {
		t.Fatalf("ReadFiles = %v, %v; want row errors only", m, err)
	}
	var got []string
	for _, e := range rowErrs {
		got = append(got, fmt.Sprintf("%s:%d:%s", e.File, e.Line, e.Column))
	}
	want := []string{"customers.csv:2:", "customers.csv:3:country", "customers.csv:3:credit_limit",
		"customers.csv:5:customer_id", "customers.csv:5:credit_limit", "products.csv:2:description", "products.csv:2:gtin"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("errors at\n %v\nwant\n %v\n(%+v)", got, want, rowErrs)
	}
}

func TestReadFilesLimits(t *testing.T) {
	t.Parallel()

	t.Run("ErrNoFile", func(t *testing.T) {
		t.Parallel()
		_, _, err := masterdata.ReadFiles(map[string][]byte{"customer.csv": csvFile(customersHeader)})
		if o2c.ErrorCode(err) != o2c.CodeInvalid {
			t.Fatalf("err = %v, want CodeInvalid", err)
		}
		_, _, err = masterdata.ReadDir(t.TempDir())
		if o2c.ErrorCode(err) != o2c.CodeInvalid {
			t.Fatalf("ReadDir(empty) err = %v, want CodeInvalid", err)
		}
	})
	t.Run("ErrFileOver50MB", func(t *testing.T) {
		t.Parallel()
		big := make([]byte, 50<<20+1)
		_, _, err := masterdata.ReadFiles(map[string][]byte{masterdata.ProductsFile: big})
		if o2c.ErrorCode(err) != o2c.CodeTooLarge || !strings.Contains(o2c.ErrorMessage(err), "products.csv") {
			t.Fatalf("err = %v, want CodeTooLarge naming the file", err)
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, masterdata.ProductsFile), big, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, _, err := masterdata.ReadDir(dir); o2c.ErrorCode(err) != o2c.CodeTooLarge {
			t.Fatalf("ReadDir err = %v, want CodeTooLarge", err)
		}
	})
	t.Run("ErrOverMillionRows", func(t *testing.T) {
		t.Parallel()
		content := "sku,description\n" + strings.Repeat(",\n", 1_000_001)
		_, _, err := masterdata.ReadFiles(map[string][]byte{masterdata.ProductsFile: []byte(content)})
		if o2c.ErrorCode(err) != o2c.CodeTooLarge {
			t.Fatalf("err = %v, want CodeTooLarge", err)
		}
	})
	t.Run("OneThousandErrorsListed", func(t *testing.T) {
		t.Parallel()
		content := "sku,description\n" + strings.Repeat("P,\n", 1500)
		_, rowErrs, err := masterdata.ReadFiles(map[string][]byte{masterdata.ProductsFile: []byte(content)})
		if err != nil || len(rowErrs) != 1001 {
			t.Fatalf("got %d row errors, %v; want 1000 and a count of the rest", len(rowErrs), err)
		}
		if last := rowErrs[1000]; !strings.Contains(last.Reason, "1999 more errors") {
			t.Fatalf("last error = %+v", last)
		}
	})
}
