package reader

import (
	"bytes"
	"context"
	"encoding/binary"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/o2c-project/o2c/extract/layout"
)

// needTools skips the test when a tool is missing, or fails it under CI, where a skip would hide
// a machine without them.
func needTools(t testing.TB, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			missing(t, tool+" is not installed (Debian package "+packages[tool]+")")
		}
	}
	if slices.Contains(tools, "tesseract") {
		if langs := tesseractLangs(); !strings.Contains(langs, "fra") || !strings.Contains(langs, "deu") || !strings.Contains(langs, "osd") {
			missing(t, "tesseract lacks language data (Debian packages tesseract-ocr-fra tesseract-ocr-deu tesseract-ocr-osd); it has: "+langs)
		}
	}
}

func missing(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s: run scripts/install-deps.sh as root", why)
	}
	t.Skipf("%s: run scripts/install-deps.sh as root", why)
}

// tesseractLangs lists the languages Tesseract has data for, or says why it cannot.
var tesseractLangs = sync.OnceValue(func() string {
	out, err := exec.Command("tesseract", "--list-langs").CombinedOutput()
	if err != nil {
		return "none (" + err.Error() + ")"
	}
	return strings.Join(strings.Fields(string(out)), " ")
})

// fixtureWord is a word a fixture PDF holds, with the box poppler should give it.
type fixtureWord struct {
	Text string
	Box  layout.Box
}

// The order fixture: French, German and English words, digits and punctuation, as orders have.
var orderLines = [][]string{
	{"Bestellung", "4711", "vom", "17.05.2024"},
	{"Kunde:", "Bäckerei", "Müller", "GmbH"},
	{"Article", "Quantité", "Prix", "unitaire"},
	{"Widget", "bleu", "12", "pièces", "3,50"},
	{"Gadget", "rouge", "7", "pièces", "19,99"},
	{"Livraison", "avant", "le", "2024-06-01"},
}

// Helvetica's ascender and descender, from its AFM metrics, which poppler uses for the boxes of
// the standard fonts: a word's box runs from baseline-0.718·size to baseline+0.207·size.
const (
	helveticaAscent  = 0.718
	helveticaDescent = 0.207
)

// writeLines writes lines of words in Helvetica at size, from (x, y) (y the first baseline),
// one space apart, and returns each word with its expected box.
func writeLines(f *fpdf.Fpdf, lines [][]string, x, y, size float64) []fixtureWord {
	tr := f.UnicodeTranslatorFromDescriptor("") // core fonts are cp1252
	f.SetFont("Helvetica", "", size)
	space := f.GetStringWidth(" ")
	var words []fixtureWord
	for i, line := range lines {
		base := y + float64(i)*size*1.8
		at := x
		for _, w := range line {
			wid := f.GetStringWidth(tr(w))
			f.Text(at, base, tr(w))
			words = append(words, fixtureWord{Text: w, Box: layout.Box{
				X0: at, Y0: base - helveticaAscent*size, X1: at + wid, Y1: base + helveticaDescent*size,
			}})
			at += wid + space
		}
	}
	return words
}

// Size of the small fixture page, in points: big enough for the order lines at 13 pt, small
// enough to read by OCR in a fraction of a second.
const (
	smallW = 330.0
	smallH = 200.0
)

// orderPDF returns a one-page PDF of the order lines and the words it holds.
func orderPDF(t testing.TB) ([]byte, []fixtureWord) {
	t.Helper()
	f := newPDF(smallW, smallH)
	f.AddPage()
	words := writeLines(f, orderLines, 24, 30, 13)
	return output(t, f), words
}

// newPDF starts a deterministic PDF of pages w × h points.
func newPDF(w, h float64) *fpdf.Fpdf {
	f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: w, Ht: h}})
	stamp := time.Date(2024, 5, 17, 0, 0, 0, 0, time.UTC)
	f.SetCreationDate(stamp)
	f.SetModificationDate(stamp)
	f.SetCatalogSort(true)
	f.SetAutoPageBreak(false, 0)
	return f
}

