package money

import "strings"

// IsPlainDecimal reports whether s matches ^-?[0-9]+(\.[0-9]+)?$, the spec's decimal syntax:
// ASCII digits with an optional minus sign and an optional '.' followed by decimals. It refuses
// what a person may write but a machine must not guess at: a '+', an exponent ("1.5e3"), a comma
// or a thousands separator, spaces, and a point with no digit on one side ("12.", ".5").
// decimal.NewFromString parses every string it accepts, exactly.
func IsPlainDecimal(s string) bool {
	intPart, frac, hasPoint := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	return allDigits(intPart) && (!hasPoint || allDigits(frac))
}

// allDigits reports whether s is one or more ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
