package archive_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/archive"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/postgres"
	"github.com/o2c-project/o2c/sqlite"
	"github.com/o2c-project/o2c/sqlstore"
)

// clock is the fixed instant of the tests' stores.
var clock = time.Date(2026, 3, 31, 9, 30, 0, 0, time.UTC)

// engine is a store the archive tests run on, and how to take away its guards against UPDATE
// and DELETE, as someone with the database's password could.
type engine struct {
	name    string
	open    func(t *testing.T) *sqlstore.DB
	unguard []string
}

var engines = []engine{
	{
		name: "sqlite",
		open: func(t *testing.T) *sqlstore.DB {
			return sqlite.MustOpenTest(t, sqlstore.Options{Now: func() time.Time { return clock }})
		},
		unguard: []string{`DROP TRIGGER archive_log_no_update`, `DROP TRIGGER archive_log_no_delete`,
			`DROP TRIGGER archive_entries_no_update`, `DROP TRIGGER archive_tags_no_update`},
	},
	{
		name: "postgres",
		open: func(t *testing.T) *sqlstore.DB {
			return postgres.MustOpenTest(t, sqlstore.Options{Now: func() time.Time { return clock }})
		},
		unguard: []string{`ALTER TABLE archive_log DISABLE TRIGGER USER`, `ALTER TABLE archive_entries DISABLE TRIGGER USER`,
			`ALTER TABLE archive_tags DISABLE TRIGGER USER`},
	},
}

// onEngines runs fn on each engine in parallel.
func onEngines(t *testing.T, fn func(t *testing.T, e engine)) {
	t.Helper()
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			fn(t, e)
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, err error, code o2c.Code) {
	t.Helper()
	if got := o2c.ErrorCode(err); got != code {
		t.Fatalf("error = %v (code %q), want code %q", err, got, code)
	}
}

