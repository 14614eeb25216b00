package layout_test

import (
	"testing"

	"github.com/o2c-project/o2c/extract/layout"
)

func TestReadText(t *testing.T) {
	t.Parallel()
	mail := `Bonjour,

Notre référence de commande : BC-2026-15064
Merci de nous livrer le 06/09/2026 :

- 15 x Iced tea peach 33 cl can (réf. BEV-1061)
- réf. DRY-2057 : 25
KIT-6039 - Espresso machine 2 groups - qté 2
- 6 boîtes Fruit infusion red berries
- Green tea Sencha : 4
- 10x KIT-6008 Paring knife 10 cm

Cordialement,
Sophie Laurent
Cantines Scolaires Occitanie SAS
40 Allées Jean Jaurès
31000 Toulouse
Tél. : +33 4 08 63 43 24
`
	d, err := layout.ReadText(mail)
	if err != nil {
		t.Fatal(err)
	}
	if d.PONumber != "BC-2026-15064" || d.RequestedDeliveryDate.String() != "2026-09-06" {
		t.Errorf("PO %q, delivery %s", d.PONumber, d.RequestedDeliveryDate)
	}
	if d.Buyer == nil || d.Buyer.Name != "Cantines Scolaires Occitanie SAS" || d.Buyer.PostalCode != "31000" || d.Buyer.City != "Toulouse" {
		t.Errorf("buyer %+v", d.Buyer)
	}
	want := []struct{ sku, desc, qty, unit string }{
		{"BEV-1061", "Iced tea peach 33 cl can", "15", ""}, {"DRY-2057", "", "25", ""},
		{"KIT-6039", "Espresso machine 2 groups", "2", ""}, {"", "Fruit infusion red berries", "6", "BX"},
		{"", "Green tea Sencha", "4", ""}, {"KIT-6008", "Paring knife 10 cm", "10", ""},
	}
	if len(d.Lines) != len(want) {
		t.Fatalf("%d lines, want %d: %+v", len(d.Lines), len(want), d.Lines)
	}
	for i, w := range want {
		l := d.Lines[i]
		if l.SupplierSKU != w.sku || l.Description != w.desc || l.Quantity.String() != w.qty || l.Unit != w.unit {
			t.Errorf("line %d: %q %q %s %q, want %+v", i+1, l.SupplierSKU, l.Description, l.Quantity, l.Unit, w)
		}
	}
	if _, err := layout.ReadText("Bonjour, voici notre commande"); err == nil {
		t.Error("a mail with no order line was read")
	}
}
