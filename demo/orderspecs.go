package demo

import (
	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

// Anomaly codes, short.
const (
	missingField      = o2c.AnomalyMissingField
	lowConfidence     = o2c.AnomalyLowConfidence
	unknownCustomer   = o2c.AnomalyUnknownCustomer
	unknownShipTo     = o2c.AnomalyUnknownShipTo
	unknownProduct    = o2c.AnomalyUnknownProduct
	priceMismatch     = o2c.AnomalyPriceMismatch
	insufficientStock = o2c.AnomalyInsufficientStock
	quantityRule      = o2c.AnomalyQuantityRule
	totalsMismatch    = o2c.AnomalyTotalsMismatch
	duplicateOrder    = o2c.AnomalyDuplicateOrder
	creditLimit       = o2c.AnomalyCreditLimit
	deliveryDate      = o2c.AnomalyDeliveryDate
	currencyMismatch  = o2c.AnomalyCurrencyMismatch
)

func codes(c ...o2c.AnomalyCode) []o2c.AnomalyCode { return c }

// bistrotWeekly is the Bistrot Lumière's weekly order, sent twice: once clean, and again later
// as a duplicate.
func bistrotWeekly() spec {
	return spec{
		customer: custBistrot, ident: byEmail, channel: o2c.ChannelEmail, po: "BL-0412", age: 1, lead: 2,
		lines: []ln{
			{sku: "BEV-1001", qty: "6"},
			{sku: "DRY-2001", qty: "2"},
			{sku: "BEV-1046", qty: "24"},
			{sku: "DSP-5011", qty: "20"},
			{sku: "CLN-4004", qty: "2"},
		},
		notes: "Livraison avant 10h svp, entrée par la cour.",
		conf:  map[string]float64{"po_number": 0.99, "buyer.name": 0.98, "lines[2].quantity": 0.97},
	}
}

// orderSpecs lists the demo orders in sending order. Clean orders respect stock, pack sizes,
// minimum quantities, credit limits and agreed prices; each faulty one breaks one rule, except the
// last, a fax with several problems at once.
func orderSpecs() []spec {
	weekly := bistrotWeekly()
	weekly.name = "clean-fr-bistro-weekly"
	resent := bistrotWeekly()
	resent.name = "duplicate-order-fr-bistro-resent"
	resent.conf = nil
	resent.notes = "Relance : merci de confirmer la commande BL-0412, pas de réponse de votre part."
	resent.expect = codes(duplicateOrder)

	return []spec{
		weekly,
		{name: "clean-de-kantinen-edifact-gtin", customer: custKantinen, ident: byGLN, channel: o2c.ChannelEDIFACT,
			po: "BKS-77812", shipTo: "02", lead: 3, prices: true, totals: true,
			lines: []ln{
				{sku: "BEV-1001", qty: "20", ref: refGTIN},
				{sku: "DRY-2001", qty: "10", ref: refGTIN},
				{sku: "DSP-5002", qty: "40", ref: refGTIN},
				{sku: "DSP-5005", qty: "20", ref: refGTIN},
				{sku: "CLN-4026", qty: "8", ref: refGTIN},
			}},
		{name: "clean-fr-vieuxport-api-vat", customer: custVieuxPort, ident: byVAT, channel: o2c.ChannelAPI,
			po: "VP-2291", lead: 2, prices: true, totals: true,
			lines: []ln{
				{sku: "BEV-1002", qty: "10"},
				{sku: "DRY-2025", qty: "4"},
				{sku: "DRY-2027", qty: "3"},
				{sku: "CLN-4001", qty: "2"},
				{sku: "DSP-5033", qty: "5"},
			}},
		{name: "missing-field-fr-no-po", customer: custTilleuls, ident: byEmail, channel: o2c.ChannelEmail,
			lead: 4, expect: codes(missingField),
			lines: []ln{
				{sku: "BEV-1021", qty: "4"},
				{sku: "BEV-1026", qty: "4"},
				{sku: "DRY-2007", qty: "2"},
			},
			notes: "Bonjour, merci de nous livrer comme d'habitude. Cordialement, l'économat."},
		{name: "clean-fr-atlantique-edifact-items", customer: custAtlantique, ident: byGLN, channel: o2c.ChannelEDIFACT,
			po: "4500081234", shipTo: "02", lead: 5, prices: true, totals: true,
			lines: []ln{
				{sku: "DRY-2015", qty: "30", ref: refItem},
				{sku: "DRY-2019", qty: "20", ref: refItem},
				{sku: "DRY-2051", qty: "40", ref: refItem},
				{sku: "DRY-2026", qty: "9", ref: refItem},
				{sku: "CLN-4001", qty: "6", ref: refItem},
				{sku: "DSP-5036", qty: "20", ref: refItem},
			}},
		{name: "clean-uk-crown-email", customer: custCrown, ident: byEmail, channel: o2c.ChannelEmail,
			po: "CA-10452", lead: 3, prices: true, totals: true,
			lines: []ln{
				{sku: "BEV-1001", qty: "6"},
				{sku: "BEV-1058", qty: "10"},
				{sku: "DRY-2047", qty: "4"},
				{sku: "SNK-3009", qty: "5"},
			},
			conf: map[string]float64{"po_number": 0.99, "lines[1].quantity": 0.98}},
		{name: "price-mismatch-de-kantinen-old-price", customer: custKantinen, ident: byGLN, channel: o2c.ChannelEDIFACT,
			po: "BKS-77830", shipTo: "03", lead: 3, prices: true, expect: codes(priceMismatch),
			lines: []ln{
				{sku: "BEV-1001", qty: "10", ref: refItem},
				{sku: "DSP-5002", qty: "20", ref: refItem},
				{sku: "DRY-2047", qty: "6", ref: refItem},
			},
			// The canteen's system still carries last year's cup price: 3.20 instead of the agreed 3.50.
			edit: setPrice(1, "3.20")},
		{name: "clean-be-sablon-ubl-vat", customer: custSablon, ident: byVAT, channel: o2c.ChannelUBL,
			po: "SAB-0118", lead: 3, prices: true, totals: true,
			lines: []ln{
				{sku: "BEV-1015", qty: "4"},
				{sku: "BEV-1020", qty: "6"},
				{sku: "DRY-2007", qty: "3"},
				{sku: "SNK-3002", qty: "2"},
			}},
		{name: "clean-es-barceloneta-portal", customer: custBarceloneta, ident: byEmail, channel: o2c.ChannelPortal,
			po: "PED-3310", lead: 2,
			lines: []ln{
				{sku: "DRY-2025", qty: "3"},
				{sku: "DRY-2020", qty: "4"},
				{sku: "DRY-2054", qty: "2"},
				{sku: "BEV-1007", qty: "5"},
				{sku: "DSP-5022", qty: "8"},
			}},
		{name: "unknown-customer-ch-prospect", channel: o2c.ChannelEmail, from: "achats@hotel-belvedere-montreux.ch",
			buyer: &o2c.Party{Name: "Hôtel Belvédère Montreux SA", Email: "achats@hotel-belvedere-montreux.ch",
				Street: "Grand-Rue 52", PostalCode: "1820", City: "Montreux", Country: "CH"},
			po: "HBM-0077", lead: 5, expect: codes(unknownCustomer),
			lines: []ln{
				{sku: "BEV-1003", qty: "6"},
				{sku: "BEV-1022", qty: "4"},
				{sku: "SNK-3002", qty: "2"},
			},
			notes: "Première commande, merci de nous ouvrir un compte."},
		{name: "clean-fr-riviera-cannes-items", customer: custRiviera, ident: byDomain, channel: o2c.ChannelPortal,
			from: "reception.cannes", po: "RIV-CN-5521", shipTo: "02", lead: 2,
			lines: []ln{
				{sku: "BEV-1003", qty: "8", ref: refItem},
				{sku: "BEV-1020", qty: "10", ref: refItem},
				{sku: "DRY-2059", qty: "6", ref: refItem},
				{sku: "SNK-3001", qty: "3", ref: refItem},
			}},
		{name: "low-confidence-de-hirsch-scan", customer: custHirsch, ident: byVAT, channel: o2c.ChannelScan,
			po: "GZH-1187", lead: 4, expect: codes(lowConfidence),
			lines: []ln{
				{sku: "BEV-1004", qty: "6"},
				{sku: "DRY-2045", qty: "2"},
				{sku: "CLN-4007", qty: "3"},
			},
			// A faxed order: the second line's quantity is smudged.
			conf: map[string]float64{"buyer.vat_id": 0.97, "po_number": 0.96, "lines[0].quantity": 0.95,
				"lines[1].quantity": 0.55, "lines[2].quantity": 0.94}},
		{name: "clean-fr-strasbourg-small", customer: custStrasbourg, ident: byEmail, channel: o2c.ChannelEmail,
			po: "TS-0087", lead: 2,
			lines: []ln{
				{sku: "BEV-1008", qty: "10"},
				{sku: "DRY-2003", qty: "10"},
				{sku: "DSP-5014", qty: "20"},
			}},
		{name: "clean-fr-arts-csv-name-address", customer: custArts, ident: byName, channel: o2c.ChannelCSV,
			po: "CDA-5561", lead: 3,
			lines: []ln{
				{sku: "BEV-1012", qty: "3"},
				{sku: "BEV-1038", qty: "2"},
				{sku: "BEV-1039", qty: "2"},
				{sku: "DSP-5003", qty: "20"},
				{sku: "DSP-5006", qty: "20"},
			}},
		{name: "totals-mismatch-fr-arts-ubl", customer: custArts, ident: byVAT, channel: o2c.ChannelUBL,
			po: "CDA-5562", lead: 4, prices: true, totals: true, expect: codes(totalsMismatch),
			lines: []ln{
				{sku: "BEV-1034", qty: "4"},
				{sku: "DRY-2006", qty: "2"},
				{sku: "SNK-3003", qty: "3"},
				{sku: "CLN-4012", qty: "1"},
			},
			// The buyer's net total leaves out the last line.
			edit: understateNet},
		{name: "clean-de-rheinblick-ubl-gln", customer: custRheinblick, ident: byGLN, channel: o2c.ChannelUBL,
			po: "RB-44120", shipTo: "02", lead: 3, prices: true, totals: true,
			lines: []ln{
				{sku: "BEV-1028", qty: "4"},
				{sku: "BEV-1035", qty: "3"},
				{sku: "DRY-2060", qty: "2"},
				{sku: "CLN-4014", qty: "3"},
			}},
		{name: "insufficient-stock-be-brugge", customer: custBrugge, ident: byEmail, channel: o2c.ChannelEmail,
			po: "GCB-2217", lead: 3, expect: codes(insufficientStock),
			lines: []ln{
				{sku: "BEV-1006", qty: "12"}, // 6 in stock
				{sku: "BEV-1021", qty: "4"},
			}},
		{name: "clean-es-plazamayor-api-vat", customer: custPlazaMayor, ident: byVAT, channel: o2c.ChannelAPI,
			po: "HPM-0907", lead: 3,
			lines: []ln{
				{sku: "BEV-1004", qty: "6"},
				{sku: "BEV-1063", qty: "5"},
				{sku: "DRY-2059", qty: "4"},
				{sku: "DSP-5015", qty: "6"},
			}},
		{name: "clean-be-goudenleeuw-email-domain", customer: custGoudenLeeuw, ident: byDomain, channel: o2c.ChannelEmail,
			from: "keuken", po: "GL-1450", lead: 2,
			lines: []ln{
				{sku: "BEV-1056", qty: "10"},
				{sku: "BEV-1060", qty: "4"},
				{sku: "SNK-3011", qty: "5"},
				{sku: "DRY-2046", qty: "2"},
			}},
		{name: "unknown-ship-to-fr-riviera-menton", customer: custRiviera, ident: byVAT, channel: o2c.ChannelUBL,
			po: "RIV-MN-0001", lead: 6, expect: codes(unknownShipTo),
			lines: []ln{
				{sku: "BEV-1003", qty: "4"},
				{sku: "DRY-2059", qty: "4"},
				{sku: "CLN-4014", qty: "2"},
			},
			// The group's new hotel, not yet set up as a delivery address.
			edit: func(d *o2c.OrderDraft) {
				d.ShipTo = &o2c.Party{Name: "Hôtel Riviera Menton", Street: "21 Promenade du Soleil",
					PostalCode: "06500", City: "Menton", Country: "FR"}
			}},
		{name: "clean-uk-highland-edifact-items", customer: custHighland, ident: byGLN, channel: o2c.ChannelEDIFACT,
			po: "HLH-PO-31877", shipTo: "03", lead: 5, prices: true, totals: true,
			lines: []ln{
				{sku: "BEV-1019", qty: "10", ref: refItem},
				{sku: "DRY-2063", qty: "6", ref: refItem},
				{sku: "DRY-2059", qty: "4", ref: refItem},
				{sku: "BEV-1063", qty: "8", ref: refItem},
			}},
		{name: "clean-fr-fournier-bakery-roubaix", customer: custFournier, ident: byEmail, channel: o2c.ChannelEmail,
			po: "MF-0519", shipTo: "02", lead: 2,
			lines: []ln{
				{sku: "DRY-2008", qty: "20"},
				{sku: "DRY-2012", qty: "4"},
				{sku: "DRY-2004", qty: "25"},
				{sku: "DRY-2014", qty: "3"},
				{sku: "DSP-5032", qty: "4"},
			}},
		{name: "quantity-rule-uk-northern-pack-size", customer: custNorthern, ident: byEmail, channel: o2c.ChannelEmail,
			po: "NC-7703", lead: 3, expect: codes(quantityRule),
			lines: []ln{
				{sku: "DSP-5003", qty: "25"}, // cartons of 20 sleeves
				{sku: "DSP-5006", qty: "20"},
			}},
		{name: "clean-es-cantabrico-ubl-items", customer: custCantabrico, ident: byVAT, channel: o2c.ChannelUBL,
			po: "GHC-4410", shipTo: "03", lead: 4, prices: true, totals: true,
			lines: []ln{
				{sku: "DRY-2025", qty: "6", ref: refItem},
				{sku: "DRY-2054", qty: "4", ref: refItem},
				{sku: "DRY-2056", qty: "6", ref: refItem},
				{sku: "BEV-1002", qty: "10", ref: refItem},
			}},
		{name: "clean-de-brauhaus-api-gtin", customer: custBrauhaus, ident: byVAT, channel: o2c.ChannelAPI,
			po: "BAM-3302", lead: 2,
			lines: []ln{
				{sku: "DRY-2045", qty: "2", ref: refGTIN},
				{sku: "DRY-2046", qty: "2", ref: refGTIN},
				{sku: "DRY-2027", qty: "3", ref: refGTIN},
				{sku: "SNK-3009", qty: "4", ref: refGTIN},
				{sku: "CLN-4006", qty: "2", ref: refGTIN},
			}},
		{name: "unknown-product-es-valencia", customer: custValencia, ident: byEmail, channel: o2c.ChannelEmail,
			po: "TYV-0231", lead: 3, expect: codes(unknownProduct),
			lines: []ln{
				{sku: "DRY-2025", qty: "2"},
				{qty: "10", desc: "Jamón ibérico de bellota loncheado, sobre 100 g"},
			}},
		{name: "clean-be-anker-portal", customer: custAnker, ident: byEmail, channel: o2c.ChannelPortal,
			po: "HA-0098", lead: 2,
			lines: []ln{
				{sku: "BEV-1058", qty: "5"},
				{sku: "BEV-1061", qty: "5"},
				{sku: "DRY-2037", qty: "1"},
				{sku: "DSP-5015", qty: "4"},
			}},
		{name: "clean-fr-tilleuls-ubl-vat", customer: custTilleuls, ident: byVAT, channel: o2c.ChannelUBL,
			po: "LT-6620", lead: 3, prices: true, totals: true,
			lines: []ln{
				{sku: "BEV-1023", qty: "4"},
				{sku: "BEV-1024", qty: "4"},
				{sku: "BEV-1034", qty: "5"},
				{sku: "SNK-3003", qty: "3"},
				{sku: "CLN-4016", qty: "2"},
				{sku: "KIT-6030", qty: "24"},
			}},
		{name: "delivery-date-es-plazamayor-past", customer: custPlazaMayor, ident: byVAT, channel: o2c.ChannelAPI,
			po: "HPM-0911", age: 6, lead: -2, expect: codes(deliveryDate),
			lines: []ln{
				{sku: "BEV-1063", qty: "4"},
				{sku: "DRY-2061", qty: "2"},
			},
			notes: "Sent late from the night shift's queue: the delivery day has passed."},
		{name: "clean-uk-northern-api-vat", customer: custNorthern, ident: byVAT, channel: o2c.ChannelAPI,
			po: "NC-7710", lead: 3, prices: true, totals: true,
			lines: []ln{
				{sku: "BEV-1002", qty: "8"},
				{sku: "BEV-1048", qty: "12"},
				{sku: "BEV-1037", qty: "3"},
				{sku: "DSP-5003", qty: "40"},
				{sku: "DSP-5006", qty: "20"},
			}},
		{name: "clean-fr-bordelais-email-domain", customer: custBordelais, ident: byDomain, channel: o2c.ChannelEmail,
			from: "chef.cuisine", po: "CB-1204", lead: 3,
			lines: []ln{
				{sku: "DRY-2029", qty: "6"},
				{sku: "DRY-2033", qty: "5"},
				{sku: "DRY-2058", qty: "3"},
				{sku: "KIT-6007", qty: "2"},
				{sku: "KIT-6011", qty: "1"},
			}},
		{name: "insufficient-stock-fr-bordelais-out", customer: custBordelais, ident: byEmail, channel: o2c.ChannelEmail,
			po: "CB-1205", lead: 3, expect: codes(insufficientStock),
			lines: []ln{
				{sku: "DRY-2034", qty: "6"}, // out of stock
				{sku: "DRY-2039", qty: "2"},
			}},
		{name: "clean-de-sonnenschein-small", customer: custSonnenschein, ident: byEmail, channel: o2c.ChannelEmail,
			po: "BS-0311", shipTo: "02", lead: 2,
			lines: []ln{
				{sku: "DRY-2009", qty: "8"},
				{sku: "DRY-2010", qty: "30"},
				{sku: "DRY-2013", qty: "2"},
				{sku: "DRY-2005", qty: "10"},
				{sku: "DSP-5032", qty: "2"},
			}},
		{name: "credit-limit-de-sonnenschein", customer: custSonnenschein, ident: byEmail, channel: o2c.ChannelEmail,
			po: "BS-0312", lead: 5, expect: codes(creditLimit),
			lines: []ln{
				{sku: "KIT-6036", qty: "1"},
				{sku: "KIT-6035", qty: "1"},
				{sku: "KIT-6034", qty: "2"},
				{sku: "DRY-2008", qty: "20"},
				{sku: "DRY-2014", qty: "5"},
				{sku: "KIT-6011", qty: "2"},
			},
			notes: "Neueinrichtung der Backstube Bad Cannstatt."},
		{name: "clean-es-sevillano-email", customer: custSevillano, ident: byEmail, channel: o2c.ChannelEmail,
			po: "RS-0042", lead: 2,
			lines: []ln{
				{sku: "BEV-1001", qty: "4"},
				{sku: "DRY-2002", qty: "1"},
				{sku: "DSP-5001", qty: "20"},
				{sku: "BEV-1065", qty: "2"},
			}},
		{name: "currency-mismatch-be-sablon-usd", customer: custSablon, ident: byVAT, channel: o2c.ChannelUBL,
			po: "SAB-0121", lead: 4, expect: codes(currencyMismatch),
			lines: []ln{
				{sku: "BEV-1012", qty: "4"},
				{sku: "BEV-1028", qty: "2"},
			},
			// Sent from the hotel's new procurement tool, set up in dollars.
			edit: func(d *o2c.OrderDraft) { d.Currency = "USD" }},
		{name: "clean-fr-occitanie-csv-vat", customer: custOccitanie, ident: byVAT, channel: o2c.ChannelCSV,
			po: "CSO-118-B", shipTo: "03", lead: 5,
			lines: []ln{
				{sku: "DRY-2015", qty: "20"},
				{sku: "DRY-2022", qty: "15"},
				{sku: "DRY-2023", qty: "10"},
				{sku: "DRY-2051", qty: "30"},
				{sku: "CLN-4009", qty: "4"},
				{sku: "DSP-5036", qty: "20"},
			}},
		{name: "quantity-rule-es-barceloneta-moq", customer: custBarceloneta, ident: byEmail, channel: o2c.ChannelPortal,
			po: "PED-3318", lead: 2, expect: codes(quantityRule),
			lines: []ln{
				{sku: "DSP-5022", qty: "2"}, // minimum 4 packs
				{sku: "DRY-2019", qty: "2"},
			}},
		{name: "clean-be-leuven-edifact-items", customer: custLeuven, ident: byGLN, channel: o2c.ChannelEDIFACT,
			po: "KDL-PO-55120", shipTo: "02", lead: 4,
			lines: []ln{
				{sku: "BEV-1008", qty: "20", ref: refItem},
				{sku: "BEV-1047", qty: "36", ref: refItem},
				{sku: "DSP-5002", qty: "40", ref: refItem},
				{sku: "DSP-5005", qty: "20", ref: refItem},
				{sku: "SNK-3013", qty: "10", ref: refItem},
			}},
		{name: "clean-uk-riverside-ubl-gln", customer: custRiverside, ident: byGLN, channel: o2c.ChannelUBL,
			po: "RCS-88214", shipTo: "02", lead: 4, prices: true, totals: true,
			lines: []ln{
				{sku: "DRY-2015", qty: "20"},
				{sku: "DRY-2019", qty: "10"},
				{sku: "DSP-5027", qty: "4"},
				{sku: "CLN-4001", qty: "3"},
			}},
		resent,
		{name: "several-fr-strasbourg-fax", customer: custStrasbourg, ident: byVAT, channel: o2c.ChannelScan,
			po: "TS-0091", lead: 3, prices: true, expect: codes(lowConfidence, unknownProduct, priceMismatch),
			lines: []ln{
				{sku: "BEV-1008", qty: "6"},
				{sku: "DRY-2003", qty: "10"},
				{qty: "2", desc: "Bougies chauffe-plat, sachet de 100"},
			},
			// An old order form: last year's sugar price, an article we never sold, a blurred line.
			conf: map[string]float64{"po_number": 0.93, "lines[0].quantity": 0.95, "lines[1].unit_price": 0.92,
				"lines[2].description": 0.55},
			edit: setPrice(1, "1.59")},
	}
}

// setPrice states another unit price on line i, and drops the stated line totals, so that the
// line differs from the agreed price and from nothing else.
func setPrice(i int, price string) func(d *o2c.OrderDraft) {
	return func(d *o2c.OrderDraft) {
		d.Lines[i].UnitPrice = ptr(decimal.RequireFromString(price))
		for j := range d.Lines {
			d.Lines[j].LineTotal = nil
		}
		d.Totals = nil
	}
}

// understateNet states a net total that leaves out the last line, as a buyer's spreadsheet with a
// short SUM range does; tax and gross are left out.
func understateNet(d *o2c.OrderDraft) {
	last := d.Lines[len(d.Lines)-1].LineTotal
	d.Totals = &o2c.Totals{Net: ptr(d.Totals.Net.Sub(*last))}
}
