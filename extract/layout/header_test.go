package layout

import "testing"

// TestMatchHeaderBilingual reads headers in two languages, also when OCR glued the slash to a word.
func TestMatchHeaderBilingual(t *testing.T) {
	for _, tc := range []struct{ text, field string }{
		{"Qté / Qty", "quantity"},
		{"P.U. / Price", "unit_price"},
		{"P.U./ Price", "unit_price"},
		{"Montant /Amount", "line_total"},
	} {
		h, ok := matchHeader(tc.text)
		if !ok || h.Field != tc.field || !h.Exact {
			t.Errorf("%q: %+v %v, want %s exactly", tc.text, h, ok, tc.field)
		}
	}
}
