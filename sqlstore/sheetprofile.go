package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/o2c-project/o2c"
)

const sheetProfileColumns = `customer_id, profile, updated_at, updated_by`

func scanSheetProfile(s rowScanner) (*o2c.SheetProfile, error) {
	var (
		p       o2c.SheetProfile
		profile string
	)
	if err := s.Scan(&p.CustomerID, &profile, instantScanner{&p.UpdatedAt}, &p.UpdatedBy); err != nil {
		return nil, err
	}
	p.Profile = json.RawMessage(profile)
	return &p, nil
}

// FindSheetProfile returns the customer's saved mapping. CodeNotFound when it has none.
func (r *reader) FindSheetProfile(ctx context.Context, customerID string) (*o2c.SheetProfile, error) {
	p, err := scanSheetProfile(r.queryRow(ctx,
		`SELECT `+sheetProfileColumns+` FROM sheet_profiles WHERE customer_id = $1`, customerID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, o2c.Errorf(o2c.CodeNotFound, "customer %s has no sheet profile", customerID)
	} else if err != nil {
		return nil, fmt.Errorf("find sheet profile of customer %s: %w", customerID, err)
	}
	return p, nil
}

// FindSheetProfiles lists every saved mapping, by customer id.
func (r *reader) FindSheetProfiles(ctx context.Context) ([]*o2c.SheetProfile, error) {
	rows, err := r.query(ctx, `SELECT `+sheetProfileColumns+` FROM sheet_profiles ORDER BY customer_id`)
	if err != nil {
		return nil, fmt.Errorf("find sheet profiles: %w", err)
	}
	defer rows.Close()
	var out []*o2c.SheetProfile
	for rows.Next() {
		p, err := scanSheetProfile(rows)
		if err != nil {
			return nil, fmt.Errorf("find sheet profiles: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find sheet profiles: %w", err)
	}
	return out, nil
}

// SaveSheetProfile inserts or replaces the profile of p.CustomerID, with the transaction's Now as
// its UpdatedAt. A customer that does not exist breaks the foreign key: app checks it first.
func (t *tx) SaveSheetProfile(ctx context.Context, p o2c.SheetProfile) error {
	if len(p.Profile) == 0 {
		return fmt.Errorf("save sheet profile of customer %s: the profile is empty", p.CustomerID)
	}
	_, err := t.exec(ctx, `
		INSERT INTO sheet_profiles (customer_id, profile, updated_at, updated_by)
		VALUES ($1, $2, $3, $4)
		ON CONFLICT (customer_id) DO UPDATE SET
			profile    = excluded.profile,
			updated_at = excluded.updated_at,
			updated_by = excluded.updated_by`,
		p.CustomerID, string(p.Profile), t.instant(t.now), p.UpdatedBy)
	if err != nil {
		return fmt.Errorf("save sheet profile of customer %s: %w", p.CustomerID, err)
	}
	return nil
}

// DeleteSheetProfile removes the customer's profile. CodeNotFound when it has none.
func (t *tx) DeleteSheetProfile(ctx context.Context, customerID string) error {
	res, err := t.exec(ctx, `DELETE FROM sheet_profiles WHERE customer_id = $1`, customerID)
	if err != nil {
		return fmt.Errorf("delete sheet profile of customer %s: %w", customerID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("delete sheet profile of customer %s: %w", customerID, err)
	}
	if n == 0 {
		return o2c.Errorf(o2c.CodeNotFound, "customer %s has no sheet profile", customerID)
	}
	return nil
}
