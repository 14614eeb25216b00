package corpus

import (
	"fmt"
	"strings"

	"github.com/o2c-project/o2c"
)

// formDesign is our own pre-printed order form, as customers fill it in: by hand, or typed into
// the PDF. It has no prices: the customer writes codes, descriptions and quantities.
type formDesign struct {
	content contentSpec
	hand    string // handwriting font for the handwritten channel
	title   string
	sub     string // the line under the title
	num     numFmt
	df      dateFmt
	labels  formLabels
	rows    int // printed rows of the grid
}

type formLabels struct {
	customer, street, city, phone, po, date, delivery string
	no, code, desc, qty, unit                         string
	sign, thanks                                      string
}

var formDesigns = map[string]*formDesign{
	"form-fr": {
		content: contentSpec{lang: "fr", countries: []string{"FR"}, lines: [2]int{3, 10}, noStep: 1, descOnly: 15,
			localDesc: true, delivery: 70, poNumber: poBC},
		hand: fontDKG, title: "BON DE COMMANDE", sub: "à retourner par fax au 01 46 87 20 01 ou par e-mail à " + supplier.Email,
		num: numFR, df: dSlash, rows: 15,
		labels: formLabels{customer: "Raison sociale", street: "Adresse", city: "CP / Ville", phone: "Téléphone",
			po: "Votre n° de commande", date: "Date", delivery: "Livraison souhaitée le", no: "N°", code: "Référence",
			desc: "Désignation", qty: "Quantité", unit: "Unité", sign: "Signature et cachet",
			thanks: "Merci de votre commande !"},
	},
	"form-de": {
		content: contentSpec{lang: "de", countries: []string{"DE"}, lines: [2]int{3, 10}, noStep: 1, descOnly: 15,
			localDesc: true, delivery: 70, poNumber: poDE},
		hand: fontDKG, title: "BESTELLSCHEIN", sub: "Bitte per Fax an +33 1 46 87 20 01 oder per E-Mail an " + supplier.Email,
		num: numDE, df: dDot, rows: 15,
		labels: formLabels{customer: "Firma", street: "Straße, Nr.", city: "PLZ / Ort", phone: "Telefon",
			po: "Ihre Bestellnummer", date: "Datum", delivery: "Gewünschter Liefertermin", no: "Pos.", code: "Artikel-Nr.",
			desc: "Bezeichnung", qty: "Menge", unit: "Einheit", sign: "Unterschrift / Stempel",
			thanks: "Vielen Dank für Ihre Bestellung!"},
	},
	"form-en": {
		content: contentSpec{lang: "en", countries: []string{"GB"}, lines: [2]int{3, 10}, noStep: 1, descOnly: 15,
			delivery: 70, poNumber: poEN},
		hand: fontHumor, title: "ORDER FORM", sub: "Please return by email to " + supplier.Email + " or fax +33 1 46 87 20 01",
		num: numEN, df: dSlash, rows: 15,
		labels: formLabels{customer: "Company name", street: "Address", city: "Postcode / Town", phone: "Phone",
			po: "Your order ref.", date: "Date", delivery: "Delivery required on", no: "No.", code: "Product code",
			desc: "Description", qty: "Quantity", unit: "Unit", sign: "Signature", thanks: "Thank you for your order!"},
	},
}

// formOrder draws the content of a form: what a customer writes. The address has no country (a
// customer does not write it on a form addressed to it), descriptions are short.
func (d *formDesign) order(g *gen) *order {
	spec := d.content
	spec.sku = true
	o := g.buildOrder(&spec)
	o.buyer.Country = ""
	for i := range o.items {
		it := &o.items[i]
		if it.note != "" {
			continue
		}
		it.desc, _, _ = strings.Cut(it.desc, ",") // people write the short name
	}
	return o
}

// truth of a filled form.
func (d *formDesign) truth(o *order) o2c.OrderDraft {
	t := o.truth(truthSpec{unit: true})
	t.Buyer.Country = ""
	return t
}

