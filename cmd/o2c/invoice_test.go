package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/o2c-project/o2c/invoice"
)

// invoiceCase is an invoice JSON of the table that invoice/pdf keeps.
func invoiceCase(name string) string {
	return filepath.Join("..", "..", "invoice", "pdf", "testdata", "cases", name+".json")
}

func runMain(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	code := m.Run(context.Background(), args)
	return code, out.String(), errOut.String()
}

// TestInvoiceRenderAndExtract renders an invoice in every format and reads the Factur-X, CII
// and UBL back with `o2c invoice extract`: the number and the amount due survive.
func TestInvoiceRenderAndExtract(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, c := range []struct{ format, ext, magic string }{
		{"pdf", "pdf", "%PDF-"}, {"facturx", "pdf", "%PDF-"}, {"cii", "xml", "<?xml"}, {"ubl", "xml", "<?xml"},
	} {
		out := filepath.Join(dir, c.format+"."+c.ext)
		code, _, stderr := runMain(t, "invoice", "render", invoiceCase("credit-note-with-charges"), "--format", c.format, "--lang", "de", "-o", out)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", c.format, code, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil || !bytes.HasPrefix(b, []byte(c.magic)) {
			t.Fatalf("%s: wrote %.20q (%v)", c.format, b, err)
		}
		if c.format == "pdf" {
			continue // a plain PDF embeds no XML
		}
		code, stdout, stderr := runMain(t, "invoice", "extract", out)
		if code != 0 {
			t.Fatalf("extract %s: exit %d: %s", c.format, code, stderr)
		}
		var inv invoice.Invoice
		if err := json.Unmarshal([]byte(stdout), &inv); err != nil {
			t.Fatalf("extract %s: %v\n%s", c.format, err, stdout)
		}
		if inv.Number != "F2026-000023" || inv.Type != invoice.TypeCreditNote || inv.Totals.Payable.String() != "493.94" {
			t.Errorf("extract %s: number %s, type %s, payable %s", c.format, inv.Number, inv.Type, inv.Totals.Payable)
		}
	}
}

// TestInvoiceRenderRefusesInvalid: an invoice that breaks EN 16931 rules is not written, and
// every broken rule is named.
func TestInvoiceRenderRefusesInvalid(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(invoiceCase("s20-one-line"))
	if err != nil {
		t.Fatal(err)
	}
	var inv map[string]any
	if err := json.Unmarshal(b, &inv); err != nil {
		t.Fatal(err)
	}
	inv["seller"].(map[string]any)["name"] = ""
	inv["buyer"].(map[string]any)["name"] = ""
	bad, _ := json.Marshal(inv)
	f := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(f, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out.pdf")
	code, _, stderr := runMain(t, "invoice", "render", f, "--format", "facturx", "-o", out)
	if code != 1 || !strings.Contains(stderr, "BR-06") || !strings.Contains(stderr, "BR-07") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("an invalid invoice was written")
	}
	if code, _, _ := runMain(t, "invoice", "render", f, "--format", "edifact"); code != 2 {
		t.Errorf("an unknown format exits %d, want 2", code)
	}
}
