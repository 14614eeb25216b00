package sheet

import (
	"fmt"
	"strings"

	"github.com/o2c-project/o2c"
)

// findHeader picks the header row: the profile's row, or among the first 30 rows the one that
// names the most columns, provided it names a quantity, something that says what is ordered, and
// every column of the profile. Its errors carry RuleNoHeader or RuleColumns, so that the caller
// may try another delimiter or sheet.
func findHeader(g *grid, p *Profile) (*layout, error) {
	if p != nil && p.HeaderRow > 0 {
		r := p.HeaderRow - 1
		if r >= len(g.rows) {
			return nil, o2c.Invalid(o2c.Fault{Rule: RuleOptions, Path: "$.header_row",
				Message: fmt.Sprintf("the profile puts the header on row %d, but %s has %d rows", p.HeaderRow, g.what(), len(g.rows))})
		}
		l := readLayout(g, r, p)
		if !l.usable() {
			return nil, columnsError(g, l)
		}
		return l, nil
	}
	var best, closest *layout
	for r := 0; r < len(g.rows) && r < headerScan; r++ {
		l := readLayout(g, r, p)
		if l.usable() {
			if best == nil || l.score() > best.score() {
				best = l
			}
			continue
		}
		if closest == nil || l.score()+2*len(l.profiled) > closest.score()+2*len(closest.profiled) {
			closest = l
		}
	}
	if best != nil {
		return best, nil
	}
	if closest != nil && (len(closest.col) >= 2 || len(closest.profiled) > 0) {
		return nil, columnsError(g, closest)
	}
	msg := fmt.Sprintf("%s has no header row: none of its first %d rows names a quantity column and a column for the article "+
		"(code, GTIN or description), such as Qté/Menge/Qty and Réf./Artikelnummer/Item No.", g.what(), headerScan)
	if p != nil && len(p.Columns) > 0 {
		msg = fmt.Sprintf("%s has no row that holds the profile's headers (%s) among its first %d rows", g.what(), profileHeaders(p), headerScan)
	}
	return nil, noHeader(msg)
}

// columnsError explains why the row that looks most like a header cannot be one.
func columnsError(g *grid, l *layout) error {
	var why []string
	if _, ok := l.col[fQuantity]; !ok {
		why = append(why, "no quantity column (Qté, Quantité, Menge, Anzahl, Qty, Quantity...)")
	}
	if !l.hasArticle() {
		why = append(why, "no column for the article: code (Réf., Art.-Nr., Item No., SKU...), customer code, GTIN or description")
	}
	if len(l.missing) > 0 {
		why = append(why, "no column for the profile's "+strings.Join(l.missing, ", "))
	}
	for _, a := range l.ambiguous {
		why = append(why, "two columns for "+a+" (a profile can say which one to read)")
	}
	msg := fmt.Sprintf("row %d of %s looks like the header row (it names %s) but has %s", l.row+1, g.what(), l.found(), strings.Join(why, "; "))
	return o2c.Invalid(o2c.Fault{Rule: RuleColumns, Path: g.ref(l.row, 0), Message: msg})
}

func profileHeaders(p *Profile) string {
	var hs []string
	for _, name := range Fields {
		if h, ok := p.Columns[name]; ok {
			hs = append(hs, quote(h))
		}
	}
	return strings.Join(hs, ", ")
}

// what names the grid in messages: "the CSV file" or `sheet "Bestellung"`.
func (g *grid) what() string {
	if g.sheet != "" {
		return "sheet " + quote(g.sheet)
	}
	return "the CSV file"
}
