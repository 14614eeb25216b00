package reader

import (
	"cmp"
	"context"
	"image"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/o2c-project/o2c/extract/layout"
)

// tableRows is a ruled order table whose quantities stand alone in their cells, as Tesseract's
// page segmentation drops them.
var tableRows = [][]string{
	{"Pos", "Article", "Qty", "Price"},
	{"1", "Widget", "8", "3,50"},
	{"2", "Gadget", "12", "19,99"},
	{"3", "Sprocket", "4", "7,25"},
}

// tablePDF returns a one-page PDF of tableRows in a ruled grid and the words it holds.
func tablePDF(t testing.TB) ([]byte, []fixtureWord) {
	t.Helper()
	f := newPDF(smallW, smallH)
	f.AddPage()
	tr := f.UnicodeTranslatorFromDescriptor("")
	const size, rowH, top = 12.0, 26.0, 30.0
	cols := []float64{20, 60, 190, 240, 310} // the rules between columns, in points
	f.SetFont("Helvetica", "", size)
	f.SetLineWidth(1)
	var words []fixtureWord
	for i, row := range tableRows {
		y := top + float64(i)*rowH
		base := y + rowH/2 + size*0.35
		for c, text := range row {
			wid := f.GetStringWidth(tr(text))
			x := cols[c] + 6
			if c == 2 || c == 3 { // numbers are set right, against the next rule
				x = cols[c+1] - 6 - wid
			}
			f.Text(x, base, tr(text))
			words = append(words, fixtureWord{Text: text, Box: layout.Box{
				X0: x, Y0: base - helveticaAscent*size, X1: x + wid, Y1: base + helveticaDescent*size,
			}})
		}
	}
	bottom := top + float64(len(tableRows))*rowH
	for i := range len(tableRows) + 1 {
		y := top + float64(i)*rowH
		f.Line(cols[0], y, cols[len(cols)-1], y)
	}
	for _, x := range cols {
		f.Line(x, top, x, bottom)
	}
	return output(t, f), words
}

// TestReadMissed reads a ruled table from which the first reading lost words: the second
// reading must find each lost word, in its place, and read no word twice.
func TestReadMissed(t *testing.T) {
	t.Parallel()
	needTools(t, "pdftoppm", "tesseract")
	pdf, want := tablePDF(t)
	g := renderGray(t, pdf, 300)
	j := &job{limits: Limits{}.withDefaults(), dir: t.TempDir(), log: slog.New(slog.DiscardHandler)}
	img := ocrImage{Page: 1, Path: filepath.Join(j.dir, "table.pgm"), Width: g.Bounds().Dx(), Height: g.Bounds().Dy(), DPI: 300}
	if err := os.WriteFile(img.Path, writePGM(g), 0o600); err != nil {
		t.Fatal(err)
	}
	first, err := j.tesseract(context.Background(), img, "page 1")
	if err != nil {
		t.Fatal(err)
	}
	// What the first reading lost: the quantities it dropped, and for sure "8" and "Qty", taken
	// out of its reading if it had them.
	lost := map[string]bool{"8": true, "Qty": true}
	for _, w := range want {
		if !hasWord(first, w.Text) {
			lost[w.Text] = true
		}
	}
	for i := range first {
		first[i].Words = slices.DeleteFunc(first[i].Words, func(w layout.Word) bool { return lost[w.Text] })
	}
	t.Logf("the first reading lost %v", keys(lost))

	got, err := j.readMissed(context.Background(), img, g, first)
	if err != nil {
		t.Fatal(err)
	}
	// Every word is read in its place, the lost ones too, and once: no two words overlap.
	page := pageInPoints(img, got)
	checkOCR(t, page, want, 1, 3)
	ws := page.Words()
	for i, a := range ws {
		for _, b := range ws[i+1:] {
			if overlaps(a.Box, b.Box) {
				t.Errorf("%q at %v and %q at %v overlap", a.Text, a.Box, b.Text, b.Box)
			}
		}
	}
}

// TestReadTable reads a table photographed at a low resolution, which Tesseract's page
// segmentation reads without the lone "8" of the first row (with Tesseract 5.3): every number,
// alone in its cell, must be read, once.
func TestReadTable(t *testing.T) {
	t.Parallel()
	needTools(t, "pdftoppm", "tesseract")
	pdf, want := tablePDF(t)
	// The image states no resolution, so it is read as if at 300 dpi: points are 120/300 of
	// the PDF's.
	doc := read(t, &Reader{}, "table.png", encodePNG(t, renderGray(t, pdf, 120)))
	var numbers []fixtureWord
	for _, w := range want {
		if strings.Trim(w.Text, "0123456789,") == "" {
			b := w.Box
			numbers = append(numbers, fixtureWord{Text: w.Text, Box: layout.Box{X0: 0.4 * b.X0, Y0: 0.4 * b.Y0, X1: 0.4 * b.X1, Y1: 0.4 * b.Y1}})
		}
	}
	p := doc.Pages[0]
	checkOCR(t, p, numbers, 1, 2)
	for _, w := range numbers {
		if n := countText(p.Words(), w.Text); n != 1 {
			t.Errorf("%q read %d times, want once: %q", w.Text, n, words(p.Words()))
		}
	}
}

