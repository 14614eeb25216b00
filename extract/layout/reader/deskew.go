package reader

import (
	"image"
	"math"
)

// Skew correction. Tesseract reads text skewed by a few degrees as well as straight text (25 or
// 26 of the 26 words of our fixture at 0°, 1°, 2°, 3° and -3°), but reports each word's box where
// the skew put it: at 2° 22 of 26 words were within 3 points of their place on a page 330 points
// wide, at 3° 13 and at -3° 9 (worst error 7.8 points), against 25 of 26 at every angle once
// straightened (worst 1.6 points); the error grows with the page. Measuring the skew costs about
// 25 ms on that page. So a scan is straightened before it is read.
const (
	maxSkew     = 4.0  // degrees searched either way
	minSkew     = 0.3  // degrees below which a page is left as it is
	skewSamples = 1e6  // pixels looked at, at most, to measure the skew
	minInk      = 200  // dark samples below which there is too little to measure
	maxInkShare = 0.45 // share of dark samples above which the page is a photo, not text on paper
)

// skewAngle measures how far the text lines of g are turned, in degrees, positive when they fall
// to the right (turned clockwise), with the projection profile method: the angle at which the dark pixels, projected
// across the lines, fall into the fewest, fullest rows. It returns 0 when it cannot tell.
func skewAngle(g *image.Gray) float64 {
	b := g.Bounds()
	step := max(1, int(math.Ceil(math.Sqrt(float64(b.Dx()*b.Dy())/skewSamples))))
	var sum, n float64
	for y := b.Min.Y; y < b.Max.Y; y += step {
		for x := b.Min.X; x < b.Max.X; x += step {
			sum += float64(g.Pix[g.PixOffset(x, y)])
			n++
		}
	}
	if n == 0 {
		return 0
	}
	dark := uint8(min(128, 0.7*sum/n)) // below the paper's grey, for photos of documents
	var xs, ys []float64
	for y := b.Min.Y; y < b.Max.Y; y += step {
		for x := b.Min.X; x < b.Max.X; x += step {
			if g.Pix[g.PixOffset(x, y)] < dark {
				xs, ys = append(xs, float64(x-b.Min.X)), append(ys, float64(y-b.Min.Y))
			}
		}
	}
	if len(xs) < minInk || float64(len(xs)) > maxInkShare*n {
		return 0
	}
	rows := make([]float64, int(float64(b.Dx()+b.Dy())/float64(step))+2)
	score := func(deg float64) float64 {
		s, c := math.Sincos(deg * math.Pi / 180)
		clear(rows)
		// A point's row across lines turned by deg: y·cos − x·sin, shifted to be ≥ 0.
		shift := float64(b.Dx()) * math.Abs(s)
		for i := range xs {
			rows[int((ys[i]*c-xs[i]*s+shift)/float64(step))]++
		}
		var sq float64
		for _, v := range rows {
			sq += v * v
		}
		return sq
	}
	best, bestScore := 0.0, score(0)
	search := func(from, to, by float64) {
		for a := from; a <= to+1e-9; a += by {
			if sc := score(a); sc > bestScore {
				best, bestScore = a, sc
			}
		}
	}
	search(-maxSkew, maxSkew, 0.25)
	search(best-0.25, best+0.25, 0.05)
	return best
}

// straighten returns g turned back by deg degrees about its centre (undoing the skew skewAngle
// measured), with bilinear interpolation; what comes in from outside is white paper.
func straighten(g *image.Gray, deg float64) *image.Gray {
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	s, c := math.Sincos(-deg * math.Pi / 180)
	cx, cy := float64(w-1)/2, float64(h-1)/2
	at := func(x, y int) float64 {
		if x < 0 || y < 0 || x >= w || y >= h {
			return 255
		}
		return float64(g.Pix[g.PixOffset(b.Min.X+x, b.Min.Y+y)])
	}
	for y := range h {
		dy := float64(y) - cy
		for x := range w {
			// The source pixel of (x, y): turn it back by the same angle the other way.
			dx := float64(x) - cx
			sx, sy := c*dx+s*dy+cx, -s*dx+c*dy+cy
			x0, y0 := int(math.Floor(sx)), int(math.Floor(sy))
			fx, fy := sx-float64(x0), sy-float64(y0)
			v := at(x0, y0)*(1-fx)*(1-fy) + at(x0+1, y0)*fx*(1-fy) + at(x0, y0+1)*(1-fx)*fy + at(x0+1, y0+1)*fx*fy
			out.Pix[y*out.Stride+x] = uint8(v + 0.5)
		}
	}
	return out
}
