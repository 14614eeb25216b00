package sqlstore

import (
	"context"
	"fmt"

	"github.com/o2c-project/o2c"
)

const insertEventQuery = `
	INSERT INTO audit_events (entity, entity_id, action, actor, at, before, after, note)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
	RETURNING id`

// FindEvents returns the audit trail of one thing, oldest first.
func (r *reader) FindEvents(ctx context.Context, entity, entityID string) ([]o2c.AuditEvent, error) {
	rows, err := r.query(ctx, `
		SELECT id, entity, entity_id, action, actor, at, before, after, note
		FROM audit_events WHERE entity = $1 AND entity_id = $2 ORDER BY id`, entity, entityID)
	if err != nil {
		return nil, fmt.Errorf("find events of %s %s: %w", entity, entityID, err)
	}
	defer rows.Close()
	var events []o2c.AuditEvent
	for rows.Next() {
		var (
			e             o2c.AuditEvent
			before, after *string
		)
		if err := rows.Scan(&e.ID, &e.Entity, &e.EntityID, &e.Action, &e.Actor, instantScanner{&e.At},
			&before, &after, &e.Note); err != nil {
			return nil, fmt.Errorf("find events of %s %s: %w", entity, entityID, err)
		}
		e.Before, e.After = rawJSON(before), rawJSON(after)
		events = append(events, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find events of %s %s: %w", entity, entityID, err)
	}
	return events, nil
}

// AddEvent appends to the audit trail and sets the event's ID, and At to the transaction's Now.
func (t *tx) AddEvent(ctx context.Context, e *o2c.AuditEvent) error {
	err := t.queryRow(ctx, insertEventQuery,
		e.Entity, e.EntityID, e.Action, e.Actor, t.instant(t.now), jsonOrNull(e.Before), jsonOrNull(e.After), e.Note,
	).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("add %s event to %s %s: %w", e.Action, e.Entity, e.EntityID, err)
	}
	e.At = t.now
	return nil
}
