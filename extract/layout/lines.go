package layout

import (
	"strings"

	"github.com/o2c-project/o2c"

	"github.com/o2c-project/o2c/sheet"
)

// rawLine is one line item as its cells read, before numbers and dates are decided.
type rawLine struct {
	Text map[string]string  // field -> text
	Conf map[string]float64 // field -> least confidence of its words
	Box  map[string]Box
	Page int
}

// rawTotal is a total row: its kind (net, tax, gross, plain) and its amount's text.
type rawTotal struct {
	Kind, Text string
	Conf       float64
}

// tableRead is what the line-item tables of a document hold.
type tableRead struct {
	Lines  []rawLine
	Totals []rawTotal
	Used   map[int]bool // indexes of the rows that belong to tables (not header fields)
	Lang   langVotes
	Found  bool
}

// readTables reads the line items of every page: from the table header found on a page to its
// end, a total row, or the end of the page (the table goes on after the header repeated on the
// next page). A row with a quantity or a code starts a line; a row with only text in the
// description column continues the line above it; sub-totals and carried-forward sums are skipped;
// other rows (notes across the table) are skipped too.
func readTables(rows []row, kind o2c.DocumentType) tableRead {
	out := tableRead{Used: map[int]bool{}}
	byPage := map[int][]int{}
	var pages []int
	for i, r := range rows {
		if _, seen := byPage[r.Page]; !seen {
			pages = append(pages, r.Page)
		}
		byPage[r.Page] = append(byPage[r.Page], i)
	}
	ended := false
	for _, p := range pages {
		if ended {
			break
		}
		idx := byPage[p]
		pageRows := make([]row, len(idx))
		for k, i := range idx {
			pageRows[k] = rows[i]
		}
		t, ok := findTable(pageRows)
		if !ok {
			continue
		}
		if kind == o2c.DocDeliveryNote {
			t.preferDelivered()
		}
		out.Found = true
		out.Lang.French += t.Lang.French
		out.Lang.German += t.Lang.German
		out.Lang.English += t.Lang.English
		out.Lang.Spanish += t.Lang.Spanish
		out.Used[idx[t.Row]] = true
		start := t.Row + 1
		if t.Bottom > pageRows[t.Row].Box.Y1 { // a header over two rows
			out.Used[idx[start]] = true
			start++
		}
		// How far descriptions reach: the wrap width of the column, which the fullest rows show.
		t.descRight = 0
		if d := t.col("description"); d >= 0 {
			q := t.col("quantity")
			for _, r := range pageRows[start:] {
				tx, _, bx := t.assign(r)
				if _, isLine := sheet.ReadNumber(quantityPart(tx[q])); isLine && bx[d].X1 > t.descRight {
					t.descRight = bx[d].X1 // the first row of a line's description, never a footer
				}
			}
		}
		var cur *rawLine
		lastY := t.Bottom
		for k := start; k < len(pageRows); k++ {
			r := pageRows[k]
			h := r.height()
			if kind := isTotalRow(r); kind != "" {
				out.Used[idx[k]] = true
				cur = nil
				if kind == "subtotal" && !opensTotals(pageRows[k+1:]) {
					continue // a page's sum, carried to the next
				}
				// The order's totals: the table ends here.
				out.Totals = append(out.Totals, totalsFrom(rows, idx[k:])...)
				for _, j := range idx[k:] {
					if isTotalRow(rows[j]) != "" {
						out.Used[j] = true
					}
				}
				ended = true
				break
			}
			if r.Box.Y0-lastY > 5*h+20 || footerLabel(r) {
				break // far below the last line, or a delivery fact under it: the table is over on this page
			}
			texts, confs, boxes := t.assign(r)
			get := func(f string) string {
				if c := t.col(f); c >= 0 {
					return strings.TrimSpace(texts[c])
				}
				return ""
			}
			qty, code := get("quantity"), get("supplier_sku")+get("buyer_sku")+get("gtin")
			_, qtyNum := sheet.ReadNumber(firstToken(qty))
			switch {
			case qtyNum || code != "" && (get("unit_price") != "" || get("line_total") != ""):
				line := rawLine{Text: map[string]string{}, Conf: map[string]float64{}, Box: map[string]Box{}, Page: p}
				for c, col := range t.Cols {
					if col.Field == "" || strings.TrimSpace(texts[c]) == "" {
						continue
					}
					line.Text[col.Field] = strings.TrimSpace(texts[c])
					line.Conf[col.Field] = confs[c]
					line.Box[col.Field] = boxes[c]
				}
				out.Lines = append(out.Lines, line)
				cur = &out.Lines[len(out.Lines)-1]
				out.Used[idx[k]] = true
				lastY = r.Box.Y1
			case cur != nil && onlyDescription(t, texts) && r.Box.Y0-lastY < 0.9*h+2 && !isNote(get("description")) &&
				t.wrapped(cur.Box["description"], get("description"), boxes[t.col("description")]):
				// The description goes on under the line.
				d := get("description")
				cur.Text["description"] = strings.TrimSpace(cur.Text["description"] + " " + d)
				if c := t.col("description"); c >= 0 {
					cur.Conf["description"] = min(cur.Conf["description"], confs[c])
					cur.Box["description"] = cur.Box["description"].Union(boxes[c])
				}
				out.Used[idx[k]] = true
				lastY = r.Box.Y1
			default:
				// A note across the table, or a repeated header: not a line.
				cur = nil
				if t2 := readHeader(r); t2.Matched >= 3 {
					out.Used[idx[k]] = true
				}
				lastY = r.Box.Y1
			}
		}
	}
	return out
}

