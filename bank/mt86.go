package bank

import (
	"math/big"
	"strings"
)

// mt86 reads the :86: information of an entry into it and its one transaction detail. Three
// layouts are told apart: the German structured field (a three-digit business code, then ?00 to
// ?63 subfields; Triodos writes '>' for '?'), the Dutch one (/EREF/../CNTP/../REMI/..), and free
// text, kept line by line.
func mt86(e *Entry, d *TransactionDetail, lines []string) {
	joined := strings.TrimLeft(strings.Join(lines, ""), " ")
	switch {
	case len(joined) >= 4 && allDigits(joined[:3]) && (joined[3] == '?' || joined[3] == '>'):
		germanMT86(e, d, joined[:3], joined[4:], joined[3])
	case strings.HasPrefix(joined, "/") && dutchKeys[strings.SplitN(joined[1:], "/", 2)[0]]:
		dutchMT86(e, d, joined)
	default:
		var text []string
		for _, l := range lines {
			if l = strings.TrimSpace(l); l != "" {
				text = append(text, l)
			}
		}
		if e.Info != "" && len(text) > 0 {
			e.Info += "\n"
		}
		e.Info += strings.Join(text, "\n")
		d.Remittance = append(d.Remittance, text...)
		// SNS and ASN start with the counterparty's IBAN and name.
		if len(text) > 0 && d.Counterparty.IBAN == "" {
			if iban, name, _ := strings.Cut(text[0], " "); validIBAN(iban) {
				d.Counterparty.IBAN, d.Counterparty.Name = iban, strings.TrimSpace(name)
			}
		}
	}
}

// germanMT86 reads the structured :86: of German banks (DFÜ-Abkommen): the business transaction
// code (GVC), then subfields: ?00 posting text, ?10 primanota, ?20-?29 and ?60-?63 remittance
// (with SEPA tags EREF+, MREF+, CRED+, SVWZ+ ...), ?30 bank code or BIC, ?31 account or IBAN,
// ?32-?33 name, ?34 text key extension, ?38 IBAN. Subfields wrap at a fixed width, so their lines
// join with nothing between.
func germanMT86(e *Entry, d *TransactionDetail, gvc, body string, sep byte) {
	e.TxCode = gvc
	var remit, name strings.Builder
	starts := map[int]bool{} // where each remittance subfield starts: a SEPA tag may start there
	// A separator not followed by two digits is text ("Rechnung? 12"): it stays in its subfield.
	var parts []string
	for i, part := range strings.Split(body, string(sep)) {
		if i > 0 && len(parts) > 0 && (len(part) < 2 || !allDigits(part[:2])) {
			parts[len(parts)-1] += string(sep) + part
			continue
		}
		parts = append(parts, part)
	}
	for _, part := range parts {
		if len(part) < 2 || !allDigits(part[:2]) {
			continue
		}
		key, val := part[:2], part[2:]
		switch {
		case key == "00":
			e.Info = strings.TrimSpace(val)
		case key >= "20" && key <= "29" || key >= "60" && key <= "63":
			starts[remit.Len()] = true
			remit.WriteString(val)
		case key == "30":
			d.Counterparty.BIC = strings.TrimSpace(val)
		case key == "31", key == "38":
			if v := compactIBAN(val); v != "" && (key == "38" || d.Counterparty.IBAN == "" || validIBAN(v)) {
				d.Counterparty.IBAN = v
			}
		case key == "32", key == "33":
			name.WriteString(val)
		}
	}
	d.Counterparty.Name = strings.TrimSpace(name.String())
	text := remit.String()
	tags := sepaTags(text, starts)
	text = strings.TrimSpace(text)
	d.EndToEndID = tags["EREF"]
	d.MandateID = tags["MREF"]
	if svwz, ok := tags["SVWZ"]; ok {
		text = svwz
	}
	if text != "" {
		d.Remittance = []string{text}
	}
	if iban := compactIBAN(tags["IBAN"]); d.Counterparty.IBAN == "" && validIBAN(iban) {
		d.Counterparty.IBAN = iban
	}
}

// sepaKeys are the tags German banks put before parts of a SEPA remittance.
var sepaKeys = []string{"EREF", "KREF", "MREF", "CRED", "DEBT", "SVWZ", "ABWA", "ABWE", "COAM", "OAMT", "IBAN", "BIC", "PURP", "RTRN"}

// sepaTags splits "EREF+123 MREF+M1 SVWZ+Invoice 42" into its tags. A tag counts at the start,
// after a space, or where a subfield starts.
func sepaTags(s string, starts map[int]bool) map[string]string {
	type at struct {
		key      string
		from, to int
	}
	var found []at
	for i := 0; i < len(s); i++ {
		if i > 0 && s[i-1] != ' ' && !starts[i] {
			continue
		}
		for _, k := range sepaKeys {
			if strings.HasPrefix(s[i:], k+"+") {
				found = append(found, at{k, i, i + len(k) + 1})
				break
			}
		}
	}
	out := map[string]string{}
	for j, f := range found {
		end := len(s)
		if j+1 < len(found) {
			end = found[j+1].from
		}
		if _, dup := out[f.key]; !dup {
			out[f.key] = strings.TrimSpace(s[f.to:end])
		}
	}
	return out
}

