package extract

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/edi/edifact"
	"github.com/o2c-project/o2c/edi/x12"
	"github.com/o2c-project/o2c/sheet"
	"github.com/o2c-project/o2c/ubl"
)

// RuleFormat is the fault of a file that is empty or of no format this package reads.
const RuleFormat = "FILE-01"

// Format names what a file holds, as File recognised it.
type Format string

// Formats File reads.
const (
	FormatJSON    Format = "json"    // canonical orders (the spec's JSON)
	FormatEDIFACT Format = "edifact" // UN/EDIFACT interchange (ORDERS, ORDCHG)
	FormatX12     Format = "x12"     // ANSI X12 interchange (850)
	FormatXML     Format = "xml"     // UBL 2.1 Order, OrderChange, Peppol BIS Ordering 3
	FormatXLSX    Format = "xlsx"    // spreadsheet order file
	FormatCSV     Format = "csv"     // delimited order file
	FormatUnknown Format = ""
)

// Detect tells the format of a file from its first bytes and, where they do not tell, its name.
func Detect(name string, content []byte) Format {
	body := bytes.TrimPrefix(content, []byte("\xEF\xBB\xBF"))
	start := bytes.TrimLeft(body, " \t\r\n")
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case len(start) == 0:
		return FormatUnknown
	case start[0] == '{' || start[0] == '[' || ext == ".json":
		return FormatJSON
	case bytes.HasPrefix(start, []byte("UNA")) || bytes.HasPrefix(start, []byte("UNB")):
		return FormatEDIFACT
	case bytes.HasPrefix(start, []byte("ISA")):
		return FormatX12
	case start[0] == '<':
		return FormatXML
	case bytes.HasPrefix(content, []byte("PK\x03\x04")):
		return FormatXLSX
	case ext == ".csv" || ext == ".tsv" || ext == ".txt":
		return FormatCSV
	}
	return FormatUnknown
}

// Options say how FileWith reads a file.
type Options struct {
	// Sheet is how a CSV or XLSX file is read: the customer's profile, the locale. Its FileName
	// defaults to the file's base name. The other formats name their columns themselves.
	Sheet sheet.Options
}

// File extracts the canonical orders of one file, choosing the reader by Detect: canonical JSON,
// EDIFACT, X12, UBL, XLSX or CSV. An empty file, or one of no format read here, is CodeInvalid
// with the reason. The drafts are not checked: see CheckDraft.
func File(name string, content []byte) ([]o2c.OrderDraft, error) {
	return FileWith(name, content, Options{})
}

// FileWith is File with options: a CSV or XLSX file is read with opts.Sheet.
func FileWith(name string, content []byte, opts Options) ([]o2c.OrderDraft, error) {
	base := short(filepath.Base(name))
	if opts.Sheet.FileName == "" {
		opts.Sheet.FileName = filepath.Base(name)
	}
	switch Detect(name, content) {
	case FormatJSON:
		return DecodeJSON(bytes.TrimPrefix(content, []byte("\xEF\xBB\xBF")))
	case FormatEDIFACT:
		return edifactOrders(content)
	case FormatX12:
		return x12.ReadOrders(content)
	case FormatXML:
		d, err := ubl.ParseOrder(content)
		if err != nil {
			return nil, err
		}
		return []o2c.OrderDraft{*d}, nil
	case FormatXLSX:
		return sheet.ParseXLSX(content, opts.Sheet)
	case FormatCSV:
		return sheet.ParseCSV(content, opts.Sheet)
	}
	if len(bytes.TrimSpace(content)) == 0 {
		return nil, formatError(fmt.Sprintf("%s is empty", base))
	}
	return nil, formatError(fmt.Sprintf("%s is not an order format o2c reads (canonical JSON, EDIFACT, X12, UBL, CSV, XLSX)", base))
}

// edifactOrders reads an EDIFACT file leniently: real interchanges arrive with wrong segment
// counts, without UNZ, or with bytes outside the 7-bit character set they declare (UNOA, UNOB). A
// message with such a problem is still read, but it cannot be trusted to be whole or rightly
// decoded, so its order carries the problem in its notes and a low confidence on its lines, which
// sends it to a person instead of the ERP. A character set guessed where the guess is safe (UTF-8
// text under UNOC) is only noted.
func edifactOrders(content []byte) ([]o2c.OrderDraft, error) {
	ics, err := edifact.Parser{Lenient: true}.ParseAll(content)
	if err != nil {
		return nil, err
	}
	var drafts []o2c.OrderDraft
	for _, ic := range ics {
		orders, err := edifact.Orders(ic)
		if err != nil {
			return nil, err
		}
		var texts []string
		for _, p := range ic.Problems {
			texts = append(texts, p.Text)
		}
		if ic.Syntax.ID == "UNOA" || ic.Syntax.ID == "UNOB" {
			// A 7-bit set declared, bytes over 0x7F sent (syntax error 21): the text was read by a
			// guess, and names or descriptions may be wrong.
			texts = append(texts, ic.Notes...)
		}
		for i := range orders {
			switch {
			case len(texts) > 0:
				flagIncomplete(&orders[i], "the interchange breaks EDIFACT syntax rules: "+strings.Join(texts, "; "))
			case len(ic.Notes) > 0: // the character set was guessed where it is a safe guess (UTF-8 under UNOC)
				addNote(&orders[i], strings.Join(ic.Notes, "; "))
			}
		}
		drafts = append(drafts, orders...)
	}
	return drafts, nil
}

// addNote adds a line to a draft's notes, which the order desk reads.
func addNote(d *o2c.OrderDraft, note string) {
	if d.Notes != "" {
		d.Notes += "\n"
	}
	d.Notes += note
}

// flagIncomplete notes why a draft may be incomplete and lowers the confidence in its lines.
func flagIncomplete(d *o2c.OrderDraft, why string) {
	addNote(d, why)
	if d.Confidence == nil {
		d.Confidence = map[string]float64{}
	}
	d.Confidence["lines"] = 0.5
}

func formatError(msg string) *o2c.Error {
	return &o2c.Error{Code: o2c.CodeInvalid, Message: msg, Faults: []o2c.Fault{{Rule: RuleFormat, Path: "$", Message: msg}}}
}
