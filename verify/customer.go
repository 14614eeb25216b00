package verify

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/o2c-project/o2c"
)

// Customer matches, strongest first (Verification.CustomerMatch).
const (
	MatchVATID  = "vat_id" // the buyer's (else the bill-to's) VAT id
	MatchGLN    = "gln"    // the buyer's (else the bill-to's) GLN, or a GLN as EDI sender id
	MatchEmail  = "email"  // the sender's or the buyer's e-mail address is the customer's
	MatchDomain = "domain" // the sender's e-mail domain is the customer's (never a free-mail one)
	MatchName   = "name"   // name and address similarity
)

// partyEmpty reports whether a party says nothing that could identify anyone.
func partyEmpty(p *o2c.Party) bool {
	return p == nil || (strings.TrimSpace(p.Name) == "" && strings.TrimSpace(p.VATID) == "" && strings.TrimSpace(p.GLN) == "" &&
		strings.TrimSpace(p.Email) == "" && strings.TrimSpace(p.Street) == "" && strings.TrimSpace(p.PostalCode) == "")
}

// idRoute is what one identifier of the draft says about the customer.
type idRoute struct {
	match string // MatchVATID ...
	from  string // buyer, bill_to, sender
	value string // the identifier as compared
	cands []int  // customers it names
}

// resolveCustomer finds the customer by VAT id, GLN, e-mail, e-mail domain, then name and
// address, in that order. It never guesses: when a route names several customers that name
// and address cannot tell apart, or when two strong identifiers name different customers, the
// customer stays unknown and UNKNOWN_CUSTOMER names the candidates.
func (c *checker) resolveCustomer() {
	buyer, billTo := c.d.Buyer, c.d.BillTo
	if partyEmpty(buyer) {
		buyer = nil
	}
	if partyEmpty(billTo) {
		billTo = nil
	}
	senders := c.senders()
	if buyer == nil && billTo == nil && len(senders) == 0 {
		c.add(o2c.AnomalyMissingField, "buyer", "the order names no buyer and came from no known sender; enter the customer")
		return
	}
	named := buyer // the party whose name and address describe the customer
	if named == nil {
		named = billTo
	}
	x := c.x

	// Strong identifiers: VAT id and GLN. The buyer's own count before the bill-to's.
	var vat, gln *idRoute
	var statedVAT string // the buyer's VAT id, which the customer found must not contradict
	for _, p := range []struct {
		name  string
		party *o2c.Party
	}{{"buyer", buyer}, {"bill_to", billTo}} {
		if p.party == nil {
			continue
		}
		if v := normVATID(p.party.VATID); v != "" && vat == nil {
			if p.name == "buyer" {
				statedVAT = v
			}
			cands := x.byVATID[v]
			if cands == nil && !hasCountryPrefix(v) && p.party.Country != "" {
				prefix := strings.ToUpper(p.party.Country)
				if prefix == "GR" {
					prefix = "EL" // Greece's VAT prefix
				}
				cands = x.byVATID[prefix+v]
			}
			if cands != nil {
				vat = &idRoute{MatchVATID, p.name, v, cands}
			}
		}
		if g := normGLN(p.party.GLN); g != "" && gln == nil {
			if cands := x.byGLN[g]; cands != nil {
				gln = &idRoute{MatchGLN, p.name, g, cands}
			}
		}
	}
	if gln == nil {
		for _, s := range senders {
			if g := normGLN(s); g != "" && x.byGLN[g] != nil {
				gln = &idRoute{MatchGLN, "sender", g, x.byGLN[g]}
				break
			}
		}
	}

	var route *idRoute
	switch {
	case vat != nil && gln != nil:
		if both := intersect(vat.cands, gln.cands); len(both) > 0 {
			route = &idRoute{MatchVATID, vat.from, vat.value, both}
		} else if vat.from == "buyer" && gln.from != "buyer" {
			route = vat
		} else if gln.from == "buyer" && vat.from != "buyer" {
			route = gln
		} else {
			c.add(o2c.AnomalyUnknownCustomer, "buyer", "the identifiers contradict each other: %s VAT id %s is %s but %s GLN %s is %s; check which customer ordered",
				partyLabel(vat.from), vat.value, c.customerList(vat.cands), partyLabel(gln.from), gln.value, c.customerList(gln.cands))
			return
		}
	case vat != nil:
		route = vat
	case gln != nil:
		route = gln
	}

	// Weaker identifiers: the e-mail address, then its domain.
	if route == nil {
		addrs := slices.Clone(senders)
		if buyer != nil {
			if e := emailAddress(buyer.Email); e != "" && !slices.Contains(addrs, e) {
				addrs = append(addrs, e)
			}
		}
		for _, a := range addrs {
			if e := emailAddress(a); e != "" && x.byEmail[e] != nil {
				route = &idRoute{MatchEmail, "sender", e, x.byEmail[e]}
				break
			}
		}
		if route == nil {
			for _, a := range addrs {
				e := emailAddress(a)
				if e == "" || c.r.publicDomain(emailDomain(e)) {
					continue
				}
				d := registrableDomain(emailDomain(e))
				var cands []int
				for _, i := range x.byDomain[d] {
					if !c.r.publicDomain(emailDomain(x.customers[i].Email)) {
						cands = append(cands, i)
					}
				}
				if cands != nil {
					route = &idRoute{MatchDomain, "sender", d, cands}
					break
				}
			}
		}
	}

	if route != nil {
		i, ok := c.narrow(route, named)
		if !ok {
			return
		}
		if route.match != MatchVATID && statedVAT != "" && !c.vatAgrees(statedVAT, i) {
			cu := &x.customers[i]
			c.add(o2c.AnomalyUnknownCustomer, "buyer", "the buyer's VAT id %s is not that of %s (VAT id %s), found by %s %s; check which customer ordered",
				statedVAT, c.customerLabel(i), normVATID(cu.VATID), matchLabel(route.match), route.value)
			return
		}
		c.setCustomer(i, route.match)
		return
	}
	c.matchByName(named, senders, statedVAT)
}

