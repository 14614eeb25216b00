package layout

import (
	"math"
	"slices"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/sheet"
)

// Template is what o2c learned of one sender's layout from a person's corrections: for each
// corrected field, the text next to which its value stands (an anchor) and where, so that the
// next document of that layout is read right. It keeps positions and anchors, never the values.
type Template struct {
	// Signature is the layout's fixed words (labels, titles), folded and sorted, which tell it
	// from the sender's other layouts.
	Signature []string          `json:"signature"`
	Fields    map[string]Anchor `json:"fields"`
}

// Anchor places a field's value relative to a fixed text of the layout.
type Anchor struct {
	Label string `json:"label"` // the anchor cell's text, folded
	// SameCell: the value follows the label in its own cell ("Unser Zeichen: 4711"); else it
	// stands at DX, DY (points) from the anchor's top left corner, W wide.
	SameCell bool    `json:"same_cell,omitempty"`
	DX       float64 `json:"dx,omitempty"`
	DY       float64 `json:"dy,omitempty"`
	W        float64 `json:"w,omitempty"`
	Page     int     `json:"page"`
	DayFirst bool    `json:"day_first,omitempty"` // for a date: the order its day and month were written in
}

// LearnedFields are the fields a template can learn: the header of an order.
var LearnedFields = []string{"po_number", "order_date", "requested_delivery_date", "currency", "buyer.vat_id"}

// Signature returns the fixed words of a document's first page: the text of cells with no digit,
// which a layout prints on every document whatever the order says.
func Signature(doc *Document) []string {
	if doc == nil || len(doc.Pages) == 0 {
		return nil
	}
	seen := map[string]bool{}
	for _, r := range pageRows(&doc.Pages[0]) {
		for _, c := range r.Cells {
			label, _, _ := cutLabel(c.Text)
			f := sheet.Fold(label)
			if f == "" || len(f) > 40 || strings.ContainsAny(f, "0123456789") {
				continue
			}
			seen[f] = true
		}
	}
	out := make([]string, 0, len(seen))
	for w := range seen {
		out = append(out, w)
	}
	slices.Sort(out)
	return out
}

// Similarity is the share of fixed words two signatures have in common (Jaccard), in [0,1].
func Similarity(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	set := map[string]bool{}
	for _, w := range a {
		set[w] = true
	}
	both := 0
	for _, w := range b {
		if set[w] {
			both++
		}
	}
	return float64(both) / float64(len(a)+len(b)-both)
}

// SameLayout is the similarity from which two documents are taken for one layout.
const SameLayout = 0.6

// Learn finds where a corrected value stands on the document and the anchor it stands by. ok is
// false when the value is nowhere on the document (the person typed what the document does not
// say: nothing to learn).
func Learn(doc *Document, field, value string) (Anchor, bool) {
	if doc == nil || value == "" {
		return Anchor{}, false
	}
	for pi := range doc.Pages {
		rows := pageRows(&doc.Pages[pi])
		for ri, r := range rows {
			for ci, c := range r.Cells {
				at, rest, ok := holds(c.Text, field, value)
				if !ok {
					continue
				}
				a := Anchor{Page: pi + 1, DayFirst: at}
				if label := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), ":")); label != "" && !strings.ContainsAny(label, "0123456789") {
					a.Label, a.SameCell = sheet.Fold(label), true
					return a, true
				}
				// The anchor is the nearest fixed text to the left in the row, else above.
				var anchor *cell
				for k := ci - 1; k >= 0 && anchor == nil; k-- {
					if fixed(r.Cells[k].Text) {
						anchor = &r.Cells[k]
					}
				}
				for k := ri - 1; k >= 0 && anchor == nil && ri-k <= 3; k-- {
					for m := range rows[k].Cells {
						if ac := &rows[k].Cells[m]; fixed(ac.Text) && overlapX(ac.Box, c.Box) > 0 {
							anchor = ac
							break
						}
					}
				}
				if anchor == nil {
					continue
				}
				a.Label = sheet.Fold(strings.TrimSuffix(strings.TrimSpace(anchor.Text), ":"))
				a.DX, a.DY, a.W = c.Box.X0-anchor.Box.X0, c.Box.Y0-anchor.Box.Y0, c.Box.Width()
				return a, true
			}
		}
	}
	return Anchor{}, false
}

// fixed reports whether a cell's text can anchor: words without digits.
func fixed(s string) bool {
	f := sheet.Fold(s)
	return f != "" && !strings.ContainsAny(f, "0123456789")
}