// onlyDescription reports whether a row holds text in the description column and nowhere else.
func onlyDescription(t *table, texts []string) bool {
	d := t.col("description")
	if d < 0 || strings.TrimSpace(texts[d]) == "" {
		return false
	}
	for c, s := range texts {
		if c != d && strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// totalsFrom reads the total rows from rows[idx[0]] on: each a label and, after it, an amount.
func totalsFrom(rows []row, idx []int) []rawTotal {
	var out []rawTotal
	for n, i := range idx {
		r := rows[i]
		kind := isTotalRow(r)
		if kind == "subtotal" && n == 0 {
			kind = "net" // "Subtotal" over the tax rows: the order's net
		}
		if kind == "" || kind == "subtotal" {
			continue
		}
		// The amount is the last number of the row.
		for k := len(r.Cells) - 1; k >= 0; k-- {
			c := r.Cells[k]
			if _, label := cutLabelNumber(c.Text); label {
				continue
			}
			if _, ok := sheet.ReadNumber(c.Text); ok {
				out = append(out, rawTotal{Kind: kind, Text: c.Text, Conf: c.Conf})
				break
			}
		}
	}
	return out
}

// cutLabelNumber reports whether a cell is a label (it holds letters beyond a currency).
func cutLabelNumber(s string) (string, bool) {
	_, ok := sheet.ReadNumber(s)
	return s, !ok
}

// firstToken is the first word of s: "12 Stk" is read as 12.
func firstToken(s string) string {
	if i := strings.IndexByte(s, ' '); i > 0 {
		return s[:i]
	}
	return s
}

// noteWords start a note written across or inside a table, which is no part of a description.
var noteWords = []string{"attention", "hinweis", "achtung", "note", "nota", "remarque", "bemerkung", "important", "wichtig",
	"please", "bitte", "merci", "fragile", "urgent", "dringend", "vorsicht"}

// isNote reports whether a row's text is a note: it starts with a note word, or is a
// "label: text" pair.
func isNote(s string) bool {
	f := sheet.Fold(s)
	for _, w := range noteWords {
		if strings.HasPrefix(f, w+" ") || f == w {
			return true
		}
	}
	label, _, colon := cutLabel(s)
	if !colon || strings.ContainsAny(label, "0123456789") {
		return false
	}
	_, named := matchHeader(label)
	return len(strings.Fields(label)) <= 3 || named
}

// opensTotals reports whether the rows after a sub-total hold the order's other totals (tax,
// gross) close below it: then the sub-total is the order's net, not a page's sum.
func opensTotals(after []row) bool {
	if len(after) == 0 {
		return false
	}
	switch isTotalRow(after[0]) {
	case "tax", "gross", "plain", "net":
		return true
	}
	return false
}

// wrapped reports whether a row under a line's description continues it: the description's last
// row was too full to take the row's first word, so the text had to wrap. A short description
// followed by another text is a note under the line, not more of it.
func (t *table) wrapped(prev Box, next string, nextBox Box) bool {
	first := firstToken(strings.TrimSpace(next))
	perChar := nextBox.Width() / float64(max(1, len([]rune(next))))
	need := float64(len([]rune(first))) * perChar
	return prev.X1+need > t.descRight-perChar
}

// footerLabel reports whether a row opens with the label of a delivery fact ("Nombre de colis :",
// "Bruttogewicht:"), which stands under a delivery note's table and never in a line.
func footerLabel(r row) bool {
	for _, c := range r.Cells {
		if strings.TrimSpace(c.Text) == "" {
			continue
		}
		label, _, colon := cutLabel(c.Text)
		field, ok := deliveryLabels[sheet.Fold(label)]
		return colon && ok && field != "consignee" && field != "bill_to"
	}
	return false
}
