package sheet

import (
	"strings"
	"testing"
)

func TestMatchHeader(t *testing.T) {
	t.Parallel()

	tests := []struct {
		header string
		want   field // "" with ok false: not recognised; fIgnore: recognised as a column we skip
		ok     bool
	}{
		{"Référence fournisseur", fSupplierSKU, true},
		{"REF.", fSupplierSKU, true},
		{"Code article", fSupplierSKU, true},
		{"Art.-Nr.", fSupplierSKU, true},
		{"ArtNr", fSupplierSKU, true},
		{"Artikelnummer", fSupplierSKU, true},
		{"Item No.", fSupplierSKU, true},
		{"SKU", fSupplierSKU, true},
		{"Part number", fSupplierSKU, true},
		{"Material", fSupplierSKU, true},
		{"Votre réf.", fSupplierSKU, true}, // the buyer writes to us: "your" code is ours
		{"Notre réf.", fBuyerSKU, true},
		{"Réf. client", fBuyerSKU, true},
		{"Kundenartikelnummer", fBuyerSKU, true},
		{"Kunden-Artikelnummer", fBuyerSKU, true},
		{"Customer item", fBuyerSKU, true},
		{"EAN", fGTIN, true},
		{"GTIN", fGTIN, true},
		{"EAN13", fGTIN, true},
		{"EAN 13", fGTIN, true},
		{"Code-barres", fGTIN, true},
		{"Barcode", fGTIN, true},
		{"Désignation", fDescription, true},
		{"Libellé", fDescription, true},
		{"Bezeichnung", fDescription, true},
		{"Beschreibung", fDescription, true},
		{"Description", fDescription, true},
		{"Item", fDescription, true},
		{"Qté", fQuantity, true},
		{"Quantité", fQuantity, true},
		{"Qté commandée", fQuantity, true},
		{"Menge", fQuantity, true},
		{"Anzahl", fQuantity, true},
		{"Qty", fQuantity, true},
		{"Quantity (pcs)", fQuantity, true},
		{"Unité", fUnit, true},
		{"UdM", fUnit, true},
		{"Einheit", fUnit, true},
		{"ME", fUnit, true},
		{"UoM", fUnit, true},
		{"Prix unitaire", fUnitPrice, true},
		{"PU", fUnitPrice, true},
		{"P.U. HT", fUnitPrice, true},
		{"Prix unitaire HT (€)", fUnitPrice, true},
		{"Einzelpreis", fUnitPrice, true},
		{"Preis", fUnitPrice, true},
		{"Unit price", fUnitPrice, true},
		{"Price", fUnitPrice, true},
		{"Montant", fLineTotal, true},
		{"Total HT", fLineTotal, true},
		{"Gesamtpreis", fLineTotal, true},
		{"Betrag", fLineTotal, true},
		{"Amount", fLineTotal, true},
		{"Line total", fLineTotal, true},
		{"Prix total HT", fLineTotal, true},
		{"N°", fLineNo, true},
		{"Pos.", fLineNo, true},
		{"Position", fLineNo, true},
		{"Line", fLineNo, true},
		{"N° de commande", fPONumber, true},
		{"Bestellnummer", fPONumber, true},
		{"PO number", fPONumber, true},
		{"PO #", fPONumber, true},
		{"Client", fBuyerName, true},
		{"Kunde", fBuyerName, true},
		{"Customer", fBuyerName, true},
		{"Date de livraison", fDeliveryDate, true},
		{"Date de livraison prévue", fDeliveryDate, true},
		{"Liefertermin", fDeliveryDate, true},
		{"Delivery date", fDeliveryDate, true},
		{"Date", fOrderDate, true},
		{"Devise", fCurrency, true},
		{"Währung", fCurrency, true},
		{"Currency", fCurrency, true},
		{"N° client", fCustomerNo, true},
		{"Kundennummer", fCustomerNo, true},
		{"USt-IdNr.", fVATID, true},
		{"N° TVA intracommunautaire", fVATID, true},
		{"Montant TVA", fIgnore, true},
		{"TVA", fIgnore, true},
		{"MwSt-Betrag", fIgnore, true},
		{"Qté livrée", fIgnore, true},
		{"Remise %", fIgnore, true},
		{"Discount rate", fIgnore, true},
		{"Artikel-Code-Kunde", "", false},
		{"Foo", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			t.Parallel()
			m, ok := matchHeader(tt.header)
			if ok != tt.ok || ok && m.f != tt.want {
				t.Fatalf("matchHeader(%q) = %q %v, want %q %v", tt.header, m.f, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestDictionary keeps the dictionary consistent: no phrase names two fields (the longest-phrase
// rule could not choose), and every unit word names one code.
func TestDictionary(t *testing.T) {
	t.Parallel()

	seen := make(map[string]field)
	for _, p := range phrases {
		for _, key := range []string{p.folded, p.compact} {
			if f, ok := seen[key]; ok && f != p.f {
				t.Fatalf("header phrase %q names both %q and %q", key, f, p.f)
			}
			seen[key] = p.f
		}
	}
	words := make(map[string]string)
	for code, ws := range units {
		for _, w := range ws {
			k := compact(fold(w))
			if c, ok := words[k]; ok && c != code {
				t.Fatalf("unit word %q names both %s and %s", w, c, code)
			}
			words[k] = code
		}
	}
}

func TestFold(t *testing.T) {
	t.Parallel()

	tests := []struct{ in, want string }{
		{"Qté", "qte"}, {"N° de commande", "no de commande"}, {"Nº", "no"}, {"Art.-Nr.", "art nr"}, {"PO #", "po no"},
		{"Straße", "strasse"}, {"  P.U.  HT ", "p u ht"}, {"m²", "m2"}, {"Œuvre", "oeuvre"}, {"Prix (€)", "prix"},
	}
	for _, tt := range tests {
		if got := fold(tt.in); got != tt.want {
			t.Fatalf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUnitCode(t *testing.T) {
	t.Parallel()

	tests := []struct{ in, want string }{
		{"pce", "C62"}, {"Stück", "C62"}, {"Stk.", "C62"}, {"PCS", "C62"}, {"C62", "C62"}, {"kg", "KGM"}, {"KGM", "KGM"},
		{"Karton", "CT"}, {"boîte", "BX"}, {"m²", "MTK"}, {"L", "LTR"}, {"Rolle", "Rolle"},
	}
	for _, tt := range tests {
		if got := unitCode(tt.in); got != tt.want {
			t.Fatalf("unitCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if strings.TrimSpace(unitCode(" ")) != "" {
		t.Fatalf("unitCode of a blank is not blank")
	}
}
