// Package reader turns a stored document (a native or scanned PDF, a PNG, JPEG or TIFF scan or
// photo, a plain-text or HTML e-mail body) into a layout.Document: the words with their boxes,
// in PDF points from the top left of each page.
//
// It runs Debian's tools rather than reimplementing them: poppler's pdfinfo, pdftotext
// -bbox-layout and pdftoppm (package poppler-utils), Tesseract 5 (tesseract-ocr with the
// tesseract-ocr-eng, -fra, -deu and -osd data) and tiff2pdf (libtiff-tools). Each run gets a
// timeout, OMP_THREAD_LIMIT=1, a private temporary folder and a cap on its output, so that a
// hostile document costs at most Limits and ends in a clear *o2c.Error, never a hang.
//
// How each kind is read:
//   - A PDF: pdfinfo first (page count, page sizes, password), then per page, in parallel,
//     pdftotext's words and lines. A page with (almost) no text is a scan: it is rendered with
//     pdftoppm and read by OCR, so a PDF may mix both.
//   - A PNG or JPEG: read by OCR at the resolution its header states (or Limits.DPI).
//   - A TIFF, with one page or many (a fax, a scanner's output): tiff2pdf wraps its pages in a
//     PDF, sized by their resolution, and every page of it is read by OCR as above. Go's image
//     packages read no TIFF, and Tesseract alone could not turn a sideways page upright.
//   - Text: FromText, on a grid.
//
// OCR: a scan skewed by up to 4° is straightened in Go first (see deskew.go for why and what it
// measured). Tesseract then reads the page. When the result looks wrong (low confidence, or words
// taller than wide, which is how a page turned by 90° reads), its orientation detection (--psm 0)
// says how the page is turned; the page is turned upright in Go and read again, and the page's
// Rotation and a note record it. Tesseract's page reading drops short words that stand alone,
// such as quantities in ruled table cells: the ink that no word read covers is found in Go, cut
// out, and read in one more Tesseract run, with the words it was unsure of (see missed.go). An
// upright page, the usual case, costs two Tesseract runs, the second a short one, or one when
// nothing was left over.
package reader

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract/layout"
)

// Limits bound what reading one document may cost. A zero field takes its default.
type Limits struct {
	MaxPages    int           // pages in a document; default 200
	MaxPixels   int64         // pixels in one image or rendered page; default 60 million
	PageTimeout time.Duration // one run of one tool; default 60 s
	MaxBytes    int64         // size of the document; default 100 MB
	DPI         int           // resolution scans are rendered and read at; default 300
	Languages   string        // Tesseract languages, joined by "+"; default "fra+eng+deu"
	Workers     int           // pages read at once; default runtime.NumCPU()
}

// withDefaults returns l with each zero field set to its default.
func (l Limits) withDefaults() Limits {
	l.MaxPages = cmp.Or(l.MaxPages, 200)
	l.MaxPixels = cmp.Or(l.MaxPixels, 60_000_000)
	l.PageTimeout = cmp.Or(l.PageTimeout, 60*time.Second)
	l.MaxBytes = cmp.Or(l.MaxBytes, 100<<20)
	l.DPI = cmp.Or(l.DPI, 300)
	l.Languages = cmp.Or(l.Languages, "fra+eng+deu")
	l.Workers = cmp.Or(l.Workers, runtime.NumCPU())
	return l
}

// Reader reads documents into layouts. The zero value is ready to use.
type Reader struct {
	Limits Limits
	Log    *slog.Logger // nil logs nothing
}

// job is the state of one Read: its limits, its private folder, its log.
type job struct {
	limits Limits
	dir    string
	log    *slog.Logger
}

// Read returns the layout of the document. name is the document's file name, a hint for its
// kind: the content decides (see Kind).
//
// Errors: CodeInvalid for an empty, unknown, corrupt or password-protected document;
// CodeTooLarge for one past the Limits (bytes, pages, pixels, page size, a tool's time or
// output); CodeUnavailable when a tool or Tesseract language is not installed (the message names
// the Debian package). Other errors are internal failures.
func (r *Reader) Read(ctx context.Context, name string, content []byte) (*layout.Document, error) {
	lim := r.Limits.withDefaults()
	if len(content) == 0 {
		return nil, o2c.Errorf(o2c.CodeInvalid, "%s is empty", quote(name))
	}
	if int64(len(content)) > lim.MaxBytes {
		return nil, o2c.Errorf(o2c.CodeTooLarge, "%s has %d bytes; at most %d are read", quote(name), len(content), lim.MaxBytes)
	}
	kind := Kind(name, content)
	if kind == "" {
		return nil, o2c.Errorf(o2c.CodeInvalid, "%s is neither a PDF, an image (PNG, JPEG, TIFF) nor text", quote(name))
	}
	if kind == "text" {
		doc := FromText(decodeText(content))
		return &doc, nil
	}
	log := r.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	dir, err := os.MkdirTemp("", "o2c-layout-*")
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	defer func() {
		if err := os.RemoveAll(dir); err != nil {
			log.WarnContext(ctx, "remove temporary folder", "dir", dir, "err", err)
		}
	}()
	j := &job{limits: lim, dir: dir, log: log.With("document", name)}
	start := time.Now()
	var doc *layout.Document
	switch {
	case kind == "pdf":
		doc, err = j.readPDFBytes(ctx, content)
	case isTIFF(content):
		doc, err = j.readTIFF(ctx, content)
	default:
		doc, err = j.readImage(ctx, content)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	j.log.DebugContext(ctx, "document read", "kind", kind, "pages", len(doc.Pages), "took", time.Since(start))
	return doc, nil
}

// quote names a document in a message.
func quote(name string) string {
	if name == "" {
		return "the document"
	}
	return fmt.Sprintf("%q", name)
}
