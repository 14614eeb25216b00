package layout

import (
	"regexp"
	"strings"

	"github.com/o2c-project/o2c/sheet"
)

// found is a value read for a field of the order, with where it stood and how sure we are.
type found struct {
	Label string // the label it stood by
	Text  string
	Box   Box
	Page  int
	Conf  float64 // the reader's confidence in the words, times how the value was found
}

// labelled finds the order's fields written as "label: value" or as a label with its value to its
// right or below it, in rows outside the line-item tables. The first value of a field wins:
// rows are read top to bottom from the first page.
func labelled(rows []row, skip map[int]bool, title string) map[string][]found {
	out := map[string][]found{}
	for i, r := range rows {
		if skip[i] {
			continue
		}
		for k, c := range r.Cells {
			if c.Text == title {
				continue // "Bon de commande" is the document's name, not a label of its number
			}
			label, value, _ := cutLabel(c.Text)
			if part, ok := addressLabels[sheet.Fold(label)]; ok {
				// A form's address lines, each under its own label.
				if value == "" {
					if v, ok := below(rows, i, c.Box, skip); ok {
						value = strings.Split(v.Text, "\n")[0]
					}
				}
				if value != "" {
					out[part] = append(out[part], found{Text: value, Box: c.Box, Page: r.Page, Conf: c.Conf * 0.95})
				}
				continue
			}
			h, ok := matchHeader(label)
			if !ok || !h.Order || h.Field == "" {
				continue
			}
			sure := 0.99
			if !h.Exact {
				sure = 0.93 // the label holds the phrase among other words
			}
			if !h.Exact && labelWords(label) > 4 {
				continue // a sentence that happens to hold a field's name
			}
			if _, other := deliveryLabels[sheet.Fold(label)]; other && !h.Exact {
				continue // "Date d'expédition" holds "Date" but names the day the goods left
			}
			// The value: after the colon, else to the right if it reads as the field, else
			// below (a grid of labels over their values, or an address block).
			if value != "" {
				out[h.Field] = append(out[h.Field], found{Label: label, Text: value, Box: c.Box, Page: r.Page, Conf: c.Conf * sure})
				continue
			}
			if k+1 < len(r.Cells) {
				n := r.Cells[k+1]
				// OCR boxes hug the ink, so the row is lower than the type and the gap looks wider.
				if l, _, _ := cutLabel(n.Text); !isLabel(l) && n.Box.X0-c.Box.X1 < 16*r.height() && readsAs(h.Field, n.Text) {
					out[h.Field] = append(out[h.Field], found{Label: label, Text: n.Text, Box: n.Box, Page: r.Page, Conf: n.Conf * sure})
					continue
				}
			}
			if v, ok := below(rows, i, c.Box, skip); ok {
				v.Conf *= sure * 0.99
				v.Label = label
				switch {
				case readsAs(h.Field, v.Text):
					out[h.Field] = append(out[h.Field], v)
				case h.Field == "requested_delivery_date" && strings.Count(v.Text, "\n") >= 2:
					// "Livraison :" over an address block: where to deliver, not when.
					out["ship_to"] = append(out["ship_to"], v)
				}
			}
		}
	}
	return out
}

// readsAs reports whether a text can be a field's value: a date for a date, a word with a digit
// for an order number, a code for a currency. Other fields take any text.
func readsAs(field, text string) bool {
	switch field {
	case "order_date", "requested_delivery_date":
		_, ok := readDateIn(text)
		return ok
	case "po_number":
		// One short line: a sentence or an address holds numbers that are no order number.
		first := strings.Split(text, "\n")[0]
		return poNumber(text) != "" && len(strings.Fields(first)) <= 3
	case "currency":
		return currencyWritten([]row{{Cells: []cell{{Text: text}}}}) != "" || strings.TrimSpace(text) != "" && len(strings.TrimSpace(text)) == 3
	case "buyer_vat_id":
		return vatPattern.MatchString(strings.ToUpper(text))
	case "buyer_email":
		return emailPattern.MatchString(text)
	case "buyer_gln":
		return glnPattern.MatchString(text)
	}
	return strings.TrimSpace(text) != ""
}

// labelWords counts a label's words, of its longest language when it is written in two.
func labelWords(label string) int {
	n := 0
	for _, part := range strings.Split(label, " / ") {
		n = max(n, len(strings.Fields(part)))
	}
	return n
}

