package reader

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"math"
	"strings"
	"testing"

	"github.com/o2c-project/o2c/extract/layout"
)

// TestReadImageTurned reads a scan turned by each quarter: OCR must find the words where the PDF
// put them, once the page is turned upright, and say how it was turned.
func TestReadImageTurned(t *testing.T) {
	t.Parallel()
	needTools(t, "pdftoppm", "tesseract")
	pdf, want := orderPDF(t)
	upright := renderGray(t, pdf, 300)
	for _, turned := range []int{0, 90, 180, 270} {
		t.Run(fmt.Sprintf("Turned%d", turned), func(t *testing.T) {
			t.Parallel()
			doc := read(t, &Reader{}, "scan.png", encodePNG(t, turnClockwise(upright, turned/90)))

			p := doc.Pages[0]
			if p.Rotation != turned || p.Source != layout.SourceOCR {
				t.Errorf("rotation %d source %q, want %d ocr", p.Rotation, p.Source, turned)
			}
			if math.Abs(p.Width-smallW) > 1 || math.Abs(p.Height-smallH) > 1 {
				t.Errorf("page size = %.1f × %.1f, want %.0f × %.0f", p.Width, p.Height, smallW, smallH)
			}
			checkOCR(t, p, want, 0.9, 3)
			if noted := hasNote(doc, fmt.Sprintf("turned %d° clockwise", turned)); noted != (turned != 0) {
				t.Errorf("notes = %q", doc.Notes)
			}
		})
	}
}

// TestReadImageDPI reads a PNG whose header says 200 dpi: points come from its resolution, not
// from the default.
func TestReadImageDPI(t *testing.T) {
	t.Parallel()
	needTools(t, "pdftoppm", "tesseract")
	pdf, want := orderPDF(t)
	scan := withPNGDPI(t, encodePNG(t, renderGray(t, pdf, 200)), 200)

	doc := read(t, &Reader{}, "scan.png", scan)
	p := doc.Pages[0]
	if math.Abs(p.Width-smallW) > 1 || math.Abs(p.Height-smallH) > 1 {
		t.Errorf("page size = %.1f × %.1f, want %.0f × %.0f", p.Width, p.Height, smallW, smallH)
	}
	checkOCR(t, p, want, at200dpi, 3)
}

// at200dpi is the share of words read exactly at 200 dpi (or turned by a few degrees): Tesseract's Debian models read an
// accent or two of the fixture's 26 words wrong at that resolution ("Backerei", "piéces"), and
// which ones changes with the machine's fonts and libraries.
const at200dpi = 0.85

// TestReadTIFF reads a TIFF of two pages, the second turned sideways.
func TestReadTIFF(t *testing.T) {
	t.Parallel()
	needTools(t, "pdfinfo", "pdftoppm", "tesseract", "tiff2pdf")
	order, want1 := orderPDF(t)
	f := newPDF(smallW, smallH)
	f.AddPage()
	want2 := writeLines(f, deliveryLines, 24, 30, 13)
	delivery := output(t, f)
	tif := tiffOf([]*image.Gray{renderGray(t, order, 200), turnClockwise(renderGray(t, delivery, 200), 1)}, 200)

	doc := read(t, &Reader{}, "fax.tif", tif)
	if len(doc.Pages) != 2 {
		t.Fatalf("got %d pages, want 2", len(doc.Pages))
	}
	for i, want := range [][]fixtureWord{want1, want2} {
		p := doc.Pages[i]
		if p.Number != i+1 || p.Source != layout.SourceOCR || p.Rotation != 90*i {
			t.Errorf("page %d: number %d source %q rotation %d, want %d ocr %d", i+1, p.Number, p.Source, p.Rotation, i+1, 90*i)
		}
		if math.Abs(p.Width-smallW) > 1 || math.Abs(p.Height-smallH) > 1 {
			t.Errorf("page %d size = %.1f × %.1f, want %.0f × %.0f", i+1, p.Width, p.Height, smallW, smallH)
		}
		checkOCR(t, p, want, at200dpi, 3)
	}
}

