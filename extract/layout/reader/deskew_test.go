package reader

import (
	"fmt"
	"image"
	"math"
	"testing"
)

// TestReadImageSkewed reads scans skewed by up to 3°: once straightened, the words are where the
// PDF put them. Without straightening, only 9 to 13 of the 26 words at ±3° were within 3 points.
func TestReadImageSkewed(t *testing.T) {
	t.Parallel()
	needTools(t, "pdftoppm", "tesseract")
	pdf, want := orderPDF(t)
	upright := renderGray(t, pdf, 300)
	for _, deg := range []float64{-3, 2} {
		t.Run(fmt.Sprintf("Skew%+.0f", deg), func(t *testing.T) {
			t.Parallel()
			doc := read(t, &Reader{}, "skewed.png", encodePNG(t, skew(upright, deg)))

			p := doc.Pages[0]
			if p.Rotation != 0 {
				t.Errorf("rotation = %d, want 0: a skew is no turn", p.Rotation)
			}
			checkOCR(t, p, want, at200dpi, 3) // turned pixels blur accents as a lower resolution does
		})
	}
}

func TestSkewAngle(t *testing.T) {
	t.Parallel()
	needTools(t, "pdftoppm")
	pdf, _ := orderPDF(t)
	upright := renderGray(t, pdf, 150)
	if got := skewAngle(upright); math.Abs(got) > 0.1 {
		t.Errorf("skewAngle(upright) = %.2f, want 0", got)
	}
	for _, deg := range []float64{-3.5, -1, 0.5, 2.2} {
		skewed := skew(upright, deg)
		// skew turns the page by deg the other way round from skewAngle's sign.
		if got := skewAngle(skewed); math.Abs(got+deg) > 0.15 {
			t.Errorf("skewAngle(skewed by %.1f) = %.2f, want %.2f", deg, got, -deg)
		}
		if got := skewAngle(straighten(skewed, skewAngle(skewed))); math.Abs(got) > 0.1 {
			t.Errorf("skewAngle(straightened from %.1f) = %.2f, want 0", deg, got)
		}
	}
	blank := image.NewGray(image.Rect(0, 0, 100, 100))
	for i := range blank.Pix {
		blank.Pix[i] = 255
	}
	if got := skewAngle(blank); got != 0 {
		t.Errorf("skewAngle(blank) = %v, want 0", got)
	}
}

// skew turns g by deg degrees about its centre, counter-clockwise as seen, with bilinear
// interpolation and white outside: written apart from straighten, which it is checked against.
func skew(g *image.Gray, deg float64) *image.Gray {
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	out := image.NewGray(b)
	s, c := math.Sincos(deg * math.Pi / 180)
	cx, cy := float64(w)/2, float64(h)/2
	at := func(x, y int) float64 {
		if x < 0 || y < 0 || x >= w || y >= h {
			return 255
		}
		return float64(g.Pix[y*g.Stride+x])
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dx, dy := float64(x)-cx, float64(y)-cy
			sx, sy := c*dx-s*dy+cx, s*dx+c*dy+cy
			x0, y0 := int(math.Floor(sx)), int(math.Floor(sy))
			fx, fy := sx-float64(x0), sy-float64(y0)
			v := at(x0, y0)*(1-fx)*(1-fy) + at(x0+1, y0)*fx*(1-fy) + at(x0, y0+1)*(1-fx)*fy + at(x0+1, y0+1)*fx*fy
			out.Pix[y*out.Stride+x] = uint8(v + 0.5)
		}
	}
	return out
}
