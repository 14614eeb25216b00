package reader

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/o2c-project/o2c"
)

// TestReadBad feeds documents that must be refused with a clear error, fast, whatever they hold.
func TestReadBad(t *testing.T) {
	t.Parallel()
	needTools(t, "pdfinfo", "pdftotext", "pdftoppm", "tesseract", "tiff2pdf")
	order, _ := orderPDF(t)
	fullPage := encodePNG(t, renderGray(t, a4OrderPDF(t), 300))

	for _, tt := range []struct {
		name   string
		file   string
		data   []byte
		limits Limits
		code   o2c.Code
		msg    string // part of the message
	}{
		{name: "Empty", file: "order.pdf", data: nil, code: o2c.CodeInvalid, msg: "is empty"},
		{name: "Binary", file: "order.zip", data: []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), code: o2c.CodeInvalid, msg: "neither a PDF"},
		{name: "CorruptPDF", file: "order.pdf", data: []byte("%PDF-1.4\n1 0 obj garbage"), code: o2c.CodeInvalid, msg: "damaged"},
		{name: "PDFWithPassword", file: "order.pdf", data: encryptedPDF(t, "secret"), code: o2c.CodeInvalid, msg: "password"},
		{name: "TooManyPages", file: "big.pdf", data: pagesPDF(t, 500, 595, 842), code: o2c.CodeTooLarge, msg: "500 pages"},
		{name: "HugeMediaBox", file: "bomb.pdf", data: pagesPDF(t, 1, 20000, 20000), code: o2c.CodeTooLarge, msg: "larger than 5 m"},
		{name: "TooManyBytes", file: "order.pdf", data: order, limits: Limits{MaxBytes: 1000}, code: o2c.CodeTooLarge, msg: "at most 1000"},
		{name: "HugePNG", file: "scan.png", data: pngHeader(20000, 20000), code: o2c.CodeTooLarge, msg: "20000 × 20000 pixels"},
		{name: "CorruptPNG", file: "scan.png", data: pngHeader(100, 100), code: o2c.CodeInvalid, msg: "cannot be decoded"},
		{name: "CorruptJPEG", file: "scan.jpg", data: []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 2, 0xFF}, code: o2c.CodeInvalid, msg: "damaged"},
		{name: "HugeTIFF", file: "fax.tif", data: tiffHeader(20000, 20000, 1), code: o2c.CodeTooLarge, msg: "20000 × 20000 pixels"},
		{name: "TIFFTooManyPages", file: "fax.tif", data: tiffHeader(10, 10, 3), limits: Limits{MaxPages: 2}, code: o2c.CodeTooLarge, msg: "more than 2 pages"},
		{name: "CorruptTIFF", file: "fax.tif", data: []byte("II*\x00\xff\xff\x00\x00"), code: o2c.CodeInvalid, msg: "damaged"},
		{name: "TIFFWithoutData", file: "fax.tif", data: tiffHeader(100, 100, 1), code: o2c.CodeInvalid, msg: "TIFF"},
		{name: "MissingLanguage", file: "scan.png", data: fullPage, limits: Limits{Languages: "xyz"}, code: o2c.CodeUnavailable, msg: "tesseract-ocr-xyz"},
		{name: "Timeout", file: "scan.png", data: fullPage, limits: Limits{PageTimeout: 200 * time.Millisecond}, code: o2c.CodeTooLarge, msg: "page 1: tesseract took longer than 200ms"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			doc, err := (&Reader{Limits: tt.limits}).Read(context.Background(), tt.file, tt.data)
			if err == nil {
				t.Fatalf("Read = %d pages, want an error", len(doc.Pages))
			}
			if got := o2c.ErrorCode(err); got != tt.code || !strings.Contains(o2c.ErrorMessage(err), tt.msg) {
				t.Errorf("Read error = %s %q, want %s with %q", got, o2c.ErrorMessage(err), tt.code, tt.msg)
			}
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("refusing took %s", took)
			}
			t.Logf("%s: %s", o2c.ErrorCode(err), o2c.ErrorMessage(err))
		})
	}
}

// TestReadOwnerPasswordPDF reads a PDF encrypted only to restrict its use, which opens without
// a password, and says so.
func TestReadOwnerPasswordPDF(t *testing.T) {
	t.Parallel()
	needTools(t, "pdfinfo", "pdftotext")
	doc := read(t, &Reader{}, "order.pdf", encryptedPDF(t, ""))
	if got := strings.Join(texts(doc.Pages[0].Words()), " "); got != "Hello encrypted world" {
		t.Errorf("words = %q", got)
	}
	if !hasNote(doc, "encrypted") {
		t.Errorf("notes = %q, want one about the encryption", doc.Notes)
	}
}

// TestReadNestedPDF reads a PDF whose catalog nests arrays 10,000 deep: poppler gives up,
// and so must we, quickly, with CodeInvalid, or read it; never hang or crash.
func TestReadNestedPDF(t *testing.T) {
	t.Parallel()
	needTools(t, "pdfinfo", "pdftotext", "pdftoppm", "tesseract")
	body := "1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Bomb " + strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000) + " >>\nendobj\n" +
		"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n" +
		"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n"
	pdf := "%PDF-1.4\n" + body + "trailer\n<< /Root 1 0 R >>\n%%EOF\n"
	start := time.Now()
	_, err := (&Reader{Limits: Limits{PageTimeout: 10 * time.Second}}).Read(context.Background(), "nested.pdf", []byte(pdf))
	if err != nil && o2c.ErrorCode(err) != o2c.CodeInvalid && o2c.ErrorCode(err) != o2c.CodeTooLarge {
		t.Errorf("Read error = %v, want none, CodeInvalid or CodeTooLarge", err)
	}
	if took := time.Since(start); took > 15*time.Second {
		t.Errorf("took %s", took)
	}
}

