package confirm

import (
	"strings"

	"golang.org/x/text/language"
)

// locale holds the words and the number and date conventions of one language. Sentences carry
// named placeholders ({order}, {number}, ...) because word order differs between languages.
type locale struct {
	tag     language.Tag
	point   string     // decimal separator
	group   string     // thousands separator
	colon   string     // between a label and its value: French puts a no-break space before it
	months  [12]string // month names, January first
	dateFmt string     // {d} {month} {y}

	order        string            // the customer's order: {po}, {date}, both or neither, see orderPhrase
	orderPO      string            //
	orderDate    string            //
	orderPODate  string            //
	subject      map[Status]string // {number}, {order}
	title        map[Status]string //
	statusLabel  map[Status]string //
	statusField  string            // the label of the status
	thanks       string            // {order}
	statusText   map[Status]string //
	greeting     string            //
	questions    string            //
	regards      string            //
	issuedLabel  string            //
	poLabel      string            //
	orderDateLbl string            //
	deliveryLbl  string            //
	customerNo   string            //
	customer     string            //
	shipTo       string            //
	vatID        string            //
	phone        string            //
	email        string            //
	columns      [7]string         // line, our code, description, quantity, unit, unit price, total
	yourCode     string            // {code}
	netTotal     string            //
	changes      string            //
	reason       string            //
	lineRef      string            // {no}
	qtyChange    string            // {new}, {old}
	priceChange  string            // {new}, {old}
	dateChange   string            // {date}
	notDelivered string            //
	changedLine  string            // a changed line whose answer says nothing more
	page         string            // {n}, {nb}
	units        map[string]string // UN/ECE Rec. 20 code -> short name
}

// fill replaces each {key} of s by its value; pairs are key, value, key, value...
func fill(s string, pairs ...string) string {
	old := make([]string, 0, len(pairs))
	for i := 0; i+1 < len(pairs); i += 2 {
		old = append(old, "{"+pairs[i]+"}", pairs[i+1])
	}
	return strings.NewReplacer(old...).Replace(s)
}

// localeFor returns the locale of a language tag such as "fr" or "de-CH"; English for "" and for
// any language we have no words for.
func localeFor(lang string) *locale {
	base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(lang)), "-")
	base, _, _ = strings.Cut(base, "_")
	switch base {
	case "fr":
		return &french
	case "de":
		return &german
	}
	return &english
}

var english = locale{
	tag: language.English, point: ".", group: ",", colon: ": ",
	months: [12]string{"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"},
	dateFmt: "{d} {month} {y}",
	order:   "order", orderPO: "order {po}", orderDate: "order of {date}", orderPODate: "order {po} of {date}",
	subject: map[Status]string{
		Accepted: "Order confirmation {number} for your {order}",
		Changed:  "Order confirmation {number} with changes for your {order}",
		Rejected: "Your {order} cannot be accepted ({number})",
	},
	title:       map[Status]string{Accepted: "Order confirmation", Changed: "Order confirmation", Rejected: "Order rejection"},
	statusField: "Status",
	statusLabel: map[Status]string{Accepted: "Confirmed", Changed: "Confirmed with changes", Rejected: "Rejected"},
	thanks:      "Thank you for your {order}.",
	statusText: map[Status]string{
		Accepted: "We confirm it as ordered.",
		Changed:  "We confirm it with the changes shown below.",
		Rejected: "We regret that we cannot accept it.",
	},
	greeting:    "Dear Sir or Madam,",
	questions:   "If you have any questions, simply reply to this e-mail.",
	regards:     "Kind regards",
	issuedLabel: "Date", poLabel: "Your order", orderDateLbl: "Order date",
	deliveryLbl: "Requested delivery", customerNo: "Customer no.", customer: "Customer", shipTo: "Delivery address",
	vatID: "VAT ID", phone: "Phone", email: "E-mail",
	columns:      [7]string{"Line", "Our code", "Description", "Qty", "Unit", "Unit price", "Total"},
	yourCode:     "Your code:\u00a0{code}",
	netTotal:     "Net total (excl. VAT)",
	changes:      "Changes",
	reason:       "Reason",
	lineRef:      "Line {no}",
	qtyChange:    "quantity {new} instead of {old}",
	priceChange:  "unit price {new} instead of {old}",
	dateChange:   "delivery on {date}",
	notDelivered: "not delivered",
	changedLine:  "changed",
	page:         "Page {n} of {nb}",
	units: map[string]string{"C62": "pc", "H87": "pc", "EA": "pc", "NAR": "pc", "PCE": "pc", "KGM": "kg", "GRM": "g",
		"TNE": "t", "MTR": "m", "CMT": "cm", "MMT": "mm", "MTK": "m²", "MTQ": "m³", "LTR": "l", "MLT": "ml",
		"BX": "box", "CT": "carton", "PK": "pack", "PR": "pair", "SET": "set", "PA": "packet", "RO": "roll",
		"HUR": "h", "DAY": "day"},
}

