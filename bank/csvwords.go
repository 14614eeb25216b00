package bank

import "strings"

// headerWords are the column names that ParseCSV recognises with no mapping: English, French,
// German (and the Dutch of ING exports), folded as fold writes them.
var headerWords = map[Field][]string{
	FieldBookingDate: {"date", "booking date", "transaction date", "posting date", "booked date", "completed date", "date operation",
		"date de l operation", "date d operation", "date comptable", "date de comptabilisation", "date de l opération",
		"buchungstag", "buchungsdatum", "datum", "buchung", "transaktionsdatum"},
	FieldValueDate: {"value date", "valuta", "valutadatum", "valuta datum", "wertstellung", "wertstellungsdatum", "date de valeur",
		"date valeur", "valeur"},
	FieldAmount: {"amount", "transaction amount", "montant", "montant de l operation", "montant operation", "betrag", "umsatz",
		"bedrag", "amount eur", "montant eur", "betrag eur", "bedrag eur", "amount in eur", "montant en euros", "montant euros", "betrag in eur"},
	FieldDebit: {"debit", "debits", "debit amount", "debit eur", "montant debit", "debit euros", "paid out", "money out", "withdrawal",
		"withdrawals", "soll", "ausgang", "belastung", "lastschrift betrag", "sortie", "sorties", "af"},
	FieldCredit: {"credit", "credits", "credit amount", "credit eur", "montant credit", "credit euros", "paid in", "money in", "deposit",
		"deposits", "haben", "eingang", "gutschrift", "entree", "entrees", "bij"},
	FieldMark:     {"debit credit", "credit debit", "d c", "c d", "dr cr", "cr dr", "soll haben", "s h", "sens", "af bij", "debit or credit"},
	FieldCurrency: {"currency", "ccy", "devise", "monnaie", "waehrung", "whrg", "munt"},
	FieldDescription: {"description", "details", "transaction details", "transaction description", "narrative", "memo", "text", "libelle", "libelle operation",
		"libelle de l operation", "libelle simplifie", "libelle complet", "detail", "communication", "motif", "informations complementaires",
		"remittance information", "verwendungszweck", "buchungstext", "vorgang verwendungszweck", "mededelingen", "omschrijving", "reference libelle"},
	FieldCounterpartyName: {"payee", "payer", "payee name", "payer name", "counterparty", "counterparty name", "beneficiary", "name",
		"beguenstigter zahlungspflichtiger", "auftraggeber beguenstigter", "beguenstigter auftraggeber", "empfaenger", "zahlungsempfaenger",
		"name zahlungsbeteiligter", "zahlungspflichtiger", "tiers", "nom du tiers", "contrepartie", "beneficiaire", "emetteur",
		"naam omschrijving", "naam"},
	FieldCounterpartyIBAN: {"iban", "counterparty iban", "counterparty account", "kontonummer iban", "iban zahlungsbeteiligter",
		"iban du tiers", "iban contrepartie", "iban beneficiaire", "tegenrekening", "kontonummer", "iban auftraggeber"},
	FieldCounterpartyBIC: {"bic", "bic swift", "bic swift code", "swift", "bic zahlungsbeteiligter", "bic du tiers", "bic contrepartie", "blz bic"},
	FieldReference: {"reference", "bank reference", "transaction id", "transaction reference", "referenz", "reference de l operation",
		"reference operation", "ref", "numero d operation", "buchungsreferenz"},
	FieldEndToEndID: {"end to end id", "end to end reference", "end to end", "eref", "end to end referenz", "reference de bout en bout",
		"reference end to end"},
	FieldCreditorReference: {"creditor reference", "structured reference", "reference structuree", "rf reference"},
}

// headerIndex maps each folded header word to its field.
var headerIndex = func() map[string]Field {
	m := map[string]Field{}
	for f, words := range headerWords {
		for _, w := range words {
			m[fold(w)] = f
		}
	}
	return m
}()

// headerField is the field a header names, "" when none. A currency after the name ("Betrag
// (EUR)", "Montant en EUR") does not count.
func headerField(h string) Field {
	k := fold(h)
	if f, ok := headerIndex[k]; ok {
		return f
	}
	for _, suffix := range []string{" eur", " euro", " euros", " in eur", " en eur", " chf", " usd", " gbp"} {
		if t, ok := strings.CutSuffix(k, suffix); ok {
			if f, ok := headerIndex[t]; ok {
				return f
			}
		}
	}
	return ""
}

// multiFields may map to several columns; every other field takes the first column that names it.
var multiFields = []Field{FieldDescription}

// markOf reads a debit/credit column: D, C, S (Soll), H (Haben), Af, Bij, and the words.
func markOf(s string) Mark {
	switch fold(s) {
	case "c", "cr", "credit", "h", "haben", "bij", "in", "crdt", "gutschrift":
		return Credit
	case "d", "dr", "debit", "s", "soll", "af", "out", "dbit", "belastung", "lastschrift":
		return Debit
	}
	switch strings.TrimSpace(s) {
	case "+":
		return Credit
	case "-":
		return Debit
	}
	return ""
}
