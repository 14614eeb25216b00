package reader

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/o2c-project/o2c/extract/layout"
)

// The seeds of these fuzz tests are in testdata/fuzz: real outputs of pdftotext and Tesseract on
// the fixtures, and the odd cases.

// FuzzParseBBox: parseBBox never panics, and what it accepts is well formed and reads back the
// same when written out again as pdftotext would.
func FuzzParseBBox(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		pages, err := parseBBox(data)
		if err != nil {
			return
		}
		for i, p := range pages {
			if p.Number != i+1 || p.Source != layout.SourceText || !finite(p.Width) || !finite(p.Height) || p.Width < 0 || p.Height < 0 {
				t.Fatalf("page %d = %+v", i+1, p)
			}
			checkLines(t, p.Lines, func(w layout.Word) bool { return w.Conf == 1 })
		}
		again, err := parseBBox(bboxXHTML(pages))
		if err != nil || !reflect.DeepEqual(normal(again), normal(pages)) {
			t.Fatalf("parse(write(pages)) = %+v, %v; want %+v", again, err, pages)
		}
	})
}

// FuzzParseTSV: parseTSV never panics, and what it accepts is well formed and reads back the same
// when written out again as Tesseract would.
func FuzzParseTSV(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		pages, err := parseTSV(data)
		if err != nil {
			return
		}
		for _, p := range pages {
			checkLines(t, p.Lines, func(w layout.Word) bool { return w.Conf >= 0 && w.Conf <= 1 })
		}
		again, err := parseTSV(tsvOf(pages))
		if err != nil || len(again) != len(pages) {
			t.Fatalf("parse(write(pages)) = %+v, %v; want %+v", again, err, pages)
		}
		for i := range pages {
			a, b := again[i], pages[i]
			if a.Number != b.Number || a.Width != b.Width || a.Height != b.Height || len(a.Lines) != len(b.Lines) {
				t.Fatalf("page %d read back as %+v, want %+v", i, a, b)
			}
			for j := range a.Lines {
				for k, w := range a.Lines[j].Words {
					v := b.Lines[j].Words[k]
					if w.Text != v.Text || w.Box != v.Box || math.Abs(w.Conf-v.Conf) > 1e-9 {
						t.Fatalf("word read back as %+v, want %+v", w, v)
					}
				}
			}
		}
	})
}

// FuzzTIFFPages: tiffPages never panics, nor returns more pages than allowed or a page without
// pixels.
func FuzzTIFFPages(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		pages, err := tiffPages(data, 5)
		if err != nil {
			return
		}
		if len(pages) == 0 || len(pages) > 5 {
			t.Fatalf("%d pages", len(pages))
		}
		for _, p := range pages {
			if p.Width <= 0 || p.Height <= 0 || !(p.XDPI >= 0) || !(p.YDPI >= 0) {
				t.Fatalf("page %+v", p)
			}
		}
	})
}

// FuzzFromText: FromText never panics and puts every word on the grid.
func FuzzFromText(f *testing.F) {
	f.Fuzz(func(t *testing.T, text string) {
		doc := FromText(text)
		if len(doc.Pages) == 0 {
			t.Fatal("no page")
		}
		for _, p := range doc.Pages {
			checkLines(t, p.Lines, func(w layout.Word) bool {
				return w.Conf == 1 && onGrid(w.Box.X0, charWidth) && onGrid(w.Box.X1, charWidth) && onGrid(w.Box.Y0, lineHeight) &&
					w.Box.Y1-w.Box.Y0 == lineHeight && w.Box.X1 <= p.Width && w.Box.Y1 <= p.Height
			})
		}
	})
}

// checkLines checks what every reader promises of lines: words with text and no surrounding
// space, finite boxes the right way round, and each line's box the union of its words'.
func checkLines(t *testing.T, lines []layout.Line, ok func(layout.Word) bool) {
	t.Helper()
	for _, l := range lines {
		if len(l.Words) == 0 {
			t.Fatalf("empty line %+v", l)
		}
		for _, w := range l.Words {
			b := w.Box
			if w.Text == "" || strings.TrimFunc(w.Text, unicode.IsSpace) != w.Text || !finite(b.X0) || !finite(b.Y0) || !finite(b.X1) || !finite(b.Y1) ||
				b.X0 > b.X1 || b.Y0 > b.Y1 || !ok(w) {
				t.Fatalf("bad word %+v", w)
			}
		}
		if l.Box != unionOf(l.Words) {
			t.Fatalf("line box %+v, union of words %+v", l.Box, unionOf(l.Words))
		}
	}
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func onGrid(v, step float64) bool { return v >= 0 && math.Mod(v, step) == 0 }

// normal makes nil and empty line lists alike, for comparing.
func normal(pages []layout.Page) []layout.Page {
	for i := range pages {
		if len(pages[i].Lines) == 0 {
			pages[i].Lines = nil
		}
	}
	return pages
}

// bboxXHTML writes pages as pdftotext -bbox-layout does.
func bboxXHTML(pages []layout.Page) []byte {
	num := func(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
	var b bytes.Buffer
	b.WriteString(`<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head><title></title></head><body><doc>` + "\n")
	for _, p := range pages {
		fmt.Fprintf(&b, "<page width=\"%s\" height=\"%s\"><flow><block>\n", num(p.Width), num(p.Height))
		for _, l := range p.Lines {
			b.WriteString("<line>")
			for _, w := range l.Words {
				fmt.Fprintf(&b, `<word xMin="%s" yMin="%s" xMax="%s" yMax="%s">`, num(w.Box.X0), num(w.Box.Y0), num(w.Box.X1), num(w.Box.Y1))
				_ = xml.EscapeText(&b, []byte(w.Text))
				b.WriteString("</word>")
			}
			b.WriteString("</line>\n")
		}
		b.WriteString("</block></flow></page>\n")
	}
	b.WriteString("</doc></body></html>\n")
	return b.Bytes()
}

// tsvOf writes pages as Tesseract's TSV, each line a block of its own.
func tsvOf(pages []tsvPage) []byte {
	var b bytes.Buffer
	b.WriteString("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n")
	for _, p := range pages {
		fmt.Fprintf(&b, "1\t%d\t0\t0\t0\t0\t0\t0\t%d\t%d\t-1\t\n", p.Number, p.Width, p.Height)
		for i, l := range p.Lines {
			for j, w := range l.Words {
				fmt.Fprintf(&b, "5\t%d\t%d\t1\t1\t%d\t%.0f\t%.0f\t%.0f\t%.0f\t%s\t%s\n", p.Number, i+1, j+1,
					w.Box.X0, w.Box.Y0, w.Box.X1-w.Box.X0, w.Box.Y1-w.Box.Y0, strconv.FormatFloat(w.Conf*100, 'g', -1, 64), w.Text)
			}
		}
	}
	return b.Bytes()
}
