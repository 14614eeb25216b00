package corpus

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"

	"github.com/go-pdf/fpdf"
)

// The image effects are image processing, not money: floats are the right tool here.

// noise is a table of normally distributed values read with a cheap index walk: drawing 8 million
// normal numbers per page would cost more than everything else.
type noise struct {
	tab   [1 << 16]float32
	state uint32
}

func newNoise(r *rand.Rand, sigma float64) *noise {
	n := &noise{state: r.Uint32() | 1}
	for i := range n.tab {
		n.tab[i] = float32(r.NormFloat64() * sigma)
	}
	return n
}

func (n *noise) next() float32 {
	n.state ^= n.state << 13 // xorshift32
	n.state ^= n.state >> 17
	n.state ^= n.state << 5
	return n.tab[n.state&0xffff]
}

// bilinear samples img at (x, y); outside it returns bg.
func bilinear(img *image.Gray, x, y float64, bg float32) float32 {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if x < 0 || y < 0 || x > float64(w-1) || y > float64(h-1) {
		return bg
	}
	x0, y0 := int(x), int(y)
	x1, y1 := min(x0+1, w-1), min(y0+1, h-1)
	fx, fy := float32(x-float64(x0)), float32(y-float64(y0))
	p := img.Pix
	s := img.Stride
	a := float32(p[y0*s+x0])*(1-fx) + float32(p[y0*s+x1])*fx
	b := float32(p[y1*s+x0])*(1-fx) + float32(p[y1*s+x1])*fx
	return a*(1-fy) + b*fy
}

func clamp8(v float32) uint8 {
	switch {
	case v < 0:
		return 0
	case v > 255:
		return 255
	}
	return uint8(v + 0.5)
}

// blur3 smooths img with a 3×3 binomial kernel: the slight softness of a scanner's optics.
func blur3(img *image.Gray) *image.Gray {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	tmp := make([]uint16, w*h)
	p := img.Pix
	for y := range h {
		row := p[y*img.Stride:]
		for x := range w {
			l, r := max(x-1, 0), min(x+1, w-1)
			tmp[y*w+x] = uint16(row[l]) + 2*uint16(row[x]) + uint16(row[r])
		}
	}
	out := image.NewGray(img.Rect)
	for y := range h {
		u, d := max(y-1, 0), min(y+1, h-1)
		for x := range w {
			out.Pix[y*out.Stride+x] = uint8((uint32(tmp[u*w+x]) + 2*uint32(tmp[y*w+x]) + uint32(tmp[d*w+x]) + 8) / 16)
		}
	}
	return out
}

// scan turns a clean page into what a flatbed or office scanner gives: turned by up to ±3°,
// shifted a little, contrast of grey paper and worn toner, a little blur, sensor noise and dust.
func scan(src *image.Gray, r *rand.Rand) *image.Gray {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	angle := (r.Float64()*2 - 1) * 3 * math.Pi / 180
	sin, cos := math.Sin(angle), math.Cos(angle)
	dx, dy := (r.Float64()*2-1)*0.01*float64(w), (r.Float64()*2-1)*0.01*float64(h)
	paper := float32(228 + r.IntN(22))
	toner := float32(10 + r.IntN(45))
	cx, cy := float64(w)/2, float64(h)/2
	out := image.NewGray(src.Rect)
	for y := range h {
		for x := range w {
			// Inverse rotation about the centre: where in the clean page this pixel comes from.
			ox, oy := float64(x)-cx-dx, float64(y)-cy-dy
			sx := cos*ox + sin*oy + cx
			sy := -sin*ox + cos*oy + cy
			v := bilinear(src, sx, sy, 255)
			out.Pix[y*out.Stride+x] = clamp8(toner + (paper-toner)*v/255)
		}
	}
	out = blur3(out)
	nz := newNoise(r, 2+r.Float64()*5)
	for i, v := range out.Pix {
		out.Pix[i] = clamp8(float32(v) + nz.next())
	}
	for range 40 + r.IntN(160) { // dust and toner specks
		x, y := r.IntN(w-3), r.IntN(h-3)
		d := 1 + r.IntN(2)
		for yy := y; yy < y+d; yy++ {
			for xx := x; xx < x+d; xx++ {
				out.Pix[yy*out.Stride+xx] = uint8(30 + r.IntN(80))
			}
		}
	}
	return out
}

