package money_test

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/money"
)

func ExampleCurrency_Scale() {
	for _, c := range []money.Currency{"EUR", "JPY", "KWD"} {
		fmt.Print(c, " ", c.Scale(), "; ")
	}
	// Output: EUR 2; JPY 0; KWD 3;
}

func TestParseCurrency(t *testing.T) {
	t.Parallel()
	for in, ok := range map[string]bool{"EUR": true, " gbp ": true, "CHF": true, "EURO": false, "ZZZ": false, "": false, "12€": false} {
		_, err := money.ParseCurrency(in)
		if (err == nil) != ok {
			t.Errorf("ParseCurrency(%q) error = %v, want ok=%v", in, err, ok)
		}
	}
}

func TestMinorUnits(t *testing.T) {
	t.Parallel()
	eur := money.Currency("EUR")
	m, err := eur.ToMinor(decimal.RequireFromString("1234.50"))
	if err != nil || m != 123450 {
		t.Fatalf("ToMinor = %d, %v", m, err)
	}
	if _, err := eur.ToMinor(decimal.RequireFromString("1.005")); err == nil {
		t.Fatal("ToMinor accepted a third decimal for EUR")
	}
	if got := eur.FromMinor(-199).String(); got != "-1.99" {
		t.Fatalf("FromMinor = %s", got)
	}
	if got := eur.Round(decimal.RequireFromString("2.345")).String(); got != "2.35" {
		t.Fatalf("Round = %s", got)
	}
	if got := eur.Round(decimal.RequireFromString("-2.345")).String(); got != "-2.35" {
		t.Fatalf("Round(-2.345) = %s, want half away from zero", got)
	}
}
