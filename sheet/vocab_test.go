package sheet

import (
	"testing"

	"github.com/o2c-project/o2c/cal"
)

func TestVocabulary(t *testing.T) {
	t.Parallel()
	for text, want := range map[string]string{"Bestell-Nr.:": "po_number", "N° de commande": "po_number", "PO #": "po_number",
		"Qté": "quantity", "Menge": "quantity", "Désignation": "description", "Liefertermin": "requested_delivery_date",
		"USt-IdNr.": "buyer_vat_id", "Ihre Art.-Nr.": "supplier_sku", "Unsere Art.-Nr.": "buyer_sku"} {
		if h, ok := MatchHeader(text); !ok || h.Field != want {
			t.Errorf("MatchHeader(%q) = %+v, %v; want %s", text, h, ok, want)
		}
	}
	for _, c := range []struct {
		text         string
		comma, known bool
		value        string
	}{{"1.234,56", true, true, "1234.56"}, {"1,234.56", false, true, "1234.56"}, {"1 234,5 €", true, true, "1234.5"}, {"12", false, false, "12"}} {
		n, ok := ReadNumber(c.text)
		comma, known := n.Separator()
		if !ok || comma != c.comma || known != c.known || n.Value(false).String() != c.value {
			t.Errorf("ReadNumber(%q): comma %v known %v value %s", c.text, comma, known, n.Value(false))
		}
	}
	if n, _ := ReadNumber("1.234"); !n.Ambiguous() || n.Value(true).String() != "1234" || n.Value(false).String() != "1.234" {
		t.Errorf("1.234 is ambiguous: %v %s %s", n.Ambiguous(), n.Value(true), n.Value(false))
	}
	d, ok := ReadDate("02/11/2026")
	if _, known := d.Order(); !ok || known {
		t.Fatalf("02/11/2026 tells its order: %v", ok)
	}
	if v, _ := d.Value(true); v != cal.MustParse("2026-11-02") {
		t.Errorf("day first: %s", v)
	}
	if v, _ := d.Value(false); v != cal.MustParse("2026-02-11") {
		t.Errorf("month first: %s", v)
	}
	if d, _ := ReadDate("2. November 2026"); func() bool { v, _ := d.Value(false); return v != cal.MustParse("2026-11-02") }() {
		t.Error("2. November 2026")
	}
	for label, want := range map[string]string{"Total HT": "net", "Übertrag": "subtotal", "Carried forward": "subtotal",
		"Gesamtbetrag inkl. MwSt.": "gross", "Total": "plain", "Bezeichnung": ""} {
		if got := TotalKind(label); got != want {
			t.Errorf("TotalKind(%q) = %q, want %q", label, got, want)
		}
	}
	if c, ok := UnitCode("Stk."); !ok || c != "C62" {
		t.Errorf("UnitCode(Stk.) = %s %v", c, ok)
	}
}
