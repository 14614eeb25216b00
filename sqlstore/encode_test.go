package sqlstore

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func TestDecTextKeepsScale(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		d    decimal.Decimal
		want string
	}{
		{decimal.RequireFromString("12.50"), "12.50"},
		{decimal.RequireFromString("-0.001"), "-0.001"},
		{decimal.RequireFromString("100.000"), "100.000"},
		{decimal.New(12, 2), "1200"},
		{decimal.Decimal{}, "0"},
	} {
		if got := decText(tt.d); got != tt.want {
			t.Errorf("decText(%s) = %s, want %s", tt.d, got, tt.want)
		}
	}
}

func TestLikeContainsEscapes(t *testing.T) {
	t.Parallel()
	if got, want := likeContains(`a_b%c\d`), `%a\_b\%c\\d%`; got != want {
		t.Fatalf("likeContains = %s, want %s", got, want)
	}
}

func TestInstantScanner(t *testing.T) {
	t.Parallel()
	want := time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC)
	paris := time.FixedZone("CET", 3600)
	for _, src := range []any{"2026-01-02T03:04:05.000006Z", []byte("2026-01-02T03:04:05.000006Z"), want.In(paris)} {
		var got time.Time
		if err := (instantScanner{&got}).Scan(src); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("Scan(%v) = %v, want %v", src, got, want)
		}
	}
	var got time.Time
	if err := (instantScanner{&got}).Scan(nil); err != nil || !got.IsZero() {
		t.Fatalf("Scan(nil) = %v, %v", got, err)
	}
	if err := (instantScanner{&got}).Scan("2026-01-02T03:04:05Z"); err == nil {
		t.Fatal("Scan accepted an instant that is not fixed-width")
	}
	if s := TextInstant(want.In(paris)); s != "2026-01-02T03:04:05.000006Z" {
		t.Fatalf("TextInstant = %s", s)
	}
}
