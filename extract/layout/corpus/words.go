package corpus

import (
	"fmt"
	"strconv"

	"github.com/o2c-project/o2c"
)

// countryNames are the countries of the demo customers in each language, as address blocks print them.
var countryNames = map[string]map[string]string{
	"fr": {"FR": "France", "DE": "Allemagne", "BE": "Belgique", "ES": "Espagne", "GB": "Royaume-Uni"},
	"de": {"FR": "Frankreich", "DE": "Deutschland", "BE": "Belgien", "ES": "Spanien", "GB": "Vereinigtes Königreich"},
	"en": {"FR": "France", "DE": "Germany", "BE": "Belgium", "ES": "Spain", "GB": "United Kingdom"},
}

// unitWords are the words each language prints for the units of the demo catalogue.
var unitWords = map[string]map[string]string{
	"fr": {"C62": "pce", "BX": "boîte", "CT": "carton", "PK": "paquet", "KGM": "kg", "LTR": "L"},
	"de": {"C62": "Stk", "BX": "Box", "CT": "Karton", "PK": "Pack", "KGM": "kg", "LTR": "l"},
	"en": {"C62": "pcs", "BX": "box", "CT": "ctn", "PK": "pack", "KGM": "kg", "LTR": "L"},
}

// unitWord is the word for unit in lang; a unit the table lacks prints as its code.
func unitWord(lang, unit string) string {
	if w, ok := unitWords[lang][unit]; ok {
		return w
	}
	return unit
}

// localNames are the descriptions French and German buyers give some articles on their own orders
// and in their e-mails, instead of the catalogue's English text.
var localNames = map[string][2]string{ // sku -> {fr, de}
	"BEV-1001": {"Café grains Arabica/Robusta 80/20 1 kg", "Espressobohnen Arabica/Robusta 80/20, 1 kg"},
	"BEV-1002": {"Café grains 100% Arabica Brésil Santos 1 kg", "Espressobohnen Brasil Santos 1 kg"},
	"BEV-1003": {"Café grains Éthiopie Sidamo 1 kg", "Espressobohnen Äthiopien Sidamo 1 kg"},
	"BEV-1008": {"Café moulu filtre maison 500 g", "Filterkaffee gemahlen Hausmischung 500 g"},
	"BEV-1012": {"Capsules espresso Intenso, boîte de 100", "Espressokapseln Intenso, 100 Stück"},
	"BEV-1019": {"Thé noir English Breakfast, 100 sachets", "Schwarztee English Breakfast, 100 Beutel"},
	"BEV-1020": {"Thé Earl Grey, boîte de 100 sachets", "Schwarztee Earl Grey, 100 Beutel"},
	"BEV-1034": {"Chocolat en poudre 1 kg", "Trinkschokolade Pulver 1 kg"},
	"BEV-1037": {"Sirop vanille 1 L", "Sirup Vanille 1 l"},
	"BEV-1046": {"Lait entier UHT 1 L", "Vollmilch H-Milch 1 l"},
	"BEV-1047": {"Lait demi-écrémé UHT 1 L", "Fettarme H-Milch 1 l"},
	"BEV-1048": {"Boisson avoine barista 1 L", "Haferdrink Barista 1 l"},
	"BEV-1054": {"Eau minérale plate 50 cl, carton de 24", "Stilles Mineralwasser 0,5 l, Karton à 24"},
	"BEV-1055": {"Eau minérale plate 1,5 L, carton de 6", "Stilles Mineralwasser 1,5 l, 6er Karton"},
	"BEV-1056": {"Eau gazeuse 50 cl, carton de 24", "Mineralwasser mit Kohlensäure 0,5 l, Karton à 24"},
	"BEV-1058": {"Cola canette 33 cl, carton de 24", "Cola Dose 0,33 l, 24er Karton"},
	"BEV-1063": {"Jus d'orange 100% 1 L, carton de 6", "Orangensaft 100% 1 l, 6er Karton"},
	"DRY-2001": {"Sucre bûchettes 4 g, boîte de 1000", "Zuckersticks 4 g, 1000 Stück"},
	"DRY-2003": {"Sucre en morceaux 1 kg", "Würfelzucker 1 kg"},
	"DRY-2008": {"Farine de blé T55, sac de 25 kg", "Weizenmehl Type 550, 25-kg-Sack"},
	"DRY-2015": {"Spaghetti n°5 blé dur 5 kg", "Spaghetti Nr. 5 Hartweizen 5 kg"},
	"DRY-2016": {"Penne rigate 5 kg", "Penne rigate 5 kg"},
	"DRY-2019": {"Riz basmati 5 kg", "Basmatireis 5 kg"},
	"DRY-2020": {"Riz arborio pour risotto 5 kg", "Risottoreis Arborio 5 kg"},
	"DRY-2021": {"Riz long étuvé 10 kg", "Langkornreis parboiled 10 kg"},
	"DRY-2025": {"Huile d'olive vierge extra, bidon 5 L", "Natives Olivenöl extra, 5-l-Kanister"},
	"DRY-2026": {"Huile de tournesol 10 L", "Sonnenblumenöl 10 l"},
	"DRY-2032": {"Sel fin de mer", "Feines Meersalz"},
	"DRY-2044": {"Mayonnaise, seau de 5 L", "Mayonnaise, 5-l-Eimer"},
	"DRY-2047": {"Ketchup dosettes 10 g, boîte de 200", "Ketchup Portionsbeutel 10 g, 200 Stück"},
	"DRY-2051": {"Tomates concassées, boîte 5/1", "Tomaten gehackt, 5/1-Dose"},
	"DRY-2054": {"Thon au naturel, boîte 1,7 kg", "Thunfisch in Lake, 1,7-kg-Dose"},
	"DRY-2059": {"Confitures portions assorties, boîte de 120", "Konfitüre Portionen sortiert, 120 Stück"},
	"DRY-2060": {"Pâte à tartiner portions 15 g, boîte de 120", "Nuss-Nougat-Creme Portionen, 120 Stück"},
	"SNK-3001": {"Spéculoos emballés individuellement, boîte de 300", "Spekulatius einzeln verpackt, 300 Stück"},
	"SNK-3013": {"Barres céréales chocolat 25 g, boîte de 24", "Müsliriegel Schoko 25 g, 24 Stück"},
	"CLN-4001": {"Liquide lave-vaisselle machine 10 L", "Maschinenspülmittel flüssig 10 l"},
	"CLN-4004": {"Liquide vaisselle concentré 5 L", "Handspülmittel Konzentrat 5 l"},
	"CLN-4008": {"Désinfectant surfaces alimentaires 5 L", "Flächendesinfektion lebensmittelecht 5 l"},
	"CLN-4014": {"Savon mains antibactérien 5 L", "Antibakterielle Handseife 5 l"},
	"CLN-4026": {"Essuie-mains pliage Z, carton de 3750", "Papierhandtücher Z-Falz, Karton 3750 Blatt"},
	"CLN-4027": {"Papier toilette jumbo 2 plis, paquet de 6", "Toilettenpapier Jumbo 2-lagig, 6 Rollen"},
	"DSP-5002": {"Gobelets carton 8 oz, manchon de 50", "Kaffeebecher 8 oz, 50 Stück"},
	"DSP-5005": {"Couvercles pour gobelets 8 oz, x100", "Deckel für 8-oz-Becher, 100 Stück"},
	"DSP-5011": {"Serviettes 2 plis 33x33 blanches, x100", "Servietten 2-lagig 33x33 weiß, 100 Stück"},
	"DSP-5022": {"Boîte kraft à emporter 750 ml, x50", "Kraft-Menübox 750 ml, 50 Stück"},
	"DSP-5033": {"Gants nitrile bleus taille M, boîte de 100", "Nitrilhandschuhe blau Gr. M, 100 Stück"},
	"DSP-5036": {"Gants vinyle non poudrés taille M, x100", "Vinylhandschuhe puderfrei Gr. M, 100 Stück"},
	"KIT-6007": {"Couteau de chef 20 cm", "Kochmesser 20 cm"},
	"KIT-6011": {"Planche à découper HACCP rouge 60x40", "HACCP-Schneidebrett rot 60x40 cm"},
}

