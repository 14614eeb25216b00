package reader

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/sync/errgroup"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract/layout"
)

const (
	// maxSide is the longest page side we read, in points: 5 m. Real pages stop at A0 (1.19 m)
	// or a plotter roll; a bigger MediaBox is a trick to make rendering eat memory.
	maxSide = 5000 / 25.4 * 72
	// minTextChars is how many characters of text a PDF page must hold to be read from its text
	// layer. A page with fewer is taken for a scan (maybe with a stamped page number) and read
	// by OCR as well; the reading with more text wins.
	minTextChars = 20
)

// pdfInfo is what pdfinfo says of a PDF.
type pdfInfo struct {
	Pages     int
	Encrypted bool         // encrypted, but readable without a password (else pdfinfo fails)
	Sizes     [][2]float64 // width and height of each page it listed, in points
}

// readPDF reads every page of the PDF file at path, in the job's folder. Pages without text are
// rendered at dpi, or less to stay within MaxPixels. scanned says every page is an image (a TIFF
// wrapped by tiff2pdf), so no text layer is looked for.
func (j *job) readPDF(ctx context.Context, path string, scanned bool, dpi float64) (*layout.Document, error) {
	info, err := j.pdfinfo(ctx, path)
	if err != nil {
		return nil, err
	}
	doc := &layout.Document{Pages: make([]layout.Page, info.Pages)}
	if info.Encrypted {
		doc.Notes = append(doc.Notes, "the PDF is encrypted without a password (its permissions only); it was read anyway")
	}
	notes := make([][]string, info.Pages)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(j.limits.Workers)
	for i := range info.Pages {
		g.Go(func() error {
			page, pageNotes, err := j.readPDFPage(gctx, path, i+1, info.Sizes[i], scanned, dpi)
			doc.Pages[i], notes[i] = page, pageNotes
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for _, n := range notes {
		doc.Notes = append(doc.Notes, n...)
	}
	return doc, nil
}

// readPDFBytes reads the PDF in content.
func (j *job) readPDFBytes(ctx context.Context, content []byte) (*layout.Document, error) {
	path := filepath.Join(j.dir, "in.pdf")
	if err := os.WriteFile(path, content, 0o600); err != nil {
		return nil, fmt.Errorf("write PDF: %w", err)
	}
	return j.readPDF(ctx, path, false, float64(j.limits.DPI))
}

// pdfinfo runs pdfinfo and checks the PDF against the limits before any page is read.
func (j *job) pdfinfo(ctx context.Context, path string) (pdfInfo, error) {
	out, err := j.run(ctx, run{
		Tool:    "pdfinfo",
		Args:    []string{"-f", "1", "-l", strconv.Itoa(j.limits.MaxPages), filepath.Base(path)},
		What:    "the PDF",
		Timeout: j.limits.PageTimeout,
	})
	var exit *exitError
	if errors.As(err, &exit) {
		// pdfinfo says "Incorrect password" with the same status as any damage; the /Encrypt
		// entry of the trailer tells the two apart without reading the tool's words.
		if content, err := os.ReadFile(path); err == nil && bytes.Contains(content, []byte("/Encrypt")) {
			return pdfInfo{}, o2c.Errorf(o2c.CodeInvalid, "the PDF is protected by a password; ask the sender for an unprotected copy")
		}
		return pdfInfo{}, o2c.Errorf(o2c.CodeInvalid, "the PDF is damaged or not a PDF: %s", exit.Stderr)
	} else if err != nil {
		return pdfInfo{}, err
	}
	info := parsePDFInfo(out)
	switch {
	case info.Pages <= 0:
		return pdfInfo{}, o2c.Errorf(o2c.CodeInvalid, "the PDF has no pages")
	case info.Pages > j.limits.MaxPages:
		return pdfInfo{}, o2c.Errorf(o2c.CodeTooLarge, "the PDF has %d pages; at most %d are read", info.Pages, j.limits.MaxPages)
	}
	if len(info.Sizes) != info.Pages {
		return pdfInfo{}, o2c.Errorf(o2c.CodeInvalid, "the PDF is damaged: page %d has no size", len(info.Sizes)+1)
	}
	for i, s := range info.Sizes {
		if s[0] > maxSide || s[1] > maxSide {
			return pdfInfo{}, o2c.Errorf(o2c.CodeTooLarge, "page %d is %.0f × %.0f mm; pages larger than 5 m are not read", i+1, s[0]/72*25.4, s[1]/72*25.4)
		}
	}
	return info, nil
}

// parsePDFInfo reads "Pages:", "Encrypted:" and "Page N size: W x H pts" from pdfinfo's output.
func parsePDFInfo(out []byte) pdfInfo {
	var info pdfInfo
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		f := strings.Fields(value)
		switch k := strings.Fields(key); {
		case len(k) == 1 && k[0] == "Pages" && len(f) > 0:
			info.Pages, _ = strconv.Atoi(f[0])
		case len(k) == 1 && k[0] == "Encrypted" && len(f) > 0:
			info.Encrypted = f[0] == "yes"
		case len(k) == 3 && k[0] == "Page" && k[2] == "size" && len(f) >= 3 && f[1] == "x":
			n, err := strconv.Atoi(k[1])
			w, errW := strconv.ParseFloat(f[0], 64)
			h, errH := strconv.ParseFloat(f[2], 64)
			if err != nil || errW != nil || errH != nil || n != len(info.Sizes)+1 {
				continue
			}
			info.Sizes = append(info.Sizes, [2]float64{w, h})
		}
	}
	return info
}

// readPDFPage reads page n: its text layer, or, when that holds (almost) nothing, by OCR.
func (j *job) readPDFPage(ctx context.Context, path string, n int, size [2]float64, scanned bool, dpi float64) (layout.Page, []string, error) {
	what := fmt.Sprintf("page %d", n)
	text := layout.Page{Number: n, Width: size[0], Height: size[1], Source: layout.SourceText}
	if !scanned {
		out, err := j.run(ctx, run{
			Tool:    "pdftotext",
			Args:    []string{"-f", strconv.Itoa(n), "-l", strconv.Itoa(n), "-bbox-layout", "-enc", "UTF-8", filepath.Base(path), "-"},
			What:    what,
			Timeout: j.limits.PageTimeout,
		})
		var exit *exitError
		if errors.As(err, &exit) {
			return layout.Page{}, nil, o2c.Errorf(o2c.CodeInvalid, "%s of the PDF cannot be read: %s", what, exit.Stderr)
		} else if err != nil {
			return layout.Page{}, nil, err
		}
		pages, err := parseBBox(out)
		if err != nil {
			return layout.Page{}, nil, o2c.Errorf(o2c.CodeInvalid, "%s of the PDF has text that cannot be read: %s", what, err)
		}
		if len(pages) > 0 {
			text = pages[0]
			text.Number = n
		}
		if chars(text) >= minTextChars {
			return text, nil, nil
		}
	}
	var notes []string
	// Fit the render in MaxPixels; a page with a rotation renders with the same area.
	if px := size[0] / 72 * dpi * size[1] / 72 * dpi; px > float64(j.limits.MaxPixels) {
		fit := max(1, math.Floor(dpi*math.Sqrt(float64(j.limits.MaxPixels)/px)))
		notes = append(notes, fmt.Sprintf("%s is large: it was read at %.0f dpi instead of %.0f", what, fit, dpi))
		dpi = fit
	}
	img, err := j.render(ctx, path, n, dpi)
	if err != nil {
		return layout.Page{}, nil, err
	}
	page, ocrNotes, err := j.ocr(ctx, img)
	if err != nil {
		return layout.Page{}, nil, err
	}
	if !scanned && chars(page) <= chars(text) {
		return text, nil, nil
	}
	if !scanned {
		notes = append(notes, fmt.Sprintf("%s has no text layer; it was read by OCR", what))
	}
	return page, append(notes, ocrNotes...), nil
}

// render draws page n of the PDF at dpi into a grey PGM file, which costs a quarter of the PNG
// pdftoppm writes (in colour even with -gray) to make and to read.
func (j *job) render(ctx context.Context, path string, n int, dpi float64) (ocrImage, error) {
	what := fmt.Sprintf("page %d", n)
	root := filepath.Join(j.dir, fmt.Sprintf("page-%d", n))
	_, err := j.run(ctx, run{
		Tool:    "pdftoppm",
		Args:    []string{"-r", strconv.FormatFloat(dpi, 'f', -1, 64), "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), "-gray", "-singlefile", filepath.Base(path), filepath.Base(root)},
		What:    what,
		Timeout: j.limits.PageTimeout,
	})
	var exit *exitError
	if errors.As(err, &exit) {
		return ocrImage{}, o2c.Errorf(o2c.CodeInvalid, "%s of the PDF cannot be drawn: %s", what, exit.Stderr)
	} else if err != nil {
		return ocrImage{}, err
	}
	img := ocrImage{Page: n, Path: root + ".pgm", DPI: dpi}
	head := make([]byte, 64)
	f, err := os.Open(img.Path)
	if err != nil {
		return ocrImage{}, fmt.Errorf("%s: open render: %w", what, err)
	}
	k, err := f.Read(head)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return ocrImage{}, fmt.Errorf("%s: read render: %w", what, err)
	}
	if img.Width, img.Height, err = pgmSize(head[:k]); err != nil {
		return ocrImage{}, fmt.Errorf("%s: %w", what, err)
	}
	return img, nil
}

// chars counts the characters of a page's words.
func chars(p layout.Page) int {
	n := 0
	for _, w := range p.Words() {
		for _, r := range w.Text {
			if !unicode.IsSpace(r) {
				n++
			}
		}
	}
	return n
}