// TestReadMissingTool reads with an empty PATH: the error names the package to install.
func TestReadMissingTool(t *testing.T) {
	order, _ := orderPDF(t)
	t.Setenv("PATH", t.TempDir())
	_, err := (&Reader{}).Read(context.Background(), "order.pdf", order)
	if o2c.ErrorCode(err) != o2c.CodeUnavailable || !strings.Contains(o2c.ErrorMessage(err), "poppler-utils") {
		t.Errorf("Read error = %v, want CodeUnavailable naming poppler-utils", err)
	}
}

func TestReadCanceled(t *testing.T) {
	t.Parallel()
	needTools(t, "pdfinfo")
	order, _ := orderPDF(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := (&Reader{}).Read(ctx, "order.pdf", order)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Read error = %v, want context.Canceled", err)
	}
}

func TestRunLimits(t *testing.T) {
	t.Parallel()
	needTools(t, "pdfinfo") // for the machine; the runs below use coreutils
	dir := t.TempDir()
	t.Run("Output", func(t *testing.T) {
		t.Parallel()
		_, err := run{Tool: "yes", Dir: dir, What: "page 7", Timeout: 10 * time.Second, Max: 1 << 20}.exec(context.Background())
		if o2c.ErrorCode(err) != o2c.CodeTooLarge || !strings.Contains(o2c.ErrorMessage(err), "page 7: yes wrote more than 1048576 bytes") {
			t.Errorf("exec = %v", err)
		}
	})
	t.Run("Timeout", func(t *testing.T) {
		t.Parallel()
		start := time.Now()
		_, err := run{Tool: "sleep", Args: []string{"30"}, Dir: dir, What: "page 2", Timeout: 100 * time.Millisecond}.exec(context.Background())
		if o2c.ErrorCode(err) != o2c.CodeTooLarge || !strings.Contains(o2c.ErrorMessage(err), "page 2: sleep took longer than 100ms") {
			t.Errorf("exec = %v", err)
		}
		if took := time.Since(start); took > 3*time.Second {
			t.Errorf("took %s", took)
		}
	})
	t.Run("Exit", func(t *testing.T) {
		t.Parallel()
		_, err := run{Tool: "sh", Args: []string{"-c", "echo boom " + dir + "/x >&2; exit 3"}, Dir: dir, What: "page 1", Timeout: 10 * time.Second}.exec(context.Background())
		var exit *exitError
		if !errors.As(err, &exit) || exit.Code != 3 || exit.Stderr != "boom x" {
			t.Errorf("exec = %v, want exit 3 saying %q (the private folder's path left out)", err, "boom x")
		}
	})
	t.Run("Missing", func(t *testing.T) {
		t.Parallel()
		_, err := run{Tool: "tiff2pdf-not-there", Dir: dir, What: "the TIFF", Timeout: time.Second}.exec(context.Background())
		if o2c.ErrorCode(err) != o2c.CodeUnavailable {
			t.Errorf("exec = %v, want CodeUnavailable", err)
		}
	})
}

// a4OrderPDF is the order on a full A4 page, as a scan of a real order would be.
func a4OrderPDF(t testing.TB) []byte {
	t.Helper()
	f := newPDF(595.28, 841.89)
	f.AddPage()
	writeLines(f, orderLines, 56, 80, 11)
	writeLines(f, deliveryLines, 56, 300, 11)
	writeLines(f, orderLines, 56, 500, 11)
	return output(t, f)
}

// encryptedPDF returns a one-page PDF encrypted with an owner password and the user password
// (none: it opens without one).
func encryptedPDF(t testing.TB, user string) []byte {
	t.Helper()
	f := newPDF(300, 200)
	f.SetProtection(fpdf.CnProtectPrint, user, "owner")
	f.AddPage()
	writeLines(f, [][]string{{"Hello", "encrypted", "world"}}, 20, 40, 12)
	return output(t, f)
}

// pagesPDF returns a PDF of n empty pages of w × h points.
func pagesPDF(t testing.TB, n int, w, h float64) []byte {
	t.Helper()
	f := newPDF(w, h)
	for range n {
		f.AddPage()
	}
	return output(t, f)
}

// pngHeader returns a PNG signature and IHDR for a w × h grey image, and image data that is
// not compressed data.
func pngHeader(w, h uint32) []byte {
	chunk := func(typ string, data []byte) []byte {
		body := append([]byte(typ), data...)
		out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		out = append(out, body...)
		return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(body))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 0, 0, 0, 0)
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, chunk("IHDR", ihdr)...)
	out = append(out, chunk("IDAT", bytes.Repeat([]byte{0x55}, 64))...)
	return append(out, chunk("IEND", nil)...)
}

// tiffHeader returns a TIFF of n pages of w × h pixels whose directories point at no pixels.
func tiffHeader(w, h uint32, n int) []byte {
	out := tiffOf([]*image.Gray{image.NewGray(image.Rect(0, 0, 1, 1))}, 200)[:8]
	le := binary.LittleEndian
	next := 4
	for range n {
		le.PutUint32(out[next:], uint32(len(out)))
		out = le.AppendUint16(out, 2)
		for _, e := range [][3]uint32{{256, 4, w}, {257, 4, h}} {
			out = le.AppendUint16(out, uint16(e[0]))
			out = le.AppendUint16(out, uint16(e[1]))
			out = le.AppendUint32(out, 1)
			out = le.AppendUint32(out, e[2])
		}
		next = len(out)
		out = le.AppendUint32(out, 0)
	}
	return out
}
