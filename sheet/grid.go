package sheet

import (
	"errors"
	"fmt"

	"github.com/o2c-project/o2c"
)

// Limits of what one order file may hold.
const (
	maxBytes       = 32 << 20 // bytes of a CSV or XLSX file
	maxUnzipped    = 64 << 20 // bytes an XLSX workbook may unzip to (a zip bomb stops here)
	maxRows        = 100_000  // rows of a CSV file or a sheet
	maxCols        = 1_000    // cells of a row
	headerScan     = 30       // rows searched for the header row
	maxFaults      = 100      // faults reported before reading stops
	guessedConfid  = 0.95     // confidence of a value that only the header language's convention decides
	maxLinesPerPO  = 10_000   // lines of one order (extract's limit too)
	maxOrdersInOne = 10_000   // orders in one file
)

// Fault rules of this package.
const (
	RuleUnreadable = "SHEET-01" // the file cannot be read: empty, not text, not a workbook, broken quoting
	RuleNoHeader   = "SHEET-02" // no row of the first 30 names a quantity column and an article column
	RuleColumns    = "SHEET-03" // the header row lacks a column the profile names, or two columns claim one field
	RuleOptions    = "SHEET-04" // the options or the profile are invalid, or name a sheet or row the file lacks
	RuleNumber     = "SHEET-05" // a quantity, price or amount cell is not a number, or its separators cannot be told apart
	RuleDate       = "SHEET-06" // a date cell is not a date, or its day and month cannot be told apart
	RuleOrder      = "SHEET-07" // an order states two values of one order field, or a currency that is not ISO 4217
	RuleNoLines    = "SHEET-08" // the header row has no line below it
)

// cell is one spreadsheet cell.
type cell struct {
	text string // trimmed; for an XLSX numeric cell, its stored value as a plain decimal
	num  bool   // an XLSX numeric cell: text is a machine decimal, not a number written by a person
}

// grid is the cells of a CSV file or of one sheet.
type grid struct {
	channel  o2c.Channel
	sheet    string // XLSX sheet name; "" for CSV
	date1904 bool   // XLSX date serials count from 1904
	rows     [][]cell
}

// at returns the cell at a 0-based row and column, empty past the row's end.
func (g *grid) at(r, c int) cell {
	if r < 0 || r >= len(g.rows) || c < 0 || c >= len(g.rows[r]) {
		return cell{}
	}
	return g.rows[r][c]
}

// ref is a cell's reference for a fault's path: C12, or Sheet1!C12.
func (g *grid) ref(r, c int) string {
	s := fmt.Sprintf("%s%d", colName(c), r+1)
	if g.sheet != "" {
		s = g.sheet + "!" + s
	}
	return s
}

// where names a cell for a person: `row 12, column C "Menge"`, with the sheet for XLSX.
func (g *grid) where(r, c int, header string) string {
	s := fmt.Sprintf("row %d, column %s", r+1, colName(c))
	if header != "" {
		s += " " + quote(header)
	}
	if g.sheet != "" {
		s += " of sheet " + quote(g.sheet)
	}
	return s
}

// faults collects the faults of one file, up to maxFaults.
type faults struct {
	list []o2c.Fault
	more int
}

func (f *faults) add(rule, path, format string, args ...any) {
	if len(f.list) >= maxFaults {
		f.more++
		return
	}
	f.list = append(f.list, o2c.Fault{Rule: rule, Path: path, Message: fmt.Sprintf(format, args...)})
}

func (f *faults) err() error {
	if len(f.list) == 0 {
		return nil
	}
	e := o2c.Invalid(f.list...)
	if f.more > 0 {
		e.Message += fmt.Sprintf(" (%d more faults not listed)", f.more)
	}
	return e
}

func unreadable(msg string) error {
	return o2c.Invalid(o2c.Fault{Rule: RuleUnreadable, Path: "$", Message: msg})
}

func noHeader(msg string) error {
	return o2c.Invalid(o2c.Fault{Rule: RuleNoHeader, Path: "$", Message: msg})
}

func tooLarge(msg string) error {
	return &o2c.Error{Code: o2c.CodeTooLarge, Message: msg}
}

// isNoHeader reports an error that says no usable header row was found, so that another delimiter
// or another sheet may be tried.
func isNoHeader(err error) bool {
	var e *o2c.Error
	if !errors.As(err, &e) || len(e.Faults) != 1 {
		return false
	}
	f := e.Faults[0]
	return f.Rule == RuleNoHeader || f.Rule == RuleColumns || f.Rule == RuleOptions && f.Path == "$.header_row"
}

// checkOptions validates the options and returns what the locale says.
func checkOptions(opts Options) (locale, error) {
	loc, ok := parseLocale(opts.Locale)
	if !ok {
		return loc, o2c.Invalid(o2c.Fault{Rule: RuleOptions, Path: "$.locale",
			Message: fmt.Sprintf("locale %s must be fr, de, en, en-GB, en-US or empty", quote(opts.Locale))})
	}
	if opts.Profile != nil {
		if err := opts.Profile.Validate(); err != nil {
			return loc, err
		}
	}
	return loc, nil
}

// hasRule reports whether err's first fault has the rule.
func hasRule(err error, rule string) bool {
	f := o2c.ErrorFaults(err)
	return len(f) > 0 && f[0].Rule == rule
}
