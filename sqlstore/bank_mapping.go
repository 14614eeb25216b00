package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/o2c-project/o2c"
)

// FindBankCSVMappings lists every saved bank CSV mapping by name.
func (r *reader) FindBankCSVMappings(ctx context.Context) ([]*o2c.BankCSVMapping, error) {
	rows, err := r.query(ctx, `SELECT name, mapping, updated_at, updated_by FROM bank_csv_mappings ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("find bank CSV mappings: %w", err)
	}
	defer rows.Close()
	var out []*o2c.BankCSVMapping
	for rows.Next() {
		var (
			m       o2c.BankCSVMapping
			mapping string
		)
		if err := rows.Scan(&m.Name, &mapping, instantScanner{&m.UpdatedAt}, &m.UpdatedBy); err != nil {
			return nil, fmt.Errorf("find bank CSV mappings: %w", err)
		}
		m.Mapping = json.RawMessage(mapping)
		out = append(out, &m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find bank CSV mappings: %w", err)
	}
	return out, nil
}

// SaveBankCSVMapping inserts or replaces the mapping of m.Name, with the transaction's Now.
func (t *tx) SaveBankCSVMapping(ctx context.Context, m o2c.BankCSVMapping) error {
	if m.Name == "" || len(m.Mapping) == 0 {
		return o2c.Errorf(o2c.CodeInvalid, "a bank CSV mapping needs a name and a mapping")
	}
	if _, err := t.exec(ctx, `
		INSERT INTO bank_csv_mappings (name, mapping, updated_at, updated_by) VALUES ($1, $2, $3, $4)
		ON CONFLICT (name) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at,
			updated_by = excluded.updated_by`,
		m.Name, string(m.Mapping), t.instant(t.now), m.UpdatedBy); err != nil {
		return fmt.Errorf("save bank CSV mapping %q: %w", m.Name, err)
	}
	return nil
}

// DeleteBankCSVMapping removes a mapping. CodeNotFound when there is none of that name.
func (t *tx) DeleteBankCSVMapping(ctx context.Context, name string) error {
	res, err := t.exec(ctx, `DELETE FROM bank_csv_mappings WHERE name = $1`, name)
	if err != nil {
		return fmt.Errorf("delete bank CSV mapping %q: %w", name, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("delete bank CSV mapping %q: %w", name, err)
	} else if n == 0 {
		return o2c.Errorf(o2c.CodeNotFound, "there is no bank CSV mapping %q", name)
	}
	return nil
}
