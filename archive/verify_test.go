package archive_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/archive"
	"github.com/o2c-project/o2c/sqlstore"
)

// verifyBundle is an archive of three documents on one engine.
type verifyBundle struct {
	eng     engine
	db      *sqlstore.DB
	archive *archive.Archive
	entries []*o2c.ArchiveEntry // seq 1, 2, 3
}

func setupVerify(t *testing.T, eng engine) *verifyBundle {
	t.Helper()
	db := eng.open(t)
	b := &verifyBundle{eng: eng, db: db, archive: archive.New(t.TempDir(), db)}
	for _, d := range []struct {
		content string
		doc     archive.Document
	}{
		{"%PDF invoice RE-2026-0001", archive.Document{ContentType: "application/pdf", FileName: "RE-2026-0001.pdf",
			DocType: o2c.ArchiveInvoice, Tags: map[string]string{o2c.TagCustomer: "C1", o2c.TagAmount: "1190.00", o2c.TagDate: "2026-03-31"},
			Body: "Rechnung RE-2026-0001 Kantine Nord", Actor: "job:invoice"}},
		{"UNA:+.? 'UNB+UNOC:3+4000001000005:14'ORDERS", archive.Document{ContentType: "application/edifact", FileName: "orders.edi",
			DocType: o2c.ArchiveOrder, Tags: map[string]string{o2c.TagPONumber: "PO-4711"}, Actor: "job:intake"}},
		{"Lieferschein LS-77", archive.Document{ContentType: "text/plain", FileName: "LS-77.txt",
			DocType: o2c.ArchiveDeliveryNote, Body: "Lieferschein LS-77", Actor: "user:anna"}},
	} {
		e, err := b.archive.Put(t.Context(), []byte(d.content), d.doc)
		must(t, err)
		b.entries = append(b.entries, e)
	}
	return b
}

