package reader

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg" // a photo's page
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/o2c-project/o2c"
)

// RenderPage draws page n (from 1) of a PDF, TIFF, PNG or JPEG as a PNG about width pixels
// wide, turned clockwise by rotation (0, 90, 180 or 270: the turn the reader undid, so that the
// page shows as it was read and the boxes of its words fall on them). It is what the review
// screen shows beside an order's fields.
func (r *Reader) RenderPage(ctx context.Context, name string, content []byte, n, width, rotation int) ([]byte, error) {
	lim := r.Limits.withDefaults()
	if n < 1 || n > lim.MaxPages {
		return nil, o2c.Errorf(o2c.CodeNotFound, "%s has no page %d", quote(name), n)
	}
	width = min(max(width, 200), 2400)
	var out []byte
	switch kind := Kind(name, content); {
	case kind == "pdf" || isTIFF(content):
		dir, err := os.MkdirTemp("", "o2c-render-*")
		if err != nil {
			return nil, fmt.Errorf("draw %s: %w", name, err)
		}
		defer os.RemoveAll(dir)
		in := "in.pdf"
		if isTIFF(content) {
			if err := os.WriteFile(filepath.Join(dir, "in.tif"), content, 0o600); err != nil {
				return nil, fmt.Errorf("draw %s: %w", name, err)
			}
			if _, err := (run{Tool: "tiff2pdf", Args: []string{"-o", in, "in.tif"}, Dir: dir, What: quote(name),
				Timeout: lim.PageTimeout}).exec(ctx); err != nil {
				return nil, err
			}
		} else if err := os.WriteFile(filepath.Join(dir, in), content, 0o600); err != nil {
			return nil, fmt.Errorf("draw %s: %w", name, err)
		}
		page := strconv.Itoa(n)
		if _, err := (run{Tool: "pdftoppm", Args: []string{"-f", page, "-l", page, "-scale-to", strconv.Itoa(width),
			"-png", "-singlefile", in, "page"}, Dir: dir, What: "page " + page, Timeout: lim.PageTimeout}).exec(ctx); err != nil {
			var exit *exitError
			if errors.As(err, &exit) && strings.Contains(exit.Stderr, "page range") {
				return nil, o2c.Errorf(o2c.CodeNotFound, "%s has no page %d", quote(name), n)
			}
			return nil, err
		}
		if out, err = os.ReadFile(filepath.Join(dir, "page.png")); err != nil {
			return nil, o2c.Errorf(o2c.CodeNotFound, "%s has no page %d", quote(name), n)
		}
	case kind == "image":
		if n != 1 {
			return nil, o2c.Errorf(o2c.CodeNotFound, "%s has no page %d", quote(name), n)
		}
		out = content
	default:
		return nil, o2c.Errorf(o2c.CodeInvalid, "%s has no pages to draw", quote(name))
	}
	if rotation%360 == 0 && isPNG(out) {
		return out, nil
	}
	return turned(out, rotation%360, width)
}

// turned decodes a page image, turns it, shrinks it to width (a photo has far more pixels than a
// screen shows), and writes it as a grey PNG.
func turned(data []byte, rotation, width int) ([]byte, error) {
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, o2c.Errorf(o2c.CodeInvalid, "the page image cannot be decoded: %s", err)
	}
	g, ok := img.(*image.Gray)
	if !ok {
		g = image.NewGray(img.Bounds())
		draw.Draw(g, g.Bounds(), img, img.Bounds().Min, draw.Src)
	}
	if rotation != 0 {
		g = rotate(g, rotation)
	}
	g = shrink(g, width)
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&b, g); err != nil {
		return nil, fmt.Errorf("write page image: %w", err)
	}
	return b.Bytes(), nil
}

// shrink scales g down to width pixels by taking every k-th pixel's neighbourhood mean.
func shrink(g *image.Gray, width int) *image.Gray {
	b := g.Bounds()
	k := b.Dx() / width
	if k < 2 {
		return g
	}
	out := image.NewGray(image.Rect(0, 0, b.Dx()/k, b.Dy()/k))
	for y := range out.Rect.Dy() {
		for x := range out.Rect.Dx() {
			sum := 0
			for dy := range k {
				row := g.Pix[g.PixOffset(b.Min.X+x*k, b.Min.Y+y*k+dy):]
				for dx := range k {
					sum += int(row[dx])
				}
			}
			out.Pix[y*out.Stride+x] = uint8(sum / (k * k))
		}
	}
	return out
}
