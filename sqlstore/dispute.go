package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/money"
)

// A dispute's amounts are BIGINT minor units of its invoice's currency, like the invoice's own;
// its contested lines are a JSON array. Comments and attached documents are rows of their own,
// appended and never changed.

const disputeColumns = `d.id, d.invoice_id, i.number, d.customer_id, d.status, d.reason, d.lines, d.amount, d.currency,
	d.owner, d.due_date, d.payment_ref, d.resolution, d.resolution_note, d.credit_note_id, d.written_off,
	d.created_by, d.resolved_by, d.version, d.created_at, d.updated_at, d.resolved_at`

const disputeFrom = ` FROM disputes d JOIN invoices i ON i.id = d.invoice_id`

// Page sizes of FindDisputes.
const (
	DefaultDisputeLimit = 50
	MaxDisputeLimit     = 500
)

func scanDispute(s rowScanner) (*o2c.Dispute, error) {
	var (
		d                  o2c.Dispute
		lines              string
		amount, writtenOff int64
		creditNote         sql.NullInt64
	)
	err := s.Scan(&d.ID, &d.InvoiceID, &d.InvoiceNumber, &d.CustomerID, &d.Status, &d.Reason, &lines, &amount, &d.Currency,
		&d.Owner, &d.DueDate, &d.PaymentRef, &d.Resolution, &d.ResolutionNote, &creditNote, &writtenOff,
		&d.CreatedBy, &d.ResolvedBy, &d.Version, instantScanner{&d.CreatedAt}, instantScanner{&d.UpdatedAt},
		instantScanner{&d.ResolvedAt})
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(lines), &d.Lines); err != nil {
		return nil, fmt.Errorf("dispute %d lines: %w", d.ID, err)
	}
	cur := money.Currency(d.Currency)
	d.Amount, d.WrittenOff = cur.FromMinor(amount), cur.FromMinor(writtenOff)
	d.CreditNoteID = creditNote.Int64
	return &d, nil
}

