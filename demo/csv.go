package demo

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/masterdata"
)

// WriteCSV writes m into dir as the spec's five master-data files (customers.csv, ship_to.csv,
// products.csv, customer_items.csv, customer_prices.csv) with masterdata.WriteDir: a header row,
// decimals with their own places, empty cells for unknown values. It creates dir if need be and
// overwrites the files.
func WriteCSV(dir string, m *o2c.MasterData) error {
	return masterdata.WriteDir(dir, m)
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
