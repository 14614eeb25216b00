package masterdata

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/o2c-project/o2c"
)

// Limits that keep a hostile or mistaken upload cheap to reject.
const (
	maxFileSize     = 50 << 20  // bytes per file
	maxRows         = 1_000_000 // data rows per file
	maxErrorsInFile = 1_000     // row errors listed per file; the rest are counted
)

var bom = []byte("\xEF\xBB\xBF")

// Lines says on which line of its file each record stood: file name -> one line number per
// record, in the order of the records in o2c.MasterData.
type Lines map[string][]int

// ReadDir reads whichever of the five master-data files dir holds; other files are ignored.
// A dir that holds none of them is a CodeInvalid error. See ReadFiles for the results.
func ReadDir(dir string) (*o2c.MasterData, []o2c.RowError, error) {
	m, _, rowErrs, err := ReadDirLines(dir)
	return m, rowErrs, err
}

// ReadDirLines is ReadDir that also says on which line each record stood.
func ReadDirLines(dir string) (*o2c.MasterData, Lines, []o2c.RowError, error) {
	contents := make(map[string][]byte)
	for _, f := range files {
		b, err := readLimited(filepath.Join(dir, f.name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return nil, nil, nil, err
		}
		contents[f.name] = b
	}
	if len(contents) == 0 {
		return nil, nil, nil, o2c.Errorf(o2c.CodeInvalid, "%s holds no master-data file: expected one or more of %s",
			dir, strings.Join(fileNames(), ", "))
	}
	return ReadFilesLines(contents)
}

// readLimited reads a file, refusing one over maxFileSize before reading it all.
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open master data: %w", err) // fs.ErrNotExist stays visible to errors.Is
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read master data %s: %w", path, err)
	}
	if len(b) > maxFileSize {
		return nil, tooLarge(filepath.Base(path))
	}
	return b, nil
}

func tooLarge(name string) error {
	return o2c.Errorf(o2c.CodeTooLarge, "%s is larger than 50 MB; split it into several imports", name)
}

// ReadFiles reads master data from named file contents, as an upload delivers them: the names are
// base names (customers.csv, ...), and names that are not one of the five files are ignored.
//
// The import is all-or-nothing: when any cell is bad, ReadFiles returns a nil *MasterData and
// every RowError, in file order then line order. The error is for the input as a whole: none of
// the five files (CodeInvalid), a file over 50 MB or 1,000,000 rows (CodeTooLarge).
func ReadFiles(contents map[string][]byte) (*o2c.MasterData, []o2c.RowError, error) {
	m, _, rowErrs, err := ReadFilesLines(contents)
	return m, rowErrs, err
}

// ReadFilesLines is ReadFiles that also says on which line each record stood, so that a check
// made later (a reference to a customer in the database) can point at the right line.
func ReadFilesLines(contents map[string][]byte) (*o2c.MasterData, Lines, []o2c.RowError, error) {
	lines := Lines{}
	m := &o2c.MasterData{
		Customers:      []o2c.Customer{},
		ShipTos:        []o2c.ShipTo{},
		Products:       []o2c.Product{},
		CustomerItems:  []o2c.CustomerItem{},
		CustomerPrices: []o2c.CustomerPrice{},
	}
	var rowErrs []o2c.RowError
	found := false
	for _, f := range files {
		b, ok := contents[f.name]
		if !ok {
			continue
		}
		found = true
		errs, err := f.readCSV(b, m, lines)
		if err != nil {
			return nil, nil, nil, err
		}
		rowErrs = append(rowErrs, errs...)
	}
	if !found {
		return nil, nil, nil, o2c.Errorf(o2c.CodeInvalid, "no master-data file: expected one or more of %s",
			strings.Join(fileNames(), ", "))
	}
	if len(rowErrs) > 0 {
		return nil, nil, rowErrs, nil
	}
	return m, lines, nil, nil
}