// localName is the description a buyer writing lang gives p: its local name where one exists,
// else the catalogue's.
func localName(lang string, p *o2c.Product) string {
	n, ok := localNames[p.SKU]
	switch {
	case ok && lang == "fr":
		return n[0]
	case ok && lang == "de":
		return n[1]
	}
	return p.Description
}

// people who sign orders, by language.
var people = map[string][]string{
	"fr": {"Marie Dubois", "Julien Lefèvre", "Camille Moreau", "Nicolas Girard", "Sophie Laurent", "Hélène Roux"},
	"de": {"Thomas Müller", "Sabine Weber", "Jürgen Schäfer", "Katrin Becker", "Stefan Hoffmann", "Anja Krüger"},
	"en": {"Sarah Mitchell", "James Crawford", "Emma Wilson", "Oliver Hughes", "Fiona MacLeod", "Daniel Price"},
}

// supplier is us, the company the orders are sent to: a distractor on every page, never the buyer.
var supplier = o2c.Party{
	Name:       "Hexagone Food Service SAS",
	VATID:      frVAT("823456781"),
	Street:     "15 Rue du Séminaire",
	PostalCode: "94150",
	City:       "Rungis",
	Country:    "FR",
	Email:      "commandes@hexagone-fs.fr",
}

// supplierPhone is our switchboard, printed next to our address.
const supplierPhone = "+33 1 46 87 20 00"

// carriers that deliver our goods.
var carriers = []o2c.Party{
	{Name: "Transports Morel Frères SARL", Street: "ZA des Portes de Rungis, 4 Rue du Fret", PostalCode: "94310",
		City: "Orly", Country: "FR", VATID: frVAT("412345670")},
	{Name: "Logistik Brandt GmbH", Street: "Hafenstraße 12", PostalCode: "28217", City: "Bremen", Country: "DE"},
	{Name: "Channel Freight Services Ltd", Street: "Unit 7, Dover Road Industrial Estate", PostalCode: "CT16 3BZ",
		City: "Dover", Country: "GB"},
	{Name: "Transportes Ibéricos Ruiz S.L.", Street: "Polígono Can Calderón, Calle 5", PostalCode: "08830",
		City: "Sant Boi de Llobregat", Country: "ES"},
}

// vehicle plates, by carrier.
var plates = []string{"GH-417-KT", "HB-LB 2841", "KX21 VFM", "4821 LMN"}

// frVAT is the French VAT number of a SIREN: FR, the key (12 + 3 × (SIREN mod 97)) mod 97, the SIREN.
func frVAT(siren string) string {
	n, err := strconv.Atoi(siren)
	if err != nil {
		panic("corpus: bad SIREN " + siren)
	}
	return fmt.Sprintf("FR%02d%s", (12+3*(n%97))%97, siren)
}
