package layout

import (
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/sheet"
)

// title is a phrase that names a kind of document when it stands in the title of its first page.
type title struct {
	phrase string // folded
	kind   o2c.DocumentType
	order  bool // refused as an order: the kind is named only to say what it is
}

// titles are the names documents give themselves, longest first so that "Auftragsbestätigung"
// (an order confirmation) is not read as "Auftrag" and "Bestelländerung" not as "Bestellung".
var titles = func() []title {
	list := []struct {
		kind    o2c.DocumentType
		phrases []string
	}{
		{o2c.DocOrderChange, []string{"Order change", "Change order", "Purchase order change", "Modification de commande",
			"Commande modificative", "Bestelländerung", "Änderung der Bestellung", "Änderungsbestellung"}},
		{o2c.DocDeliveryNote, []string{"Delivery note", "Delivery slip", "Packing slip", "Despatch note", "Dispatch note",
			"Bon de livraison", "Bordereau de livraison", "Lieferschein", "Goods received note", "Goods receipt",
			"Bon de réception", "Wareneingangsschein", "Wareneingang", "Albarán", "Albaran", "Nota de entrega"}},
		{o2c.DocCMR, []string{"CMR", "Lettre de voiture", "Frachtbrief", "Consignment note", "International consignment note"}},
		{o2c.DocInvoice, []string{"Invoice", "Tax invoice", "Credit note", "Facture", "Avoir", "Rechnung", "Gutschrift", "Factura", "Abono"}},
		{o2c.DocOther, []string{"Order confirmation", "Confirmation de commande", "Auftragsbestätigung", "Bestellbestätigung",
			"Quotation", "Quote", "Devis", "Offre", "Angebot", "Proforma", "Pro forma", "Statement", "Relevé", "Kontoauszug", "Presupuesto", "Confirmación de pedido"}},
		{o2c.DocPurchaseOrder, []string{"Purchase order", "Order", "Bon de commande", "Commande", "Bestellung", "Bestellschein",
			"Auftrag", "Einkaufsbestellung", "PO", "Pedido de compra", "Orden de compra", "Pedido", "Hoja de pedido"}},
	}
	var out []title
	for _, l := range list {
		for _, p := range l.phrases {
			out = append(out, title{phrase: sheet.Fold(p), kind: l.kind})
		}
	}
	// Longest first: the most precise name wins.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len(out[j].phrase) > len(out[j-1].phrase); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}()

// classify names what a document is from the titles on its first page: the rows of the top half,
// the larger the text the more it counts. It returns DocOther with no name when nothing says.
func classify(rows []row, page Page) (o2c.DocumentType, string) {
	best, bestScore, name := o2c.DocumentType(""), 0.0, ""
	for _, r := range rows {
		if r.Page != 1 || r.Box.Y0 > page.Height/2 {
			continue
		}
		for _, c := range r.Cells {
			words := " " + sheet.Fold(c.Text) + " "
			for _, t := range titles {
				if !strings.Contains(words, " "+t.phrase+" ") {
					continue
				}
				// A title starts its cell, and is set large near the top.
				score := r.height() * (2 - r.Box.Y0/page.Height)
				if !strings.HasPrefix(words, " "+t.phrase+" ") {
					score /= 3
				}
				if score > bestScore {
					best, bestScore, name = t.kind, score, c.Text
				}
			}
		}
	}
	if best == "" {
		return o2c.DocOther, ""
	}
	return best, name
}
