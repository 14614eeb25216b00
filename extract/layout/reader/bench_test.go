package reader

import (
	"bytes"
	"context"
	"testing"

	"github.com/go-pdf/fpdf"
)

// BenchmarkReadNativePage reads a one-page A4 PDF with text: pdfinfo and pdftotext, processes
// started included.
func BenchmarkReadNativePage(b *testing.B) {
	needTools(b, "pdfinfo", "pdftotext")
	pdf := a4OrderPDF(b)
	r := &Reader{}
	for b.Loop() {
		if _, err := r.Read(context.Background(), "order.pdf", pdf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOCRPage reads one A4 page scanned at 300 dpi: as a PNG file, and as the page of a PDF
// (which adds pdfinfo, pdftotext finding no text, and pdftoppm).
func BenchmarkOCRPage(b *testing.B) {
	needTools(b, "pdfinfo", "pdftotext", "pdftoppm", "tesseract")
	scan := encodePNG(b, renderGray(b, a4OrderPDF(b), 300))
	f := newPDF(595.28, 841.89)
	f.AddPage()
	f.RegisterImageOptionsReader("scan", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(scan))
	f.ImageOptions("scan", 0, 0, 595.28, 841.89, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	scanPDF := output(b, f)
	r := &Reader{}
	for _, c := range []struct {
		name, file string
		data       []byte
	}{{"PNG", "scan.png", scan}, {"ScannedPDF", "scan.pdf", scanPDF}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				doc, err := r.Read(context.Background(), c.file, c.data)
				if err != nil {
					b.Fatal(err)
				}
				if n := len(doc.Pages[0].Words()); n < 50 {
					b.Fatalf("read %d words", n)
				}
			}
		})
	}
}
