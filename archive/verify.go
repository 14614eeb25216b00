package archive

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/o2c-project/o2c"
)

// ProblemKind names what Verify found wrong.
type ProblemKind = o2c.ArchiveProblemKind

// Problems Verify reports.
const (
	// BlobMissing: an entry's blob is not in the blob store.
	BlobMissing ProblemKind = "blob_missing"
	// BlobTampered: an entry's blob has another size or SHA-256 than archived.
	BlobTampered ProblemKind = "blob_tampered"
	// ChainBroken: a record does not follow the one before (its prev_hash is not that record's
	// hash), or records are missing from the sequence.
	ChainBroken ProblemKind = "chain_broken"
	// RecordEdited: a record's hash does not match its content, or its content is not what was
	// written (not canonical, or columns that disagree with it).
	RecordEdited ProblemKind = "record_edited"
	// EntryEdited: an entry (or its tags or body) differs from its put record, with the tags of
	// its last tag record.
	EntryEdited ProblemKind = "entry_edited"
	// EntryMissing: an entry that was put and never deleted is gone.
	EntryMissing ProblemKind = "entry_missing"
	// EntryUnlogged: an entry has no put record.
	EntryUnlogged ProblemKind = "entry_unlogged"
	// HeadMismatch: the head the store keeps is not the log's last record: the log was cut
	// short, or records were added around the store.
	HeadMismatch ProblemKind = "head_mismatch"
	// AnchorMismatch: a record no longer has the hash noted of it elsewhere.
	AnchorMismatch ProblemKind = "anchor_mismatch"
)

// Problem is one thing Verify found wrong.
type Problem = o2c.ArchiveProblem

// Report is what Verify checked and found.
type Report = o2c.ArchiveReport

// Anchor is a record's hash noted outside the database (printed by verify, mailed, written
// down): Verify then checks that the record still has it, which a rewrite of the whole log
// cannot fake.
type Anchor struct {
	Seq  int64
	Hash string
}

// ParseAnchor reads an anchor written SEQ:HASH.
func ParseAnchor(s string) (Anchor, error) {
	seq, hash, ok := strings.Cut(s, ":")
	n, err := strconv.ParseInt(seq, 10, 64)
	if !ok || err != nil || n < 1 || !o2c.IsSHA256Hex(hash) {
		return Anchor{}, o2c.Errorf(o2c.CodeInvalid, "anchor %q: write SEQ:HASH, the record's number and its 64 hex digit hash", s)
	}
	return Anchor{Seq: n, Hash: hash}, nil
}

func (a Anchor) String() string { return fmt.Sprintf("%d:%s", a.Seq, a.Hash) }

// logPage is how many records Verify reads at once.
const logPage = 1000

