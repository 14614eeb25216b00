package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/o2c-project/o2c"
)

// ParseCSV reads the orders of a CSV order file: one draft per purchase order number, in the order
// the file first names them (one draft when there is no such column). See the package
// documentation for what it recognises. Errors are *o2c.Error: CodeInvalid with faults that name
// the row and column, or CodeTooLarge.
func ParseCSV(b []byte, opts Options) ([]o2c.OrderDraft, error) {
	loc, err := checkOptions(opts)
	if err != nil {
		return nil, err
	}
	if len(b) > maxBytes {
		return nil, tooLarge(fmt.Sprintf("the CSV file is %d bytes; o2c reads order files up to %d", len(b), maxBytes))
	}
	text, err := decodeText(b)
	if err != nil {
		return nil, err
	}
	if strings.TrimFunc(text, isSpace) == "" {
		return nil, unreadable("the CSV file is empty")
	}
	text, forced := excelSep(text)
	var cands []rune
	switch {
	case opts.Profile != nil && opts.Profile.Delimiter != "":
		cands = []rune{[]rune(opts.Profile.Delimiter)[0]}
	case forced != 0:
		cands = []rune{forced}
	default:
		cands = rankDelimiters(text)
	}
	// The best-ranked delimiter whose grid holds a header row wins; when none does, the error is
	// that of the best-ranked one, or of the first that found a row lacking a column, which says
	// more. Once a header row is found, its errors are the file's.
	var first error
	for _, d := range cands {
		g, err := readCSV(text, d)
		if o2c.ErrorCode(err) == o2c.CodeTooLarge {
			return nil, err
		}
		if err == nil {
			var drafts []o2c.OrderDraft
			if drafts, err = parseGrid(g, opts, loc); err == nil || !isNoHeader(err) {
				return drafts, err
			}
		}
		if first == nil || hasRule(first, RuleNoHeader) && hasRule(err, RuleColumns) {
			first = err
		}
	}
	return nil, first
}

// decodeText returns the file as UTF-8: UTF-8 with or without a byte-order mark, UTF-16 with one
// (Excel's "Unicode text"), else Windows-1252, the superset of Latin-1 that Windows writes.
func decodeText(b []byte) (string, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(b)
		if err != nil {
			return "", unreadable("the file starts with a UTF-16 byte-order mark but is not UTF-16 text")
		}
		// A NUL character is no text in any encoding; UTF-16 hides it from the check below.
		if bytes.IndexByte(out, 0) >= 0 {
			return "", unreadable("the file holds NUL characters: it is not a CSV text file")
		}
		return string(out), nil
	}
	if utf8.Valid(b) {
		if bytes.IndexByte(b, 0) >= 0 {
			return "", unreadable("the file holds NUL bytes: it is not a CSV text file")
		}
		return string(b), nil
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return "", unreadable("the file holds NUL bytes: it is not a CSV text file")
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return "", unreadable("the file is neither UTF-8 nor Windows-1252 text")
	}
	return string(out), nil
}

// excelSep honours the "sep=;" first line that Excel writes and reads.
func excelSep(text string) (string, rune) {
	line, rest, _ := strings.Cut(text, "\n")
	line = strings.TrimRight(line, "\r")
	if v, ok := strings.CutPrefix(strings.ToLower(line), "sep="); ok && utf8.RuneCountInString(v) == 1 {
		r, _ := utf8.DecodeRuneInString(v)
		if slices.Contains(delimiters, r) {
			return rest, r
		}
	}
	return text, 0
}

// rankDelimiters orders the delimiters by how consistently they split the first 30 records: the
// share of records with more than one cell that have the most common cell count, times that count
// being over one. Ties keep the preference order of delimiters.
func rankDelimiters(text string) []rune {
	type ranked struct {
		d     rune
		score int
	}
	var rs []ranked
	for _, d := range delimiters {
		r := newCSVReader(text, d)
		counts := make(map[int]int)
		for i := 0; i < 30; i++ {
			rec, err := r.Read()
			if err != nil {
				break
			}
			if n := nonEmptyTail(rec); n > 1 {
				counts[n]++
			}
		}
		best, mode := 0, 0
		for n, c := range counts {
			if c > best || c == best && n > mode {
				best, mode = c, n
			}
		}
		if mode > 1 {
			rs = append(rs, ranked{d, best*100 + min(mode, 99)})
		}
	}
	slices.SortStableFunc(rs, func(a, b ranked) int { return b.score - a.score })
	out := make([]rune, 0, len(delimiters))
	for _, r := range rs {
		out = append(out, r.d)
	}
	for _, d := range delimiters { // the others last, so that the error names something
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// nonEmptyTail counts cells up to the last non-empty one.
func nonEmptyTail(rec []string) int {
	n := len(rec)
	for n > 0 && strings.TrimFunc(rec[n-1], isSpace) == "" {
		n--
	}
	return n
}

func newCSVReader(text string, d rune) *csv.Reader {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = d
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	return r
}

// readCSV reads every record into a grid, within the limits.
func readCSV(text string, d rune) (*grid, error) {
	r := newCSVReader(text, d)
	g := &grid{channel: o2c.ChannelCSV}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, unreadable(fmt.Sprintf("the CSV file cannot be read at line %d: %s", pe.StartLine, pe.Err.Error()))
			}
			return nil, unreadable("the CSV file cannot be read")
		}
		if len(g.rows) >= maxRows {
			return nil, tooLarge(fmt.Sprintf("the CSV file has more than %d rows", maxRows))
		}
		if len(rec) > maxCols {
			rec = rec[:nonEmptyTail(rec)]
			if len(rec) > maxCols {
				return nil, tooLarge(fmt.Sprintf("row %d of the CSV file has more than %d cells", len(g.rows)+1, maxCols))
			}
		}
		row := make([]cell, len(rec))
		for i, s := range rec {
			row[i] = cell{text: clean(s)}
		}
		g.rows = append(g.rows, row)
	}
	return g, nil
}
