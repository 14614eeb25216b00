package pdf

import "strings"

// words are the labels of one language. Sentences carry named placeholders ({n}, {nb}, ...),
// because word order differs between languages.
type words struct {
	invoice, creditNote, corrected, selfBilled, partial, prepayment string // titles by type code
	number, issueDate, dueDate, taxPointDate, deliveryDate          string
	purchaseOrder, buyerRef, salesOrder, contract, period           string
	corrects                                                        string // {number}, {date}
	seller, billTo, deliverTo                                       string
	vatID, siren, siret, gln, legalID, taxID                        string
	phone, email                                                    string
	columns                                                         [7]string // #, description, quantity, unit price, adjustment, VAT, net
	per                                                             string    // a price per base quantity: {price} / {qty}
	listPrice                                                       string    // the gross price before the price discount
	item, gtin, buyerItem, orderLine                                string
	docCharges                                                      string
	allowance, charge                                               string
	vatBreakdown, vatCategory, taxable, vatAmount                   string
	lineTotal, allowances, charges, netTotal, vatTotal, gross       string
	vatTotalIn                                                      string // {currency}
	prepaid, rounding, due, amountsIn                               string
	payment, means, iban, bic, accountName, reference, terms        string
	legal                                                           string
	noEarlyDiscount, latePenalty, latePenaltyDefault, indemnity     string
	reverseCharge                                                   string
	page                                                            string // {n}, {nb}
	categories                                                      map[string]string
	units                                                           map[string]string // UN/ECE Rec. 20 code -> short name
	months                                                          [12]string
	// statement of account
	statement, statementDate, customer, openItems, paidItems                        string
	stmtColumns                                                                     [6]string // document, date, due, amount, paid, open
	balance, ageing, notDue, overdue1, overdue31, overdue61, overdue90, daysOverdue string
	none                                                                            string
}

var dictionary = map[string]*words{"en": &english, "fr": &french, "de": &german}

// wordsFor returns the labels of lang ("en", "fr", "de"; a region such as "fr-CA" is ignored);
// English for any other.
func wordsFor(lang string) (*words, string) {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	if w, ok := dictionary[base]; ok {
		return w, base
	}
	return &english, "en"
}

// fill replaces each {key} of s by its value; pairs are key, value, key, value...
func fill(s string, pairs ...string) string {
	for i := 0; i+1 < len(pairs); i += 2 {
		s = strings.ReplaceAll(s, "{"+pairs[i]+"}", pairs[i+1])
	}
	return s
}

