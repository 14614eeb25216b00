package reader

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg" // image.DecodeConfig and Decode of JPEG scans and photos
	_ "image/png"  // and of PNG
	"io"
	"strconv"
)

// Resolutions outside this range, in dots per inch, are taken for "not stated": 72 and 96 are
// what software writes when it knows nothing, and scans are made at 150 to 600.
const (
	minStatedDPI = 100
	maxStatedDPI = 1200
)

// imageHeader returns the size of a PNG or JPEG image in pixels and the resolution its header
// states (0 when it states none we believe), without decoding the pixels.
func imageHeader(content []byte) (width, height int, dpi float64, err error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(content))
	if err != nil {
		return 0, 0, 0, fmt.Errorf("read image header: %w", err)
	}
	switch {
	case isPNG(content):
		dpi = pngDPI(content)
	case isJPEG(content):
		dpi = jfifDPI(content)
	}
	if !plausibleDPI(dpi) {
		dpi = 0
	}
	return cfg.Width, cfg.Height, dpi, nil
}

// pngDPI reads the pHYs chunk (pixels per metre), which comes before the image data.
func pngDPI(b []byte) float64 {
	for i := 8; i+8 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[i:]))
		typ := string(b[i+4 : i+8])
		if n < 0 || n > len(b)-i-12 || typ == "IDAT" {
			return 0
		}
		if typ == "pHYs" && n == 9 {
			x := binary.BigEndian.Uint32(b[i+8:])
			if b[i+16] == 1 { // unit: metre
				return float64(x) * 0.0254
			}
			return 0
		}
		i += 12 + n
	}
	return 0
}

// jfifDPI reads the density of a JFIF APP0 segment, the first segment of most JPEG files.
func jfifDPI(b []byte) float64 {
	if len(b) < 18 || b[2] != 0xFF || b[3] != 0xE0 || string(b[6:11]) != "JFIF\x00" {
		return 0
	}
	x := float64(binary.BigEndian.Uint16(b[14:]))
	switch b[13] {
	case 1: // dots per inch
		return x
	case 2: // dots per cm
		return x * 2.54
	}
	return 0
}

// decodeGray decodes a PGM (what pdftoppm -gray writes), PNG or JPEG image into grey levels.
func decodeGray(data []byte) (*image.Gray, error) {
	if bytes.HasPrefix(data, []byte("P5")) {
		return readPGM(data)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("decode image: %w", err)
	}
	if g, ok := img.(*image.Gray); ok {
		return g, nil
	}
	g := image.NewGray(img.Bounds())
	draw.Draw(g, g.Bounds(), img, img.Bounds().Min, draw.Src)
	return g, nil
}

// readPGM reads a binary 8-bit PGM (P5) image.
func readPGM(data []byte) (*image.Gray, error) {
	r := bufio.NewReader(bytes.NewReader(data))
	var magic string
	var w, h, maxVal int
	if _, err := fmt.Fscan(r, &magic, &w, &h, &maxVal); err != nil || magic != "P5" {
		return nil, fmt.Errorf("read PGM header: not an 8-bit P5 image")
	}
	if maxVal != 255 || w <= 0 || h <= 0 || int64(w)*int64(h) > int64(len(data)) {
		return nil, fmt.Errorf("read PGM header: unsupported %d×%d image of depth %d", w, h, maxVal)
	}
	if _, err := r.ReadByte(); err != nil { // the one white space character after the header
		return nil, fmt.Errorf("read PGM header: %w", err)
	}
	g := image.NewGray(image.Rect(0, 0, w, h))
	if _, err := io.ReadFull(r, g.Pix); err != nil {
		return nil, fmt.Errorf("read PGM pixels: %w", err)
	}
	return g, nil
}

// pgmSize returns the size of a PGM image from its header.
func pgmSize(data []byte) (width, height int, err error) {
	var magic string
	if _, err := fmt.Fscan(bytes.NewReader(data[:min(len(data), 64)]), &magic, &width, &height); err != nil || magic != "P5" {
		return 0, 0, fmt.Errorf("read PGM header: not a P5 image")
	}
	return width, height, nil
}

// writePGM encodes g as a binary PGM, which Tesseract reads without the cost of PNG compression.
func writePGM(g *image.Gray) []byte {
	b := g.Bounds()
	var out bytes.Buffer
	out.Grow(b.Dx()*b.Dy() + 32)
	out.WriteString("P5\n" + strconv.Itoa(b.Dx()) + " " + strconv.Itoa(b.Dy()) + "\n255\n")
	for y := b.Min.Y; y < b.Max.Y; y++ {
		i := g.PixOffset(b.Min.X, y)
		out.Write(g.Pix[i : i+b.Dx()])
	}
	return out.Bytes()
}

// rotate returns g turned clockwise by deg, one of 0, 90, 180, 270.
func rotate(g *image.Gray, deg int) *image.Gray {
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	if deg == 90 || deg == 270 {
		w, h = h, w
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := range b.Dy() {
		row := g.Pix[g.PixOffset(b.Min.X, b.Min.Y+y):]
		for x := range b.Dx() {
			var dx, dy int
			switch deg {
			case 90:
				dx, dy = b.Dy()-1-y, x
			case 180:
				dx, dy = b.Dx()-1-x, b.Dy()-1-y
			case 270:
				dx, dy = y, b.Dx()-1-x
			default:
				dx, dy = x, y
			}
			out.Pix[dy*out.Stride+dx] = row[x]
		}
	}
	return out
}
