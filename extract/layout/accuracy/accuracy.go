// Package accuracy scores what the extraction read from a document against the truth written
// for it: field by field, line items as a set, and whether the wrong fields were flagged for a
// person by a low confidence.
package accuracy

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

// Threshold is the confidence under which a field goes to a person (verify's default).
const Threshold = 0.90

// Score is the comparison of one document.
type Score struct {
	Fields  int      // fields the truth states
	Right   int      // of those, read exactly
	Wrong   []string // paths of fields read wrong or missed, "lines[2].quantity"
	Flagged int      // wrong fields whose confidence was under Threshold (or whose line is flagged)
	// Line items: matched truth lines, truth lines, read lines (for precision and recall).
	LinesMatched, LinesTruth, LinesRead int
	Exact                               bool // every field right and no line too many
	Err                                 string
}

// Compare scores got against truth. got may be nil (extraction failed): every field is wrong and
// none is flagged, unless the failure itself sends the document to a person, which it does:
// a document that cannot be read is never silently wrong.
func Compare(truth, got *o2c.OrderDraft) Score {
	var s Score
	conf := func(path string) float64 {
		if got == nil {
			return 0
		}
		// A field without a confidence of its own has its parent's: buyer.name has buyer's,
		// lines[2].quantity has lines[2]'s, then lines'.
		for p := path; p != ""; {
			if c, ok := got.Confidence[p]; ok {
				return c
			}
			switch i := strings.LastIndexAny(p, ".["); {
			case i < 0:
				p = ""
			default:
				p = p[:i]
			}
		}
		return 1
	}
	check := func(path, want, have string) {
		if want == "" {
			return
		}
		s.Fields++
		if want == have {
			s.Right++
			return
		}
		s.Wrong = append(s.Wrong, path)
		if conf(path) < Threshold {
			s.Flagged++
		}
	}
	g := got
	if g == nil {
		g = &o2c.OrderDraft{}
	}
	check("document_type", string(truth.DocumentType), string(g.DocumentType))
	check("po_number", truth.PONumber, g.PONumber)
	check("order_date", date(truth.OrderDate.String(), truth.OrderDate.IsZero()), date(g.OrderDate.String(), g.OrderDate.IsZero()))
	check("requested_delivery_date", date(truth.RequestedDeliveryDate.String(), truth.RequestedDeliveryDate.IsZero()),
		date(g.RequestedDeliveryDate.String(), g.RequestedDeliveryDate.IsZero()))
	check("currency", truth.Currency, g.Currency)
	party := func(path string, want, have *o2c.Party) {
		if want == nil {
			return
		}
		if have == nil {
			have = &o2c.Party{}
		}
		check(path+".name", norm(want.Name), norm(have.Name))
		check(path+".vat_id", want.VATID, have.VATID)
		check(path+".gln", want.GLN, have.GLN)
		check(path+".email", strings.ToLower(want.Email), strings.ToLower(have.Email))
		check(path+".street", norm(want.Street), norm(have.Street))
		check(path+".postal_code", want.PostalCode, have.PostalCode)
		check(path+".city", norm(want.City), norm(have.City))
		check(path+".country", want.Country, have.Country)
	}
	party("buyer", truth.Buyer, g.Buyer)
	party("ship_to", truth.ShipTo, g.ShipTo)
	if truth.Totals != nil {
		have := g.Totals
		if have == nil {
			have = &o2c.Totals{}
		}
		check("totals.net", num(truth.Totals.Net), num(have.Net))
		check("totals.tax", num(truth.Totals.Tax), num(have.Tax))
		check("totals.gross", num(truth.Totals.Gross), num(have.Gross))
	}
	s.LinesTruth, s.LinesRead = len(truth.Lines), len(g.Lines)
	for i, tl := range truth.Lines {
		p := fmt.Sprintf("lines[%d]", i)
		var gl o2c.DraftLine
		if i < len(g.Lines) {
			gl = g.Lines[i]
		}
		before := s.Right
		check(p+".line_no", itoa(tl.LineNo), itoa(gl.LineNo))
		check(p+".supplier_sku", tl.SupplierSKU, gl.SupplierSKU)
		check(p+".buyer_sku", tl.BuyerSKU, gl.BuyerSKU)
		check(p+".gtin", tl.GTIN, gl.GTIN)
		check(p+".description", norm(tl.Description), norm(gl.Description))
		check(p+".quantity", num(tl.Quantity), num(gl.Quantity))
		check(p+".unit", tl.Unit, gl.Unit)
		check(p+".unit_price", num(tl.UnitPrice), num(gl.UnitPrice))
		check(p+".line_total", num(tl.LineTotal), num(gl.LineTotal))
		if i < len(g.Lines) && s.Right-before == fieldsOf(tl) {
			s.LinesMatched++
		}
	}
	if truth.Delivery != nil {
		have := g.Delivery
		if have == nil {
			have = &o2c.Delivery{}
		}
		w := truth.Delivery
		check("delivery.document_number", w.DocumentNumber, have.DocumentNumber)
		check("delivery.shipped_date", date(w.ShippedDate.String(), w.ShippedDate.IsZero()), date(have.ShippedDate.String(), have.ShippedDate.IsZero()))
		check("delivery.delivered_date", date(w.DeliveredDate.String(), w.DeliveredDate.IsZero()), date(have.DeliveredDate.String(), have.DeliveredDate.IsZero()))
		check("delivery.place_of_loading", norm(w.PlaceOfLoading), norm(have.PlaceOfLoading))
		check("delivery.place_of_delivery", norm(w.PlaceOfDelivery), norm(have.PlaceOfDelivery))
		check("delivery.packages", num(w.Packages), num(have.Packages))
		check("delivery.gross_weight_kg", num(w.GrossWeightKg), num(have.GrossWeightKg))
		check("delivery.received_signed", boolText(w.ReceivedSigned), boolText(have.ReceivedSigned))
		check("delivery.reservations", norm(w.Reservations), norm(have.Reservations))
		for _, pp := range []struct {
			path       string
			want, have *o2c.Party
		}{{"delivery.carrier", w.Carrier, have.Carrier}, {"delivery.shipper", w.Shipper, have.Shipper}, {"delivery.consignee", w.Consignee, have.Consignee}} {
			party(pp.path, pp.want, pp.have)
		}
	}
	s.Exact = len(s.Wrong) == 0 && s.LinesRead == s.LinesTruth
	return s
}

// fieldsOf counts the fields a truth line states.
func fieldsOf(l o2c.DraftLine) int {
	n := 0
	for _, v := range []string{itoa(l.LineNo), l.SupplierSKU, l.BuyerSKU, l.GTIN, l.Description, num(l.Quantity), l.Unit, num(l.UnitPrice), num(l.LineTotal)} {
		if v != "" {
			n++
		}
	}
	return n
}

func date(s string, zero bool) string {
	if zero {
		return ""
	}
	return s
}

func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprint(n)
}

// num writes a decimal by value: 5.40 and 5.4 are the same amount.
func num(d *decimal.Decimal) string {
	if d == nil {
		return ""
	}
	return d.Normalize().String()
}

func boolText(b *bool) string {
	if b == nil {
		return ""
	}
	return fmt.Sprint(*b)
}

// norm compares texts as a person would: case, runs of space and line breaks aside.
func norm(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
