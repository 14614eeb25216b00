package sheet

// lang is a set of header languages, used to guess the number and date conventions of a file
// whose values do not tell.
type lang uint8

const (
	fr lang = 1 << iota
	de
	en
	es // Spanish: decimal comma, day first, as French and German
)

// entry lists the header words of one field in one language. alt is the field a column of these
// words reads when another column claims the first one: "Article" is the description, unless a
// "Description" column stands beside it, and then it is the article code.
type entry struct {
	f      field
	alt    field
	l      lang
	weight int // breaks ties between exact matches: generic words lose to precise ones
	words  []string
}

// dictionary holds the header words this package recognises, as people write them; they are
// folded (see fold) when the package starts. A header matches a phrase exactly (also with its
// spaces taken out: "Art.-Nr." is "ArtNr"), or holds it as a run of whole words ("Qté commandée"
// holds "Qté"); a phrase of fewer than 3 letters must match exactly. The longest phrase wins, so
// "Montant TVA" (ignored) beats "Montant" (line total), and "Date de livraison" beats "Date".
var dictionary = []entry{
	{f: fLineNo, l: fr, words: []string{"N°", "N° ligne", "N° de ligne", "Ligne", "Numéro de ligne"}},
	{f: fLineNo, l: de, words: []string{"Pos.", "Position", "Pos.-Nr.", "Pos. Nr.", "Positionsnummer", "Zeile", "Lfd. Nr.", "Nr."}},
	{f: fLineNo, l: en, words: []string{"Line", "Line No.", "Line number", "Line #", "Ln", "Item line"}},
	{f: fLineNo, l: fr | en, words: []string{"No", "#"}},

	{f: fSupplierSKU, l: fr, words: []string{"Référence", "Réf.", "Référence fournisseur", "Réf. fournisseur", "Réf. fourn.",
		"Code article", "Code produit", "Réf. article", "Référence article", "N° article",
		"Numéro d'article", "Réf. produit", "Code", "Article code"}},
	{f: fSupplierSKU, l: de, words: []string{"Art.-Nr.", "Art. Nr.", "Artikelnummer", "Artikel-Nr.", "Artikelnr.", "Artikel Nr",
		"Materialnummer", "Material", "Mat.-Nr.", "Lieferantenartikelnummer", "Lieferanten-Art.-Nr.", "Lieferantenmaterialnummer",
		"Artikelcode", "Produktnummer", "Teilenummer", "Sachnummer"}},
	{f: fSupplierSKU, l: en, words: []string{"Item No.", "Item number", "Item code", "Item #", "SKU", "Part number", "Part No.",
		"Part #", "Product code", "Product number", "Product ID", "Article number", "Article No.", "Supplier item",
		"Supplier item number", "Supplier part number", "Vendor part number", "Vendor item", "Supplier SKU",
		"Reference", "Ref"}},
	// An order is written by the buyer: "your" code is ours (the supplier's), "our" code the buyer's.
	{f: fSupplierSKU, l: fr, words: []string{"Votre réf.", "Votre référence", "Votre code", "Vos réf.", "Réf. fourn"}},
	{f: fSupplierSKU, l: de, words: []string{"Ihre Art.-Nr.", "Ihre Artikelnummer", "Ihre Art. Nr.", "Ihre Materialnummer"}},
	{f: fSupplierSKU, l: en, words: []string{"Your ref", "Your item", "Your part number", "Your item number", "Your code"}},

	{f: fBuyerSKU, l: fr, words: []string{"Notre référence", "Notre réf.", "Notre code", "Réf. client", "Référence client", "Code article client",
		"Réf. article client", "Référence article client", "Code client article", "Réf. interne", "Référence interne"}},
	{f: fBuyerSKU, l: de, words: []string{"Kundenartikelnummer", "Kunden-Art.-Nr.", "Kunden Artikelnummer", "Kundenmaterialnummer",
		"Kundenmaterial", "Unsere Art.-Nr.", "Unsere Artikelnummer", "Unsere Art. Nr.", "Kundenartikel", "Kunden-Materialnummer", "Kundenteilenummer"}},
	{f: fBuyerSKU, l: en, words: []string{"Customer item", "Customer item number", "Customer item No.", "Customer part number",
		"Customer part No.", "Customer SKU", "Customer article number", "Buyer item", "Buyer part number", "Buyer SKU",
		"Our ref", "Our item", "Our part number", "Our code", "Internal ref"}},

	{f: fGTIN, l: 0, words: []string{"EAN", "GTIN", "EAN13", "EAN 13", "EAN-Code", "EAN Code", "Code EAN", "GTIN-13", "GTIN-14",
		"GTIN 14", "EAN/GTIN", "GTIN/EAN", "UPC", "EAN8"}},
	{f: fGTIN, l: fr, words: []string{"Code-barres", "Code barre", "Code barres", "Gencod"}},
	{f: fGTIN, l: de, words: []string{"Strichcode", "EAN-Nummer", "EAN-Nr."}},
	{f: fGTIN, l: en, words: []string{"Barcode", "Bar code"}},

	{f: fDescription, l: fr, words: []string{"Désignation", "Libellé", "Désignation article", "Libellé article", "Désignation produit",
		"Nom du produit", "Nom produit", "Libellé produit"}},
	{f: fDescription, l: de, words: []string{"Bezeichnung", "Beschreibung", "Artikelbezeichnung", "Artikelbeschreibung", "Kurztext",
		"Materialkurztext", "Benennung", "Produktbezeichnung", "Text", "Artikeltext"}},
	{f: fDescription, l: en, words: []string{"Item description", "Product name", "Product description", "Designation", "Item name"}},
	{f: fDescription, l: fr | en, words: []string{"Description"}},
	{f: fDescription, alt: fSupplierSKU, l: fr | en, weight: -1, words: []string{"Article"}},
	{f: fDescription, alt: fSupplierSKU, l: fr, weight: -1, words: []string{"Produit"}},
	{f: fDescription, alt: fSupplierSKU, l: de, weight: -1, words: []string{"Artikel", "Produkt"}},
	{f: fDescription, alt: fSupplierSKU, l: en, weight: -1, words: []string{"Item", "Product"}},

	{f: fQuantity, l: fr, words: []string{"Qté", "Quantité", "Qté commandée", "Quantité commandée", "Qté cdée", "Qté cde", "Nombre",
		"Nb", "Qte."}},
	{f: fQuantity, l: de, words: []string{"Menge", "Anzahl", "Bestellmenge", "Stückzahl", "Stück", "Anz.", "Bestellte Menge", "Auftragsmenge"}},
	{f: fQuantity, l: en, words: []string{"Qty", "Quantity", "Qty ordered", "Ordered quantity", "Order qty", "Quantity ordered",
		"Order quantity", "Ordered qty"}},

	{f: fUnit, l: fr, words: []string{"Unité", "UdM", "U.", "Unité de mesure", "UV", "Unité de vente", "Unité de commande"}},
	{f: fUnit, l: de, words: []string{"Einheit", "ME", "Mengeneinheit", "Bestelleinheit", "Maßeinheit", "Verkaufseinheit"}},
	{f: fUnit, l: en, words: []string{"Unit", "UoM", "Unit of measure", "U/M", "Units of measure", "Sales unit", "Order unit"}},

	{f: fUnitPrice, l: fr, words: []string{"Prix unitaire", "PU", "P.U.", "P.U. HT", "PU HT", "PU net", "Prix", "Prix HT", "Prix unitaire HT",
		"Prix net", "Prix unit.", "Prix unitaire net", "Tarif", "Prix net HT"}},
	{f: fUnitPrice, l: de, words: []string{"Einzelpreis", "Preis", "Stückpreis", "Einheitspreis", "Nettopreis", "E-Preis", "EP",
		"Preis/Einheit", "Preis pro Einheit", "Preis netto", "Netto-Einzelpreis", "Einzelpreis netto", "Listenpreis"}},
	{f: fUnitPrice, l: en, words: []string{"Unit price", "Price", "Unit cost", "Price each", "Net price", "Price per unit",
		"Unit net price", "Net unit price", "Cost", "Rate"}},

	{f: fLineTotal, l: fr, words: []string{"Montant", "Montant HT", "Total HT", "Total ligne", "Prix total", "Montant total",
		"Total HT ligne", "Montant net", "Montant ligne", "Valeur", "Prix total HT"}},
	{f: fLineTotal, l: de, words: []string{"Gesamtpreis", "Betrag", "Gesamt", "Gesamtbetrag", "Summe", "Positionswert", "Wert",
		"Nettobetrag", "Gesamt netto", "Positionsbetrag", "Positionssumme", "Nettowert", "Gesamtwert", "Zeilensumme"}},
	{f: fLineTotal, l: en, words: []string{"Amount", "Line total", "Total price", "Extended price", "Line amount", "Net amount",
		"Ext. price", "Extended amount", "Value", "Line value", "Total amount", "Total cost", "Extended cost", "Line cost"}},
	{f: fLineTotal, l: fr | en, words: []string{"Total"}},

	{f: fPONumber, l: fr, words: []string{"Réf. cde", "Notre commande", "Notre commande n°", "N° de bon de commande",
		"N° de commande", "N° commande", "Numéro de commande", "Commande", "Commande n°",
		"Réf. commande", "Référence commande", "Référence de commande", "Bon de commande", "Bon de commande n°", "N° bon de commande",
		"N° BC", "BC", "Votre commande", "N° de la commande"}},
	{f: fPONumber, l: de, words: []string{"Bestellnummer", "Bestell-Nr.", "Bestellnr.", "Bestellung", "Bestellung Nr.",
		"Bestellung Nummer", "Bestellnummer Kunde", "Kundenbestellnummer", "Kunden-Bestellnummer", "Ihre Bestellung",
		"Ihre Bestellnummer", "Bestellreferenz", "Unsere Bestellnummer", "Unsere Bestell-Nr."}},
	{f: fPONumber, l: en, words: []string{"PO number", "PO", "PO No.", "PO #", "P.O.", "P.O. number", "Purchase order",
		"Purchase order number", "Purchase order No.", "Order number", "Order No.", "Order #", "Order", "Order reference",
		"Customer PO", "Customer order number", "Your order", "Our order No.", "Our order number", "PO reference", "PO Ref", "Document number"}},

	{f: fOrderDate, l: fr, words: []string{"Date de commande", "Date commande", "Date cde", "Date du bon de commande",
		"Date de la commande", "Commandé le", "Du", "En date du", "Date d'émission", "Émise le"}},
	{f: fOrderDate, l: de, words: []string{"Datum", "Bestelldatum", "Auftragsdatum", "Bestellt am", "Belegdatum", "Vom", "Bestellung vom", "Ausstellungsdatum"}},
	{f: fOrderDate, l: en, words: []string{"Order date", "PO date", "Date ordered", "Purchase order date", "Ordered on", "Dated", "Issue date", "Date of order"}},
	{f: fOrderDate, l: fr | en, words: []string{"Date"}},

	{f: fDeliveryDate, l: fr, words: []string{"Date de livraison", "Date livraison", "Livraison", "Date de livraison souhaitée",
		"Livraison souhaitée", "Date de livraison demandée", "Délai", "Délai de livraison", "Date livr.", "Livraison le",
		"À livrer le", "Date souhaitée"}},
	{f: fDeliveryDate, l: de, words: []string{"Liefertermin", "Lieferdatum", "Wunschtermin", "Wunschliefertermin", "Liefertag",
		"Gewünschter Liefertermin", "Wunschlieferdatum", "Lieferung am", "Anliefertermin", "Anlieferdatum", "Liefern bis", "Lieferung bis", "Liefertermin bis"}},
	{f: fDeliveryDate, l: en, words: []string{"Delivery date", "Requested delivery date", "Required date", "Need by date",
		"Need by", "Due date", "Ship date", "Requested date", "Delivery", "Deliver by", "Required by", "Date required", "Delivery by", "Deliver on", "Delivery required", "Dlv date", "Dlv. date"}},

	{f: fCurrency, l: fr, words: []string{"Devise", "Monnaie"}},
	{f: fCurrency, l: de, words: []string{"Währung", "Whg.", "Währungscode"}},
	{f: fCurrency, l: en, words: []string{"Currency", "Curr.", "Currency code"}},

	{f: fBuyerName, l: fr, words: []string{"Client", "Nom client", "Nom du client", "Raison sociale", "Société", "Acheteur", "Donneur d'ordre"}},
	{f: fBuyerName, l: de, words: []string{"Kunde", "Kundenname", "Firma", "Besteller", "Auftraggeber", "Käufer"}},
	{f: fBuyerName, l: en, words: []string{"Customer", "Customer name", "Buyer", "Company", "Company name", "Sold to", "Sold-to party", "Purchaser"}},

	{f: fCustomerNo, l: fr, words: []string{"N° client", "Code client", "Numéro client", "Numéro de client", "Compte client", "N° de client"}},
	{f: fCustomerNo, l: de, words: []string{"Kundennummer", "Kunden-Nr.", "Kundennr.", "Kd.-Nr.", "KdNr", "Kunden Nr", "Debitorennummer", "Debitor"}},
	{f: fCustomerNo, l: en, words: []string{"Customer number", "Customer No.", "Customer ID", "Customer #", "Customer code",
		"Account number", "Account No.", "Account", "Customer account"}},

	{f: fVATID, l: fr, words: []string{"N° TVA", "N° TVA intracommunautaire", "TVA intracommunautaire", "TVA intracom.",
		"N° TVA intracom.", "Numéro de TVA", "N° de TVA", "N° de TVA intracommunautaire", "Identifiant TVA", "N° d'identification TVA"}},
	{f: fVATID, l: de, words: []string{"USt-IdNr.", "USt-ID", "USt-Id-Nr.", "UID", "UID-Nr.", "Umsatzsteuer-ID", "Umsatzsteuer-Identifikationsnummer",
		"USt.-Ident-Nr.", "USt-IdNr"}},
	{f: fVATID, l: en, words: []string{"VAT number", "VAT ID", "VAT No.", "VAT reg. no.", "VAT registration number", "VAT reg number"}},

	{f: fGLN, l: 0, words: []string{"GLN", "ILN", "GLN client", "Kunden-GLN", "Customer GLN", "Buyer GLN", "Global Location Number"}},

	{f: fEmail, l: 0, words: []string{"E-mail", "Email", "Mail", "Courriel", "Adresse e-mail", "E-Mail-Adresse", "Email address"}},

	{f: fNotes, l: fr, words: []string{"Remarque", "Remarques", "Commentaire", "Commentaires", "Observations", "Observation"}},
	{f: fNotes, l: de, words: []string{"Bemerkung", "Bemerkungen", "Hinweis", "Hinweise", "Anmerkung", "Anmerkungen"}},
	{f: fNotes, l: en, words: []string{"Notes", "Note", "Comment", "Comments", "Remarks", "Remark"}},

	{f: fShipTo, l: fr, words: []string{"Adresse de livraison", "Lieu de livraison", "Livrer à", "Livré à"}},
	{f: fShipTo, l: de, words: []string{"Lieferadresse", "Lieferanschrift", "Anlieferadresse", "Anlieferstelle", "Warenempfänger", "Lieferort"}},
	{f: fShipTo, l: en, words: []string{"Ship to", "Deliver to", "Delivery address", "Shipping address", "Ship-to address"}},

	// Columns that look like ours but are not: knowing them keeps "Montant TVA" from being read as
	// the line total and "Qté livrée" from making "Qté" ambiguous.
	{f: fIgnore, l: fr, words: []string{"TVA", "Taux TVA", "Taux de TVA", "Montant TVA", "TVA %", "Code TVA", "Remise", "Remise %",
		"Taux de remise", "Qté livrée", "Quantité livrée", "Qté reçue", "Quantité reçue", "Reliquat", "Qté restante", "Stock", "Poids",
		"Poids net", "Colisage", "Qté par colis", "Conditionnement", "Statut", "Montant TTC", "Prix TTC", "Total TTC", "Délai (jours)",
		"Date de création", "Date d'impression", "Page"}},
	{f: fIgnore, l: de, words: []string{"MwSt", "MwSt.-Satz", "MwSt %", "MwSt-Betrag", "MwSt Betrag", "USt", "USt-Satz", "USt-Betrag",
		"Steuersatz", "Steuer", "Rabatt", "Rabatt %", "Liefermenge", "Gelieferte Menge", "Offene Menge", "Restmenge", "Lagerbestand",
		"Bestand", "Gewicht", "VE", "Verpackungseinheit", "Status", "Bruttobetrag", "Bruttopreis", "Brutto", "Seite", "Druckdatum"}},
	{f: fIgnore, l: en, words: []string{"VAT", "VAT rate", "VAT %", "VAT amount", "Tax", "Tax rate", "Tax amount", "Discount",
		"Discount %", "Qty shipped", "Shipped quantity", "Delivered quantity", "Qty delivered", "Qty received", "Backorder",
		"Open quantity", "Qty open", "Stock", "On hand", "Weight", "Pack size", "Case pack", "Status", "Gross amount", "Gross price",
		"Page", "Print date"}},
	// Spanish.
	{f: fLineNo, l: es, words: []string{"Línea", "Linea", "Número de línea", "Nº de línea", "N° de línea"}},
	{f: fSupplierSKU, l: es, words: []string{"Referencia proveedor", "Su referencia", "Código proveedor", "Ref. proveedor"}},
	{f: fBuyerSKU, l: es, words: []string{"Nuestro nº de pieza", "Nuestro n° de pieza", "Nuestra referencia", "Nº de pieza", "Código de material"}},
	{f: fDescription, l: es, words: []string{"Descripción", "Descripcion", "Denominación", "Concepto", "Nº de pieza/Descripción", "Material/Description"}},
	{f: fQuantity, l: es, words: []string{"Cantidad", "Cant.", "Cant. (Unidad)", "Unidades", "Uds."}},
	{f: fUnit, l: es, words: []string{"Unidad", "Ud.", "UM", "Unidad de medida"}},
	{f: fUnitPrice, l: es, words: []string{"Precio", "Precio unitario", "Precio por unidad", "P. unitario", "Precio/Ud.", "Unit Price"}},
	{f: fLineTotal, l: es, words: []string{"Importe", "Importe fila", "Importe línea", "Total línea", "Subtotal"}},
	{f: fPONumber, l: es, words: []string{"Nº Pedido", "N° Pedido", "Pedido", "Nº de pedido", "Número de pedido", "Pedido de compra", "Orden de compra", "Nº de orden", "Número de orden", "Numero de Orden"}},
	{f: fOrderDate, l: es, words: []string{"Fecha", "Fecha de pedido", "Fecha del pedido", "Fecha de nuestra orden", "Fecha de compra", "Fecha de emisión"}},
	{f: fDeliveryDate, l: es, words: []string{"Fecha de entrega", "Fecha para la que se requiere", "Plazo de entrega", "Entrega"}},
	{f: fCurrency, l: es, words: []string{"Moneda", "Divisa"}},
	{f: fBuyerName, l: es, words: []string{"Cliente", "Comprador"}},
	{f: fVATID, l: es, words: []string{"NIF", "CIF", "NIF/CIF", "CIF/NIF", "Nuestro CIF/NIF", "N.I.F.", "C.I.F."}},
	{f: fShipTo, l: es, words: []string{"Entregar en", "Dirección de entrega", "Entregar a", "Lugar de entrega", "Dirección de envío"}},

	// Labels of a form that name no field of ours: a value stands by each, never one of ours.
	{f: fIgnore, l: fr, words: []string{"Téléphone", "Tél.", "Fax", "Contact", "Interlocuteur", "Service", "Suivi par",
		"Votre contact", "Signature", "Conditions de paiement"}},
	{f: fIgnore, l: de, words: []string{"Telefon", "Tel.", "Ansprechpartner", "Kostenstelle", "Unterschrift", "Zahlungsbedingungen"}},
	{f: fIgnore, l: en, words: []string{"Phone", "Telephone", "Tel", "Contact", "Signature", "Requested by", "Payment terms", "Approved by"}},
}

