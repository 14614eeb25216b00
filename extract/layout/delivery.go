package layout

import (
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/sheet"
)

// deliveryLabels are the labels of a delivery note's transport facts, folded, and the part of
// the delivery block (or the party) each names.
var deliveryLabels = func() map[string]string {
	m := map[string]string{}
	for field, labels := range map[string][]string{
		"document_number": {"N° BL", "N° de BL", "Numéro de BL", "N° bon de livraison", "Bon de livraison n°", "Lieferschein-Nr.",
			"Lieferscheinnummer", "Lieferschein Nr.", "Delivery note No.", "Delivery note number", "Delivery note #", "DN No.",
			"Despatch note No.", "Dispatch note No.", "CMR No.", "CMR-Nr.", "N° CMR", "Albarán nº", "Nº albarán"},
		"shipped_date": {"Date d'expédition", "Date expédition", "Expédié le", "Lieferdatum", "Versanddatum", "Versandt am",
			"Ship date", "Shipping date", "Dispatch date", "Despatch date", "Date of dispatch", "Shipped on", "Fecha de envío"},
		"delivered_date": {"Date de réception", "Reçu le", "Empfangsdatum", "Erhalten am", "Date received", "Received on",
			"Date of receipt", "Fecha de recepción"},
		"carrier":      {"Transporteur", "Spediteur", "Frachtführer", "Carrier", "Haulier", "Transportista"},
		"consignee":    {"Adresse de livraison", "Lieferanschrift", "Lieferadresse", "Delivery address", "Deliver to", "Ship to", "Destinataire", "Empfänger", "Warenempfänger", "Consignee", "Destinatario"},
		"bill_to":      {"Adresse de facturation", "Rechnungsanschrift", "Rechnungsadresse", "Invoice address", "Bill to", "Billing address", "Invoice to", "Dirección de facturación"},
		"packages":     {"Nombre de colis", "Nb de colis", "Colis", "Anzahl Packstücke", "Packstücke", "Anzahl Colli", "Number of packages", "Packages", "No. of packages", "Bultos"},
		"weight":       {"Poids brut", "Poids", "Bruttogewicht", "Gewicht", "Gross weight", "Weight", "Peso bruto"},
		"reservations": {"Réserves", "Vorbehalte", "Reservations", "Remarks on receipt", "Reservas"},
	} {
		for _, l := range labels {
			m[sheet.Fold(l)] = field
		}
	}
	return m
}()

// signatureWords mark the box where the consignee signs or stamps.
var signatureWords = []string{"signature", "unterschrift", "stempel", "cachet", "signed", "firma"}