// senders returns the distinct sender ids of the input and of the draft's source.
func (c *checker) senders() []string {
	var out []string
	for _, s := range []string{c.in.Sender, sourceSender(c.d)} {
		s = strings.TrimSpace(s)
		if e := emailAddress(s); e != "" {
			s = e
		}
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func sourceSender(d *o2c.OrderDraft) string {
	if d.Source == nil {
		return ""
	}
	return d.Source.Sender
}

// vatAgrees reports whether a stated VAT id is the customer's, or the customer has none on file.
func (c *checker) vatAgrees(stated string, i int) bool {
	own := normVATID(c.x.customers[i].VATID)
	return own == "" || own == stated || (len(own) > 2 && own[2:] == stated)
}

func (c *checker) setCustomer(i int, match string) {
	c.cust = &c.x.customers[i]
	c.v.CustomerID = c.cust.ID
	c.v.CustomerMatch = match
}

// narrow picks one customer from those an identifier names. Several customers may share one
// VAT id, e-mail or domain (the accounts of one group); the buyer's name and address then
// choose, and when they cannot, UNKNOWN_CUSTOMER names the candidates.
func (c *checker) narrow(route *idRoute, named *o2c.Party) (int, bool) {
	if len(route.cands) == 1 {
		return route.cands[0], true
	}
	scored := make([]hit, 0, len(route.cands))
	for _, i := range route.cands {
		scored = append(scored, hit{i, c.partyScore(named, i, -1)})
	}
	sortHits(scored)
	if scored[0].score > 0 && scored[0].score-scored[1].score >= c.r.AmbiguityMargin {
		return scored[0].doc, true
	}
	c.add(o2c.AnomalyUnknownCustomer, "buyer", "%s %s is shared by %s and the buyer's name and address do not tell them apart; choose the customer",
		matchLabel(route.match), route.value, c.customerList(route.cands))
	return 0, false
}

// matchByName looks for the customer by name, then weighs the address in.
func (c *checker) matchByName(p *o2c.Party, senders []string, statedVAT string) {
	tried := c.triedText(p, senders)
	if p == nil || len(nameWords(p.Name)) == 0 {
		c.add(o2c.AnomalyUnknownCustomer, "buyer", "no customer matches the order (%s); enter the customer", tried)
		return
	}
	hits := c.x.customerName.search(nameWords(p.Name), 8)
	for k, h := range hits {
		hits[k].score = c.partyScore(p, h.doc, h.score)
	}
	sortHits(hits)
	if len(hits) == 0 || hits[0].score < c.r.CustomerNameMin {
		closest := ""
		if len(hits) > 0 {
			closest = fmt.Sprintf("; the closest is %s at %.2f, under %.2f", c.customerLabel(hits[0].doc), hits[0].score, c.r.CustomerNameMin)
		}
		c.add(o2c.AnomalyUnknownCustomer, "buyer", "no customer matches buyer %q (%s)%s; enter the customer or add it to the master data", p.Name, tried, closest)
		return
	}
	best := hits[0]
	if len(hits) > 1 && best.score-hits[1].score < c.r.AmbiguityMargin {
		var near []int
		for _, h := range hits {
			if best.score-h.score < c.r.AmbiguityMargin {
				near = append(near, h.doc)
			}
		}
		c.add(o2c.AnomalyUnknownCustomer, "buyer", "buyer %q matches %s about equally well (name and address similarity %.2f); choose the customer",
			p.Name, c.customerList(near), best.score)
		return
	}
	if statedVAT != "" && !c.vatAgrees(statedVAT, best.doc) {
		c.add(o2c.AnomalyUnknownCustomer, "buyer", "the buyer's VAT id %s is not that of %s (VAT id %s), found by name; check which customer ordered",
			statedVAT, c.customerLabel(best.doc), normVATID(c.x.customers[best.doc].VATID))
		return
	}
	c.setCustomer(best.doc, MatchName)
	if best.score < c.r.ConfidenceThreshold {
		c.add(o2c.AnomalyLowConfidence, "buyer", "customer %s was found by name and address only, with similarity %.2f under %.2f; confirm the customer",
			c.customerLabel(best.doc), best.score, c.r.ConfidenceThreshold)
	}
}

// triedText says which identifiers the order carried, for an UNKNOWN_CUSTOMER message.
func (c *checker) triedText(p *o2c.Party, senders []string) string {
	var parts []string
	for _, q := range []*o2c.Party{c.d.Buyer, c.d.BillTo} {
		if q == nil {
			continue
		}
		if q.VATID != "" {
			parts = append(parts, "VAT id "+q.VATID+" unknown")
		}
		if q.GLN != "" {
			parts = append(parts, "GLN "+q.GLN+" unknown")
		}
	}
	if c.d.Buyer != nil {
		if e := emailAddress(c.d.Buyer.Email); e != "" && !slices.Contains(senders, e) {
			senders = append(slices.Clone(senders), e)
		}
	}
	for _, s := range senders {
		if e := emailAddress(s); e != "" && c.r.publicDomain(emailDomain(e)) {
			parts = append(parts, "sender "+e+" unknown, a free-mail address")
		} else {
			parts = append(parts, "sender "+s+" unknown")
		}
	}
	if p != nil && strings.TrimSpace(p.Name) == "" {
		parts = append(parts, "no buyer name")
	}
	if len(parts) == 0 {
		return "no identifier"
	}
	return strings.Join(parts, ", ")
}

// partyScore is how well a party fits customer i: 0.7 name + 0.3 address, the address being
// the best of the customer's billing and delivery addresses, or the name alone when there is no
// address to compare. nameSim < 0 means: compute it here.
func (c *checker) partyScore(p *o2c.Party, i int, nameSim float64) float64 {
	if p == nil {
		return 0
	}
	cu := &c.x.customers[i]
	if nameSim < 0 {
		nameSim = softF1(nameWords(p.Name), nameWords(cu.Name), nil, nil)
	}
	addr, ok := addressSim(p, cu.Street, cu.PostalCode, cu.City, cu.Country)
	for _, s := range c.x.shipTos[cu.ID] {
		if a, sok := addressSim(p, s.Street, s.PostalCode, s.City, s.Country); sok && a > addr {
			addr, ok = a, true
		}
	}
	if !ok {
		return nameSim
	}
	return 0.7*nameSim + 0.3*addr
}

// addressSim compares a party's address with one on file: the mean of what both state among
// country (equal), postal code (equal), city and street (word similarity). ok is false when
// they have nothing in common to compare.
func addressSim(p *o2c.Party, street, postal, city, country string) (float64, bool) {
	var sum float64
	var n int
	if p.Country != "" && country != "" {
		n++
		if strings.EqualFold(p.Country, country) {
			sum++
		}
	}
	if pp, cp := normPostalCode(p.PostalCode), normPostalCode(postal); pp != "" && cp != "" {
		n++
		if pp == cp {
			sum++
		}
	}
	if p.City != "" && city != "" {
		n++
		sum += softF1(uniq(words(fold(p.City))), uniq(words(fold(city))), nil, nil)
	}
	if p.Street != "" && street != "" {
		n++
		sum += softF1(streetWords(p.Street), streetWords(street), nil, nil)
	}
	if n == 0 {
		return 0, false
	}
	return sum / float64(n), true
}

func sortHits(h []hit) {
	slices.SortFunc(h, func(a, b hit) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.doc, b.doc)
	})
}

func intersect(a, b []int) []int {
	var out []int
	for _, x := range a {
		if slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func (c *checker) customerLabel(i int) string {
	cu := &c.x.customers[i]
	return fmt.Sprintf("customer %s (%s)", cu.ID, cu.Name)
}

// customerList names up to five customers: "customer A (X), customer B (Y) and customer C (Z)".
func (c *checker) customerList(is []int) string {
	names := make([]string, 0, min(len(is), 5))
	for _, i := range is[:min(len(is), 5)] {
		names = append(names, c.customerLabel(i))
	}
	return joinList(names, len(is)-len(names))
}

// joinList writes "a, b and c", or "a, b, c and 2 more".
func joinList(items []string, more int) string {
	if more > 0 {
		return strings.Join(items, ", ") + fmt.Sprintf(" and %d more", more)
	}
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func partyLabel(from string) string {
	switch from {
	case "bill_to":
		return "the bill-to's"
	case "sender":
		return "the sender's"
	}
	return "the buyer's"
}

func matchLabel(m string) string {
	switch m {
	case MatchVATID:
		return "VAT id"
	case MatchGLN:
		return "GLN"
	case MatchEmail:
		return "e-mail address"
	case MatchDomain:
		return "e-mail domain"
	}
	return "name"
}
