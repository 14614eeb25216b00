package corpus

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// shipment is the content of a delivery note or a CMR, exactly as printed (and, where signed, as
// written on receipt).
type shipment struct {
	lang         string
	number       string // delivery note or CMR number
	po           string
	orderDate    cal.Date
	shipped      cal.Date
	delivered    cal.Date // the date written at the signature; zero when unsigned
	cust         *o2c.Customer
	buyer        o2c.Party // the billing address block
	consignee    o2c.Party
	carrier      o2c.Party
	plate        string
	items        []item // sku, desc, ordered, qty (shipped), unit
	packages     int
	weight       decimal.Decimal // kg, one decimal
	signed       bool
	reservations string
	loading      string // places as printed (CMR boxes 3 and 4)
	unloading    string
	goods        []goods // CMR goods rows
}

// goods is one row of a CMR's goods table.
type goods struct {
	marks    string
	packages int
	packing  string // Rec. 20 code: CT, PF (pallet), PK
	nature   string
	weight   decimal.Decimal
}

var reservationTexts = map[string][]string{
	"fr": {"1 carton abîmé", "2 colis manquants", "Film palette déchiré, 1 carton écrasé", "Livré avec 1 h de retard"},
	"de": {"1 Karton beschädigt", "2 Packstücke fehlen", "Palette umgekippt, Ware nass", "Folie beschädigt"},
	"en": {"1 carton damaged", "2 packages missing", "Pallet wrap torn", "One case crushed"},
}

// buildShipment draws a shipment to a customer of the given countries.
func (g *gen) buildShipment(lang string, countries []string, lines [2]int) *shipment {
	c := g.customer(&contentSpec{countries: countries})
	sh := &shipment{lang: lang, cust: c}
	sh.orderDate = g.date(cal.MustParse("2026-01-05"), 320)
	sh.shipped = sh.orderDate.AddDays(g.between(1, 6))
	sh.po = pick(g, []func(*gen, cal.Date) string{poBC, poSAP, poEN, poDE})(g, sh.orderDate)
	sh.buyer = party(c.Name, c.Street, c.PostalCode, c.City, c.Country)
	var sites []o2c.ShipTo
	for _, st := range g.md.ShipTos {
		if st.CustomerID == c.ID {
			sites = append(sites, st)
		}
	}
	st := pick(g, sites)
	sh.consignee = party(st.Name, st.Street, st.PostalCode, st.City, st.Country)
	ci := g.intn(len(carriers))
	sh.carrier, sh.plate = carriers[ci], plates[ci]
	n := g.between(lines[0], lines[1])
	perm := g.r.Perm(len(g.md.Products))
	for i := range n {
		p := &g.md.Products[perm[i]]
		q := g.quantity(p)
		it := item{no: i + 1, sku: p.SKU, desc: p.Description, qty: q, ordered: q, unit: p.Unit, product: p}
		if g.chance(15) && q.GreaterThan(decimal.NewFromInt(2)) && p.PackSize == nil {
			it.qty = q.Sub(decimal.NewFromInt(int64(g.between(1, int(q.IntPart())-1)))) // back order
		}
		sh.items = append(sh.items, it)
	}
	sh.packages = n/2 + g.between(1, 6)
	sh.weight = decimal.New(int64(g.between(150, 4800)), -1)
	if g.chance(70) {
		sh.signed = true
		sh.delivered = sh.shipped.AddDays(g.between(0, 2))
		if g.chance(35) {
			sh.reservations = pick(g, reservationTexts[lang])
		}
	}
	return sh
}

// truth of a delivery note or CMR: lines hold the quantities shipped; the buyer is the billing
// block where one is printed; the consignee goes to delivery, not to ship_to.
func (sh *shipment) truth(kind o2c.DocumentType, withBuyer bool) o2c.OrderDraft {
	d := o2c.OrderDraft{DocumentType: kind, PONumber: sh.po, OrderDate: sh.orderDate}
	if withBuyer {
		b := sh.buyer
		d.Buyer = &b
	}
	for _, it := range sh.items {
		d.Lines = append(d.Lines, o2c.DraftLine{LineNo: it.no, SupplierSKU: it.sku, Description: it.desc,
			Quantity: ptr(it.qty), Unit: it.unit})
	}
	shipper, consignee := supplier, sh.consignee
	dl := &o2c.Delivery{
		DocumentNumber: sh.number,
		ShippedDate:    sh.shipped,
		DeliveredDate:  sh.delivered,
		Shipper:        &shipper,
		Consignee:      &consignee,
		Packages:       ptr(decimal.NewFromInt(int64(sh.packages))),
		GrossWeightKg:  ptr(sh.weight),
		ReceivedSigned: ptr(sh.signed),
		Reservations:   sh.reservations,
	}
	d.Delivery = dl
	return d
}

