package edifact

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// number reads an EDIFACT number: an optional minus, digits, and a decimal mark '.' or ','.
func (mp *mapper) number(s string, path fmt.Stringer, what string) (decimal.Decimal, bool) {
	d, ok := parseNumber(s)
	if !ok {
		mp.fault(RuleNumber, path, "%s %q is not a number", what, s)
	}
	return d, ok
}

func parseNumber(s string) (decimal.Decimal, bool) {
	if s == "" || len(s) > 40 {
		return decimal.Decimal{}, false
	}
	b := []byte(s)
	i := 0
	if b[0] == '-' {
		i++
	}
	digitsSeen, mark := 0, -1
	for ; i < len(b); i++ {
		switch c := b[i]; {
		case c >= '0' && c <= '9':
			digitsSeen++
		case (c == '.' || c == ',') && mark < 0:
			mark = i
			b[i] = '.'
		default:
			return decimal.Decimal{}, false
		}
	}
	if digitsSeen == 0 {
		return decimal.Decimal{}, false
	}
	t := string(b)
	if mark == len(b)-1 {
		t = t[:mark] // "12." means 12
	}
	if mark == 0 || mark == 1 && b[0] == '-' {
		t = strings.Replace(t, ".", "0.", 1) // ".5" means 0.5
	}
	d, err := decimal.NewFromString(t)
	return d, err == nil
}

// dateField names the draft field a DTM qualifier fills, for a fault's path.
func dateField(q string) fieldPath {
	if q == "137" || q == "4" {
		return ".order_date"
	}
	return ".requested_delivery_date"
}

// date reads a DTM date of format f (UNTDID 2379). A time, or the end of a range, is dropped.
func (mp *mapper) date(v, f string, path fmt.Stringer) (cal.Date, bool) {
	if f == "" { // no format: the common lengths speak for themselves
		switch len(v) {
		case 8:
			f = "102"
		case 12:
			f = "203"
		}
	}
	var n int // length of the value in the format
	switch f {
	case "102":
		n = 8
	case "203":
		n = 12
	case "204":
		n = 14
	case "101":
		n = 6
	case "201":
		n = 10
	case "718":
		n = 17
	case "719":
		n = 25
	default:
		mp.fault(RuleDate, path, "date %q has format %q, which o2c does not read as a date (102, 203, 204, 101, 201, 718, 719)", v, f)
		return cal.Date{}, false
	}
	ok := len(v) == n
	if ok && (f == "718" || f == "719") {
		half := (n - 1) / 2
		ok = v[half] == '-' && digits(v[:half], half, half) && digits(v[half+1:], half, half)
	} else {
		ok = ok && digits(v, n, n)
	}
	var date cal.Date
	if ok {
		if f == "101" || f == "201" {
			// Two-digit years: 69 to 99 are the 1900s, 00 to 68 the 2000s, as Go's time package reads them.
			t, err := time.Parse("060102", v[:6])
			ok = err == nil
			date = cal.DateOf(t)
		} else {
			y, _ := strconv.Atoi(v[:4])
			mo, _ := strconv.Atoi(v[4:6])
			dd, _ := strconv.Atoi(v[6:8])
			date = cal.MakeDate(y, time.Month(mo), dd)
			ok = y > 0 && date == cal.Date{Year: y, Month: time.Month(mo), Day: dd}
		}
	}
	if !ok {
		mp.fault(RuleDate, path, "date %q is not a date in format %s", v, f)
		return cal.Date{}, false
	}
	return date, true
}

func first(dates map[string]cal.Date, quals ...string) cal.Date {
	for _, q := range quals {
		if d, ok := dates[q]; ok {
			return d
		}
	}
	return cal.Date{}
}

func firstAmount(amounts map[string]decimal.Decimal, quals ...string) *decimal.Decimal {
	for _, q := range quals {
		if a, ok := amounts[q]; ok {
			return &a
		}
	}
	return nil
}

// nadParty reads a NAD: C082 party id, C080 name, C059 street, 3164 city, 3251 postal code,
// 3207 country.
func nadParty(s Segment) o2c.Party {
	var p o2c.Party
	if id := s.Value(1, 0); s.Value(1, 2) == "9" && digits(id, 13, 13) {
		p.GLN = id
	}
	p.Name = joinNonEmpty(s.Elements, 3, 0, 5, " ")
	p.Street = joinNonEmpty(s.Elements, 4, 0, 4, ", ")
	p.City = s.Value(5, 0)
	p.PostalCode = s.Value(7, 0)
	p.Country = s.Value(8, 0)
	return p
}

func nonEmpty(p *o2c.Party) *o2c.Party {
	if p == nil || *p == (o2c.Party{}) {
		return nil
	}
	return p
}

// itemNumber fills the field of line that an item number type (UNTDID 7143) names, unless it is
// filled already.
func itemNumber(l *o2c.DraftLine, number, typ string) {
	if number == "" {
		return
	}
	var f *string
	switch typ {
	case "EN", "SRV", "UP":
		f = &l.GTIN
	case "SA", "VN":
		f = &l.SupplierSKU
	case "IN", "BP":
		f = &l.BuyerSKU
	default:
		return
	}
	if *f == "" {
		*f = number
	}
}

// joinNonEmpty joins the non-empty components from..to-1 of element e with sep.
func joinNonEmpty(elems [][]string, e, from, to int, sep string) string {
	if e >= len(elems) {
		return ""
	}
	el := elems[e]
	var parts []string
	for c := from; c < to && c < len(el); c++ {
		if v := strings.TrimSpace(el[c]); v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, sep)
}

// unitAliases maps unit codes that senders use for UN/ECE Recommendation 20 units to the code.
var unitAliases = map[string]string{
	"PCE": "C62", "PCS": "C62", "PC": "C62", "EA": "C62", "STK": "C62",
	"KG": "KGM", "KGS": "KGM",
	"GR": "GRM",
	"LT": "LTR", "L": "LTR",
	"M": "MTR",
}

// unitCode returns the Rec. 20 code of a unit, or the unit as written when it knows no better.
func unitCode(u string) string {
	if c, ok := unitAliases[u]; ok {
		return c
	}
	return u
}
