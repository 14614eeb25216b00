package sheet

import (
	"fmt"
	"slices"
	"strings"

	"github.com/o2c-project/o2c"
)

// Options say how to read one file.
type Options struct {
	// Profile, when set, is the customer's saved mapping; it overrides detection where it speaks.
	Profile *Profile
	// Locale hints at the language of numbers and dates when the file itself does not tell:
	// "fr", "de" and "en-GB" (decimal comma for fr and de, dates day first), "en-US" (month first),
	// "en" (decimal point, date order unknown) or "" (decide from the file's header words).
	Locale string
	// FileName is the original file name, copied into each draft's source.file.
	FileName string
}

// Profile is a per-customer mapping a person saves once their files have been seen, so that an odd
// layout reads the same way every time. Its JSON shape is what the store keeps.
type Profile struct {
	// Name says whose files this profile reads, for people ("Dupont SA, weekly order sheet").
	Name string `json:"name"`
	// Sheet is the XLSX sheet to read; "" means the first sheet that holds a header row.
	Sheet string `json:"sheet,omitempty"`
	// HeaderRow is the 1-based row of column headers (in the sheet, for XLSX); 0 means detect it.
	HeaderRow int `json:"header_row,omitempty"`
	// Delimiter is the CSV cell separator: ";", ",", "\t" or "|"; "" means detect it.
	Delimiter string `json:"delimiter,omitempty"`
	// Columns maps a field of ours (see Fields) to the header text of the customer's column, compared
	// without regard to case, accents or punctuation: {"buyer_sku": "Artikel-Code-Kunde"}. Columns it
	// does not name are still recognised by their header words.
	Columns map[string]string `json:"columns,omitempty"`
	// DecimalComma, when set, says whether "1,234" and "1.234" (a lone separator before three
	// digits) use the comma as decimal separator; unambiguous numbers need no help.
	DecimalComma *bool `json:"decimal_comma,omitempty"`
	// DateFormat gives the order of day, month and year of numeric dates, written with D, M and Y:
	// "DD/MM/YYYY", "MM/DD/YYYY", "YYYY-MM-DD". Separators and digit counts are not enforced.
	DateFormat string `json:"date_format,omitempty"`
}

// field is one thing a column or a "label: value" pair can carry; its name is the profile's key.
type field string

// Fields of lines and of orders. Line fields are read per row; order fields are read per row when a
// column carries them, and from the label: value block above the table otherwise.
const (
	fLineNo       field = "line_no"
	fSupplierSKU  field = "supplier_sku"
	fBuyerSKU     field = "buyer_sku"
	fGTIN         field = "gtin"
	fDescription  field = "description"
	fQuantity     field = "quantity"
	fUnit         field = "unit"
	fUnitPrice    field = "unit_price"
	fLineTotal    field = "line_total"
	fPONumber     field = "po_number"
	fOrderDate    field = "order_date"
	fDeliveryDate field = "requested_delivery_date"
	fCurrency     field = "currency"
	fBuyerName    field = "buyer_name"
	fCustomerNo   field = "customer_number"
	fVATID        field = "buyer_vat_id"
	fGLN          field = "buyer_gln"
	fEmail        field = "buyer_email"
	fNotes        field = "notes"
	fShipTo       field = "ship_to"

	fIgnore field = "" // a known column we do not read (VAT rate, discount, delivered quantity...)
)

// Fields lists the field names a Profile's Columns may use, for a form that edits profiles.
var Fields = []string{
	string(fLineNo), string(fSupplierSKU), string(fBuyerSKU), string(fGTIN), string(fDescription),
	string(fQuantity), string(fUnit), string(fUnitPrice), string(fLineTotal),
	string(fPONumber), string(fOrderDate), string(fDeliveryDate), string(fCurrency),
	string(fBuyerName), string(fCustomerNo), string(fVATID), string(fGLN), string(fEmail),
	string(fNotes), string(fShipTo),
}

// articleFields are the columns that can name what is ordered; a header row needs one of them.
var articleFields = []field{fSupplierSKU, fBuyerSKU, fGTIN, fDescription}

// delimiters are the CSV separators this package knows, in the order it prefers them when two
// read a file equally well (a ';' file with decimal commas can look like a consistent ',' file).
var delimiters = []rune{'\t', ';', '|', ','}