// holds reports whether a cell's text holds a field's value, and returns what precedes it (a
// label in the same cell). For a date it also returns whether the cell writes the day first.
func holds(text, field, value string) (dayFirst bool, before string, ok bool) {
	switch field {
	case "order_date", "requested_delivery_date":
		want, err := cal.Parse(value)
		if err != nil {
			return false, "", false
		}
		label, rest, colon := cutLabel(text)
		candidates := []struct{ before, text string }{{"", text}}
		if colon {
			candidates = append(candidates, struct{ before, text string }{label, rest})
		}
		for _, c := range candidates {
			d, ok := readDateIn(c.text)
			if !ok {
				continue
			}
			for _, df := range []bool{true, false} {
				if v, ok := d.Value(df); ok && v == want {
					return df, c.before, true
				}
			}
		}
		return false, "", false
	}
	norm := func(s string) string { return strings.ToUpper(strings.Join(strings.Fields(s), "")) }
	i := strings.Index(norm(text), norm(value))
	if i < 0 {
		return false, "", false
	}
	// What precedes the value, in the original text: the words before its first character.
	label, rest, colon := cutLabel(text)
	if colon && strings.Contains(norm(rest), norm(value)) {
		return false, label, true
	}
	return false, "", true
}

// Apply reads the fields a template knows from a document of its layout into the draft, with a
// high confidence: a person showed where they stand. A field whose anchor is not found, or whose
// place holds nothing readable, is left as the engine read it.
func (t *Template) Apply(doc *Document, d *o2c.OrderDraft) []string {
	var applied []string
	for _, field := range LearnedFields {
		a, ok := t.Fields[field]
		if !ok || a.Page < 1 || a.Page > len(doc.Pages) {
			continue
		}
		text, conf, ok := a.read(&doc.Pages[a.Page-1])
		if !ok || !setField(d, field, text, a.DayFirst) {
			continue
		}
		if d.Confidence == nil {
			d.Confidence = map[string]float64{}
		}
		d.Confidence[field] = round2(min(0.97, conf))
		applied = append(applied, field)
	}
	return applied
}

// read finds the anchor on a page and returns the text at the value's place.
func (a Anchor) read(p *Page) (string, float64, bool) {
	rows := pageRows(p)
	for _, r := range rows {
		for _, c := range r.Cells {
			label, rest, colon := cutLabel(c.Text)
			if a.SameCell {
				if colon && sheet.Fold(label) == a.Label && strings.TrimSpace(rest) != "" {
					return strings.TrimSpace(rest), c.Conf, true
				}
				continue
			}
			if sheet.Fold(strings.TrimSuffix(strings.TrimSpace(c.Text), ":")) != a.Label {
				continue
			}
			want := Box{X0: c.Box.X0 + a.DX, Y0: c.Box.Y0 + a.DY}
			want.X1, want.Y1 = want.X0+math.Max(a.W, 10), want.Y0+c.Box.Height()
			var words []string
			conf := 1.0
			for _, w := range p.Words() {
				cy := (w.Box.Y0 + w.Box.Y1) / 2
				if cy < want.Y0-2 || cy > want.Y1+2 || w.Box.X0 < want.X0-4 || w.Box.X0 > want.X1+4 {
					continue
				}
				words = append(words, w.Text)
				conf = min(conf, w.Conf)
			}
			if len(words) > 0 {
				return strings.Join(words, " "), conf, true
			}
		}
	}
	return "", 0, false
}

// setField writes a value read at a learned place into the draft; false when it does not read as
// the field.
func setField(d *o2c.OrderDraft, field, text string, dayFirst bool) bool {
	switch field {
	case "po_number":
		po := poNumber(text)
		if po == "" {
			po = strings.TrimSpace(text)
		}
		d.PONumber = po
		return po != ""
	case "order_date", "requested_delivery_date":
		dt, ok := readDateIn(text)
		if !ok {
			return false
		}
		v, ok := dt.Value(dayFirst)
		if !ok {
			return false
		}
		if field == "order_date" {
			d.OrderDate = v
		} else {
			d.RequestedDeliveryDate = v
		}
		return true
	case "currency":
		for _, w := range strings.Fields(strings.ToUpper(text)) {
			if len(w) == 3 {
				d.Currency = w
				return true
			}
		}
	case "buyer.vat_id":
		if vat := vatPattern.FindString(strings.ToUpper(text)); vat != "" {
			if d.Buyer == nil {
				d.Buyer = &o2c.Party{}
			}
			d.Buyer.VATID = strings.ReplaceAll(vat, " ", "")
			return true
		}
	}
	return false
}

// FieldValue returns a learnable field's value in a draft, as Learn takes it.
func FieldValue(d *o2c.OrderDraft, field string) string {
	switch field {
	case "po_number":
		return d.PONumber
	case "order_date":
		if !d.OrderDate.IsZero() {
			return d.OrderDate.String()
		}
	case "requested_delivery_date":
		if !d.RequestedDeliveryDate.IsZero() {
			return d.RequestedDeliveryDate.String()
		}
	case "currency":
		return d.Currency
	case "buyer.vat_id":
		if d.Buyer != nil {
			return d.Buyer.VATID
		}
	}
	return ""
}
