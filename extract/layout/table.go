package layout

import (
	"regexp"
	"strings"

	"github.com/o2c-project/o2c/sheet"
)

// column is one column of a line-item table: the field its header names and where it stands.
type column struct {
	Field  string
	Header string
	Box    Box // the header's box
}

// table is the header of a line-item table as found on one page.
type table struct {
	Page    int
	Row     int // index of the header row in the page's rows
	Cols    []column
	Lang    langVotes
	Bottom  float64 // the header's lower edge
	Matched int     // header cells that name a line field
	// descRight is how far the description column's text reaches on this page: its wrap width.
	descRight float64
}

// langVotes counts the header words of each language, to guess number and date conventions.
type langVotes struct{ French, German, English, Spanish int }

func (v *langVotes) add(h sheet.Header) {
	if h.French {
		v.French++
	}
	if h.German {
		v.German++
	}
	if h.English {
		v.English++
	}
	if h.Spanish {
		v.Spanish++
	}
}

// lineFields are the fields of a line a column can carry.
var lineFields = map[string]bool{"line_no": true, "supplier_sku": true, "buyer_sku": true, "gtin": true,
	"description": true, "quantity": true, "unit": true, "unit_price": true, "line_total": true}

// findTable finds the header row of a line-item table among a page's rows: the row whose cells
// name the most line fields, at least three of them, one a quantity. A header written over two
// rows ("Unit" above "price") is read as one when the second row's cells name fields too.
func findTable(rows []row) (*table, bool) {
	var best *table
	for i, r := range rows {
		t := readHeader(r)
		if i+1 < len(rows) && t.Matched >= 2 {
			// A header continued on the next row, close below it.
			next := rows[i+1]
			if next.Box.Y0-r.Box.Y1 < 0.8*r.height() {
				if merged := readHeader(mergeRows(r, next)); merged.Matched > t.Matched {
					t = merged
					t.Bottom = next.Box.Y1
				}
			}
		}
		if t.Matched < 3 || !t.has("quantity") || !(t.has("description") || t.has("supplier_sku") || t.has("buyer_sku") || t.has("gtin")) {
			continue
		}
		if best == nil || t.Matched > best.Matched {
			t.Page, t.Row = r.Page, i
			best = &t
		}
	}
	return best, best != nil
}

func (t *table) has(field string) bool { return t.col(field) >= 0 }

func (t *table) col(field string) int {
	for i, c := range t.Cols {
		if c.Field == field {
			return i
		}
	}
	return -1
}

// readHeader reads a row as a table header. Headers that name one field only are placed first;
// then those that name another field when the first is taken ("Item" is the description, unless a
// "Description" column stands beside it, and then it is the article code).
func readHeader(r row) table {
	t := table{Bottom: r.Box.Y1}
	r = splitHeaders(r)
	heads := make([]sheet.Header, len(r.Cells))
	matched := make([]bool, len(r.Cells))
	for i, c := range r.Cells {
		t.Cols = append(t.Cols, column{Header: c.Text, Box: c.Box})
		h, ok := matchHeader(c.Text)
		if !ok && len(strings.Fields(c.Text)) == 1 {
			h, ok = sheet.MatchHeaderNear(c.Text) // "até": Qté with its first letter misread
		}
		heads[i], matched[i] = h, ok && h.Field != "" && lineFields[h.Field]
	}
	taken := map[string]bool{}
	claim := func(i int, f string) bool {
		if f == "" || taken[f] {
			return false
		}
		t.Cols[i].Field, taken[f] = f, true
		t.Matched++
		t.Lang.add(heads[i])
		return true
	}
	for i, h := range heads {
		if matched[i] && h.Alt == "" {
			claim(i, h.Field)
		}
	}
	for i, h := range heads {
		if matched[i] && h.Alt != "" && !claim(i, h.Field) {
			claim(i, h.Alt)
		}
	}
	// A delivery note may give only the quantities ordered and delivered: the delivered one.
	if !taken["quantity"] {
		for i, c := range r.Cells {
			if isDelivered(c.Text) && t.Cols[i].Field == "" {
				claim(i, "quantity")
				break
			}
		}
	}
	return t
}

// mergeRows reads two rows as one header: cells of the second row under a cell of the first are
// joined to it ("Unit" over "price" is "Unit price").
func mergeRows(a, b row) row {
	out := row{Page: a.Page, Box: a.Box.Union(b.Box)}
	out.Cells = append(out.Cells, a.Cells...)
	for _, c := range b.Cells {
		joined := false
		for i := range out.Cells {
			if overlapX(out.Cells[i].Box, c.Box) > 0.5 {
				out.Cells[i].Text += " " + c.Text
				out.Cells[i].Box = out.Cells[i].Box.Union(c.Box)
				out.Cells[i].Words = append(out.Cells[i].Words, c.Words...)
				joined = true
				break
			}
		}
		if !joined {
			out.Cells = append(out.Cells, c)
		}
	}
	return out
}

