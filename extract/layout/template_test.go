package layout_test

import (
	"context"
	"testing"

	"github.com/o2c-project/o2c/extract/layout"
	"github.com/o2c-project/o2c/extract/layout/reader"
)

// unusualOrder is a layout whose order number stands by a label no dictionary holds ("Vorgang",
// German for "transaction"), to the right of it.
func unusualOrder(po string, sku string) []cell {
	c := []cell{
		{x: 20, y: 20, text: "Kantine Nord GmbH", size: 14},
		{x: 120, y: 20, text: "Bestellung", size: 16},
		{x: 120, y: 30, text: "Vorgang"}, {x: 150, y: 30, text: po},
		{x: 120, y: 35, text: "Datum:"}, {x: 150, y: 35, text: "02.11.2026"},
		{x: 20, y: 60, text: "Pos."}, {x: 32, y: 60, text: "Art.-Nr."}, {x: 60, y: 60, text: "Bezeichnung"},
		{x: 130, y: 60, text: "Menge", right: true},
		{x: 20, y: 68, text: "1"}, {x: 32, y: 68, text: sku}, {x: 60, y: 68, text: "Mineralwasser"},
		{x: 130, y: 68, text: "12", right: true},
	}
	return c
}

// TestLearnFromOneCorrection: the generic engine misses the order number of this layout; a
// person corrects it once; the template learned from that correction reads the next document of
// the layout right, though its number differs.
func TestLearnFromOneCorrection(t *testing.T) {
	t.Parallel()
	read := func(b []byte) *layout.Document {
		doc, err := (&reader.Reader{}).Read(context.Background(), "order.pdf", b)
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	first := read(pdfOf(t, unusualOrder("V-4711", "BEV-1054")))
	d, err := layout.Read(first, layout.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.PONumber == "V-4711" {
		t.Fatal("the generic engine already reads this layout: the test proves nothing")
	}
	// The person's correction.
	a, ok := layout.Learn(first, "po_number", "V-4711")
	if !ok {
		t.Fatal("the corrected value was not found on the document")
	}
	tpl := layout.Template{Signature: layout.Signature(first), Fields: map[string]layout.Anchor{"po_number": a}}

	next := read(pdfOf(t, unusualOrder("V-5820", "BEV-1046")))
	if s := layout.Similarity(tpl.Signature, layout.Signature(next)); s < layout.SameLayout {
		t.Fatalf("the next document of the layout is only %.2f similar", s)
	}
	d2, err := layout.Read(next, layout.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if applied := tpl.Apply(next, d2); len(applied) != 1 || d2.PONumber != "V-5820" {
		t.Fatalf("applied %v: PO %q, want V-5820", applied, d2.PONumber)
	}
	if c := d2.Confidence["po_number"]; c < 0.9 {
		t.Errorf("the learned field has confidence %.2f", c)
	}
	// Another layout is not taken for this one.
	other := read(pdfOf(t, germanOrder()))
	if s := layout.Similarity(tpl.Signature, layout.Signature(other)); s >= layout.SameLayout {
		t.Errorf("another layout is %.2f similar", s)
	}
}