var english = words{
	invoice: "Invoice", creditNote: "Credit note", corrected: "Corrected invoice", selfBilled: "Self-billed invoice",
	partial: "Partial invoice", prepayment: "Prepayment invoice",
	number: "Number", issueDate: "Invoice date", dueDate: "Due date", taxPointDate: "Tax point date", deliveryDate: "Delivery date",
	purchaseOrder: "Your order", buyerRef: "Your reference", salesOrder: "Our order", contract: "Contract", period: "Period",
	corrects: "Corrects invoice {number}{date}",
	seller:   "From", billTo: "Bill to", deliverTo: "Deliver to",
	vatID: "VAT ID", siren: "SIREN", siret: "SIRET", gln: "GLN", legalID: "Reg. no.", taxID: "Tax no.",
	phone: "Tel.", email: "Email",
	columns: [7]string{"#", "Description", "Quantity", "Unit price", "Disc./chg.", "VAT", "Net amount"},
	per:     "{price} per {qty}", listPrice: "list price {price}",
	item: "Item", gtin: "GTIN", buyerItem: "your code", orderLine: "order line",
	docCharges: "Allowances and charges", allowance: "Allowance", charge: "Charge",
	vatBreakdown: "VAT breakdown", vatCategory: "VAT", taxable: "Taxable amount", vatAmount: "VAT amount",
	lineTotal: "Sum of lines", allowances: "Allowances", charges: "Charges", netTotal: "Total excl. VAT",
	vatTotal: "VAT", gross: "Total incl. VAT", vatTotalIn: "VAT in {currency}",
	prepaid: "Paid in advance", rounding: "Rounding", due: "Amount due", amountsIn: "Amounts in {currency}",
	payment: "Payment", means: "Method", iban: "IBAN", bic: "BIC", accountName: "Account holder", reference: "Payment reference",
	terms: "Terms", legal: "Legal information",
	noEarlyDiscount:    "No discount for early payment.",
	latePenalty:        "Late payment penalty: {rate}.",
	latePenaltyDefault: "the European Central Bank refinancing rate plus 10 percentage points",
	indemnity:          "Fixed indemnity for recovery costs in case of late payment: €40 (French Commercial Code, art. L441-10).",
	reverseCharge:      "Reverse charge: VAT to be accounted for by the buyer.",
	page:               "Page {n} of {nb}",
	categories: map[string]string{"S": "Standard", "Z": "Zero rated", "E": "Exempt", "AE": "Reverse charge",
		"K": "Intra-community supply", "G": "Export", "O": "Not subject to VAT"},
	units: map[string]string{"C62": "pc", "H87": "pc", "EA": "ea", "HUR": "h", "DAY": "day", "MON": "month", "KGM": "kg",
		"GRM": "g", "MTR": "m", "MTK": "m²", "MTQ": "m³", "LTR": "l", "XPX": "pallet", "XBX": "box", "SET": "set", "PR": "pair", "MIN": "min"},
	months:    [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	statement: "Statement of account", statementDate: "Statement date", customer: "Customer",
	openItems: "Open items", paidItems: "Paid in the period",
	stmtColumns: [6]string{"Document", "Date", "Due date", "Amount", "Paid", "Open"},
	balance:     "Balance due", ageing: "Ageing", notDue: "Not yet due", overdue1: "1–30 days", overdue31: "31–60 days",
	overdue61: "61–90 days", overdue90: "Over 90 days", daysOverdue: "{days} days overdue", none: "No open items.",
}

var french = words{
	invoice: "Facture", creditNote: "Avoir", corrected: "Facture rectificative", selfBilled: "Autofacture",
	partial: "Facture partielle", prepayment: "Facture d'acompte",
	number: "Numéro", issueDate: "Date de facture", dueDate: "Échéance", taxPointDate: "Exigibilité de la TVA", deliveryDate: "Date de livraison",
	purchaseOrder: "Votre commande", buyerRef: "Votre référence", salesOrder: "Notre commande", contract: "Contrat", period: "Période",
	corrects: "Rectifie la facture {number}{date}",
	seller:   "Émetteur", billTo: "Facturé à", deliverTo: "Livré à",
	vatID: "N° TVA", siren: "SIREN", siret: "SIRET", gln: "GLN", legalID: "Immatriculation", taxID: "N° fiscal",
	phone: "Tél.", email: "E-mail",
	columns: [7]string{"N°", "Désignation", "Quantité", "Prix unit. HT", "Rem./frais", "TVA", "Montant HT"},
	per:     "{price} les {qty}", listPrice: "prix catalogue {price}",
	item: "Réf.", gtin: "GTIN", buyerItem: "votre réf.", orderLine: "ligne de commande",
	docCharges: "Remises et frais", allowance: "Remise", charge: "Frais",
	vatBreakdown: "Détail de la TVA", vatCategory: "TVA", taxable: "Base HT", vatAmount: "Montant TVA",
	lineTotal: "Total des lignes HT", allowances: "Remises", charges: "Frais", netTotal: "Total HT",
	vatTotal: "TVA", gross: "Total TTC", vatTotalIn: "TVA en {currency}",
	prepaid: "Acompte versé", rounding: "Arrondi", due: "Net à payer", amountsIn: "Montants en {currency}",
	payment: "Règlement", means: "Mode", iban: "IBAN", bic: "BIC", accountName: "Titulaire", reference: "Référence à rappeler",
	terms: "Conditions", legal: "Mentions légales",
	noEarlyDiscount:    "Pas d'escompte pour paiement anticipé.",
	latePenalty:        "Pénalités de retard : {rate}.",
	latePenaltyDefault: "taux de refinancement de la BCE majoré de 10 points",
	indemnity:          "Indemnité forfaitaire pour frais de recouvrement de 40 € en cas de retard de paiement (art. L441-10 du Code de commerce).",
	reverseCharge:      "Autoliquidation : TVA due par le preneur.",
	page:               "Page {n} sur {nb}",
	categories: map[string]string{"S": "Taux normal", "Z": "Taux zéro", "E": "Exonéré", "AE": "Autoliquidation",
		"K": "Livraison intracommunautaire", "G": "Exportation", "O": "Hors champ de la TVA"},
	units: map[string]string{"C62": "pce", "H87": "pce", "EA": "u.", "HUR": "h", "DAY": "jour", "MON": "mois", "KGM": "kg",
		"GRM": "g", "MTR": "m", "MTK": "m²", "MTQ": "m³", "LTR": "l", "XPX": "palette", "XBX": "boîte", "SET": "lot", "PR": "paire", "MIN": "min"},
	months:    [12]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
	statement: "Relevé de compte", statementDate: "Date du relevé", customer: "Client",
	openItems: "Pièces ouvertes", paidItems: "Réglées sur la période",
	stmtColumns: [6]string{"Pièce", "Date", "Échéance", "Montant", "Réglé", "Reste dû"},
	balance:     "Solde dû", ageing: "Balance âgée", notDue: "Non échu", overdue1: "1 à 30 j", overdue31: "31 à 60 j",
	overdue61: "61 à 90 j", overdue90: "Plus de 90 j", daysOverdue: "en retard de {days} j", none: "Aucune pièce ouverte.",
}

var german = words{
	invoice: "Rechnung", creditNote: "Gutschrift", corrected: "Rechnungskorrektur", selfBilled: "Gutschrift (Selbstfakturierung)",
	partial: "Teilrechnung", prepayment: "Anzahlungsrechnung",
	number: "Nummer", issueDate: "Rechnungsdatum", dueDate: "Fällig am", taxPointDate: "Leistungsdatum", deliveryDate: "Lieferdatum",
	purchaseOrder: "Ihre Bestellung", buyerRef: "Ihre Referenz", salesOrder: "Unser Auftrag", contract: "Vertrag", period: "Zeitraum",
	corrects: "Korrigiert Rechnung {number}{date}",
	seller:   "Von", billTo: "Rechnungsempfänger", deliverTo: "Lieferanschrift",
	vatID: "USt-IdNr.", siren: "SIREN", siret: "SIRET", gln: "GLN", legalID: "Register", taxID: "Steuernr.",
	phone: "Tel.", email: "E-Mail",
	columns: [7]string{"Pos.", "Bezeichnung", "Menge", "Einzelpreis", "Rab./Zuschl.", "USt.", "Netto"},
	per:     "{price} je {qty}", listPrice: "Listenpreis {price}",
	item: "Art.-Nr.", gtin: "GTIN", buyerItem: "Ihre Art.-Nr.", orderLine: "Bestellposition",
	docCharges: "Nachlässe und Zuschläge", allowance: "Nachlass", charge: "Zuschlag",
	vatBreakdown: "Umsatzsteuer", vatCategory: "USt.", taxable: "Netto", vatAmount: "Steuer",
	lineTotal: "Summe Positionen", allowances: "Nachlässe", charges: "Zuschläge", netTotal: "Gesamt netto",
	vatTotal: "Umsatzsteuer", gross: "Gesamt brutto", vatTotalIn: "USt. in {currency}",
	prepaid: "Bereits gezahlt", rounding: "Rundung", due: "Zahlbetrag", amountsIn: "Beträge in {currency}",
	payment: "Zahlung", means: "Zahlungsart", iban: "IBAN", bic: "BIC", accountName: "Kontoinhaber", reference: "Verwendungszweck",
	terms: "Bedingungen", legal: "Rechtliche Hinweise",
	noEarlyDiscount:    "Kein Skonto bei vorzeitiger Zahlung.",
	latePenalty:        "Verzugszinsen: {rate}.",
	latePenaltyDefault: "Hauptrefinanzierungssatz der EZB zuzüglich 10 Prozentpunkte",
	indemnity:          "Pauschale Entschädigung für Beitreibungskosten bei Zahlungsverzug: 40 € (Art. L441-10 frz. Handelsgesetzbuch).",
	reverseCharge:      "Steuerschuldnerschaft des Leistungsempfängers.",
	page:               "Seite {n} von {nb}",
	categories: map[string]string{"S": "Normalsatz", "Z": "Nullsatz", "E": "Steuerbefreit", "AE": "Reverse Charge",
		"K": "Innergemeinschaftliche Lieferung", "G": "Ausfuhr", "O": "Nicht steuerbar"},
	units: map[string]string{"C62": "Stk.", "H87": "Stk.", "EA": "Stk.", "HUR": "Std.", "DAY": "Tag", "MON": "Monat", "KGM": "kg",
		"GRM": "g", "MTR": "m", "MTK": "m²", "MTQ": "m³", "LTR": "l", "XPX": "Palette", "XBX": "Karton", "SET": "Satz", "PR": "Paar", "MIN": "Min."},
	months:    [12]string{"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."},
	statement: "Kontoauszug", statementDate: "Stand", customer: "Kunde",
	openItems: "Offene Posten", paidItems: "Im Zeitraum bezahlt",
	stmtColumns: [6]string{"Beleg", "Datum", "Fällig", "Betrag", "Bezahlt", "Offen"},
	balance:     "Offener Saldo", ageing: "Fälligkeitsstruktur", notDue: "Nicht fällig", overdue1: "1–30 Tage", overdue31: "31–60 Tage",
	overdue61: "61–90 Tage", overdue90: "Über 90 Tage", daysOverdue: "{days} Tage überfällig", none: "Keine offenen Posten.",
}
