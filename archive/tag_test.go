package archive_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/archive"
	"github.com/o2c-project/o2c/cal"
)

// tagged adds tags to the entry of sum in a transaction of its own.
func tagged(t *testing.T, b *verifyBundle, sum string, tags map[string]string) (*o2c.ArchiveEntry, error) {
	t.Helper()
	var e *o2c.ArchiveEntry
	err := b.db.InTx(t.Context(), func(tx o2c.Tx) error {
		var err error
		e, err = tx.TagArchiveEntry(t.Context(), sum, "job:process", tags)
		return err
	})
	return e, err
}

// TestTagArchiveEntry: tags added after the put are a tag record of the log, found by search and
// by words, kept by verify; a tag is never changed; an edited or forged tag record is caught.
func TestTagArchiveEntry(t *testing.T) {
	t.Parallel()
	onEngines(t, func(t *testing.T, eng engine) {
		b := setupVerify(t, eng)
		order := b.entries[1] // put with po_number PO-4711
		e, err := tagged(t, b, order.SHA256, map[string]string{o2c.TagPONumber: "PO-4711", o2c.TagCustomer: "C42",
			"customer_name": "Kantine Süd", o2c.TagAmount: "250.00", o2c.TagDate: "2026-04-02"})
		must(t, err)
		if e.Tags["customer_name"] != "Kantine Süd" || e.Tags[o2c.TagPONumber] != "PO-4711" || e.Seq != order.Seq {
			t.Fatalf("tagged entry: %+v", e)
		}
		// Again: nothing new, no record.
		_, err = tagged(t, b, order.SHA256, map[string]string{o2c.TagCustomer: "C42"})
		must(t, err)
		_, err = tagged(t, b, order.SHA256, map[string]string{o2c.TagCustomer: "C43"})
		wantCode(t, err, o2c.CodeConflict)
		_, err = tagged(t, b, strings.Repeat("a", 64), map[string]string{o2c.TagCustomer: "C43"})
		wantCode(t, err, o2c.CodeNotFound)
		_, err = tagged(t, b, order.SHA256, map[string]string{"Bad Key": "x"})
		wantCode(t, err, o2c.CodeInvalid)

		log, err := b.db.FindArchiveRecords(t.Context(), order.SHA256)
		must(t, err)
		if len(log) != 2 || log[0].Action != o2c.ArchivePut || log[1].Action != o2c.ArchiveTagged || log[1].Seq != 4 {
			t.Fatalf("records of the entry: %+v", log)
		}
		for _, f := range []o2c.ArchiveFilter{
			{Text: "kantine süd"},
			{Tags: map[string]string{o2c.TagCustomer: "C42"}},
			{Dates: []o2c.ArchiveDateRange{{Key: o2c.TagDate, From: cal.MustParse("2026-04-01")}}, Types: []o2c.ArchiveDocType{o2c.ArchiveOrder}},
		} {
			got, total, err := b.db.FindArchiveEntries(t.Context(), f)
			must(t, err)
			if total != 1 || got[0].SHA256 != order.SHA256 || got[0].Tags[o2c.TagCustomer] != "C42" {
				t.Fatalf("search %+v found %d: %+v", f, total, got)
			}
		}
		rep, err := b.archive.Verify(t.Context())
		must(t, err)
		if len(rep.Problems) != 0 || rep.Records != 4 || rep.Entries != 3 {
			t.Fatalf("verify after tagging: %+v", rep)
		}

		// The export carries the tag record beside the put.
		var zipped bytes.Buffer
		_, err = b.archive.Export(t.Context(), &zipped, o2c.ArchiveFilter{Tags: map[string]string{o2c.TagCustomer: "C42"}})
		must(t, err)
		m := readManifest(t, zipped.Bytes())
		if len(m.Entries) != 1 || len(m.Entries[0].Tagged) != 1 || m.Entries[0].Tagged[0].Seq != 4 ||
			o2c.ArchiveChainHash(m.Entries[0].Tagged[0].PrevHash, m.Entries[0].Tagged[0].Record) != m.Entries[0].Tagged[0].RecordHash {
			t.Fatalf("manifest: %+v", m.Entries)
		}

		// A tag record edited to change a put tag, rehashed and chained again, is still caught.
		forged := strings.Replace(log[1].Record, `"PO-4711"`, `"PO-9999"`, 1)
		hash := o2c.ArchiveChainHash(log[1].PrevHash, forged)
		b.sql(t, `UPDATE archive_log SET record = '`+forged+`', record_hash = '`+hash+`' WHERE seq = 4`,
			`UPDATE archive_head SET hash = '`+hash+`'`)
		rep, err = b.archive.Verify(t.Context())
		must(t, err)
		if got := found(rep); !slices.Equal(got, []string{"entry_edited@2", "record_edited@4"}) {
			t.Fatalf("found %v:\n%v", got, rep.Problems)
		}
		if !strings.Contains(rep.Problems[1].Message, "tags.po_number") {
			t.Fatalf("the problem does not name the changed tag: %v", rep.Problems[1])
		}
	})
}

// TestTagArchiveEntryTampered: a tag inserted behind the store's back, or a tag record removed,
// shows.
func TestTagArchiveEntryTampered(t *testing.T) {
	t.Parallel()
	onEngines(t, func(t *testing.T, eng engine) {
		b := setupVerify(t, eng)
		_, err := tagged(t, b, b.entries[0].SHA256, map[string]string{o2c.TagPONumber: "PO-1"})
		must(t, err)
		b.sql(t, `INSERT INTO archive_tags (entry_id, key, value) VALUES (`+strconv.FormatInt(b.entries[2].ID, 10)+`, 'customer', 'C9')`)
		rep, err := b.archive.Verify(t.Context())
		must(t, err)
		if got := found(rep); !slices.Equal(got, []string{"entry_edited@3"}) {
			t.Fatalf("found %v:\n%v", got, rep.Problems)
		}
		for _, stmt := range []string{`DELETE FROM archive_log WHERE seq = 4`, `DELETE FROM archive_tags WHERE value = 'C9'`} {
			_, err := b.db.WriteDB().ExecContext(t.Context(), stmt) // the guards are down already
			must(t, err)
		}
		rep, err = b.archive.Verify(t.Context())
		must(t, err)
		if got := found(rep); !slices.Equal(got, []string{"entry_edited@1", "head_mismatch@3"}) {
			t.Fatalf("found %v:\n%v", got, rep.Problems)
		}
	})
}

func readManifest(t *testing.T, b []byte) archive.Manifest {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	must(t, err)
	f, err := zr.Open(archive.ManifestName)
	must(t, err)
	defer f.Close()
	data, err := io.ReadAll(f)
	must(t, err)
	var m archive.Manifest
	must(t, json.Unmarshal(data, &m))
	return m
}
