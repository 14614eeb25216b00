package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/archive"
	"github.com/o2c-project/o2c/postgres"
	"github.com/o2c-project/o2c/sqlite"
	"github.com/o2c-project/o2c/sqlstore"
)

// runCLI runs one o2c command and returns its exit code, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	m := &Main{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	code := m.Run(t.Context(), args)
	return code, stdout.String(), stderr.String()
}

// TestArchiveCommands: documents archived by the library are verified, searched and exported
// by the command, on SQLite in the data directory and on PostgreSQL with --db; a changed blob
// and a changed log record make verify fail and name them.
func TestArchiveCommands(t *testing.T) {
	t.Parallel()
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			flags := []string{"--data", dir}
			var db *sqlstore.DB
			var err error
			if engine == "postgres" {
				dsn := postgres.TestDSN(t)
				flags = append(flags, "--db", dsn)
				db, err = postgres.Open(t.Context(), dsn, sqlstore.Options{})
			} else {
				db, err = sqlite.Open(t.Context(), filepath.Join(dir, "o2c.db"), sqlstore.Options{})
			}
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			a := archive.New(filepath.Join(dir, "archive"), db)
			inv, err := a.Put(t.Context(), []byte("%PDF RE-1"), archive.Document{ContentType: "application/pdf", FileName: "RE-1.pdf",
				DocType: o2c.ArchiveInvoice, Tags: map[string]string{o2c.TagCustomer: "C1", o2c.TagDate: "2026-03-01", o2c.TagAmount: "1190.00"},
				Body: "Rechnung Kaffee Bohnen", Actor: "test"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.Put(t.Context(), []byte("ORDERS"), archive.Document{FileName: "po.edi", DocType: o2c.ArchiveOrder,
				Tags: map[string]string{o2c.TagCustomer: "C1", o2c.TagDate: "2026-02-20"}, Body: "Kaffee", Actor: "test"}); err != nil {
				t.Fatal(err)
			}

			code, out, errOut := runCLI(t, append([]string{"archive", "verify"}, flags...)...)
			if code != 0 || !strings.Contains(out, "the archive is intact") || !strings.Contains(out, "head 2:") {
				t.Fatalf("verify: exit %d\n%s%s", code, out, errOut)
			}
			head := strings.TrimSpace(out[strings.Index(out, "head ")+5 : strings.Index(out, "\nthe archive")])
			if code, out, errOut := runCLI(t, append([]string{"archive", "verify", "--anchor", head}, flags...)...); code != 0 {
				t.Fatalf("verify --anchor %s: exit %d\n%s%s", head, code, out, errOut)
			}

			code, out, errOut = runCLI(t, append([]string{"archive", "search", "kaffee", "--type", "invoice,credit_note",
				"--date", "date=2026-03-01..", "--amount", "amount=1000..", "--tag", "customer=C1"}, flags...)...)
			if code != 0 || !strings.Contains(out, "RE-1.pdf") || strings.Contains(out, "po.edi") || !strings.Contains(out, "1-1 of 1") {
				t.Fatalf("search: exit %d\n%s%s", code, out, errOut)
			}
			code, out, errOut = runCLI(t, append([]string{"archive", "search", "--json", "kaffee"}, flags...)...)
			var res struct {
				Total   int                 `json:"total"`
				Entries []*o2c.ArchiveEntry `json:"entries"`
			}
			if code != 0 || json.Unmarshal([]byte(out), &res) != nil || res.Total != 2 || res.Entries[1].SHA256 != inv.SHA256 {
				t.Fatalf("search --json: exit %d\n%s%s", code, out, errOut)
			}
			if code, _, errOut := runCLI(t, append([]string{"archive", "search", "--type", "receipt"}, flags...)...); code != 2 || !strings.Contains(errOut, "not a document type") {
				t.Fatalf("search --type receipt: exit %d, %s", code, errOut)
			}

			zipPath := filepath.Join(dir, "out.zip")
			code, out, errOut = runCLI(t, append([]string{"archive", "export", "-o", zipPath, "kaffee", "--type", "invoice"}, flags...)...)
			if code != 0 || !strings.Contains(errOut, "exported 1 entries") {
				t.Fatalf("export: exit %d\n%s%s", code, out, errOut)
			}
			zr, err := zip.OpenReader(zipPath)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, f := range zr.File {
				names = append(names, f.Name)
			}
			zr.Close()
			if strings.Join(names, " ") != "manifest.json invoice/RE-1.pdf" {
				t.Fatalf("the export holds %v", names)
			}
			if code, _, _ := runCLI(t, append([]string{"archive", "export", "kaffee"}, flags...)...); code != 2 {
				t.Fatalf("export without -o: exit %d", code)
			}

			// A changed blob: verify fails and names it.
			blob := filepath.Join(dir, "archive", inv.SHA256[:2], inv.SHA256[2:])
			if err := os.Chmod(blob, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(blob, []byte("%PDF RE-2"), 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, errOut = runCLI(t, append([]string{"archive", "verify"}, flags...)...)
			if code != 1 || !strings.Contains(out, "blob_tampered: record 1, blob "+inv.SHA256) || !strings.Contains(errOut, "not intact: 1 problem") {
				t.Fatalf("verify of a changed blob: exit %d\n%s%s", code, out, errOut)
			}
			// A failed export leaves no file behind.
			failed := filepath.Join(dir, "failed.zip")
			if code, _, _ := runCLI(t, append([]string{"archive", "export", "-o", failed, "rechnung"}, flags...)...); code != 1 {
				t.Fatalf("export of a changed blob: exit %d", code)
			}
			if _, err := os.Stat(failed); !os.IsNotExist(err) {
				t.Fatalf("a failed export left %s: %v", failed, err)
			}
			if err := os.WriteFile(blob, []byte("%PDF RE-1"), 0o444); err != nil {
				t.Fatal(err)
			}

			// A log record changed behind the store's back.
			unguard := `DROP TRIGGER archive_log_no_update`
			if engine == "postgres" {
				unguard = `ALTER TABLE archive_log DISABLE TRIGGER archive_log_append_only`
			}
			for _, s := range []string{unguard, `UPDATE archive_log SET record = replace(record, 'RE-1.pdf', 'RE-9.pdf') WHERE seq = 1`} {
				if _, err := db.WriteDB().ExecContext(t.Context(), s); err != nil {
					t.Fatalf("%s: %v", s, err)
				}
			}
			code, out, errOut = runCLI(t, append([]string{"archive", "verify"}, flags...)...)
			if code != 1 || !strings.Contains(out, "record_edited: record 1") || !strings.Contains(out, "entry_edited: record 1") {
				t.Fatalf("verify of a changed record: exit %d\n%s%s", code, out, errOut)
			}
		})
	}
}

func TestArchiveUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"archive"}, {"archive", "shred"}, {"archive", "verify", "extra"}, {"archive", "verify", "--anchor", "1:x"}} {
		if code, _, errOut := runCLI(t, args...); code != 2 || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
}
