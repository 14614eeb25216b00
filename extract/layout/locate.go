package layout

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/sheet"
)

// FieldBox is where one field of a draft stands on its document, so that a reviewer's eye goes
// straight to it. Field is the draft's path, as in its confidences: "po_number",
// "lines[2].quantity".
type FieldBox struct {
	Field string `json:"field"`
	Page  int    `json:"page"` // from 1
	Box   Box    `json:"box"`
}

// Locate finds where the values of a draft stand on the document it was read from (or was
// corrected to): a run of words whose text is the value (a date or a number compared as one,
// whatever its writing). A value the document does not hold gets no box. Lines are looked for in
// the order of the document, each line's numbers on the visual line of its code or description.
func Locate(doc *Document, d *o2c.OrderDraft) []FieldBox {
	if doc == nil || d == nil {
		return nil
	}
	var out []FieldBox
	add := func(field string, match func(string) bool) {
		if h, ok := findAfter(doc, position{}, match); ok {
			out = append(out, FieldBox{Field: field, Page: h.page + 1, Box: h.box})
		}
	}
	if d.PONumber != "" {
		add("po_number", sameText(d.PONumber))
	}
	for field, date := range map[string]cal.Date{"order_date": d.OrderDate, "requested_delivery_date": d.RequestedDeliveryDate} {
		if !date.IsZero() {
			add(field, sameDate(date))
		}
	}
	for prefix, p := range map[string]*o2c.Party{"buyer": d.Buyer, "ship_to": d.ShipTo} {
		if p == nil {
			continue
		}
		if p.Name != "" {
			add(prefix+".name", sameText(p.Name))
		}
		if p.VATID != "" {
			add(prefix+".vat_id", sameText(p.VATID))
		}
	}
	if t := d.Totals; t != nil {
		for field, v := range map[string]*decimal.Decimal{"totals.net": t.Net, "totals.tax": t.Tax, "totals.gross": t.Gross} {
			if v != nil {
				add(field, sameNumber(*v))
			}
		}
	}
	out = append(out, locateLines(doc, d.Lines)...)
	// Maps above were ranged in random order: give the boxes one order, the document's.
	sortBoxes(out)
	return out
}

// locateLines finds each line's anchor (its codes, else the start of its description) after the
// previous line's, then its numbers on the anchor's visual line.
func locateLines(doc *Document, lines []o2c.DraftLine) []FieldBox {
	var out []FieldBox
	from := position{}
	for i, l := range lines {
		path := func(f string) string { return fmt.Sprintf("lines[%d].%s", i, f) }
		var anchor *hit
		right := 0.0 // the right edge of the line's codes and description: its numbers stand beyond
		for _, a := range []struct{ field, value string }{{"buyer_sku", l.BuyerSKU}, {"supplier_sku", l.SupplierSKU}, {"gtin", l.GTIN}} {
			if a.value == "" {
				continue
			}
			if h, ok := findAfter(doc, from, sameText(a.value)); ok {
				out = append(out, FieldBox{Field: path(a.field), Page: h.page + 1, Box: h.box})
				right = max(right, h.box.X1)
				if anchor == nil {
					anchor = &h
				}
			}
		}
		if words := strings.Fields(l.Description); len(words) > 0 {
			start := strings.Join(words[:min(3, len(words))], " ")
			if h, ok := findAfter(doc, from, sameText(start)); ok {
				out = append(out, FieldBox{Field: path("description"), Page: h.page + 1, Box: h.box})
				right = max(right, h.box.X1)
				if anchor == nil {
					anchor = &h
				}
			}
		}
		if anchor == nil {
			continue
		}
		from = anchor.at
		line := visualLine(&doc.Pages[anchor.page], anchor.box, right)
		onLine := func(v *decimal.Decimal, field string) {
			if v == nil {
				return
			}
			if b, ok := runInLine(line, sameNumber(*v)); ok {
				out = append(out, FieldBox{Field: path(field), Page: anchor.page + 1, Box: b})
			}
		}
		onLine(l.Quantity, "quantity")
		onLine(l.UnitPrice, "unit_price")
		onLine(l.LineTotal, "line_total")
	}
	return out
}

