package layout_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"testing"

	"github.com/go-pdf/fpdf"
	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract/layout"
	"github.com/o2c-project/o2c/extract/layout/reader"
)

// cell is text at a place on an A4 page, in millimetres from the top left.
type cell struct {
	x, y  float64
	text  string
	size  float64
	right bool // right-aligned on x
}

// pdfOf writes cells on pages of a native PDF with the core Helvetica font (cp1252 text).
func pdfOf(t *testing.T, pages ...[]cell) []byte {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	tr := p.UnicodeTranslatorFromDescriptor("")
	for _, cells := range pages {
		p.AddPage()
		for _, c := range cells {
			size := c.size
			if size == 0 {
				size = 9
			}
			p.SetFont("Helvetica", "", size)
			x := c.x
			if c.right {
				x -= p.GetStringWidth(tr(c.text))
			}
			p.Text(x, c.y, tr(c.text))
		}
	}
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func readPDF(t *testing.T, b []byte) *o2c.OrderDraft {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is missing: apt-get install poppler-utils")
	}
	doc, err := (&reader.Reader{}).Read(context.Background(), "order.pdf", b)
	if err != nil {
		t.Fatal(err)
	}
	d, err := layout.Read(doc, layout.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// germanOrder is a German purchase order: a label grid, a table with decimal commas, a
// description wrapped over two lines and a note under a short one, a note across the table, and
// totals.
func germanOrder() []cell {
	c := []cell{
		{x: 20, y: 20, text: "Gastro Müller GmbH", size: 14},
		{x: 20, y: 26, text: "Hauptstraße 12"},
		{x: 20, y: 30, text: "10115 Berlin"},
		{x: 20, y: 34, text: "USt-IdNr.: DE123456789"},
		{x: 120, y: 20, text: "Bestellung", size: 16},
		{x: 120, y: 30, text: "Bestell-Nr.:"}, {x: 150, y: 30, text: "B26-0815"},
		{x: 120, y: 35, text: "Datum:"}, {x: 150, y: 35, text: "02.11.2026"},
		{x: 120, y: 40, text: "Liefertermin:"}, {x: 150, y: 40, text: "16.11.2026"},
		{x: 20, y: 60, text: "Pos."}, {x: 32, y: 60, text: "Art.-Nr."}, {x: 60, y: 60, text: "Bezeichnung"},
		{x: 130, y: 60, text: "Menge", right: true}, {x: 135, y: 60, text: "Einheit"},
		{x: 170, y: 60, text: "Preis", right: true}, {x: 195, y: 60, text: "Betrag", right: true},
	}
	rows := []struct{ no, sku, desc, desc2, qty, unit, price, total string }{
		{"1", "BEV-1054", "Mineralwasser still 1,5 l", "Bitte gekühlt liefern", "12", "Stk", "0,45", "5,40"},
		{"2", "BEV-1046", "Vollmilch 3,5 % Fett, im Karton", "zu 6", "1.200", "Stk", "1,05", "1.260,00"},
		{"3", "FOO-2001", "Kaffeebohnen", "", "3", "kg", "18,90", "56,70"},
	}
	y := 68.0
	for _, r := range rows {
		c = append(c, cell{x: 20, y: y, text: r.no}, cell{x: 32, y: y, text: r.sku}, cell{x: 60, y: y, text: r.desc},
			cell{x: 130, y: y, text: r.qty, right: true}, cell{x: 135, y: y, text: r.unit},
			cell{x: 170, y: y, text: r.price, right: true}, cell{x: 195, y: y, text: r.total, right: true})
		if r.desc2 != "" {
			y += 4
			c = append(c, cell{x: 60, y: y, text: r.desc2})
		}
		y += 6
	}
	c = append(c, cell{x: 20, y: y, text: "Hinweis: bitte an Rampe 3 liefern"})
	y += 8
	c = append(c, cell{x: 140, y: y, text: "Nettobetrag"}, cell{x: 195, y: y, text: "1.322,10", right: true},
		cell{x: 140, y: y + 5, text: "MwSt. 19 %"}, cell{x: 195, y: y + 5, text: "251,20", right: true},
		cell{x: 140, y: y + 10, text: "Gesamtbetrag"}, cell{x: 195, y: y + 10, text: "1.573,30", right: true})
	return c
}

func TestReadGermanOrder(t *testing.T) {
	t.Parallel()
	d := readPDF(t, pdfOf(t, germanOrder()))
	if d.DocumentType != o2c.DocPurchaseOrder || d.PONumber != "B26-0815" || d.OrderDate.String() != "2026-11-02" ||
		d.RequestedDeliveryDate.String() != "2026-11-16" {
		t.Fatalf("header %s %q %s %s", d.DocumentType, d.PONumber, d.OrderDate, d.RequestedDeliveryDate)
	}
	if d.Buyer == nil || d.Buyer.VATID != "DE123456789" {
		t.Errorf("buyer %+v", d.Buyer)
	}
	want := []struct{ sku, desc, qty, unit, price, total string }{
		{"BEV-1054", "Mineralwasser still 1,5 l", "12", "C62", "0.45", "5.4"},
		{"BEV-1046", "Vollmilch 3,5 % Fett, im Karton zu 6", "1200", "C62", "1.05", "1260"},
		{"FOO-2001", "Kaffeebohnen", "3", "KGM", "18.9", "56.7"},
	}
	if len(d.Lines) != len(want) {
		t.Fatalf("%d lines, want %d: %+v", len(d.Lines), len(want), d.Lines)
	}
	for i, w := range want {
		l := d.Lines[i]
		if l.LineNo != i+1 || l.SupplierSKU != w.sku || l.Description != w.desc || !eq(l.Quantity, w.qty) ||
			l.Unit != w.unit || !eq(l.UnitPrice, w.price) || !eq(l.LineTotal, w.total) {
			t.Errorf("line %d: %d %q %q %s %s %s %s", i+1, l.LineNo, l.SupplierSKU, l.Description, l.Quantity, l.Unit, l.UnitPrice, l.LineTotal)
		}
	}
	if d.Totals == nil || !eq(d.Totals.Net, "1322.1") || !eq(d.Totals.Tax, "251.2") || !eq(d.Totals.Gross, "1573.3") {
		t.Errorf("totals %+v", d.Totals)
	}
	for path, c := range d.Confidence {
		if c < 0.9 {
			t.Errorf("%s read with confidence %.2f; everything here is plain", path, c)
		}
	}
}

// eq compares a decimal with its text by value: "5.40" is 5.4.
func eq(d *decimal.Decimal, want string) bool {
	return d != nil && d.Equal(decimal.RequireFromString(want))
}

// TestReadDeliveryNote: a German delivery note gives its transport facts: number, date, carrier,
// consignee, packages, weight, the bill-to party as buyer, the stamp in the signature box, and its
// lines with the quantity delivered rather than ordered.
func TestReadDeliveryNote(t *testing.T) {
	t.Parallel()
	c := []cell{
		{x: 20, y: 20, text: "Hexagone Food Service SAS", size: 14},
		{x: 20, y: 27, text: "15 Rue du Séminaire, 94150 Rungis, Frankreich"},
		{x: 20, y: 31, text: "Tel. +33 1 46 87 20 00 - commandes@hexagone-fs.fr - USt-IdNr. FR60823456781"},
		{x: 20, y: 45, text: "Rechnungsanschrift"}, {x: 120, y: 45, text: "LIEFERSCHEIN", size: 14},
		{x: 20, y: 50, text: "Berliner Kantinen Service GmbH"},
		{x: 20, y: 54, text: "Friedrichstraße 68"}, {x: 120, y: 54, text: "Lieferschein-Nr.:"}, {x: 155, y: 54, text: "LS-2026-917356"},
		{x: 20, y: 58, text: "10117 Berlin"}, {x: 120, y: 58, text: "Versanddatum:"}, {x: 155, y: 58, text: "28.01.2026"},
		{x: 120, y: 62, text: "Ihre Bestellung:"}, {x: 155, y: 62, text: "4500042475"},
		{x: 120, y: 66, text: "vom:"}, {x: 155, y: 66, text: "22.01.2026"},
		{x: 20, y: 70, text: "Lieferanschrift"}, {x: 120, y: 70, text: "Spediteur:"}, {x: 155, y: 70, text: "Channel Freight Services Ltd"},
		{x: 20, y: 75, text: "Betriebskantine Siemensstadt"},
		{x: 20, y: 79, text: "Nonnendammallee 101"},
		{x: 20, y: 83, text: "13629 Berlin"},
		{x: 20, y: 100, text: "Pos."}, {x: 32, y: 100, text: "Art.-Nr."}, {x: 60, y: 100, text: "Bezeichnung"},
		// Headers set flush left over numbers set flush right: each number stands nearer the
		// next header than its own.
		{x: 139, y: 100, text: "Bestellt"}, {x: 157, y: 100, text: "Geliefert"}, {x: 175, y: 100, text: "Einheit"},
		{x: 20, y: 107, text: "1"}, {x: 32, y: 107, text: "BEV-1005"}, {x: 60, y: 107, text: "Espresso beans decaffeinated"},
		{x: 154.5, y: 107, text: "30", right: true}, {x: 172.5, y: 107, text: "30", right: true}, {x: 175, y: 107, text: "Stk"},
		{x: 20, y: 113, text: "2"}, {x: 32, y: 113, text: "KIT-6016"}, {x: 60, y: 113, text: "Cutting board brown"},
		{x: 154.5, y: 113, text: "5", right: true}, {x: 172.5, y: 113, text: "3", right: true}, {x: 175, y: 113, text: "Stk"},
		{x: 20, y: 125, text: "Anzahl Packstücke:"}, {x: 55, y: 125, text: "4"}, {x: 80, y: 125, text: "Bruttogewicht:"}, {x: 110, y: 125, text: "239,2 kg"},
		{x: 20, y: 140, text: "Datum"}, {x: 80, y: 140, text: "Unterschrift / Stempel Empfänger"},
		{x: 20, y: 146, text: "29.01.2026"}, {x: 80, y: 146, text: "Betriebskantine Siemensstadt"},
	}
	d := readPDF(t, pdfOf(t, c))
	if d.DocumentType != o2c.DocDeliveryNote || d.PONumber != "4500042475" {
		t.Fatalf("%s PO %q", d.DocumentType, d.PONumber)
	}
	dl := d.Delivery
	if dl == nil || dl.DocumentNumber != "LS-2026-917356" || dl.ShippedDate.String() != "2026-01-28" ||
		dl.Carrier == nil || dl.Carrier.Name != "Channel Freight Services Ltd" || !eq(dl.Packages, "4") || !eq(dl.GrossWeightKg, "239.2") {
		t.Fatalf("delivery %+v", dl)
	}
	if dl.Consignee == nil || dl.Consignee.Name != "Betriebskantine Siemensstadt" || dl.Consignee.City != "Berlin" {
		t.Errorf("consignee %+v", dl.Consignee)
	}
	if dl.Shipper == nil || dl.Shipper.Name != "Hexagone Food Service SAS" || dl.Shipper.VATID != "FR60823456781" {
		t.Errorf("shipper %+v", dl.Shipper)
	}
	if d.OrderDate.String() != "2026-01-22" {
		t.Errorf("order date %s, want the date under the order's number, not the shipping date", d.OrderDate)
	}
	if dl.DeliveredDate.String() != "2026-01-29" {
		t.Errorf("delivered %s, want the date under the signature box's Datum", dl.DeliveredDate)
	}
	if dl.ReceivedSigned == nil || !*dl.ReceivedSigned {
		t.Errorf("the stamp in the signature box was not seen")
	}
	if d.Buyer == nil || d.Buyer.Name != "Berliner Kantinen Service GmbH" {
		t.Errorf("buyer %+v", d.Buyer)
	}
	if len(d.Lines) != 2 || !eq(d.Lines[1].Quantity, "3") {
		t.Fatalf("lines %+v, want the delivered 3 on line 2", d.Lines)
	}
}

// TestReadCMR: a consignment note's boxes are found by their captions, in two languages.
func TestReadCMR(t *testing.T) {
	t.Parallel()
	c := []cell{
		{x: 20, y: 15, text: "Nr. / No."},
		{x: 20, y: 20, text: "Frachtbrief / Consignment Note", size: 14}, {x: 150, y: 20, text: "FR 9586708", size: 12},
		{x: 20, y: 27, text: "Gemäß CMR / Subject to the CMR convention"},
		{x: 20, y: 35, text: "Absender / Sender", size: 7}, {x: 110, y: 35, text: "Empfänger / Consignee", size: 7},
		{x: 20, y: 40, text: "Hexagone Food Service SAS"}, {x: 110, y: 40, text: "Grand Café Brugge NV"},
		{x: 20, y: 44, text: "15 Rue du Séminaire"}, {x: 110, y: 44, text: "Markt 19"},
		{x: 20, y: 48, text: "94150 Rungis"}, {x: 110, y: 48, text: "8000 Brugge"},
		{x: 20, y: 60, text: "Frachtführer / Carrier", size: 7}, {x: 110, y: 60, text: "Übernahme: Ort, Datum / Taking over: place, date", size: 7},
		{x: 20, y: 65, text: "Transports Morel Frères SARL"}, {x: 110, y: 67, text: "Rungis (FR) 13.11.2026"},
		{x: 110, y: 76, text: "Ablieferungsort / Place of delivery", size: 7},
		{x: 110, y: 81, text: "Brugge (BE)"},
		{x: 20, y: 92, text: "Bestellung / Order ref.", size: 7},
		{x: 20, y: 97, text: "BC-2026-00882"},
		{x: 20, y: 110, text: "Anzahl / Qty", size: 7}, {x: 50, y: 110, text: "Verpackung / Packing", size: 7}, {x: 90, y: 110, text: "Inhalt / Contents", size: 7},
		{x: 150, y: 110, text: "Gewicht kg / Weight kg", size: 7},
		{x: 20, y: 118, text: "24"}, {x: 50, y: 118, text: "cartons"}, {x: 90, y: 118, text: "Cleaning products"}, {x: 150, y: 118, text: "329.4"},
		{x: 20, y: 126, text: "Summe / Total:"}, {x: 50, y: 126, text: "24"}, {x: 150, y: 126, text: "329.4"},
		{x: 20, y: 140, text: "Empfangsbestätigung / Proof of delivery", size: 7},
		{x: 20, y: 147, text: "Datum / Date", size: 7}, {x: 90, y: 147, text: "Unterschrift, Stempel / Signature, stamp", size: 7},
		{x: 20, y: 152, text: "15.11.2026"}, {x: 90, y: 152, text: "Grand Café Brugge"},
		{x: 20, y: 165, text: "Bemerkungen / Remarks", size: 7},
		{x: 20, y: 170, text: "1 carton damaged"},
	}
	b := pdfOf(t, c)
	if out := os.Getenv("DUMP"); out != "" {
		_ = os.WriteFile(out, b, 0o644)
	}
	d := readPDF(t, b)
	dl := d.Delivery
	if d.DocumentType != o2c.DocCMR || d.PONumber != "BC-2026-00882" || dl == nil {
		t.Fatalf("%s PO %q delivery %+v", d.DocumentType, d.PONumber, dl)
	}
	if dl.DocumentNumber != "FR 9586708" || dl.ShippedDate.String() != "2026-11-13" || dl.DeliveredDate.String() != "2026-11-15" ||
		dl.PlaceOfLoading != "Rungis (FR)" || dl.PlaceOfDelivery != "Brugge (BE)" || dl.Reservations != "1 carton damaged" {
		t.Errorf("delivery %+v", dl)
	}
	if dl.Shipper == nil || dl.Shipper.Name != "Hexagone Food Service SAS" || dl.Consignee == nil || dl.Consignee.City != "Brugge" ||
		dl.Carrier == nil || dl.Carrier.Name != "Transports Morel Frères SARL" {
		t.Errorf("parties %+v %+v %+v", dl.Shipper, dl.Consignee, dl.Carrier)
	}
	if dl.ReceivedSigned == nil || !*dl.ReceivedSigned || !eq(dl.Packages, "24") || !eq(dl.GrossWeightKg, "329.4") {
		t.Errorf("signed %v packages %v weight %v", dl.ReceivedSigned, dl.Packages, dl.GrossWeightKg)
	}
	if len(d.Lines) != 1 || !eq(d.Lines[0].Quantity, "24") || d.Lines[0].Description != "Cleaning products" {
		t.Errorf("goods %+v", d.Lines)
	}
}

// TestReadCMRTrilingual: the boxes of a French/German/English consignment note, with a caption
// that wraps ("taking" / "over"), a count set left of its caption under the box's number, a
// postcode set apart from its town, reservations captioned in three languages, and pallets.
func TestReadCMRTrilingual(t *testing.T) {
	t.Parallel()
	c := []cell{
		{x: 20, y: 15, text: "1 Expéditeur / Absender / Sender", size: 6},
		{x: 110, y: 18, text: "LETTRE DE VOITURE INTERNATIONALE", size: 11},
		{x: 20, y: 21, text: "Hexagone Food Service SAS"},
		{x: 20, y: 25, text: "15 Rue du Séminaire"}, {x: 110, y: 25, text: "CMR N° FR 9706295", size: 11},
		{x: 20, y: 29, text: "94150 Rungis"},
		{x: 20, y: 43, text: "2 Destinataire / Empfänger / Consignee", size: 6}, {x: 110, y: 43, text: "16 Transporteur / Frachtführer / Carrier", size: 6},
		{x: 20, y: 48, text: "Hotel Plaza Mayor S.L."}, {x: 110, y: 48, text: "Logistik Brandt GmbH"},
		{x: 20, y: 52, text: "Plaza Mayor 12"}, {x: 110, y: 52, text: "Hafenstraße 12"},
		{x: 20, y: 56, text: "28012 Madrid"}, {x: 110, y: 56, text: "28217"}, {x: 125, y: 56, text: "Bremen"},
		{x: 20, y: 70, text: "3 Lieu prévu pour la livraison / Auslieferungsort / Place of delivery", size: 6},
		{x: 20, y: 75, text: "Madrid (ES)"},
		{x: 20, y: 84, text: "4 Lieu et date de la prise en charge / Ort und Tag der Übernahme / Place and date of taking", size: 6},
		{x: 23, y: 87, text: "over", size: 6},
		{x: 20, y: 91, text: "Rungis (FR), 24/05/2026"},
		{x: 20, y: 100, text: "5 Documents annexés / Beigefügte Dokumente / Documents attached", size: 6},
		{x: 20, y: 105, text: "Commande 4500024283"},
		{x: 50, y: 112, text: "7", size: 6}, {x: 53, y: 112, text: "Nombre des colis /", size: 6},
		{x: 75, y: 112, text: "8", size: 6}, {x: 78, y: 112, text: "Emballage / Verpackung", size: 6},
		{x: 105, y: 112, text: "9", size: 6}, {x: 108, y: 112, text: "Nature de la marchandise / Bezeichnung / Nature of goods", size: 6},
		{x: 50, y: 121, text: "4"}, {x: 75, y: 121, text: "palettes"}, {x: 108, y: 121, text: "Épicerie sèche"},
		{x: 20, y: 130, text: "Total / Gesamt / Total"}, {x: 50, y: 130, text: "4"}, {x: 170, y: 130, text: "599,4"},
		{x: 110, y: 150, text: "24 Marchandises reçues / Gut empfangen / Goods received", size: 6},
		{x: 110, y: 156, text: "le / am / on"}, {x: 140, y: 156, text: "25/05/2026"},
		{x: 110, y: 170, text: "Réserves / Vorbehalte / Remarks", size: 6},
		{x: 110, y: 175, text: "2 colis manquants"},
	}
	d := readPDF(t, pdfOf(t, c))
	dl := d.Delivery
	if d.DocumentType != o2c.DocCMR || dl == nil {
		t.Fatalf("%s delivery %+v", d.DocumentType, dl)
	}
	if dl.PlaceOfLoading != "Rungis (FR)" || dl.ShippedDate.String() != "2026-05-24" {
		t.Errorf("taking over %q on %s, want Rungis (FR) on 2026-05-24 (the caption's wrapped word is no place)", dl.PlaceOfLoading, dl.ShippedDate)
	}
	if dl.Reservations != "2 colis manquants" {
		t.Errorf("reservations %q", dl.Reservations)
	}
	if dl.Carrier == nil || dl.Carrier.PostalCode != "28217" || dl.Carrier.City != "Bremen" {
		t.Errorf("carrier %+v", dl.Carrier)
	}
	if len(d.Lines) != 1 || !eq(d.Lines[0].Quantity, "4") || d.Lines[0].Unit != "PF" || d.Lines[0].Description != "Épicerie sèche" {
		t.Errorf("goods %+v", d.Lines)
	}
}

// TestOCRFieldsNeedProof: on a page read by OCR, a field arithmetic does not confirm stays under
// the review threshold however sure Tesseract was; one it confirms does not.
func TestOCRFieldsNeedProof(t *testing.T) {
	t.Parallel()
	word := func(text string, x, y float64) layout.Word {
		return layout.Word{Text: text, Box: layout.Box{X0: x, Y0: y, X1: x + 6*float64(len(text)), Y1: y + 9}, Conf: 0.97}
	}
	line := func(ws ...layout.Word) layout.Line {
		l := layout.Line{Words: ws}
		for _, w := range ws {
			l.Box = l.Box.Union(w.Box)
		}
		return l
	}
	page := layout.Page{Number: 1, Width: 595, Height: 842, Source: layout.SourceOCR, Lines: []layout.Line{
		line(word("PURCHASE", 40, 40), word("ORDER", 100, 40)),
		line(word("PO", 40, 70), word("number:", 58, 70), word("PO-4711", 140, 70)),
		line(word("Item", 40, 110), word("Description", 120, 110), word("Qty", 300, 110), word("Price", 360, 110), word("Amount", 430, 110)),
		line(word("AB-1", 40, 128), word("Blue", 120, 128), word("widget", 150, 128), word("4", 300, 128), word("2.50", 360, 128), word("10.00", 430, 128)),
		line(word("AB-2", 40, 146), word("Red", 120, 146), word("gadget", 150, 146), word("3", 300, 146), word("1.00", 360, 146), word("9.00", 430, 146)),
	}}
	d, err := layout.Read(&layout.Document{Pages: []layout.Page{page}}, layout.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Lines) != 2 {
		t.Fatalf("lines %+v", d.Lines)
	}
	for _, f := range []string{"po_number", "lines[0].description", "lines[0].supplier_sku", "lines[1].quantity"} {
		if c := d.Confidence[f]; c == 0 || c >= 0.9 {
			t.Errorf("%s confidence %v, want under 0.9: OCR alone proves nothing", f, c)
		}
	}
	for _, f := range []string{"lines[0].quantity", "lines[0].unit_price", "lines[0].line_total"} {
		if c := d.Confidence[f]; c < 0.9 {
			t.Errorf("%s confidence %v, want ≥ 0.9: 4 × 2.50 = 10.00 proves it", f, c)
		}
	}
	if c, ok := d.Confidence["lines"]; !ok || c >= 0.9 {
		t.Errorf("lines confidence %v (%v), want under 0.9: no stated net shows that no row was missed", c, ok)
	}
}

// TestItemPositions: an "Item" column of 10, 20, 30 numbers the lines (as SAP writes them); it
// holds no article codes.
func TestItemPositions(t *testing.T) {
	t.Parallel()
	c := []cell{
		{x: 20, y: 20, text: "Purchase order", size: 14},
		{x: 20, y: 30, text: "Document Number"}, {x: 60, y: 30, text: "4500085119"},
		{x: 20, y: 50, text: "Item"}, {x: 35, y: 50, text: "Description"}, {x: 120, y: 50, text: "Quantity"}, {x: 150, y: 50, text: "Value"},
		{x: 20, y: 57, text: "10"}, {x: 35, y: 57, text: "Cleaning wipes"}, {x: 135, y: 57, text: "10,00", right: true}, {x: 170, y: 57, text: "58,40", right: true},
		{x: 20, y: 64, text: "20"}, {x: 35, y: 64, text: "Lens cleaner 0,5 l"}, {x: 135, y: 64, text: "10,00", right: true}, {x: 170, y: 64, text: "50,40", right: true},
	}
	d := readPDF(t, pdfOf(t, c))
	if len(d.Lines) != 2 || d.Lines[0].LineNo != 10 || d.Lines[1].LineNo != 20 || d.Lines[0].SupplierSKU != "" {
		t.Fatalf("lines %+v, want numbered 10 and 20 with no article code", d.Lines)
	}
}
