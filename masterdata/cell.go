package masterdata

import (
	"fmt"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/country"
	"github.com/o2c-project/o2c/gs1"
	"github.com/o2c-project/o2c/money"
)

// Cell limits.
const (
	maxIDLen      = 200  // runes of a key or reference
	maxTextLen    = 1000 // runes of a name, street, description...
	maxEmailLen   = 254  // RFC 5321 path limit
	maxDecimalLen = 40   // characters of a decimal, checked before parsing
	maxPlaces     = 6    // decimal places of a price, rate or quantity
)

// row reads the cells of one data row, reporting each bad cell once.
type row struct {
	file  string
	line  int
	cells []string
	index map[string]int // column name -> cell position
	errs  *errorList
	bad   map[string]bool // columns already reported
}

// raw returns the trimmed cell of col, "" when the header has no such column.
func (r *row) raw(col string) string {
	i, ok := r.index[col]
	if !ok {
		return ""
	}
	return strings.TrimSpace(r.cells[i])
}

// fail reports a bad cell; only the first problem of a cell is reported.
func (r *row) fail(col, format string, args ...any) {
	if r.bad[col] {
		return
	}
	if r.bad == nil {
		r.bad = make(map[string]bool)
	}
	r.bad[col] = true
	r.errs.add(r.line, col, fmt.Sprintf(format, args...))
}

func (r *row) failed(col string) bool { return r.bad[col] }

// cell returns the trimmed cell of col once it is known to be UTF-8; "" means unknown or bad.
func (r *row) cell(col string) string {
	v := r.raw(col)
	if !utf8.ValidString(v) {
		r.fail(col, "%s %s is not valid UTF-8 text; save the file as UTF-8", col, show(v))
		return ""
	}
	return v
}

// id reads a key or a reference: at most maxIDLen runes, no control characters.
func (r *row) id(col string) string {
	v := r.cell(col)
	switch {
	case utf8.RuneCountInString(v) > maxIDLen:
		r.fail(col, "%s %s is longer than %d characters", col, show(v), maxIDLen)
	case strings.IndexFunc(v, unicode.IsControl) >= 0:
		r.fail(col, "%s %s holds a control character (tab, line break...); a key must be one line of text", col, show(v))
	default:
		return v
	}
	return ""
}

// text reads free text: at most maxTextLen runes; tabs and line breaks are the only control characters allowed.
func (r *row) text(col string) string {
	v := r.cell(col)
	switch {
	case utf8.RuneCountInString(v) > maxTextLen:
		r.fail(col, "%s %s is longer than %d characters", col, show(v), maxTextLen)
	case strings.IndexFunc(v, func(c rune) bool { return unicode.IsControl(c) && c != '\t' && c != '\n' }) >= 0:
		r.fail(col, "%s %s holds a control character other than a tab or a line break", col, show(v))
	default:
		return v
	}
	return ""
}

// key returns the row's key when every key column holds a good value.
func (r *row) key(cols []string) (string, bool) {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = r.raw(c)
		if parts[i] == "" || r.bad[c] {
			return "", false
		}
	}
	return strings.Join(parts, "\x00"), true // ids hold no control characters, so the join is unambiguous
}

func (r *row) describeKey(cols []string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = c + " " + show(r.raw(c))
	}
	return strings.Join(parts, ", ")
}

// bound is the legal range of a decimal column.
type bound struct {
	min, max         decimal.Decimal
	minOpen, maxOpen bool   // whether min, max themselves are excluded
	says             string // the range for a person
}

var (
	price            = bound{min: decimal.Zero, max: decimal.New(1, 12), maxOpen: true, says: ">= 0 and < 1000000000000"}
	creditLimit      = bound{min: decimal.Zero, max: decimal.New(1, 15), maxOpen: true, says: ">= 0 and < 1000000000000000"}
	percent          = bound{min: decimal.Zero, max: decimal.New(100, 0), says: "a percentage from 0 to 100"}
	quantity         = bound{min: decimal.Zero, max: decimal.New(1, 12), maxOpen: true, says: ">= 0 and < 1000000000000"}
	positiveQuantity = bound{min: decimal.Zero, minOpen: true, max: decimal.New(1, 12), maxOpen: true, says: "> 0 and < 1000000000000"}
)

func (b bound) holds(d decimal.Decimal) bool {
	lo, hi := d.Cmp(b.min), d.Cmp(b.max)
	return (lo > 0 || lo == 0 && !b.minOpen) && (hi < 0 || hi == 0 && !b.maxOpen)
}

// decimal reads a decimal written with '.' and no exponent, parsed exactly from its text.
func (r *row) decimal(col string, b bound) *decimal.Decimal {
	v := r.cell(col)
	if v == "" {
		return nil
	}
	d, problem := parseDecimal(v)
	switch {
	case problem != "":
		r.fail(col, "%s %s %s", col, show(v), problem)
	case !d.Equal(d.Truncate(maxPlaces)):
		r.fail(col, "%s %s has more than %d decimal places", col, show(v), maxPlaces)
	case !b.holds(d):
		r.fail(col, "%s %s is out of range: expected %s", col, show(v), b.says)
	default:
		return &d
	}
	return nil
}