// dnDesign is a delivery-note layout.
type dnDesign struct {
	lang, title                                   string
	countries                                     []string
	num                                           numFmt
	df                                            dateFmt
	number                                        func(g *gen, d cal.Date) string
	posCol                                        bool
	lNumber, lDate, lPO, lPODate, lCust, lCarrier string
	lBill, lShip                                  string
	cols                                          [6]string // no, code, desc, ordered, shipped, unit
	lPackages, lWeight                            string
	lReceipt, lRecDate, lRecSign, lReserv         string
	vat, phone                                    string
}

var dnDesigns = map[string]*dnDesign{
	"dn-de-lieferschein": {lang: "de", title: "LIEFERSCHEIN", countries: []string{"DE"}, num: numDE, df: dDot,
		number: func(g *gen, d cal.Date) string { return fmt.Sprintf("LS-%d-%s", d.Year, g.digits(6)) }, posCol: true,
		lNumber: "Lieferschein-Nr.:", lDate: "Lieferdatum:", lPO: "Ihre Bestellung:", lPODate: "vom:",
		lCust: "Kunden-Nr.:", lCarrier: "Spediteur:", lBill: "Rechnungsanschrift", lShip: "Lieferanschrift",
		cols:      [6]string{"Pos.", "Art.-Nr.", "Bezeichnung", "Bestellt", "Geliefert", "Einheit"},
		lPackages: "Anzahl Packstücke:", lWeight: "Bruttogewicht:",
		lReceipt: "Ware vollständig und in einwandfreiem Zustand erhalten:", lRecDate: "Datum",
		lRecSign: "Unterschrift / Stempel Empfänger", lReserv: "Vorbehalte:", vat: "USt-IdNr.", phone: "Tel."},
	"dn-fr-bon-livraison": {lang: "fr", title: "BON DE LIVRAISON", countries: []string{"FR", "BE"}, num: numFR, df: dSlash,
		number:  func(g *gen, d cal.Date) string { return fmt.Sprintf("BL%02d-%s", d.Year%100, g.digits(5)) },
		lNumber: "N° BL :", lDate: "Date d'expédition :", lPO: "Votre commande :", lPODate: "du :",
		lCust: "Code client :", lCarrier: "Transporteur :", lBill: "Adresse de facturation", lShip: "Adresse de livraison",
		cols:      [6]string{"", "Réf.", "Désignation", "Qté cdée", "Qté livrée", "Unité"},
		lPackages: "Nombre de colis :", lWeight: "Poids brut :",
		lReceipt: "Marchandise reçue conforme, sauf réserves ci-dessous :", lRecDate: "Date de réception",
		lRecSign: "Signature et cachet du client", lReserv: "Réserves :", vat: "TVA intracom.", phone: "Tél."},
}

// shipment draws the delivery note's content.
func (d *dnDesign) shipment(g *gen) *shipment {
	sh := g.buildShipment(d.lang, d.countries, [2]int{3, 12})
	sh.number = d.number(g, sh.shipped)
	if !d.posCol {
		for i := range sh.items {
			sh.items[i].no = 0
		}
	}
	return sh
}

// truth of the delivery note: the carrier is printed by name only.
func (d *dnDesign) truth(sh *shipment) o2c.OrderDraft {
	t := sh.truth(o2c.DocDeliveryNote, true)
	t.Delivery.Carrier = &o2c.Party{Name: sh.carrier.Name}
	return t
}

// letterhead writes our name, address and VAT id at the top left.
func letterhead(s *sheet, lang, vat, phone string) {
	s.font("Helvetica", "B", 15)
	s.text(marginX, 20, supplier.Name)
	s.font("Helvetica", "", 8.5)
	s.text(marginX, 25, supplier.Street+", "+supplier.PostalCode+" "+supplier.City+", "+countryNames[lang][supplier.Country])
	s.text(marginX, 29, phone+" "+supplierPhone+"  -  "+supplier.Email+"  -  "+vat+" "+supplier.VATID)
	s.line(marginX, 32, rightX, 32)
}