// delivery reads the transport facts of a delivery note: its number and dates, the carrier, the
// shipper (its letterhead), the consignee and the party billed, packages and weight, whether the
// consignee signed or stamped it, and the reservations written on it.
func (b *builder) delivery(rows []row, used map[int]bool, title string) {
	dl := &o2c.Delivery{}
	found := map[string]string{}
	for i, r := range rows {
		if used[i] {
			continue
		}
		for k, c := range r.Cells {
			label, value, _ := cutLabel(c.Text)
			field, ok := deliveryLabels[sheet.Fold(label)]
			if !ok || found[field] != "" {
				continue
			}
			dateField := field == "shipped_date" || field == "delivered_date"
			switch {
			case value != "":
			case k+1 < len(r.Cells) && field != "consignee" && field != "bill_to" && field != "reservations" &&
				(!dateField || readsAs("order_date", r.Cells[k+1].Text)):
				value = r.Cells[k+1].Text
			default:
				// A caption over its value: "Date de réception" over the date the consignee wrote.
				if v, ok := below(rows, i, c.Box, used); ok && (!dateField || readsAs("order_date", v.Text)) {
					value = v.Text
				}
			}
			if value != "" {
				found[field] = value
			}
		}
	}
	if found["delivered_date"] == "" {
		found["delivered_date"] = receiptDate(rows, used)
	}
	if v := found["document_number"]; v != "" {
		dl.DocumentNumber = poNumber(v)
		b.set("delivery.document_number", 0.95)
	}
	for _, f := range []string{"shipped_date", "delivered_date"} {
		if date, ok, sure := b.conv.date(found[f]); ok {
			if f == "shipped_date" {
				dl.ShippedDate = date
			} else {
				dl.DeliveredDate = date
			}
			b.set("delivery."+f, map[bool]float64{true: 0.95, false: 0.8}[sure])
		}
	}
	if v := found["carrier"]; v != "" {
		dl.Carrier = &o2c.Party{Name: strings.Split(v, "\n")[0]}
		b.set("delivery.carrier", 0.93)
	}
	if v := found["consignee"]; v != "" {
		dl.Consignee = address(v)
		b.set("delivery.consignee", 0.93)
	}
	if v := found["bill_to"]; v != "" {
		if p := address(v); p != nil {
			b.d.Buyer = p
			b.set("buyer", 0.93)
		}
	}
	if v := found["packages"]; v != "" {
		if n, ok, _ := b.conv.number(v); ok {
			dl.Packages = &n
			b.set("delivery.packages", 0.95)
		}
	}
	if v := found["weight"]; v != "" {
		if n, ok, _ := b.conv.number(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kg"))); ok {
			dl.GrossWeightKg = &n
			b.set("delivery.gross_weight_kg", 0.95)
		}
	}
	if v := strings.TrimSpace(found["reservations"]); v != "" {
		dl.Reservations = strings.ReplaceAll(v, "\n", " ")
		b.set("delivery.reservations", 0.9)
	}
	// The shipper is the letterhead: who sends the goods writes the note.
	if block, conf := firstBlock(rows, title); len(block) >= 2 {
		if p := address(strings.Join(splitParts(block), "\n")); p != nil {
			for _, l := range block {
				if vat := vatPattern.FindString(strings.ToUpper(l)); vat != "" && p.VATID == "" {
					p.VATID = strings.ReplaceAll(vat, " ", "")
				}
				if e := strings.ReplaceAll(emailPattern.FindString(l), " ", ""); e != "" && p.Email == "" {
					p.Email = e
				}
			}
			dl.Shipper = p
			b.set("delivery.shipper", conf*0.92)
		}
	}
	signed, sure := signedBox(rows)
	dl.ReceivedSigned = &signed
	// A drawn signature is no text: when none is read, a person looks.
	b.set("delivery.received_signed", map[bool]float64{true: 0.9, false: 0.5}[sure])
	if !dl.ShippedDate.IsZero() || dl.DocumentNumber != "" || dl.Consignee != nil {
		b.d.Delivery = dl
		// A delivery note's facts were found by their captions on a form of its own: what was
		// not found, or read in the wrong box, a person should see.
		b.set("delivery", 0.85)
	}
}

// splitParts cuts address lines written on one line ("15 Rue du Séminaire, 94150 Rungis, France",
// "Tél. … - mail@x - TVA …") into their parts.
func splitParts(block []string) []string {
	var out []string
	for i, l := range block {
		if i == 0 {
			out = append(out, l)
			continue
		}
		for _, p := range strings.Split(l, ", ") {
			out = append(out, strings.Split(p, " - ")...)
		}
	}
	return out
}

// signedBox reads the box where the consignee signs: any word under its label that is not a
// date or another label means signed or stamped. sure is false when nothing was read there.
func signedBox(rows []row) (signed, sure bool) {
	for i, r := range rows {
		if !hasSignatureWord(sheet.Fold(r.text())) {
			continue
		}
		for _, next := range rows[i+1 : min(len(rows), i+4)] {
			for _, c := range next.Cells {
				if label, _, colon := cutLabel(c.Text); colon || isLabel(label) {
					return false, false
				}
				if _, isDate := readDateIn(c.Text); isDate && len(strings.Fields(c.Text)) <= 3 {
					continue
				}
				return true, true
			}
		}
		return false, false
	}
	return false, false
}

// dateCaptions head the date written in the consignee's box beside "Signature / Stempel".
var dateCaptions = map[string]bool{"date": true, "datum": true, "fecha": true, "le": true, "am": true, "on": true}

// receiptDate reads the date the consignee wrote in the box where it signs, under a bare "Datum"
// or "Date" caption in the same row as the signature's.
func receiptDate(rows []row, used map[int]bool) string {
	for i, r := range rows {
		if used[i] || !hasSignatureWord(sheet.Fold(r.text())) {
			continue
		}
		for _, c := range r.Cells {
			label, _, _ := cutLabel(c.Text)
			if !dateCaptions[sheet.Fold(label)] {
				continue
			}
			// The consignee's hand writes the place and date in any order under the captions.
			for _, next := range rows[i+1 : min(len(rows), i+4)] {
				for _, n := range next.Cells {
					if next.Page == r.Page && overlapX(n.Box, c.Box) > 0 && readsAs("order_date", n.Text) {
						return n.Text
					}
				}
			}
		}
	}
	return ""
}

func hasSignatureWord(folded string) bool {
	for _, w := range signatureWords {
		if strings.Contains(folded, w) {
			return true
		}
	}
	return false
}
