package confirm

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// pageObject matches a page object, and not the /Type /Pages tree.
var pageObject = regexp.MustCompile(`/Type /Page[^s]`)

func mustPDF(t *testing.T, c Confirmation) []byte {
	t.Helper()
	b, err := PDF(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestPDF(t *testing.T) {
	t.Parallel()
	for name, c := range cases(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := mustPDF(t, c)
			if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimSpace(b), []byte("%%EOF")) {
				t.Fatalf("not a PDF: starts %q", b[:min(len(b), 16)])
			}
			if again := mustPDF(t, c); !bytes.Equal(b, again) {
				t.Fatal("a second render differs: the PDF is not deterministic")
			}
			if n := len(pageObject.FindAll(b, -1)); n != 1 {
				t.Errorf("%d pages, want 1", n)
			}
			if !bytes.Contains(b, []byte("/CreationDate (D:20261127000000)")) {
				t.Error("the creation date is not the issue date")
			}
			golden(t, name+".pdf", b)
		})
	}
}

// TestPDFManyLines: 150 lines run over several pages, each with the table header again, and
// "Page x of y" on each.
func TestPDFManyLines(t *testing.T) {
	t.Parallel()
	c := manyLines(t, 150)
	b := mustPDF(t, c)
	pages := len(pageObject.FindAll(b, -1))
	if pages < 3 {
		t.Fatalf("%d pages for 150 lines, want several", pages)
	}
	if again := mustPDF(t, c); !bytes.Equal(b, again) {
		t.Fatal("a second render differs: the PDF is not deterministic")
	}
	pdftotext := tool(t, "pdftotext")
	path := writeTemp(t, b)
	seen := map[string]bool{}
	for p := 1; p <= pages; p++ {
		text := run(t, pdftotext, "-layout", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), path, "-")
		if want := "Page " + strconv.Itoa(p) + " sur " + strconv.Itoa(pages); !strings.Contains(text, want) {
			t.Errorf("page %d has no %q", p, want)
		}
		if !regexp.MustCompile(`Ligne\s+Notre réf\.\s+Désignation\s+Qté`).MatchString(text) {
			t.Errorf("page %d has no table header", p)
		}
		for _, m := range regexp.MustCompile(`ART-\d{4}`).FindAllString(text, -1) {
			if seen[m] {
				t.Errorf("%s is on two pages", m)
			}
			seen[m] = true
		}
		if p == pages && !strings.Contains(nbspToSpace(text), "Total HT") {
			t.Errorf("the last page has no total")
		}
	}
	if len(seen) != 150 {
		t.Fatalf("%d distinct lines over the pages, want 150", len(seen))
	}
}

// TestPDFText reads the PDF back with poppler: the PO number, accented names and the total are
// text, in the right characters.
func TestPDFText(t *testing.T) {
	t.Parallel()
	pdftotext := tool(t, "pdftotext")
	for name, want := range map[string][]string{
		"changed_fr":  {"CMD-2026-0815", "Société Générale Müller", "Entrepôt Saint-Priest", "6 215,00 EUR", "Désignation", "Quantité 80 au lieu de 100", "Page 1 sur 1"},
		"accepted_en": {"PO-4711", "2,799.85 EUR", "United Kingdom", "8.125", "Page 1 of 1"},
		"rejected_de": {"B-2026/117", "Bäckerei Grüner GmbH", "Lindwurmstraße 88", "keinem Kundenkonto zuordnen", "1.200,5"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			text := nbspToSpace(run(t, pdftotext, writeTemp(t, mustPDF(t, loadCase(t, name))), "-"))
			text = strings.Join(strings.Fields(text), " ")
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("no %q in:\n%s", w, text)
				}
			}
		})
	}
}

// TestPDFOutsideWindows1252: characters the core fonts lack become '?', never a crash and never
// silently nothing.
func TestPDFOutsideWindows1252(t *testing.T) {
	t.Parallel()
	pdftotext := tool(t, "pdftotext")
	c := loadCase(t, "changed_fr")
	cu := *c.Customer
	cu.Name = "Łukasz 東京 Sp. z o.o. 😀"
	cu.Street = `a\b (c) \) Tj (d`
	c.Customer = &cu
	text := run(t, pdftotext, writeTemp(t, mustPDF(t, c)), "-")
	if !strings.Contains(text, "?ukasz ?? Sp. z o.o. ?") {
		t.Fatalf("the name is not written with '?' for what the font lacks:\n%s", text)
	}
	if !strings.Contains(text, `a\b (c) \) Tj (d`) { // PDF string delimiters are escaped
		t.Fatalf("the street is not written as it is:\n%s", text)
	}
}

func TestPDFNeedsIssueDate(t *testing.T) {
	t.Parallel()
	c := loadCase(t, "accepted_en")
	c.Issued = cal.Date{}
	if _, err := PDF(c); o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Fatalf("PDF without an issue date: %v, want %s", err, o2c.CodeInvalid)
	}
}

// tool finds a command the test needs, or skips the test (fails it in CI).
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing: %v", name, err)
		}
		t.Skipf("%s is missing; install it: apt-get install -y poppler-utils", name)
	}
	return p
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out)
}

func writeTemp(t *testing.T, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "confirmation.pdf")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func nbspToSpace(s string) string { return strings.ReplaceAll(s, "\u00a0", " ") }

// TestPDFLineOffTable: a rejected line the order no longer has is still named in the PDF.
func TestPDFLineOffTable(t *testing.T) {
	t.Parallel()
	pdftotext := tool(t, "pdftotext")
	c := loadCase(t, "changed_fr")
	c.Lines = append(c.Lines[:0:0], c.Lines...)
	c.Lines = append(c.Lines, LineAnswer{LineNo: 9, Status: Rejected, Note: "Référence inconnue."})
	text := strings.Join(strings.Fields(nbspToSpace(run(t, pdftotext, writeTemp(t, mustPDF(t, c)), "-"))), " ")
	if want := "Ligne 9 : non livrée. Référence inconnue."; !strings.Contains(text, want) {
		t.Fatalf("no %q in:\n%s", want, text)
	}
}