// visualLine gathers the words of a page that stand level with box and right of x, left to
// right: a reader's lines may be one column's cells only.
func visualLine(p *Page, box Box, x float64) Line {
	var out Line
	for _, l := range p.Lines {
		for _, w := range l.Words {
			if mid := (w.Box.Y0 + w.Box.Y1) / 2; w.Box.X0 >= x && mid >= box.Y0 && mid <= box.Y1 {
				out.Words = append(out.Words, w)
				out.Box = out.Box.Union(w.Box)
			}
		}
	}
	slices.SortStableFunc(out.Words, func(a, b Word) int { return cmp.Compare(a.Box.X0, b.Box.X0) })
	return out
}

// position is a line of a page.
type position struct{ page, line int }

func (p position) before(q position) bool {
	return p.page < q.page || p.page == q.page && p.line < q.line
}

// hit is a run of words found, with its line.
type hit struct {
	page int
	at   position
	box  Box
}

// findAfter finds the first run that matches at or after position from, in reading order.
func findAfter(doc *Document, from position, match func(string) bool) (hit, bool) {
	for pi := from.page; pi < len(doc.Pages); pi++ {
		for li, line := range doc.Pages[pi].Lines {
			if (position{pi, li}).before(from) {
				continue
			}
			if b, ok := runInLine(line, match); ok {
				return hit{page: pi, at: position{pi, li}, box: b}, true
			}
		}
	}
	return hit{}, false
}

// runInLine finds the shortest run of consecutive words of a line whose joined text matches,
// trying each start from the left; a label glued to the value ("PO:4711") is cut off first.
func runInLine(line Line, match func(string) bool) (Box, bool) {
	const longest = 8 // words in one value: a name, a date written in words
	for i := range line.Words {
		var text strings.Builder
		box := Box{}
		for j := i; j < len(line.Words) && j < i+longest; j++ {
			if j > i {
				text.WriteByte(' ')
			}
			text.WriteString(line.Words[j].Text)
			box = box.Union(line.Words[j].Box)
			s := text.String()
			if match(s) {
				return box, true
			}
			if _, rest, colon := cutLabel(s); colon && j == i && rest != "" && match(rest) {
				return box, true
			}
		}
	}
	return Box{}, false
}

// sameText matches text equal to want but for case, spaces, accents and trailing punctuation.
func sameText(want string) func(string) bool {
	w := foldValue(want)
	return func(s string) bool { return w != "" && foldValue(s) == w }
}

func foldValue(s string) string {
	s = strings.TrimRight(strings.TrimSpace(s), ".,;:")
	return strings.ReplaceAll(sheet.Fold(s), " ", "")
}

// sameDate matches a date written in any of the ways readDateIn knows, day or month first.
func sameDate(want cal.Date) func(string) bool {
	return func(s string) bool {
		d, ok := readDateIn(strings.TrimRight(s, ".,;"))
		if !ok {
			return false
		}
		for _, dayFirst := range []bool{true, false} {
			if v, ok := d.Value(dayFirst); ok && v == want {
				return true
			}
		}
		return false
	}
}

// sameNumber matches a number written with either decimal mark, with or without a currency.
func sameNumber(want decimal.Decimal) func(string) bool {
	return func(s string) bool {
		for _, v := range numberReadings(s) {
			if v.Equal(want) {
				return true
			}
		}
		return false
	}
}

// numberReadings are the values a written number may have: "1.250" is 1250 or 1.25.
func numberReadings(s string) []decimal.Decimal {
	s = strings.TrimSpace(s)
	for _, cut := range []string{"€", "EUR", "$", "USD", "£", "GBP", "CHF"} {
		s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, cut), cut))
	}
	s = strings.ReplaceAll(strings.ReplaceAll(s, " ", ""), "\u00a0", "")
	if s == "" || strings.Trim(s, "0123456789.,-'") != "" || strings.Trim(s, ".,-'") == "" {
		return nil
	}
	s = strings.ReplaceAll(s, "'", "")
	var out []decimal.Decimal
	try := func(thousands, mark string) {
		t := strings.ReplaceAll(s, thousands, "")
		t = strings.ReplaceAll(t, mark, ".")
		if v, err := decimal.NewFromString(t); err == nil {
			out = append(out, v)
		}
	}
	try(",", ".")
	try(".", ",")
	return out
}

// sortBoxes orders boxes by page, then top to bottom, then left to right, then field.
func sortBoxes(bs []FieldBox) {
	slices.SortStableFunc(bs, func(a, b FieldBox) int {
		return cmp.Or(cmp.Compare(a.Page, b.Page), cmp.Compare(a.Box.Y0, b.Box.Y0),
			cmp.Compare(a.Box.X0, b.Box.X0), strings.Compare(a.Field, b.Field))
	})
}
