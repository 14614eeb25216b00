package pdf

import (
	"bytes"
	"fmt"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// The page, in millimetres: A4 portrait.
const (
	pageW      = 210.0
	pageH      = 297.0
	marginX    = 18.0
	marginTop  = 15.0
	contentW   = pageW - 2*marginX
	rightEdge  = pageW - marginX
	bodyBottom = pageH - 24.0 // content stops here; the footer is below
	footerY    = pageH - 18.0
)

// The font family: the Go fonts, embedded as subsets.
const family = "go"

// doc lays one document out on pages. The layout code moves y down the page and calls
// room(h) before it writes a block of height h, which starts a new page when needed.
type doc struct {
	f      *fpdf.Fpdf
	n      numbers
	w      *words
	accent rgb
	pages  int     // the page count printed in the footer
	y      float64 // where the next block starts
	// running is the small header of every page after the first; footer the lines of the footer.
	running func()
	footer  []string
}

// newDoc starts a document: A4, fonts, fixed dates so that the output is deterministic.
func newDoc(n numbers, accent rgb, created time.Time, title, author string, pages int) *doc {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCreationDate(created)
	f.SetModificationDate(created)
	f.SetCatalogSort(true) // resources in a fixed order, not Go's map order
	f.SetCompression(true)
	f.SetAutoPageBreak(false, 0) // blocks are kept whole; doc breaks pages itself
	f.SetMargins(marginX, marginTop, marginX)
	f.SetCellMargin(0)
	f.AddUTF8FontFromBytes(family, "", goregular.TTF)
	f.AddUTF8FontFromBytes(family, "B", gobold.TTF)
	f.SetTitle(title, true)
	f.SetAuthor(author, true)
	f.SetCreator("o2c", true)
	f.SetProducer("o2c", true)
	f.SetLang(n.lang)
	d := &doc{f: f, n: n, w: n.w, accent: accent, pages: pages}
	f.SetFooterFunc(d.drawFooter)
	return d
}

// output finishes the document.
func (d *doc) output() ([]byte, error) {
	var buf bytes.Buffer
	if err := d.f.Output(&buf); err != nil {
		return nil, fmt.Errorf("write PDF: %w", err)
	}
	return buf.Bytes(), nil
}

// room starts a new page when a block of height h does not fit under y.
func (d *doc) room(h float64) bool {
	if d.y+h <= bodyBottom+0.01 {
		return false
	}
	d.newPage()
	return true
}

// newPage starts a page that continues the document.
func (d *doc) newPage() {
	d.f.AddPage()
	d.y = marginTop
	if d.running != nil {
		d.running()
	}
}

// drawFooter writes the footer lines and "Page n of N" at the bottom of every page.
func (d *doc) drawFooter() {
	d.hrule(marginX, footerY, contentW, 0.2, ruleGrey)
	page := fill(d.w.page, "n", fmt.Sprint(d.f.PageNo()), "nb", fmt.Sprint(d.pages))
	d.font("", 7, muted)
	pw := d.f.GetStringWidth(page)
	d.text(rightEdge-pw, footerY+1.5, pw, 3.4, "R", page)
	y := footerY + 1.5
	for _, l := range d.footer {
		for _, s := range d.wrap(l, contentW-pw-8) {
			if y > pageH-6 {
				return
			}
			d.text(marginX, y, contentW-pw-8, 3.4, "L", s)
			y += 3.4
		}
	}
}

// font selects the style ("" or "B"), the size in points and the colour of the text.
func (d *doc) font(style string, size float64, c rgb) {
	d.f.SetFont(family, style, size)
	d.f.SetTextColor(c.r, c.g, c.b)
}

// fit selects style at size, or smaller down to 70 % for s to fit in w.
func (d *doc) fit(style string, size, w float64, s string) {
	for sz := size; ; sz -= 0.5 {
		d.f.SetFont(family, style, sz)
		if d.f.GetStringWidth(s) <= w || sz <= size*0.7 {
			return
		}
	}
}

// text writes one line in a box at x, y, vertically centred, aligned "L", "R" or "C".
func (d *doc) text(x, y, w, h float64, align, s string) {
	d.f.SetXY(x, y)
	d.f.CellFormat(w, h, s, "", 0, align+"M", false, 0, "")
}

// wrap splits s into lines no wider than w in the current font, at spaces, or inside a word
// longer than w. Line breaks in s are kept.
func (d *doc) wrap(s string, w float64) []string {
	if s == "" {
		return nil
	}
	return d.f.SplitText(s, w)
}

// shorten cuts s with "…" to fit w in the current font.
func (d *doc) shorten(s string, w float64) string {
	if d.f.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && d.f.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

func (d *doc) fill(c rgb) { d.f.SetFillColor(c.r, c.g, c.b) }

func (d *doc) rect(x, y, w, h float64, c rgb) {
	d.fill(c)
	d.f.Rect(x, y, w, h, "F")
}

func (d *doc) hrule(x, y, w, width float64, c rgb) {
	d.f.SetDrawColor(c.r, c.g, c.b)
	d.f.SetLineWidth(width)
	d.f.Line(x, y, x+w, y)
}

// capLines keeps at most n lines, the last one ending with "…" when some are cut: a table row
// must fit on a page.
func capLines(lines []string, n int) []string {
	if len(lines) <= n {
		return lines
	}
	return append(lines[:n-1:n-1], lines[n-1]+"…")
}
