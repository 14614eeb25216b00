package corpus

// The line table of a purchase order: rows, page breaks with carried sub-totals, the totals block
// and the footer.

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// cellText is the printed text of an article row's cell.
func (r *poRun) cellText(c col, it *item) string {
	d, o := r.d, r.o
	switch c.kind {
	case cNo:
		if it.no == 0 {
			return ""
		}
		return fmt.Sprint(it.no)
	case cSKU:
		return it.sku
	case cBuyer:
		return it.buyerSKU
	case cGTIN:
		return it.gtin
	case cDesc:
		return it.desc
	case cQty:
		return d.num.qty(it.qty, d.qtyPlaces)
	case cUnit:
		return unitWord(o.lang, it.unit)
	case cQtyUnit:
		return d.num.qty(it.qty, d.qtyPlaces) + " " + unitWord(o.lang, it.unit)
	case cPrice:
		if d.symbol {
			return symbolOf(o.currency) + " " + d.num.money(it.price)
		}
		return d.num.money(it.price)
	case cTotal:
		return d.num.money(it.total)
	}
	return ""
}

func rightAligned(k colKind) bool {
	return k == cQty || k == cPrice || k == cTotal || k == cQtyUnit
}

// tableHeader writes the column titles.
func (r *poRun) tableHeader() {
	s, d := r.s, r.d
	h := 7.0
	if d.ruled || d.zebra {
		s.fill(225)
		s.rect(marginX, r.y, rightX-marginX, h, "F")
	}
	if d.ruled {
		r.cellBorders(r.y, h)
	} else {
		s.lineWidth(0.4)
		s.line(marginX, r.y, rightX, r.y)
		s.line(marginX, r.y+h, rightX, r.y+h)
		s.lineWidth(0.2)
	}
	r.base("B", 8)
	x := marginX
	for _, c := range d.cols {
		if rightAligned(c.kind) {
			s.textR(x+c.w-cellPad, r.y+4.7, c.title)
		} else {
			s.fit(x+cellPad, r.y+4.7, c.w-2*cellPad, c.title)
		}
		x += c.w
	}
	r.y += h
}

func (r *poRun) cellBorders(y, h float64) {
	x := marginX
	for _, c := range r.d.cols {
		r.s.rect(x, y, c.w, h, "D")
		x += c.w
	}
}

// table writes the rows, breaking pages with the header repeated and, where the design has
// them, page sub-totals at the foot of a page and at the head of the next.
func (r *poRun) table() {
	s, d := r.s, r.d
	r.tableHeader()
	r.running = decimal.Zero
	for i := range r.o.items {
		it := &r.o.items[i]
		var cells [][]string
		h := lineH + 1.6
		r.base("", 8.5)
		if it.note == "" {
			for _, c := range d.cols {
				t := r.cellText(c, it)
				if c.kind == cDesc {
					cells = append(cells, s.wrap(t, c.w-2*cellPad))
				} else {
					cells = append(cells, []string{t})
				}
				h = max(h, float64(len(cells[len(cells)-1]))*lineH+1.6)
			}
		}
		need := h
		if i == len(r.o.items)-1 {
			need += r.totalsHeight()
		}
		if r.y+need > bodyEnd {
			r.pageBreak()
		}
		if it.note != "" {
			r.noteRow(it.note, h)
			continue
		}
		if d.zebra && i%2 == 1 {
			s.fill(240)
			s.rect(marginX, r.y, rightX-marginX, h, "F")
		}
		if d.ruled {
			r.cellBorders(r.y, h)
		}
		x := marginX
		r.base("", 8.5)
		for j, c := range d.cols {
			for k, t := range cells[j] {
				by := r.y + 4 + float64(k)*lineH
				if rightAligned(c.kind) {
					s.textR(x+c.w-cellPad, by, t)
				} else {
					s.fit(x+cellPad, by, c.w-2*cellPad, t)
				}
			}
			x += c.w
		}
		r.y += h
		r.running = r.running.Add(it.total)
	}
	if !d.ruled {
		s.lineWidth(0.4)
		s.line(marginX, r.y, rightX, r.y)
		s.lineWidth(0.2)
	}
}

// noteRow writes a note across the table.
func (r *poRun) noteRow(note string, h float64) {
	s := r.s
	if r.d.ruled {
		s.rect(marginX, r.y, rightX-marginX, h, "D")
	}
	r.base("I", 8.5)
	x := marginX
	for _, c := range r.d.cols {
		if c.kind == cDesc {
			break
		}
		x += c.w
	}
	s.text(x+cellPad, r.y+4, note)
	r.y += h
}

