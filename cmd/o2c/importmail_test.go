package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const mailWithOrder = "From: Achats <achats@bistro.example>\r\n" +
	"To: orders@supplier.example\r\n" +
	"Subject: Commande 4711\r\n" +
	"Message-ID: <po-4711@bistro.example>\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: multipart/mixed; boundary=\"b1\"\r\n" +
	"\r\n" +
	"--b1\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\n" +
	"\r\n" +
	"Bonjour, notre commande en pièce jointe.\r\n" +
	"--b1\r\n" +
	"Content-Type: application/json\r\n" +
	"Content-Disposition: attachment; filename=\"PO-4711.json\"\r\n" +
	"\r\n" +
	"{\"document_type\":\"purchase_order\",\"po_number\":\"PO-4711\",\"lines\":[{\"supplier_sku\":\"BEV-1001\",\"quantity\":\"2\"}]}\r\n" +
	"--b1--\r\n"

const mailBodyOnly = "From: Kantine <einkauf@kantine.example>\r\n" +
	"Subject: Bestellung\r\n" +
	"Message-ID: <b-1@kantine.example>\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\n" +
	"\r\n" +
	"Bitte liefern: 10 x BEV-1001\r\n"

func TestImportMailArchiveOnceOnly(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	eml := filepath.Join(dir, "po.eml")
	mbox := filepath.Join(dir, "archive.mbox")
	if err := os.WriteFile(eml, []byte(mailWithOrder), 0o644); err != nil {
		t.Fatal(err)
	}
	box := "From achats@bistro.example Fri Nov 27 09:00:00 2026\n" + strings.ReplaceAll(mailWithOrder, "\r\n", "\n") +
		"\nFrom einkauf@kantine.example Fri Nov 27 09:05:00 2026\n" + strings.ReplaceAll(mailBodyOnly, "\r\n", "\n")
	if err := os.WriteFile(mbox, []byte(box), 0o644); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	run := func() string {
		var out, errs bytes.Buffer
		m := &Main{Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }}
		if code := m.Run(context.Background(), []string{"import-mail", eml, mbox, "--data", data}); code != 0 {
			t.Fatalf("import-mail exited %d: %s", code, errs.String())
		}
		return out.String()
	}
	// The .eml and the first mbox message are the same mail: its attachment is stored once.
	if got := run(); !strings.Contains(got, "3 messages: 2 documents stored, 1 already there, 0 messages refused") {
		t.Fatalf("first import said %q", got)
	}
	if got := run(); !strings.Contains(got, "3 messages: 0 documents stored, 3 already there") {
		t.Fatalf("second import said %q", got)
	}
}