// TestMergeMissed checks which readings of left-over ink are taken, and what they replace.
func TestMergeMissed(t *testing.T) {
	t.Parallel()
	w := func(text string, conf, x0, x1 float64) layout.Word {
		return layout.Word{Text: text, Conf: conf, Box: layout.Box{X0: x0, Y0: 100, X1: x1, Y1: 120}}
	}
	at := func(x0, x1 int) image.Rectangle { return image.Rect(x0, 100, x1, 120) }
	for _, tt := range []struct {
		name  string
		first []layout.Word // what psm 3 read, on one line
		keep  image.Rectangle
		word  int // the word of first the crop reads again, or -1
		read  []layout.Word
		inked float64 // share of the ink of unsure words in the crop; 0 is 1
		want  []string
	}{
		{"AddsLone8", []layout.Word{w("Widget", 0.95, 0, 60)}, at(200, 210), -1,
			[]layout.Word{w("8", 0.97, 200, 210)}, 0, []string{"Widget", "8"}},
		{"DropsUnsureReading", []layout.Word{w("Widget", 0.95, 0, 60)}, at(200, 210), -1,
			[]layout.Word{w("B", 0.3, 200, 210)}, 0, []string{"Widget"}},
		{"DropsRuleAndPunctuation", []layout.Word{w("Widget", 0.95, 0, 60)}, at(200, 220), -1,
			[]layout.Word{w("|", 0.9, 200, 205), w("—", 0.9, 210, 220)}, 0, []string{"Widget"}},
		{"ExtendsWordBoxedShort", []layout.Word{w("é", 0.91, 20, 28)}, at(0, 28), 0,
			[]layout.Word{w("Qté", 0.95, 0, 28)}, 0, []string{"Qté"}},
		{"KeepsWordReadSame", []layout.Word{w("Deliver", 0.95, 0, 70)}, at(0, 80), 0,
			[]layout.Word{w("Deliver", 0.97, 0, 80)}, 0, []string{"Deliver"}},
		{"KeepsWordReadOtherwise", []layout.Word{w("Deliver", 0.95, 0, 70)}, at(0, 80), 0,
			[]layout.Word{w("Delta", 0.97, 0, 80)}, 0, []string{"Deliver"}},
		{"ReplacesUnsureWords", []layout.Word{w("2", 0.44, 0, 10), w("8", 0.69, 10, 25)}, at(0, 25), -1,
			[]layout.Word{w("Pos", 0.96, 0, 25)}, 0, []string{"Pos"}},
		{"ReplacesWordReadAtZero", []layout.Word{w("Artcle", 0, 0, 60)}, at(0, 60), -1,
			[]layout.Word{w("Article", 0.96, 0, 60)}, 0, []string{"Article"}},
		{"KeepsUnsureWordsOverLessSure", []layout.Word{w("2", 0.44, 0, 10), w("8", 0.69, 10, 25)}, at(0, 25), -1,
			[]layout.Word{w("Pos", 0.6, 0, 25)}, 0, []string{"2", "8"}},
		{"KeepsUnsureWordsOverPartReading", []layout.Word{w("Art", 0.5, 0, 60)}, at(0, 60), -1,
			[]layout.Word{w("Ar", 0.9, 0, 30), w("tcl", 0.3, 30, 60)}, 0, []string{"Art"}},
		{"KeepsUnsureWordsReadInPart", []layout.Word{w("Purchase", 0.76, 0, 100)}, at(20, 60), -1,
			[]layout.Word{w("urc", 0.9, 20, 60)}, 0.6, []string{"Purchase"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			lines := []layout.Line{{Words: tt.first}}
			words, doubt, drop, _ := sortWords(lines)
			word := -1
			if tt.word >= 0 {
				word = slices.IndexFunc(words, func(p pageWord) bool { return p.Index == tt.word })
			}
			crops := []crop{{Rect: tt.keep.Inset(-10), Keep: tt.keep, Word: word}}
			inked := func(layout.Box, []image.Rectangle) float64 { return cmp.Or(tt.inked, 1) }
			out, _, _ := mergeMissed(lines, words, doubt, drop, crops, [][]layout.Line{{{Words: tt.read}}}, inked)
			var got []string
			for _, l := range out {
				for _, w := range l.Words {
					got = append(got, w.Text)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestSortWords drops a word many lines tall that Tesseract is unsure of.
func TestSortWords(t *testing.T) {
	t.Parallel()
	box := func(y0, y1 float64) layout.Box { return layout.Box{X0: 0, Y0: y0, X1: 20, Y1: y1} }
	lines := []layout.Line{{Words: []layout.Word{
		{Text: "Pos", Conf: 0.95, Box: box(0, 20)},
		{Text: "Qty", Conf: 0.95, Box: box(0, 20)},
		{Text: "Price", Conf: 0.95, Box: box(0, 20)},
		{Text: "eclolsfalulalaln", Conf: 0.11, Box: box(30, 280)},
		{Text: "Article", Conf: 0, Box: box(0, 20)},
		{Text: "|", Conf: 0.9, Box: box(0, 300)},
		{Text: "Amount", Conf: 0.36, Box: box(0, 60)},
	}}}
	sure, doubt, drop, tall := sortWords(lines)
	if tall != 20 || len(sure) != 3 || len(doubt) != 2 || !drop[[2]int{0, 3}] || len(drop) != 1 {
		t.Errorf("sortWords = %v, %v, %v, %v", sure, doubt, drop, tall)
	}
}

func hasWord(lines []layout.Line, text string) bool {
	for _, l := range lines {
		for _, w := range l.Words {
			if w.Text == text {
				return true
			}
		}
	}
	return false
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// overlaps reports whether two boxes share more than a sliver (a point each way).
func overlaps(a, b layout.Box) bool {
	return math.Min(a.X1, b.X1)-math.Max(a.X0, b.X0) > 1 && math.Min(a.Y1, b.Y1)-math.Max(a.Y0, b.Y0) > 1
}

func countText(ws []layout.Word, text string) int {
	n := 0
	for _, w := range ws {
		if w.Text == text {
			n++
		}
	}
	return n
}