// sameColumns reports whether a header row repeats table t on a later page.
func (t *table) sameColumns(o *table) bool {
	if len(o.Cols) != len(t.Cols) {
		return false
	}
	for i := range t.Cols {
		if sheet.Fold(t.Cols[i].Header) != sheet.Fold(o.Cols[i].Header) {
			return false
		}
	}
	return true
}

// assign places a row's words in the table's columns: each word goes to the column whose header
// it overlaps most, else to the nearest header by horizontal distance. Numbers are right-aligned
// under their header and text left-aligned, so overlap decides most words. It returns the text of
// each column, and the least confidence of its words.
func (t *table) assign(r row) (texts []string, confs []float64, boxes []Box) {
	texts, confs, boxes = make([]string, len(t.Cols)), make([]float64, len(t.Cols)), make([]Box, len(t.Cols))
	for i := range confs {
		confs[i] = 1
	}
	put := func(col int, text string, conf float64, box Box) {
		if texts[col] != "" {
			texts[col] += " "
		}
		texts[col] += text
		confs[col] = min(confs[col], conf)
		boxes[col] = boxes[col].Union(box)
	}
	// A cell belongs to one column as a whole, unless its words fall under different headers
	// and it is no description (whose words may reach under the next header): "10 pce" set too
	// close together is a quantity and a unit.
	wholes := t.spread(r)
	for k, c := range r.Cells {
		whole := wholes[k]
		if whole < 0 {
			continue
		}
		split := false
		if t.Cols[whole].Field != "description" && len(c.Words) > 1 {
			firstCol := t.nearest(c.Words[0].Box)
			for _, w := range c.Words[1:] {
				split = split || t.nearest(w.Box) != firstCol
			}
		}
		if !split {
			put(whole, c.Text, c.Conf, c.Box)
			continue
		}
		for _, w := range c.Words {
			put(t.nearest(w.Box), w.Text, w.Conf, w.Box)
		}
	}
	return texts, confs, boxes
}

// spread returns the column of each of a row's cells. Two cells that fall nearest to one column
// beside an empty one belong to both: numbers set flush right under a wide column stand closer
// to the next header ("Bestellt 4 | Geliefert 2" both nearest to "Geliefert").
func (t *table) spread(r row) []int {
	cols := make([]int, len(r.Cells))
	count := make([]int, len(t.Cols))
	for k, c := range r.Cells {
		cols[k] = t.nearest(c.Box)
		if cols[k] >= 0 {
			count[cols[k]]++
		}
	}
	for k := 0; k+1 < len(r.Cells); k++ {
		col := cols[k]
		if col < 0 || cols[k+1] != col || count[col] != 2 || t.Cols[col].Field == "description" {
			continue
		}
		switch {
		case col > 0 && count[col-1] == 0 && (k == 0 || cols[k-1] != col-1):
			cols[k] = col - 1
		case col+1 < len(t.Cols) && count[col+1] == 0:
			cols[k+1] = col + 1
		default:
			continue
		}
		count[col]--
	}
	return cols
}

// nearest returns the column a box belongs to: the header it overlaps most, else the closest.
// (Placing by spans between headers was tried: it fixes numbers set flush right under a header
// set flush left, and breaks cells set left of their header; neither wins on the corpus.)
func (t *table) nearest(b Box) int {
	best, bestScore := -1, 0.0
	for i, c := range t.Cols {
		var score float64
		if o := min(b.X1, c.Box.X1) - max(b.X0, c.Box.X0); o > 0 {
			score = 1e6 + o
		} else {
			score = -max(c.Box.X0-b.X1, b.X0-c.Box.X1)
		}
		if best < 0 || score > bestScore {
			best, bestScore = i, score
		}
	}
	return best
}

// isTotalRow reports whether a row of the table is a total, sub-total or carried-forward row:
// its first text cell is a total label, and no quantity stands in it.
func isTotalRow(r row) string {
	for _, c := range r.Cells {
		if strings.TrimSpace(c.Text) == "" {
			continue
		}
		if _, isNum := sheet.ReadNumber(c.Text); isNum {
			continue
		}
		return totalKind(c.Text)
	}
	return ""
}

// slashSpaced is a slash with a space on one side at least: the cut between two languages.
var slashSpaced = regexp.MustCompile(`\s*/\s+|\s+/\s*`)