// orderFields are the fields of the order rather than of a line: a column of them may repeat on
// every row, and a "label: value" pair above the table may carry them.
var orderFields = map[field]bool{fPONumber: true, fOrderDate: true, fDeliveryDate: true, fCurrency: true, fBuyerName: true,
	fCustomerNo: true, fVATID: true, fGLN: true, fEmail: true, fNotes: true, fShipTo: true}

// totalWords start the label of a total row. Each is folded when the package starts.
var totalWords = []string{"Total", "Sous-total", "Soustotal", "Subtotal", "Sub-total", "Montant total", "Montant HT", "Montant TTC",
	"Montant TVA", "Net à payer", "Total général", "Summe", "Zwischensumme", "Gesamt", "Gesamtsumme", "Gesamtbetrag", "Endsumme",
	"Endbetrag", "Nettobetrag", "Bruttobetrag", "Rechnungsbetrag", "Auftragssumme", "Bestellsumme", "Warenwert", "Grand total",
	"Order total", "Total amount", "Net total", "Gross total", "TVA", "MwSt", "USt", "Umsatzsteuer", "Mehrwertsteuer", "VAT", "Tax",
	"Sales tax", "Net", "Netto", "Base imponible", "IVA", "Importe total", "Total pedido", "Übertrag", "Carried forward", "Brought forward", "À reporter", "Report", "Reporté"}

