package corpus

import (
	"fmt"
	"html"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// emailDesign is an order written as an e-mail by a person: greeting, the articles as a list in
// one of several ways people write them, a PO reference and a delivery date when they think of
// them, and a signature.
type emailDesign struct {
	lang      string
	countries []string
	html      bool
}

var emailDesigns = map[string]*emailDesign{
	"email-fr":      {lang: "fr", countries: []string{"FR", "BE"}},
	"email-fr-html": {lang: "fr", countries: []string{"FR"}, html: true},
	"email-de":      {lang: "de", countries: []string{"DE"}},
	"email-en":      {lang: "en", countries: []string{"GB", "ES"}},
}

// emailText holds a language's sentences.
type emailText struct {
	hello, intro, introDate, po, thanks, regards []string
	styles                                       []string // line patterns: {q} {u} {d} {c}
	plural                                       map[string]string
	num                                          numFmt
	df                                           []dateFmt
	head                                         [3]string // HTML table columns: code, description, quantity
	tel                                          string
}

var emailTexts = map[string]*emailText{
	"fr": {
		hello:     []string{"Bonjour,", "Bonjour Madame, Monsieur,", "Bonjour à tous,"},
		intro:     []string{"Merci de nous livrer :", "Pouvez-vous nous livrer les articles suivants :", "Voici notre commande :"},
		introDate: []string{"Merci de nous livrer pour le {date} :", "Pouvez-vous nous livrer le {date} les articles suivants :"},
		po:        []string{"Notre référence de commande : {po}", "Réf. commande : {po}", "N° de commande à rappeler sur la facture : {po}"},
		thanks:    []string{"Merci d'avance.", "Merci de nous confirmer la livraison.", ""},
		regards:   []string{"Cordialement,", "Bien cordialement,", "Bonne journée,"},
		styles: []string{"- {q} x {d} (réf. {c})", "- {q} {u} {d}", "- réf. {c} : {q}", "- {d} : {q}",
			"{c} - {d} - qté {q}"},
		plural: map[string]string{"CT": "cartons", "BX": "boîtes", "PK": "paquets", "KGM": "kg"},
		num:    numFR, df: []dateFmt{dSlash, dLongFR}, head: [3]string{"Réf.", "Désignation", "Quantité"}, tel: "Tél. :",
	},
	"de": {
		hello:     []string{"Guten Tag,", "Sehr geehrte Damen und Herren,", "Hallo zusammen,"},
		intro:     []string{"bitte liefern Sie uns:", "wir bestellen hiermit:", "bitte folgende Artikel liefern:"},
		introDate: []string{"bitte liefern Sie uns bis zum {date}:", "wir bestellen zur Lieferung am {date}:"},
		po:        []string{"Unsere Bestellnummer: {po}", "Bestell-Nr.: {po}", "Bitte auf der Rechnung angeben: Bestellung {po}"},
		thanks:    []string{"Vielen Dank im Voraus.", "Bitte bestätigen Sie den Liefertermin.", ""},
		regards:   []string{"Mit freundlichen Grüßen", "Viele Grüße", "Beste Grüße"},
		styles: []string{"- {q} x {d} (Art.-Nr. {c})", "- {q} {u} {d}", "- Art.-Nr. {c}: {q}", "- {d}: {q}",
			"{q}x {c} {d}"},
		plural: map[string]string{"CT": "Karton", "BX": "Boxen", "PK": "Pack", "KGM": "kg"},
		num:    numDE, df: []dateFmt{dDot, dLongDE}, head: [3]string{"Art.-Nr.", "Bezeichnung", "Menge"}, tel: "Tel.:",
	},
	"en": {
		hello:     []string{"Hello,", "Hi team,", "Good morning,", "Dear Sir or Madam,"},
		intro:     []string{"Please could you deliver the following:", "We would like to order:", "Please send us:"},
		introDate: []string{"Please deliver the following on {date}:", "Could we have the following by {date}:"},
		po:        []string{"Our PO number is {po}.", "PO ref: {po}", "Please quote order number {po} on your invoice."},
		thanks:    []string{"Many thanks.", "Thanks in advance.", "Please confirm receipt of this order.", ""},
		regards:   []string{"Kind regards,", "Best regards,", "Thanks,"},
		styles: []string{"- {q} x {d} (code {c})", "- {q} {u} of {d}", "- {c} x {q}", "- {d} - {q}",
			"* {q} {c} {d}"},
		plural: map[string]string{"CT": "cartons", "BX": "boxes", "PK": "packs", "KGM": "kg"},
		num:    numEN, df: []dateFmt{dLongEN, dSlash}, head: [3]string{"Code", "Description", "Qty"}, tel: "Tel:",
	},
}

// email draws an order and writes it; it returns the body, its file name and the truth.
func (d *emailDesign) email(g *gen) (body []byte, file string, truth o2c.OrderDraft) {
	tx := emailTexts[d.lang]
	spec := &contentSpec{lang: d.lang, countries: d.countries, lines: [2]int{1, 8}, sku: true, localDesc: true,
		delivery: 60, poNumber: map[string]func(*gen, cal.Date) string{"fr": poBC, "de": poSAP, "en": poEN}[d.lang]}
	o := g.buildOrder(spec)
	if !g.chance(55) {
		o.po = ""
	}
	truth = o2c.OrderDraft{DocumentType: o2c.DocPurchaseOrder, PONumber: o.po, RequestedDeliveryDate: o.delivery}
	buyer := o2c.Party{Name: o.buyer.Name, Street: o.buyer.Street, PostalCode: o.buyer.PostalCode, City: o.buyer.City}
	var lines []string
	var rows [][3]string
	for _, it := range o.articles() {
		desc, _, _ := strings.Cut(it.desc, ",")
		q := tx.num.qty(it.qty, 0)
		l := o2c.DraftLine{Quantity: ptr(it.qty)}
		style := g.intn(len(tx.styles))
		if d.html {
			style = 4 // code, description and quantity in table cells
		}
		if style == 1 && tx.plural[it.unit] == "" {
			style = 0
		}
		pattern := tx.styles[style]
		if strings.Contains(pattern, "{c}") {
			l.SupplierSKU = it.product.SKU
		}
		if strings.Contains(pattern, "{d}") {
			l.Description = desc
		}
		if strings.Contains(pattern, "{u}") {
			l.Unit = it.unit
		}
		r := strings.NewReplacer("{q}", q, "{u}", tx.plural[it.unit], "{d}", desc, "{c}", it.product.SKU)
		lines = append(lines, r.Replace(pattern))
		rows = append(rows, [3]string{it.product.SKU, desc, q})
		truth.Lines = append(truth.Lines, l)
	}
	intro := pick(g, tx.intro)
	if !o.delivery.IsZero() {
		intro = strings.ReplaceAll(pick(g, tx.introDate), "{date}", pick(g, tx.df).date(o.delivery))
	}
	sig := []string{o.contact, o.buyer.Name, o.buyer.Street, o.buyer.PostalCode + " " + o.buyer.City}
	if g.chance(50) {
		sig = append(sig, tx.tel+" "+o.phone)
	}
	if g.chance(40) {
		sig = append(sig, o.cust.Email)
		buyer.Email = o.cust.Email
	}
	truth.Buyer = &buyer
	poLine := ""
	if o.po != "" {
		poLine = strings.ReplaceAll(pick(g, tx.po), "{po}", o.po)
	}
	hello, thanks, regards := pick(g, tx.hello), pick(g, tx.thanks), pick(g, tx.regards)
	poFirst := g.chance(40)

	if d.html {
		var b strings.Builder
		b.WriteString("<html><head><meta charset=\"utf-8\"></head><body style=\"font-family:Calibri,Arial,sans-serif\">\n")
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(hello))
		if poFirst && poLine != "" {
			fmt.Fprintf(&b, "<p><b>%s</b></p>\n", html.EscapeString(poLine))
		}
		fmt.Fprintf(&b, "<p>%s</p>\n<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\">\n", html.EscapeString(intro))
		fmt.Fprintf(&b, "<tr><th>%s</th><th>%s</th><th>%s</th></tr>\n", html.EscapeString(tx.head[0]),
			html.EscapeString(tx.head[1]), html.EscapeString(tx.head[2]))
		for _, r := range rows {
			fmt.Fprintf(&b, "<tr><td>%s</td><td>%s</td><td align=\"right\">%s</td></tr>\n",
				html.EscapeString(r[0]), html.EscapeString(r[1]), html.EscapeString(r[2]))
		}
		b.WriteString("</table>\n")
		if !poFirst && poLine != "" {
			fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(poLine))
		}
		if thanks != "" {
			fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(thanks))
		}
		fmt.Fprintf(&b, "<p>%s<br>\n", html.EscapeString(regards))
		for i, s := range sig {
			if i == 1 {
				fmt.Fprintf(&b, "<b>%s</b><br>\n", html.EscapeString(s))
				continue
			}
			fmt.Fprintf(&b, "%s<br>\n", html.EscapeString(s))
		}
		b.WriteString("</p>\n</body></html>\n")
		return []byte(b.String()), "body.html", truth
	}

	var b strings.Builder
	b.WriteString(hello + "\n\n")
	if poFirst && poLine != "" {
		b.WriteString(poLine + "\n\n")
	}
	b.WriteString(intro + "\n\n")
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	b.WriteString("\n")
	if !poFirst && poLine != "" {
		b.WriteString(poLine + "\n\n")
	}
	if thanks != "" {
		b.WriteString(thanks + "\n\n")
	}
	b.WriteString(regards + "\n")
	for _, s := range sig {
		b.WriteString(s + "\n")
	}
	return []byte(b.String()), "body.txt", truth
}
