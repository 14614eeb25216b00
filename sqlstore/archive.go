package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

var _ o2c.ArchiveStore = (*DB)(nil)

// Page sizes of the archive's reads.
const (
	DefaultArchiveLimit    = 50
	MaxArchiveLimit        = 1000
	DefaultArchiveLogLimit = 1000
	MaxArchiveLogLimit     = 10000
	MaxArchiveDeleteLimit  = 1000
)

const archiveEntryColumns = `e.id, e.sha256, e.size, e.content_type, e.file_name, e.doc_type, e.created_at, e.created_by, e.retention_until, e.seq`

// scanArchiveEntry reads archiveEntryColumns, then the given extra destinations.
func scanArchiveEntry(s rowScanner, extra ...any) (*o2c.ArchiveEntry, error) {
	var e o2c.ArchiveEntry
	dest := append([]any{&e.ID, &e.SHA256, &e.Size, &e.ContentType, &e.FileName, &e.DocType,
		instantScanner{&e.CreatedAt}, &e.CreatedBy, &e.RetentionUntil, &e.Seq}, extra...)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	e.Tags = map[string]string{}
	return &e, nil
}

// FindArchiveEntryBySHA256 returns the entry that holds a blob, body and tags included.
// CodeNotFound.
func (r *reader) FindArchiveEntryBySHA256(ctx context.Context, sha256 string) (*o2c.ArchiveEntry, error) {
	var body string
	e, err := scanArchiveEntry(r.queryRow(ctx,
		`SELECT `+archiveEntryColumns+`, e.body FROM archive_entries e WHERE e.sha256 = $1`, sha256), &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, o2c.Errorf(o2c.CodeNotFound, "no archive entry holds the blob %s", sha256)
	} else if err != nil {
		return nil, fmt.Errorf("find archive entry %s: %w", sha256, err)
	}
	e.Body = body
	if err := r.readArchiveTags(ctx, e); err != nil {
		return nil, err
	}
	return e, nil
}

// readArchiveTags fills e.Tags.
func (r *reader) readArchiveTags(ctx context.Context, e *o2c.ArchiveEntry) error {
	rows, err := r.query(ctx, `SELECT key, value FROM archive_tags WHERE entry_id = $1`, e.ID)
	if err != nil {
		return fmt.Errorf("read tags of archive entry %d: %w", e.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return fmt.Errorf("read tags of archive entry %d: %w", e.ID, err)
		}
		e.Tags[k] = v
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read tags of archive entry %d: %w", e.ID, err)
	}
	return nil
}

// FindArchiveEntries returns one page of the entries matching f, newest first, without bodies,
// and the total count matching f.
func (r *reader) FindArchiveEntries(ctx context.Context, f o2c.ArchiveFilter) ([]*o2c.ArchiveEntry, int, error) {
	conds, err := r.archiveFilter(f)
	if err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultArchiveLimit
	}
	limit = min(limit, MaxArchiveLimit)
	offset := max(f.Offset, 0)

	s, err := r.archiveSearch(ctx, conds)
	if err != nil {
		return nil, 0, err
	}
	w := s.pageWhere()
	// One statement reads the page and its tags, so that they are of the same moment.
	// The page is chosen on the ids alone, which an index on (created_at, id) holds, so that
	// no entry's row (and body) is read before it is known to be on the page.
	page := `SELECT ` + archiveEntryColumns + `, t.key, t.value
		FROM (SELECT e.id FROM archive_entries e` + w.sql() + `
			ORDER BY e.created_at DESC, e.id DESC LIMIT ` + w.arg(limit) + ` OFFSET ` + w.arg(offset) + `) p
		JOIN archive_entries e ON e.id = p.id
		LEFT JOIN archive_tags t ON t.entry_id = e.id
		ORDER BY e.created_at DESC, e.id DESC`
	rows, err := r.query(ctx, page, w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find archive entries: %w", err)
	}
	defer rows.Close()
	var entries []*o2c.ArchiveEntry
	for rows.Next() {
		var k, v sql.NullString
		e, err := scanArchiveEntry(rows, &k, &v)
		if err != nil {
			return nil, 0, fmt.Errorf("find archive entries: %w", err)
		}
		if n := len(entries); n > 0 && entries[n-1].ID == e.ID {
			e = entries[n-1]
		} else {
			entries = append(entries, e)
		}
		if k.Valid {
			e.Tags[k.String] = v.String
		}
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find archive entries: %w", err)
	}
	if len(entries) < limit && (len(entries) > 0 || offset == 0) {
		// The page is the last one: the total is known without counting.
		return entries, offset + len(entries), nil
	}
	total, err := s.count(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("count archive entries: %w", err)
	}
	return entries, total, nil
}

