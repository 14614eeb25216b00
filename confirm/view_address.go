package confirm

import (
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// customerBlock is the customer's billing address; the buyer as written on the order when the
// customer is unknown.
func customerBlock(l *locale, c Confirmation) block {
	b := block{Title: l.customer}
	if cu := c.Customer; cu != nil {
		b.Lines = address(l, cu.Name, cu.Street, cu.PostalCode, cu.City, cu.Country)
		if vat := clean(cu.VATID); vat != "" {
			b.Lines = append(b.Lines, l.vatID+" "+vat)
		}
	} else if d := c.Order.Draft; d != nil && d.Buyer != nil {
		p := d.Buyer
		b.Lines = address(l, p.Name, p.Street, p.PostalCode, p.City, p.Country)
		if vat := clean(p.VATID); vat != "" {
			b.Lines = append(b.Lines, l.vatID+" "+vat)
		}
	}
	return b
}

// shipToBlock is the delivery address, named after the customer when it has no name of its own.
func shipToBlock(l *locale, c Confirmation) block {
	b := block{Title: l.shipTo}
	if s := c.ShipTo; s != nil {
		name := s.Name
		if strings.TrimSpace(name) == "" && c.Customer != nil {
			name = c.Customer.Name
		}
		b.Lines = address(l, name, s.Street, s.PostalCode, s.City, s.Country)
	} else if d := c.Order.Draft; d != nil && d.ShipTo != nil {
		p := d.ShipTo
		b.Lines = address(l, p.Name, p.Street, p.PostalCode, p.City, p.Country)
	}
	return b
}

// address writes the lines of a postal address, those known: name, street, postal code and city,
// and the country's name in the language.
func address(l *locale, name, street, postal, city, country string) []string {
	var lines []string
	for _, s := range []string{name, street, strings.TrimSpace(clean(postal) + " " + clean(city)), countryName(l, country)} {
		if s = clean(s); s != "" {
			lines = append(lines, s)
		}
	}
	return lines
}

// countryName names an ISO 3166-1 alpha-2 code in the language ("DE" is "Allemagne" in French);
// a code it does not know is shown as written.
func countryName(l *locale, code string) string {
	code = clean(code)
	if code == "" {
		return ""
	}
	region, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if name := display.Regions(l.tag).Name(region); name != "" {
		return name
	}
	return code
}

func customerID(c Confirmation) string {
	if c.Customer != nil {
		return clean(c.Customer.ID)
	}
	return clean(c.Order.CustomerID)
}
