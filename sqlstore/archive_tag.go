package sqlstore

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/o2c-project/o2c"
)

// FindArchiveRecords returns every log record of one blob, in order.
func (r *reader) FindArchiveRecords(ctx context.Context, sha256 string) ([]o2c.ArchiveRecord, error) {
	rows, err := r.query(ctx, `
		SELECT seq, action, sha256, record, prev_hash, record_hash
		FROM archive_log WHERE sha256 = $1 ORDER BY seq`, sha256)
	if err != nil {
		return nil, fmt.Errorf("read the archive log of %s: %w", sha256, err)
	}
	defer rows.Close()
	out := []o2c.ArchiveRecord{}
	for rows.Next() {
		var rec o2c.ArchiveRecord
		if err := rows.Scan(&rec.Seq, &rec.Action, &rec.SHA256, &rec.Record, &rec.PrevHash, &rec.RecordHash); err != nil {
			return nil, fmt.Errorf("read the archive log of %s: %w", sha256, err)
		}
		out = append(out, rec)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the archive log of %s: %w", sha256, err)
	}
	return out, nil
}

// TagArchiveEntry adds the tags the entry lacks, re-indexes its words and appends a tag record
// holding the entry as it is afterwards. Rows are only inserted: the entry and its earlier tags
// stay as they were, as the triggers require.
func (t *tx) TagArchiveEntry(ctx context.Context, sha256, actor string, tags map[string]string) (*o2c.ArchiveEntry, error) {
	// The head is locked before the entry is read, so that two taggers of one entry take turns
	// and the second sees the first one's tags.
	head, err := t.lockArchiveHead(ctx)
	if err != nil {
		return nil, err
	}
	e, err := t.FindArchiveEntryBySHA256(ctx, sha256)
	if err != nil {
		return nil, err
	}
	added := map[string]string{}
	var faults []o2c.Fault
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		old, ok := e.Tags[k]
		switch {
		case !ok:
			added[k] = tags[k]
		case old != tags[k]:
			faults = append(faults, o2c.Fault{Rule: "ARCHIVE-09", Path: "$.tags." + k,
				Message: fmt.Sprintf("is %q already and archived tags are never changed", old)})
		}
	}
	if len(faults) > 0 {
		return nil, &o2c.Error{Code: o2c.CodeConflict, Message: "the archive entry " + sha256 + " has other values for these tags", Faults: faults}
	}
	if len(added) == 0 {
		return e, nil
	}
	tagged := *e
	tagged.Tags = maps.Clone(e.Tags)
	maps.Copy(tagged.Tags, added)
	if err := tagged.Validate(); err != nil {
		return nil, err
	}
	for _, k := range slices.Sorted(maps.Keys(added)) {
		v := added[k]
		num, isNum := numKey(v)
		day, isDay := dayKey(v)
		if _, err := t.exec(ctx, `
			INSERT INTO archive_tags (entry_id, key, value, num, day) VALUES ($1, $2, $3, $4, $5)`,
			e.ID, k, v, nullUnless(num, isNum), nullUnless(day, isDay)); err != nil {
			return nil, fmt.Errorf("tag archive entry %s with %s: %w", sha256, k, err)
		}
	}
	if _, err := t.exec(ctx, t.d.FullText.Unindex, e.ID); err != nil {
		return nil, fmt.Errorf("re-index the words of archive entry %s: %w", sha256, err)
	}
	if _, err := t.exec(ctx, t.d.FullText.Index, e.ID, archiveWords(&tagged)); err != nil {
		return nil, fmt.Errorf("re-index the words of archive entry %s: %w", sha256, err)
	}
	if _, err := t.appendArchiveLog(ctx, head, o2c.ArchiveTagged, actor, &tagged); err != nil {
		return nil, err
	}
	return &tagged, nil
}