// pageBreak ends a page with its sub-total and starts the next with the header again.
func (r *poRun) pageBreak() {
	s, d := r.s, r.d
	if d.carried[0] != "" {
		r.subTotal(d.carried[0])
	}
	r.footer()
	s.f.AddPage()
	r.y = 16
	r.base("", 8)
	s.gray(70)
	s.text(marginX, r.y, r.o.buyer.Name+"  -  "+d.title+" "+r.o.po)
	r.y += 6
	r.tableHeader()
	if d.carried[1] != "" {
		r.subTotal(d.carried[1])
	}
}

// subTotal writes a carried-forward row.
func (r *poRun) subTotal(label string) {
	s := r.s
	h := 6.0
	s.fill(235)
	s.rect(marginX, r.y, rightX-marginX, h, "F")
	r.base("B", 8.5)
	total := r.d.cols[len(r.d.cols)-1]
	s.textR(rightX-total.w-cellPad-8, r.y+4.2, label)
	s.textR(rightX-cellPad, r.y+4.2, r.d.num.money(r.running))
	r.y += h
}

func (r *poRun) totalsHeight() float64 {
	h := 12.0
	if r.d.totals == 2 {
		h += 5.5 * float64(len(r.o.vat)+1)
	}
	return h
}

// label fills the placeholders of a totals label.
func (r *poRun) label(t string, rate decimal.Decimal) string {
	t = strings.ReplaceAll(t, "{cur}", r.o.currency)
	return strings.ReplaceAll(t, "{rate}", r.d.num.qty(rate, 0))
}

// end writes the totals, the remarks, the signature and the last footer.
func (r *poRun) end() {
	s, d, o := r.s, r.d, r.o
	y := r.y + 6
	type row struct {
		label string
		v     decimal.Decimal
		bold  bool
	}
	rows := []row{{r.label(d.netLabel, decimal.Zero), o.net, d.totals == 1}}
	if d.totals == 2 {
		for _, v := range o.vat {
			rows = append(rows, row{r.label(d.vatLabel, v.rate), v.amount, false})
		}
		rows = append(rows, row{r.label(d.grossLbl, decimal.Zero), o.gross, true})
	}
	for _, rw := range rows {
		style := ""
		if rw.bold {
			style = "B"
		}
		r.base(style, 9.5)
		s.textR(rightX-32, y, rw.label)
		s.textR(rightX-cellPad, y, d.num.money(rw.v))
		y += 5.5
	}
	if d.totals == 2 {
		s.line(rightX-70, y-10.2, rightX, y-10.2)
	}
	y += 4
	r.base("", 8.5)
	for _, rm := range o.remarks {
		if y > bodyEnd+10 {
			break
		}
		s.text(marginX, y, rm)
		y += 4.5
	}
	if d.sign != "" && y < bodyEnd {
		y += 6
		r.base("", 8)
		s.text(112, y, d.sign)
		s.line(112, y+14, rightX, y+14)
		r.base("", 8.5)
		s.text(112, y+18, o.contact)
	}
	r.footer()
}

// footer writes the page number and the buyer's legal line.
func (r *poRun) footer() {
	s, d := r.s, r.d
	r.base("", 7)
	s.gray(90)
	y := 282.0
	for _, l := range d.footer {
		s.textC(pageW/2, y, r.fill(l))
		y += 3.4
	}
	if d.page != "" {
		pages := r.pages
		if pages == 0 {
			pages = 9
		}
		label := fmt.Sprintf(d.page, s.f.PageNo())
		if strings.Count(d.page, "%d") == 2 {
			label = fmt.Sprintf(d.page, s.f.PageNo(), pages)
		}
		s.textR(rightX, 290, label)
	}
	s.ink()
}

// fill replaces the placeholders of a footer line: {name}, {city}.
func (r *poRun) fill(t string) string {
	c := r.o.cust
	t = strings.ReplaceAll(t, "{name}", c.Name)
	return strings.ReplaceAll(t, "{city}", c.City)
}

// symbolOf is the currency's symbol.
func symbolOf(cur string) string {
	switch cur {
	case "EUR":
		return "€"
	case "GBP":
		return "£"
	}
	return cur
}
