package layout_test

import (
	"context"
	"os/exec"
	"testing"

	"github.com/o2c-project/o2c/extract/layout"
	"github.com/o2c-project/o2c/extract/layout/reader"
)

// Locate puts each value the engine read back on its words: the boxes are where the PDF wrote
// them (pdfOf places text in millimetres; boxes are in points, 1 mm = 72/25.4 pt).
func TestLocateGermanOrder(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is missing: apt-get install poppler-utils")
	}
	doc, err := (&reader.Reader{}).Read(context.Background(), "order.pdf", pdfOf(t, germanOrder()))
	if err != nil {
		t.Fatal(err)
	}
	d, err := layout.Read(doc, layout.Options{})
	if err != nil {
		t.Fatal(err)
	}
	boxes := map[string]layout.FieldBox{}
	for _, b := range layout.Locate(doc, d) {
		boxes[b.Field] = b
	}
	const mm = 72 / 25.4
	// x in mm of the left edge (or right edge, for right-aligned numbers), baseline y in mm.
	want := map[string]struct {
		x, y  float64
		right bool
	}{
		"po_number":               {150, 30, false},
		"order_date":              {150, 35, false},
		"requested_delivery_date": {150, 40, false},
		"lines[0].supplier_sku":   {32, 68, false},
		"lines[0].quantity":       {130, 68, true},
		"lines[0].unit_price":     {170, 68, true},
		"lines[0].line_total":     {195, 68, true},
		"lines[1].quantity":       {130, 78, true}, // 1.200 is 1200 read with a decimal comma
		"lines[1].line_total":     {195, 78, true},
		"lines[2].description":    {60, 88, false},
		"lines[2].unit_price":     {170, 88, true},
		"totals.net":              {195, 102, true},
		"totals.gross":            {195, 112, true},
	}
	for field, w := range want {
		b, ok := boxes[field]
		if !ok {
			t.Errorf("%s: no box (got %v)", field, boxes)
			continue
		}
		x := b.Box.X0
		if w.right {
			x = b.Box.X1
		}
		if b.Page != 1 || abs(x-w.x*mm) > 2 || b.Box.Y0 > w.y*mm || b.Box.Y1 < w.y*mm-2 {
			t.Errorf("%s: box %+v on page %d, want near x %.0f y %.0f pt", field, b.Box, b.Page, w.x*mm, w.y*mm)
		}
	}
	// A value the document does not hold gets no box.
	d.PONumber = "NOT-ON-PAGE"
	for _, b := range layout.Locate(doc, d) {
		if b.Field == "po_number" {
			t.Errorf("po_number boxed at %+v, though the page does not hold it", b)
		}
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