// Verify walks the archive log and every blob of the entries it leaves: it recomputes the hash
// chain, compares every entry with its put record, and every blob's size and SHA-256 with the
// entry's. Whatever is wrong is a Problem of the report; the error is for a check that could
// not be made (the database is down, a blob cannot be read). Records and entries added while it
// runs are left for the next run.
func (a *Archive) Verify(ctx context.Context, anchors ...Anchor) (*Report, error) {
	head, err := a.Store.FindArchiveHead(ctx)
	if err != nil {
		return nil, err
	}
	rep := &Report{Head: head, Problems: []Problem{}}
	add := func(kind ProblemKind, seq int64, sum, format string, args ...any) {
		rep.Problems = append(rep.Problems, Problem{Kind: kind, Seq: seq, SHA256: sum, Message: fmt.Sprintf(format, args...)})
	}
	anchored := map[int64]string{}
	for _, an := range anchors {
		anchored[an.Seq] = an.Hash
	}

	// The log: a chain from the genesis hash to the head. What it leaves is the live entries,
	// each as its put record says it.
	live := map[string]o2c.ArchiveRecordData{}
	var last o2c.ArchiveRecord
	last.RecordHash = o2c.ArchiveGenesisHash
	for done := head.Seq == 0; !done; {
		page, err := a.Store.FindArchiveLog(ctx, last.Seq, logPage)
		if err != nil {
			return nil, err
		}
		done = len(page) == 0
		for _, r := range page {
			if r.Seq > head.Seq {
				done = true
				break
			}
			rep.Records++
			if r.Seq != last.Seq+1 {
				add(ChainBroken, r.Seq, "", "records %d to %d are missing", last.Seq+1, r.Seq-1)
			}
			if r.PrevHash != last.RecordHash {
				add(ChainBroken, r.Seq, "", "its prev_hash %s is not the hash %s of record %d", r.PrevHash, last.RecordHash, last.Seq)
			}
			if got := o2c.ArchiveChainHash(r.PrevHash, r.Record); got != r.RecordHash {
				add(RecordEdited, r.Seq, r.SHA256, "its content hashes to %s, not to its record_hash %s", got, r.RecordHash)
			}
			if want, ok := anchored[r.Seq]; ok {
				if r.RecordHash != want {
					add(AnchorMismatch, r.Seq, "", "its hash is %s, not the anchored %s", r.RecordHash, want)
				}
				delete(anchored, r.Seq)
			}
			last = r
			done = done || r.Seq == head.Seq
			d, err := o2c.ParseArchiveRecordData(r.Record)
			if err != nil {
				add(RecordEdited, r.Seq, r.SHA256, "%s", o2c.ErrorMessage(err))
				continue
			}
			if d.Seq != r.Seq || d.Action != r.Action || d.SHA256 != r.SHA256 {
				add(RecordEdited, r.Seq, r.SHA256, "its columns (%d, %s, %s) are not what it says (%d, %s, %s)",
					r.Seq, r.Action, r.SHA256, d.Seq, d.Action, d.SHA256)
				continue
			}
			switch d.Action {
			case o2c.ArchivePut:
				if prev, ok := live[d.SHA256]; ok {
					add(RecordEdited, r.Seq, d.SHA256, "it puts a blob that record %d put and no record deleted", prev.Seq)
				}
				live[d.SHA256] = d
			case o2c.ArchiveTagged:
				put, ok := live[d.SHA256]
				if !ok {
					add(RecordEdited, r.Seq, d.SHA256, "it tags an entry that no record put")
					continue
				}
				if diff := tagDiff(put, d); diff != "" {
					add(RecordEdited, r.Seq, d.SHA256, "it changes %s, which tagging never does", diff)
				}
				// The entry is now as its put record says, with the tags this record says.
				put.Tags = d.Tags
				live[d.SHA256] = put
			case o2c.ArchiveDelete:
				if _, ok := live[d.SHA256]; !ok {
					add(RecordEdited, r.Seq, d.SHA256, "it deletes an entry that no record put")
				}
				delete(live, d.SHA256)
			default:
				add(RecordEdited, r.Seq, d.SHA256, "%q is no action", d.Action)
			}
		}
	}
	if last.Seq != head.Seq || last.RecordHash != head.Hash {
		add(HeadMismatch, last.Seq, "", "the log ends at record %d with hash %s, but the head is record %d with hash %s",
			last.Seq, last.RecordHash, head.Seq, head.Hash)
	}
	for _, seq := range slices.Sorted(maps.Keys(anchored)) {
		add(AnchorMismatch, seq, "", "the log has no record %d to compare with the anchored hash %s", seq, anchored[seq])
	}

	// Every live entry is as its put record says, and so is its blob.
	puts := slices.SortedFunc(maps.Values(live), func(x, y o2c.ArchiveRecordData) int { return cmp.Compare(x.Seq, y.Seq) })
	var gone []Problem
	for _, d := range puts {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rep.Entries++
		e, err := a.Store.FindArchiveEntryBySHA256(ctx, d.SHA256)
		if o2c.ErrorCode(err) == o2c.CodeNotFound {
			gone = append(gone, Problem{Kind: EntryMissing, Seq: d.Seq, SHA256: d.SHA256, Message: "the entry it put is gone, and no record deleted it"})
		} else if err != nil {
			return nil, err
		} else if diff := entryDiff(d, e); diff != "" {
			add(EntryEdited, d.Seq, d.SHA256, "the entry differs from its put record in %s", diff)
		}
		problem, err := a.Blobs.Check(d.SHA256, d.Size)
		if err != nil {
			return nil, err
		}
		switch {
		case problem == "missing":
			add(BlobMissing, d.Seq, d.SHA256, "the blob is not in %s", a.Blobs.Dir())
		case problem != "":
			add(BlobTampered, d.Seq, d.SHA256, "the blob was changed: %s", problem)
		}
	}
	// An entry deleted while Verify ran is gone with a record after the head.
	if len(gone) > 0 {
		deleted, err := a.deletedAfter(ctx, head.Seq)
		if err != nil {
			return nil, err
		}
		for _, p := range gone {
			if !deleted[p.SHA256] {
				rep.Problems = append(rep.Problems, p)
			}
		}
	}

	// No entry is there without a put record.
	for offset := 0; ; {
		page, total, err := a.Store.FindArchiveEntries(ctx, o2c.ArchiveFilter{Offset: offset, Limit: logPage})
		if err != nil {
			return nil, err
		}
		for _, e := range page {
			if d, ok := live[e.SHA256]; e.Seq <= head.Seq && (!ok || d.Seq != e.Seq) {
				add(EntryUnlogged, e.Seq, e.SHA256, "entry %d has no put record", e.ID)
			}
		}
		offset += len(page)
		if len(page) == 0 || offset >= total {
			break
		}
	}

	slices.SortStableFunc(rep.Problems, func(x, y Problem) int { return cmp.Compare(x.Seq, y.Seq) })
	return rep, nil
}

