package corpus

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// cmrDesign is a consignment-note layout in the spirit of the CMR convention's form.
type cmrDesign struct {
	lang      string // language of the values (natures of goods, packing words)
	countries []string
	num       numFmt
	df        dateFmt
	compact   bool // the held-out arrangement, German and English
}

var cmrDesigns = map[string]*cmrDesign{
	"cmr-trilingue": {lang: "fr", countries: []string{"DE", "BE", "ES"}, num: numFR, df: dSlash},
	"cmr-compact":   {lang: "en", countries: []string{"DE", "GB", "BE"}, num: numEN, df: dDot, compact: true},
}

var natures = map[string][]string{
	"fr": {"Épicerie sèche", "Boissons", "Produits d'entretien", "Articles à usage unique", "Petit matériel de cuisine"},
	"en": {"Dry groceries", "Beverages", "Cleaning products", "Disposables", "Kitchen smallwares"},
}

var packingWords = map[string]map[string]string{
	"fr": {"CT": "cartons", "PF": "palettes", "PK": "colis"},
	"en": {"CT": "cartons", "PF": "pallets", "PK": "packages"},
}

// shipment draws the consignment: the goods grouped by nature, places, the carrier.
func (d *cmrDesign) shipment(g *gen) *shipment {
	sh := g.buildShipment(d.lang, d.countries, [2]int{1, 1})
	sh.number = fmt.Sprintf("%s %s", supplier.Country, g.digits(7))
	sh.items = nil
	n := g.between(1, 3)
	perm := g.r.Perm(len(natures[d.lang]))
	sh.packages, sh.weight = 0, decimal.Zero
	for i := range n {
		gd := goods{
			marks:    fmt.Sprintf("HFS %s", g.digits(5)),
			packages: g.between(1, 24),
			packing:  pick(g, []string{"CT", "CT", "PF", "PK"}),
			nature:   natures[d.lang][perm[i]],
			weight:   decimal.New(int64(g.between(40, 9000)), -1),
		}
		if gd.packing == "PF" {
			gd.packages = g.between(1, 4)
			gd.weight = decimal.New(int64(g.between(1500, 7000)), -1)
		}
		sh.goods = append(sh.goods, gd)
		sh.packages += gd.packages
		sh.weight = sh.weight.Add(gd.weight)
	}
	sh.loading = supplier.City + " (" + supplier.Country + ")"
	sh.unloading = sh.consignee.City + " (" + sh.consignee.Country + ")"
	return sh
}

// truth of the CMR: a line per goods row (packages of a packing and nature); the carrier with
// its address; the places as written; no buyer.
func (d *cmrDesign) truth(sh *shipment) o2c.OrderDraft {
	t := sh.truth(o2c.DocCMR, false)
	t.OrderDate = cal.Date{}
	t.Lines = nil
	for _, gd := range sh.goods {
		t.Lines = append(t.Lines, o2c.DraftLine{Description: gd.nature,
			Quantity: ptr(decimal.NewFromInt(int64(gd.packages))), Unit: gd.packing})
	}
	c, sp := sh.carrier, supplier
	t.Delivery.Carrier = &o2c.Party{Name: c.Name, Street: c.Street, PostalCode: c.PostalCode, City: c.City, Country: c.Country}
	t.Delivery.Shipper = &o2c.Party{Name: sp.Name, Street: sp.Street, PostalCode: sp.PostalCode, City: sp.City,
		Country: sp.Country}
	t.Delivery.PlaceOfLoading = sh.loading
	t.Delivery.PlaceOfDelivery = sh.unloading
	return t
}

// cmrRun is one rendering of a CMR.
type cmrRun struct {
	s    *sheet
	d    *cmrDesign
	sh   *shipment
	hand bool
}

