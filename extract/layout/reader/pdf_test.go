package reader

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"

	"github.com/o2c-project/o2c/extract/layout"
)

func TestReadNativePDF(t *testing.T) {
	t.Parallel()
	needTools(t, "pdfinfo", "pdftotext")
	pdf, want := orderPDF(t)

	doc := read(t, &Reader{}, "order.pdf", pdf)
	if len(doc.Pages) != 1 {
		t.Fatalf("got %d pages, want 1", len(doc.Pages))
	}
	p := doc.Pages[0]
	if p.Number != 1 || p.Source != layout.SourceText || p.Rotation != 0 {
		t.Errorf("page = number %d source %q rotation %d, want 1 text 0", p.Number, p.Source, p.Rotation)
	}
	if math.Abs(p.Width-smallW) > 0.1 || math.Abs(p.Height-smallH) > 0.1 {
		t.Errorf("page size = %.2f × %.2f, want %.0f × %.0f", p.Width, p.Height, smallW, smallH)
	}
	if len(doc.Notes) != 0 {
		t.Errorf("notes = %q, want none", doc.Notes)
	}
	got := p.Words()
	if len(got) != len(want) {
		t.Fatalf("got %d words %q, want %d", len(got), texts(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Text != w.Text || !near(g.Box, w.Box, 1) || g.Conf != 1 {
			t.Errorf("word %d = %q %+v conf %v, want %q %+v conf 1", i, g.Text, g.Box, g.Conf, w.Text, w.Box)
		}
	}
	// poppler's lines are kept: one Line per fixture line, with its words.
	if len(p.Lines) != len(orderLines) {
		t.Fatalf("got %d lines, want %d", len(p.Lines), len(orderLines))
	}
	for i, l := range p.Lines {
		if got, want := strings.Join(texts(l.Words), " "), strings.Join(orderLines[i], " "); got != want {
			t.Errorf("line %d = %q, want %q", i, got, want)
		}
		if l.Box != unionOf(l.Words) {
			t.Errorf("line %d box %+v is not the union of its words' %+v", i, l.Box, unionOf(l.Words))
		}
	}
}

// TestReadMixedPDF reads a PDF whose page 1 is text and page 2 only a picture of text: page 2
// must be read by OCR, page 1 from its text layer.
func TestReadMixedPDF(t *testing.T) {
	t.Parallel()
	needTools(t, "pdfinfo", "pdftotext", "pdftoppm", "tesseract")
	order, want := orderPDF(t)
	scan := encodePNG(t, renderGray(t, order, 200))

	f := newPDF(smallW, smallH)
	f.AddPage()
	writeLines(f, [][]string{{"Cover", "letter", "with", "the", "order", "attached", "overleaf"}}, 24, 30, 13)
	f.AddPage()
	f.RegisterImageOptionsReader("scan", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(scan))
	f.ImageOptions("scan", 0, 0, smallW, smallH, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	doc := read(t, &Reader{}, "mixed.pdf", output(t, f))

	if len(doc.Pages) != 2 {
		t.Fatalf("got %d pages, want 2", len(doc.Pages))
	}
	if p := doc.Pages[0]; p.Source != layout.SourceText || strings.Join(texts(p.Words()), " ") != "Cover letter with the order attached overleaf" {
		t.Errorf("page 1 = %q from %q, want the cover letter from text", texts(p.Words()), p.Source)
	}
	p := doc.Pages[1]
	if p.Number != 2 || p.Source != layout.SourceOCR {
		t.Errorf("page 2 = number %d source %q, want 2 ocr", p.Number, p.Source)
	}
	if math.Abs(p.Width-smallW) > 1 || math.Abs(p.Height-smallH) > 1 {
		t.Errorf("page 2 size = %.1f × %.1f, want %.0f × %.0f", p.Width, p.Height, smallW, smallH)
	}
	checkOCR(t, p, want, 0.9, 3)
	if !hasNote(doc, "page 2 has no text layer") {
		t.Errorf("notes = %q, want one saying page 2 was read by OCR", doc.Notes)
	}
}

// TestReadPDFLowerDPI reads a scanned page larger than MaxPixels allows at the DPI: it is
// read at a lower resolution, with a note, instead of being refused.
func TestReadPDFLowerDPI(t *testing.T) {
	t.Parallel()
	needTools(t, "pdfinfo", "pdftotext", "pdftoppm", "tesseract")
	order, want := orderPDF(t)
	scan := encodePNG(t, renderGray(t, order, 300))
	f := newPDF(smallW, smallH)
	f.AddPage()
	f.RegisterImageOptionsReader("scan", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(scan))
	f.ImageOptions("scan", 0, 0, smallW, smallH, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	// 300 dpi would be 1375 × 833 pixels; 800,000 allow 250 dpi.
	doc := read(t, &Reader{Limits: Limits{MaxPixels: 800_000}}, "scan.pdf", output(t, f))

	if !hasNote(doc, "read at 250 dpi instead of 300") {
		t.Errorf("notes = %q, want one about the lower resolution", doc.Notes)
	}
	checkOCR(t, doc.Pages[0], want, 0.9, 3)
}

// checkOCR checks that at least share of the fixture's words came back exactly, each within tol
// points of where the PDF put it: its centre across, and its ink inside the font's box.
func checkOCR(t *testing.T, p layout.Page, want []fixtureWord, share, tol float64) {
	t.Helper()
	got := p.Words()
	found, used := 0, make([]bool, len(got))
	var missed []string
	for _, w := range want {
		hit := false
		for i, g := range got {
			if used[i] || g.Text != w.Text {
				continue
			}
			cx, wx := (g.Box.X0+g.Box.X1)/2, (w.Box.X0+w.Box.X1)/2
			if math.Abs(cx-wx) <= tol && g.Box.Y0 >= w.Box.Y0-tol && g.Box.Y1 <= w.Box.Y1+tol {
				used[i], hit = true, true
				if g.Conf <= 0 || g.Conf > 1 {
					t.Errorf("word %q conf = %v, want in (0,1]", g.Text, g.Conf)
				}
				break
			}
		}
		if hit {
			found++
		} else {
			missed = append(missed, w.Text)
		}
	}
	if float64(found) < share*float64(len(want)) {
		t.Errorf("page %d: %d of %d words read exactly in place, want ≥ %.0f%%; missed %q; read %q", p.Number, found, len(want), share*100, missed, words(got))
	} else if len(missed) > 0 {
		t.Logf("page %d: %d of %d words read exactly in place; missed %q", p.Number, found, len(want), missed)
	}
}

// words lists words with their boxes, for failure messages.
func words(ws []layout.Word) []string {
	var out []string
	for _, w := range ws {
		out = append(out, fmt.Sprintf("%s@%.0f,%.0f,%.0f,%.0f", w.Text, w.Box.X0, w.Box.Y0, w.Box.X1, w.Box.Y1))
	}
	return out
}

func texts(ws []layout.Word) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Text
	}
	return out
}

func near(a, b layout.Box, tol float64) bool {
	return math.Abs(a.X0-b.X0) <= tol && math.Abs(a.Y0-b.Y0) <= tol && math.Abs(a.X1-b.X1) <= tol && math.Abs(a.Y1-b.Y1) <= tol
}

func unionOf(ws []layout.Word) layout.Box {
	var b layout.Box
	for _, w := range ws {
		b = b.Union(w.Box)
	}
	return b
}

func hasNote(doc *layout.Document, part string) bool {
	for _, n := range doc.Notes {
		if strings.Contains(n, part) {
			return true
		}
	}
	return false
}
