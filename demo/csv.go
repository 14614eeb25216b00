package demo

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

// The spec's master-data files (shared/spec/README.md §2), with their headers in column order.
var (
	customersHeader      = []string{"customer_id", "name", "vat_id", "gln", "email", "street", "postal_code", "city", "country", "currency", "payment_terms_days", "credit_limit"}
	shipToHeader         = []string{"customer_id", "address_id", "name", "street", "postal_code", "city", "country"}
	productsHeader       = []string{"sku", "gtin", "description", "unit", "unit_price", "currency", "vat_rate", "stock_qty", "min_order_qty", "pack_size"}
	customerItemsHeader  = []string{"customer_id", "customer_sku", "sku"}
	customerPricesHeader = []string{"customer_id", "sku", "unit_price", "valid_from", "valid_to"}
)

// WriteCSV writes m into dir as the five master-data files of the spec: customers.csv,
// ship_to.csv, products.csv, customer_items.csv and customer_prices.csv, UTF-8, comma-separated,
// with a header row, decimals with '.', dates YYYY-MM-DD and empty cells for unknown values.
// It creates dir if need be and overwrites the files.
func WriteCSV(dir string, m *o2c.MasterData) error {
	files := []struct {
		name   string
		header []string
		rows   [][]string
	}{
		{"customers.csv", customersHeader, customerRecords(m.Customers)},
		{"ship_to.csv", shipToHeader, shipToRecords(m.ShipTos)},
		{"products.csv", productsHeader, productRecords(m.Products)},
		{"customer_items.csv", customerItemsHeader, customerItemRecords(m.CustomerItems)},
		{"customer_prices.csv", customerPricesHeader, customerPriceRecords(m.CustomerPrices)},
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create master-data directory %s: %w", dir, err)
	}
	for _, f := range files {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		if err := w.Write(f.header); err != nil {
			return fmt.Errorf("write %s: %w", f.name, err)
		}
		if err := w.WriteAll(f.rows); err != nil {
			return fmt.Errorf("write %s: %w", f.name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, f.name), buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("write %s: %w", f.name, err)
		}
	}
	return nil
}

func customerRecords(cs []o2c.Customer) [][]string {
	out := make([][]string, 0, len(cs))
	for _, c := range cs {
		terms := ""
		if c.PaymentTermsDays != nil {
			terms = strconv.Itoa(*c.PaymentTermsDays)
		}
		out = append(out, []string{c.ID, c.Name, c.VATID, c.GLN, c.Email, c.Street, c.PostalCode, c.City,
			c.Country, c.Currency, terms, fixed2(c.CreditLimit)})
	}
	return out
}

func shipToRecords(ss []o2c.ShipTo) [][]string {
	out := make([][]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, []string{s.CustomerID, s.AddressID, s.Name, s.Street, s.PostalCode, s.City, s.Country})
	}
	return out
}

func productRecords(ps []o2c.Product) [][]string {
	out := make([][]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, []string{p.SKU, p.GTIN, p.Description, p.Unit, fixed2(p.UnitPrice), p.Currency,
			plain(p.VATRate), plain(p.StockQty), plain(p.MinOrderQty), plain(p.PackSize)})
	}
	return out
}

func customerItemRecords(is []o2c.CustomerItem) [][]string {
	out := make([][]string, 0, len(is))
	for _, it := range is {
		out = append(out, []string{it.CustomerID, it.CustomerSKU, it.SKU})
	}
	return out
}

func customerPriceRecords(ps []o2c.CustomerPrice) [][]string {
	out := make([][]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, []string{p.CustomerID, p.SKU, p.UnitPrice.StringFixed(2), p.ValidFrom.String(), p.ValidTo.String()})
	}
	return out
}

// fixed2 writes an amount with its two decimals ("12.50"), or "" when unknown.
func fixed2(d *decimal.Decimal) string {
	if d == nil {
		return ""
	}
	return d.StringFixed(2)
}

// plain writes a rate or quantity as it is ("5.5", "20"), or "" when unknown.
func plain(d *decimal.Decimal) string {
	if d == nil {
		return ""
	}
	return d.String()
}

// WriteOrders writes each order's canonical JSON into dir as NN-name.json (NN its 1-based place
// in orders, so that file order is sending order), indented, and expected.json, which maps each
// order's name to the anomaly codes it must end with ([] for a clean order). It creates dir if
// need be.
func WriteOrders(dir string, orders []Order) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create orders directory %s: %w", dir, err)
	}
	expected := make(map[string][]o2c.AnomalyCode, len(orders))
	for i, o := range orders {
		if _, dup := expected[o.Name]; dup {
			return fmt.Errorf("write orders: two orders are named %q", o.Name)
		}
		codes := o.Expect
		if codes == nil {
			codes = []o2c.AnomalyCode{}
		}
		expected[o.Name] = codes
		name := fmt.Sprintf("%02d-%s.json", i+1, o.Name)
		if err := writeJSON(filepath.Join(dir, name), o.Draft); err != nil {
			return fmt.Errorf("write order %s: %w", o.Name, err)
		}
	}
	if err := writeJSON(filepath.Join(dir, "expected.json"), expected); err != nil {
		return fmt.Errorf("write expected codes: %w", err)
	}
	return nil
}

// writeJSON writes v indented by two spaces, with a final newline. Map keys come out sorted, so
// the bytes are the same on every run.
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