// box draws a numbered box with its (multilingual) caption.
func (r *cmrRun) box(x, y, w, h float64, no, caption string) {
	s := r.s
	s.lineWidth(0.3)
	s.rect(x, y, w, h, "D")
	s.font("Helvetica", "B", 7)
	if no != "" {
		s.text(x+1, y+3, no)
	}
	s.font("Helvetica", "", 5.4)
	s.gray(70)
	for i, l := range s.wrap(caption, w-7) {
		s.text(x+5, y+3+float64(i)*2.2, l)
	}
	s.ink()
}

// value writes a filled-in value: typed, or handwritten on the handwritten channel.
func (r *cmrRun) value(x, y, w float64, t string) {
	if r.hand {
		r.s.hand(fontDKG, x, y, 11.5, w, t)
		return
	}
	r.s.font("Courier", "B", 9.5)
	r.s.fit(x, y, w, t)
}

func (r *cmrRun) party(x, y, w float64, p o2c.Party) {
	lines := []string{p.Name, p.Street, p.PostalCode + " " + p.City, countryNames["en"][p.Country]}
	if r.d.lang == "fr" {
		lines[3] = countryNames["fr"][p.Country]
	}
	for i, l := range lines {
		r.value(x, y+1.5+float64(i)*4.6, w, l)
	}
}

// pdf renders the CMR; hand fills it in by hand.
func (d *cmrDesign) pdf(sh *shipment, hand bool, seed uint64) ([]byte, error) {
	s, err := newSheet(seed, fontDKG)
	if err != nil {
		return nil, err
	}
	r := &cmrRun{s: s, d: d, sh: sh, hand: hand}
	s.f.AddPage()
	if d.compact {
		r.compact()
	} else {
		r.classic()
	}
	return s.bytes()
}

