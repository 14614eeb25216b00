package demo

import (
	"fmt"
	"math/rand/v2"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

// productRow is one article of the demo catalogue. Prices and quantities are strings so that
// every decimal is parsed, never converted from a float. An empty stock draws one from the seeded
// generator; "0" or a small number marks an article that is out of or short of stock on purpose.
type productRow struct {
	sku, desc, unit, price, vat string
	moq, pack, stock            string
}

// VAT rates follow the French scheme, the supplier's home: 5.5 % for food and non-alcoholic
// drinks, 10 % for ready meals sold for immediate consumption, 20 % for everything else.
const (
	vatFood  = "5.5"
	vatReady = "10"
	vatStd   = "20"
)

// gtinPrefix is the GS1 company prefix of the brand behind each category (7 digits); the item
// reference is the SKU's number, so every GTIN is unique and stable.
var gtinPrefix = map[string]string{
	"BEV": "3760412", // France
	"DRY": "8004517", // Italy
	"SNK": "5410233", // Belgium
	"CLN": "4260517", // Germany
	"DSP": "3701245", // France
	"KIT": "4015613", // Germany
}

var productRows = []productRow{
	// Coffee.
	{sku: "BEV-1001", desc: "Espresso beans Arabica/Robusta 80/20, 1 kg bag", unit: "C62", price: "14.90", vat: vatFood},
	{sku: "BEV-1002", desc: "Espresso beans 100% Arabica Brazil Santos, 1 kg bag", unit: "C62", price: "17.90", vat: vatFood},
	{sku: "BEV-1003", desc: "Espresso beans 100% Arabica Ethiopia Sidamo, 1 kg bag", unit: "C62", price: "22.90", vat: vatFood},
	{sku: "BEV-1004", desc: "Espresso beans 100% Arabica Colombia Supremo, 1 kg bag", unit: "C62", price: "19.90", vat: vatFood},
	{sku: "BEV-1005", desc: "Espresso beans decaffeinated, 1 kg bag", unit: "C62", price: "21.50", vat: vatFood},
	{sku: "BEV-1006", desc: "Espresso beans organic Fairtrade Peru, 1 kg bag", unit: "C62", price: "23.90", vat: vatFood, stock: "6"},
	{sku: "BEV-1007", desc: "Espresso beans Italian roast, 1 kg bag", unit: "C62", price: "15.90", vat: vatFood},
	{sku: "BEV-1008", desc: "Filter coffee ground house blend, 500 g", unit: "C62", price: "6.90", vat: vatFood},
	{sku: "BEV-1009", desc: "Filter coffee ground organic, 500 g", unit: "C62", price: "8.90", vat: vatFood},
	{sku: "BEV-1010", desc: "Filter coffee ground decaffeinated, 250 g", unit: "C62", price: "5.20", vat: vatFood},
	{sku: "BEV-1011", desc: "Filter coffee portion packs 60 g, box of 50", unit: "BX", price: "34.50", vat: vatFood},
	{sku: "BEV-1012", desc: "Espresso capsules Intenso, box of 100", unit: "BX", price: "28.90", vat: vatFood},
	{sku: "BEV-1013", desc: "Espresso capsules Lungo, box of 100", unit: "BX", price: "28.90", vat: vatFood},
	{sku: "BEV-1014", desc: "Espresso capsules decaffeinated, box of 100", unit: "BX", price: "29.90", vat: vatFood},
	{sku: "BEV-1015", desc: "ESE espresso pods 44 mm, box of 150", unit: "BX", price: "39.90", vat: vatFood},
	{sku: "BEV-1016", desc: "Instant coffee freeze-dried, 500 g tin", unit: "C62", price: "13.90", vat: vatFood},
	{sku: "BEV-1017", desc: "Instant coffee sticks 2 g, box of 200", unit: "BX", price: "18.90", vat: vatFood},
	{sku: "BEV-1018", desc: "Cold brew coffee concentrate, 1 L bottle", unit: "C62", price: "12.90", vat: vatFood},
	// Tea and infusions.
	{sku: "BEV-1019", desc: "Black tea English Breakfast, box of 100 bags", unit: "BX", price: "6.90", vat: vatFood},
	{sku: "BEV-1020", desc: "Black tea Earl Grey, box of 100 bags", unit: "BX", price: "7.40", vat: vatFood},
	{sku: "BEV-1021", desc: "Green tea Sencha, box of 100 bags", unit: "BX", price: "7.90", vat: vatFood},
	{sku: "BEV-1022", desc: "Green tea Jasmine, box of 100 bags", unit: "BX", price: "8.20", vat: vatFood},
	{sku: "BEV-1023", desc: "Herbal tea Chamomile, box of 100 bags", unit: "BX", price: "6.50", vat: vatFood},
	{sku: "BEV-1024", desc: "Herbal tea Peppermint, box of 100 bags", unit: "BX", price: "6.50", vat: vatFood},
	{sku: "BEV-1025", desc: "Herbal tea Lemon verbena, box of 100 bags", unit: "BX", price: "6.90", vat: vatFood},
	{sku: "BEV-1026", desc: "Rooibos vanilla, box of 100 bags", unit: "BX", price: "7.90", vat: vatFood},
	{sku: "BEV-1027", desc: "Fruit infusion red berries, box of 100 bags", unit: "BX", price: "7.20", vat: vatFood},
	{sku: "BEV-1028", desc: "Pyramid tea bags assortment, box of 60", unit: "BX", price: "18.90", vat: vatFood},
	{sku: "BEV-1029", desc: "Loose leaf tea Darjeeling first flush", unit: "KGM", price: "48.90", vat: vatFood, stock: "4"},
	{sku: "BEV-1030", desc: "Loose leaf tea Assam TGFOP", unit: "KGM", price: "29.90", vat: vatFood},
	{sku: "BEV-1031", desc: "Loose leaf green tea Gunpowder", unit: "KGM", price: "24.90", vat: vatFood},
	{sku: "BEV-1032", desc: "Chai latte powder, 1 kg", unit: "C62", price: "15.90", vat: vatFood},
	{sku: "BEV-1033", desc: "Matcha powder culinary grade, 500 g", unit: "C62", price: "32.90", vat: vatFood, stock: "0"},
	// Chocolate and syrups.
	{sku: "BEV-1034", desc: "Hot chocolate powder, 1 kg", unit: "C62", price: "11.90", vat: vatFood},
	{sku: "BEV-1035", desc: "Hot chocolate powder premium 32% cocoa, 1 kg", unit: "C62", price: "15.90", vat: vatFood},
	{sku: "BEV-1036", desc: "Hot chocolate sticks 25 g, box of 100", unit: "BX", price: "27.90", vat: vatFood},
	{sku: "BEV-1037", desc: "Syrup vanilla, 1 L bottle", unit: "C62", price: "6.90", vat: vatFood},
	{sku: "BEV-1038", desc: "Syrup caramel, 1 L bottle", unit: "C62", price: "6.90", vat: vatFood},
	{sku: "BEV-1039", desc: "Syrup hazelnut, 1 L bottle", unit: "C62", price: "6.90", vat: vatFood},
	{sku: "BEV-1040", desc: "Syrup gingerbread, 1 L bottle", unit: "C62", price: "7.20", vat: vatFood},
	{sku: "BEV-1041", desc: "Syrup coconut, 1 L bottle", unit: "C62", price: "7.20", vat: vatFood},
	{sku: "BEV-1042", desc: "Syrup vanilla sugar-free, 1 L bottle", unit: "C62", price: "7.90", vat: vatFood},
	{sku: "BEV-1043", desc: "Syrup grenadine, 1 L bottle", unit: "C62", price: "5.20", vat: vatFood},
	{sku: "BEV-1044", desc: "Syrup mint, 1 L bottle", unit: "C62", price: "5.20", vat: vatFood},
	{sku: "BEV-1045", desc: "Syrup lemon, 1 L bottle", unit: "C62", price: "5.20", vat: vatFood},
	// Milk and plant drinks, sold by the litre in trays of six.
	{sku: "BEV-1046", desc: "Whole milk UHT, 1 L", unit: "LTR", price: "1.19", vat: vatFood, pack: "6"},
	{sku: "BEV-1047", desc: "Semi-skimmed milk UHT, 1 L", unit: "LTR", price: "1.09", vat: vatFood, pack: "6"},
	{sku: "BEV-1048", desc: "Oat drink barista, 1 L", unit: "LTR", price: "2.79", vat: vatFood, pack: "6"},
	{sku: "BEV-1049", desc: "Soy drink barista, 1 L", unit: "LTR", price: "2.49", vat: vatFood, pack: "6"},
	{sku: "BEV-1050", desc: "Almond drink barista, 1 L", unit: "LTR", price: "2.99", vat: vatFood, pack: "6"},
	{sku: "BEV-1051", desc: "Coconut drink barista, 1 L", unit: "LTR", price: "3.19", vat: vatFood, pack: "6"},
	{sku: "BEV-1052", desc: "Coffee creamer portions 10 g, box of 240", unit: "BX", price: "14.90", vat: vatFood},
	{sku: "BEV-1053", desc: "Whipping cream UHT 35%, 1 L", unit: "LTR", price: "4.89", vat: vatFood, pack: "6"},
	// Water, soft drinks and juices.
	{sku: "BEV-1054", desc: "Still mineral water 50 cl, carton of 24", unit: "CT", price: "6.90", vat: vatFood, moq: "5"},
	{sku: "BEV-1055", desc: "Still mineral water 1.5 L, carton of 6", unit: "CT", price: "3.90", vat: vatFood, moq: "5"},
	{sku: "BEV-1056", desc: "Sparkling mineral water 50 cl, carton of 24", unit: "CT", price: "7.90", vat: vatFood, moq: "5"},
	{sku: "BEV-1057", desc: "Sparkling mineral water 75 cl glass, carton of 12", unit: "CT", price: "12.90", vat: vatFood},
	{sku: "BEV-1058", desc: "Cola 33 cl can, carton of 24", unit: "CT", price: "14.90", vat: vatFood},
	{sku: "BEV-1059", desc: "Cola zero 33 cl can, carton of 24", unit: "CT", price: "14.90", vat: vatFood},
	{sku: "BEV-1060", desc: "Lemonade 33 cl glass, carton of 24", unit: "CT", price: "17.90", vat: vatFood},
	{sku: "BEV-1061", desc: "Iced tea peach 33 cl can, carton of 24", unit: "CT", price: "13.90", vat: vatFood},
	{sku: "BEV-1062", desc: "Tonic water 20 cl glass, carton of 24", unit: "CT", price: "18.90", vat: vatFood},
	{sku: "BEV-1063", desc: "Orange juice 100% 1 L, carton of 6", unit: "CT", price: "11.90", vat: vatFood},
	{sku: "BEV-1064", desc: "Apple juice 100% 1 L, carton of 6", unit: "CT", price: "9.90", vat: vatFood},
	{sku: "BEV-1065", desc: "Orange juice 20 cl glass, carton of 24", unit: "CT", price: "16.90", vat: vatFood},
	{sku: "BEV-1066", desc: "Tomato juice 20 cl glass, carton of 24", unit: "CT", price: "15.90", vat: vatFood},

	// Sugar and sweeteners.
	{sku: "DRY-2001", desc: "Sugar sticks 4 g, box of 1000", unit: "BX", price: "12.90", vat: vatFood},
	{sku: "DRY-2002", desc: "Brown sugar sticks 4 g, box of 1000", unit: "BX", price: "14.90", vat: vatFood},
	{sku: "DRY-2003", desc: "Sugar cubes, 1 kg box", unit: "C62", price: "1.89", vat: vatFood, pack: "10"},
	{sku: "DRY-2004", desc: "Caster sugar", unit: "KGM", price: "1.29", vat: vatFood},
	{sku: "DRY-2005", desc: "Icing sugar, 1 kg bag", unit: "C62", price: "1.99", vat: vatFood},
	{sku: "DRY-2006", desc: "Sweetener sticks, box of 500", unit: "BX", price: "11.90", vat: vatFood},
	{sku: "DRY-2007", desc: "Honey portions 15 g, box of 100", unit: "BX", price: "18.90", vat: vatFood},
	// Flour and baking.
	{sku: "DRY-2008", desc: "Wheat flour T55, 25 kg sack", unit: "C62", price: "18.90", vat: vatFood},
	{sku: "DRY-2009", desc: "Wheat flour T65, 25 kg sack", unit: "C62", price: "19.90", vat: vatFood},
	{sku: "DRY-2010", desc: "Wheat flour T45", unit: "KGM", price: "1.19", vat: vatFood},
	{sku: "DRY-2011", desc: "Rye flour T130, 5 kg bag", unit: "C62", price: "8.90", vat: vatFood},
	{sku: "DRY-2012", desc: "Dry baker's yeast, 500 g", unit: "C62", price: "5.49", vat: vatFood},
	{sku: "DRY-2013", desc: "Baking powder, 1 kg", unit: "C62", price: "6.90", vat: vatFood},
	{sku: "DRY-2014", desc: "Cocoa powder unsweetened, 1 kg", unit: "C62", price: "12.90", vat: vatFood},
	// Pasta, rice and pulses.
	{sku: "DRY-2015", desc: "Spaghetti no. 5 durum wheat, 5 kg", unit: "C62", price: "8.90", vat: vatFood},
	{sku: "DRY-2016", desc: "Penne rigate, 5 kg", unit: "C62", price: "8.90", vat: vatFood},
	{sku: "DRY-2017", desc: "Fusilli, 5 kg", unit: "C62", price: "8.90", vat: vatFood},
	{sku: "DRY-2018", desc: "Lasagne sheets, 3 kg", unit: "C62", price: "9.90", vat: vatFood},
	{sku: "DRY-2019", desc: "Basmati rice, 5 kg", unit: "C62", price: "11.90", vat: vatFood},
	{sku: "DRY-2020", desc: "Arborio risotto rice, 5 kg", unit: "C62", price: "13.90", vat: vatFood},
	{sku: "DRY-2021", desc: "Long grain parboiled rice, 10 kg", unit: "C62", price: "14.90", vat: vatFood},
	{sku: "DRY-2022", desc: "Couscous medium grain, 5 kg", unit: "C62", price: "7.90", vat: vatFood},
	{sku: "DRY-2023", desc: "Red lentils, 5 kg", unit: "C62", price: "9.90", vat: vatFood},
	{sku: "DRY-2024", desc: "Dried chickpeas, 5 kg", unit: "C62", price: "8.90", vat: vatFood},
	// Oils and vinegars.
	{sku: "DRY-2025", desc: "Extra virgin olive oil, 5 L can", unit: "C62", price: "34.90", vat: vatFood},
	{sku: "DRY-2026", desc: "Sunflower oil, 10 L", unit: "C62", price: "21.90", vat: vatFood},
	{sku: "DRY-2027", desc: "Frying oil high oleic, 20 L", unit: "C62", price: "45.90", vat: vatFood},
	{sku: "DRY-2028", desc: "Rapeseed oil, 5 L", unit: "C62", price: "11.90", vat: vatFood},
	{sku: "DRY-2029", desc: "Balsamic vinegar of Modena IGP, 1 L", unit: "C62", price: "5.90", vat: vatFood},
	{sku: "DRY-2030", desc: "White wine vinegar, 1 L", unit: "C62", price: "2.29", vat: vatFood},
	{sku: "DRY-2031", desc: "Cider vinegar, 1 L", unit: "C62", price: "2.49", vat: vatFood},
	// Salt, pepper and spices.
	{sku: "DRY-2032", desc: "Fine sea salt", unit: "KGM", price: "0.89", vat: vatFood},
	{sku: "DRY-2033", desc: "Guérande coarse sea salt", unit: "KGM", price: "3.49", vat: vatFood},
	{sku: "DRY-2034", desc: "Fleur de sel de Guérande, 250 g", unit: "C62", price: "6.90", vat: vatFood, stock: "0"},
	{sku: "DRY-2035", desc: "Black pepper ground, 500 g", unit: "C62", price: "11.90", vat: vatFood},
	{sku: "DRY-2036", desc: "Black peppercorns, 500 g", unit: "C62", price: "10.90", vat: vatFood},
	{sku: "DRY-2037", desc: "Salt and pepper sachets, box of 2000", unit: "BX", price: "16.90", vat: vatFood},
	{sku: "DRY-2038", desc: "Sweet paprika, 500 g", unit: "C62", price: "6.90", vat: vatFood},
	{sku: "DRY-2039", desc: "Herbes de Provence, 250 g", unit: "C62", price: "5.90", vat: vatFood},
	{sku: "DRY-2040", desc: "Ground cumin, 500 g", unit: "C62", price: "7.90", vat: vatFood},
	{sku: "DRY-2041", desc: "Curry powder, 500 g", unit: "C62", price: "7.90", vat: vatFood},
	{sku: "DRY-2042", desc: "Ground cinnamon, 500 g", unit: "C62", price: "8.90", vat: vatFood},
	{sku: "DRY-2043", desc: "Ground nutmeg, 250 g", unit: "C62", price: "7.90", vat: vatFood},
	// Sauces and condiments.
	{sku: "DRY-2044", desc: "Mayonnaise, 5 L bucket", unit: "C62", price: "14.90", vat: vatFood},
	{sku: "DRY-2045", desc: "Dijon mustard, 5 kg bucket", unit: "C62", price: "13.90", vat: vatFood},
	{sku: "DRY-2046", desc: "Tomato ketchup, 5 kg", unit: "C62", price: "11.90", vat: vatFood},
	{sku: "DRY-2047", desc: "Ketchup portions 10 g, box of 200", unit: "BX", price: "13.90", vat: vatFood},
	{sku: "DRY-2048", desc: "Mayonnaise portions 10 g, box of 200", unit: "BX", price: "14.90", vat: vatFood},
	{sku: "DRY-2049", desc: "Mustard portions 5 g, box of 200", unit: "BX", price: "11.90", vat: vatFood},
	{sku: "DRY-2050", desc: "Soy sauce, 1 L", unit: "C62", price: "4.90", vat: vatFood},
	// Tins and jars.
	{sku: "DRY-2051", desc: "Crushed tomatoes, 5/1 tin 4.1 kg", unit: "C62", price: "4.49", vat: vatFood},
	{sku: "DRY-2052", desc: "Tomato paste double concentrate, 800 g tin", unit: "C62", price: "3.29", vat: vatFood},
	{sku: "DRY-2053", desc: "Chickpeas in brine, 3/1 tin", unit: "C62", price: "2.89", vat: vatFood},
	{sku: "DRY-2054", desc: "Tuna chunks in brine, 1.7 kg tin", unit: "C62", price: "16.90", vat: vatFood},
	{sku: "DRY-2055", desc: "Sweetcorn, 3/1 tin", unit: "C62", price: "2.89", vat: vatFood},
	{sku: "DRY-2056", desc: "Black olives pitted, 3/1 tin", unit: "C62", price: "5.89", vat: vatFood},
	{sku: "DRY-2057", desc: "Green olives pitted, 3/1 tin", unit: "C62", price: "5.49", vat: vatFood},
	{sku: "DRY-2058", desc: "Capers in vinegar, 700 g jar", unit: "C62", price: "5.90", vat: vatFood},
	// Breakfast.
	{sku: "DRY-2059", desc: "Jam portions assorted 25 g, box of 120", unit: "BX", price: "19.90", vat: vatFood},
	{sku: "DRY-2060", desc: "Chocolate hazelnut spread portions 15 g, box of 120", unit: "BX", price: "22.90", vat: vatFood},
	{sku: "DRY-2061", desc: "Corn flakes, 3 kg catering pack", unit: "C62", price: "11.90", vat: vatFood},
	{sku: "DRY-2062", desc: "Crunchy muesli, 2.5 kg", unit: "C62", price: "12.90", vat: vatFood},
	{sku: "DRY-2063", desc: "Porridge oats, 3 kg", unit: "C62", price: "7.90", vat: vatFood},

	// Biscuits, confectionery, snacks and ready meals.
	{sku: "SNK-3001", desc: "Speculoos biscuits individually wrapped, box of 300", unit: "BX", price: "22.90", vat: vatFood},
	{sku: "SNK-3002", desc: "Butter shortbread individually wrapped, box of 150", unit: "BX", price: "21.90", vat: vatFood},
	{sku: "SNK-3003", desc: "Mini madeleines individually wrapped, box of 100", unit: "BX", price: "18.90", vat: vatFood},
	{sku: "SNK-3004", desc: "Chocolate chip cookies 60 g, box of 48", unit: "BX", price: "24.90", vat: vatFood},
	{sku: "SNK-3005", desc: "Dark chocolate squares 5 g, box of 500", unit: "BX", price: "26.90", vat: vatFood},
	{sku: "SNK-3006", desc: "Milk chocolate squares 5 g, box of 500", unit: "BX", price: "27.90", vat: vatStd},
	{sku: "SNK-3007", desc: "Salted butter caramels, 1 kg bag", unit: "C62", price: "14.90", vat: vatStd},
	{sku: "SNK-3008", desc: "Wrapped mint sweets, 1 kg bag", unit: "C62", price: "9.90", vat: vatStd},
	{sku: "SNK-3009", desc: "Crisps sea salt 30 g, carton of 50", unit: "CT", price: "17.90", vat: vatFood},
	{sku: "SNK-3010", desc: "Crisps paprika 30 g, carton of 50", unit: "CT", price: "17.90", vat: vatFood},
	{sku: "SNK-3011", desc: "Salted peanuts, 1 kg", unit: "C62", price: "6.90", vat: vatFood},
	{sku: "SNK-3012", desc: "Cocktail nut mix, 1 kg", unit: "C62", price: "12.90", vat: vatFood},
	{sku: "SNK-3013", desc: "Chocolate cereal bar 25 g, box of 24", unit: "BX", price: "7.90", vat: vatFood},
	{sku: "SNK-3014", desc: "Ready meal lasagne bolognese 300 g, box of 12", unit: "BX", price: "35.40", vat: vatReady},
	{sku: "SNK-3015", desc: "Ready meal chili con carne 300 g, box of 12", unit: "BX", price: "33.60", vat: vatReady},
	{sku: "SNK-3016", desc: "Ready meal vegetable curry 300 g, box of 12", unit: "BX", price: "32.40", vat: vatReady},
	{sku: "SNK-3017", desc: "Ready meal penne carbonara 300 g, box of 12", unit: "BX", price: "34.20", vat: vatReady},

	// Cleaning and hygiene.
	{sku: "CLN-4001", desc: "Dishwasher detergent liquid, 10 L", unit: "C62", price: "32.90", vat: vatStd},
	{sku: "CLN-4002", desc: "Dishwasher rinse aid, 5 L", unit: "C62", price: "21.90", vat: vatStd},
	{sku: "CLN-4003", desc: "Dishwasher salt, 10 kg", unit: "C62", price: "9.90", vat: vatStd},
	{sku: "CLN-4004", desc: "Washing-up liquid concentrate, 5 L", unit: "C62", price: "11.90", vat: vatStd},
	{sku: "CLN-4005", desc: "Multi-surface cleaner spray 750 ml, carton of 6", unit: "CT", price: "15.90", vat: vatStd},
	{sku: "CLN-4006", desc: "Heavy-duty kitchen degreaser, 5 L", unit: "C62", price: "24.90", vat: vatStd},
	{sku: "CLN-4007", desc: "Oven and grill cleaner, 5 L", unit: "C62", price: "26.90", vat: vatStd},
	{sku: "CLN-4008", desc: "Food-contact surface disinfectant, 5 L", unit: "C62", price: "27.90", vat: vatStd},
	{sku: "CLN-4009", desc: "Neutral floor cleaner, 10 L", unit: "C62", price: "23.90", vat: vatStd},
	{sku: "CLN-4010", desc: "Glass cleaner, 5 L", unit: "C62", price: "12.90", vat: vatStd},
	{sku: "CLN-4011", desc: "Coffee machine descaler, 1 L", unit: "C62", price: "14.90", vat: vatStd},
	{sku: "CLN-4012", desc: "Coffee machine cleaning tablets, box of 100", unit: "BX", price: "24.90", vat: vatStd},
	{sku: "CLN-4013", desc: "Milk system cleaner, 1 L", unit: "C62", price: "16.90", vat: vatStd},
	{sku: "CLN-4014", desc: "Antibacterial hand soap, 5 L", unit: "C62", price: "14.90", vat: vatStd},
	{sku: "CLN-4015", desc: "Hand sanitiser gel, 1 L", unit: "C62", price: "8.90", vat: vatStd},
	{sku: "CLN-4016", desc: "Toilet cleaner gel 750 ml, carton of 12", unit: "CT", price: "21.90", vat: vatStd},
	{sku: "CLN-4017", desc: "Bleach, 5 L", unit: "C62", price: "6.90", vat: vatStd},
	{sku: "CLN-4018", desc: "Sponge scourers, pack of 10", unit: "PK", price: "4.90", vat: vatStd},
	{sku: "CLN-4019", desc: "Stainless steel scourers, pack of 10", unit: "PK", price: "5.90", vat: vatStd},
	{sku: "CLN-4020", desc: "Microfibre cloths blue, pack of 10", unit: "PK", price: "9.90", vat: vatStd},
	{sku: "CLN-4021", desc: "Microfibre cloths red, pack of 10", unit: "PK", price: "9.90", vat: vatStd},
	{sku: "CLN-4022", desc: "Microfibre cloths green, pack of 10", unit: "PK", price: "9.90", vat: vatStd},
	{sku: "CLN-4023", desc: "Microfibre cloths yellow, pack of 10", unit: "PK", price: "9.90", vat: vatStd},
	{sku: "CLN-4024", desc: "Bin bags 110 L heavy duty, pack of 25", unit: "PK", price: "7.90", vat: vatStd},
	{sku: "CLN-4025", desc: "Bin bags 50 L, pack of 50", unit: "PK", price: "5.90", vat: vatStd},
	{sku: "CLN-4026", desc: "Z-fold paper hand towels, carton of 3750", unit: "CT", price: "32.90", vat: vatStd},
	{sku: "CLN-4027", desc: "Jumbo toilet rolls 2-ply, pack of 6", unit: "PK", price: "15.90", vat: vatStd},
	{sku: "CLN-4028", desc: "Centre-feed paper rolls 2-ply, pack of 6", unit: "PK", price: "18.90", vat: vatStd},
	{sku: "CLN-4029", desc: "Cotton mop head 400 g", unit: "C62", price: "3.90", vat: vatStd},
	{sku: "CLN-4030", desc: "Dish brush", unit: "C62", price: "2.90", vat: vatStd},

	// Disposables: cups by the sleeve in cartons of 20 sleeves, lids in cartons of 10.
	{sku: "DSP-5001", desc: "Paper cups 4 oz espresso, sleeve of 50", unit: "PK", price: "2.90", vat: vatStd, pack: "20"},
	{sku: "DSP-5002", desc: "Paper cups 8 oz single wall, sleeve of 50", unit: "PK", price: "3.90", vat: vatStd, pack: "20"},
	{sku: "DSP-5003", desc: "Paper cups 12 oz double wall, sleeve of 25", unit: "PK", price: "4.90", vat: vatStd, pack: "20"},
	{sku: "DSP-5004", desc: "Paper cups 16 oz double wall, sleeve of 25", unit: "PK", price: "5.90", vat: vatStd, pack: "20"},
	{sku: "DSP-5005", desc: "Lids for 8 oz cups, sleeve of 100", unit: "PK", price: "3.90", vat: vatStd, pack: "10"},
	{sku: "DSP-5006", desc: "Lids for 12 and 16 oz cups, sleeve of 100", unit: "PK", price: "4.90", vat: vatStd, pack: "10"},
	{sku: "DSP-5007", desc: "Compostable PLA cold cups 12 oz, sleeve of 50", unit: "PK", price: "6.90", vat: vatStd, pack: "20"},
	{sku: "DSP-5008", desc: "Wooden stirrers 14 cm, box of 1000", unit: "BX", price: "3.90", vat: vatStd},
	{sku: "DSP-5009", desc: "Paper straws black 20 cm, box of 250", unit: "BX", price: "5.90", vat: vatStd},
	{sku: "DSP-5010", desc: "Cup carriers 4 places, pack of 100", unit: "PK", price: "15.90", vat: vatStd},
	{sku: "DSP-5011", desc: "Napkins 2-ply 33x33 white, pack of 100", unit: "PK", price: "1.90", vat: vatStd, moq: "10"},
	{sku: "DSP-5012", desc: "Napkins 2-ply 33x33 black, pack of 100", unit: "PK", price: "2.10", vat: vatStd, moq: "10"},
	{sku: "DSP-5013", desc: "Napkins 3-ply 40x40 bordeaux, pack of 50", unit: "PK", price: "3.90", vat: vatStd, moq: "10"},
	{sku: "DSP-5014", desc: "Cocktail napkins 24x24 white, pack of 100", unit: "PK", price: "1.20", vat: vatStd, moq: "10"},
	{sku: "DSP-5015", desc: "Dispenser napkins 1-ply 17x17, pack of 500", unit: "PK", price: "5.90", vat: vatStd},
	{sku: "DSP-5016", desc: "Paper table cover roll 1.20 x 50 m white", unit: "C62", price: "11.90", vat: vatStd},
	{sku: "DSP-5017", desc: "Paper placemats 30x40, pack of 500", unit: "PK", price: "14.90", vat: vatStd},
	{sku: "DSP-5018", desc: "Wooden forks, box of 100", unit: "BX", price: "4.90", vat: vatStd},
	{sku: "DSP-5019", desc: "Wooden knives, box of 100", unit: "BX", price: "4.90", vat: vatStd},
	{sku: "DSP-5020", desc: "Wooden spoons, box of 100", unit: "BX", price: "4.90", vat: vatStd},
	{sku: "DSP-5021", desc: "Cutlery kit fork, knife and napkin, box of 250", unit: "BX", price: "39.90", vat: vatStd},
	{sku: "DSP-5022", desc: "Kraft takeaway box 750 ml, pack of 50", unit: "PK", price: "11.90", vat: vatStd, moq: "4"},
	{sku: "DSP-5023", desc: "Kraft takeaway box 1300 ml, pack of 50", unit: "PK", price: "14.90", vat: vatStd, moq: "4"},
	{sku: "DSP-5024", desc: "Sugarcane clamshell 1 compartment, pack of 50", unit: "PK", price: "12.90", vat: vatStd},
	{sku: "DSP-5025", desc: "Kraft soup cup 12 oz with lid, pack of 50", unit: "PK", price: "13.90", vat: vatStd},
	{sku: "DSP-5026", desc: "Cardboard sandwich wedge, pack of 100", unit: "PK", price: "16.90", vat: vatStd},
	{sku: "DSP-5027", desc: "Aluminium tray 1 L with lid, pack of 100", unit: "PK", price: "24.90", vat: vatStd},
	{sku: "DSP-5028", desc: "Aluminium foil 30 cm x 200 m", unit: "C62", price: "18.90", vat: vatStd},
	{sku: "DSP-5029", desc: "Cling film 45 cm x 300 m", unit: "C62", price: "12.90", vat: vatStd},
	{sku: "DSP-5030", desc: "Baking paper sheets 40x60, pack of 500", unit: "PK", price: "28.90", vat: vatStd},
	{sku: "DSP-5031", desc: "Kraft paper bags with handles 26x17x25, pack of 250", unit: "PK", price: "22.90", vat: vatStd},
	{sku: "DSP-5032", desc: "Kraft bakery bags 12x25, pack of 1000", unit: "PK", price: "16.90", vat: vatStd},
	{sku: "DSP-5033", desc: "Nitrile gloves blue size M, box of 100", unit: "BX", price: "7.90", vat: vatStd},
	{sku: "DSP-5034", desc: "Nitrile gloves blue size L, box of 100", unit: "BX", price: "7.90", vat: vatStd},
	{sku: "DSP-5035", desc: "Nitrile gloves blue size XL, box of 100", unit: "BX", price: "8.40", vat: vatStd},
	{sku: "DSP-5036", desc: "Vinyl gloves powder-free size M, box of 100", unit: "BX", price: "4.90", vat: vatStd},
	{sku: "DSP-5037", desc: "Hairnets white, pack of 100", unit: "PK", price: "3.90", vat: vatStd},
	{sku: "DSP-5038", desc: "PE aprons white, pack of 100", unit: "PK", price: "6.90", vat: vatStd},
	{sku: "DSP-5039", desc: "Disposable piping bags 54 cm, roll of 100", unit: "PK", price: "12.90", vat: vatStd},
	{sku: "DSP-5040", desc: "Wrapped toothpicks, box of 1000", unit: "BX", price: "4.90", vat: vatStd},

	// Kitchen equipment and smallwares.
	{sku: "KIT-6001", desc: "Gastronorm pan stainless GN 1/1, 65 mm", unit: "C62", price: "22.90", vat: vatStd},
	{sku: "KIT-6002", desc: "Gastronorm pan stainless GN 1/1, 100 mm", unit: "C62", price: "26.90", vat: vatStd},
	{sku: "KIT-6003", desc: "Gastronorm pan stainless GN 1/2, 65 mm", unit: "C62", price: "14.90", vat: vatStd},
	{sku: "KIT-6004", desc: "Gastronorm pan stainless GN 1/3, 100 mm", unit: "C62", price: "12.90", vat: vatStd},
	{sku: "KIT-6005", desc: "Gastronorm pan stainless GN 1/4, 100 mm", unit: "C62", price: "10.90", vat: vatStd},
	{sku: "KIT-6006", desc: "Gastronorm lid stainless GN 1/1", unit: "C62", price: "11.90", vat: vatStd},
	{sku: "KIT-6007", desc: "Chef's knife 20 cm", unit: "C62", price: "39.90", vat: vatStd},
	{sku: "KIT-6008", desc: "Paring knife 10 cm", unit: "C62", price: "12.90", vat: vatStd},
	{sku: "KIT-6009", desc: "Bread knife 25 cm", unit: "C62", price: "29.90", vat: vatStd},
	{sku: "KIT-6010", desc: "Boning knife 15 cm", unit: "C62", price: "24.90", vat: vatStd},
	{sku: "KIT-6011", desc: "HACCP cutting board red 60x40 cm", unit: "C62", price: "24.90", vat: vatStd},
	{sku: "KIT-6012", desc: "HACCP cutting board blue 60x40 cm", unit: "C62", price: "24.90", vat: vatStd},
	{sku: "KIT-6013", desc: "HACCP cutting board green 60x40 cm", unit: "C62", price: "24.90", vat: vatStd},
	{sku: "KIT-6014", desc: "HACCP cutting board yellow 60x40 cm", unit: "C62", price: "24.90", vat: vatStd},
	{sku: "KIT-6015", desc: "HACCP cutting board white 60x40 cm", unit: "C62", price: "24.90", vat: vatStd},
	{sku: "KIT-6016", desc: "HACCP cutting board brown 60x40 cm", unit: "C62", price: "24.90", vat: vatStd},
	{sku: "KIT-6017", desc: "Non-stick frying pan 28 cm", unit: "C62", price: "34.90", vat: vatStd},
	{sku: "KIT-6018", desc: "Non-stick frying pan 32 cm", unit: "C62", price: "42.90", vat: vatStd},
	{sku: "KIT-6019", desc: "Stainless saucepan 20 cm", unit: "C62", price: "39.90", vat: vatStd},
	{sku: "KIT-6020", desc: "Stainless stock pot 50 L", unit: "C62", price: "149.00", vat: vatStd, stock: "0"},
	{sku: "KIT-6021", desc: "Stainless sauté pan 28 cm", unit: "C62", price: "52.90", vat: vatStd},
	{sku: "KIT-6022", desc: "Balloon whisk 30 cm", unit: "C62", price: "9.90", vat: vatStd},
	{sku: "KIT-6023", desc: "Ladle 12 cm", unit: "C62", price: "8.90", vat: vatStd},
	{sku: "KIT-6024", desc: "Silicone spatula 25 cm", unit: "C62", price: "7.90", vat: vatStd},
	{sku: "KIT-6025", desc: "Kitchen tongs 30 cm", unit: "C62", price: "5.90", vat: vatStd},
	{sku: "KIT-6026", desc: "Skimmer 14 cm", unit: "C62", price: "9.90", vat: vatStd},
	{sku: "KIT-6027", desc: "Milk frothing jug stainless 600 ml", unit: "C62", price: "14.90", vat: vatStd},
	{sku: "KIT-6028", desc: "Espresso tamper 58 mm", unit: "C62", price: "24.90", vat: vatStd},
	{sku: "KIT-6029", desc: "Espresso knock box", unit: "C62", price: "34.90", vat: vatStd},
	{sku: "KIT-6030", desc: "Porcelain espresso cup and saucer 8 cl", unit: "C62", price: "3.90", vat: vatStd, pack: "12"},
	{sku: "KIT-6031", desc: "Porcelain cappuccino cup and saucer 18 cl", unit: "C62", price: "4.90", vat: vatStd, pack: "12"},
	{sku: "KIT-6032", desc: "Latte glass 30 cl", unit: "C62", price: "2.90", vat: vatStd, pack: "12"},
	{sku: "KIT-6033", desc: "Digital probe thermometer", unit: "C62", price: "24.90", vat: vatStd},
	{sku: "KIT-6034", desc: "Kitchen scale 10 kg", unit: "C62", price: "49.90", vat: vatStd},
	{sku: "KIT-6035", desc: "Hand blender 350 W", unit: "C62", price: "189.00", vat: vatStd, stock: "5"},
	{sku: "KIT-6036", desc: "Commercial blender 2 L", unit: "C62", price: "299.00", vat: vatStd},
	{sku: "KIT-6037", desc: "Commercial microwave 1000 W", unit: "C62", price: "349.00", vat: vatStd},
	{sku: "KIT-6038", desc: "Single induction hob 3.5 kW", unit: "C62", price: "399.00", vat: vatStd},
	{sku: "KIT-6039", desc: "Espresso machine 2 groups", unit: "C62", price: "4490.00", vat: vatStd, stock: "2"},
	{sku: "KIT-6040", desc: "On-demand coffee grinder", unit: "C62", price: "1190.00", vat: vatStd, stock: "3"},
	{sku: "KIT-6041", desc: "Water filter cartridge for coffee machines", unit: "C62", price: "79.90", vat: vatStd},
}

// products builds the catalogue. Stock levels not fixed in the table are drawn from r: a few
// units for equipment, tens to hundreds for consumables.
func products(r *rand.PCG) []o2c.Product {
	hundred := decimal.NewFromInt(100)
	out := make([]o2c.Product, 0, len(productRows))
	for _, row := range productRows {
		price := decimal.RequireFromString(row.price)
		stock := row.stock
		if stock == "" {
			if price.GreaterThanOrEqual(hundred) {
				stock = strconv.FormatUint(3+r.Uint64()%18, 10) // 3..20
			} else {
				stock = strconv.FormatUint(10*(6+r.Uint64()%115), 10) // 60..1200, in tens
			}
		}
		p := o2c.Product{
			SKU:         row.sku,
			GTIN:        gtin(row.sku),
			Description: row.desc,
			Unit:        row.unit,
			UnitPrice:   ptr(price),
			Currency:    "EUR",
			VATRate:     ptr(decimal.RequireFromString(row.vat)),
			StockQty:    ptr(decimal.RequireFromString(stock)),
		}
		if row.moq != "" {
			p.MinOrderQty = ptr(decimal.RequireFromString(row.moq))
		}
		if row.pack != "" {
			p.PackSize = ptr(decimal.RequireFromString(row.pack))
		}
		out = append(out, p)
	}
	return out
}

// gtin makes the GTIN-13 of a SKU such as BEV-1001: the category's company prefix, the SKU's
// number as a five-digit item reference, and the GS1 check digit.
func gtin(sku string) string {
	prefix, ok := gtinPrefix[sku[:3]]
	if !ok || len(sku) != 8 {
		panic(fmt.Sprintf("demo: no GTIN prefix for SKU %q", sku))
	}
	body := prefix + "0" + sku[4:]
	return withGS1CheckDigit(body)
}

func ptr[T any](v T) *T { return &v }