// addressLabels name the address lines of a form, each under its own label.
var addressLabels = func() map[string]string {
	m := map[string]string{}
	for _, l := range []string{"Adresse", "Address", "Anschrift", "Straße, Nr.", "Straße", "Strasse", "Street", "Rue", "Dirección"} {
		m[sheet.Fold(l)] = "buyer_street"
	}
	for _, l := range []string{"CP / Ville", "Code postal / Ville", "PLZ / Ort", "PLZ, Ort", "Postcode / Town", "Postcode / City",
		"ZIP / City", "Postal code / City", "CP / Población"} {
		m[sheet.Fold(l)] = "buyer_postal_city"
	}
	return m
}()

// personLabels name the person who placed an order, never the company: "Acheteur : N. Girard".
var personLabels = map[string]bool{"acheteur": true, "buyer": true, "besteller": true, "purchaser": true, "kaufer": true,
	"donneur d ordre": true, "contact": true, "comprador": true, "einkaufer": true}

// cutLabel splits "Bestell-Nr.: 4711" into its label and value. A colon inside a time or a URL
// splits nothing.
func cutLabel(s string) (label, value string, colon bool) {
	i := strings.IndexByte(s, ':')
	for i >= 0 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' && i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		j := strings.IndexByte(s[i+1:], ':')
		if j < 0 {
			return s, "", false
		}
		i += 1 + j
	}
	if i < 0 {
		return strings.TrimSpace(s), "", false
	}
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:]), true
}

// isLabel reports whether a text is a label: it names an order or line field, or is a known
// label of a field o2c does not read (Téléphone, Kostenstelle).
func isLabel(s string) bool {
	h, ok := matchHeader(s)
	return ok && h.Exact
}

// postcodeAlone is a cell of a postcode whose town the row sets a little apart.
var postcodeAlone = regexp.MustCompile(`^(?:[A-Z]{1,2}-)?\d{4,5}$`)

// below returns the text under a label: the cells of the next rows that overlap it horizontally,
// while they follow one another closely (an address block), up to a label.
func below(rows []row, i int, label Box, skip map[int]bool) (found, bool) {
	var f found
	f.Conf = 1
	var lines []string
	last := rows[i].Box
	for k := i + 1; k < len(rows) && len(lines) < 6; k++ {
		r := rows[k]
		// The first value may stand a little further under its caption than the lines of a block
		// stand under one another.
		gap := 1.2*r.height() + 2
		if len(lines) == 0 {
			gap = 2*r.height() + 3
		}
		if skip[k] || r.Page != rows[i].Page || r.Box.Y0-last.Y1 > gap {
			break
		}
		var hit *cell
		at := -1
		for c := range r.Cells {
			cb := r.Cells[c].Box
			if overlapX(cb, label) > 0.3 || cb.X0 >= label.X0-2 && cb.X0 <= label.X0+2*r.height() {
				hit, at = &r.Cells[c], c
				break
			}
		}
		if hit == nil {
			continue // a row of another column between two lines of the block
		}
		if l, _, _ := cutLabel(hit.Text); isLabel(l) {
			break
		}
		text := hit.Text
		if postcodeAlone.MatchString(text) && at+1 < len(r.Cells) && r.Cells[at+1].Box.X0-hit.Box.X1 < 4*r.height() {
			text += " " + r.Cells[at+1].Text // "94310 | Orly", set apart: one address line
		}
		lines = append(lines, text)
		f.Box = f.Box.Union(hit.Box)
		f.Conf = min(f.Conf, hit.Conf)
		f.Page = r.Page
		last = r.Box
	}
	if len(lines) == 0 {
		return found{}, false
	}
	f.Text = strings.Join(lines, "\n")
	return f, true
}

var (
	vatPattern   = regexp.MustCompile(`\b(?:AT ?U\d{8}|BE ?[01]\d{9}|DE ?\d{9}|FR ?[0-9A-HJ-NP-Z]{2} ?\d{3} ?\d{3} ?\d{3}|IT ?\d{11}|ES ?[0-9A-Z]\d{7}[0-9A-Z]|NL ?\d{9}B\d{2}|LU ?\d{8}|CH[E-]?[- ]?\d{3}\.?\d{3}\.?\d{3}(?: ?(?:MWST|TVA|IVA))?|GB ?\d{9}(?:\d{3})?|(?:BG|CY|CZ|DK|EE|EL|FI|HR|HU|IE|LT|LV|MT|PL|PT|RO|SE|SI|SK|XI) ?[0-9A-Z]{8,12})\b`)
	emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+-]+ ?@ ?[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)
	glnPattern   = regexp.MustCompile(`\b\d{13}\b`)
)
