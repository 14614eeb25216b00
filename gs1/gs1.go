// Package gs1 checks the identification keys of GS1, the standards body behind barcodes: the
// GTIN of a trade item and the GLN of a party or location. Each key ends with a mod-10 check
// digit over the digits before it, which catches every single mistyped digit and most swaps of
// two neighbours. The package only computes; it knows nothing of company prefixes or who holds
// a number.
package gs1

import "strings"

// CheckDigit returns the GS1 check digit of body, the digits of a key before its check digit
// (12 for a GLN or GTIN-13), as an ASCII digit: weights 3 and 1 alternate from the rightmost
// digit of body, and the check digit brings the weighted sum up to a multiple of 10. It returns
// false when body is empty or holds anything but ASCII digits.
func CheckDigit(body string) (byte, bool) {
	if body == "" {
		return 0, false
	}
	sum := 0
	for i := range len(body) {
		c := body[len(body)-1-i]
		if c < '0' || c > '9' {
			return 0, false
		}
		d := int(c - '0')
		if i%2 == 0 {
			d *= 3
		}
		sum += d
	}
	return byte('0' + (10-sum%10)%10), true
}

// ValidGLN reports whether s is a Global Location Number: 13 digits, the last its check digit.
func ValidGLN(s string) bool {
	if len(s) != 13 {
		return false
	}
	check, ok := CheckDigit(s[:12])
	return ok && s[12] == check
}

// ValidGTIN reports whether s is a Global Trade Item Number: 8, 12, 13 or 14 digits (GTIN-8,
// GTIN-12 or UPC-A, GTIN-13 or EAN, GTIN-14), the last its check digit.
func ValidGTIN(s string) bool {
	_, ok := GTIN14(s)
	return ok
}

// GTIN14 writes a GTIN-8, -12, -13 or -14 as the 14 digits of a GTIN-14, with leading zeros
// ("4006381333931" -> "04006381333931"), which is how one item is compared across its forms, and
// reports whether its check digit is right. It returns "", false when s is not 8, 12, 13 or 14
// digits. A GTIN whose check digit is wrong still comes back padded, with false, so that a caller
// can tell a mistyped number from no number at all.
func GTIN14(s string) (string, bool) {
	switch len(s) {
	case 8, 12, 13, 14:
	default:
		return "", false
	}
	check, ok := CheckDigit(s[:len(s)-1])
	last := s[len(s)-1]
	if !ok || last < '0' || last > '9' {
		return "", false
	}
	return strings.Repeat("0", 14-len(s)) + s, last == check
}
