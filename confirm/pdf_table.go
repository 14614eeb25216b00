package confirm

// The line table of the PDF: a dark header row repeated on every page, rows shaded in turn and
// never split across pages, numbers right-aligned.

// column is one column of the line table.
type column struct {
	w     float64 // width in mm
	right bool    // numbers are right-aligned
}

// columns of the table: line, our code, description, quantity, unit, unit price, total. They add
// up to contentW.
var columns = [7]column{{11, false}, {27, false}, {60, false}, {17, true}, {13, false}, {22, true}, {24, true}}

// Type sizes, line heights and padding of the table.
const (
	cellPad     = 1.5  // left and right of the text in a cell
	headH       = 7.5  // the header row
	rowPad      = 1.7  // above and below the text of a row
	rowLineH    = 4.3  // a line of 9 pt text
	smallLineH  = 3.6  // a line of 7.5 pt text: the buyer's code, what changed
	maxRowLines = 12   // a text of a row longer than this is cut with "…": a row must fit a page
	epsilon     = 0.01 // tolerance when comparing positions
)

// cellLines is a row's content laid out: the wrapped lines of its texts.
type cellLines struct {
	code, desc, small, note []latin // our code; the description, the buyer's code and what changed under it
}

// table writes the order's lines; it starts a new page, with the header again, whenever the
// next row does not fit.
func (d *pdfDoc) table() {
	v := d.v
	if len(v.Lines) == 0 {
		return
	}
	if d.y+headH+rowLineH+2*rowPad > bodyBottom {
		d.newPage()
	}
	d.tableHeader()
	for i, r := range v.Lines {
		c := d.layoutRow(r)
		h := rowHeight(c)
		need := h
		if i == len(v.Lines)-1 {
			need += d.totalHeight() // the total goes with the last row, never alone on a page
		}
		if d.y+need > bodyBottom+epsilon {
			d.newPage()
			d.tableHeader()
		}
		d.row(i, r, c, h)
	}
	d.hrule(d.y, 0.4, accent)
	d.y += 2
}

// tableHeader writes the dark header row.
func (d *pdfDoc) tableHeader() {
	d.fill(accent)
	d.f.Rect(marginX, d.y, contentW, headH, "F")
	d.font("B", 8, white)
	x := marginX
	for i, col := range columns {
		d.fit("B", 8, col.w-2*cellPad, d.v.Columns[i])
		d.cell(x+cellPad, d.y, col.w-2*cellPad, headH, align(col), d.v.Columns[i])
		x += col.w
	}
	d.y += headH
}

// layoutRow wraps the texts of a row to their columns.
func (d *pdfDoc) layoutRow(r row) cellLines {
	var c cellLines
	d.font("", 9, ink)
	c.code = capLines(d.split(r.Code, columns[1].w-2*cellPad))
	c.desc = capLines(d.split(r.Description, columns[2].w-2*cellPad))
	d.font("", 7.5, muted)
	c.small = capLines(d.split(r.BuyerCode, columns[2].w-2*cellPad))
	d.font("I", 7.5, muted)
	c.note = capLines(d.split(r.Note, columns[2].w-2*cellPad))
	return c
}

// capLines keeps at most maxRowLines lines, the last one ending with "…" when some are cut.
func capLines(lines []latin) []latin {
	if len(lines) <= maxRowLines {
		return lines
	}
	return append(lines[:maxRowLines-1:maxRowLines-1], lines[maxRowLines-1]+"\x85") // … in Windows-1252
}

// rowHeight is the height of a laid out row.
func rowHeight(c cellLines) float64 {
	text := max(float64(len(c.desc))*rowLineH+float64(len(c.small)+len(c.note))*smallLineH,
		float64(len(c.code))*rowLineH, rowLineH)
	return text + 2*rowPad
}

// row writes one row: shading on every other row, texts at the top of their cells.
func (d *pdfDoc) row(i int, r row, c cellLines, h float64) {
	if i%2 == 1 {
		d.fill(stripe)
		d.f.Rect(marginX, d.y, contentW, h, "F")
	}
	top := d.y + rowPad
	x := marginX
	var xs, ws [7]float64 // where the text of each column starts, and its width
	for j, col := range columns {
		xs[j], ws[j] = x+cellPad, col.w-2*cellPad
		x += col.w
	}
	d.font("", 9, ink)
	for j, s := range [7]string{0: r.No, 3: r.Qty, 4: r.Unit, 5: r.Price, 6: r.Total} {
		if s == "" {
			continue
		}
		d.fit("", 9, ws[j], s) // a huge amount shrinks rather than spill into its neighbour
		d.f.SetTextColor(ink.r, ink.g, ink.b)
		d.cell(xs[j], top, ws[j], rowLineH, align(columns[j]), s)
	}
	d.font("", 9, ink)
	for k, l := range c.code {
		d.put(xs[1], top+float64(k)*rowLineH, ws[1], rowLineH, "L", l)
	}
	y := top
	for _, l := range c.desc {
		d.put(xs[2], y, ws[2], rowLineH, "L", l)
		y += rowLineH
	}
	d.font("", 7.5, muted)
	for _, l := range c.small {
		d.put(xs[2], y, ws[2], smallLineH, "L", l)
		y += smallLineH
	}
	d.font("I", 7.5, statusColors[r.Status].text)
	for _, l := range c.note {
		d.put(xs[2], y, ws[2], smallLineH, "L", l)
		y += smallLineH
	}
	d.y += h
}

func align(c column) string {
	if c.right {
		return "R"
	}
	return "L"
}