// Qualifiers of a total row's label or of the line-total column's header. They are checked in
// this order: "Net à payer" is the gross, "Total TVA" the tax, "Gesamt inkl. MwSt." the gross;
// "zzgl. MwSt." (plus VAT) is left to the tax words, as it mostly labels the tax amount.
var (
	subtotalWords = []string{"Sous-total", "Soustotal", "Subtotal", "Sub-total", "Zwischensumme", "Sous total",
		"Übertrag", "Carried forward", "Brought forward", "À reporter", "Report", "Reporté"} // a page's sum, carried to the next
	grossWords = []string{"TTC", "Brut", "Brutto", "Gross", "Inkl", "Incl", "Including", "Inclusive", "Toutes taxes", "Net à payer",
		"Bruttobetrag", "Rechnungsbetrag", "Endbetrag", "Amount due", "Total due"}
	netWords = []string{"HT", "Hors taxe", "Hors taxes", "Hors TVA", "Net", "Netto", "Nettobetrag", "Excl", "Exkl", "Excluding",
		"Exclusive", "Before tax", "Warenwert", "Base imponible"}
	taxWords = []string{"TVA", "MwSt", "USt", "Umsatzsteuer", "Mehrwertsteuer", "VAT", "Tax", "Sales tax", "Steuer", "IVA"}
)
