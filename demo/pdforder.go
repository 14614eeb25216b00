package demo

import (
	"bytes"
	"fmt"

	"github.com/go-pdf/fpdf"

	"github.com/o2c-project/o2c/cal"
)

// A purchase order of Bistrot Lumière as a native PDF, sent from its ordering address, which needs
// a person: line 2 names an article we do not sell (the customer's own blend code), and line 3
// states 25.00 for an espresso whose list price is 19.90. It shows the review screen with a real
// document: pages, boxes, pickers.
const (
	ReviewPDFSender = "commandes@bistrot-lumiere.fr"
	ReviewPDFName   = "Commande BL-2026-118.pdf"
	ReviewPDFPO     = "BL-2026-118"
)

// ReviewPDF writes that order, dated the day before today and for delivery in three weeks.
func ReviewPDF(today cal.Date) []byte {
	p := fpdf.New("P", "mm", "A4", "")
	tr := p.UnicodeTranslatorFromDescriptor("")
	p.AddPage()
	text := func(x, y float64, s string, size float64, right bool) {
		p.SetFont("Helvetica", "", size)
		if right {
			x -= p.GetStringWidth(tr(s))
		}
		p.Text(x, y, tr(s))
	}
	text(20, 22, "Bistrot Lumière SARL", 14, false)
	text(20, 28, "112 Rue Oberkampf", 10, false)
	text(20, 33, "75011 Paris", 10, false)
	text(20, 38, "commandes@bistrot-lumiere.fr", 10, false)
	text(120, 22, "PURCHASE ORDER", 14, false)
	text(120, 30, "PO number:", 10, false)
	text(155, 30, ReviewPDFPO, 10, false)
	text(120, 35, "Order date:", 10, false)
	text(155, 35, dmy(today.AddDays(-1)), 10, false)
	text(120, 40, "Delivery date:", 10, false)
	text(155, 40, dmy(today.AddDays(21)), 10, false)
	text(20, 52, "Please deliver before 10 am.", 10, false)
	y := 65.0
	p.SetDrawColor(180, 180, 180)
	p.Line(20, y+2, 190, y+2)
	for i, h := range []string{"Code", "Description", "Qty", "Unit price", "Amount"} {
		text([]float64{20, 45, 140, 165, 190}[i], y, h, 10, i >= 2)
	}
	rows := [][]string{
		{"BEV-1001", "Espresso beans Arabica/Robusta 80/20, 1 kg", "10", "14.90", "149.00"},
		{"HB-77", "House blend special roast", "5", "12.00", "60.00"},
		{"BEV-1004", "Espresso Arabica Colombia Supremo, 1 kg", "4", "25.00", "100.00"},
	}
	for _, r := range rows {
		y += 7
		text(20, y, r[0], 10, false)
		text(45, y, r[1], 10, false)
		text(140, y, r[2], 10, true)
		text(165, y, r[3], 10, true)
		text(190, y, r[4], 10, true)
	}
	p.Line(120, y+4, 190, y+4)
	text(140, y+10, "Total net EUR", 10, false)
	text(190, y+10, "309.00", 10, true)
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		panic("demo: write the review PDF: " + err.Error()) // fixed content: a failure is a bug
	}
	return b.Bytes()
}

func dmy(d cal.Date) string { return fmt.Sprintf("%02d/%02d/%d", d.Day, int(d.Month), d.Year) }
