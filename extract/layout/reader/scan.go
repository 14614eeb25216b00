package reader

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract/layout"
)

// readImage reads a PNG or JPEG scan or photo by OCR. Its size is checked from its header, before
// anything decodes it.
func (j *job) readImage(ctx context.Context, content []byte) (*layout.Document, error) {
	w, h, dpi, err := imageHeader(content)
	if err != nil {
		return nil, o2c.Errorf(o2c.CodeInvalid, "the image is damaged or of an unknown kind: %s", err)
	}
	if err := j.checkPixels("the image", w, h); err != nil {
		return nil, err
	}
	if !plausibleDPI(dpi) {
		dpi = float64(j.limits.DPI)
	}
	ext := ".png"
	if isJPEG(content) {
		ext = ".jpg"
	}
	img := ocrImage{Page: 1, Path: filepath.Join(j.dir, "image"+ext), Width: w, Height: h, DPI: dpi}
	if err := os.WriteFile(img.Path, content, 0o600); err != nil {
		return nil, fmt.Errorf("write image: %w", err)
	}
	page, notes, err := j.ocr(ctx, img)
	if err != nil {
		return nil, err
	}
	return &layout.Document{Pages: []layout.Page{page}, Notes: notes}, nil
}

// readTIFF reads a TIFF of one or more pages by OCR. The pages' count and sizes are checked from
// the file's directories; tiff2pdf then wraps the pages, still compressed, in a PDF whose pages
// are read as scans at the TIFF's resolution.
func (j *job) readTIFF(ctx context.Context, content []byte) (*layout.Document, error) {
	pages, err := tiffPages(content, j.limits.MaxPages)
	var many *tooManyPages
	if errors.As(err, &many) {
		return nil, o2c.Errorf(o2c.CodeTooLarge, "the TIFF has more than %d pages; at most %d are read", many.Max, many.Max)
	} else if err != nil {
		return nil, o2c.Errorf(o2c.CodeInvalid, "the TIFF is damaged: %s", err)
	}
	for i, p := range pages {
		if err := j.checkPixels(fmt.Sprintf("page %d of the TIFF", i+1), p.Width, p.Height); err != nil {
			return nil, err
		}
	}
	// tiff2pdf sizes each page by its resolution, so that a fax's 204 × 98 dpi page renders
	// with square pixels; pages are then rendered at the first page's finer resolution, pixel for
	// pixel as scanned. A resolution we do not believe (none, or 72 from software that knew
	// nothing) is replaced by Limits.DPI.
	x, y := pages[0].XDPI, pages[0].YDPI
	dpi, override := max(x, y), "d"
	if !plausibleDPI(x) || !(plausibleDPI(y) || isFaxNormal(x, y)) {
		dpi, override = float64(j.limits.DPI), "o"
	}
	in := filepath.Join(j.dir, "in.tif")
	if err := os.WriteFile(in, content, 0o600); err != nil {
		return nil, fmt.Errorf("write TIFF: %w", err)
	}
	// -z keeps pages zip-compressed when tiff2pdf cannot pass their data through as it is (LZW):
	// the PDF stays about the size of the TIFF, where raw pixels could fill the disk.
	res := strconv.Itoa(j.limits.DPI)
	pdf := filepath.Join(j.dir, "tiff.pdf")
	_, err = j.run(ctx, run{
		Tool:    "tiff2pdf",
		Args:    []string{"-z", "-u", "i", "-x", res, "-y", res, "-r", override, "-o", filepath.Base(pdf), filepath.Base(in)},
		What:    "the TIFF",
		Timeout: j.limits.PageTimeout,
	})
	var exit *exitError
	if errors.As(err, &exit) {
		return nil, o2c.Errorf(o2c.CodeInvalid, "the TIFF cannot be read: %s", exit.Stderr)
	} else if err != nil {
		return nil, err
	}
	return j.readPDF(ctx, pdf, true, dpi)
}

// plausibleDPI reports a resolution we believe a file states for its scan.
func plausibleDPI(dpi float64) bool { return dpi >= minStatedDPI && dpi <= maxStatedDPI }

// isFaxNormal reports a fax's normal mode: half as many lines down as dots across (204 × 98).
func isFaxNormal(xdpi, ydpi float64) bool { return ydpi >= xdpi/2.2 && ydpi <= xdpi/1.8 }

// checkPixels refuses an image of more than MaxPixels pixels, or of none.
func (j *job) checkPixels(what string, w, h int) error {
	if w <= 0 || h <= 0 {
		return o2c.Errorf(o2c.CodeInvalid, "%s has no pixels (%d × %d)", what, w, h)
	}
	if int64(w)*int64(h) > j.limits.MaxPixels {
		return o2c.Errorf(o2c.CodeTooLarge, "%s has %d × %d pixels; at most %d are read", what, w, h, j.limits.MaxPixels)
	}
	return nil
}