// archiveFilter reads f as conditions on archive_entries e. Tags and ranges come in key order,
// so that one filter shape is one statement text.
func (r *reader) archiveFilter(f o2c.ArchiveFilter) ([]*archiveCond, error) {
	var (
		conds  []*archiveCond
		faults []o2c.Fault
	)
	fault := func(path, msg string) {
		faults = append(faults, o2c.Fault{Rule: "ARCHIVE-FILTER", Path: path, Message: msg})
	}
	if len(f.Types) > 0 {
		types := make([]any, len(f.Types))
		for i, t := range f.Types {
			if !t.Valid() {
				fault(fmt.Sprintf("$.types[%d]", i), fmt.Sprintf("%q is not a document type", t))
			}
			types[i] = t
		}
		conds = append(conds, &archiveCond{column: func(w *where, plus string, index bool) string {
			if len(types) == 1 && index {
				return "e.doc_type = " + w.arg(types[0]) // an index on (doc_type, created_at, id) gives the page order
			}
			// Several types from that index would have to be sorted: walking the entries in
			// page order and keeping those of the types costs less.
			ph := make([]string, len(types))
			for i, t := range types {
				ph[i] = w.arg(t)
			}
			return plus + "e.doc_type IN (" + strings.Join(ph, ", ") + ")"
		}})
	}
	// Each tag condition is a set of entry ids, made from an index on (key, value), (key, num)
	// or (key, day); see archiveSearch for when an exact tag is checked entry by entry instead.
	for _, k := range slices.Sorted(maps.Keys(f.Tags)) {
		if !o2c.ValidArchiveTagKey(k) {
			fault("$.tags", fmt.Sprintf("%q is not a tag key", k))
		}
		v := f.Tags[k]
		conds = append(conds, &archiveCond{
			set: func(w *where) string {
				return `SELECT t.entry_id FROM archive_tags t WHERE t.key = ` + w.arg(k) + ` AND t.value = ` + w.arg(v)
			},
			check: func(w *where) string {
				return `EXISTS (SELECT 1 FROM archive_tags t WHERE t.entry_id = e.id AND t.key = ` + w.arg(k) +
					` AND t.value = ` + w.arg(v) + `)`
			},
		})
	}
	for i, d := range f.Dates {
		if !o2c.ValidArchiveTagKey(d.Key) {
			fault(fmt.Sprintf("$.dates[%d].key", i), fmt.Sprintf("%q is not a tag key", d.Key))
		}
		conds = append(conds, &archiveCond{set: func(w *where) string {
			s := `SELECT t.entry_id FROM archive_tags t WHERE t.key = ` + w.arg(d.Key) + ` AND t.day IS NOT NULL`
			if !d.From.IsZero() {
				s += ` AND t.day >= ` + w.arg(d.From.String())
			}
			if !d.To.IsZero() {
				s += ` AND t.day <= ` + w.arg(d.To.String())
			}
			return s
		}})
	}
	for i, a := range f.Amounts {
		if !o2c.ValidArchiveTagKey(a.Key) {
			fault(fmt.Sprintf("$.amounts[%d].key", i), fmt.Sprintf("%q is not a tag key", a.Key))
		}
		var bounds []string // " AND t.num >= ", key, ...
		bound := func(name, op string, d *decimal.Decimal) {
			if d == nil {
				return
			}
			key, ok := numKey(decText(*d))
			if !ok {
				fault(fmt.Sprintf("$.amounts[%d].%s", i, name), decText(*d)+" has more digits than amounts are searched by")
			}
			bounds = append(bounds, ` AND t.num `+op+` `, key)
		}
		bound("min", ">=", a.Min)
		bound("max", "<=", a.Max)
		conds = append(conds, &archiveCond{set: func(w *where) string {
			s := `SELECT t.entry_id FROM archive_tags t WHERE t.key = ` + w.arg(a.Key) + ` AND t.num IS NOT NULL`
			for j := 0; j < len(bounds); j += 2 {
				s += bounds[j] + w.arg(bounds[j+1])
			}
			return s
		}})
	}
	if phrases := Phrases(f.Text); len(phrases) > 0 {
		q := r.d.FullText.Query(phrases)
		conds = append(conds, &archiveCond{set: func(w *where) string { return fullTextSet(r.d.FullText, w.arg(q)) }})
	}
	if len(faults) > 0 {
		return nil, o2c.Invalid(faults...)
	}
	return conds, nil
}

