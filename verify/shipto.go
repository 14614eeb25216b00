package verify

import (
	"fmt"
	"strings"

	"github.com/o2c-project/o2c"
)

// checkShipTo matches a stated delivery address to the customer's own address or one of its
// delivery addresses. An address matches when country and postal code agree (where both are
// stated) and its street or name is similar enough; postal code and country alone match when the
// order states nothing more. No ship-to party means the customer's own address.
func (c *checker) checkShipTo() {
	p := c.d.ShipTo
	if p == nil || strings.TrimSpace(p.Name+p.Street+p.PostalCode+p.City+p.GLN) == "" {
		return
	}
	if c.cust == nil {
		return // UNKNOWN_CUSTOMER already holds the order; there is nothing to compare with
	}
	type cand struct {
		id, label string
		score     float64
	}
	// Delivery addresses first: on a tie the recorded delivery address wins over the billing one.
	cu := c.cust
	var cands []cand
	for _, s := range c.x.shipTos[cu.ID] {
		cands = append(cands, cand{s.AddressID, "delivery address " + s.AddressID, shipToSim(p, s.Name, s.Street, s.PostalCode, s.City, s.Country)})
	}
	cands = append(cands, cand{"", "the billing address", shipToSim(p, cu.Name, cu.Street, cu.PostalCode, cu.City, cu.Country)})
	best, second := -1, -1
	for k, cd := range cands {
		if best < 0 || cd.score > cands[best].score {
			best, second = k, best
		} else if second < 0 || cd.score > cands[second].score {
			second = k
		}
	}
	b := cands[best]
	if b.score < c.r.ShipToMin {
		closest := ""
		if b.score > 0 {
			closest = fmt.Sprintf("; the closest is %s (%s) at %.2f", b.label, c.addressText(b.id), b.score)
		}
		c.add(o2c.AnomalyUnknownShipTo, "ship_to", "delivery address %q matches none of customer %s's %d %s%s; check it or add it to the master data",
			partyText(p), cu.ID, len(cands), plural(len(cands), "address", "addresses"), closest)
		return
	}
	if second >= 0 && cands[second].score >= c.r.ShipToMin && b.score-cands[second].score < c.r.AmbiguityMargin &&
		b.id != "" && cands[second].id != "" {
		c.add(o2c.AnomalyUnknownShipTo, "ship_to", "delivery address %q fits both %s and %s of customer %s; choose one",
			partyText(p), b.label, cands[second].label, cu.ID)
		return
	}
	c.v.ShipToID = b.id
}

// shipToSim scores a stated delivery address against one on file, 0 when country or postal
// code differ.
func shipToSim(p *o2c.Party, name, street, postal, city, country string) float64 {
	if p.Country != "" && country != "" && !strings.EqualFold(p.Country, country) {
		return 0
	}
	pp, ap := normPostalCode(p.PostalCode), normPostalCode(postal)
	if pp != "" && ap != "" && pp != ap {
		return 0
	}
	samePostal := pp != "" && pp == ap
	if !samePostal {
		// Without postal codes to compare, the city must agree.
		if p.City == "" || city == "" || softF1(uniq(words(fold(p.City))), uniq(words(fold(city))), nil, nil) < 0.85 {
			return 0
		}
	}
	s, compared := 0.0, false
	if p.Street != "" && street != "" {
		s, compared = softF1(streetWords(p.Street), streetWords(street), nil, nil), true
	}
	if p.Name != "" && name != "" {
		s, compared = max(s, softF1(nameWords(p.Name), nameWords(name), nil, nil)), true
	}
	if !compared {
		if samePostal {
			return 1
		}
		return 0
	}
	return s
}

func (c *checker) addressText(id string) string {
	if id == "" {
		cu := c.cust
		return joinNonEmpty(cu.Street, strings.TrimSpace(cu.PostalCode+" "+cu.City), cu.Country)
	}
	for _, s := range c.x.shipTos[c.cust.ID] {
		if s.AddressID == id {
			return joinNonEmpty(s.Name, s.Street, strings.TrimSpace(s.PostalCode+" "+s.City), s.Country)
		}
	}
	return ""
}

func partyText(p *o2c.Party) string {
	return joinNonEmpty(p.Name, p.Street, strings.TrimSpace(p.PostalCode+" "+p.City), p.Country)
}

func joinNonEmpty(parts ...string) string {
	var out []string
	for _, s := range parts {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, ", ")
}
