package demo

import (
	"strconv"
	"strings"
	"testing"
)

// TestCheckDigitsKnown checks the validators against identifiers worked out by hand (and the GS1
// examples), so that the other tests do not merely agree with the generator.
func TestCheckDigitsKnown(t *testing.T) {
	t.Parallel()

	for _, c := range []struct {
		id, country string
		valid       bool
	}{
		{"FR40303265045", "FR", true}, // the example of o2c.Customer
		{"FR41303265045", "FR", false},
		{"DE136695976", "DE", true},
		{"DE136695975", "DE", false},
		{"BE0428759497", "BE", true}, // 97 - 4287594 mod 97 = 97
		{"BE0428759496", "BE", false},
		{"ESB58378431", "ES", true},
		{"ESB58378432", "ES", false},
		{"GB980780684", "GB", true}, // weighted sum 207, + 84 = 3 × 97
		{"GB980780685", "GB", false},
	} {
		if got := validVAT(c.id, c.country); got != c.valid {
			t.Errorf("validVAT(%s) = %v, want %v", c.id, got, c.valid)
		}
	}
	for _, c := range []struct {
		code  string
		valid bool
	}{
		{"4006381333931", true}, // GS1's GTIN-13 example
		{"4006381333932", false},
		{"5901234123457", true},
	} {
		if got := validGS1(c.code); got != c.valid {
			t.Errorf("validGS1(%s) = %v, want %v", c.code, got, c.valid)
		}
	}
}

// validGS1 checks a GLN or GTIN-13: weights 1 and 3 alternate from the left over all 13 digits,
// and the weighted sum is a multiple of 10.
func validGS1(s string) bool {
	if len(s) != 13 || !allDigits(s) {
		return false
	}
	sum := 0
	for i, c := range s {
		d := int(c - '0')
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return sum%10 == 0
}

// validLuhn checks the Luhn sum of s, check digit included.
func validLuhn(s string) bool {
	sum := 0
	for i := range len(s) {
		d := int(s[len(s)-1-i] - '0')
		if i%2 == 1 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

func validVAT(id, country string) bool {
	if !strings.HasPrefix(id, country) {
		return false
	}
	body := id[2:]
	switch country {
	case "FR":
		if len(body) != 11 || !allDigits(body) {
			return false
		}
		key, _ := strconv.Atoi(body[:2])
		siren, _ := strconv.Atoi(body[2:])
		return validLuhn(body[2:]) && key == (12+3*(siren%97))%97
	case "DE":
		// ISO 7064 MOD 11,10: run the recurrence over all nine digits; valid iff it ends at 1.
		if len(body) != 9 || !allDigits(body) {
			return false
		}
		p := 10
		s := 0
		for _, c := range body {
			if s = (p + int(c-'0')) % 10; s == 0 {
				s = 10
			}
			p = (2 * s) % 11
		}
		return s == 1
	case "BE":
		if len(body) != 10 || !allDigits(body) || body[0] != '0' {
			return false
		}
		n, _ := strconv.Atoi(body[:8])
		check, _ := strconv.Atoi(body[8:])
		return check == 97-n%97
	case "ES":
		// A CIF's numeric control digit is the Luhn check digit of its seven digits.
		return len(body) == 9 && body[0] == 'B' && allDigits(body[1:]) && validLuhn(body[1:])
	case "GB":
		if len(body) != 9 || !allDigits(body) {
			return false
		}
		sum := 0
		for i := range 7 {
			sum += int(body[i]-'0') * (8 - i)
		}
		check, _ := strconv.Atoi(body[7:])
		return (sum+check)%97 == 0 || (sum+check+55)%97 == 0
	}
	return false
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
