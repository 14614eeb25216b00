package pdf

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// testLogo is a small PNG with transparency: a dark square and a lighter bar beside it.
func testLogo(t testing.TB) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 240, 80))
	for y := 0; y < 80; y++ {
		for x := 0; x < 240; x++ {
			switch {
			case x < 80:
				img.Set(x, y, color.NRGBA{31, 58, 95, 255})
			case x > 92 && y > 28 && y < 52:
				img.Set(x, y, color.NRGBA{90, 130, 180, 255})
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
