package layout

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// cell is a run of words on one visual row with no wide gap between them: a label, a value, a
// table cell.
type cell struct {
	Text  string
	Box   Box
	Conf  float64 // the least sure of its words
	Words []Word
}

// row is the cells of one visual row of a page, left to right.
type row struct {
	Page  int // from 1
	Cells []cell
	Box   Box
}

// text is the row's words joined with single spaces.
func (r row) text() string {
	parts := make([]string, len(r.Cells))
	for i, c := range r.Cells {
		parts[i] = c.Text
	}
	return strings.Join(parts, " ")
}

// height is the median height of the row's words: about its font size.
func (r row) height() float64 {
	var hs []float64
	for _, c := range r.Cells {
		for _, w := range c.Words {
			hs = append(hs, w.Box.Height())
		}
	}
	return median(hs)
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// pageRows groups the words of a page into visual rows, whatever lines the reader made. Words are
// taken left to right, each joining the row whose last word it overlaps by half its height, so
// that a row can climb or fall slowly across the page (a photographed page is never quite level).
// Each row is cut into cells where the gap between two words is wider than about one character
// of their size.
func pageRows(p *Page) []row {
	var words []Word
	for _, w := range p.Words() {
		switch strings.TrimSpace(w.Text) {
		case "", "|", "¦", "[", "]", "‖":
			continue // a table's rule read as a character
		}
		words = append(words, w)
	}
	slices.SortStableFunc(words, byLeft)
	var bands [][]Word
	for _, w := range words {
		best, bestOverlap := -1, 0.0
		for i, band := range bands {
			last := band[len(band)-1].Box
			if last.X0 > w.Box.X0+0.5*w.Box.Height() {
				continue
			}
			overlap := min(last.Y1, w.Box.Y1) - max(last.Y0, w.Box.Y0)
			if overlap >= 0.5*min(w.Box.Height(), last.Height()) && overlap > bestOverlap {
				best, bestOverlap = i, overlap
			}
		}
		if best < 0 {
			bands = append(bands, []Word{w})
			continue
		}
		bands[best] = append(bands[best], w)
	}
	// Rows top to bottom, by their first word.
	slices.SortStableFunc(bands, func(a, b []Word) int {
		return cmp.Compare(a[0].Box.Y0+a[0].Box.Y1, b[0].Box.Y0+b[0].Box.Y1)
	})
	rows := make([]row, 0, len(bands))
	for _, ws := range bands {
		slices.SortStableFunc(ws, byLeft)
		r := row{Page: p.Number}
		var hs []float64
		for _, w := range ws {
			hs = append(hs, w.Box.Height())
		}
		gap := 0.8 * median(hs)
		if p.Source == SourceOCR {
			// OCR boxes hug the ink, about three quarters of the type's box the PDF gives:
			// the same gap in ems is a wider multiple of their height.
			gap = 1.05 * median(hs)
		}
		for i, w := range ws {
			if i == 0 || w.Box.X0-ws[i-1].Box.X1 > gap {
				r.Cells = append(r.Cells, cell{Conf: 1})
			}
			c := &r.Cells[len(r.Cells)-1]
			c.Words = append(c.Words, w)
			c.Box = c.Box.Union(w.Box)
			c.Conf = min(c.Conf, w.Conf)
		}
		for i := range r.Cells {
			c := &r.Cells[i]
			parts := make([]string, len(c.Words))
			for k, w := range c.Words {
				parts[k] = w.Text
			}
			c.Text = strings.Join(parts, " ")
			r.Box = r.Box.Union(c.Box)
		}
		rows = append(rows, r)
	}
	return rows
}

// byLeft orders words left to right.
func byLeft(a, b Word) int { return cmp.Compare(a.Box.X0, b.Box.X0) }

// overlapX is how much two boxes overlap horizontally, as a share of the narrower.
func overlapX(a, b Box) float64 {
	o := min(a.X1, b.X1) - max(a.X0, b.X0)
	w := min(a.Width(), b.Width())
	if o <= 0 || w <= 0 {
		return 0
	}
	return o / w
}

// Dump writes the document as the engine sees it: each visual row, its cells separated by " | ",
// with the page and the row's top in points. It is for people tuning a layout.
func Dump(doc *Document) string {
	var b strings.Builder
	for i := range doc.Pages {
		for _, r := range pageRows(&doc.Pages[i]) {
			parts := make([]string, len(r.Cells))
			for k, c := range r.Cells {
				parts[k] = c.Text
			}
			fmt.Fprintf(&b, "p%d y%4.0f  %s\n", r.Page, r.Box.Y0, strings.Join(parts, " | "))
		}
	}
	return b.String()
}
