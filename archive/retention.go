package archive

import (
	"fmt"
	"maps"
	"strconv"
	"strings"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// Retention says how many years each type of document is kept. As German commercial and tax law
// count it (HGB §257(5), AO §147(4)), the period starts at the end of the calendar year of the
// document's date: an invoice of 2026-03-31 kept 10 years may go after 2036-12-31. The periods
// are configuration, since the laws change them.
type Retention struct {
	// Years is the period of a document type; a type not in it keeps Default years.
	Years map[o2c.ArchiveDocType]int
	// Default is the period of every other type.
	Default int
}

// DefaultRetention keeps invoices and credit notes 10 years and everything else (orders,
// delivery notes, business letters) 6.
func DefaultRetention() Retention {
	return Retention{
		Years:   map[o2c.ArchiveDocType]int{o2c.ArchiveInvoice: 10, o2c.ArchiveCreditNote: 10},
		Default: 6,
	}
}

// YearsOf returns the retention period of a document type.
func (r Retention) YearsOf(t o2c.ArchiveDocType) int {
	if y, ok := r.Years[t]; ok {
		return y
	}
	return r.Default
}

// Until returns the last day a document of type t dated date must be kept: 31 December of its
// year plus the type's period.
func (r Retention) Until(t o2c.ArchiveDocType, date cal.Date) cal.Date {
	return cal.MakeDate(date.Year+r.YearsOf(t), time.December, 31)
}

// ParseRetention reads periods written type=years, separated by commas ("order=6,other=3"),
// "*=years" for the default, over DefaultRetention. CodeInvalid for an unknown type or a period
// that is not a number of years from 1 to 100.
func ParseRetention(s string) (Retention, error) {
	r := DefaultRetention()
	r.Years = maps.Clone(r.Years)
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		years, err := strconv.Atoi(strings.TrimSpace(v))
		if !ok || err != nil || years < 1 || years > 100 {
			return r, o2c.Errorf(o2c.CodeInvalid, "retention %q: write type=years, years from 1 to 100", part)
		}
		switch t := o2c.ArchiveDocType(strings.TrimSpace(k)); {
		case t == "*":
			r.Default = years
		case t.Valid():
			r.Years[t] = years
		default:
			return r, o2c.Errorf(o2c.CodeInvalid, "retention %q: %q is not a document type (%s)", part, t, fmt.Sprint(o2c.ArchiveDocTypes))
		}
	}
	return r, nil
}