// readCSV reads one file into m and returns its row errors.
func (f *fileSpec) readCSV(b []byte, m *o2c.MasterData, lines Lines) ([]o2c.RowError, error) {
	if len(b) > maxFileSize {
		return nil, tooLarge(f.name)
	}
	b = bytes.TrimPrefix(b, bom)
	errs := &errorList{file: f.name}

	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1 // a wrong field count is reported as a row error, not a stop
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		errs.add(1, "", fmt.Sprintf("the file is empty: a header row is required (%s)", strings.Join(f.columns, ",")))
		return errs.list(), nil
	} else if err != nil {
		var pe *csv.ParseError
		if !errors.As(err, &pe) {
			return nil, fmt.Errorf("read %s: %w", f.name, err)
		}
		errs.add(pe.Line, "", "the header row is not valid CSV: "+syntaxReason(pe))
		return errs.list(), nil
	}
	index, usable := f.header(header, errs)

	seen := make(map[string]int) // key -> line of its first row
	for rows := 0; ; rows++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if rows >= maxRows {
			return nil, o2c.Errorf(o2c.CodeTooLarge, "%s has more than %d rows; split it into several imports",
				f.name, maxRows)
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, fmt.Errorf("read %s: %w", f.name, err)
			}
			// encoding/csv has consumed the bad line, so reading goes on with the next record.
			errs.add(pe.Line, "", "the row is not valid CSV: "+syntaxReason(pe))
			continue
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		if len(rec) != len(header) {
			errs.add(line, "", fmt.Sprintf("the row has %d cells but the header has %d columns; "+
				"quote a cell that holds a comma", len(rec), len(header)))
			continue
		}
		if !usable {
			continue
		}
		r := &row{file: f.name, line: line, cells: rec, index: index, errs: errs}
		for _, col := range f.required {
			if r.raw(col) == "" {
				r.fail(col, "%s is required", col)
			}
		}
		f.read(r, m)
		lines[f.name] = append(lines[f.name], line) // f.read appends exactly one record
		if key, ok := r.key(f.key); ok {
			if first, dup := seen[key]; dup {
				r.fail(f.key[len(f.key)-1], "duplicate key %s: the same key is on line %d", r.describeKey(f.key), first)
			} else {
				seen[key] = line
			}
		}
	}
	// Within a row, list errors in the order of the file's columns, as a person reads them.
	slices.SortStableFunc(errs.errs, func(a, b o2c.RowError) int {
		if a.Line != b.Line {
			return cmp.Compare(a.Line, b.Line)
		}
		return cmp.Compare(columnPos(index, a.Column), columnPos(index, b.Column))
	})
	return errs.list(), nil
}

// columnPos is a column's position in the header, -1 for row-wide errors.
func columnPos(index map[string]int, col string) int {
	if i, ok := index[col]; ok {
		return i
	}
	return -1
}

// header maps column names to field positions and reports missing required and repeated columns.
// It returns false when rows cannot be read safely (a required column missing, a column twice).
func (f *fileSpec) header(rec []string, errs *errorList) (map[string]int, bool) {
	index := make(map[string]int, len(rec))
	usable := true
	for i, h := range rec {
		name := strings.ToLower(strings.TrimSpace(h))
		if !utf8.ValidString(name) {
			errs.add(1, "", fmt.Sprintf("header cell %d %s is not valid UTF-8; save the file as UTF-8", i+1, show(name)))
			continue
		}
		if name == "" {
			continue
		}
		if j, dup := index[name]; dup {
			if f.known(name) {
				errs.add(1, name, fmt.Sprintf("column %s appears twice in the header (cells %d and %d); keep one",
					show(name), j+1, i+1))
				usable = false
			}
			continue
		}
		index[name] = i
	}
	for _, col := range f.required {
		if _, ok := index[col]; !ok {
			errs.add(1, col, fmt.Sprintf("required column %s is missing from the header; expected columns: %s",
				show(col), strings.Join(f.columns, ",")))
			usable = false
		}
	}
	return index, usable
}

func (f *fileSpec) known(col string) bool {
	for _, c := range f.columns {
		if c == col {
			return true
		}
	}
	return false
}

// blank reports whether every cell of a record is empty or spaces.
func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func syntaxReason(pe *csv.ParseError) string {
	return fmt.Sprintf("%s at character %d; quote a cell that holds a comma, a quote or a line break, "+
		`and double the quotes inside it ("say ""hi""")`, pe.Err.Error(), pe.Column)
}

// errorList collects the row errors of one file, listing at most maxErrorsInFile.
type errorList struct {
	file    string
	errs    []o2c.RowError
	dropped int
}

func (l *errorList) add(line int, col, reason string) {
	if len(l.errs) >= maxErrorsInFile {
		l.dropped++
		return
	}
	l.errs = append(l.errs, o2c.RowError{File: l.file, Line: line, Column: col, Reason: reason})
}

// list returns the errors, ending with one that counts those not listed.
func (l *errorList) list() []o2c.RowError {
	if l.dropped == 0 {
		return l.errs
	}
	last := l.errs[len(l.errs)-1]
	return append(l.errs, o2c.RowError{File: l.file, Line: last.Line,
		Reason: fmt.Sprintf("%d more errors after line %d are not listed", l.dropped, last.Line)})
}
