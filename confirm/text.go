package confirm

import (
	"strings"
	"unicode/utf8"
)

// textWidth is the width of the plain-text body: what every mail client shows without wrapping.
const textWidth = 76

// Subject returns the e-mail's subject line in the confirmation's language, e.g. "Order
// confirmation OC-000123 for your order PO-4711". It is always one line. It panics when the
// confirmation has no order or an unknown status.
func Subject(c Confirmation) string { return build(c).Subject }

// Text returns the plain-text e-mail body: greeting, our answer, the references of the order, the
// addresses, a fixed-width table of the lines, the net total, what changed, the reason for a
// rejection and how to reach us. It panics when the confirmation has no order or an unknown status.
func Text(c Confirmation) string {
	v := build(c)
	var b strings.Builder
	para := func(s string) {
		for _, line := range wrap(s, textWidth) {
			b.WriteString(line + "\n")
		}
		b.WriteString("\n")
	}

	b.WriteString(v.Greeting + "\n\n")
	para(v.Thanks + " " + v.StatusText)

	heading := v.Title
	if v.Number != "" {
		heading += " " + v.Number
	}
	b.WriteString(heading + "\n" + strings.Repeat("=", utf8.RuneCountInString(heading)) + "\n\n")
	fields := append([]field{{v.IssuedLabel, v.Issued}}, v.Refs...)
	fields = append(fields, field{v.StatusFieldLabel, v.StatusLabel})
	writeFields(&b, fields, v.Colon)
	b.WriteString("\n")

	for _, blk := range []block{v.Customer, v.ShipTo} {
		if len(blk.Lines) == 0 {
			continue
		}
		b.WriteString(blk.Title + strings.TrimRight(v.Colon, " ") + "\n")
		for _, line := range blk.Lines {
			b.WriteString("  " + line + "\n")
		}
		b.WriteString("\n")
	}

	if len(v.Lines) > 0 {
		writeTable(&b, v)
		b.WriteString("\n")
	}
	if len(v.Changes) > 0 {
		b.WriteString(v.ChangesLabel + "\n" + strings.Repeat("-", utf8.RuneCountInString(v.ChangesLabel)) + "\n")
		for _, ch := range v.Changes {
			for i, line := range wrap(ch, textWidth-2) {
				if i == 0 {
					b.WriteString("- " + line + "\n")
				} else {
					b.WriteString("  " + line + "\n")
				}
			}
		}
		b.WriteString("\n")
	}
	if v.Reason != "" {
		para(v.ReasonLabel + strings.TrimRight(v.Colon, " ") + " " + v.Reason)
	}
	para(v.Questions)

	b.WriteString(v.Regards + "\n\n" + v.Seller.Name + "\n")
	for _, line := range v.SellerAddress {
		b.WriteString(line + "\n")
	}
	for _, f := range v.SellerContact {
		b.WriteString(f.Label + strings.TrimRight(v.Colon, " ") + " " + f.Value + "\n")
	}
	return b.String()
}

// writeFields writes label: value pairs with the values aligned.
func writeFields(b *strings.Builder, fields []field, colon string) {
	width := 0
	for _, f := range fields {
		width = max(width, utf8.RuneCountInString(f.Label+colon))
	}
	for _, f := range fields {
		if f.Value == "" {
			continue
		}
		b.WriteString(pad(f.Label+colon, width) + f.Value + "\n")
	}
}

// writeTable writes the lines as a fixed-width table: each column as wide as its widest cell, the
// description taking the rest of the width and wrapping; amounts and quantities right-aligned. A
// column empty in every line (no codes or prices on an order never resolved) is left out. The
// buyer's code follows the description, so nothing is cut; what changed is listed below the
// table, where a sentence has the whole width.
func writeTable(b *strings.Builder, v *view) {
	const gap, desc = "  ", 2
	cells := func(r row) [7]string { return [7]string{r.No, r.Code, r.Description, r.Qty, r.Unit, r.Price, r.Total} }
	right := [7]bool{false, false, false, true, false, true, true}
	var width [7]int
	shown := [7]bool{desc: true}
	for _, r := range v.Lines {
		for i, c := range cells(r) {
			if c != "" {
				shown[i] = true
			}
			if i != desc {
				width[i] = max(width[i], utf8.RuneCountInString(c))
			}
		}
	}
	tableWidth, others := 0, 0
	for i, h := range v.Columns {
		if !shown[i] {
			continue
		}
		width[i] = max(width[i], utf8.RuneCountInString(h))
		if i != desc {
			others += width[i] + len(gap)
		}
	}
	width[desc] = max(textWidth-others, 16, width[desc])
	for i, w := range width {
		if shown[i] {
			tableWidth += w + len(gap)
		}
	}
	tableWidth -= len(gap)

	line := func(c [7]string) {
		var parts []string
		for i, s := range c {
			switch {
			case !shown[i]:
			case right[i]:
				parts = append(parts, padLeft(s, width[i]))
			default:
				parts = append(parts, pad(s, width[i]))
			}
		}
		b.WriteString(strings.TrimRight(strings.Join(parts, gap), " ") + "\n")
	}
	line(v.Columns)
	var rule [7]string
	for i, w := range width {
		rule[i] = strings.Repeat("-", w)
	}
	line(rule)
	for _, r := range v.Lines {
		text := wrap(r.Description, width[desc])
		if r.BuyerCode != "" {
			text = append(text, wrap(r.BuyerCode, width[desc])...)
		}
		first := cells(r)
		if len(text) > 0 {
			first[desc] = text[0]
		}
		line(first)
		for _, t := range text[min(1, len(text)):] {
			line([7]string{desc: t})
		}
	}
	if v.Total != "" {
		total := v.TotalLabel + strings.TrimRight(v.Colon, " ") + " " + v.Total
		b.WriteString(padLeft(total, tableWidth) + "\n")
	}
}

// wrap breaks s into lines of at most width runes at spaces, never at a no-break space; a word
// longer than width is cut.
func wrap(s string, width int) []string {
	var lines []string
	var cur []rune
	for _, word := range words(s) {
		w := []rune(word)
		for len(w) > width {
			if len(cur) > 0 {
				lines = append(lines, string(cur))
				cur = nil
			}
			lines = append(lines, string(w[:width]))
			w = w[width:]
		}
		switch {
		case len(cur) == 0:
			cur = w
		case len(cur)+1+len(w) <= width:
			cur = append(append(cur, ' '), w...)
		default:
			lines = append(lines, string(cur))
			cur = w
		}
	}
	if len(cur) > 0 {
		lines = append(lines, string(cur))
	}
	return lines
}

func pad(s string, width int) string {
	return s + strings.Repeat(" ", max(0, width-utf8.RuneCountInString(s)))
}

func padLeft(s string, width int) string {
	return strings.Repeat(" ", max(0, width-utf8.RuneCountInString(s))) + s
}
