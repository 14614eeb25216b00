package sheet

import (
	"slices"
	"strings"

	"github.com/o2c-project/o2c"
)

// pair is a value read from a "label: value" pair or from an order column.
type pair struct {
	text string
	num  bool
	r, c int
}

// rowKind sorts the rows below the header.
type rowKind int

const (
	rowSkip  rowKind = iota // blank, a repeated header, a heading
	rowLine                 // an order line
	rowTotal                // a total, sub-total or tax row
)

// totalRow is a total row: its label and kind, and the cell of its amount.
type totalRow struct {
	r      int
	kind   string // "net", "gross", "tax", "tax_part", "plain" (unqualified), "" (a sub-total)
	amount pair
}

// parser reads one grid whose header row is known.
type parser struct {
	g    *grid
	l    *layout
	opts Options
	loc  locale
	lang lang
	f    faults

	block   map[field]pair // order fields from "label: value" pairs
	notes   []string       // free text rows and notes pairs, for people
	kinds   []rowKind
	totals  map[int]totalRow
	numDec  map[int]decision // per number column
	fileNum decision
	dateDec map[int]decision // per date column
	fileDat decision
}

// parseGrid reads the orders of a grid.
func parseGrid(g *grid, opts Options, loc locale) ([]o2c.OrderDraft, error) {
	l, err := findHeader(g, opts.Profile)
	if err != nil {
		return nil, err
	}
	p := &parser{g: g, l: l, opts: opts, loc: loc, lang: l.language(), block: make(map[field]pair),
		totals: make(map[int]totalRow), numDec: make(map[int]decision), dateDec: make(map[int]decision)}
	for r := 0; r < l.row; r++ {
		p.scanPairs(r)
	}
	p.classify()
	p.decideNumbers()
	p.decideDates()
	drafts, err := p.build()
	if err != nil {
		return nil, err
	}
	if err := p.f.err(); err != nil {
		return nil, err
	}
	return drafts, nil
}

// cell returns the cell of field f in row r and its column; ok is false when the layout has no
// such column.
func (p *parser) cell(r int, f field) (cell, int, bool) {
	c, ok := p.l.col[f]
	if !ok {
		return cell{}, -1, false
	}
	return p.g.at(r, c), c, true
}

// text returns the text of field f in row r, "" when the layout has no such column.
func (p *parser) text(r int, f field) string {
	c, _, _ := p.cell(r, f)
	return c.text
}

// header is the header text of a column.
func (p *parser) header(c int) string {
	if c >= 0 && c < len(p.l.header) {
		return p.l.header[c]
	}
	return ""
}

// kvLabel finds the order field a label names, by exact match with the dictionary.
func kvLabel(label string) (field, bool) {
	h := fold(label)
	if h == "" {
		return "", false
	}
	for _, key := range []string{h, compact(h)} {
		for _, i := range exactIndex[key] {
			if f := phrases[i].f; orderFields[f] {
				return f, true
			}
		}
	}
	return "", false
}

// isLabelCell reports whether a cell is itself a label, so that it cannot be the value of the one
// before it.
func isLabelCell(c cell) bool {
	if c.num {
		return false
	}
	if l, _, ok := strings.Cut(c.text, ":"); ok {
		if _, ok := kvLabel(l); ok {
			return true
		}
	}
	_, ok := kvLabel(c.text)
	return ok
}

// scanPairs reads the "label: value" pairs of a row that is not a line: "N° de commande : 4711" in
// one cell, or "Bestellnummer" in one cell and "4711" in the next non-empty one, or a title such
// as "Bestellung Nr. 4711". A row that holds only free text goes to the notes.
func (p *parser) scanPairs(r int) {
	cells := p.g.rows[r]
	next := func(i int) int {
		for j := i + 1; j < len(cells); j++ {
			if cells[j].text != "" {
				if isLabelCell(cells[j]) {
					return -1
				}
				return j
			}
		}
		return -1
	}
	found := false
	var texts []string
	for i := 0; i < len(cells); i++ {
		c := cells[i]
		if c.text == "" {
			continue
		}
		if !c.num {
			if label, value, ok := strings.Cut(c.text, ":"); ok {
				if f, ok := kvLabel(label); ok {
					found = true
					if value = clean(value); value != "" {
						p.setPair(f, pair{text: value, r: r, c: i})
					} else if j := next(i); j >= 0 {
						p.setPair(f, pair{text: cells[j].text, num: cells[j].num, r: r, c: j})
						i = j
					}
					continue
				}
			}
			if f, ok := kvLabel(c.text); ok {
				found = true
				if j := next(i); j >= 0 {
					p.setPair(f, pair{text: cells[j].text, num: cells[j].num, r: r, c: j})
					i = j
				}
				continue
			}
			if v, ok := titlePO(c.text); ok {
				found = true
				p.setPair(fPONumber, pair{text: v, r: r, c: i})
				continue
			}
		}
		texts = append(texts, c.text)
	}
	if !found && len(texts) == 1 && r > p.l.row && hasLetter(texts[0]) {
		p.addNote(texts[0])
	}
}