// dutchKeys are the keys of the Dutch structured :86: (ING, Rabobank, ABN AMRO since SEPA).
var dutchKeys = map[string]bool{
	"EREF": true, "PREF": true, "MARF": true, "CSID": true, "CNTP": true, "REMI": true, "NAME": true,
	"ADDR": true, "ORDP": true, "BENM": true, "IBAN": true, "BIC": true, "RTRN": true, "ISDT": true,
	"TRCD": true, "SUM": true, "BUSP": true, "ULTC": true, "ULTD": true, "PURP": true, "EXCH": true,
	"CHGS": true, "OCMT": true, "ID": true,
}

// dutchMT86 reads "/EREF/ref//CNTP/iban/bic/name/city///REMI/USTD//text/": keys between slashes,
// each followed by its values. Lines wrap at a fixed width and join with nothing between.
func dutchMT86(e *Entry, d *TransactionDetail, s string) {
	e.Info = s
	fields := map[string][]string{}
	key := ""
	for _, tok := range strings.Split(s, "/") {
		if dutchKeys[tok] {
			key = tok
			if _, ok := fields[key]; !ok {
				fields[key] = []string{}
			}
			continue
		}
		if key != "" {
			fields[key] = append(fields[key], tok)
		}
	}
	first := func(k string) string {
		for _, v := range fields[k] {
			if v = strings.TrimSpace(v); v != "" {
				return v
			}
		}
		return ""
	}
	d.EndToEndID = first("EREF")
	d.MandateID = first("MARF")
	d.ReturnReason = first("RTRN")
	if c := fields["CNTP"]; len(c) > 0 {
		d.Counterparty.IBAN = compactIBAN(c[0])
		if len(c) > 1 {
			d.Counterparty.BIC = strings.TrimSpace(c[1])
		}
		if len(c) > 2 {
			d.Counterparty.Name = strings.TrimSpace(c[2])
		}
	}
	if d.Counterparty.Name == "" {
		d.Counterparty.Name = first("NAME")
	}
	if d.Counterparty.IBAN == "" {
		d.Counterparty.IBAN = compactIBAN(first("IBAN"))
	}
	if r, ok := fields["REMI"]; ok {
		switch {
		case len(r) >= 3 && r[0] == "STRD":
			d.CreditorRefType, d.CreditorRef = r[1], strings.TrimSpace(r[2])
		case len(r) >= 1 && r[0] == "USTD":
			if t := strings.Trim(strings.Join(r[1:], "/"), "/ "); t != "" {
				d.Remittance = []string{t}
			}
		default:
			if t := strings.Trim(strings.Join(r, "/"), "/ "); t != "" {
				d.Remittance = []string{t}
			}
		}
	}
}

// validIBAN reports whether s is an IBAN: two letters, two check digits, up to 30 letters and
// digits, and the ISO 13616 mod-97 check.
func validIBAN(s string) bool {
	if len(s) < 15 || len(s) > 34 || !isUpperAlpha(s[:2]) || !allDigits(s[2:4]) {
		return false
	}
	return mod97(s[4:]+s[:4]) == 1
}

// ibanShaped reports whether s is written like an IBAN (two letters, two digits, 11 to 30 letters
// and digits) without checking its check digits: the account a statement is for is what the bank
// says, and test accounts often fail the check.
func ibanShaped(s string) bool {
	if len(s) < 15 || len(s) > 34 || !isUpperAlpha(s[:2]) || !allDigits(s[2:4]) {
		return false
	}
	for i := 4; i < len(s); i++ {
		if !isAlnum(s[i]) {
			return false
		}
	}
	return true
}

// findCreditorRef finds an ISO 11649 creditor reference ("RF18 5390 0754 7034" or
// "RF18539007547034") in free text, checked with mod 97; "" when there is none.
func findCreditorRef(text string) string {
	up := strings.ToUpper(text)
	run := func(i int) int { // end of the letters-and-digits run starting at i
		for i < len(up) && isAlnum(up[i]) {
			i++
		}
		return i
	}
	for i := 0; i+4 <= len(up); i++ {
		if up[i] != 'R' || up[i+1] != 'F' || i > 0 && isAlnum(up[i-1]) {
			continue
		}
		j := run(i)
		ref := up[i:j]
		// Written in groups of four: "RF18 5390 0754 7034".
		for last := ref; len(last) == 4 && j+1 < len(up) && up[j] == ' ' && isAlnum(up[j+1]); {
			k := run(j + 1)
			if k-(j+1) > 4 {
				break
			}
			last = up[j+1 : k]
			ref += last
			j = k
		}
		if len(ref) >= 5 && len(ref) <= 25 && allDigits(ref[2:4]) && mod97(ref[4:]+ref[:4]) == 1 {
			return ref
		}
	}
	return ""
}

// mod97 is the ISO 7064 MOD 97-10 remainder of s with letters as 10-35; -1 for other characters.
func mod97(s string) int {
	var digits strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits.WriteByte(c)
		case c >= 'A' && c <= 'Z':
			digits.WriteString(big.NewInt(int64(c - 'A' + 10)).String())
		default:
			return -1
		}
	}
	n, ok := new(big.Int).SetString(digits.String(), 10)
	if !ok {
		return -1
	}
	return int(new(big.Int).Mod(n, big.NewInt(97)).Int64())
}

func isUpperAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return s != ""
}

func isAlnum(c byte) bool { return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' }