// deletedAfter returns the blobs whose entries a record after seq deleted.
func (a *Archive) deletedAfter(ctx context.Context, seq int64) (map[string]bool, error) {
	out := map[string]bool{}
	for {
		page, err := a.Store.FindArchiveLog(ctx, seq, logPage)
		if err != nil {
			return nil, err
		}
		if len(page) == 0 {
			return out, nil
		}
		for _, r := range page {
			if r.Action == o2c.ArchiveDelete {
				out[r.SHA256] = true
			}
		}
		seq = page[len(page)-1].Seq
	}
}

// entryDiff names the fields in which entry e differs from the put record d, "" when none.
func entryDiff(d o2c.ArchiveRecordData, e *o2c.ArchiveEntry) string {
	got := o2c.MakeArchiveRecordData(e.Seq, o2c.ArchivePut, e.CreatedAt, d.Actor, e)
	got.At = d.At // a put record's instant is its entry's CreatedAt, compared as created_at
	var want, have map[string]any
	if json.Unmarshal([]byte(d.Canonical()), &want) != nil || json.Unmarshal([]byte(got.Canonical()), &have) != nil {
		return "everything" // cannot happen: canonical records are JSON objects
	}
	var diff []string
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if fmt.Sprint(want[k]) != fmt.Sprint(have[k]) {
			diff = append(diff, k)
		}
	}
	if len(diff) == 0 {
		return ""
	}
	return strings.Join(diff, ", ")
}

// tagDiff names what a tag record d changes of the entry as put (and tagged) before, other than
// adding tags: "" when nothing.
func tagDiff(before, d o2c.ArchiveRecordData) string {
	var diff []string
	for _, f := range []struct {
		name    string
		was, is any
	}{
		{"size", before.Size, d.Size}, {"content_type", before.ContentType, d.ContentType},
		{"file_name", before.FileName, d.FileName}, {"doc_type", before.DocType, d.DocType},
		{"body_sha256", before.BodySHA256, d.BodySHA256}, {"created_at", before.CreatedAt, d.CreatedAt},
		{"created_by", before.CreatedBy, d.CreatedBy}, {"retention_until", before.RetentionUntil, d.RetentionUntil},
	} {
		if f.was != f.is {
			diff = append(diff, f.name)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(before.Tags)) {
		if v, ok := d.Tags[k]; !ok || v != before.Tags[k] {
			diff = append(diff, "tags."+k)
		}
	}
	return strings.Join(diff, ", ")
}