// pdf renders the delivery note.
func (d *dnDesign) pdf(sh *shipment, seed uint64) ([]byte, error) {
	s, err := newSheet(seed, fontDKG)
	if err != nil {
		return nil, err
	}
	s.f.AddPage()
	s.lineWidth(0.2)
	letterhead(s, d.lang, d.vat, d.phone)
	s.font("Helvetica", "B", 16)
	s.textR(rightX, 43, d.title)
	y := 52.0
	for _, f := range [][2]string{{d.lNumber, sh.number}, {d.lDate, d.df.date(sh.shipped)}, {d.lPO, sh.po},
		{d.lPODate, d.df.date(sh.orderDate)}, {d.lCust, sh.cust.ID}, {d.lCarrier, sh.carrier.Name}} {
		s.font("Helvetica", "", 9)
		s.text(115, y, f[0])
		s.font("Helvetica", "B", 9)
		s.text(148, y, f[1])
		y += 5.2
	}
	ly := 42.0
	for _, b := range []struct {
		label string
		p     o2c.Party
	}{{d.lBill, sh.buyer}, {d.lShip, sh.consignee}} {
		s.font("Helvetica", "B", 8)
		s.gray(80)
		s.text(marginX, ly, b.label)
		s.ink()
		s.font("Helvetica", "", 9.5)
		for _, l := range []string{b.p.Name, b.p.Street, b.p.PostalCode + " " + b.p.City, countryNames[d.lang][b.p.Country]} {
			ly += 4.4
			s.text(marginX, ly, l)
		}
		ly += 8
	}
	y = max(y, ly) + 4
	widths := [6]float64{11, 26, 83, 18, 18, 18}
	if !d.posCol {
		widths = [6]float64{0, 28, 92, 18, 18, 18}
	}
	s.fill(225)
	s.rect(marginX, y, rightX-marginX, 7, "FD")
	s.font("Helvetica", "B", 8)
	x := marginX
	for i, c := range d.cols {
		if widths[i] > 0 {
			s.text(x+1.4, y+4.7, c)
		}
		x += widths[i]
	}
	y += 7
	for _, it := range sh.items {
		h := 6.0
		x := marginX
		cells := [6]string{fmt.Sprint(it.no), it.sku, it.desc, d.num.qty(it.ordered, 0), d.num.qty(it.qty, 0),
			unitWord(d.lang, it.unit)}
		s.font("Helvetica", "", 8.5)
		for i, c := range cells {
			if widths[i] == 0 {
				continue
			}
			s.rect(x, y, widths[i], h, "D")
			if i == 3 || i == 4 {
				s.textR(x+widths[i]-1.4, y+4.2, c)
			} else {
				s.fit(x+1.4, y+4.2, widths[i]-2.8, c)
			}
			x += widths[i]
		}
		y += h
	}
	y += 7
	s.font("Helvetica", "", 9.5)
	s.text(marginX, y, d.lPackages)
	s.text(marginX+45, y, fmt.Sprint(sh.packages))
	s.text(marginX+70, y, d.lWeight)
	s.text(marginX+100, y, d.num.qty(sh.weight, 1)+" kg")
	y += 10
	// Receipt box.
	s.rect(marginX, y, rightX-marginX, 42, "D")
	s.font("Helvetica", "B", 8.5)
	s.text(marginX+2, y+5, d.lReceipt)
	s.font("Helvetica", "", 7.5)
	s.text(marginX+2, y+12, d.lRecDate)
	s.text(marginX+50, y+12, d.lRecSign)
	s.text(marginX+2, y+30, d.lReserv)
	if sh.signed {
		s.hand(fontDKG, marginX+3, y+21, 13, 40, d.df.date(sh.delivered))
		s.signature(marginX+55, y+13, 50, 15)
		if sh.reservations != "" {
			s.hand(fontDKG, marginX+22, y+31, 13, 150, sh.reservations)
		}
		if len(sh.consignee.Name)%2 == 0 {
			s.stamp(marginX+140, y+18, sh.consignee.Name, sh.consignee.City)
		}
	}
	return s.bytes()
}