var french = locale{
	tag: language.French, point: ",", group: "\u00a0", colon: "\u00a0: ",
	months: [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet",
		"août", "septembre", "octobre", "novembre", "décembre"},
	dateFmt: "{d} {month} {y}",
	order:   "commande", orderPO: "commande {po}", orderDate: "commande du {date}", orderPODate: "commande {po} du {date}",
	subject: map[Status]string{
		Accepted: "Confirmation de commande {number} pour votre {order}",
		Changed:  "Confirmation de commande {number} avec modifications pour votre {order}",
		Rejected: "Votre {order} ne peut pas être acceptée ({number})",
	},
	title:       map[Status]string{Accepted: "Confirmation de commande", Changed: "Confirmation de commande", Rejected: "Refus de commande"},
	statusField: "Statut",
	statusLabel: map[Status]string{Accepted: "Confirmée", Changed: "Confirmée avec modifications", Rejected: "Refusée"},
	thanks:      "Nous vous remercions de votre {order}.",
	statusText: map[Status]string{
		Accepted: "Nous la confirmons telle que vous l'avez passée.",
		Changed:  "Nous la confirmons avec les modifications indiquées ci-dessous.",
		Rejected: "Nous regrettons de ne pas pouvoir l'accepter.",
	},
	greeting:    "Madame, Monsieur,",
	questions:   "Pour toute question, il vous suffit de répondre à ce courriel.",
	regards:     "Cordialement",
	issuedLabel: "Date", poLabel: "Votre commande", orderDateLbl: "Date de commande",
	deliveryLbl: "Livraison souhaitée", customerNo: "N° client", customer: "Client", shipTo: "Adresse de livraison",
	vatID: "N° TVA", phone: "Tél.", email: "E-mail",
	columns:      [7]string{"Ligne", "Notre réf.", "Désignation", "Qté", "Unité", "Prix unit.", "Montant"},
	yourCode:     "Votre réf.\u00a0:\u00a0{code}",
	netTotal:     "Total HT",
	changes:      "Modifications",
	reason:       "Motif",
	lineRef:      "Ligne {no}",
	qtyChange:    "quantité {new} au lieu de {old}",
	priceChange:  "prix unitaire {new} au lieu de {old}",
	dateChange:   "livraison le {date}",
	notDelivered: "non livrée",
	changedLine:  "modifiée",
	page:         "Page {n} sur {nb}",
	units: map[string]string{"C62": "pce", "H87": "pce", "EA": "pce", "NAR": "pce", "PCE": "pce", "KGM": "kg", "GRM": "g",
		"TNE": "t", "MTR": "m", "CMT": "cm", "MMT": "mm", "MTK": "m²", "MTQ": "m³", "LTR": "l", "MLT": "ml",
		"BX": "boîte", "CT": "carton", "PK": "paquet", "PR": "paire", "SET": "lot", "PA": "paquet", "RO": "rouleau",
		"HUR": "h", "DAY": "jour"},
}

var german = locale{
	tag: language.German, point: ",", group: ".", colon: ": ",
	months: [12]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
		"August", "September", "Oktober", "November", "Dezember"},
	dateFmt: "{d}. {month} {y}",
	// The possessive stays in the sentences: German declines it ("Ihre Bestellung", "zu Ihrer Bestellung").
	order: "Bestellung", orderPO: "Bestellung {po}", orderDate: "Bestellung vom {date}", orderPODate: "Bestellung {po} vom {date}",
	subject: map[Status]string{
		Accepted: "Auftragsbestätigung {number} zu Ihrer {order}",
		Changed:  "Auftragsbestätigung {number} mit Änderungen zu Ihrer {order}",
		Rejected: "Ihre {order} kann nicht angenommen werden ({number})",
	},
	title:       map[Status]string{Accepted: "Auftragsbestätigung", Changed: "Auftragsbestätigung", Rejected: "Auftragsablehnung"},
	statusField: "Status",
	statusLabel: map[Status]string{Accepted: "Bestätigt", Changed: "Mit Änderungen bestätigt", Rejected: "Abgelehnt"},
	thanks:      "Vielen Dank für Ihre {order}.",
	statusText: map[Status]string{
		Accepted: "Wir bestätigen sie wie bestellt.",
		Changed:  "Wir bestätigen sie mit den unten aufgeführten Änderungen.",
		Rejected: "Leider können wir sie nicht annehmen.",
	},
	greeting:    "Sehr geehrte Damen und Herren,",
	questions:   "Bei Fragen antworten Sie einfach auf diese E-Mail.",
	regards:     "Mit freundlichen Grüßen",
	issuedLabel: "Datum", poLabel: "Ihre Bestellung", orderDateLbl: "Bestelldatum",
	deliveryLbl: "Gewünschte Lieferung", customerNo: "Kunden-Nr.", customer: "Kunde", shipTo: "Lieferadresse",
	vatID: "USt-IdNr.", phone: "Tel.", email: "E-Mail",
	columns:      [7]string{"Pos.", "Artikel-Nr.", "Bezeichnung", "Menge", "Einheit", "Einzelpreis", "Betrag"},
	yourCode:     "Ihre Art.-Nr.:\u00a0{code}",
	netTotal:     "Nettosumme (zzgl. USt.)",
	changes:      "Änderungen",
	reason:       "Grund",
	lineRef:      "Pos. {no}",
	qtyChange:    "Menge {new} statt {old}",
	priceChange:  "Einzelpreis {new} statt {old}",
	dateChange:   "Lieferung am {date}",
	notDelivered: "wird nicht geliefert",
	changedLine:  "geändert",
	page:         "Seite {n} von {nb}",
	units: map[string]string{"C62": "Stk.", "H87": "Stk.", "EA": "Stk.", "NAR": "Stk.", "PCE": "Stk.", "KGM": "kg", "GRM": "g",
		"TNE": "t", "MTR": "m", "CMT": "cm", "MMT": "mm", "MTK": "m²", "MTQ": "m³", "LTR": "l", "MLT": "ml",
		"BX": "Schacht.", "CT": "Karton", "PK": "Pack", "PR": "Paar", "SET": "Satz", "PA": "Paket", "RO": "Rolle",
		"HUR": "Std.", "DAY": "Tag"},
}