// classic is the convention's form: numbered boxes 1 to 24 in three languages.
func (r *cmrRun) classic() {
	s, sh, d := r.s, r.sh, r.d
	L, M, R := marginX, 105.0, rightX
	r.box(L, 14, M-L, 28, "1", "Expéditeur / Absender / Sender")
	r.party(L+3, 21, M-L-6, supplier)
	s.rect(M, 14, R-M, 28, "D")
	s.font("Helvetica", "B", 9)
	s.text(M+3, 20, "LETTRE DE VOITURE INTERNATIONALE")
	s.font("Helvetica", "", 7.5)
	s.text(M+3, 24, "INTERNATIONALER FRACHTBRIEF")
	s.text(M+3, 27.5, "INTERNATIONAL CONSIGNMENT NOTE")
	s.font("Helvetica", "B", 14)
	s.text(M+3, 36, "CMR")
	s.font("Helvetica", "", 7)
	s.text(M+30, 34, "N°")
	s.font("Helvetica", "B", 12)
	s.text(M+36, 35, sh.number)

	r.box(L, 42, M-L, 28, "2", "Destinataire / Empfänger / Consignee")
	r.party(L+3, 49, M-L-6, sh.consignee)
	r.box(M, 42, R-M, 28, "16", "Transporteur / Frachtführer / Carrier")
	r.party(M+3, 49, R-M-6, sh.carrier)
	s.font("Helvetica", "", 6.5)
	s.text(M+3, 68.5, "Immatriculation / Kennzeichen / Plate: "+sh.plate)

	r.box(L, 70, M-L, 13, "3", "Lieu prévu pour la livraison / Auslieferungsort / Place of delivery")
	r.value(L+3, 79, M-L-6, sh.unloading)
	r.box(M, 70, R-M, 13, "17", "Transporteurs successifs / Nachfolgende Frachtführer / Successive carriers")
	r.box(L, 83, M-L, 13, "4", "Lieu et date de la prise en charge / Ort und Tag der Übernahme / Place and date of taking over")
	r.value(L+3, 92, M-L-6, sh.loading+", "+d.df.date(sh.shipped))
	r.box(M, 83, R-M, 13, "18", "Réserves du transporteur / Vorbehalte des Frachtführers / Carrier's reservations")
	r.box(L, 96, M-L, 13, "5", "Documents annexés / Beigefügte Dokumente / Documents attached")
	r.value(L+3, 105, M-L-6, "Commande "+sh.po)
	r.box(M, 96, R-M, 13, "19", "Conventions particulières / Besondere Vereinbarungen / Special agreements")

	// Goods.
	type gc struct {
		no, caption string
		w           float64
	}
	cols := []gc{{"6", "Marques et numéros / Kennzeichen / Marks", 30}, {"7", "Nombre des colis / Anzahl / Packages", 22},
		{"8", "Emballage / Verpackung / Packing", 26}, {"9", "Nature de la marchandise / Bezeichnung / Nature of goods", 58},
		{"10", "N° statistique", 14}, {"11", "Poids brut kg / Gewicht / Weight kg", 24}}
	y := 109.0
	x := L
	for _, c := range cols {
		s.rect(x, y, c.w, 60, "D")
		s.font("Helvetica", "B", 7)
		s.text(x+1, y+3, c.no)
		s.font("Helvetica", "", 5)
		s.gray(70)
		for i, l := range s.wrap(c.caption, c.w-6) {
			s.text(x+5, y+3+float64(i)*2.3, l)
		}
		s.ink()
		x += c.w
	}
	gy := y + 14
	for _, g := range sh.goods {
		x := L
		vals := []string{g.marks, fmt.Sprint(g.packages), packingWords[d.lang][g.packing], g.nature, "",
			d.num.qty(g.weight, 1)}
		for i, c := range cols {
			if vals[i] != "" {
				r.value(x+2, gy, c.w-4, vals[i])
			}
			x += c.w
		}
		gy += 7
	}
	s.line(L, y+52, R, y+52)
	s.font("Helvetica", "B", 7)
	s.text(L+2, y+57, "Total / Gesamt / Total")
	r.value(L+32, y+57.5, 18, fmt.Sprint(sh.packages))
	r.value(R-22, y+57.5, 20, d.num.qty(sh.weight, 1))

	r.box(L, 169, M-L, 22, "13", "Instructions de l'expéditeur / Anweisungen des Absenders / Sender's instructions")
	r.value(L+3, 180, M-L-6, "Livraison sur rendez-vous")
	r.box(M, 169, R-M, 22, "20", "À payer par / Zu zahlen vom / To be paid by")
	r.value(M+3, 180, R-M-6, "Expéditeur / Sender")
	r.box(L, 191, R-L, 12, "21", "Établie à / Ausgefertigt in / Established in")
	r.value(L+60, 199.5, 50, supplier.City)
	s.font("Helvetica", "", 6)
	s.text(L+115, 199, "le / am / on")
	r.value(L+130, 199.5, 40, d.df.date(sh.shipped))

	w3 := (R - L) / 3
	r.box(L, 203, w3, 45, "22", "Signature et timbre de l'expéditeur")
	r.box(L+w3, 203, w3, 45, "23", "Signature et timbre du transporteur")
	r.box(L+2*w3, 203, w3, 45, "24", "Marchandises reçues / Gut empfangen / Goods received")
	s.signature(L+8, 215, 35, 14)
	s.stamp(L+w3-16, 235, supplier.Name, supplier.City)
	s.signature(L+w3+8, 218, 35, 14)
	bx := L + 2*w3
	s.font("Helvetica", "", 6)
	s.text(bx+2, 210, "Lieu / Ort / Place")
	s.text(bx+2, 220, "le / am / on")
	s.text(bx+2, 240, "Réserves / Vorbehalte / Remarks")
	if sh.signed {
		s.hand(fontDKG, bx+24, 210.5, 11, 30, sh.consignee.City)
		s.hand(fontDKG, bx+24, 220.5, 11, 30, d.df.date(sh.delivered))
		s.signature(bx+10, 223, 35, 12)
		if sh.reservations != "" {
			s.hand(fontDKG, bx+3, 245.5, 10, w3-5, sh.reservations)
		}
	}
	s.font("Helvetica", "", 6)
	s.gray(100)
	s.text(L, 254, "Ce transport est soumis à la Convention relative au contrat de transport international de marchandises par route (CMR).")
	s.ink()
}

