package bank

import (
	"bytes"
	"path/filepath"
	"strings"
)

// MaxSize is the largest statement file Parse reads (a year of camt.053 for a busy account is a
// few megabytes).
const MaxSize = 64 << 20

// Parse detects the format of a statement file from its content (and, for CSV, its name) and reads
// it: camt.052/053/054 XML, MT940/MT942, or a CSV export recognised with no set-up. A file none of
// them reads is a CodeInvalid error that says what was tried.
func Parse(name string, data []byte) ([]Statement, error) {
	if len(data) > MaxSize {
		return nil, invalid(name, "the file is larger than %d MB", MaxSize>>20)
	}
	switch Detect(name, data) {
	case FormatCamt053:
		return ParseCamt(data)
	case FormatMT940:
		return ParseMT940(data)
	case FormatCSV:
		return ParseCSV(data, nil)
	}
	return nil, invalid(name, "the file is no bank statement we read: not camt XML, not MT940, not a CSV export")
}

// Detect names the format of a statement file: FormatCamt053 for any camt XML (052, 053, 054),
// FormatMT940 for MT940 and MT942, FormatCSV for delimited text, "" when none fits.
func Detect(name string, data []byte) Format {
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	trimmed := bytes.TrimLeft(head, " \t\r\n\x01")
	if bytes.HasPrefix(trimmed, []byte("<")) {
		return FormatCamt053
	}
	text := string(head)
	if strings.HasPrefix(string(trimmed), "{1:") || strings.Contains(text, ":20:") &&
		(strings.Contains(text, ":25:") || strings.Contains(text, ":60F:") || strings.Contains(text, ":61:")) {
		return FormatMT940
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".sta", ".940", ".mt940", ".swi":
		return FormatMT940
	case ".xml", ".camt", ".053", ".054", ".052":
		return FormatCamt053
	}
	if bytes.ContainsAny(head, ";,\t|") && bytes.IndexByte(head, 0) < 0 {
		return FormatCSV
	}
	return ""
}
