package x12

// units maps the common X12 unit codes (element 355) to UN/ECE Recommendation 20 codes, which the
// canonical order carries. Packaging units (case, carton, box…) are Rec. 21 codes with the X
// prefix, as Rec. 20 takes them in since its revision 8. A code not in this table is kept as the
// order writes it, for a person or a customer profile to map.
var units = map[string]string{
	"EA": "C62", // each
	"PC": "C62", // piece
	"UN": "C62", // unit
	"DZ": "DZN", // dozen
	"PR": "PR",  // pair
	"KG": "KGM", // kilogram
	"GR": "GRM", // gram
	"LB": "LBR", // pound
	"OZ": "ONZ", // ounce
	"LT": "LTR", // liter
	"GA": "GLL", // gallon (US)
	"MR": "MTR", // meter
	"CM": "CMT", // centimeter
	"MM": "MMT", // millimeter
	"FT": "FOT", // foot
	"IN": "INH", // inch
	"YD": "YRD", // yard
	"HR": "HUR", // hour
	"DA": "DAY", // day
	"CA": "XCS", // case
	"CT": "XCT", // carton
	"BX": "XBX", // box
	"PK": "XPK", // package
	"PL": "XPX", // pallet
	"BG": "XBG", // bag
}

// x12Units is the reverse of units for writing: each Rec. 20 code back to one X12 code.
var x12Units = func() map[string]string {
	m := make(map[string]string, len(units))
	for x, r := range units {
		if _, ok := m[r]; !ok || x == "EA" {
			m[r] = x
		}
	}
	return m
}()

// Rec20 returns the UN/ECE Rec. 20 code of an X12 unit code, or the code itself when the table
// does not know it.
func Rec20(x12 string) string {
	if r, ok := units[x12]; ok {
		return r
	}
	return x12
}

// X12Unit returns the X12 unit code of a UN/ECE Rec. 20 code (C62 is written EA), or the code
// itself when the table does not know it.
func X12Unit(rec20 string) string {
	if x, ok := x12Units[rec20]; ok {
		return x
	}
	return rec20
}
