package demo

import (
	"fmt"
	"strconv"

	"github.com/o2c-project/o2c/gs1"
)

// The demo's identifiers are made, not copied: each is a random body completed with the check
// digits its scheme defines, so that a validator accepts it. These functions only compute; the
// tests validate the results with independent formulations.

// withGS1CheckDigit completes body (12 digits for a GLN or GTIN-13) with its GS1 check digit.
func withGS1CheckDigit(body string) string {
	check, ok := gs1.CheckDigit(body)
	if !ok {
		panic(fmt.Sprintf("demo: %q is not all digits", body))
	}
	return body + string(check)
}

// luhnCheckDigit returns the Luhn check digit to append to body (a SIREN is 8 digits + Luhn).
func luhnCheckDigit(body string) string {
	sum := 0
	for i := len(body) - 1; i >= 0; i-- {
		d := digit(body, i)
		if (len(body)-1-i)%2 == 0 { // these positions are doubled once the check digit is appended
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return strconv.Itoa((10 - sum%10) % 10)
}

// vatFR returns FR + key + SIREN for an 8-digit SIREN body: the SIREN gets its Luhn digit and the
// key is (12 + 3 × (SIREN mod 97)) mod 97.
func vatFR(body string) string {
	siren := body + luhnCheckDigit(body)
	n, _ := strconv.Atoi(siren)
	return fmt.Sprintf("FR%02d%s", (12+3*(n%97))%97, siren)
}

// vatDE returns DE + 8 digits + the ISO 7064 MOD 11,10 check digit of the Bundeszentralamt.
func vatDE(body string) string {
	product := 10
	for i := range len(body) {
		sum := (digit(body, i) + product) % 10
		if sum == 0 {
			sum = 10
		}
		product = (2 * sum) % 11
	}
	check := 11 - product
	if check == 10 {
		check = 0
	}
	return fmt.Sprintf("DE%s%d", body, check)
}

// vatBE returns BE0 + 7 digits + 2 check digits: 97 minus the first eight digits mod 97.
func vatBE(body string) string {
	n, _ := strconv.Atoi(body)
	return fmt.Sprintf("BE0%s%02d", body, 97-n%97)
}

// vatES returns ESB + 7 digits + the CIF control digit (B: limited company, S.L.): the digits in
// even places are added, those in odd places doubled and their digits added.
func vatES(body string) string {
	sum := 0
	for i := range len(body) {
		d := digit(body, i)
		if i%2 == 0 {
			d *= 2
			d = d/10 + d%10
		}
		sum += d
	}
	return fmt.Sprintf("ESB%s%d", body, (10-sum%10)%10)
}

// vatGB returns GB + 7 digits + 2 check digits chosen so that the weighted sum (8 down to 2) plus
// the check number is a multiple of 97, the HMRC mod-97 scheme.
func vatGB(body string) string {
	sum := 0
	for i := range len(body) {
		sum += digit(body, i) * (8 - i)
	}
	return fmt.Sprintf("GB%s%02d", body, (97-sum%97)%97)
}

func digit(s string, i int) int {
	c := s[i]
	if c < '0' || c > '9' {
		panic(fmt.Sprintf("demo: %q is not all digits", s))
	}
	return int(c - '0')
}