// dateOrder is the order of day, month and year in a numeric date.
type dateOrder int

const (
	orderUnknown dateOrder = iota
	orderDMY
	orderMDY
	orderYMD
)

func (o dateOrder) String() string {
	switch o {
	case orderDMY:
		return "DD/MM/YYYY"
	case orderMDY:
		return "MM/DD/YYYY"
	case orderYMD:
		return "YYYY-MM-DD"
	}
	return "unknown"
}

// Validate checks a profile before it is saved or used: known fields, one header per field, a
// known delimiter, a date format with D, M and Y. Its error is CodeInvalid with one fault per
// problem, each with the JSON path of the profile member.
func (p *Profile) Validate() error {
	var faults []o2c.Fault
	add := func(path, format string, args ...any) {
		faults = append(faults, o2c.Fault{Rule: RuleOptions, Path: path, Message: fmt.Sprintf(format, args...)})
	}
	if p.HeaderRow < 0 || p.HeaderRow > maxRows {
		add("$.header_row", "header_row %d must be 0 (detect) or a row number from 1 to %d", p.HeaderRow, maxRows)
	}
	if p.Delimiter != "" && (len([]rune(p.Delimiter)) != 1 || !slices.Contains(delimiters, []rune(p.Delimiter)[0])) {
		add("$.delimiter", "delimiter %s must be one of ; , | or a tab", quote(p.Delimiter))
	}
	if p.DateFormat != "" {
		if _, ok := parseDateFormat(p.DateFormat); !ok {
			add("$.date_format", "date_format %s must give the order of day, month and year, such as DD/MM/YYYY, MM/DD/YYYY or YYYY-MM-DD", quote(p.DateFormat))
		}
	}
	keys := make([]string, 0, len(p.Columns))
	for k := range p.Columns {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	seen := make(map[string]string)
	for _, k := range keys {
		path := "$.columns." + k
		h := fold(p.Columns[k])
		switch {
		case !slices.Contains(Fields, k):
			add(path, "%s is not a field; the fields are %s", quote(k), strings.Join(Fields, ", "))
		case h == "":
			add(path, "the header text of %s is empty", k)
		case seen[h] != "":
			add(path, "%s and %s both name the column %s", seen[h], k, quote(p.Columns[k]))
		default:
			seen[h] = k
		}
	}
	if len(faults) > 0 {
		return o2c.Invalid(faults...)
	}
	return nil
}

// parseDateFormat reads the order of D, M and Y in a pattern such as "DD.MM.YYYY"; the French
// JJ/MM/AAAA (jour, année) and the German TT.MM.JJJJ (Tag, Jahr) are understood too.
func parseDateFormat(s string) (dateOrder, bool) {
	up := strings.ToUpper(s)
	german := strings.ContainsRune(up, 'T')
	var letters []rune
	for _, r := range up {
		switch r {
		case 'T':
			r = 'D'
		case 'A':
			r = 'Y'
		case 'J':
			r = 'D'
			if german {
				r = 'Y'
			}
		case 'D', 'M', 'Y':
		default:
			continue
		}
		if len(letters) == 0 || letters[len(letters)-1] != r {
			letters = append(letters, r)
		}
	}
	switch string(letters) {
	case "DMY":
		return orderDMY, true
	case "MDY":
		return orderMDY, true
	case "YMD":
		return orderYMD, true
	}
	return orderUnknown, false
}

// locale is what Options.Locale says about numbers and dates.
type locale struct {
	decimalComma *bool
	dates        dateOrder
}

func parseLocale(s string) (locale, bool) {
	yes, no := true, false
	switch strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "_", "-")) {
	case "":
		return locale{}, true
	case "fr", "fr-fr", "fr-be", "de", "de-de", "de-at":
		return locale{decimalComma: &yes, dates: orderDMY}, true
	case "fr-ch", "de-ch":
		return locale{decimalComma: &no, dates: orderDMY}, true // Swiss: 1'234.50
	case "en-gb", "en-ie":
		return locale{decimalComma: &no, dates: orderDMY}, true
	case "en-us":
		return locale{decimalComma: &no, dates: orderMDY}, true
	case "en":
		return locale{decimalComma: &no}, true
	}
	return locale{}, false
}
