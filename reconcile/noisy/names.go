package noisy

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

var surnames = strings.Fields(`Becker Hoffmann Schulz Koch Richter Klein Wolf Schröder Neumann Schwarz Zimmermann
Braun Krüger Hofmann Hartmann Lange Schmitt Werner Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König
Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel Friedrich Keller Günther
Frank Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster Simon Ludwig Böhm Winter Kraus Martin
Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Heinrich Brandt Haas Schreiber Graf Dietrich Ziegler
Kuhn Kühn Pohl Engel Horn Busch Bergmann Thomas Voigt Sauer Arnold Wolff Pfeiffer Dubois Durand Lefèvre Moreau
Laurent Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Müller Fournier Morel Gauthier Perrin Robin Clément
Janssen Visser Smit Bakker Mulder Bos Vos Peeters Jacobs Willems Evans Walker Wright Hughes Edwards Turner Parker
Collins Morgan Cooper Ward Brooks Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco`)

var sectors = strings.Fields(`Logistik Bau Metallbau Elektro Transport Consulting Software Möbel Druck Lebensmittel
Textil Maschinenbau Handel Technik Solutions Industries Distribution Services Automation Kunststoff Verpackung
Medizintechnik Agrar Energie Sanitär Holzbau Fahrzeugbau Optik Chemie Pharma Papier Glas Stahl Immobilien Gastro
Reinigung Sicherheit Systems Trading Werkzeuge`)

var legalForms = []string{"GmbH", "GmbH", "GmbH", "AG", "GmbH & Co. KG", "KG", "SARL", "SAS", "SA", "Ltd", "Ltd",
	"B.V.", "S.r.l.", "e.K."}

var cities = strings.Fields(`Berlin Hamburg München Köln Frankfurt Stuttgart Düsseldorf Leipzig Dortmund Essen Bremen
Dresden Hannover Nürnberg Lyon Marseille Toulouse Nantes Lille Rotterdam Utrecht Antwerpen Wien Graz Zürich Basel`)

var givenNames = strings.Fields(`Anna Peter Maria Thomas Julia Michael Laura Stefan Sophie Andreas Claire Pierre Emma
Lukas Lea Jonas Hannah Felix Marie Paul`)

var brandWords = strings.Fields(`Nordlicht Alpina Vektor Prisma Orbit Zenit Atlas Nova Helios Kronos Delta Sigma Fjord
Lumen Terra Aurora Pilot Kompass Falke Adler Polaris Quadrat Merkur Vesta Titan Iris Lotus Cobalt Meridian`)

// companyName makes a customer name and the part of it that must be unique (without legal form).
func companyName(r *rand.Rand) (name, base string) {
	s1, s2 := pickOf(r, surnames), pickOf(r, surnames)
	for s2 == s1 {
		s2 = pickOf(r, surnames)
	}
	switch r.IntN(4) {
	case 0:
		base = s1 + " " + pickOf(r, sectors)
	case 1:
		base = s1 + " & " + s2
	case 2:
		base = s1 + " " + s2 + " " + pickOf(r, sectors)
	default:
		base = pickOf(r, cities) + " " + s1 + " " + pickOf(r, sectors)
	}
	return base + " " + pickOf(r, legalForms), base
}

// aliasName is a trading name unlike the legal name.
func aliasName(r *rand.Rand) string {
	return pickOf(r, brandWords) + " " + pickOf(r, cities) + " " + pickOf(r, brandWords)
}

// bankSpelling is a customer's name as a payer's bank writes it.
func bankSpelling(r *rand.Rand, name, base string) string {
	s := name
	switch r.IntN(10) {
	case 0, 1, 2:
		s = strings.ToUpper(name)
	case 3, 4:
		s = base // legal form dropped
	case 5:
		s = base + " " + pickOf(r, []string{"GmbH", "Ltd", "SA", "AG"}) // another legal form
	case 6:
		s = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "Ä", "AE", "Ö", "OE", "Ü", "UE").Replace(name)
	case 7:
		if rs := []rune(name); len(rs) > 27 {
			s = strings.TrimSpace(string(rs[:27])) // the bank's field is short
		}
	case 8:
		s = oneLetterOff(r, name)
	}
	return s
}

func oneLetterOff(r *rand.Rand, s string) string {
	b := []byte(s)
	for range 10 {
		i := r.IntN(len(b))
		if b[i] >= 'a' && b[i] <= 'z' && i > 3 {
			b[i] = byte('a' + r.IntN(26))
			return string(b)
		}
	}
	return s
}

func personName(r *rand.Rand) string { return pickOf(r, givenNames) + " " + pickOf(r, surnames) }

// iban makes a German-looking IBAN with valid check digits.
func iban(r *rand.Rand) string {
	bban := fmt.Sprintf("%08d%010d", r.IntN(100_000_000), r.Int64N(10_000_000_000))
	// Check digits: 98 - (BBAN + "DE00" as digits) mod 97; D=13, E=14.
	rem := 0
	for _, c := range bban + "131400" {
		rem = (rem*10 + int(c-'0')) % 97
	}
	return fmt.Sprintf("DE%02d%s", 98-rem, bban)
}

func pickOf[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }
