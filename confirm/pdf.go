package confirm

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/o2c-project/o2c"
)

// The page, in millimetres: A4 portrait.
const (
	pageW      = 210.0
	pageH      = 297.0
	marginX    = 18.0
	marginTop  = 16.0
	contentW   = pageW - 2*marginX
	rightEdge  = pageW - marginX
	bodyBottom = pageH - 22.0 // content stops here; the footer is below
	footerY    = pageH - 15.0
)

// PDF returns the confirmation as an A4 document: our name and address, the title and number, the
// customer's and the delivery address, the order's references, our answer (with the reason of a
// rejection), the lines in a table whose header repeats on every page, what changed per line, the
// net total, and a footer with our contact and "Page x of y".
//
// It is deterministic: the creation date is the confirmation's Issued date and the file has no
// random identifier, so the same confirmation gives the same bytes. It fails on a confirmation
// without an Issued date, and panics when it has no order or an unknown status.
func PDF(c Confirmation) ([]byte, error) {
	v := build(c)
	if c.Issued.IsZero() {
		return nil, o2c.Errorf(o2c.CodeInvalid, "confirmation %s has no issue date", v.Number)
	}
	created := time.Date(c.Issued.Year, c.Issued.Month, c.Issued.Day, 0, 0, 0, 0, time.UTC)
	// Two passes: the first counts the pages, so the second writes "Page 1 of 3" right-aligned
	// exactly; fpdf's {nb} alias is replaced after layout, when alignment is already done.
	first := layout(v, created, 0)
	if err := first.Error(); err != nil {
		return nil, fmt.Errorf("lay out confirmation %s: %w", v.Number, err)
	}
	doc := layout(v, created, first.PageCount())
	var buf bytes.Buffer
	if err := doc.Output(&buf); err != nil {
		return nil, fmt.Errorf("write confirmation %s as PDF: %w", v.Number, err)
	}
	return buf.Bytes(), nil
}

// items joins short texts with " · ", each kept whole on a line: a wrapped list of contacts breaks
// between "Phone +45 86 12 34 56" and "E-mail …", never inside one.
func items(texts []string) string {
	kept := make([]string, len(texts))
	for i, t := range texts {
		kept[i] = strings.ReplaceAll(t, " ", "\u00a0")
	}
	return strings.Join(kept, " · ")
}

// pdfDoc lays a view out on pages.
type pdfDoc struct {
	f     *fpdf.Fpdf
	v     *view
	pages int     // the page count for the footer; 0 while counting
	y     float64 // where the next element starts
}

// layout writes the whole document.
func layout(v *view, created time.Time, pages int) *fpdf.Fpdf {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCreationDate(created)
	f.SetModificationDate(created)
	f.SetCatalogSort(true) // resources in a fixed order, not Go's map order
	f.SetCompression(true)
	f.SetAutoPageBreak(false, 0) // rows are kept whole; pdfDoc breaks pages itself
	f.SetMargins(marginX, marginTop, marginX)
	f.SetCellMargin(0) // text starts on the margin, in line with the rules; table cells pad themselves
	f.SetTitle(v.Subject, true)
	f.SetAuthor(v.Seller.Name, true)
	f.SetSubject(v.Title+" "+v.Number, true)
	f.SetCreator("o2c", true)
	f.SetLang(v.Lang)
	d := &pdfDoc{f: f, v: v, pages: pages}
	f.SetFooterFunc(d.footer)

	f.AddPage()
	d.header()
	d.addresses()
	d.references()
	d.answer()
	d.table()
	d.total()
	d.offTable()
	return f
}

// header writes our name, address and contact on the left, the title, number and date on the right,
// and a rule under both.
func (d *pdfDoc) header() {
	v := d.v
	const leftW, rightW = 98.0, 74.0
	left := marginTop
	d.fit("B", 16, leftW, v.Seller.Name) // a long name gets smaller, then wraps
	d.f.SetTextColor(accent.r, accent.g, accent.b)
	size, _ := d.f.GetFontSize() // in points
	for _, line := range d.split(v.Seller.Name, leftW) {
		d.put(marginX, left, leftW, size*0.45, "L", line)
		left += size * 0.45
	}
	left += 1.5
	d.font("", 8, muted)
	var contact []string
	for _, c := range v.SellerContact {
		contact = append(contact, c.Label+" "+c.Value)
	}
	for _, text := range []string{items(v.SellerAddress), items(contact)} {
		for _, line := range d.split(text, leftW) {
			d.put(marginX, left, leftW, 3.8, "L", line)
			left += 3.8
		}
	}

	right := marginTop
	x := rightEdge - rightW
	d.fit("B", 16, rightW, v.Title)
	d.f.SetTextColor(ink.r, ink.g, ink.b)
	d.cell(x, right, rightW, 7, "R", v.Title)
	right += 8.5
	d.fit("B", 10, rightW, v.Number)
	d.f.SetTextColor(ink.r, ink.g, ink.b)
	d.cell(x, right, rightW, 5, "R", v.Number)
	right += 5
	d.font("", 8.5, muted)
	d.cell(x, right, rightW, 4.2, "R", v.IssuedLabel+" "+v.Issued)
	right += 4.2

	d.y = max(left, right) + 3
	d.hrule(d.y, 0.6, accent)
	d.y += 7
}

// addresses writes the customer's and the delivery address side by side.
func (d *pdfDoc) addresses() {
	const colW = 82.0
	bottom := d.y
	for i, b := range []block{d.v.Customer, d.v.ShipTo} {
		if len(b.Lines) == 0 {
			continue
		}
		x, y := marginX+float64(i)*(colW+10), d.y
		d.font("B", 7.5, muted)
		d.cell(x, y, colW, 4, "L", strings.ToUpper(b.Title))
		y += 5
		for j, line := range b.Lines {
			if j == 0 {
				d.font("B", 10, ink)
			} else {
				d.font("", 9.5, ink)
			}
			for _, l := range d.split(line, colW) {
				d.put(x, y, colW, 4.6, "L", l)
				y += 4.6
			}
		}
		bottom = max(bottom, y)
	}
	d.y = bottom + 6
}

// references writes the customer's order number, dates and customer number in a shaded band.
func (d *pdfDoc) references() {
	refs := d.v.Refs
	if len(refs) == 0 {
		return
	}
	w := contentW / float64(len(refs))
	values := make([][]latin, len(refs))
	h := 0.0
	for i, r := range refs {
		d.fit("B", 10, w-6, r.Value) // a long PO number gets smaller, then wraps
		values[i] = d.split(r.Value, w-6)
		h = max(h, 8.5+float64(len(values[i]))*4.5)
	}
	d.fill(panel)
	d.f.Rect(marginX, d.y, contentW, h, "F")
	for i, r := range refs {
		x := marginX + float64(i)*w + 3
		d.font("", 7.5, muted)
		d.cell(x, d.y+2, w-6, 4, "L", r.Label)
		d.fit("B", 10, w-6, r.Value)
		d.f.SetTextColor(ink.r, ink.g, ink.b)
		for j, line := range values[i] {
			d.put(x, d.y+6.5+float64(j)*4.5, w-6, 4.5, "L", line)
		}
	}
	d.y += h + 6
}

// panelLine is one line of the answer panel.
type panelLine struct {
	style string
	size  float64
	color rgb
	text  latin
	h     float64
}

// answer writes our answer in a panel of the status's colour: the status, the sentence, and the
// reason of a rejection. A reason too long for the page continues on the next.
func (d *pdfDoc) answer() {
	v := d.v
	col := statusColors[v.Status]
	const padX, padY, innerW = 6.0, 3.0, contentW - 12
	lines := []panelLine{{"B", 10.5, col.text, latin(cp1252(v.StatusLabel)), 5.5}}
	d.font("", 9.5, ink)
	for _, l := range d.split(v.Thanks+" "+v.StatusText, innerW) {
		lines = append(lines, panelLine{"", 9.5, ink, l, 4.5})
	}
	if v.Reason != "" {
		lines = append(lines, panelLine{"B", 9.5, ink, latin(cp1252(v.ReasonLabel)), 6})
		d.font("", 9.5, ink)
		for _, l := range d.split(v.Reason, innerW) {
			lines = append(lines, panelLine{"", 9.5, ink, l, 4.5})
		}
	}
	for len(lines) > 0 {
		room := bodyBottom - d.y - 2*padY
		n, h := 0, 0.0
		for n < len(lines) && h+lines[n].h <= room {
			h += lines[n].h
			n++
		}
		if n == 0 {
			d.newPage()
			continue
		}
		d.fill(col.tint)
		d.f.Rect(marginX, d.y, contentW, h+2*padY, "F")
		d.fill(col.text)
		d.f.Rect(marginX, d.y, 1.5, h+2*padY, "F")
		y := d.y + padY
		for _, l := range lines[:n] {
			d.font(l.style, l.size, l.color)
			d.put(marginX+padX, y, innerW, l.h, "L", l.text)
			y += l.h
		}
		d.y = y + padY + 7
		if lines = lines[n:]; len(lines) > 0 {
			d.newPage()
		}
	}
}

// total writes the net total under the table, right-aligned; a rejected order has none.
func (d *pdfDoc) total() {
	v := d.v
	if v.Total == "" {
		return
	}
	if d.y+d.totalHeight() > bodyBottom {
		d.newPage()
	}
	const w = 90.0
	x := rightEdge - w
	d.y += 2
	d.hrule2(x, d.y, w, 0.5, accent)
	d.y += 2
	d.font("B", 11.5, ink)
	amountW := d.f.GetStringWidth(cp1252(v.Total))
	d.cell(rightEdge-amountW-cellPad, d.y, amountW, 7, "R", v.Total)
	d.font("", 9.5, ink)
	d.cell(x, d.y, w-amountW-cellPad-5, 7, "R", v.TotalLabel)
	d.y += 9
}

// offTable lists what changed in lines the table does not show: a rejected line the order no
// longer has is named here, so the PDF says all that the e-mail says.
func (d *pdfDoc) offTable() {
	v := d.v
	if len(v.ChangesOffTable) == 0 {
		return
	}
	const lh = 4.5
	if d.y+6+lh > bodyBottom {
		d.newPage()
	}
	d.y += 2
	d.font("B", 9.5, accent)
	d.cell(marginX, d.y, contentW, 6, "L", v.ChangesLabel)
	d.y += 6
	for _, ch := range v.ChangesOffTable {
		d.font("", 9, ink)
		for i, line := range d.split(ch, contentW-5) {
			if d.y+lh > bodyBottom {
				d.newPage()
			}
			if i == 0 {
				d.cell(marginX, d.y, 5, lh, "L", "–")
			}
			d.put(marginX+5, d.y, contentW-5, lh, "L", line)
			d.y += lh
		}
	}
}

// totalHeight is the room the net total takes under the table: rule, gaps and amount.
func (d *pdfDoc) totalHeight() float64 {
	if d.v.Total == "" {
		return 0
	}
	return 15
}

// newPage starts a page that continues the document: our name and the title in small, a rule.
func (d *pdfDoc) newPage() {
	d.f.AddPage()
	y := marginTop - 2
	d.font("B", 10, accent)
	d.put(marginX, y, contentW*0.55, 5, "L", d.shorten(d.v.Seller.Name, contentW*0.55))
	d.font("", 8.5, muted)
	d.put(marginX+contentW*0.55, y, contentW*0.45, 5, "R", d.shorten(d.v.Title+" "+d.v.Number, contentW*0.45))
	d.hrule(y+6.5, 0.3, rule)
	d.y = y + 11
}

// footer writes our contact and the page number at the bottom of every page.
func (d *pdfDoc) footer() {
	v := d.v
	d.hrule(footerY, 0.2, rule)
	page := fill(v.PageLabel, "n", strconv.Itoa(d.f.PageNo()), "nb", strconv.Itoa(d.pages))
	d.font("", 7.5, muted)
	pageNoW := d.f.GetStringWidth(cp1252(page))
	d.cell(rightEdge-pageNoW, footerY+1.5, pageNoW, 3.6, "R", page)

	parts := []string{v.Seller.Name}
	parts = append(parts, v.SellerAddress...)
	for _, c := range v.SellerContact {
		parts = append(parts, c.Label+" "+c.Value)
	}
	y := footerY + 1.5
	for i, line := range d.split(items(parts), contentW-pageNoW-8) {
		if i == 2 {
			break // two lines of contact are plenty; the first page's header has it all
		}
		d.put(marginX, y, contentW-pageNoW-8, 3.6, "L", line)
		y += 3.6
	}
}

// font selects Helvetica in a style and size, and the text colour.
func (d *pdfDoc) font(style string, size float64, c rgb) {
	d.f.SetFont("Helvetica", style, size)
	d.f.SetTextColor(c.r, c.g, c.b)
}

// fit selects Helvetica in a style at size, smaller if needed (down to 70%) for s to fit in w.
func (d *pdfDoc) fit(style string, size, w float64, s string) {
	enc := cp1252(s)
	for sz := size; ; sz -= 0.5 {
		d.f.SetFont("Helvetica", style, sz)
		if d.f.GetStringWidth(enc) <= w || sz <= size*0.7 {
			return
		}
	}
}

// shorten returns s encoded, cut with "…" to fit in w in the current font.
func (d *pdfDoc) shorten(s string, w float64) latin {
	t := cp1252(s)
	if d.f.GetStringWidth(t) <= w {
		return latin(t)
	}
	for len(t) > 0 && d.f.GetStringWidth(t+"\x85") > w {
		t = t[:len(t)-1]
	}
	return latin(strings.TrimRight(t, " ") + "\x85")
}

func (d *pdfDoc) fill(c rgb) { d.f.SetFillColor(c.r, c.g, c.b) }

// latin is text encoded for the core fonts by cp1252: what fpdf measures and writes.
type latin string

// cell writes one line of text in a box at x, y, vertically centred.
func (d *pdfDoc) cell(x, y, w, h float64, align, s string) {
	d.put(x, y, w, h, align, latin(cp1252(s)))
}

// put writes one line of encoded text in a box at x, y, vertically centred.
func (d *pdfDoc) put(x, y, w, h float64, align string, t latin) {
	d.f.SetXY(x, y)
	d.f.CellFormat(w, h, string(t), "", 0, align+"M", false, 0, "")
}

// split wraps s to cells of width w in the current font, at spaces, or inside a word longer than w.
func (d *pdfDoc) split(s string, w float64) []latin {
	var out []latin
	for _, l := range d.f.SplitLines([]byte(cp1252(s)), w) {
		out = append(out, latin(l))
	}
	return out
}

// hrule draws a horizontal rule across the content width.
func (d *pdfDoc) hrule(y, width float64, c rgb) { d.hrule2(marginX, y, contentW, width, c) }

func (d *pdfDoc) hrule2(x, y, w, width float64, c rgb) {
	d.f.SetDrawColor(c.r, c.g, c.b)
	d.f.SetLineWidth(width)
	d.f.Line(x, y, x+w, y)
}
