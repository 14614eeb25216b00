package verify

import (
	"net/mail"
	"strings"
	"unicode"

	"github.com/o2c-project/o2c/gs1"
)

// normVATID writes a VAT id as registers do: upper case, without spaces, dots or dashes
// ("fr 40 303.265.045" -> "FR40303265045").
func normVATID(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// hasCountryPrefix reports whether a normalised VAT id starts with two letters.
func hasCountryPrefix(vat string) bool {
	return len(vat) >= 2 && vat[0] >= 'A' && vat[0] <= 'Z' && vat[1] >= 'A' && vat[1] <= 'Z'
}

// digits keeps the digits of s and reports whether s held nothing but digits, spaces and dashes.
func digits(s string) (string, bool) {
	var b strings.Builder
	clean := true
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.':
		default:
			clean = false
		}
	}
	return b.String(), clean
}

// normGLN returns the 13 digits of a GLN, or "" when s is not one.
func normGLN(s string) string {
	d, ok := digits(s)
	if !ok || len(d) != 13 {
		return ""
	}
	return d
}

// normGTIN returns a GTIN-8, -12, -13 or -14 as the 14 digits of GTIN-14 (leading zeros),
// whether its check digit is right, and "" when s is no GTIN at all.
func normGTIN(s string) (gtin14 string, checkOK bool) {
	d, ok := digits(s)
	if !ok {
		return "", false
	}
	return gs1.GTIN14(d)
}

// normSKU compares article codes without case or spaces: "fr 1002" = "FR1002".
func normSKU(s string) string {
	var b strings.Builder
	for _, r := range s {
		if !unicode.IsSpace(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// alnumSKU compares article codes on their letters and digits only: "FR-1002" = "FR.1002" = "fr1002".
func alnumSKU(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// emailAddress returns the lower-case address of "Name <a@b.fr>" or "a@b.fr", or "".
func emailAddress(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || !strings.Contains(s, "@") {
		return ""
	}
	if a, err := mail.ParseAddress(s); err == nil {
		s = a.Address
	} else {
		s = strings.Trim(s, "<> ")
	}
	s = strings.ToLower(s)
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || !strings.Contains(domain, ".") || strings.ContainsAny(s, " <>") {
		return ""
	}
	return s
}

// emailDomain returns the domain of an address ("orders@eu.acme.fr" -> "eu.acme.fr").
func emailDomain(addr string) string {
	_, d, _ := strings.Cut(addr, "@")
	return d
}
