package masterdata

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

// WriteDir writes m as the five CSV files of the spec into dir, creating dir if needed and
// replacing files of the same names. Every file is written, with its header row, even when it has
// no rows. Columns come in the spec's order; decimals keep their own places (12.50 stays 12.50).
func WriteDir(dir string, m *o2c.MasterData) error {
	contents, err := encode(m)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create master-data dir: %w", err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.name), contents[f.name], 0o644); err != nil {
			return fmt.Errorf("write master data: %w", err)
		}
	}
	return nil
}

// encode renders m as the contents of the five files, keyed by file name.
func encode(m *o2c.MasterData) (map[string][]byte, error) {
	contents := make(map[string][]byte, len(files))
	for _, f := range files {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		if err := w.Write(f.columns); err != nil {
			return nil, fmt.Errorf("write %s header: %w", f.name, err)
		}
		if err := f.write(m, func(cells ...string) error { return w.Write(cells) }); err != nil {
			return nil, fmt.Errorf("write %s: %w", f.name, err)
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return nil, fmt.Errorf("write %s: %w", f.name, err)
		}
		contents[f.name] = buf.Bytes()
	}
	return contents, nil
}

// formatDecimal writes a decimal with its own number of places, "" for unknown.
func formatDecimal(d *decimal.Decimal) string {
	if d == nil {
		return ""
	}
	if d.Exponent() < 0 {
		return d.StringFixed(-d.Exponent())
	}
	return d.String()
}

func formatInt(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}
