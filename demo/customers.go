package demo

import (
	"fmt"
	"math/rand/v2"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

// Customer keys of the demo, named where orders refer to them.
const (
	custBistrot      = "C10001"
	custVieuxPort    = "C10002"
	custTilleuls     = "C10003"
	custArts         = "C10004"
	custBordelais    = "C10005"
	custAtlantique   = "C10006"
	custFournier     = "C10007"
	custRiviera      = "C10008"
	custStrasbourg   = "C10009"
	custOccitanie    = "C10010"
	custHirsch       = "C10011"
	custElbblick     = "C10012"
	custRheinblick   = "C10013"
	custKantinen     = "C10014"
	custBrauhaus     = "C10015"
	custSonnenschein = "C10016"
	custGoudenLeeuw  = "C10017"
	custSablon       = "C10018"
	custAnker        = "C10019"
	custBrugge       = "C10020"
	custLeuven       = "C10021"
	custBarceloneta  = "C10022"
	custPlazaMayor   = "C10023"
	custSevillano    = "C10024"
	custValencia     = "C10025"
	custCantabrico   = "C10026"
	custCrown        = "C10027"
	custHighland     = "C10028"
	custNorthern     = "C10029"
	custRiverside    = "C10030"
)

// customerRow is one customer: its billing address is also its first delivery address (01);
// sites are the further ones (02, 03).
type customerRow struct {
	id, name, country        string
	mailbox, domain          string // the ordering address is mailbox@domain
	street, postalCode, city string
	terms                    int
	limit                    string // credit limit in the customer's currency; "" = none
	gln                      bool   // large and EDI customers have a GS1 location number
	sites                    []site
}

type site struct{ name, street, postalCode, city string }

var customerRows = []customerRow{
	{id: custBistrot, name: "Bistrot Lumière SARL", country: "FR", mailbox: "commandes", domain: "bistrot-lumiere.fr",
		street: "112 Rue Oberkampf", postalCode: "75011", city: "Paris", terms: 30, limit: "8000",
		sites: []site{{"Bistrot Lumière Charonne", "45 Rue de Charonne", "75011", "Paris"}}},
	{id: custVieuxPort, name: "Brasserie du Vieux Port SAS", country: "FR", mailbox: "achats", domain: "brasserie-vieuxport.fr",
		street: "18 Quai du Port", postalCode: "13002", city: "Marseille", terms: 45, limit: "15000", gln: true},
	{id: custTilleuls, name: "Hôtel Les Tilleuls SAS", country: "FR", mailbox: "economat", domain: "hotel-lestilleuls.fr",
		street: "27 Avenue d'Albigny", postalCode: "74000", city: "Annecy", terms: 30, limit: "12000", gln: true},
	{id: custArts, name: "Café des Arts SARL", country: "FR", mailbox: "contact", domain: "cafedesarts-lyon.fr",
		street: "9 Rue Mercière", postalCode: "69002", city: "Lyon", terms: 30, limit: "6000"},
	{id: custBordelais, name: "Le Comptoir Bordelais SARL", country: "FR", mailbox: "commandes", domain: "comptoir-bordelais.fr",
		street: "31 Cours de l'Intendance", postalCode: "33000", city: "Bordeaux", terms: 30, limit: "7500"},
	{id: custAtlantique, name: "Restauration Collective Atlantique SAS", country: "FR", mailbox: "approvisionnement", domain: "rca-restauration.fr",
		street: "14 Rue de Strasbourg", postalCode: "44000", city: "Nantes", terms: 60, limit: "60000", gln: true,
		sites: []site{
			{"RCA Cuisine centrale Saint-Nazaire", "52 Avenue de la République", "44600", "Saint-Nazaire"},
			{"RCA Restaurant d'entreprise Rezé", "8 Rue Jean Jaurès", "44400", "Rezé"},
		}},
	{id: custFournier, name: "Boulangerie Maison Fournier SARL", country: "FR", mailbox: "commandes", domain: "maison-fournier.fr",
		street: "21 Rue Esquermoise", postalCode: "59800", city: "Lille", terms: 30, limit: "5000",
		sites: []site{{"Maison Fournier Roubaix", "74 Grande Rue", "59100", "Roubaix"}}},
	{id: custRiviera, name: "Groupe Hôtelier Riviera SAS", country: "FR", mailbox: "achats", domain: "riviera-hotels.fr",
		street: "137 Promenade des Anglais", postalCode: "06000", city: "Nice", terms: 45, limit: "40000", gln: true,
		sites: []site{
			{"Hôtel Riviera Cannes", "58 Boulevard de la Croisette", "06400", "Cannes"},
			{"Hôtel Riviera Antibes", "12 Avenue Robert Soleau", "06600", "Antibes"},
		}},
	{id: custStrasbourg, name: "La Table de Strasbourg SARL", country: "FR", mailbox: "cuisine", domain: "latable-strasbourg.fr",
		street: "6 Rue des Hallebardes", postalCode: "67000", city: "Strasbourg", terms: 30, limit: "1500"},
	{id: custOccitanie, name: "Cantines Scolaires Occitanie SAS", country: "FR", mailbox: "achats", domain: "cantines-occitanie.fr",
		street: "40 Allées Jean Jaurès", postalCode: "31000", city: "Toulouse", terms: 60, limit: "50000", gln: true,
		sites: []site{
			{"Cuisine centrale Blagnac", "3 Avenue du Général de Gaulle", "31700", "Blagnac"},
			{"Cuisine centrale Colomiers", "15 Allée du Rouergue", "31770", "Colomiers"},
		}},

	{id: custHirsch, name: "Gasthaus Zum Goldenen Hirsch GmbH", country: "DE", mailbox: "bestellung", domain: "goldener-hirsch-muenchen.de",
		street: "Sendlinger Straße 24", postalCode: "80331", city: "München", terms: 30, limit: "10000", gln: true},
	{id: custElbblick, name: "Kaffeehaus Elbblick GmbH", country: "DE", mailbox: "einkauf", domain: "kaffeehaus-elbblick.de",
		street: "Große Elbstraße 145", postalCode: "22767", city: "Hamburg", terms: 30, limit: "6000"},
	{id: custRheinblick, name: "Hotel Rheinblick Betriebs GmbH", country: "DE", mailbox: "einkauf", domain: "hotel-rheinblick.de",
		street: "Frankenwerft 19", postalCode: "50667", city: "Köln", terms: 45, limit: "20000", gln: true,
		sites: []site{{"Hotel Rheinblick Bonn", "Am Hof 3", "53113", "Bonn"}}},
	{id: custKantinen, name: "Berliner Kantinen Service GmbH", country: "DE", mailbox: "bestellungen", domain: "berliner-kantinen.de",
		street: "Friedrichstraße 68", postalCode: "10117", city: "Berlin", terms: 60, limit: "80000", gln: true,
		sites: []site{
			{"Betriebskantine Siemensstadt", "Nonnendammallee 101", "13629", "Berlin"},
			{"Kantine Potsdam Zentrum", "Friedrich-Ebert-Straße 79", "14467", "Potsdam"},
		}},
	{id: custBrauhaus, name: "Brauhaus am Markt GmbH", country: "DE", mailbox: "einkauf", domain: "brauhaus-am-markt.de",
		street: "Römerberg 11", postalCode: "60311", city: "Frankfurt am Main", terms: 30, limit: "12000", gln: true},
	{id: custSonnenschein, name: "Bäckerei Sonnenschein GmbH", country: "DE", mailbox: "bestellung", domain: "baeckerei-sonnenschein.de",
		street: "Königstraße 42", postalCode: "70173", city: "Stuttgart", terms: 30, limit: "1000",
		sites: []site{{"Bäckerei Sonnenschein Bad Cannstatt", "Marktstraße 17", "70372", "Stuttgart"}}},

	{id: custGoudenLeeuw, name: "Brasserie De Gouden Leeuw BV", country: "BE", mailbox: "bestellingen", domain: "goudenleeuw.be",
		street: "Grote Markt 7", postalCode: "2000", city: "Antwerpen", terms: 30, limit: "9000"},
	{id: custSablon, name: "Hotel Sablon NV", country: "BE", mailbox: "purchasing", domain: "hotelsablon.be",
		street: "Place du Grand Sablon 36", postalCode: "1000", city: "Bruxelles", terms: 45, limit: "15000", gln: true},
	{id: custAnker, name: "Taverne Het Anker BV", country: "BE", mailbox: "info", domain: "hetanker-gent.be",
		street: "Korenlei 12", postalCode: "9000", city: "Gent", terms: 30, limit: "2500"},
	{id: custBrugge, name: "Grand Café Brugge NV", country: "BE", mailbox: "aankoop", domain: "grandcafebrugge.be",
		street: "Markt 19", postalCode: "8000", city: "Brugge", terms: 30, limit: "8000", gln: true},
	{id: custLeuven, name: "Kantinediensten Leuven BV", country: "BE", mailbox: "aankoop", domain: "kdl-catering.be",
		street: "Oude Markt 25", postalCode: "3000", city: "Leuven", terms: 60, limit: "20000", gln: true,
		sites: []site{{"KDL Campus Arenberg", "Kasteelpark Arenberg 1", "3001", "Heverlee"}}},

	{id: custBarceloneta, name: "Restaurante La Barceloneta S.L.", country: "ES", mailbox: "compras", domain: "labarceloneta-rest.es",
		street: "Passeig de Joan de Borbó 58", postalCode: "08003", city: "Barcelona", terms: 30, limit: "7000"},
	{id: custPlazaMayor, name: "Hotel Plaza Mayor S.L.", country: "ES", mailbox: "compras", domain: "hotelplazamayor.es",
		street: "Plaza Mayor 12", postalCode: "28012", city: "Madrid", terms: 45, limit: "15000", gln: true},
	{id: custSevillano, name: "Cafetería El Rincón Sevillano S.L.", country: "ES", mailbox: "pedidos", domain: "rinconsevillano.es",
		street: "Calle Sierpes 45", postalCode: "41004", city: "Sevilla", terms: 30, limit: "800"},
	{id: custValencia, name: "Tapas y Vinos Valencia S.L.", country: "ES", mailbox: "pedidos", domain: "tapasyvinos-valencia.es",
		street: "Calle de la Paz 21", postalCode: "46003", city: "Valencia", terms: 30, limit: "5000",
		sites: []site{{"Tapas y Vinos Ruzafa", "Calle de Sueca 32", "46006", "Valencia"}}},
	{id: custCantabrico, name: "Grupo Hostelero Cantábrico S.L.", country: "ES", mailbox: "compras", domain: "grupocantabrico.es",
		street: "Calle Ercilla 24", postalCode: "48009", city: "Bilbao", terms: 60, limit: "30000", gln: true,
		sites: []site{
			{"Hotel Cantábrico Santander", "Paseo de Pereda 15", "39004", "Santander"},
			{"Restaurante Cantábrico Donostia", "Paseo de la Concha 8", "20007", "Donostia-San Sebastián"},
		}},

	{id: custCrown, name: "The Crown & Anchor Pub Company Ltd", country: "GB", mailbox: "orders", domain: "crownandanchor.co.uk",
		street: "246 St John Street", postalCode: "EC1V 4PH", city: "London", terms: 30, limit: "6000",
		sites: []site{{"The Crown & Anchor Islington", "137 Upper Street", "N1 1QP", "London"}}},
	{id: custHighland, name: "Highland Lodge Hotels Ltd", country: "GB", mailbox: "purchasing", domain: "highlandlodgehotels.co.uk",
		street: "7 Ness Bank", postalCode: "IV2 4SF", city: "Inverness", terms: 45, limit: "25000", gln: true,
		sites: []site{
			{"Ben Nevis Lodge", "High Street", "PH33 6AH", "Fort William"},
			{"Cairngorm Lodge", "Grampian Road", "PH22 1PD", "Aviemore"},
		}},
	{id: custNorthern, name: "Northern Café Co Ltd", country: "GB", mailbox: "orders", domain: "northerncafe.co.uk",
		street: "88 Deansgate", postalCode: "M3 2ER", city: "Manchester", terms: 30, limit: "3000"},
	{id: custRiverside, name: "Riverside Catering Services Ltd", country: "GB", mailbox: "procurement", domain: "riverside-catering.co.uk",
		street: "34 Briggate", postalCode: "LS1 6HD", city: "Leeds", terms: 60, gln: true,
		sites: []site{{"Riverside Catering York", "21 Skeldergate", "YO1 6DH", "York"}}},
}

// glnPrefix is a GS1 member organisation prefix of each country, for the customers' GLNs.
var glnPrefix = map[string]string{"FR": "304", "DE": "404", "BE": "541", "ES": "843", "GB": "503"}

// customers builds the customers and their delivery addresses. VAT ids and GLNs are random bodies
// drawn from r, completed with their check digits.
func customers(r *rand.PCG) ([]o2c.Customer, []o2c.ShipTo) {
	var cs []o2c.Customer
	var ss []o2c.ShipTo
	for _, row := range customerRows {
		c := o2c.Customer{
			ID:               row.id,
			Name:             row.name,
			VATID:            vatID(r, row.country),
			Email:            row.mailbox + "@" + row.domain,
			Street:           row.street,
			PostalCode:       row.postalCode,
			City:             row.city,
			Country:          row.country,
			Currency:         "EUR",
			PaymentTermsDays: ptr(row.terms),
		}
		if row.country == "GB" {
			c.Currency = "GBP"
		}
		if row.gln {
			body := glnPrefix[row.country] + digits(r, 9)
			c.GLN = withGS1CheckDigit(body)
		}
		if row.limit != "" {
			c.CreditLimit = ptr(decimal.RequireFromString(row.limit))
		}
		cs = append(cs, c)
		ss = append(ss, o2c.ShipTo{CustomerID: row.id, AddressID: "01", Name: row.name,
			Street: row.street, PostalCode: row.postalCode, City: row.city, Country: row.country})
		for i, s := range row.sites {
			ss = append(ss, o2c.ShipTo{CustomerID: row.id, AddressID: fmt.Sprintf("%02d", i+2), Name: s.name,
				Street: s.street, PostalCode: s.postalCode, City: s.city, Country: row.country})
		}
	}
	return cs, ss
}

// vatID draws a VAT identification number in the country's format, check digits included.
func vatID(r *rand.PCG, country string) string {
	switch country {
	case "FR":
		return vatFR(nonZeroLead(r, 8)) // SIREN body; SIRENs of companies never start with 0
	case "DE":
		return vatDE(nonZeroLead(r, 8))
	case "BE":
		return vatBE(nonZeroLead(r, 7))
	case "ES":
		return vatES(digits(r, 7))
	case "GB":
		return vatGB(nonZeroLead(r, 7))
	}
	panic("demo: no VAT format for " + country)
}

// digits draws n decimal digits.
func digits(r *rand.PCG, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.Uint64()%10)
	}
	return string(b)
}

// nonZeroLead draws n decimal digits, the first of them not 0.
func nonZeroLead(r *rand.PCG, n int) string {
	return string(rune('1'+r.Uint64()%9)) + digits(r, n-1)
}
