package reconcile

import "strings"

// creditorRef returns the reference part of an ISO 11649 creditor reference ("RF18 5390 0754
// 7034" gives "539007547034") when its check digits hold, else "".
func creditorRef(s string) string {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(s) < 5 || len(s) > 25 || !strings.HasPrefix(s, "RF") {
		return ""
	}
	if !isDigit(s[2]) || !isDigit(s[3]) {
		return ""
	}
	body := s[4:]
	rem := 0
	for _, c := range []byte(body + s[:4]) {
		switch {
		case isDigit(c):
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			rem = (rem*100 + int(c-'A') + 10) % 97
		default:
			return ""
		}
	}
	if rem != 1 {
		return ""
	}
	return body
}

// MakeCreditorRef returns the ISO 11649 creditor reference for a reference of up to 21 letters and
// digits ("F2026000123" gives "RF97F2026000123"), as an invoice would print it.
func MakeCreditorRef(ref string) string {
	ref = strings.ToUpper(ref)
	rem := 0
	for _, c := range []byte(ref + "RF00") {
		if isDigit(c) {
			rem = (rem*10 + int(c-'0')) % 97
		} else {
			rem = (rem*100 + int(c-'A') + 10) % 97
		}
	}
	check := 98 - rem
	return "RF" + string([]byte{byte('0' + check/10), byte('0' + check%10)}) + ref
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