// photo turns a clean page into a phone photo of it lying on a desk: seen at a slant (a
// projective warp with a few per cent of keystone), lit unevenly, warm paper, noise.
func photo(src *image.Gray, r *rand.Rand) *image.RGBA {
	sw, sh := float64(src.Rect.Dx()), float64(src.Rect.Dy())
	W, H := int(sw*1.12), int(sh*1.1)
	mx, my := 0.06*float64(W), 0.05*float64(H)
	key := 0.02 + r.Float64()*0.05 // keystone: the far edge is this much narrower
	j := func() float64 { return (r.Float64()*2 - 1) * 0.015 * float64(W) }
	top := key * float64(W) / 2
	var dst [4][2]float64
	if r.IntN(2) == 0 { // the camera leans over the bottom edge: the top is farther away
		dst = [4][2]float64{{mx + top + j(), my + j()}, {float64(W) - mx - top + j(), my + j()},
			{float64(W) - mx + j(), float64(H) - my + j()}, {mx + j(), float64(H) - my + j()}}
	} else {
		dst = [4][2]float64{{mx + j(), my + j()}, {float64(W) - mx + j(), my + j()},
			{float64(W) - mx - top + j(), float64(H) - my + j()}, {mx + top + j(), float64(H) - my + j()}}
	}
	srcC := [4][2]float64{{0, 0}, {sw - 1, 0}, {sw - 1, sh - 1}, {0, sh - 1}}
	hm := homography(dst, srcC) // output -> page
	desks := [][3]float32{{138, 98, 62}, {176, 146, 108}, {62, 62, 66}, {196, 196, 190}, {52, 60, 74}, {96, 70, 48}}
	desk := desks[r.IntN(len(desks))]
	tint := [3]float32{1, 0.97 - float32(r.Float64()*0.03), 0.9 - float32(r.Float64()*0.06)}
	// Light: a linear gradient from a random side plus a vignette.
	la, lb := (r.Float64()*2-1)*0.25, (r.Float64()*2-1)*0.25
	base := 0.82 + r.Float64()*0.12
	nz := newNoise(r, 3+r.Float64()*4)
	out := image.NewRGBA(image.Rect(0, 0, W, H))
	for y := range H {
		fy := float64(y)/float64(H) - 0.5
		for x := range W {
			fx := float64(x)/float64(W) - 0.5
			light := float32(base + la*fx + lb*fy - 0.35*(fx*fx+fy*fy))
			d := hm[6]*float64(x) + hm[7]*float64(y) + 1
			u := (hm[0]*float64(x) + hm[1]*float64(y) + hm[2]) / d
			v := (hm[3]*float64(x) + hm[4]*float64(y) + hm[5]) / d
			n := nz.next()
			o := out.PixOffset(x, y)
			if u < 0 || v < 0 || u > sw-1 || v > sh-1 {
				for c := range 3 {
					out.Pix[o+c] = clamp8(desk[c]*light + n)
				}
			} else {
				g := bilinear(src, u, v, 255)
				g = 25 + g*0.92
				for c := range 3 {
					out.Pix[o+c] = clamp8(g*tint[c]*light + n)
				}
			}
			out.Pix[o+3] = 255
		}
	}
	return out
}

// homography returns the projective transform taking the four points from onto to, as the
// eight coefficients h0..h7 of (h0 x + h1 y + h2, h3 x + h4 y + h5) / (h6 x + h7 y + 1).
func homography(from, to [4][2]float64) [8]float64 {
	var a [8][9]float64
	for i := range 4 {
		x, y, u, v := from[i][0], from[i][1], to[i][0], to[i][1]
		a[2*i] = [9]float64{x, y, 1, 0, 0, 0, -u * x, -u * y, u}
		a[2*i+1] = [9]float64{0, 0, 0, x, y, 1, -v * x, -v * y, v}
	}
	for c := range 8 { // Gauss-Jordan with partial pivoting
		p := c
		for r := c + 1; r < 8; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		a[c], a[p] = a[p], a[c]
		for r := range 8 {
			if r == c {
				continue
			}
			f := a[r][c] / a[c][c]
			for k := c; k < 9; k++ {
				a[r][k] -= f * a[c][k]
			}
		}
	}
	var h [8]float64
	for i := range 8 {
		h[i] = a[i][8] / a[i][i]
	}
	return h
}

// encodeJPEG writes img at quality q.
func encodeJPEG(img image.Image, q int) ([]byte, error) {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q}); err != nil {
		return nil, fmt.Errorf("encode JPEG: %w", err)
	}
	return b.Bytes(), nil
}

// encodePNG writes a grey image.
func encodePNG(img *image.Gray) ([]byte, error) {
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("encode PNG: %w", err)
	}
	return b.Bytes(), nil
}

// imagePDF wraps JPEG pages into a PDF with no text layer, as a scanner's "scan to PDF" does.
func imagePDF(pages [][]byte) ([]byte, error) {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCreationDate(docDate)
	f.SetModificationDate(docDate)
	f.SetCatalogSort(true)
	f.SetAutoPageBreak(false, 0)
	f.SetProducer("Scan2PDF", false)
	for i, p := range pages {
		f.AddPage()
		name := fmt.Sprintf("page%d", i+1)
		f.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "JPG"}, bytes.NewReader(p))
		f.ImageOptions(name, 0, 0, pageW, pageH, false, fpdf.ImageOptions{ImageType: "JPG"}, 0, "")
	}
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		return nil, fmt.Errorf("write scanned PDF: %w", err)
	}
	return b.Bytes(), nil
}
