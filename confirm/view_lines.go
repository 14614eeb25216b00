package confirm

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

// lines writes the rows of the order table, and what changed per line: all the changes, and
// those of lines the table does not show (a rejected line dropped from the order).
func lines(l *locale, c Confirmation, currency string) (rows []row, changes, offTable []string) {
	answers := make(map[int]LineAnswer, len(c.Lines))
	for _, a := range c.Lines {
		answers[a.LineNo] = a
	}
	shown := make(map[int]sourceLine)
	for _, src := range sourceLines(c.Order) {
		r := row{
			No:          strconv.Itoa(src.no),
			Code:        clean(src.code),
			Description: clean(src.description),
			Unit:        clean(l.unit(src.unit)),
			Status:      lineStatus(c.Status, answers, src.no),
		}
		if b := clean(src.buyerCode); b != "" && b != r.Code {
			r.BuyerCode = fill(l.yourCode, "code", b)
		}
		if src.qty != nil {
			r.Qty = l.quantity(*src.qty)
		}
		if src.price != nil {
			r.Price = l.price(*src.price, currency)
		}
		if src.total != nil {
			r.Total = l.fixed(*src.total, currencyScale(currency))
		}
		if a, ok := answers[src.no]; ok {
			r.Note = capitalize(lineChange(l, a, &src, currency))
		}
		shown[src.no] = src
		rows = append(rows, r)
	}

	sorted := slices.Clone(c.Lines)
	slices.SortStableFunc(sorted, func(a, b LineAnswer) int { return cmp.Compare(a.LineNo, b.LineNo) })
	for _, a := range sorted {
		src, inTable := shown[a.LineNo]
		var change string
		if inTable {
			change = lineChange(l, a, &src, currency)
		} else {
			change = lineChange(l, a, nil, currency)
		}
		if change == "" {
			continue
		}
		ref := fill(l.lineRef, "no", strconv.Itoa(a.LineNo))
		if code := clean(src.code); code != "" {
			ref += " (" + code + ")"
		}
		sentence := ref + strings.TrimRight(l.colon, " ") + " " + change
		changes = append(changes, sentence)
		if !inTable {
			offTable = append(offTable, sentence)
		}
	}
	return rows, changes, offTable
}

// lineChange says what changed in one line, as a sentence without its line reference: "quantity 3
// instead of 10, delivery on 3 December 2026. Only 3 in stock." The new quantity and price are
// those of the order's line src (nil when the order has no such line); the answer keeps the ones
// ordered. It is "" for an accepted line with no note.
func lineChange(l *locale, a LineAnswer, src *sourceLine, currency string) string {
	var parts []string
	switch a.Status {
	case Rejected:
		parts = append(parts, l.notDelivered)
	case Changed:
		if a.Ordered != nil && src != nil && src.qty != nil {
			parts = append(parts, fill(l.qtyChange, "new", l.quantity(*src.qty), "old", l.quantity(*a.Ordered)))
		}
		if a.OrderedPrice != nil && src != nil && src.price != nil {
			parts = append(parts, fill(l.priceChange,
				"new", l.price(*src.price, currency)+nbspCode(currency),
				"old", l.price(*a.OrderedPrice, currency)+nbspCode(currency)))
		}
		if !a.DeliveryDate.IsZero() {
			parts = append(parts, fill(l.dateChange, "date", l.date(a.DeliveryDate)))
		}
		if len(parts) == 0 {
			parts = append(parts, l.changedLine)
		}
	}
	s := strings.Join(parts, ", ")
	note := clean(a.Note)
	switch {
	case s == "":
		return note
	case note == "":
		return s + "."
	}
	return s + ". " + note
}

// nbspCode is a currency code to write after an amount, or "".
func nbspCode(currency string) string {
	if currency == "" {
		return ""
	}
	return "\u00a0" + currency
}

// sourceLine is an order line as the table needs it, from the resolved order or from its draft.
type sourceLine struct {
	no                                 int
	code, buyerCode, description, unit string
	qty, price, total                  *decimal.Decimal
}

// sourceLines returns the order's resolved lines, or, for an order never resolved (a rejected
// order of an unknown customer), the lines of its draft as the customer wrote them.
func sourceLines(o *o2c.Order) []sourceLine {
	var out []sourceLine
	if len(o.Lines) > 0 {
		for _, ol := range o.Lines {
			out = append(out, sourceLine{no: ol.LineNo, code: ol.SKU, buyerCode: ol.BuyerSKU, description: ol.Description,
				unit: ol.Unit, qty: ptr(ol.Quantity), price: ptr(ol.UnitPrice), total: ptr(ol.LineTotal)})
		}
		return out
	}
	if o.Draft == nil {
		return nil
	}
	for i, dl := range o.Draft.Lines {
		no := dl.LineNo
		if no == 0 {
			no = i + 1
		}
		out = append(out, sourceLine{no: no, code: dl.SupplierSKU, buyerCode: dl.BuyerSKU, description: dl.Description,
			unit: dl.Unit, qty: dl.Quantity, price: dl.UnitPrice, total: dl.LineTotal})
	}
	return out
}

func ptr(d decimal.Decimal) *decimal.Decimal { return &d }

// lineStatus is the answer to one line: its own, or else the order's (accepted when the order is
// changed, since a changed order names the lines it changes).
func lineStatus(order Status, answers map[int]LineAnswer, no int) Status {
	if a, ok := answers[no]; ok {
		return a.Status
	}
	if order == Rejected {
		return Rejected
	}
	return Accepted
}
