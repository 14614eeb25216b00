package sheet

import "strings"

// units maps UN/ECE Recommendation 20 codes to the words French, German and English order files
// use for them. A unit this table does not know is kept as written, for verification to compare
// with the product's unit and for a person to read.
var units = map[string][]string{
	"C62": {"pce", "pces", "pcs", "pc", "piece", "pieces", "pièce", "pièces", "stk", "stck", "stück", "st", "u", "un", "unité",
		"unités", "unit", "units", "ea", "each", "ex", "exemplaire", "pz", "h87", "ut"},
	"KGM": {"kg", "kgs", "kilo", "kilos", "kilogramme", "kilogrammes", "kilogramm", "kilogram", "kilograms"},
	"GRM": {"g", "gr", "gramme", "grammes", "gramm", "gram", "grams"},
	"TNE": {"t", "to", "tonne", "tonnes", "ton"},
	"LTR": {"l", "lt", "ltr", "litre", "litres", "liter", "liters"},
	"MLT": {"ml"},
	"MTR": {"m", "mètre", "mètres", "metre", "metres", "meter", "meters", "lfm", "mtr", "ml linéaire"},
	"CMT": {"cm"},
	"MMT": {"mm"},
	"MTK": {"m2", "m²", "qm", "mètre carré", "mètres carrés", "quadratmeter", "sqm", "square meter"},
	"MTQ": {"m3", "m³", "cbm", "mètre cube", "mètres cubes", "kubikmeter", "cubic meter"},
	"PR":  {"paire", "paires", "paar", "pair", "pairs", "pr"},
	"SET": {"set", "sets", "jeu", "jeux", "satz", "kit"},
	"DZN": {"douzaine", "douzaines", "dutzend", "dozen", "dz", "dzn"},
	"CT":  {"carton", "cartons", "karton", "kartons", "ctn", "ct", "crt"},
	"BX":  {"boîte", "boîtes", "boite", "boites", "box", "boxes", "schachtel", "bx"},
	"PK":  {"colis", "paquet", "paquets", "pqt", "pack", "packs", "packung", "packungen", "pkg", "pk", "pck", "pak"},
	// Packages of a consignment note (UN/ECE Rec. 21 codes).
	"PF": {"palette", "palettes", "pallet", "pallets", "paletten", "europalette", "europaletten", "paleta", "paletas", "pal"},
}

// unitCode writes a unit as its Rec. 20 code when the table knows it, else as written.
func unitCode(s string) string {
	if code, ok := unitTable[compact(fold(s))]; ok {
		return code
	}
	return s
}

// knownUnit reports whether s is a unit word of the table; a quantity cell may end with one ("12 Stk").
func knownUnit(s string) bool {
	_, ok := unitTable[compact(fold(strings.TrimSuffix(s, ".")))]
	return ok
}
