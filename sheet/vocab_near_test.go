package sheet

import "testing"

// TestMatchHeaderNear reads headers OCR misread by one letter, and refuses what is near two fields.
func TestMatchHeaderNear(t *testing.T) {
	for _, tc := range []struct {
		text, field string
		ok          bool
	}{
		{"até", "quantity", true},   // Qté, not Date (one letter added)
		{"Menqe", "quantity", true}, // Menge
		{"Descrlption", "description", true},
		{"uv", "", false},      // too short to guess
		{"Zebra", "", false},   // near nothing
		{"Quantité", "", true}, // exact words are MatchHeader's; near reads them too
	} {
		h, ok := MatchHeaderNear(tc.text)
		if ok != tc.ok || tc.field != "" && h.Field != tc.field || ok && h.Exact {
			t.Errorf("%q: %+v %v, want %q %v (never exact)", tc.text, h, ok, tc.field, tc.ok)
		}
	}
}