// pdf fills the form; typed values in Courier, or handwriting when hand is set.
func (d *formDesign) pdf(o *order, hand bool, seed uint64) ([]byte, error) {
	var fonts []string
	if hand {
		fonts = []string{fontDKG, fontHumor}
	}
	s, err := newSheet(seed, fonts...)
	if err != nil {
		return nil, err
	}
	l := d.labels
	write := func(x, y, w float64, t string) {
		if hand {
			s.hand(d.hand, x, y, 12.5, w, t)
			return
		}
		s.font("Courier", "", 10)
		s.ink()
		s.fit(x, y, w, t)
	}
	s.f.AddPage()
	s.lineWidth(0.25)
	// Our letterhead: this is our form.
	s.font("Helvetica", "B", 15)
	s.text(marginX, 20, supplier.Name)
	s.font("Helvetica", "", 8)
	s.text(marginX, 25, supplier.Street+" - "+supplier.PostalCode+" "+supplier.City+" - "+supplierPhone)
	s.font("Helvetica", "B", 18)
	s.textR(rightX, 22, d.title)
	s.font("Helvetica", "I", 8)
	s.textR(rightX, 28, d.sub)
	s.line(marginX, 31, rightX, 31)

	// Customer fields: label in a box's corner, value written in the box.
	box := func(x, y, w float64, label, value string) {
		s.rect(x, y, w, 11, "D")
		s.font("Helvetica", "", 6.5)
		s.gray(70)
		s.text(x+1.2, y+3, label)
		s.ink()
		if value != "" {
			write(x+3, y+9, w-5, value)
		}
	}
	y := 36.0
	box(marginX, y, 110, l.customer, o.buyer.Name)
	box(marginX+112, y, 62, l.phone, o.phone)
	y += 13
	box(marginX, y, 110, l.street, o.buyer.Street)
	box(marginX+112, y, 62, l.po, o.po)
	y += 13
	box(marginX, y, 110, l.city, o.buyer.PostalCode+" "+o.buyer.City)
	box(marginX+112, y, 30, l.date, d.df.date(o.orderDate))
	deliv := ""
	if !o.delivery.IsZero() {
		deliv = d.df.date(o.delivery)
	}
	box(marginX+144, y, 30, l.delivery, deliv)
	y += 18

	// The grid.
	cols := []struct {
		title string
		w     float64
	}{{l.no, 10}, {l.code, 30}, {l.desc, 88}, {l.qty, 24}, {l.unit, 22}}
	s.fill(220)
	s.rect(marginX, y, rightX-marginX, 7, "FD")
	x := marginX
	s.font("Helvetica", "B", 8.5)
	for _, c := range cols {
		s.text(x+1.5, y+4.8, c.title)
		x += c.w
	}
	y += 7
	rowH := 9.5
	arts := o.articles()
	for i := range d.rows {
		x := marginX
		for _, c := range cols {
			s.rect(x, y, c.w, rowH, "D")
			x += c.w
		}
		s.font("Helvetica", "", 8)
		s.gray(110)
		s.text(marginX+1.5, y+6, fmt.Sprint(i+1))
		s.ink()
		if i < len(arts) {
			it := arts[i]
			if it.sku != "" {
				write(marginX+12, y+7, 27, it.sku)
			}
			write(marginX+42, y+7, 85, it.desc)
			write(marginX+132, y+7, 21, d.num.qty(it.qty, 0))
			write(marginX+156, y+7, 19, unitWord(o.lang, it.unit))
		}
		y += rowH
	}
	y += 8
	s.font("Helvetica", "", 8)
	s.text(112, y, l.sign)
	s.rect(112, y+2, rightX-112, 24, "D")
	if hand {
		s.signature(118, y+6, 45, 16)
	}
	s.font("Helvetica", "I", 9)
	s.text(marginX, y+10, l.thanks)
	return s.bytes()
}
