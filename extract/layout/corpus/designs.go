package corpus

import (
	"fmt"

	"github.com/o2c-project/o2c/cal"
)

// PO numbers as buyers' systems write them.
func poBC(g *gen, d cal.Date) string  { return fmt.Sprintf("BC-%d-%s", d.Year, g.digits(5)) }
func poCMD(g *gen, d cal.Date) string { return fmt.Sprintf("CMD/%02d/%s", d.Year%100, g.digits(5)) }
func poSAP(g *gen, _ cal.Date) string { return "45000" + g.digits(5) }
func poDE(g *gen, d cal.Date) string  { return fmt.Sprintf("B%d-%s", d.Year%100, g.digits(4)) }
func poEN(g *gen, _ cal.Date) string  { return "PO-" + g.digits(6) }
func poEN2(g *gen, d cal.Date) string {
	return fmt.Sprintf("PO%d%02d%s", d.Year%100, int(d.Month), g.digits(4))
}
func poMix(g *gen, d cal.Date) string {
	return fmt.Sprintf("ORD-%d-%c%s", d.Year, g.letter(), g.digits(4))
}
func poES(g *gen, d cal.Date) string { return fmt.Sprintf("PED-%d/%s", d.Year%100, g.digits(5)) }

// Notes that buyers put between their lines and under their tables.
var (
	notesFR = []string{"Livraison par le quai n°2, merci", "Attention : produits fragiles",
		"Palette filmée SVP", "Ne pas livrer le samedi", "DLUO minimum 6 mois exigée"}
	notesDE = []string{"Bitte Anlieferung an Rampe 3", "Achtung: zerbrechliche Ware", "Lieferung nur vormittags",
		"MHD mindestens 6 Monate", "Bitte Lieferschein in zweifacher Ausfertigung"}
	notesEN = []string{"Please deliver to goods-in door 2", "Fragile - handle with care",
		"Deliveries 7am-11am only", "Best-before at least 6 months", "Call 30 min before arrival"}
	remarksFR = []string{"Merci de rappeler notre numéro de commande sur la facture et le bon de livraison.",
		"Livraison du lundi au vendredi de 7h à 11h.", "Toute livraison incomplète doit être signalée."}
	remarksDE = []string{"Bitte geben Sie unsere Bestellnummer auf Rechnung und Lieferschein an.",
		"Anlieferung Mo-Fr 7:00-12:00 Uhr.", "Es gelten unsere Allgemeinen Einkaufsbedingungen."}
	remarksEN = []string{"Please quote our PO number on all invoices and delivery notes.",
		"Goods-in hours: Mon-Fri 7am to 12 noon.", "Our standard terms and conditions of purchase apply."}
)

var (
	footFR = []string{"{name} - RCS {city} B 512 345 678 - IBAN FR76 3000 4000 0312 3456 7890 143"}
	footDE = []string{"{name} · Sitz {city} · Amtsgericht {city} HRB 45872 · IBAN DE89 3704 0044 0532 0130 00"}
	footEN = []string{"{name} · Registered office: {city} · Company No. 04512345 · Bank details on request"}
)

var (
	letterFR = letterStyle{vat: "TVA intracom. :", gln: "GLN :", email: "E-mail :", phone: "Tél. :"}
	letterDE = letterStyle{vat: "USt-IdNr.:", gln: "GLN:", email: "E-Mail:", phone: "Tel.:"}
	letterEN = letterStyle{vat: "VAT No:", gln: "GLN:", email: "Email:", phone: "Tel:"}
)