func output(t testing.TB, f *fpdf.Fpdf) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		t.Fatalf("write fixture PDF: %v", err)
	}
	return buf.Bytes()
}

// renderGray renders page 1 of a PDF at dpi with pdftoppm, as a grey image.
func renderGray(t testing.TB, pdf []byte, dpi int) *image.Gray {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftoppm", "-r", strconv.Itoa(dpi), "-f", "1", "-l", "1", "-gray", "-png", "-singlefile", in).Output()
	if err != nil {
		t.Fatalf("pdftoppm: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("decode render: %v", err)
	}
	g := image.NewGray(img.Bounds())
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			g.Set(x, y, img.At(x, y))
		}
	}
	return g
}

// turnClockwise turns an image by 90° steps with At and Set: a rotation written apart from the
// one under test, so that a mistake in one is not undone by the same mistake in the other.
func turnClockwise(src image.Image, quarters int) *image.Gray {
	img := src
	for range quarters {
		b := img.Bounds()
		dst := image.NewGray(image.Rect(0, 0, b.Dy(), b.Dx()))
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				dst.Set(b.Max.Y-1-y, x-b.Min.X, img.At(x, y))
			}
		}
		img = dst
	}
	g, ok := img.(*image.Gray)
	if !ok {
		g = image.NewGray(img.Bounds())
		for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
			for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
				g.Set(x, y, img.At(x, y))
			}
		}
	}
	return g
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// tiffOf encodes grey images as the pages of an uncompressed little-endian TIFF at dpi.
func tiffOf(pages []*image.Gray, dpi uint32) []byte { return faxOf(pages, dpi, dpi) }

// faxOf encodes grey images as the pages of an uncompressed little-endian TIFF at xdpi across
// and ydpi down, as a fax in normal mode is (204 × 98).
func faxOf(pages []*image.Gray, xdpi, ydpi uint32) []byte {
	le := binary.LittleEndian
	out := []byte("II*\x00\x00\x00\x00\x00")
	next := 4 // where the offset of the next directory goes
	for _, g := range pages {
		w, h := g.Bounds().Dx(), g.Bounds().Dy()
		data := len(out)
		out = append(out, writePGM(g)[len(pgmHeader(w, h)):]...)
		res := len(out)
		out = le.AppendUint32(out, xdpi)
		out = le.AppendUint32(out, 1)
		out = le.AppendUint32(out, ydpi)
		out = le.AppendUint32(out, 1)
		if len(out)%2 == 1 {
			out = append(out, 0)
		}
		dir := len(out)
		le.PutUint32(out[next:], uint32(dir))
		type entry struct {
			tag, typ uint16
			value    uint32
		}
		entries := []entry{
			{256, 4, uint32(w)}, {257, 4, uint32(h)}, {258, 3, 8}, {259, 3, 1}, {262, 3, 1},
			{273, 4, uint32(data)}, {277, 3, 1}, {278, 4, uint32(h)}, {279, 4, uint32(w * h)},
			{282, 5, uint32(res)}, {283, 5, uint32(res + 8)}, {296, 3, 2},
		}
		out = le.AppendUint16(out, uint16(len(entries)))
		for _, e := range entries {
			out = le.AppendUint16(out, e.tag)
			out = le.AppendUint16(out, e.typ)
			out = le.AppendUint32(out, 1)
			if e.typ == 3 {
				out = le.AppendUint16(out, uint16(e.value))
				out = le.AppendUint16(out, 0)
			} else {
				out = le.AppendUint32(out, e.value)
			}
		}
		next = len(out)
		out = le.AppendUint32(out, 0)
	}
	return out
}

func pgmHeader(w, h int) string { return "P5\n" + strconv.Itoa(w) + " " + strconv.Itoa(h) + "\n255\n" }

// read runs a Reader with test limits on content and fails the test on an error.
func read(t testing.TB, r *Reader, name string, content []byte) *layout.Document {
	t.Helper()
	doc, err := r.Read(context.Background(), name, content)
	if err != nil {
		t.Fatalf("Read(%s): %v", name, err)
	}
	return doc
}
