package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/o2c-project/o2c"
)

// ParseXLSX reads the orders of an XLSX workbook from the first sheet that holds a header row (or
// the profile's sheet), like ParseCSV. Numeric cells are read from their stored value, never
// through a float, except that a date column's numbers are Excel date serials.
func ParseXLSX(b []byte, opts Options) (drafts []o2c.OrderDraft, err error) {
	loc, err := checkOptions(opts)
	if err != nil {
		return nil, err
	}
	if len(b) > maxBytes {
		return nil, tooLarge(fmt.Sprintf("the workbook is %d bytes; o2c reads order files up to %d", len(b), maxBytes))
	}
	if len(b) == 0 {
		return nil, unreadable("the XLSX file is empty")
	}
	if err := checkUnzipped(b); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzipped})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookFileFormat) || errors.Is(err, excelize.ErrWorkbookPassword) {
			return nil, unreadable("the file is not an XLSX workbook that can be opened: " + err.Error())
		}
		return nil, unreadable("the XLSX workbook cannot be read: " + err.Error())
	}
	defer func() { // Close removes excelize's temporary files; the limits above leave none, but say so if it fails
		if cerr := f.Close(); cerr != nil && err == nil {
			drafts, err = nil, fmt.Errorf("close the XLSX workbook: %w", cerr)
		}
	}()
	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}

	names := f.GetSheetList()
	if p := opts.Profile; p != nil && p.Sheet != "" {
		found := ""
		for _, n := range names {
			if strings.EqualFold(strings.TrimSpace(n), strings.TrimSpace(p.Sheet)) {
				found = n
			}
		}
		if found == "" {
			return nil, o2c.Invalid(o2c.Fault{Rule: RuleOptions, Path: "$", Message: fmt.Sprintf("the profile reads sheet %s, which the workbook does not hold; its sheets are %s",
				quote(p.Sheet), listSheets(names))})
		}
		names = []string{found}
	} else {
		// Visible sheets first: a hidden one is usually a lookup table.
		var visible, hidden []string
		for _, n := range names {
			if v, err := f.GetSheetVisible(n); err == nil && !v {
				hidden = append(hidden, n)
			} else {
				visible = append(visible, n)
			}
		}
		names = append(visible, hidden...)
	}
	if len(names) == 0 {
		return nil, unreadable("the workbook holds no sheet")
	}
	// The first sheet with a header row wins. When none has one, a sheet whose header row lacks a
	// column says the most; else every sheet's reason is given.
	var reasons []string
	var partial error
	for _, name := range names {
		g, err := readSheet(f, name, date1904)
		if err != nil {
			return nil, err
		}
		drafts, err = parseGrid(g, opts, loc)
		if err == nil || !isNoHeader(err) {
			return drafts, err
		}
		if partial == nil && o2c.ErrorFaults(err)[0].Rule == RuleColumns {
			partial = err
		}
		reasons = append(reasons, o2c.ErrorFaults(err)[0].Message)
	}
	if partial != nil {
		return nil, partial
	}
	if len(reasons) == 1 {
		return nil, noHeader(reasons[0])
	}
	return nil, noHeader("no sheet of the workbook holds a header row: " + strings.Join(reasons, "; "))
}

// checkUnzipped refuses a workbook that unzips to more than maxUnzipped bytes before excelize
// unzips it: first by the sizes its parts declare, then by the bytes they really give, since a
// hostile archive may declare less than it holds. excelize checks only the declared sizes (and
// silently cuts a part that holds more), and its message names neither the limit in MB nor the cause. Reading costs at most maxUnzipped bytes of
// inflating and no memory; a file that is no zip archive is left to excelize to explain.
func checkUnzipped(b []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil
	}
	var declared uint64
	for _, f := range zr.File {
		declared += min(f.UncompressedSize64, maxUnzipped+1) // capped, so the sum cannot overflow
		if declared > maxUnzipped {
			return unreadable(fmt.Sprintf("the XLSX workbook unzips to more than %d MB, the most o2c unzips "+
				"(its part %s declares %d bytes): a zip bomb or a damaged file", maxUnzipped>>20, quote(f.Name), f.UncompressedSize64))
		}
	}
	var total int64
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return unreadable(fmt.Sprintf("part %s of the XLSX workbook cannot be unzipped: %s", quote(f.Name), err.Error()))
		}
		n, err := io.Copy(io.Discard, io.LimitReader(rc, maxUnzipped-total+1))
		_ = rc.Close() // a part read from memory: Close only releases the inflater
		total += n
		switch {
		case total > maxUnzipped:
			return unreadable(fmt.Sprintf("the XLSX workbook unzips to more than %d MB, the most o2c unzips "+
				"(its part %s holds more than it declares): a zip bomb or a damaged file", maxUnzipped>>20, quote(f.Name)))
		case errors.Is(err, zip.ErrFormat):
			return unreadable(fmt.Sprintf("part %s of the XLSX workbook unzips to more than the %d bytes it declares: "+
				"a zip bomb or a damaged file", quote(f.Name), f.UncompressedSize64))
		case err != nil:
			return unreadable(fmt.Sprintf("part %s of the XLSX workbook cannot be unzipped: %s", quote(f.Name), err.Error()))
		}
	}
	return nil
}

func listSheets(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quote(n)
	}
	return strings.Join(q, ", ")
}

// readSheet reads a sheet's raw cell values. A numeric cell's value is its stored decimal text,
// rounded to the 15 significant digits that Excel keeps (so 0.30000000000000004 reads 0.3).
func readSheet(f *excelize.File, name string, date1904 bool) (*grid, error) {
	rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, unreadable(fmt.Sprintf("sheet %s cannot be read: %s", quote(name), err.Error()))
	}
	if len(rows) > maxRows {
		return nil, tooLarge(fmt.Sprintf("sheet %s has more than %d rows", quote(name), maxRows))
	}
	g := &grid{channel: o2c.ChannelXLSX, sheet: name, date1904: date1904, rows: make([][]cell, len(rows))}
	for r, cells := range rows {
		if len(cells) > maxCols {
			return nil, tooLarge(fmt.Sprintf("row %d of sheet %s has more than %d cells", r+1, quote(name), maxCols))
		}
		row := make([]cell, len(cells))
		for c, v := range cells {
			v = clean(v)
			row[c] = cell{text: v}
			if v == "" || !looksNumeric(v) {
				continue
			}
			ref, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				continue
			}
			typ, err := f.GetCellType(name, ref)
			if err != nil || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
				continue
			}
			if d, err := decimal.NewFromString(v); err == nil {
				row[c] = cell{text: excelDigits(d).String(), num: true}
			}
		}
		g.rows[r] = row
	}
	return g, nil
}

// looksNumeric reports whether v may be a stored number: digits, a sign, a point, an exponent.
func looksNumeric(v string) bool {
	return strings.Trim(v, "0123456789+-.eE") == "" && hasDigit(v)
}

// excelDigits rounds a stored number to 15 significant digits, the precision Excel shows and
// computes with; past it, the stored text is the noise of a binary float.
func excelDigits(d decimal.Decimal) decimal.Decimal {
	digits := len(d.Coefficient().String())
	if d.Sign() < 0 {
		digits--
	}
	if digits > 15 {
		d = d.Round(-d.Exponent() - int32(digits-15))
	}
	if d.Exponent() >= 0 {
		return d.Truncate(0) // 1.2E+3 is written 1200
	}
	// Trailing zeros of a stored value say nothing (Excel keeps no scale): 1234.50000 is 1234.5.
	s := d.String()
	if strings.Contains(s, ".") {
		s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	}
	return decimal.RequireFromString(s)
}
