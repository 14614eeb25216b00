package pdf

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/cases and the golden PDFs")

// caseByName returns the named case of the table.
func caseByName(t *testing.T, name string) testCase {
	t.Helper()
	for _, c := range testCases() {
		if c.name == name {
			return c
		}
	}
	t.Fatalf("no case %q", name)
	return testCase{}
}

// tool finds a command, or skips without it, except in CI where it fails.
func tool(tb testing.TB, name string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("%s is missing (scripts/install-deps.sh installs it): %v", name, err)
		}
		tb.Skipf("%s is missing; scripts/install-deps.sh installs it", name)
	}
	return p
}

// pdfText is the text of a PDF as pdftotext reads it, page by page.
func pdfText(t *testing.T, pdf []byte) []string {
	t.Helper()
	bin := tool(t, "pdftotext")
	f := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(out), "\f")
	if len(pages) > 0 && strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	return pages
}

func TestRenderLook(t *testing.T) {
	dir := os.Getenv("O2C_PDF_OUT")
	if dir == "" {
		t.Skip("set O2C_PDF_OUT to write sample PDFs")
	}
	for _, name := range []string{"fr-four-rates", "credit-note-with-charges", "500-lines", "intra-community-k", "odd-prices-rounding", "usd-with-vat-in-eur"} {
		c := caseByName(t, name)
		for _, lang := range []string{"fr", "en", "de"} {
			b, err := Render(c.inv, Branding{Logo: testLogo(t)}, lang)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name+"-"+lang+".pdf"), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	_ = bytes.MinRead
}
