package archive_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/archive"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/out")

func TestExport(t *testing.T) {
	t.Parallel()
	onEngines(t, func(t *testing.T, eng engine) {
		db := eng.open(t)
		a := archive.New(t.TempDir(), db)
		put := func(content string, d archive.Document) *o2c.ArchiveEntry {
			t.Helper()
			d.Actor = "job:invoice"
			e, err := a.Put(t.Context(), []byte(content), d)
			must(t, err)
			return e
		}
		inv := put("%PDF RE-2026-0001", archive.Document{ContentType: "application/pdf", FileName: "invoice.pdf", DocType: o2c.ArchiveInvoice,
			Tags: map[string]string{o2c.TagCustomer: "C1", o2c.TagNumber: "RE-2026-0001", o2c.TagDate: "2026-03-01", o2c.TagAmount: "1190.00", o2c.TagCurrency: "EUR"},
			Body: "Rechnung RE-2026-0001 Kaffee"})
		put("ORDERS PO-4711", archive.Document{ContentType: "application/edifact", FileName: "po.edi", DocType: o2c.ArchiveOrder,
			Tags: map[string]string{o2c.TagCustomer: "C1"}, Body: "Kaffee"})
		same := put("%PDF RE-2026-0002", archive.Document{ContentType: "application/pdf", FileName: "invoice.pdf", DocType: o2c.ArchiveInvoice,
			Tags: map[string]string{o2c.TagCustomer: "C1", o2c.TagNumber: "RE-2026-0002", o2c.TagDate: "2026-03-15", o2c.TagAmount: "59.50", o2c.TagCurrency: "EUR"},
			Body: "Rechnung RE-2026-0002 Kaffee"})
		odd := put("%PDF GS-1", archive.Document{ContentType: "application/pdf", FileName: "../GS:1/\x01credit?.pdf", DocType: o2c.ArchiveCreditNote,
			Tags: map[string]string{o2c.TagCustomer: "C1", o2c.TagDate: "2026-03-20", o2c.TagAmount: "-59.50", o2c.TagCurrency: "EUR"},
			Body: "Gutschrift Kaffee"})
		put("%PDF RE-2026-0003", archive.Document{ContentType: "application/pdf", FileName: "invoice.pdf", DocType: o2c.ArchiveInvoice,
			Tags: map[string]string{o2c.TagCustomer: "C2", o2c.TagDate: "2026-03-16"}, Body: "Rechnung Tee"})

		f := o2c.ArchiveFilter{Text: "kaffee", Types: []o2c.ArchiveDocType{o2c.ArchiveInvoice, o2c.ArchiveCreditNote},
			Tags: map[string]string{o2c.TagCustomer: "C1"}, Offset: 1, Limit: 1} // a page is ignored: all are exported
		var first, second bytes.Buffer
		n, err := a.Export(t.Context(), &first, f)
		must(t, err)
		if n != 3 {
			t.Fatalf("exported %d entries, want 3", n)
		}
		_, err = a.Export(t.Context(), &second, f)
		must(t, err)
		if !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatal("two exports of the same entries differ")
		}

		zr, err := zip.NewReader(bytes.NewReader(first.Bytes()), int64(first.Len()))
		must(t, err)
		var names []string
		files := map[string][]byte{}
		for _, zf := range zr.File {
			names = append(names, zf.Name)
			rc, err := zf.Open()
			must(t, err)
			b, err := io.ReadAll(rc)
			must(t, err)
			must(t, rc.Close())
			files[zf.Name] = b
		}
		wantNames := []string{"manifest.json", "invoice/invoice.pdf", "invoice/invoice-" + same.SHA256[:12] + ".pdf", "credit_note/_GS_1__credit_.pdf"}
		if !slices.Equal(names, wantNames) {
			t.Fatalf("zip holds %q, want %q", names, wantNames)
		}
		if zr.File[1].Modified.UTC() != inv.CreatedAt || zr.File[3].Modified.UTC() != odd.CreatedAt {
			t.Fatalf("files dated %v, %v; want their entries' CreatedAt", zr.File[1].Modified, zr.File[3].Modified)
		}

		// The manifest names every file with its digest and its put record, whose hash the
		// recipient can recompute.
		var m archive.Manifest
		must(t, json.Unmarshal(files["manifest.json"], &m))
		for _, e := range m.Entries {
			if digest(files[e.File]) != e.SHA256 || int64(len(files[e.File])) != e.Size {
				t.Fatalf("%s is not the blob %s", e.File, e.SHA256)
			}
			if o2c.ArchiveChainHash(e.PrevHash, e.Record) != e.RecordHash {
				t.Fatalf("the record of %s does not hash to its record_hash", e.File)
			}
			d, err := o2c.ParseArchiveRecordData(e.Record)
			must(t, err)
			if d.SHA256 != e.SHA256 || d.Seq != e.Seq || d.Action != o2c.ArchivePut {
				t.Fatalf("the record of %s is %+v", e.File, d)
			}
		}
		golden(t, filepath.Join("testdata", "out", "export-manifest.json"), files["manifest.json"])

		// Nothing matches: a zip with an empty manifest.
		var empty bytes.Buffer
		n, err = a.Export(t.Context(), &empty, o2c.ArchiveFilter{Text: "espresso"})
		must(t, err)
		zr, err = zip.NewReader(bytes.NewReader(empty.Bytes()), int64(empty.Len()))
		must(t, err)
		if n != 0 || len(zr.File) != 1 || zr.File[0].Name != "manifest.json" {
			t.Fatalf("an empty export holds %d entries, %d files", n, len(zr.File))
		}

		// A changed blob is not exported as if it were the archived one.
		tamper(t, a.Blobs.Dir(), same.SHA256, []byte("%PDF RE-2026-0009"))
		if _, err := a.Export(t.Context(), io.Discard, f); err == nil || !strings.Contains(err.Error(), "was changed") {
			t.Fatalf("export of a changed blob: %v", err)
		}
	})
}

// golden compares got with the file at path, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		must(t, os.MkdirAll(filepath.Dir(path), 0o755))
		must(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	must(t, err)
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs (go test -update rewrites it):\n%s", path, got)
	}
}

func TestExportNames(t *testing.T) {
	t.Parallel()
	a := archive.New(t.TempDir(), engines[0].open(t))
	long := strings.Repeat("ä", 100) + ".pdf" // 204 bytes
	for i, name := range []string{long, "", "  ..  "} {
		_, err := a.Put(t.Context(), []byte{byte(i)}, archive.Document{DocType: o2c.ArchiveOther, FileName: name, Actor: "x"})
		must(t, err)
	}
	var buf bytes.Buffer
	_, err := a.Export(t.Context(), &buf, o2c.ArchiveFilter{})
	must(t, err)
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	must(t, err)
	var names []string
	for _, zf := range zr.File {
		names = append(names, zf.Name)
	}
	want := []string{"manifest.json",
		"other/" + strings.Repeat("ä", 58) + ".pdf", // cut to 120 bytes on a character's edge, the extension kept
		"other/" + digest([]byte{1})[:16],           // no name: the digest's start
		"other/" + digest([]byte{2})[:16],           // nothing left of the name
	}
	if !slices.Equal(names, want) {
		t.Fatalf("names %q, want %q", names, want)
	}
}