// FindArchiveLog returns up to limit log records after afterSeq, in order.
func (r *reader) FindArchiveLog(ctx context.Context, afterSeq int64, limit int) ([]o2c.ArchiveRecord, error) {
	if limit <= 0 {
		limit = DefaultArchiveLogLimit
	}
	limit = min(limit, MaxArchiveLogLimit)
	rows, err := r.query(ctx, `
		SELECT seq, action, sha256, record, prev_hash, record_hash
		FROM archive_log WHERE seq > $1 ORDER BY seq LIMIT $2`, afterSeq, limit)
	if err != nil {
		return nil, fmt.Errorf("read archive log after %d: %w", afterSeq, err)
	}
	defer rows.Close()
	out := []o2c.ArchiveRecord{}
	for rows.Next() {
		var rec o2c.ArchiveRecord
		if err := rows.Scan(&rec.Seq, &rec.Action, &rec.SHA256, &rec.Record, &rec.PrevHash, &rec.RecordHash); err != nil {
			return nil, fmt.Errorf("read archive log after %d: %w", afterSeq, err)
		}
		out = append(out, rec)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read archive log after %d: %w", afterSeq, err)
	}
	return out, nil
}

// FindArchiveHead returns the log's last record as archive_head keeps it.
func (r *reader) FindArchiveHead(ctx context.Context) (o2c.ArchiveHead, error) {
	var h o2c.ArchiveHead
	if err := r.queryRow(ctx, `SELECT seq, hash FROM archive_head WHERE id = 1`).Scan(&h.Seq, &h.Hash); err != nil {
		return h, fmt.Errorf("read archive head: %w", err)
	}
	return h, nil
}

// lockArchiveHead returns the log's head and holds it until the transaction ends: on PostgreSQL
// the row lock makes every other appender wait (and then read the head this one leaves); SQLite
// has one writer anyway.
func (t *tx) lockArchiveHead(ctx context.Context) (o2c.ArchiveHead, error) {
	var h o2c.ArchiveHead
	err := t.queryRow(ctx, `UPDATE archive_head SET seq = seq WHERE id = 1 RETURNING seq, hash`).Scan(&h.Seq, &h.Hash)
	if err != nil {
		return h, fmt.Errorf("lock archive head: %w", err)
	}
	return h, nil
}

// appendArchiveLog appends the record of action on e after head, and returns the new head.
func (t *tx) appendArchiveLog(ctx context.Context, head o2c.ArchiveHead, action o2c.ArchiveAction, actor string, e *o2c.ArchiveEntry) (o2c.ArchiveHead, error) {
	next := o2c.ArchiveHead{Seq: head.Seq + 1}
	record := o2c.MakeArchiveRecordData(next.Seq, action, t.now, actor, e).Canonical()
	next.Hash = o2c.ArchiveChainHash(head.Hash, record)
	if _, err := t.exec(ctx, `
		INSERT INTO archive_log (seq, action, sha256, record, prev_hash, record_hash)
		VALUES ($1, $2, $3, $4, $5, $6)`,
		next.Seq, action, e.SHA256, record, head.Hash, next.Hash); err != nil {
		return head, fmt.Errorf("append %s of %s to the archive log: %w", action, e.SHA256, err)
	}
	if _, err := t.exec(ctx, `UPDATE archive_head SET seq = $1, hash = $2 WHERE id = 1`, next.Seq, next.Hash); err != nil {
		return head, fmt.Errorf("advance archive head to %d: %w", next.Seq, err)
	}
	return next, nil
}