// poDesigns are the purchase-order layouts by name.
var poDesigns = map[string]*poDesign{
	"po-fr-grille": {
		content: contentSpec{lang: "fr", countries: []string{"FR", "BE"}, lines: [2]int{4, 10}, noStep: 1, descOnly: 8,
			notes: 1, noteTexts: notesFR, remark: remarksFR, delivery: 85, vatID: true, email: true, shipTo: 40, poNumber: poBC},
		title: "BON DE COMMANDE", num: numFR, df: dSlash, font: "Helvetica", header: hdrGrid,
		fields: []hfield{{"N° de commande :", fPO}, {"Date de commande :", fDate}, {"Date de livraison souhaitée :", fDelivery},
			{"Acheteur :", fContact}, {"N° fournisseur :", fSupplierNo}},
		letter: letterFR, supplier: "Fournisseur :", shipTo: "Adresse de livraison :",
		cols: []col{{cNo, "Ligne", 12}, {cSKU, "Réf.", 24}, {cDesc, "Désignation", 66}, {cQty, "Qté", 14},
			{cUnit, "Unité", 14}, {cPrice, "P.U. HT", 20}, {cTotal, "Montant HT", 24}},
		ruled: true, totals: 2, netLabel: "Total HT ({cur})", vatLabel: "TVA {rate} %", grossLbl: "Total TTC ({cur})",
		page: "Page %d/%d", footer: footFR, sign: "Bon pour accord, l'acheteur :",
	},
	"po-fr-cadres": {
		content: contentSpec{lang: "fr", countries: []string{"FR"}, lines: [2]int{3, 9}, gtin: true, descOnly: 12,
			delivery: 80, vatID: true, gln: true, shipTo: 30, poNumber: poCMD, remark: remarksFR},
		title: "Commande", num: numFR, df: dLongFR, font: "Times", header: hdrBoxes,
		fields: []hfield{{"Réf. cde", fPO}, {"Date", fDate}, {"Livraison le", fDelivery}, {"Devise", fCurrency},
			{"Conditions de paiement", fTerms}, {"Votre contact", fContact}},
		letter: letterStyle{right: true, vat: "N° TVA :", gln: "GLN :", phone: "Tél :"}, supplier: "À l'attention de :",
		shipTo: "Livrer à :",
		cols: []col{{cGTIN, "Code EAN", 30}, {cDesc, "Désignation", 78}, {cQty, "Qté", 16}, {cPrice, "P.U.", 24},
			{cTotal, "Montant", 26}},
		zebra: true, totals: 1, netLabel: "Total HT {cur}", page: "%d/%d", footer: footFR, symbol: true,
	},
	"po-fr-refclient": {
		content: contentSpec{lang: "fr", countries: []string{"FR"}, needItems: true, lines: [2]int{4, 9}, noStep: 1,
			buyerSKU: true, sku: true, localDesc: true, notes: 2, noteTexts: notesFR, delivery: 90, vatID: true, gln: true,
			shipTo: 70, poNumber: poBC},
		title: "BON DE COMMANDE", num: numNBSP, qtyPlaces: 2, df: dDot, font: "Helvetica", header: hdrBelow,
		fields: []hfield{{"Commande n°", fPO}, {"Du", fDate}, {"À livrer le", fDelivery}, {"Suivi par", fContact},
			{"Tél.", fPhone}},
		letter: letterFR, supplier: "Fournisseur", shipTo: "Lieu de livraison",
		cols: []col{{cNo, "N°", 10}, {cBuyer, "Notre code", 24}, {cSKU, "Votre réf.", 22}, {cDesc, "Désignation", 58},
			{cQty, "Qté", 14}, {cUnit, "UV", 12}, {cPrice, "Prix unit.", 16}, {cTotal, "Total HT", 18}},
		ruled: true, totals: 2, netLabel: "Montant HT {cur}", vatLabel: "TVA {rate}%", grossLbl: "Montant TTC {cur}",
		page: "Page %d sur %d", footer: footFR, sign: "Le responsable des achats",
	},
	"po-fr-multipage": {
		content: contentSpec{lang: "fr", countries: []string{"FR"}, lines: [2]int{30, 60}, sku: true, descOnly: 3,
			notes: 2, noteTexts: notesFR, delivery: 90, vatID: true, shipTo: 60, poNumber: poCMD, remark: remarksFR},
		title: "BON DE COMMANDE", num: numFR, df: dSlash, font: "Helvetica", header: hdrGrid,
		fields: []hfield{{"Commande N° :", fPO}, {"Date :", fDate}, {"Livraison prévue :", fDelivery},
			{"Service :", fCostCentre}, {"Interlocuteur :", fContact}},
		letter: letterFR, supplier: "Fournisseur :", shipTo: "Livraison :",
		cols: []col{{cSKU, "Réf.", 24}, {cDesc, "Désignation", 86}, {cQty, "Qté", 16}, {cPrice, "P.U. HT", 22},
			{cTotal, "Montant HT", 26}},
		ruled: true, carried: [2]string{"A reporter", "Report"}, totals: 2, netLabel: "Total HT ({cur})",
		vatLabel: "TVA {rate} %", grossLbl: "Total TTC ({cur})", page: "Page %d / %d", footer: footFR,
	},

	"po-en-grid": {
		content: contentSpec{lang: "en", countries: []string{"GB", "ES", "BE"}, lines: [2]int{4, 10}, noStep: 1, sku: true,
			descOnly: 8, notes: 1, noteTexts: notesEN, remark: remarksEN, delivery: 85, vatID: true, email: true,
			shipTo: 40, poNumber: poEN},
		title: "PURCHASE ORDER", num: numEN, df: dUS, font: "Helvetica", header: hdrGrid,
		fields: []hfield{{"PO Number:", fPO}, {"Order date:", fDate}, {"Delivery date:", fDelivery}, {"Buyer:", fContact},
			{"Supplier no.:", fSupplierNo}, {"Payment terms:", fTerms}},
		letter: letterEN, supplier: "Supplier:", shipTo: "Deliver to:",
		cols: []col{{cNo, "Line", 11}, {cSKU, "Item code", 24}, {cDesc, "Description", 67}, {cQty, "Qty", 14},
			{cUnit, "Unit", 12}, {cPrice, "Unit price", 21}, {cTotal, "Amount", 25}},
		ruled: true, totals: 2, netLabel: "Net total ({cur})", vatLabel: "VAT {rate}%", grossLbl: "Total ({cur})",
		page: "Page %d of %d", footer: footEN, sign: "Authorised by:",
	},
	"po-en-stacked": {
		content: contentSpec{lang: "en", countries: []string{"GB", "ES"}, lines: [2]int{3, 9}, sku: true, gtin: true,
			gtinOnly: 15, descOnly: 8, delivery: 80, vatID: true, shipTo: 50, poNumber: poEN2, remark: remarksEN},
		title: "Purchase Order", num: numEN, df: dISO, font: "Helvetica", header: hdrBelow,
		fields: []hfield{{"PO #", fPO}, {"Date", fDate}, {"Required by", fDelivery}, {"Contact", fContact}, {"Tel.", fPhone}},
		letter: letterStyle{right: true, vat: "VAT Reg. No.", phone: "T"}, supplier: "VENDOR", shipTo: "SHIP TO",
		cols: []col{{cQty, "Qty", 13}, {cUnit, "Unit", 12}, {cSKU, "Item", 22}, {cGTIN, "GTIN", 28},
			{cDesc, "Description", 57}, {cPrice, "Price", 20}, {cTotal, "Total", 22}},
		totals: 1, netLabel: "Total excl. VAT ({cur})", page: "%d/%d", footer: footEN,
	},
	"po-en-multipage": {
		content: contentSpec{lang: "en", countries: []string{"GB"}, lines: [2]int{30, 60}, noStep: 1, sku: true,
			descOnly: 4, notes: 2, noteTexts: notesEN, delivery: 90, vatID: true, shipTo: 70, poNumber: poEN},
		title: "PURCHASE ORDER", num: numEN, df: dSlash, font: "Helvetica", header: hdrGrid,
		fields: []hfield{{"Purchase Order No:", fPO}, {"Date:", fDate}, {"Delivery Date:", fDelivery}, {"Ordered by:", fContact}},
		letter: letterEN, supplier: "To:", shipTo: "Delivery address:",
		cols: []col{{cNo, "Line", 11}, {cSKU, "Code", 24}, {cDesc, "Description", 81}, {cQty, "Qty", 14},
			{cPrice, "Price", 20}, {cTotal, "Total", 24}},
		zebra: true, carried: [2]string{"Carried forward", "Brought forward"}, totals: 1, netLabel: "Order total ({cur})",
		page: "Page %d of %d", footer: footEN, symbol: true,
	},
	"po-en-custcodes": {
		content: contentSpec{lang: "en", countries: []string{"GB", "ES", "BE"}, needItems: true, lines: [2]int{3, 7},
			noStep: 1, delivery: 85, vatID: true, gln: true, shipTo: 60, poNumber: poEN2},
		title: "PURCHASE ORDER", num: numEN, df: dLongEN, font: "Helvetica", header: hdrBoxes,
		fields: []hfield{{"Order number", fPO}, {"Order date", fDate}, {"Delivery date", fDelivery}, {"Currency", fCurrency},
			{"Buyer", fContact}, {"Cost centre", fCostCentre}},
		letter: letterEN, supplier: "Supplier", shipTo: "Ship to",
		cols: []col{{cNo, "No.", 10}, {cBuyer, "Our item code", 28}, {cDesc, "Description", 68}, {cQty, "Qty", 14},
			{cUnit, "Unit", 12}, {cPrice, "Unit price", 20}, {cTotal, "Amount", 22}},
		ruled: true, totals: 2, netLabel: "Subtotal {cur}", vatLabel: "VAT @ {rate}%", grossLbl: "Total {cur}",
		page: "Page %d of %d", footer: footEN, sign: "Approved by",
	},

	"po-de-raster": {
		content: contentSpec{lang: "de", countries: []string{"DE"}, lines: [2]int{4, 10}, noStep: 10, sku: true, descOnly: 8,
			notes: 1, noteTexts: notesDE, remark: remarksDE, delivery: 85, vatID: true, gln: true, email: true,
			shipTo: 40, poNumber: poSAP},
		title: "BESTELLUNG", num: numDE, df: dDot, font: "Helvetica", header: hdrGrid,
		fields: []hfield{{"Bestellnummer:", fPO}, {"Bestelldatum:", fDate}, {"Liefertermin:", fDelivery},
			{"Sachbearbeiter:", fContact}, {"Telefon:", fPhone}, {"Lieferantennummer:", fSupplierNo}},
		letter: letterDE, supplier: "Lieferant:", shipTo: "Lieferanschrift:",
		cols: []col{{cNo, "Pos.", 11}, {cSKU, "Art.-Nr.", 24}, {cDesc, "Bezeichnung", 65}, {cQty, "Menge", 14},
			{cUnit, "Einheit", 14}, {cPrice, "Preis", 21}, {cTotal, "Betrag", 25}},
		ruled: true, totals: 2, netLabel: "Nettobetrag {cur}", vatLabel: "zzgl. MwSt. {rate} %", grossLbl: "Gesamtbetrag {cur}",
		page: "Seite %d von %d", footer: footDE, sign: "Unterschrift Einkauf",
	},
	"po-de-kaesten": {
		content: contentSpec{lang: "de", countries: []string{"DE"}, lines: [2]int{3, 9}, noStep: 1, gtin: true, descOnly: 10,
			delivery: 85, vatID: true, shipTo: 40, poNumber: poDE, remark: remarksDE},
		title: "Bestellung", num: numDE, df: dLongDE, font: "Helvetica", header: hdrBoxes,
		fields: []hfield{{"Bestell-Nr.", fPO}, {"Datum", fDate}, {"Liefertermin", fDelivery}, {"Ansprechpartner", fContact},
			{"Zahlungsbedingung", fTerms}, {"Währung", fCurrency}},
		letter: letterStyle{right: true, vat: "USt-ID", phone: "Fon"}, supplier: "An", shipTo: "Lieferadresse",
		cols: []col{{cNo, "Pos", 10}, {cQtyUnit, "Menge", 20}, {cDesc, "Bezeichnung", 70}, {cGTIN, "EAN", 30},
			{cPrice, "Einzelpreis", 20}, {cTotal, "Gesamtpreis", 24}},
		zebra: true, totals: 2, netLabel: "Summe netto {cur}", vatLabel: "USt. {rate} %", grossLbl: "Summe brutto {cur}",
		page: "Seite %d/%d", footer: footDE,
	},
	"po-de-mehrseitig": {
		content: contentSpec{lang: "de", countries: []string{"DE"}, needItems: true, lines: [2]int{30, 60}, noStep: 1,
			sku: true, buyerSKU: true, localDesc: true, notes: 2, noteTexts: notesDE, delivery: 90, vatID: true, gln: true,
			shipTo: 80, poNumber: poSAP},
		title: "Bestellung", num: numDE, df: dDot, font: "Helvetica", header: hdrGrid,
		fields: []hfield{{"Bestell-Nr.:", fPO}, {"Datum:", fDate}, {"Liefertermin:", fDelivery}, {"Besteller:", fContact},
			{"Kostenstelle:", fCostCentre}},
		letter: letterDE, supplier: "Lieferant", shipTo: "Lieferanschrift",
		cols: []col{{cNo, "Pos.", 10}, {cBuyer, "Unsere Art.-Nr.", 22}, {cSKU, "Ihre Art.-Nr.", 22}, {cDesc, "Bezeichnung", 57},
			{cQty, "Menge", 14}, {cUnit, "ME", 13}, {cPrice, "Preis", 16}, {cTotal, "Betrag", 20}},
		ruled: true, carried: [2]string{"Übertrag", "Übertrag"}, totals: 2, netLabel: "Warenwert netto {cur}",
		vatLabel: "MwSt. {rate} %", grossLbl: "Endbetrag {cur}", page: "Seite %d von %d", footer: footDE,
	},
	"po-de-kompakt": {
		content: contentSpec{lang: "de", countries: []string{"DE"}, lines: [2]int{4, 10}, noStep: 1, sku: true, descOnly: 5,
			notes: 1, noteTexts: notesDE, delivery: 75, vatID: true, shipTo: 30, poNumber: poDE},
		title: "BESTELLUNG", num: numComma, qtyPlaces: 3, df: dDot2, font: "Courier", header: hdrGrid,
		fields: []hfield{{"Bestell-Nr.:", fPO}, {"Datum:", fDate}, {"Liefertermin:", fDelivery}, {"Kostenstelle:", fCostCentre}},
		letter: letterDE, supplier: "Lieferant:", shipTo: "Warenempfänger:",
		cols: []col{{cNo, "Pos", 10}, {cSKU, "Art.-Nr.", 22}, {cDesc, "Bezeichnung", 64}, {cQty, "Menge", 18},
			{cUnit, "ME", 14}, {cPrice, "Preis/ME", 20}, {cTotal, "Betrag", 26}},
		totals: 1, netLabel: "Summe netto {cur}", page: "Seite %d", footer: footDE,
	},

	"po-mixed-fr-en": {
		content: contentSpec{lang: "fr", countries: []string{"BE"}, lines: [2]int{4, 9}, noStep: 1, sku: true, descOnly: 6,
			notes: 1, noteTexts: notesFR, delivery: 85, vatID: true, gln: true, shipTo: 50, poNumber: poMix},
		title: "BON DE COMMANDE / PURCHASE ORDER", num: numDE, df: dSlash, font: "Helvetica", header: hdrBoxes,
		fields: []hfield{{"N° commande / PO number", fPO}, {"Date / Date", fDate}, {"Livraison / Delivery", fDelivery},
			{"Contact", fContact}},
		letter: letterStyle{vat: "TVA/VAT:", gln: "GLN:", phone: "Tél/Tel:"}, supplier: "Fournisseur / Supplier",
		shipTo: "Livraison / Delivery address",
		cols: []col{{cNo, "Pos. / Line", 12}, {cSKU, "Réf. / Item", 24}, {cDesc, "Désignation / Description", 62},
			{cQty, "Qté / Qty", 16}, {cUnit, "Unité / Unit", 14}, {cPrice, "P.U. / Price", 20}, {cTotal, "Montant / Amount", 26}},
		ruled: true, totals: 2, netLabel: "Total HTVA / Net ({cur})", vatLabel: "TVA / VAT {rate} %",
		grossLbl: "Total TVAC / Total ({cur})", page: "Page %d/%d", footer: footFR,
	},
	"po-mixed-de-en": {
		content: contentSpec{lang: "de", countries: []string{"DE"}, lines: [2]int{4, 10}, sku: true, descOnly: 6,
			delivery: 85, vatID: true, shipTo: 40, poNumber: poSAP, remark: remarksEN},
		title: "Purchase Order", num: numDE, df: dISO, font: "Helvetica", header: hdrBelow,
		fields: []hfield{{"Order No.", fPO}, {"Order Date", fDate}, {"Delivery Date", fDelivery}, {"Requested by", fContact},
			{"Vendor No.", fSupplierNo}},
		letter: letterStyle{vat: "VAT ID:", phone: "Phone:"}, supplier: "Vendor", shipTo: "Delivery address",
		cols: []col{{cSKU, "Item", 24}, {cDesc, "Description", 76}, {cQty, "Qty", 16}, {cUnit, "UoM", 12},
			{cPrice, "Price", 20}, {cTotal, "Value", 26}},
		totals: 1, netLabel: "Total net value {cur}", page: "Page %d of %d", footer: footDE,
	},
	"po-mixed-es-en": {
		content: contentSpec{lang: "en", countries: []string{"ES"}, lines: [2]int{4, 9}, sku: true, gtin: true, gtinOnly: 20,
			descOnly: 5, delivery: 80, vatID: true, shipTo: 50, poNumber: poES},
		title: "PEDIDO / PURCHASE ORDER", num: numDE, df: dSlash, font: "Helvetica", header: hdrGrid,
		fields: []hfield{{"Nº Pedido / PO No.:", fPO}, {"Fecha / Date:", fDate}, {"Entrega / Delivery:", fDelivery},
			{"Contacto / Contact:", fContact}},
		letter: letterStyle{vat: "NIF/VAT:", phone: "Tel.:", email: "Email:"}, supplier: "Proveedor / Supplier:",
		shipTo: "Entregar en / Deliver to:",
		cols: []col{{cSKU, "Ref.", 22}, {cGTIN, "GTIN", 28}, {cDesc, "Descripción / Description", 60},
			{cQty, "Cant. / Qty", 16}, {cPrice, "Precio / Price", 22}, {cTotal, "Importe / Amount", 26}},
		ruled: true, totals: 2, netLabel: "Base imponible / Net ({cur})", vatLabel: "IVA / VAT {rate} %",
		grossLbl: "Total ({cur})", page: "Página %d/%d", footer: footEN,
	},
}