func digest(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestBlobsPut(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	b := archive.NewBlobs(filepath.Join(dir, "archive"))
	content := []byte("%PDF-1.7 invoice RE-2026-0001")
	sum, size, err := b.Put(bytes.NewReader(content))
	must(t, err)
	if sum != digest(content) || size != int64(len(content)) {
		t.Fatalf("Put = %s, %d; want %s, %d", sum, size, digest(content), len(content))
	}

	// DIR/ab/cdef..., read-only, nothing else left behind.
	path := filepath.Join(dir, "archive", sum[:2], sum[2:])
	fi, err := os.Stat(path)
	must(t, err)
	if fi.Mode().Perm() != 0o444 {
		t.Fatalf("blob mode %v, want read-only 0444", fi.Mode().Perm())
	}
	got, err := os.ReadFile(path)
	must(t, err)
	if !bytes.Equal(got, content) {
		t.Fatalf("blob holds %q", got)
	}
	wantFiles(t, filepath.Join(dir, "archive"), sum[:2]+"/"+sum[2:])

	// The same bytes again: the same digest, the same file (a rewrite would be a new one).
	before := fi
	sum2, size2, err := b.Put(bytes.NewReader(content))
	must(t, err)
	if sum2 != sum || size2 != size {
		t.Fatalf("second Put = %s, %d", sum2, size2)
	}
	fi, err = os.Stat(path)
	must(t, err)
	if !os.SameFile(fi, before) {
		t.Fatal("the second Put rewrote the blob")
	}
	wantFiles(t, filepath.Join(dir, "archive"), sum[:2]+"/"+sum[2:])

	// Empty content is a blob too.
	sum, size, err = b.Put(strings.NewReader(""))
	must(t, err)
	if sum != digest(nil) || size != 0 {
		t.Fatalf("empty Put = %s, %d", sum, size)
	}

	// A reader that fails leaves no blob and no temporary file.
	_, _, err = b.Put(io.MultiReader(strings.NewReader("half"), failingReader{}))
	if err == nil {
		t.Fatal("Put of a failing reader succeeded")
	}
	wantFiles(t, filepath.Join(dir, "archive"), digest(content)[:2]+"/"+digest(content)[2:], digest(nil)[:2]+"/"+digest(nil)[2:])
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

// wantFiles fails unless dir holds exactly the files named (slash-separated, in order).
func wantFiles(t *testing.T, dir string, want ...string) {
	t.Helper()
	var got []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		got = append(got, filepath.ToSlash(rel))
		return err
	})
	must(t, err)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("files in %s:\n%s\nwant\n%s", dir, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestBlobsOpen(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	b := archive.NewBlobs(dir)
	content := []byte("<Invoice>RE-1</Invoice>")
	sum, size, err := b.Put(bytes.NewReader(content))
	must(t, err)

	r, err := b.Open(sum, size)
	must(t, err)
	got, err := io.ReadAll(r)
	must(t, err)
	must(t, r.Close())
	if !bytes.Equal(got, content) || r.Size() != size {
		t.Fatalf("read %q (%d)", got, r.Size())
	}

	_, err = b.Open(sum, size+1)
	if err == nil || !strings.Contains(err.Error(), "was changed") {
		t.Fatalf("Open with another size: %v", err)
	}
	_, err = b.Open(digest([]byte("nothing")), 7)
	wantCode(t, err, o2c.CodeNotFound)
	_, err = b.Open("../../etc/passwd", 1)
	wantCode(t, err, o2c.CodeInvalid)

	// Bytes changed in place, same size: the reader fails at their end.
	tamper(t, dir, sum, []byte("<Invoice>RE-9</Invoice>"))
	r, err = b.Open(sum, size)
	must(t, err)
	defer r.Close()
	if _, err := io.ReadAll(r); err == nil || !strings.Contains(err.Error(), "was changed") {
		t.Fatalf("reading a changed blob: %v", err)
	}
}

// tamper overwrites a blob's file, as someone with access to the disk could.
func tamper(t *testing.T, dir, sum string, content []byte) {
	t.Helper()
	path := filepath.Join(dir, sum[:2], sum[2:])
	must(t, os.Chmod(path, 0o644))
	must(t, os.WriteFile(path, content, 0o644))
}

func TestRetention(t *testing.T) {
	t.Parallel()
	r := archive.DefaultRetention()
	for _, tt := range []struct {
		typ  o2c.ArchiveDocType
		date string
		want string
	}{
		{o2c.ArchiveInvoice, "2026-03-31", "2036-12-31"},
		{o2c.ArchiveCreditNote, "2026-12-31", "2036-12-31"},
		{o2c.ArchiveInvoice, "2027-01-01", "2037-12-31"},
		{o2c.ArchiveOrder, "2026-03-31", "2032-12-31"},
		{o2c.ArchiveOther, "2024-02-29", "2030-12-31"},
	} {
		t.Run(string(tt.typ)+"_"+tt.date, func(t *testing.T) {
			if got := r.Until(tt.typ, cal.MustParse(tt.date)).String(); got != tt.want {
				t.Fatalf("Until = %s, want %s", got, tt.want)
			}
		})
	}

	p, err := archive.ParseRetention("order=8, *=3")
	must(t, err)
	if p.YearsOf(o2c.ArchiveOrder) != 8 || p.YearsOf(o2c.ArchiveStatement) != 3 || p.YearsOf(o2c.ArchiveInvoice) != 10 {
		t.Fatalf("parsed %+v", p)
	}
	if archive.DefaultRetention().YearsOf(o2c.ArchiveOrder) != 6 {
		t.Fatal("ParseRetention changed the defaults")
	}
	for _, bad := range []string{"receipt=3", "order", "order=0", "order=x", "order=101"} {
		_, err := archive.ParseRetention(bad)
		wantCode(t, err, o2c.CodeInvalid)
	}
}

func TestPutAndOpen(t *testing.T) {
	t.Parallel()
	onEngines(t, func(t *testing.T, eng engine) {
		db := eng.open(t)
		a := archive.New(t.TempDir(), db)
		content := []byte("%PDF invoice RE-2026-0001 for Kantine Nord")
		e, err := a.Put(t.Context(), content, archive.Document{ContentType: "application/pdf", FileName: "RE-2026-0001.pdf",
			DocType: o2c.ArchiveInvoice, Tags: map[string]string{o2c.TagDate: "2025-12-30", o2c.TagCustomer: "C1"},
			Body: "Rechnung RE-2026-0001", Actor: "user:anna"})
		must(t, err)
		if e.SHA256 != digest(content) || e.Size != int64(len(content)) || e.Seq != 1 || !e.CreatedAt.Equal(clock) {
			t.Fatalf("entry %+v", e)
		}
		if e.RetentionUntil != cal.MustParse("2035-12-31") {
			t.Fatalf("an invoice of 2025-12-30 is kept until %s, want 2035-12-31 (from its date tag)", e.RetentionUntil)
		}

		got, blob, err := a.Open(t.Context(), e.SHA256)
		must(t, err)
		b, err := io.ReadAll(blob)
		must(t, err)
		must(t, blob.Close())
		if !bytes.Equal(b, content) || got.ID != e.ID || got.Body != "Rechnung RE-2026-0001" {
			t.Fatalf("opened %+v: %q", got, b)
		}

		// The same bytes again are archived already.
		_, err = a.Put(t.Context(), content, archive.Document{DocType: o2c.ArchiveOther, Actor: "x"})
		wantCode(t, err, o2c.CodeConflict)

		// Without a date, retention counts from today (the clock's).
		e2, err := a.Put(t.Context(), []byte("ORDERS"), archive.Document{DocType: o2c.ArchiveOrder, Actor: "x"})
		must(t, err)
		if e2.RetentionUntil != cal.MustParse("2032-12-31") {
			t.Fatalf("an order of today is kept until %s", e2.RetentionUntil)
		}

		// An invalid document writes no blob.
		_, err = a.Put(t.Context(), []byte("never stored"), archive.Document{DocType: "receipt"})
		wantCode(t, err, o2c.CodeInvalid)
		if _, err := a.Blobs.Open(digest([]byte("never stored")), 12); o2c.ErrorCode(err) != o2c.CodeNotFound {
			t.Fatalf("an invalid document's blob: %v", err)
		}

		// A missing blob is an error, not a not-found entry.
		must(t, a.Blobs.Remove(e2.SHA256))
		if _, _, err := a.Open(t.Context(), e2.SHA256); err == nil || o2c.ErrorCode(err) == o2c.CodeNotFound {
			t.Fatalf("opening an entry whose blob is gone: %v", err)
		}
	})
}

func TestPurge(t *testing.T) {
	t.Parallel()
	onEngines(t, func(t *testing.T, eng engine) {
		db := eng.open(t)
		a := archive.New(t.TempDir(), db)
		a.Retention = archive.Retention{Default: 1}
		old, err := a.Put(t.Context(), []byte("old"), archive.Document{DocType: o2c.ArchiveOrder, Date: cal.MustParse("2020-05-05"), Actor: "x"})
		must(t, err)
		recent, err := a.Put(t.Context(), []byte("recent"), archive.Document{DocType: o2c.ArchiveOrder, Date: cal.MustParse("2025-01-01"), Actor: "x"})
		must(t, err)
		n, err := a.Purge(t.Context(), "user:anna")
		must(t, err)
		if n != 1 {
			t.Fatalf("purged %d, want 1 (the order of 2020, kept until 2021-12-31)", n)
		}
		if _, err := a.Blobs.Open(old.SHA256, old.Size); o2c.ErrorCode(err) != o2c.CodeNotFound {
			t.Fatalf("the purged blob: %v", err)
		}
		if _, b, err := a.Open(t.Context(), recent.SHA256); err != nil {
			t.Fatalf("the kept entry: %v", err)
		} else {
			must(t, b.Close())
		}
		rep, err := a.Verify(t.Context())
		must(t, err)
		if len(rep.Problems) != 0 || rep.Records != 3 || rep.Entries != 1 {
			t.Fatalf("after the purge: %+v", rep)
		}
	})
}