// CreateArchiveEntry stores e with its tags and words, and appends its put record to the log.
func (t *tx) CreateArchiveEntry(ctx context.Context, e *o2c.ArchiveEntry) error {
	if err := e.Validate(); err != nil {
		return err
	}
	head, err := t.lockArchiveHead(ctx)
	if err != nil {
		return err
	}
	stored := *e
	stored.CreatedAt, stored.Seq = t.now, head.Seq+1
	// DO NOTHING keeps the transaction usable after a duplicate, which PostgreSQL's unique
	// violation would abort.
	err = t.queryRow(ctx, `
		INSERT INTO archive_entries (sha256, size, content_type, file_name, doc_type, body,
			created_at, created_by, retention_until, seq)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (sha256) DO NOTHING
		RETURNING id`,
		e.SHA256, e.Size, e.ContentType, e.FileName, e.DocType, e.Body,
		t.instant(t.now), e.CreatedBy, e.RetentionUntil, stored.Seq).Scan(&stored.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return o2c.Errorf(o2c.CodeConflict, "the blob %s is archived already", e.SHA256)
	} else if err != nil {
		return fmt.Errorf("create archive entry %s: %w", e.SHA256, err)
	}
	for _, k := range slices.Sorted(maps.Keys(e.Tags)) {
		v := e.Tags[k]
		num, isNum := numKey(v)
		day, isDay := dayKey(v)
		if _, err := t.exec(ctx, `
			INSERT INTO archive_tags (entry_id, key, value, num, day) VALUES ($1, $2, $3, $4, $5)`,
			stored.ID, k, v, nullUnless(num, isNum), nullUnless(day, isDay)); err != nil {
			return fmt.Errorf("tag archive entry %s with %s: %w", e.SHA256, k, err)
		}
	}
	if _, err := t.exec(ctx, t.d.FullText.Index, stored.ID, archiveWords(e)); err != nil {
		return fmt.Errorf("index the words of archive entry %s: %w", e.SHA256, err)
	}
	if _, err := t.appendArchiveLog(ctx, head, o2c.ArchivePut, e.CreatedBy, &stored); err != nil {
		return err
	}
	e.ID, e.CreatedAt, e.Seq = stored.ID, stored.CreatedAt, stored.Seq
	return nil
}

// nullUnless writes s, or NULL when ok is false.
func nullUnless(s string, ok bool) any {
	if !ok {
		return nil
	}
	return s
}

// DeleteExpiredArchiveEntries deletes up to limit entries whose retention ended before yesterday
// (UTC), each with a delete record, and returns them.
func (t *tx) DeleteExpiredArchiveEntries(ctx context.Context, actor string, limit int) ([]*o2c.ArchiveEntry, error) {
	if limit <= 0 {
		limit = MaxArchiveDeleteLimit
	}
	limit = min(limit, MaxArchiveDeleteLimit)
	head, err := t.lockArchiveHead(ctx)
	if err != nil {
		return nil, err
	}
	// Kept through RetentionUntil in every zone: UTC's yesterday is a day no zone is still before.
	cutoff := cal.DateOf(t.now).AddDays(-1)
	rows, err := t.query(ctx, `
		SELECT `+archiveEntryColumns+`, e.body FROM archive_entries e
		WHERE e.retention_until < $1 ORDER BY e.retention_until, e.id LIMIT $2`, cutoff, limit)
	if err != nil {
		return nil, fmt.Errorf("find expired archive entries: %w", err)
	}
	var expired []*o2c.ArchiveEntry
	for rows.Next() {
		var body string
		e, err := scanArchiveEntry(rows, &body)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("find expired archive entries: %w", err)
		}
		e.Body = body
		expired = append(expired, e)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, fmt.Errorf("find expired archive entries: %w", err)
	}
	for _, e := range expired {
		if err := t.readArchiveTags(ctx, e); err != nil {
			return nil, err
		}
		if _, err := t.exec(ctx, t.d.FullText.Unindex, e.ID); err != nil {
			return nil, fmt.Errorf("unindex archive entry %s: %w", e.SHA256, err)
		}
		if _, err := t.exec(ctx, `DELETE FROM archive_entries WHERE id = $1`, e.ID); err != nil {
			return nil, fmt.Errorf("delete archive entry %s: %w", e.SHA256, err)
		}
		if head, err = t.appendArchiveLog(ctx, head, o2c.ArchiveDelete, actor, e); err != nil {
			return nil, err
		}
	}
	return expired, nil
}