// TestReadFax reads a fax in normal mode: 204 dpi across, 98 down. Its page must come out the
// right shape, and readable.
func TestReadFax(t *testing.T) {
	t.Parallel()
	needTools(t, "pdfinfo", "pdftoppm", "tesseract", "tiff2pdf")
	order, want := orderPDF(t)
	full := renderGray(t, order, 204)
	b := full.Bounds()
	half := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()*98/204))
	for y := range half.Bounds().Dy() {
		from := y * 204 / 98 * full.Stride
		copy(half.Pix[y*half.Stride:], full.Pix[from:from+b.Dx()])
	}

	doc := read(t, &Reader{}, "fax.tif", faxOf([]*image.Gray{half}, 204, 98))
	p := doc.Pages[0]
	if math.Abs(p.Width-smallW) > 1 || math.Abs(p.Height-smallH) > 1 {
		t.Errorf("page size = %.1f × %.1f, want %.0f × %.0f", p.Width, p.Height, smallW, smallH)
	}
	checkOCR(t, p, want, 0.9, 3)
}

var deliveryLines = [][]string{
	{"Lieferschein", "Nummer", "8812"},
	{"Palette", "Karton", "Menge", "Gewicht"},
	{"Schrauben", "M8", "Edelstahl", "400"},
	{"Muttern", "M8", "verzinkt", "250"},
	{"Unterschrift", "des", "Fahrers"},
}

func TestParseOSD(t *testing.T) {
	t.Parallel()
	out := "Page number: 0\nOrientation in degrees: 270\nRotate: 90\nOrientation confidence: 2.81\nScript: Latin\nScript confidence: 6.25\n"
	if turned, conf := parseOSD([]byte(out)); turned != 270 || conf != 2.81 {
		t.Errorf("parseOSD = %d, %v; want 270, 2.81", turned, conf)
	}
	if turned, conf := parseOSD([]byte("Orientation in degrees: 45\n")); turned != 0 || conf != 0 {
		t.Errorf("parseOSD of 45° = %d, %v; want 0, 0", turned, conf)
	}
}

func TestImageDPI(t *testing.T) {
	t.Parallel()
	img := image.NewGray(image.Rect(0, 0, 4, 3))
	for _, tt := range []struct {
		name string
		data []byte
		want float64
	}{
		{"PNG300", withPNGDPI(t, encodePNG(t, img), 300), 300},
		{"PNGNone", encodePNG(t, img), 0},
		{"PNG72", withPNGDPI(t, encodePNG(t, img), 72), 0},
		{"JFIF200", jfif(1, 200), 200},
		{"JFIFPerCM", jfif(2, 118), 118 * 2.54},
		{"JFIFAspectOnly", jfif(0, 1), 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got float64
			if isPNG(tt.data) {
				_, _, got, _ = imageHeader(tt.data)
			} else {
				got = jfifDPI(tt.data)
			}
			if math.Abs(got-tt.want) > 0.01 {
				t.Errorf("dpi = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRotate(t *testing.T) {
	t.Parallel()
	g := image.NewGray(image.Rect(0, 0, 3, 2))
	copy(g.Pix, []byte{1, 2, 3, 4, 5, 6})
	for _, turned := range []int{0, 90, 180, 270} {
		got, want := rotate(g, turned), turnClockwise(g, turned/90)
		if got.Bounds() != want.Bounds() || !bytes.Equal(got.Pix, want.Pix) {
			t.Errorf("rotate %d = %v %v, want %v %v", turned, got.Bounds(), got.Pix, want.Bounds(), want.Pix)
		}
	}
	back, err := readPGM(writePGM(g))
	if err != nil || !bytes.Equal(back.Pix, g.Pix) || back.Bounds() != g.Bounds() {
		t.Errorf("PGM round trip = %v, %v", back, err)
	}
}

// withPNGDPI inserts a pHYs chunk stating dpi after the IHDR chunk of a PNG.
func withPNGDPI(t testing.TB, p []byte, dpi float64) []byte {
	t.Helper()
	ppm := uint32(math.Round(dpi / 0.0254))
	body := binary.BigEndian.AppendUint32([]byte("pHYs"), ppm)
	body = binary.BigEndian.AppendUint32(body, ppm)
	body = append(body, 1)
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(body)-4))
	chunk = append(chunk, body...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(body))
	at := 8 + 4 + 4 + 13 + 4 // signature, IHDR length, type, data, CRC
	if !strings.HasPrefix(string(p[12:16]), "IHDR") {
		t.Fatal("PNG does not start with IHDR")
	}
	return append(append(append([]byte{}, p[:at]...), chunk...), p[at:]...)
}

// jfif returns the start of a JPEG file with a JFIF segment of the given density.
func jfif(unit byte, density uint16) []byte {
	b := []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, unit}
	b = binary.BigEndian.AppendUint16(b, density)
	b = binary.BigEndian.AppendUint16(b, density)
	return append(b, 0, 0)
}