// parseDecimal parses ^-?[0-9]+(\.[0-9]+)?$ exactly; the problem says what is wrong and what was expected.
func parseDecimal(s string) (decimal.Decimal, string) {
	switch {
	case len(s) > maxDecimalLen:
		return decimal.Decimal{}, fmt.Sprintf("is longer than %d characters", maxDecimalLen)
	case strings.ContainsRune(s, ','):
		return decimal.Decimal{}, "is not a decimal: use '.' as the decimal separator and no thousands separator, e.g. 1234.50"
	case strings.ContainsAny(s, "eE") && strings.ContainsAny(s, "0123456789"):
		return decimal.Decimal{}, "is not a decimal: write it without an exponent, e.g. 1500 rather than 1.5e3"
	case !money.IsPlainDecimal(s):
		return decimal.Decimal{}, "is not a decimal: expected digits with an optional '.' and decimals, e.g. 12.50"
	}
	d, err := decimal.NewFromString(s)
	if err != nil { // IsPlainDecimal admits only what NewFromString parses
		return decimal.Decimal{}, "is not a decimal: expected e.g. 12.50"
	}
	return d, ""
}

// allDigits reports whether s is one or more ASCII digits: a plain decimal with no sign and no point.
func allDigits(s string) bool {
	return money.IsPlainDecimal(s) && !strings.ContainsAny(s, "-.")
}

// days reads payment_terms_days: a whole number of days from 0 to 3650.
func (r *row) days(col string) *int {
	v := r.cell(col)
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if !allDigits(v) || len(v) > 9 || err != nil || n > 3650 {
		r.fail(col, "%s %s is not a number of days: expected a whole number from 0 to 3650", col, show(v))
		return nil
	}
	return &n
}

// country reads an ISO 3166-1 alpha-2 code, upper-cased.
func (r *row) country(col string) string {
	v := r.cell(col)
	code := asciiUpper(v)
	if code == "" || country.Valid(code) {
		return code
	}
	hint := ""
	if h := country.Hint(code); h != "" {
		hint = "; " + h
	}
	r.fail(col, "%s %s is not an ISO 3166-1 alpha-2 country code such as FR or DE%s", col, show(v), hint)
	return ""
}

// currency reads an ISO 4217 code, upper-cased.
func (r *row) currency(col string) string {
	v := r.cell(col)
	if v == "" {
		return ""
	}
	c, err := money.ParseCurrency(v)
	if err != nil {
		r.fail(col, "%s %s is not an ISO 4217 currency code such as EUR or USD", col, show(v))
		return ""
	}
	return string(c)
}

// gln reads a GS1 Global Location Number: 13 digits, the last a check digit.
func (r *row) gln(col string) string {
	return r.gs1Key(col, "GLN", "13 digits", 13)
}

// gtin reads a GS1 trade item number: 8, 12, 13 or 14 digits, the last a check digit.
func (r *row) gtin(col string) string {
	return r.gs1Key(col, "GTIN", "8, 12, 13 or 14 digits", 8, 12, 13, 14)
}

// gs1Key reads a GS1 key of one of the given lengths, all digits, the last the check digit of the
// others; kind names the key and expected says its lengths in a message.
func (r *row) gs1Key(col, kind, expected string, lengths ...int) string {
	v := r.cell(col)
	if v == "" {
		return ""
	}
	if !slices.Contains(lengths, len(v)) || !allDigits(v) {
		r.fail(col, "%s %s is not a %s: expected %s", col, show(v), kind, expected)
		return ""
	}
	if check, _ := gs1.CheckDigit(v[:len(v)-1]); v[len(v)-1] != check {
		r.fail(col, "%s %s has a wrong check digit: the last digit should be %c", col, show(v), check)
		return ""
	}
	return v
}

// email reads one plain address such as orders@example.com (no display name, no list).
func (r *row) email(col string) string {
	v := r.cell(col)
	if v == "" {
		return ""
	}
	if !plausibleEmail(v) {
		r.fail(col, "%s %s is not an e-mail address: expected one address such as orders@example.com", col, show(v))
		return ""
	}
	return v
}

func plausibleEmail(v string) bool {
	if len(v) > maxEmailLen {
		return false
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Name != "" || a.Address != v {
		return false
	}
	domain := v[strings.LastIndexByte(v, '@')+1:]
	return strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".") &&
		!strings.HasPrefix(domain, "[")
}

// unit reads a UN/ECE Recommendation 20 unit code (C62, KGM, H87...), upper-cased; only its shape
// is checked, since the code list has some 2,000 entries.
func (r *row) unit(col string) string {
	v := r.cell(col)
	code := asciiUpper(v)
	ok := len(code) == 2 || len(code) == 3
	for i := 0; ok && i < len(code); i++ {
		ok = code[i] >= 'A' && code[i] <= 'Z' || code[i] >= '0' && code[i] <= '9'
	}
	if v == "" || ok {
		return code
	}
	r.fail(col, "%s %s is not a UN/ECE Recommendation 20 unit code such as C62 (one), H87 (piece) or KGM (kilogram)",
		col, show(v))
	return ""
}

// date reads a YYYY-MM-DD date.
func (r *row) date(col string) cal.Date {
	v := r.cell(col)
	if v == "" {
		return cal.Date{}
	}
	d, err := cal.Parse(v)
	if err != nil {
		r.fail(col, "%s %s is not a date: expected YYYY-MM-DD, e.g. 2026-01-31", col, show(v))
		return cal.Date{}
	}
	return d
}

// show quotes a value for a message, cut to 60 runes so that a huge cell does not flood the report.
func show(v string) string {
	const max = 60
	if utf8.RuneCountInString(v) <= max {
		return strconv.Quote(v)
	}
	return strconv.Quote(string([]rune(v)[:max])) + "…"
}

// asciiUpper upper-cases ASCII letters only: strings.ToUpper would turn "ſe" into "SE".
func asciiUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