// matchHeader reads a header or a label, also when written in two languages ("Qté / Qty",
// "N° commande / PO number"): its parts must name the same field, or only one of them any, and it
// is exact when each part that names it is.
func matchHeader(text string) (sheet.Header, bool) {
	text = slashSpaced.ReplaceAllString(text, " / ") // OCR glues the slash to a word: "P.U./ Price"
	parts := strings.Split(text, " / ")
	if len(parts) < 2 {
		return sheet.MatchHeader(text)
	}
	var found sheet.Header
	ok, exact := false, true
	for _, p := range parts {
		h, hit := sheet.MatchHeader(p)
		switch {
		case !hit:
			exact = false // a part that names nothing: the text is more than a header
			continue
		case !ok:
			found, ok = h, true
		case h.Field != found.Field:
			// "Réf. / Item": an article code in one language, a word that is one when a
			// description column stands beside it in the other.
			switch {
			case h.Alt == found.Field:
			case found.Alt == h.Field:
				found = h
			case h.Exact && found.Exact && h.Score != found.Score:
				// "Livraison / Delivery address": the longer phrase says more.
				if h.Score > found.Score {
					found = h
				}
			default:
				return sheet.Header{}, false
			}
		}
		exact = exact && h.Exact
	}
	if !ok {
		return sheet.MatchHeader(text)
	}
	found.Exact = exact
	return found, true
}

// totalKind is sheet.TotalKind for labels in two languages ("IVA / VAT 20 %").
func totalKind(label string) string {
	if k := sheet.TotalKind(label); k != "" {
		return k
	}
	for _, p := range strings.Split(label, " / ") {
		if k := sheet.TotalKind(p); k != "" {
			return k
		}
	}
	return ""
}

// splitHeaders cuts header cells set too close together to be told apart by their gap ("P.U. /
// Price Montant / Amount"): a cell that names no field is cut between its words where every part
// names one.
func splitHeaders(r row) row {
	out := r
	out.Cells = nil
	exact := func(c cell) bool {
		h, ok := matchHeader(c.Text)
		return ok && h.Exact
	}
	for i := 0; i < len(r.Cells); {
		if exact(r.Cells[i]) {
			out.Cells = append(out.Cells, r.Cells[i])
			i++
			continue
		}
		// A run of cells that name nothing exactly: their words are cut anew, together
		// ("P.U." | "/ Price Montant / Amount" is "P.U. / Price" and "Montant / Amount").
		j := i
		var words []Word
		for j < len(r.Cells) && !exact(r.Cells[j]) {
			words = append(words, r.Cells[j].Words...)
			j++
		}
		if len(words) >= 2 && len(words) <= 12 {
			if parts := cutHeader(words); parts != nil {
				out.Cells = append(out.Cells, parts...)
				i = j
				continue
			}
		}
		out.Cells = append(out.Cells, r.Cells[i:j]...)
		i = j
	}
	return out
}

// cutHeader finds a way to cut words into two or more runs that each name a field, or nil.
func cutHeader(words []Word) []cell {
	n := len(words)
	// best[i] is the cut of words[i:] into named runs, nil when there is none.
	best := make([][]cell, n+1)
	best[n] = []cell{}
	for i := n - 1; i >= 0; i-- {
		for j := i + 1; j <= n && j-i <= 5; j++ {
			if best[j] == nil {
				continue
			}
			run := cellOf(words[i:j])
			if h, ok := matchHeader(run.Text); !ok || h.Field == "" || !h.Exact {
				continue
			}
			if best[i] == nil || len(best[j])+1 < len(best[i]) {
				best[i] = append([]cell{run}, best[j]...)
			}
		}
	}
	if len(best[0]) < 2 {
		return nil
	}
	return best[0]
}

// cellOf makes one cell of adjacent words.
func cellOf(ws []Word) cell {
	c := cell{Conf: 1, Words: ws}
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.Text
		c.Box = c.Box.Union(w.Box)
		c.Conf = min(c.Conf, w.Conf)
	}
	c.Text = strings.Join(parts, " ")
	return c
}

// deliveredWords head the column of the quantity delivered, which a delivery note's lines carry.
var deliveredWords = map[string]bool{"qte livree": true, "quantite livree": true, "geliefert": true, "gelieferte menge": true,
	"liefermenge": true, "delivered": true, "qty delivered": true, "qty shipped": true, "shipped": true, "shipped quantity": true,
	"delivered quantity": true, "cantidad entregada": true}

// isDelivered reports whether a header names the quantity delivered, also with its words run
// together as OCR may read them ("Qtélivrée").
func isDelivered(header string) bool {
	f := sheet.Fold(header)
	return deliveredWords[f] || deliveredGlued[strings.ReplaceAll(f, " ", "")]
}

var deliveredGlued = func() map[string]bool {
	m := map[string]bool{}
	for w := range deliveredWords {
		m[strings.ReplaceAll(w, " ", "")] = true
	}
	return m
}()

// preferDelivered makes the delivered quantity the line's quantity, the ordered one unread.
func (t *table) preferDelivered() {
	for i, c := range t.Cols {
		if !isDelivered(c.Header) {
			continue
		}
		for k := range t.Cols {
			if t.Cols[k].Field == "quantity" {
				t.Cols[k].Field = ""
			}
		}
		t.Cols[i].Field = "quantity"
		return
	}
}
