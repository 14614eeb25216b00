package ubl

import (
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/gs1"
)

var (
	pEndpoint     = mustPath("cbc:EndpointID")
	pPartyIDs     = mustPath("cac:PartyIdentification/cbc:ID")
	pPartyName    = mustPath("cac:PartyName/cbc:Name")
	pLegalName    = mustPath("cac:PartyLegalEntity/cbc:RegistrationName")
	pLegalID      = mustPath("cac:PartyLegalEntity/cbc:CompanyID")
	pTaxSchemes   = mustPath("cac:PartyTaxScheme")
	pTaxRegName   = mustPath("cac:PartyTaxScheme/cbc:RegistrationName")
	pCompanyID    = mustPath("cbc:CompanyID")
	pTaxSchemeID  = mustPath("cac:TaxScheme/cbc:ID")
	pTaxTypeCode  = mustPath("cac:TaxScheme/cbc:TaxTypeCode")
	pPostal       = mustPath("cac:PostalAddress")
	pLegalAddress = mustPath("cac:PartyLegalEntity/cac:RegistrationAddress")
	pTaxAddress   = mustPath("cac:PartyTaxScheme/cac:RegistrationAddress")
	pEmail        = mustPath("cac:Contact/cbc:ElectronicMail")
	pStreet       = mustPath("cbc:StreetName")
	pBuilding     = mustPath("cbc:BuildingNumber")
	pAddressLine  = mustPath("cac:AddressLine/cbc:Line")
	pCity         = mustPath("cbc:CityName")
	pPostalZone   = mustPath("cbc:PostalZone")
	pCountry      = mustPath("cac:Country/cbc:IdentificationCode")

	pDeliveryLocation = mustPath("cac:DeliveryLocation")
	pLocationAddress  = mustPath("cac:Address")
	pLocationName     = mustPath("cbc:Name")
	pDeliveryAddress  = mustPath("cac:DeliveryAddress")
	pDeliveryParty    = mustPath("cac:DeliveryParty")
)

// readParty maps a cac:Party: its trading name (else its legal or tax registration name), VAT
// number, GLN, e-mail and address (the postal address, else the registration address).
func readParty(n *node) *o2c.Party {
	if n == nil {
		return nil
	}
	p := o2c.Party{
		Name:  firstText(n, pPartyName, pLegalName, pTaxRegName),
		VATID: vatID(n),
		GLN:   partyGLN(n),
		Email: oneLine(n.textAt(pEmail)),
	}
	for _, ap := range []path{pPostal, pLegalAddress, pTaxAddress} {
		if a := n.find(ap); a != nil && setAddress(&p, a) {
			break
		}
	}
	if p == (o2c.Party{}) {
		return nil
	}
	return &p
}

// readShipTo maps a cac:Delivery to the ship-to party: the address of its delivery location
// (else its DeliveryAddress, else the delivery party's postal address), the name of the delivery
// party (else of the location), and the GLN of the location (else of its address, else of the
// delivery party).
func readShipTo(dl *node) *o2c.Party {
	loc := dl.find(pDeliveryLocation)
	dp := dl.find(pDeliveryParty)
	var p o2c.Party
	for _, a := range []*node{loc.find(pLocationAddress), dl.find(pDeliveryAddress), dp.find(pPostal)} {
		if a != nil && setAddress(&p, a) {
			break
		}
	}
	p.Name = firstText(dp, pPartyName, pLegalName)
	if p.Name == "" {
		p.Name = oneLine(loc.textAt(pLocationName))
	}
	var ids []*node
	if loc != nil {
		ids = append(ids, loc.find(pID), loc.find(pLocationAddress).find(pID))
	}
	if dp != nil {
		ids = append(ids, dp.find(pEndpoint))
		ids = dp.findAll(pPartyIDs, ids)
	}
	p.GLN = firstGLN(ids)
	p.Email = oneLine(dp.textAt(pEmail))
	if p == (o2c.Party{}) {
		return nil
	}
	return &p
}

// setAddress copies an address into p, and reports whether it held any part of one.
func setAddress(p *o2c.Party, a *node) bool {
	street := oneLine(a.textAt(pStreet))
	// A building number goes after a street name that carries none ("Avon Way" + "56A").
	if num := oneLine(a.textAt(pBuilding)); num != "" && street != "" && !strings.ContainsAny(street, "0123456789") {
		street += " " + num
	}
	if street == "" {
		street = oneLine(a.textAt(pAddressLine))
	}
	p.Street = street
	p.PostalCode = oneLine(a.textAt(pPostalZone))
	p.City = oneLine(a.textAt(pCity))
	p.Country = oneLine(a.textAt(pCountry))
	return p.Street != "" || p.PostalCode != "" || p.City != "" || p.Country != ""
}

// firstText returns the first non-empty text found at paths, in order.
func firstText(n *node, paths ...path) string {
	for _, p := range paths {
		if s := oneLine(n.textAt(p)); s != "" {
			return s
		}
	}
	return ""
}

// vatID is the company ID of the party's VAT registration: a PartyTaxScheme whose tax scheme is
// VAT ("VAT", "UK VAT", or tax type code VAT), or that names no tax scheme at all.
func vatID(n *node) string {
	for _, ts := range n.findAll(pTaxSchemes, nil) {
		id := oneLine(ts.textAt(pCompanyID))
		if id == "" {
			continue
		}
		scheme, typ := ts.textAt(pTaxSchemeID), ts.textAt(pTaxTypeCode)
		if strings.Contains(strings.ToUpper(scheme), "VAT") || strings.EqualFold(strings.TrimSpace(typ), "VAT") ||
			(scheme == "" && typ == "") {
			return id
		}
	}
	return ""
}

// partyGLN is the party's GLN: its endpoint, identification or legal company ID in the GLN
// scheme.
func partyGLN(n *node) string {
	ids := []*node{n.find(pEndpoint)}
	ids = n.findAll(pPartyIDs, ids)
	ids = append(ids, n.find(pLegalID))
	return firstGLN(ids)
}

// firstGLN returns the first identifier in the GLN scheme (Peppol ICD 0088, "GLN", or agency
// 9, GS1, with no scheme) whose check digit is right, else the first such identifier as written.
func firstGLN(ids []*node) string {
	first := ""
	for _, id := range ids {
		if id == nil || !glnScheme(id) {
			continue
		}
		v := oneLine(id.text)
		if gs1.ValidGLN(v) {
			return v
		}
		if first == "" {
			first = v
		}
	}
	return first
}

func glnScheme(id *node) bool {
	s := id.attrValue("schemeID")
	return s == "0088" || strings.EqualFold(s, "GLN") || (s == "" && id.attrValue("schemeAgencyID") == "9")
}
