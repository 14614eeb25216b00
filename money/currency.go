// Package money holds exact amounts in a currency. Amounts are shopspring decimals, never floats;
// the scale of each currency comes from the ISO 4217 table (JPY 0, EUR 2, KWD 3), never an assumed 2.
package money

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"
)

// Currency is an ISO 4217 alphabetic code such as "EUR".
type Currency string

// ParseCurrency checks s against the ISO 4217 table; it accepts lower case and surrounding spaces.
func ParseCurrency(s string) (Currency, error) {
	code := strings.ToUpper(strings.TrimSpace(s))
	if len(code) != 3 {
		return "", fmt.Errorf("currency %q is not a 3-letter ISO 4217 code", s)
	}
	unit, err := currency.ParseISO(code)
	if err != nil {
		return "", fmt.Errorf("currency %q is not an ISO 4217 code", s)
	}
	if unit.String() == "XXX" && code != "XXX" {
		return "", fmt.Errorf("currency %q is not an ISO 4217 code", s)
	}
	return Currency(code), nil
}

// Scale is the number of decimal places of the currency's minor unit (EUR 2, JPY 0, KWD 3).
func (c Currency) Scale() int32 {
	unit, err := currency.ParseISO(string(c))
	if err != nil {
		return 2
	}
	scale, _ := currency.Standard.Rounding(unit)
	return int32(scale)
}

// Round rounds an amount to the currency's scale, half away from zero (the commercial rule).
func (c Currency) Round(amount decimal.Decimal) decimal.Decimal {
	return RoundHalfAway(amount, c.Scale())
}

// RoundHalfAway rounds half away from zero to the given places; shopspring's Round does the same,
// and this name makes the rule visible where it is applied.
func RoundHalfAway(amount decimal.Decimal, places int32) decimal.Decimal {
	return amount.Round(places)
}

// ToMinor converts an amount to integer minor units of the currency (12.34 EUR -> 1234), the form
// in which SQL sums money. It fails when the amount has more places than the currency allows.
func (c Currency) ToMinor(amount decimal.Decimal) (int64, error) {
	scaled := amount.Shift(c.Scale())
	if !scaled.Equal(scaled.Truncate(0)) {
		return 0, fmt.Errorf("amount %s has more decimals than %s allows", amount, c)
	}
	if !scaled.IsInteger() || scaled.Abs().GreaterThan(decimal.NewFromInt(1<<62)) {
		return 0, fmt.Errorf("amount %s %s is out of range", amount, c)
	}
	return scaled.IntPart(), nil
}

// FromMinor converts integer minor units back to an amount.
func (c Currency) FromMinor(minor int64) decimal.Decimal {
	return decimal.New(minor, -c.Scale())
}