// titlePO reads a purchase order number from a title such as "Bestellung Nr. 4711",
// "Bon de commande N°4500012" or "Purchase Order #PO-1".
func titlePO(s string) (string, bool) {
	words := strings.Fields(s)
	if len(words) < 2 {
		return "", false
	}
	label, value := strings.Join(words[:len(words)-1], " "), words[len(words)-1]
	for _, pre := range []string{"N°", "Nº", "n°", "No.", "no.", "Nr.", "nr.", "#"} {
		if v, ok := strings.CutPrefix(value, pre); ok && v != "" {
			value = v
			break
		}
	}
	if f, ok := kvLabel(label); !ok || f != fPONumber || !hasDigit(value) {
		return "", false
	}
	return value, true
}

// setPair keeps the first value of each order field met in the pairs.
func (p *parser) setPair(f field, v pair) {
	switch f {
	case fNotes:
		p.addNote(v.text)
		return
	case fPONumber, fOrderDate, fDeliveryDate:
		if !hasDigit(v.text) {
			return
		}
	}
	if _, ok := p.block[f]; !ok {
		p.block[f] = v
	}
}

func (p *parser) addNote(s string) {
	if s = strings.TrimFunc(s, isSpace); s != "" && !slices.Contains(p.notes, s) {
		p.notes = append(p.notes, s)
	}
}

// classify sorts the rows below the header into lines, totals and the rest, reading the pairs of
// the rest.
func (p *parser) classify() {
	p.kinds = make([]rowKind, len(p.g.rows))
	for r := p.l.row + 1; r < len(p.g.rows); r++ {
		cells := p.g.rows[r]
		if blank(cells) || p.repeatsHeader(r) {
			continue
		}
		if t, ok := p.totalRow(r); ok {
			p.kinds[r] = rowTotal
			if t.kind != "" {
				p.totals[r] = t
			}
			continue
		}
		if p.isLine(r) {
			p.kinds[r] = rowLine
			continue
		}
		p.scanPairs(r)
	}
}

func blank(cells []cell) bool {
	for _, c := range cells {
		if c.text != "" {
			return false
		}
	}
	return true
}

// repeatsHeader reports a copy of the header row, as exports write at each page.
func (p *parser) repeatsHeader(r int) bool {
	same, n := 0, 0
	for _, c := range p.l.col {
		n++
		if t := p.g.at(r, c).text; t != "" && strings.EqualFold(t, p.header(c)) || t != "" && fold(t) == p.l.folded[c] {
			same++
		}
	}
	return same >= 2 || same == n
}

// emptyMark reports a cell that says "nothing" in a number column.
func emptyMark(s string) bool {
	switch strings.ToLower(s) {
	case "", "-", "–", "—", "/", "n/a", "na", "n.a.", "k.a.":
		return true
	}
	return false
}

// isLine reports a row that orders something: it has a quantity, or an article code, or a
// description with a price or an amount. A row with only a heading or a remark is not a line.
func (p *parser) isLine(r int) bool {
	if !emptyMark(p.text(r, fQuantity)) {
		return true
	}
	for _, f := range []field{fSupplierSKU, fBuyerSKU, fGTIN} {
		if c, _, ok := p.cell(r, f); ok && c.text != "" && codeLike(c) {
			return true
		}
	}
	if p.text(r, fDescription) != "" && (!emptyMark(p.text(r, fUnitPrice)) || !emptyMark(p.text(r, fLineTotal))) {
		return true
	}
	return false
}

