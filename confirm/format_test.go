package confirm

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
)

func TestAmount(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lang, amount, currency, want string
	}{
		{"en", "1234.5", "EUR", "1,234.50\u00a0EUR"},
		{"fr", "1234.5", "EUR", "1\u00a0234,50\u00a0EUR"},
		{"de", "1234.5", "EUR", "1.234,50\u00a0EUR"},
		{"en", "1234567.891", "EUR", "1,234,567.89\u00a0EUR"},
		{"de", "-1234567.895", "EUR", "-1.234.567,90\u00a0EUR"}, // half away from zero
		{"en", "0", "EUR", "0.00\u00a0EUR"},
		{"en", "999.995", "EUR", "1,000.00\u00a0EUR"},
		{"fr", "123456", "JPY", "123\u00a0456\u00a0JPY"},
		{"de", "1234.5", "KWD", "1.234,500\u00a0KWD"},
		{"en", "12.5", "", "12.50"},
	} {
		t.Run(tc.lang+"_"+tc.amount+"_"+tc.currency, func(t *testing.T) {
			t.Parallel()
			if got := localeFor(tc.lang).amount(decimal.RequireFromString(tc.amount), tc.currency); got != tc.want {
				t.Fatalf("amount = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPriceKeepsItsDecimals(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ lang, price, currency, want string }{
		{"en", "8.125", "EUR", "8.125"},
		{"en", "8.1", "EUR", "8.10"},
		{"de", "1250.00", "EUR", "1.250,00"},
		{"fr", "0.0125", "EUR", "0,0125"},
		{"en", "300", "JPY", "300"},
	} {
		if got := localeFor(tc.lang).price(decimal.RequireFromString(tc.price), tc.currency); got != tc.want {
			t.Errorf("price(%s %s, %s) = %q, want %q", tc.price, tc.currency, tc.lang, got, tc.want)
		}
	}
}

func TestQuantity(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ lang, qty, want string }{
		{"en", "1200.50", "1,200.5"},
		{"fr", "1200.50", "1\u00a0200,5"},
		{"de", "1200.50", "1.200,5"},
		{"de", "12", "12"},
		{"en", "0.125", "0.125"},
		{"en", "-3", "-3"},
	} {
		if got := localeFor(tc.lang).quantity(decimal.RequireFromString(tc.qty)); got != tc.want {
			t.Errorf("quantity(%s, %s) = %q, want %q", tc.qty, tc.lang, got, tc.want)
		}
	}
}

func TestDate(t *testing.T) {
	t.Parallel()
	d := cal.MustParse("2026-03-01")
	for lang, want := range map[string]string{"en": "1 March 2026", "fr": "1 mars 2026", "de": "1. März 2026"} {
		if got := localeFor(lang).date(d); got != want {
			t.Errorf("date in %s = %q, want %q", lang, got, want)
		}
	}
	if got := localeFor("en").date(cal.Date{}); got != "" {
		t.Errorf("the zero date = %q, want nothing", got)
	}
}

func TestLocaleFor(t *testing.T) {
	t.Parallel()
	for lang, want := range map[string]string{"": "en", "en": "en", "fr": "fr", "fr-BE": "fr", "DE_at": "de", " de ": "de", "es": "en", "french": "en"} {
		if got := localeFor(lang).tag.String(); got != want {
			t.Errorf("localeFor(%q) = %s, want %s", lang, got, want)
		}
	}
}

func TestPriceTrailingZeros(t *testing.T) {
	t.Parallel()
	if got := localeFor("en").price(decimal.RequireFromString("3.1500"), "EUR"); got != "3.15" {
		t.Fatalf("price(3.1500) = %q, want 3.15", got)
	}
}
