package pdf

import (
	"strings"

	"github.com/o2c-project/o2c/invoice"
)

// meansNames names the UNTDID 4461 payment means a payment block shows when the invoice gives
// no text of its own.
var meansNames = map[string]map[string]string{
	"en": {"30": "Credit transfer", "58": "SEPA credit transfer", "59": "SEPA direct debit", "49": "Direct debit", "48": "Bank card", "10": "Cash", "20": "Cheque"},
	"fr": {"30": "Virement", "58": "Virement SEPA", "59": "Prélèvement SEPA", "49": "Prélèvement", "48": "Carte bancaire", "10": "Espèces", "20": "Chèque"},
	"de": {"30": "Überweisung", "58": "SEPA-Überweisung", "59": "SEPA-Lastschrift", "49": "Lastschrift", "48": "Bankkarte", "10": "Bar", "20": "Scheck"},
}

// payment writes the payment instructions in a shaded panel: means, account, reference, due
// date and terms.
func (d *invoiceDoc) payment() {
	p, w := d.inv.Payment, d.w
	means := p.MeansText
	if means == "" {
		means = meansNames[d.n.lang][p.MeansCode]
	}
	var refs []ref
	add := func(label, value string) {
		if value != "" {
			refs = append(refs, ref{label, value})
		}
	}
	add(w.means, means)
	add(w.iban, groupIBAN(p.IBAN))
	add(w.bic, p.BIC)
	add(w.accountName, p.AccountName)
	add(w.reference, p.Reference)
	if d.inv.Totals.Payable.IsPositive() {
		add(w.dueDate, d.n.date(d.inv.DueDate))
	}
	if len(refs) == 0 && p.Terms == "" {
		return
	}
	const pad, labelW = 4.0, 27.0
	colW := (contentW - 2*pad) / 2
	rows := (len(refs) + 1) / 2
	d.font("", 8.5, ink)
	terms := capLines(d.wrap(p.Terms, contentW-2*pad-labelW), 8)
	h := 2*pad + 5 + float64(rows)*4.6 + float64(len(terms))*4.2
	if len(terms) > 0 {
		h += 1.5
	}
	d.room(h)
	d.rect(marginX, d.y, contentW, h, panel)
	d.rect(marginX, d.y, 1.2, h, d.accent)
	y := d.y + pad
	d.font("B", 7, d.accent)
	d.text(marginX+pad, y, contentW, 4, "L", strings.ToUpper(w.payment))
	y += 5
	for i, r := range refs {
		x := marginX + pad + float64(i%2)*colW
		ry := y + float64(i/2)*4.6
		d.font("", 7.5, muted)
		d.text(x, ry, labelW, 4.6, "L", r.label)
		d.fit("B", 8.5, colW-labelW-2, r.value)
		d.f.SetTextColor(ink.r, ink.g, ink.b)
		d.text(x+labelW, ry, colW-labelW-2, 4.6, "L", d.shorten(r.value, colW-labelW-2))
	}
	y += float64(rows) * 4.6
	if len(terms) > 0 {
		y += 1.5
		d.font("", 7.5, muted)
		d.text(marginX+pad, y, labelW, 4.2, "L", w.terms)
		d.font("", 8.5, ink)
		for _, l := range terms {
			d.text(marginX+pad+labelW, y, contentW-2*pad-labelW, 4.2, "L", l)
			y += 4.2
		}
	}
	d.y += h + 5
}

// groupIBAN writes an IBAN in groups of four, as it is printed on paper.
func groupIBAN(iban string) string {
	s := strings.ReplaceAll(iban, " ", "")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%4 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// legal writes the notes of the invoice and the legal mentions it lacks.
func (d *invoiceDoc) legal() {
	texts := legalMentions(d.inv, d.b, d.w)
	if len(texts) == 0 {
		return
	}
	d.room(5 + 2*3.8)
	d.font("B", 7, muted)
	d.text(marginX, d.y, contentW, 4, "L", strings.ToUpper(d.w.legal))
	d.y += 5
	d.font("", 7.5, ink)
	for _, t := range texts {
		for _, l := range d.wrap(t, contentW) {
			if d.room(3.8) {
				d.font("", 7.5, ink)
			}
			d.text(marginX, d.y, contentW, 3.8, "L", l)
			d.y += 3.8
		}
		d.y += 0.8
	}
}

// legalMentions are the invoice's notes, then the mentions the law asks for that neither the
// notes nor the payment terms already give. French B2B invoices (a French seller, a buyer that
// is a business) must state the early-payment discount, the late-payment penalty rate and the
// 40 € fixed recovery indemnity (Code de commerce L441-9 and L441-10).
func legalMentions(inv *invoice.Invoice, b Branding, w *words) []string {
	var out []string
	said := strings.ToLower(inv.Payment.Terms)
	for _, n := range inv.Notes {
		out = append(out, n.Text)
		said += " " + strings.ToLower(n.Text)
	}
	mentions := func(words ...string) bool {
		for _, s := range words {
			if strings.Contains(said, s) {
				return true
			}
		}
		return false
	}
	frenchB2B := inv.Seller.Address.Country == "FR" && isBusiness(inv.Buyer) && !inv.Type.IsCreditNote()
	switch {
	case b.EarlyDiscount != "":
		out = append(out, b.EarlyDiscount)
	case frenchB2B && !mentions("escompte", "discount", "skonto"):
		out = append(out, w.noEarlyDiscount)
	}
	switch {
	case b.LatePenalty != "" && !mentions("pénalit", "penalt", "verzug"):
		out = append(out, fill(w.latePenalty, "rate", b.LatePenalty))
	case frenchB2B && !mentions("pénalit", "penalt", "verzug"):
		out = append(out, fill(w.latePenalty, "rate", w.latePenaltyDefault))
	}
	if frenchB2B && !mentions("recouvrement", "recovery", "beitreibung") {
		out = append(out, w.indemnity)
	}
	return out
}

// isBusiness reports whether a buyer is a business: it has a VAT id or a legal registration.
func isBusiness(p invoice.Party) bool {
	return p.VATID != "" || p.LegalID.Value != "" || p.SIRET() != "" || p.TaxID != ""
}
