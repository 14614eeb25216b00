package corpus

import (
	"fmt"
	cp1252pkg "github.com/o2c-project/o2c/cp1252"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
)

// numFmt is how a locale writes numbers: the thousands separator and the decimal mark.
type numFmt struct{ group, dec string }

// Number formats of the layouts.
var (
	numFR    = numFmt{" ", ","} // 1 234,56
	numDE    = numFmt{".", ","} // 1.234,56
	numEN    = numFmt{",", "."} // 1,234.56
	numComma = numFmt{"", ","}  // 1234,56: ERP printouts without grouping
	numDot   = numFmt{"", "."}  // 1234.56
	numCH    = numFmt{"'", "."} // 1'234.56
	numNBSP  = numFmt{"\u00a0", ","}
)

// fixed writes d with exactly places decimals, grouped.
func (n numFmt) fixed(d decimal.Decimal, places int32) string {
	s := d.StringFixed(places)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(n.group)
		}
		b.WriteRune(c)
	}
	if places > 0 {
		b.WriteString(n.dec)
		b.WriteString(frac)
	}
	return b.String()
}

// money writes an amount with 2 decimals.
func (n numFmt) money(d decimal.Decimal) string { return n.fixed(d, 2) }

// qty writes a quantity with as many decimals as it has, at least minPlaces.
func (n numFmt) qty(d decimal.Decimal, minPlaces int32) string {
	places := max(-d.Exponent(), minPlaces)
	if !d.Equal(d.Truncate(places)) { // never drop a digit
		places = 6
	}
	for places > minPlaces && d.Equal(d.Truncate(places-1)) {
		places--
	}
	return n.fixed(d, places)
}

// dateFmt is a way of writing a date.
type dateFmt int

// Date formats of the layouts.
const (
	dSlash  dateFmt = iota // 02/11/2026
	dDot                   // 02.11.2026
	dDot2                  // 02.11.26
	dISO                   // 2026-11-02
	dLongFR                // 2 novembre 2026
	dLongDE                // 2. November 2026
	dLongEN                // 2 November 2026
	dUS                    // Nov 2, 2026
)

var (
	monthsFR = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
		"octobre", "novembre", "décembre"}
	monthsDE = []string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
		"Oktober", "November", "Dezember"}
	monthsEN = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September",
		"October", "November", "December"}
)

// date writes d in format f.
func (f dateFmt) date(d cal.Date) string {
	m := int(d.Month)
	switch f {
	case dSlash:
		return fmt.Sprintf("%02d/%02d/%04d", d.Day, m, d.Year)
	case dDot:
		return fmt.Sprintf("%02d.%02d.%04d", d.Day, m, d.Year)
	case dDot2:
		return fmt.Sprintf("%02d.%02d.%02d", d.Day, m, d.Year%100)
	case dISO:
		return d.String()
	case dLongFR:
		day := fmt.Sprint(d.Day)
		if d.Day == 1 {
			day = "1er"
		}
		return fmt.Sprintf("%s %s %d", day, monthsFR[m-1], d.Year)
	case dLongDE:
		return fmt.Sprintf("%d. %s %d", d.Day, monthsDE[m-1], d.Year)
	case dLongEN:
		return fmt.Sprintf("%d %s %d", d.Day, monthsEN[m-1], d.Year)
	case dUS:
		return fmt.Sprintf("%s %d, %d", monthsEN[m-1][:3], d.Day, d.Year)
	}
	panic(fmt.Sprintf("corpus: unknown date format %d", f))
}

// cp1252 encodes text for the PDF core fonts; the corpus's own texts stay inside Windows-1252,
// so truth and print agree.
var cp1252 = cp1252pkg.Encode
