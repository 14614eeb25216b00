package o2c

import "github.com/shopspring/decimal"

// Amounts and quantities keep the scale they were written or computed with: "12.50" stays
// "12.50" in JSON, CSV and the database, as the spec's examples show. shopspring's default trims
// trailing zeros ("12.5"); every package that handles an order imports this one, so setting it here
// makes the whole program agree.
func init() { decimal.TrimTrailingZeros = false }
