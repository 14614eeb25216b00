package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/o2c-project/o2c"
)

const documentColumns = `id, natural_key, channel, filename, content_type, sender, sha256, size, content, received_at`

// FindDocumentByID returns a stored original with its content. CodeNotFound.
func (r *reader) FindDocumentByID(ctx context.Context, id int64) (*o2c.Document, error) {
	d, err := scanDocument(r.queryRow(ctx, `SELECT `+documentColumns+` FROM documents WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, o2c.Errorf(o2c.CodeNotFound, "document %d not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("find document %d: %w", id, err)
	}
	return d, nil
}

// FindDocumentByNaturalKey returns the document received under key, with its content. CodeNotFound.
func (r *reader) FindDocumentByNaturalKey(ctx context.Context, key string) (*o2c.Document, error) {
	d, err := scanDocument(r.queryRow(ctx, `SELECT `+documentColumns+` FROM documents WHERE natural_key = $1`, key))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, o2c.Errorf(o2c.CodeNotFound, "no document with natural key %q", key)
	} else if err != nil {
		return nil, fmt.Errorf("find document by natural key %q: %w", key, err)
	}
	return d, nil
}

func scanDocument(row *sql.Row) (*o2c.Document, error) {
	var d o2c.Document
	err := row.Scan(&d.ID, &d.NaturalKey, &d.Channel, &d.Filename, &d.ContentType, &d.Sender, &d.SHA256,
		&d.Size, &d.Content, instantScanner{&d.ReceivedAt})
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// CreateDocument stores an original and sets its ID, and its ReceivedAt to the transaction's Now
// unless it is set already (an archive import keeps the original arrival). CodeConflict when a
// document with the same natural key exists; the transaction stays usable, so the caller can
// treat the repeat as a no-op.
func (t *tx) CreateDocument(ctx context.Context, d *o2c.Document) error {
	content := d.Content
	if content == nil {
		content = []byte{} // an empty original is still an original; the column is NOT NULL
	}
	receivedAt := t.now
	if !d.ReceivedAt.IsZero() {
		receivedAt = storedInstant(d.ReceivedAt)
	}
	// DO NOTHING rather than a unique violation: on PostgreSQL an error would abort the whole
	// transaction, on SQLite it would not, and callers must see the same behaviour on both.
	err := t.queryRow(ctx, `
		INSERT INTO documents (natural_key, channel, filename, content_type, sender, sha256, size, content, received_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT DO NOTHING
		RETURNING id`,
		d.NaturalKey, d.Channel, d.Filename, d.ContentType, d.Sender, d.SHA256, d.Size, content, t.instant(receivedAt),
	).Scan(&d.ID)
	if errors.Is(err, sql.ErrNoRows) || t.d.IsUniqueViolation(err) {
		return o2c.Errorf(o2c.CodeConflict, "a document with natural key %q exists already", d.NaturalKey)
	} else if err != nil {
		return fmt.Errorf("create document %q: %w", d.NaturalKey, err)
	}
	d.ReceivedAt = receivedAt
	return nil
}
