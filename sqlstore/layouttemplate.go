package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/o2c-project/o2c"
)

// FindLayoutTemplates lists the layouts learned of a sender's documents, oldest first.
func (r *reader) FindLayoutTemplates(ctx context.Context, sender string) ([]o2c.LayoutTemplate, error) {
	rows, err := r.query(ctx, `
		SELECT id, sender, template, updated_at, updated_by
		FROM layout_templates WHERE sender = $1 ORDER BY id`, sender)
	if err != nil {
		return nil, fmt.Errorf("find layout templates of %s: %w", sender, err)
	}
	defer rows.Close()
	out := []o2c.LayoutTemplate{}
	for rows.Next() {
		var (
			t        o2c.LayoutTemplate
			template string
		)
		if err := rows.Scan(&t.ID, &t.Sender, &template, instantScanner{&t.UpdatedAt}, &t.UpdatedBy); err != nil {
			return nil, fmt.Errorf("find layout templates of %s: %w", sender, err)
		}
		t.Template = []byte(template)
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find layout templates of %s: %w", sender, err)
	}
	return out, nil
}

// SaveLayoutTemplate inserts a new template (ID 0, then set) or replaces the one of its ID, with
// the transaction's Now as its UpdatedAt. CodeNotFound when the ID is no stored template's.
func (t *tx) SaveLayoutTemplate(ctx context.Context, lt *o2c.LayoutTemplate) error {
	if len(lt.Template) == 0 {
		return fmt.Errorf("save layout template of %s: the template is empty", lt.Sender)
	}
	if lt.ID == 0 {
		err := t.queryRow(ctx, `
			INSERT INTO layout_templates (sender, template, updated_at, updated_by)
			VALUES ($1, $2, $3, $4)
			RETURNING id`,
			lt.Sender, string(lt.Template), t.instant(t.now), lt.UpdatedBy).Scan(&lt.ID)
		if err != nil {
			return fmt.Errorf("save new layout template of %s: %w", lt.Sender, err)
		}
		lt.UpdatedAt = t.now
		return nil
	}
	var id int64
	err := t.queryRow(ctx, `
		UPDATE layout_templates SET sender = $2, template = $3, updated_at = $4, updated_by = $5
		WHERE id = $1
		RETURNING id`,
		lt.ID, lt.Sender, string(lt.Template), t.instant(t.now), lt.UpdatedBy).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return o2c.Errorf(o2c.CodeNotFound, "there is no layout template %d", lt.ID)
	} else if err != nil {
		return fmt.Errorf("save layout template %d of %s: %w", lt.ID, lt.Sender, err)
	}
	lt.UpdatedAt = t.now
	return nil
}
