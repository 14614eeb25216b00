package x12

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/country"
)

// idNames name the N103 qualifiers common on orders, for the notes.
var idNames = map[string]string{
	"1": "DUNS", "9": "DUNS+4", "15": "SAN", "91": "assigned by seller", "92": "assigned by buyer", "ZZ": "mutually defined",
}

// n1 starts an N1 loop: its party becomes the draft's buyer, ship_to or bill_to, or a line of the
// notes (the seller, other roles, a party of a line, a second loop of a role already read).
func (m *mapper) n1() {
	m.flushPartyNote()
	m.party = nil
	role, name, qual, id := m.el(1), text(m.el(2)), m.el(3), text(m.el(4))
	if m.line != nil {
		// A party of the line (a ship-to of a multi-drop order): the draft has no field for it.
		m.partyNote = fmt.Sprintf("%s: party (%s): %s", m.lineLabel(), role, joinNonEmpty(", ", name, partyID(qual, id)))
		return
	}
	var slots []**o2c.Party
	label := ""
	switch role {
	case "BY", "OB":
		label = "buyer"
		if m.buyerN1 {
			break
		}
		if m.d.Buyer == nil {
			m.d.Buyer = &o2c.Party{}
		}
		m.buyerN1 = true
		m.party = m.d.Buyer
	case "ST":
		label, slots = "ship_to", []**o2c.Party{&m.d.ShipTo}
	case "BT":
		label, slots = "bill_to", []**o2c.Party{&m.d.BillTo}
	case "BS":
		label, slots = "bill_to and ship_to", []**o2c.Party{&m.d.ShipTo, &m.d.BillTo}
	case "SE", "VN", "SU":
		label = "seller"
	default:
		label = "party"
	}
	for _, s := range slots {
		if *s != nil {
			slots = nil // a second loop of a role already read goes to the notes
			break
		}
	}
	if len(slots) > 0 {
		m.party = &o2c.Party{}
		for _, s := range slots {
			*s = m.party
		}
	}
	if m.party != nil {
		if m.party.Name == "" {
			m.party.Name = name
		}
		switch {
		case qual == "UL" && id != "":
			m.party.GLN = id
		case id != "":
			m.note("%s: %s", label, partyID(qual, id))
		}
		return
	}
	m.partyNote = fmt.Sprintf("%s (%s): %s", label, role, joinNonEmpty(", ", name, partyID(qual, id)))
}

// partyID writes an N103/N104 identification for the notes.
func partyID(qual, id string) string {
	if id == "" {
		return ""
	}
	return "id " + joinNonEmpty(" ", qual, paren(idNames[qual]), id)
}

func paren(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}

// flushPartyNote adds the notes line of the N1 loop that ends.
func (m *mapper) flushPartyNote() {
	if m.partyNote != "" {
		m.notes = append(m.notes, m.partyNote)
		m.partyNote = ""
	}
}

func (m *mapper) n3() {
	street := joinNonEmpty(", ", text(m.el(1)), text(m.el(2)))
	switch {
	case street == "":
	case m.party != nil:
		m.party.Street = joinNonEmpty(", ", m.party.Street, street)
	case m.partyNote != "":
		m.partyNote += ", " + street
	}
}

func (m *mapper) n4() {
	city, state, postal, ctry := text(m.el(1)), text(m.el(2)), text(m.el(3)), text(m.el(4))
	code, ok := countryCode(ctry)
	switch {
	case m.party != nil:
		if m.party.City == "" {
			m.party.City = city
		}
		if m.party.PostalCode == "" {
			m.party.PostalCode = postal
		}
		if ok && m.party.Country == "" {
			m.party.Country = code
		} else if !ok && ctry != "" {
			m.note("country %s of %s is not an ISO 3166 code", quote(ctry), joinNonEmpty(", ", m.party.Name, city))
		}
	case m.partyNote != "":
		m.partyNote += ", " + joinNonEmpty(" ", city, state, postal, ctry)
	}
}

// countryCode returns the ISO 3166-1 alpha-2 code of an alpha-2 or alpha-3 code (N404 takes
// both: USA is US).
func countryCode(s string) (string, bool) {
	s = strings.ToUpper(s)
	switch len(s) {
	case 2:
		return s, country.Valid(s)
	case 3:
		if r, err := language.ParseRegion(s); err == nil && country.Valid(r.String()) && isAlpha(s) {
			return r.String(), true
		}
	}
	return "", false
}

func isAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