// codeLike reports a cell that may be an article code rather than a sentence.
func codeLike(c cell) bool {
	return c.num || !strings.Contains(c.text, ":") && strings.Count(c.text, " ") <= 2 && len([]rune(c.text)) <= 40
}

// totalRow recognises a total row: a cell whose text starts with a total word (Total, Sous-total,
// Summe, Gesamt, TVA, MwSt...), or holds one on a row with no quantity ("zzgl. 19 % MwSt."), no
// unit price, and no article code other than that label. Its kind comes from the label, else from
// the line-total column's header (Montant HT: net), else it is "plain".
func (p *parser) totalRow(r int) (totalRow, bool) {
	cells := p.g.rows[r]
	codes := 0 // non-empty article code cells: the label may be one of them, but only if it is the only one
	only := -1
	for _, f := range []field{fSupplierSKU, fBuyerSKU, fGTIN} {
		if x, c, ok := p.cell(r, f); ok && x.text != "" {
			codes++
			only = c
		}
	}
	if codes > 1 {
		return totalRow{}, false
	}
	lc := -1
	var words []string
	for c, x := range cells {
		if x.num || x.text == "" || codes == 1 && c != only {
			continue
		}
		label, _, _ := strings.Cut(x.text, ":")
		w := strings.Fields(fold(label))
		if n, ok := startsWithAny(w, totalPhr); ok && len(w) <= n+6 {
			lc, words = c, w
			break
		}
		// "zzgl. 19 % MwSt.": a total word further in, on a row with no quantity.
		if len(w) <= 6 && anyRun(w, totalPhr) && emptyMark(p.text(r, fQuantity)) {
			lc, words = c, w
			break
		}
		if codes == 1 || p.isCodeColumn(c) || c == p.colOf(fQuantity) {
			continue
		}
		break // the label is the first text of the row
	}
	if lc < 0 {
		return totalRow{}, false
	}
	if pc := p.colOf(fUnitPrice); pc >= 0 && pc != lc && !emptyMark(p.g.at(r, pc).text) {
		return totalRow{}, false // a line priced per unit, whatever its name says
	}
	for _, f := range []field{fSupplierSKU, fBuyerSKU, fGTIN} {
		if c, col, ok := p.cell(r, f); ok && col != lc && c.text != "" {
			return totalRow{}, false
		}
	}
	t := totalRow{r: r}
	switch {
	case anyRun(words, subPhr):
		return t, true // a sub-total: not a line, not the order's total
	case anyRun(words, grossPhr):
		t.kind = "gross"
	case anyRun(words, netPhr):
		t.kind = "net"
	case anyRun(words, taxPhr):
		t.kind = "tax_part"
		if _, ok := startsWithAny(words, [][]string{{"total"}, {"summe"}, {"gesamt"}, {"montant"}}); ok {
			t.kind = "tax"
		}
	default:
		h := strings.Fields(fold(p.header(p.colOf(fLineTotal))))
		switch {
		case anyRun(h, grossPhr):
			t.kind = "gross"
		case anyRun(h, netPhr):
			t.kind = "net"
		default:
			t.kind = "plain" // kept only if it equals what the order's stated figures add up to
		}
	}
	// The amount: in the line-total column, else after the label's colon, else the last number of
	// the row right of the label (not the quantity column, which may count the pieces).
	if c, col, ok := p.cell(r, fLineTotal); ok && !emptyMark(c.text) && col != lc {
		t.amount = pair{text: c.text, num: c.num, r: r, c: col}
		return t, true
	}
	if _, v, ok := strings.Cut(cells[lc].text, ":"); ok && clean(v) != "" {
		t.amount = pair{text: clean(v), r: r, c: lc}
		return t, true
	}
	for c := len(cells) - 1; c > lc; c-- {
		if x := cells[c]; x.text != "" && c != p.colOf(fQuantity) {
			if _, ok := splitNumber(x.text); ok || x.num {
				t.amount = pair{text: x.text, num: x.num, r: r, c: c}
				return t, true
			}
		}
	}
	t.kind = ""
	return t, true
}

func (p *parser) colOf(f field) int {
	if c, ok := p.l.col[f]; ok {
		return c
	}
	return -1
}

func (p *parser) isCodeColumn(c int) bool {
	for _, f := range []field{fSupplierSKU, fBuyerSKU, fGTIN, fLineNo} {
		if p.colOf(f) == c {
			return true
		}
	}
	return false
}
