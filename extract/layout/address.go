package layout

import (
	"regexp"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/sheet"
)

// countryNames maps country names as addresses write them (French, English, German, native) to
// ISO 3166-1 alpha-2 codes, folded.
var countryNames = func() map[string]string {
	m := map[string]string{}
	for code, names := range map[string][]string{
		"FR": {"France", "Frankreich"}, "DE": {"Germany", "Allemagne", "Deutschland"}, "BE": {"Belgium", "Belgique", "Belgien", "België"},
		"NL": {"Netherlands", "Pays-Bas", "Niederlande", "Nederland", "The Netherlands"}, "LU": {"Luxembourg", "Luxemburg"},
		"CH": {"Switzerland", "Suisse", "Schweiz", "Svizzera"}, "AT": {"Austria", "Autriche", "Österreich"},
		"IT": {"Italy", "Italie", "Italien", "Italia"}, "ES": {"Spain", "Espagne", "Spanien", "España"},
		"GB": {"United Kingdom", "Royaume-Uni", "Vereinigtes Königreich", "UK", "Great Britain", "England"},
		"IE": {"Ireland", "Irlande", "Irland"}, "US": {"United States", "USA", "États-Unis", "Vereinigte Staaten"},
		"DK": {"Denmark", "Danemark", "Dänemark", "Danmark"}, "SE": {"Sweden", "Suède", "Schweden", "Sverige"},
		"PL": {"Poland", "Pologne", "Polen", "Polska"}, "PT": {"Portugal"}, "CZ": {"Czech Republic", "Czechia", "Tchéquie", "Tschechien"},
		"NO": {"Norway", "Norvège", "Norwegen", "Norge"}, "FI": {"Finland", "Finlande", "Finnland", "Suomi"},
	} {
		for _, n := range names {
			m[sheet.Fold(n)] = code
		}
		m[strings.ToLower(code)] = code
	}
	return m
}()

// postalLine is a line holding a postal code and a city: "75008 Paris", "D-10115 Berlin",
// "F-69800 Saint-Priest", "London SW1A 1AA".
var (
	postalFirst   = regexp.MustCompile(`^(?:([A-Z]{1,2})[- ])?(\d{4,5})\s+(.+)$`)
	postalUK      = regexp.MustCompile(`^(.+?)\s+([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})$`)
	postalUKFirst = regexp.MustCompile(`^([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\s+(.+)$`)
)

// address reads a block of address lines: its first line is the name, then the street, the line
// with the postal code and city, and maybe a country.
func address(block string) *o2c.Party {
	lines := strings.Split(block, "\n")
	var p o2c.Party
	for i, l := range lines {
		l = strings.Trim(strings.TrimSpace(l), "*_") // HTML bold and italics, as text renders them
		if l == "" {
			continue
		}
		if code, ok := countryNames[sheet.Fold(l)]; ok && i > 0 {
			p.Country = code
			continue
		}
		if m := postalFirst.FindStringSubmatch(l); m != nil && i > 0 && p.City == "" {
			p.PostalCode, p.City = m[2], m[3]
			if m[1] != "" && p.Country == "" {
				p.Country = countryPrefix(m[1])
			}
			continue
		}
		if m := postalUK.FindStringSubmatch(l); m != nil && i > 0 && p.City == "" {
			p.City, p.PostalCode = m[1], m[2]
			continue
		}
		if m := postalUKFirst.FindStringSubmatch(l); m != nil && i > 0 && p.City == "" {
			p.PostalCode, p.City = m[1], m[2]
			continue
		}
		if vat := vatPattern.FindString(l); vat != "" && strings.Contains(strings.ToUpper(l), strings.ToUpper(vat)) && i > 0 && len(l) < len(vat)+20 {
			p.VATID = strings.ReplaceAll(vat, " ", "")
			continue
		}
		if e := strings.ReplaceAll(emailPattern.FindString(l), " ", ""); e != "" && i > 0 {
			p.Email = e
			continue
		}
		switch {
		case p.Name == "":
			p.Name = l
		case p.Street == "" && p.City == "":
			p.Street = l
		}
	}
	if p == (o2c.Party{}) {
		return nil
	}
	return &p
}

// countryPrefix reads the country letters some write before a postal code (D-, F-, B-, CH-).
func countryPrefix(s string) string {
	switch s {
	case "D":
		return "DE"
	case "F":
		return "FR"
	case "B":
		return "BE"
	case "L":
		return "LU"
	case "A":
		return "AT"
	case "I":
		return "IT"
	case "E":
		return "ES"
	case "NL", "CH", "DE", "FR", "BE", "AT", "LU", "IT", "ES", "DK", "PL", "CZ":
		return s
	}
	return ""
}