// compact is a two-language consignment note of a carrier's own design.
func (r *cmrRun) compact() {
	s, sh, d := r.s, r.sh, r.d
	L, R := marginX, rightX
	M := (L + R) / 2
	s.font("Helvetica", "B", 16)
	s.text(L, 22, "Frachtbrief / Consignment Note")
	s.font("Helvetica", "", 9)
	s.textR(R, 17, "Nr. / No.")
	s.font("Helvetica", "B", 13)
	s.textR(R, 23, sh.number)
	s.font("Helvetica", "", 7)
	s.text(L, 27, "Gemäß CMR / Subject to the CMR convention")
	r.box(L, 31, M-L, 30, "", "Absender / Sender")
	r.party(L+3, 38, M-L-6, supplier)
	r.box(M, 31, R-M, 30, "", "Empfänger / Consignee")
	r.party(M+3, 38, R-M-6, sh.consignee)
	r.box(L, 61, M-L, 30, "", "Frachtführer / Carrier")
	r.party(L+3, 68, M-L-6, sh.carrier)
	r.box(M, 61, R-M, 15, "", "Übernahme: Ort, Datum / Taking over: place, date")
	r.value(M+3, 71, R-M-6, sh.loading+" "+d.df.date(sh.shipped))
	r.box(M, 76, R-M, 15, "", "Ablieferungsort / Place of delivery")
	r.value(M+3, 86, R-M-6, sh.unloading)
	r.box(L, 91, R-L, 12, "", "Bestellung / Order ref.")
	r.value(L+3, 100, 80, sh.po)
	s.font("Helvetica", "", 7)
	s.text(L+95, 99, "Kennzeichen / Plate: "+sh.plate)

	y := 108.0
	cols := []struct {
		title string
		w     float64
	}{{"Anzahl / Qty", 22}, {"Verpackung / Packing", 30}, {"Inhalt / Contents", 66}, {"Gewicht kg / Weight kg", 28},
		{"Zeichen / Marks", 28}}
	s.fill(220)
	s.rect(L, y, R-L, 7, "FD")
	x := L
	s.font("Helvetica", "B", 7.5)
	for _, c := range cols {
		s.text(x+1.5, y+4.7, c.title)
		x += c.w
	}
	y += 7
	for _, g := range sh.goods {
		x := L
		vals := []string{fmt.Sprint(g.packages), packingWords[d.lang][g.packing], g.nature, d.num.qty(g.weight, 1), g.marks}
		for i, c := range cols {
			s.rect(x, y, c.w, 8, "D")
			r.value(x+2, y+6, c.w-4, vals[i])
			x += c.w
		}
		y += 8
	}
	s.font("Helvetica", "B", 8)
	s.text(L+1.5, y+6, "Summe / Total:")
	r.value(L+26, y+6, 20, fmt.Sprintf("%d", sh.packages))
	r.value(L+120, y+6, 26, d.num.qty(sh.weight, 1))
	y += 16

	s.rect(L, y, R-L, 50, "D")
	s.font("Helvetica", "B", 9)
	s.text(L+2, y+5, "Empfangsbestätigung / Proof of delivery")
	s.font("Helvetica", "", 7)
	s.text(L+2, y+13, "Datum / Date")
	s.text(L+60, y+13, "Unterschrift, Stempel / Signature, stamp")
	s.text(L+2, y+36, "Bemerkungen / Remarks")
	if sh.signed {
		s.hand(fontDKG, L+4, y+23, 12, 45, d.df.date(sh.delivered))
		s.signature(L+65, y+15, 45, 15)
		if sh.reservations != "" {
			s.hand(fontDKG, L+4, y+44, 12, R-L-8, sh.reservations)
		}
	}
	s.font("Helvetica", "", 7)
	s.gray(90)
	s.text(L, y+58, strings.ToUpper(sh.carrier.Name)+" - "+sh.carrier.City)
	s.ink()
}