// FindDisputeByID returns a dispute with its thread and documents. CodeNotFound.
func (r *reader) FindDisputeByID(ctx context.Context, id int64) (*o2c.Dispute, error) {
	d, err := scanDispute(r.queryRow(ctx, `SELECT `+disputeColumns+disputeFrom+` WHERE d.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, o2c.Errorf(o2c.CodeNotFound, "dispute %d not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("find dispute %d: %w", id, err)
	}
	if d.Comments, err = r.disputeComments(ctx, id); err != nil {
		return nil, err
	}
	if d.Documents, err = r.disputeDocuments(ctx, id); err != nil {
		return nil, err
	}
	return d, nil
}

func (r *reader) disputeComments(ctx context.Context, id int64) ([]o2c.DisputeComment, error) {
	rows, err := r.query(ctx, `SELECT id, author, at, text FROM dispute_comments WHERE dispute_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("find comments of dispute %d: %w", id, err)
	}
	defer rows.Close()
	var out []o2c.DisputeComment
	for rows.Next() {
		var c o2c.DisputeComment
		if err := rows.Scan(&c.ID, &c.Author, instantScanner{&c.At}, &c.Text); err != nil {
			return nil, fmt.Errorf("find comments of dispute %d: %w", id, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (r *reader) disputeDocuments(ctx context.Context, id int64) ([]o2c.DisputeDocument, error) {
	rows, err := r.query(ctx, `SELECT sha256, file_name, added_by, added_at FROM dispute_documents
		WHERE dispute_id = $1 ORDER BY added_at, sha256`, id)
	if err != nil {
		return nil, fmt.Errorf("find documents of dispute %d: %w", id, err)
	}
	defer rows.Close()
	var out []o2c.DisputeDocument
	for rows.Next() {
		var doc o2c.DisputeDocument
		if err := rows.Scan(&doc.SHA256, &doc.FileName, &doc.AddedBy, instantScanner{&doc.AddedAt}); err != nil {
			return nil, fmt.Errorf("find documents of dispute %d: %w", id, err)
		}
		out = append(out, doc)
	}
	return out, rows.Err()
}

// FindDisputes returns one page of disputes, by due date (none last) then id, and the total count.
func (r *reader) FindDisputes(ctx context.Context, f o2c.DisputeFilter) ([]*o2c.Dispute, int, error) {
	var w where
	if len(f.Status) > 0 {
		ph := make([]string, len(f.Status))
		for i, s := range f.Status {
			ph[i] = w.arg(s)
		}
		w.add("d.status IN (" + strings.Join(ph, ", ") + ")")
	}
	if f.InvoiceID != 0 {
		w.add("d.invoice_id = " + w.arg(f.InvoiceID))
	}
	if f.CustomerID != "" {
		w.add("d.customer_id = " + w.arg(f.CustomerID))
	}
	if f.Owner != "" {
		w.add("d.owner = " + w.arg(f.Owner))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultDisputeLimit
	}
	limit = min(limit, MaxDisputeLimit)
	offset := max(f.Offset, 0)
	filter := w.sql()
	filterArgs := len(w.args)
	page := `SELECT ` + disputeColumns + disputeFrom + filter +
		` ORDER BY d.due_date IS NULL, d.due_date, d.id LIMIT ` + w.arg(limit) + ` OFFSET ` + w.arg(offset)
	rows, err := r.query(ctx, page, w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find disputes: %w", err)
	}
	defer rows.Close()
	var list []*o2c.Dispute
	for rows.Next() {
		d, err := scanDispute(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("find disputes: %w", err)
		}
		list = append(list, d)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find disputes: %w", err)
	}
	if len(list) < limit && (len(list) > 0 || offset == 0) {
		return list, offset + len(list), nil
	}
	var total int
	if err := r.queryRow(ctx, `SELECT count(*)`+disputeFrom+filter, w.args[:filterArgs]...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count disputes: %w", err)
	}
	return list, total, nil
}

// disputeValues returns the parameters of a dispute's mutable columns, in the order of
// updateDisputeQuery: status, reason, lines, amount, owner, due date, resolution, note, credit
// note, written off, resolved by.
func disputeValues(d *o2c.Dispute) ([]any, error) {
	if !d.Status.Valid() {
		return nil, o2c.Errorf(o2c.CodeInvalid, "dispute status %q is unknown", d.Status)
	}
	if !d.Reason.Valid() {
		return nil, o2c.Errorf(o2c.CodeInvalid, "dispute reason %q is unknown", d.Reason)
	}
	cur, err := money.ParseCurrency(d.Currency)
	if err != nil {
		return nil, o2c.Errorf(o2c.CodeInvalid, "dispute currency: %s", err.Error())
	}
	amount, err := cur.ToMinor(d.Amount)
	if err != nil {
		return nil, o2c.Errorf(o2c.CodeInvalid, "dispute amount: %s", err.Error())
	}
	writtenOff, err := cur.ToMinor(d.WrittenOff)
	if err != nil {
		return nil, o2c.Errorf(o2c.CodeInvalid, "dispute written off: %s", err.Error())
	}
	lines := d.Lines
	if lines == nil {
		lines = []o2c.DisputeLine{}
	}
	linesText, err := jsonText(lines)
	if err != nil {
		return nil, err
	}
	return []any{d.Status, d.Reason, linesText, amount, d.Owner, d.DueDate, d.Resolution, d.ResolutionNote,
		idOrNull(d.CreditNoteID), writtenOff, d.ResolvedBy}, nil
}

// CreateDispute stores a new dispute. CodeNotFound for an unknown invoice, CodeConflict on a
// payment reference the invoice has a dispute of.
func (t *tx) CreateDispute(ctx context.Context, d *o2c.Dispute) error {
	// Checked first: a foreign-key failure would end a PostgreSQL transaction.
	inv, err := t.FindInvoiceByID(ctx, d.InvoiceID)
	if err != nil {
		return fmt.Errorf("create dispute: %w", err)
	}
	d.CustomerID, d.Currency = inv.CustomerID, inv.Currency // a dispute is always in its invoice's terms
	values, err := disputeValues(d)
	if err != nil {
		return err
	}
	now := t.instant(t.now)
	args := append([]any{d.InvoiceID, d.CustomerID, d.Currency, d.PaymentRef, d.CreatedBy, now}, values...)
	err = t.queryRow(ctx, `
		INSERT INTO disputes (invoice_id, customer_id, currency, payment_ref, created_by, created_at, updated_at,
			status, reason, lines, amount, owner, due_date, resolution, resolution_note, credit_note_id, written_off,
			resolved_by, version)
		VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 1)
		ON CONFLICT DO NOTHING
		RETURNING id`, args...).Scan(&d.ID)
	if errors.Is(err, sql.ErrNoRows) || t.d.IsUniqueViolation(err) {
		return o2c.Errorf(o2c.CodeConflict, "invoice %s has a dispute for payment %s already", inv.Number, d.PaymentRef)
	} else if err != nil {
		return fmt.Errorf("create dispute of invoice %d: %w", d.InvoiceID, err)
	}
	d.InvoiceNumber, d.Version, d.CreatedAt, d.UpdatedAt = inv.Number, 1, t.now, t.now
	return nil
}

const updateDisputeQuery = `
	UPDATE disputes SET status = $1, reason = $2, lines = $3, amount = $4, owner = $5, due_date = $6,
		resolution = $7, resolution_note = $8, credit_note_id = $9, written_off = $10, resolved_by = $11,
		resolved_at = CASE WHEN $1 IN ('resolved', 'dismissed') THEN COALESCE(resolved_at, $12) ELSE NULL END,
		updated_at = $12, version = version + 1
	WHERE id = $13 AND version = $14`

// UpdateDispute saves d under its version.
func (t *tx) UpdateDispute(ctx context.Context, d *o2c.Dispute) error {
	values, err := disputeValues(d)
	if err != nil {
		return err
	}
	res, err := t.exec(ctx, updateDisputeQuery, append(values, t.instant(t.now), d.ID, d.Version)...)
	if err != nil {
		return fmt.Errorf("update dispute %d: %w", d.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("update dispute %d: %w", d.ID, err)
	} else if n == 0 {
		var version int64
		err := t.queryRow(ctx, `SELECT version FROM disputes WHERE id = $1`, d.ID).Scan(&version)
		if errors.Is(err, sql.ErrNoRows) {
			return o2c.Errorf(o2c.CodeNotFound, "dispute %d not found", d.ID)
		} else if err != nil {
			return fmt.Errorf("update dispute %d: %w", d.ID, err)
		}
		return o2c.Errorf(o2c.CodeConflict, "dispute %d was changed by someone else (version %d, not %d): reload it",
			d.ID, version, d.Version)
	}
	var resolvedAt = d.ResolvedAt
	if err := t.queryRow(ctx, `SELECT resolved_at FROM disputes WHERE id = $1`, d.ID).Scan(instantScanner{&resolvedAt}); err != nil {
		return fmt.Errorf("update dispute %d: %w", d.ID, err)
	}
	d.Version++
	d.UpdatedAt, d.ResolvedAt = t.now, resolvedAt
	return nil
}

// disputeExists is CodeNotFound unless dispute id exists; checked before inserting rows that
// reference it, since a foreign-key failure would end a PostgreSQL transaction.
func (t *tx) disputeExists(ctx context.Context, id int64) error {
	var n int
	if err := t.queryRow(ctx, `SELECT count(*) FROM disputes WHERE id = $1`, id).Scan(&n); err != nil {
		return fmt.Errorf("find dispute %d: %w", id, err)
	}
	if n == 0 {
		return o2c.Errorf(o2c.CodeNotFound, "dispute %d not found", id)
	}
	return nil
}

// AddDisputeComment appends a comment. CodeNotFound.
func (t *tx) AddDisputeComment(ctx context.Context, disputeID int64, c *o2c.DisputeComment) error {
	if err := t.disputeExists(ctx, disputeID); err != nil {
		return err
	}
	err := t.queryRow(ctx, `INSERT INTO dispute_comments (dispute_id, author, at, text) VALUES ($1, $2, $3, $4) RETURNING id`,
		disputeID, c.Author, t.instant(t.now), c.Text).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("comment on dispute %d: %w", disputeID, err)
	}
	c.At = t.now
	return nil
}

// AddDisputeDocument attaches a blob. CodeNotFound, CodeConflict when attached already.
func (t *tx) AddDisputeDocument(ctx context.Context, disputeID int64, doc *o2c.DisputeDocument) error {
	if err := t.disputeExists(ctx, disputeID); err != nil {
		return err
	}
	res, err := t.exec(ctx, `INSERT INTO dispute_documents (dispute_id, sha256, file_name, added_by, added_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, disputeID, doc.SHA256, doc.FileName, doc.AddedBy, t.instant(t.now))
	if err != nil {
		return fmt.Errorf("attach %s to dispute %d: %w", doc.SHA256, disputeID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("attach %s to dispute %d: %w", doc.SHA256, disputeID, err)
	} else if n == 0 {
		return o2c.Errorf(o2c.CodeConflict, "document %s is attached to dispute %d already", doc.SHA256, disputeID)
	}
	doc.AddedAt = t.now
	return nil
}

// FindSentReminders returns the reminders sent for the invoices.
func (r *reader) FindSentReminders(ctx context.Context, invoiceIDs []int64) ([]o2c.SentReminder, error) {
	out := []o2c.SentReminder{}
	// In chunks: both engines cap the parameters of one statement.
	for len(invoiceIDs) > 0 {
		chunk := invoiceIDs[:min(len(invoiceIDs), 500)]
		invoiceIDs = invoiceIDs[len(chunk):]
		var w where
		ph := make([]string, len(chunk))
		for i, id := range chunk {
			ph[i] = w.arg(id)
		}
		// Not cached: its shape varies with the number of ids.
		rows, err := r.q.QueryContext(ctx, `SELECT invoice_id, level, sent_on, sent_at, sent_to, amount, currency, ref, actor
			FROM invoice_reminders WHERE invoice_id IN (`+strings.Join(ph, ", ")+`) ORDER BY invoice_id, sent_at, level`, w.args...)
		if err != nil {
			return nil, fmt.Errorf("find sent reminders: %w", err)
		}
		for rows.Next() {
			var (
				s      o2c.SentReminder
				amount int64
			)
			if err := rows.Scan(&s.InvoiceID, &s.Level, &s.Date, instantScanner{&s.SentAt}, &s.To, &amount, &s.Currency,
				&s.Ref, &s.Actor); err != nil {
				rows.Close()
				return nil, fmt.Errorf("find sent reminders: %w", err)
			}
			s.Amount = money.Currency(s.Currency).FromMinor(amount)
			out = append(out, s)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("find sent reminders: %w", err)
		}
	}
	return out, nil
}

// CreateSentReminder records a reminder sent. CodeConflict for a level of an invoice recorded already.
func (t *tx) CreateSentReminder(ctx context.Context, s *o2c.SentReminder) error {
	cur, err := money.ParseCurrency(s.Currency)
	if err != nil {
		return o2c.Errorf(o2c.CodeInvalid, "reminder currency: %s", err.Error())
	}
	amount, err := cur.ToMinor(s.Amount)
	if err != nil {
		return o2c.Errorf(o2c.CodeInvalid, "reminder amount: %s", err.Error())
	}
	if s.Level == "" || s.Date.IsZero() {
		return o2c.Errorf(o2c.CodeInvalid, "a reminder sent needs a level and a date")
	}
	if _, err := t.FindInvoiceByID(ctx, s.InvoiceID); err != nil {
		return fmt.Errorf("record reminder: %w", err)
	}
	res, err := t.exec(ctx, `INSERT INTO invoice_reminders (invoice_id, level, sent_on, sent_at, sent_to, amount, currency, ref, actor)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
		s.InvoiceID, s.Level, s.Date, t.instant(t.now), s.To, amount, string(cur), s.Ref, s.Actor)
	if err != nil {
		return fmt.Errorf("record %s reminder of invoice %d: %w", s.Level, s.InvoiceID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("record %s reminder of invoice %d: %w", s.Level, s.InvoiceID, err)
	} else if n == 0 {
		return o2c.Errorf(o2c.CodeConflict, "the %s reminder of invoice %d was recorded already", s.Level, s.InvoiceID)
	}
	s.SentAt, s.Currency = t.now, string(cur)
	return nil
}