// sql runs statements on the database behind the store's back, its guards taken away first.
func (b *verifyBundle) sql(t *testing.T, stmts ...string) {
	t.Helper()
	for _, s := range append(slices.Clone(b.eng.unguard), stmts...) {
		if _, err := b.db.WriteDB().ExecContext(t.Context(), s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// found lists a report's problems as kind@seq.
func found(rep *archive.Report) []string {
	out := []string{}
	for _, p := range rep.Problems {
		out = append(out, fmt.Sprintf("%s@%d", p.Kind, p.Seq))
	}
	return out
}

func TestVerify(t *testing.T) {
	t.Parallel()
	onEngines(t, func(t *testing.T, eng engine) {
		for _, tt := range []struct {
			name   string
			tamper func(t *testing.T, b *verifyBundle)
			want   []string
			says   string // in the first problem's message
		}{
			{"Intact", func(*testing.T, *verifyBundle) {}, []string{}, ""},
			{"BlobTampered", func(t *testing.T, b *verifyBundle) {
				tamper(t, b.archive.Blobs.Dir(), b.entries[1].SHA256, []byte("UNA:+.? 'UNB+UNOC:3+4000001000005:14'ORDERZ"))
			}, []string{"blob_tampered@2"}, "was changed"},
			{"BlobTruncated", func(t *testing.T, b *verifyBundle) {
				tamper(t, b.archive.Blobs.Dir(), b.entries[0].SHA256, []byte("%PDF"))
			}, []string{"blob_tampered@1"}, "its 4 bytes"},
			{"BlobMissing", func(t *testing.T, b *verifyBundle) {
				must(t, os.Remove(filepath.Join(b.archive.Blobs.Dir(), b.entries[2].SHA256[:2], b.entries[2].SHA256[2:])))
			}, []string{"blob_missing@3"}, "not in"},
			{"LogRowEdited", func(t *testing.T, b *verifyBundle) {
				b.sql(t, `UPDATE archive_log SET record = replace(record, '"1190.00"', '"119.00"') WHERE seq = 1`)
			}, []string{"record_edited@1", "entry_edited@1"}, "hashes to"},
			{"LogRowEditedAndRehashed", func(t *testing.T, b *verifyBundle) {
				// The record and its own hash agree again; the next record no longer follows it.
				log, err := b.db.FindArchiveLog(t.Context(), 0, 1)
				must(t, err)
				record := strings.Replace(log[0].Record, `"1190.00"`, `"119.00"`, 1)
				b.sql(t, fmt.Sprintf(`UPDATE archive_log SET record = '%s', record_hash = '%s' WHERE seq = 1`,
					record, o2c.ArchiveChainHash(log[0].PrevHash, record)))
			}, []string{"entry_edited@1", "chain_broken@2"}, "tags"},
			{"LogRowColumnEdited", func(t *testing.T, b *verifyBundle) {
				b.sql(t, `UPDATE archive_log SET action = 'delete' WHERE seq = 3`)
			}, []string{"record_edited@3", "entry_unlogged@3"}, "columns"},
			{"LogRowDeleted", func(t *testing.T, b *verifyBundle) {
				b.sql(t, `DELETE FROM archive_log WHERE seq = 2`)
			}, []string{"entry_unlogged@2", "chain_broken@3", "chain_broken@3"}, "no put record"},
			{"LogCutShort", func(t *testing.T, b *verifyBundle) {
				b.sql(t, `DELETE FROM archive_log WHERE seq = 3`)
			}, []string{"head_mismatch@2", "entry_unlogged@3"}, "the log ends at record 2"},
			{"EntryEdited", func(t *testing.T, b *verifyBundle) {
				b.sql(t, `UPDATE archive_entries SET file_name = 'other.pdf', size = 3 WHERE seq = 1`)
			}, []string{"entry_edited@1"}, "file_name, size"},
			{"TagEdited", func(t *testing.T, b *verifyBundle) {
				b.sql(t, `UPDATE archive_tags SET value = 'PO-4712' WHERE key = 'po_number'`)
			}, []string{"entry_edited@2"}, "tags"},
			{"BodyEdited", func(t *testing.T, b *verifyBundle) {
				b.sql(t, `UPDATE archive_entries SET body = 'Lieferschein LS-78' WHERE seq = 3`)
			}, []string{"entry_edited@3"}, "body_sha256"},
			{"EntryDeleted", func(t *testing.T, b *verifyBundle) {
				b.sql(t, `DELETE FROM archive_entries WHERE seq = 2`)
			}, []string{"entry_missing@2"}, "no record deleted it"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				b := setupVerify(t, eng)
				tt.tamper(t, b)
				rep, err := b.archive.Verify(t.Context())
				must(t, err)
				if got := found(rep); !slices.Equal(got, tt.want) {
					t.Fatalf("found %v, want %v:\n%v", got, tt.want, rep.Problems)
				}
				if tt.says != "" && !strings.Contains(rep.Problems[0].String(), tt.says) {
					t.Fatalf("the problem says %q, want it to mention %q", rep.Problems[0], tt.says)
				}
				if tt.name == "Intact" && (rep.Records != 3 || rep.Entries != 3 || rep.Head.Seq != 3) {
					t.Fatalf("an intact archive of 3: %+v", rep)
				}
			})
		}
	})
}

// TestVerifyAnchor: someone who rewrites the whole chain and the head consistently is caught
// only by a hash noted elsewhere.
func TestVerifyAnchor(t *testing.T) {
	t.Parallel()
	onEngines(t, func(t *testing.T, eng engine) {
		b := setupVerify(t, eng)
		rep, err := b.archive.Verify(t.Context())
		must(t, err)
		anchor := archive.Anchor{Seq: rep.Head.Seq, Hash: rep.Head.Hash}
		parsed, err := archive.ParseAnchor(anchor.String())
		must(t, err)
		if parsed != anchor {
			t.Fatalf("ParseAnchor(%s) = %+v", anchor, parsed)
		}

		// Rewrite the amount of record 1 and every hash after it, and the head, and the entry's tag.
		log, err := b.db.FindArchiveLog(t.Context(), 0, 10)
		must(t, err)
		stmts := []string{`UPDATE archive_tags SET value = '119.00', num = NULL WHERE key = 'amount'`}
		prev := o2c.ArchiveGenesisHash
		for _, r := range log {
			record := strings.Replace(r.Record, `"1190.00"`, `"119.00"`, 1)
			hash := o2c.ArchiveChainHash(prev, record)
			stmts = append(stmts, fmt.Sprintf(`UPDATE archive_log SET record = '%s', prev_hash = '%s', record_hash = '%s' WHERE seq = %d`,
				record, prev, hash, r.Seq))
			prev = hash
		}
		stmts = append(stmts, fmt.Sprintf(`UPDATE archive_head SET hash = '%s'`, prev))
		b.sql(t, stmts...)

		rep, err = b.archive.Verify(t.Context())
		must(t, err)
		if len(rep.Problems) != 0 {
			t.Fatalf("the consistent rewrite was found without an anchor: %v", rep.Problems)
		}
		rep, err = b.archive.Verify(t.Context(), anchor, archive.Anchor{Seq: 99, Hash: anchor.Hash})
		must(t, err)
		if got, want := found(rep), []string{"anchor_mismatch@3", "anchor_mismatch@99"}; !slices.Equal(got, want) {
			t.Fatalf("found %v, want %v", got, want)
		}
		for _, bad := range []string{"3", "x:" + anchor.Hash, "0:" + anchor.Hash, "3:ABC"} {
			_, err := archive.ParseAnchor(bad)
			wantCode(t, err, o2c.CodeInvalid)
		}
	})
}
