package app

import (
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/invoice"
)

// euMembers are the member states of the EU VAT area, by ISO 3166-1 code (Greece is EL in VAT
// ids but GR here).
var euMembers = []string{"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
	"IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"}

func inEU(country string) bool { return slices.Contains(euMembers, strings.ToUpper(country)) }

// serviceUnits are the UN/ECE Rec. 20 units that sell time, not goods: a line in one of them is
// a service for the VAT rules.
var serviceUnits = []string{"HUR", "DAY", "MIN", "MON", "WEE", "ANN"}

// vatOf decides the VAT of one line sold to a customer. It is deliberately simple:
//
//   - a customer in another EU member state with a VAT id buys goods exempt as an
//     intra-community supply (K), and services under reverse charge (AE);
//   - a customer outside the EU buys free of VAT as an export (G);
//   - anyone else pays the product's rate under the standard category (S), or Z when the rate is 0.
//
// The customer's country comes from its master data, else from the prefix of its VAT id; an
// unknown country is taken as domestic. ok is false when a standard-rated line has no rate.
func vatOf(sellerCountry string, c *o2c.Customer, p *o2c.Product, unit string) (v invoice.VAT, ok bool) {
	country := strings.ToUpper(c.Country)
	if country == "" && len(c.VATID) >= 2 {
		country = strings.ToUpper(c.VATID[:2])
		if country == "EL" {
			country = "GR"
		}
	}
	seller := strings.ToUpper(sellerCountry)
	switch {
	case country != "" && country != seller && inEU(country) && c.VATID != "" && slices.Contains(serviceUnits, unit):
		return invoice.VAT{Category: invoice.CategoryReverseCharge, Rate: decimal.Zero,
			ExemptionReason: "Reverse charge: VAT due by the customer (Art. 196 Directive 2006/112/EC)", ExemptionCode: "VATEX-EU-AE"}, true
	case country != "" && country != seller && inEU(country) && c.VATID != "":
		return invoice.VAT{Category: invoice.CategoryIntraCommunity, Rate: decimal.Zero,
			ExemptionReason: "Intra-community supply exempt (Art. 138 Directive 2006/112/EC)", ExemptionCode: "VATEX-EU-IC"}, true
	case country != "" && country != seller && !inEU(country):
		return invoice.VAT{Category: invoice.CategoryExport, Rate: decimal.Zero,
			ExemptionReason: "Export outside the EU exempt (Art. 146 Directive 2006/112/EC)", ExemptionCode: "VATEX-EU-G"}, true
	}
	if p == nil || p.VATRate == nil {
		return invoice.VAT{Category: invoice.CategoryStandard}, false
	}
	if p.VATRate.IsZero() {
		return invoice.VAT{Category: invoice.CategoryZero, Rate: decimal.Zero}, true
	}
	return invoice.VAT{Category: invoice.CategoryStandard, Rate: *p.VATRate}, true
}
