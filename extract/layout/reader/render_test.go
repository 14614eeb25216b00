package reader

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"testing"

	"github.com/o2c-project/o2c"
)

func TestRenderPage(t *testing.T) {
	t.Parallel()
	needTools(t, "pdftoppm")
	ctx := context.Background()
	r := &Reader{}
	pdf := pagesPDF(t, 2, 210, 297) // A4 portrait, in mm
	size := func(b []byte) image.Point {
		t.Helper()
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("not a PNG: %v", err)
		}
		return img.Bounds().Size()
	}
	got, err := r.RenderPage(ctx, "order.pdf", pdf, 2, 600, 0)
	if err != nil {
		t.Fatal(err)
	}
	// pdftoppm -scale-to fits the longer side: 600 px high, 210/297 of that wide.
	if s := size(got); s.Y != 600 || s.X < 420 || s.X > 426 {
		t.Errorf("page 2 drawn %v, want about 424 × 600", s)
	}
	turned, err := r.RenderPage(ctx, "order.pdf", pdf, 1, 600, 90)
	if err != nil {
		t.Fatal(err)
	}
	if s := size(turned); s.X != 600 || s.Y < 420 || s.Y > 426 {
		t.Errorf("page turned by 90° drawn %v, want about 600 × 424", s)
	}
	if _, err := r.RenderPage(ctx, "order.pdf", pdf, 3, 600, 0); o2c.ErrorCode(err) != o2c.CodeNotFound {
		t.Errorf("page 3 of 2: %v, want CodeNotFound", err)
	}
	img := encodePNG(t, image.NewGray(image.Rect(0, 0, 2000, 1000)))
	small, err := r.RenderPage(ctx, "photo.png", img, 1, 500, 0)
	if err != nil {
		t.Fatal(err)
	}
	if s := size(small); s.X != 2000 { // a PNG upright is served as it is
		t.Errorf("PNG drawn %v, want it as it is", s)
	}
	shrunk, err := r.RenderPage(ctx, "photo.png", img, 1, 500, 180)
	if err != nil {
		t.Fatal(err)
	}
	if s := size(shrunk); s.X != 500 || s.Y != 250 {
		t.Errorf("PNG turned drawn %v, want 500 × 250", s)
	}
	if _, err := r.RenderPage(ctx, "notes.txt", []byte("hello"), 1, 500, 0); o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Errorf("text: %v, want CodeInvalid", err)
	}
}
