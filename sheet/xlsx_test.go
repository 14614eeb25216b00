package sheet_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/sheet"
)

// book builds a workbook: each sheet is a list of rows; a row maps a cell reference to its value
// (a string is a text cell, an int or a float a numeric one, a time.Time a date serial).
type book struct {
	sheets   []bookSheet
	date1904 bool
}

type bookSheet struct {
	name   string
	hidden bool
	cells  map[string]any
}

func (b book) bytes(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if b.date1904 {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
	}
	for i, s := range b.sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for ref, v := range s.cells {
			var err error
			switch x := v.(type) {
			case float64:
				err = f.SetCellFloat(s.name, ref, x, -1, 64)
			default:
				err = f.SetCellValue(s.name, ref, v)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if s.hidden {
			if err := f.SetSheetVisible(s.name, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// bestellung is a German order: a cover sheet first, then the order under a title block, with
// numeric cells (one with the noise of a binary float), a date serial, and text numbers.
func bestellung() book {
	return book{sheets: []bookSheet{
		{name: "Deckblatt", cells: map[string]any{"A1": "Lieferant: Werkzeug AG", "A3": "Seite 1 von 2"}},
		{name: "Bestellung", cells: map[string]any{
			"A1": "Bestellung",
			"A2": "Bestellnummer", "B2": 4500099,
			"A3": "Bestelldatum", "B3": time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC),
			"A4": "Kunde", "B4": "Müller GmbH",
			"A5": "Liefertermin:", "B5": "16.11.2026",
			"A7": "Pos", "B7": "Artikelnummer", "C7": "EAN", "D7": "Bezeichnung", "E7": "Menge", "F7": "Einzelpreis", "G7": "Gesamtpreis",
			"A8": 1, "B8": "00123", "C8": 4006381333931, "D8": "Schraube M4", "E8": 1000, "F8": 0.1 + 0.2, "G8": 300,
			"A9": 2, "B9": "A-2", "D9": "Mutter M4", "E9": 2.5, "F9": "1.234,56", "G9": "3.086,40",
			"F11": "Summe netto", "G11": 3386.4,
		}},
		{name: "Artikel", hidden: true, cells: map[string]any{"A1": "Art.-Nr.", "B1": "Menge", "A2": "X", "B2": 1}},
	}}
}

// zipBomb returns a workbook whose first sheet unzips to at least size bytes: one text cell of a
// repeated letter. The sheet is deflated by hand, one 1 MB block compressed once and repeated,
// so a gigabyte costs a megabyte and no time. Its zip header declares declared bytes (a hostile
// archive lies), or the true size when declared is 0.
func zipBomb(t testing.TB, size, declared int64) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	skeleton, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(skeleton.Bytes()), int64(skeleton.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, e := range zr.File {
		if e.Name != "xl/worksheets/sheet1.xml" {
			if err := zw.Copy(e); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Blocks deflated apart and ended by a flush are byte-aligned and refer to nothing before
	// them: laid end to end they are one valid stream.
	deflate := func(p []byte, last bool) []byte {
		var b bytes.Buffer
		w, err := flate.NewWriter(&b, flate.BestCompression)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(p); err != nil {
			t.Fatal(err)
		}
		if last {
			err = w.Close()
		} else {
			err = w.Flush()
		}
		if err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	head := []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>`)
	tail := []byte(`</t></is></c></row></sheetData></worksheet>`)
	block := bytes.Repeat([]byte("A"), 1<<20)
	crc := crc32.NewIEEE()
	raw := deflate(head, false)
	crc.Write(head)
	packed := deflate(block, false)
	n := int64(len(head) + len(tail))
	for ; n < size; n += int64(len(block)) {
		raw = append(raw, packed...)
		crc.Write(block)
	}
	raw = append(raw, deflate(tail, true)...)
	crc.Write(tail)
	if declared == 0 {
		declared = n
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64: uint64(len(raw)), UncompressedSize64: uint64(declared)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestParseXLSX(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name string
		book book
		opts sheet.Options
		want string
	}{
		{
			name: "OKHeaderUnderTitleBlockSecondSheet",
			book: bestellung(),
			opts: sheet.Options{FileName: "bestellung.xlsx"},
			want: `[{"document_type":"purchase_order","source":{"channel":"xlsx","file":"bestellung.xlsx"},"po_number":"4500099",
				"order_date":"2026-11-02","requested_delivery_date":"2026-11-16","buyer":{"name":"Müller GmbH"},"lines":[
				{"line_no":1,"supplier_sku":"00123","gtin":"4006381333931","description":"Schraube M4","quantity":"1000","unit_price":"0.3","line_total":"300"},
				{"line_no":2,"supplier_sku":"A-2","description":"Mutter M4","quantity":"2.5","unit_price":"1234.56","line_total":"3086.40"}],
				"totals":{"net":"3386.4"}}]`,
		},
		{
			name: "OKTwoOrdersEnglishTextDates1904",
			book: book{date1904: true, sheets: []bookSheet{{name: "Orders", cells: map[string]any{
				"A1": "PO number", "B1": "Order date", "C1": "Need by", "D1": "SKU", "E1": "Quantity", "F1": "Unit", "G1": "Price",
				"A2": "PO-1", "B2": "11/25/2026", "C2": 45000, "D2": "X-1", "E2": 3, "F2": "EA", "G2": "1,234.50",
				"A3": "PO-2", "B3": "12/01/2026", "D3": "X-2", "E3": 1, "F3": "kg", "G3": 9.99,
				"A4": "PO-1", "B4": "11/25/2026", "D4": "X-3", "E4": 2, "G4": "1,000",
			}}}},
			want: `[{"document_type":"purchase_order","source":{"channel":"xlsx"},"po_number":"PO-1","order_date":"2026-11-25",
				"requested_delivery_date":"2027-03-16","lines":[
				{"line_no":1,"supplier_sku":"X-1","quantity":"3","unit":"C62","unit_price":"1234.50"},
				{"line_no":2,"supplier_sku":"X-3","quantity":"2","unit_price":"1000"}]},
				{"document_type":"purchase_order","source":{"channel":"xlsx"},"po_number":"PO-2","order_date":"2026-12-01","lines":[
				{"line_no":1,"supplier_sku":"X-2","quantity":"1","unit":"KGM","unit_price":"9.99"}]}]`,
		},
		{
			name: "OKProfileSheet",
			book: bestellung(),
			opts: sheet.Options{Profile: &sheet.Profile{Name: "x", Sheet: "artikel"}},
			want: `[{"document_type":"purchase_order","source":{"channel":"xlsx"},"lines":[{"line_no":1,"supplier_sku":"X","quantity":"1"}]}]`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := sheet.ParseXLSX(tt.book.bytes(t), tt.opts)
			if err != nil {
				t.Fatalf("ParseXLSX: %v %+v", err, o2c.ErrorFaults(err))
			}
			sameJSON(t, got, tt.want)
		})
	}
}

func TestParseXLSXErrors(t *testing.T) {
	t.Parallel()

	badQty := bestellung()
	badQty.sheets[1].cells["E9"] = "viele"
	noHeader := book{sheets: []bookSheet{
		{name: "Eins", cells: map[string]any{"A1": "Hallo"}},
		{name: "Zwei", cells: map[string]any{"A1": 1, "B1": 2}},
	}}
	tests := []struct {
		name     string
		in       []byte
		opts     sheet.Options
		rule     string
		path     string
		contains []string
	}{
		{
			name: "ErrQuantityNamesSheet", in: badQty.bytes(t), rule: sheet.RuleNumber, path: "Bestellung!E9",
			contains: []string{`quantity "viele" in row 9, column E "Menge" of sheet "Bestellung" is not a number`},
		},
		{
			name: "ErrNoSheetHasHeader", in: noHeader.bytes(t), rule: sheet.RuleNoHeader, path: "$",
			contains: []string{`sheet "Eins" has no header row`, `sheet "Zwei" has no header row`},
		},
		{
			name: "ErrProfileSheetMissing", in: noHeader.bytes(t), opts: sheet.Options{Profile: &sheet.Profile{Name: "x", Sheet: "Drei"}},
			rule: sheet.RuleOptions, path: "$", contains: []string{`sheet "Drei"`, `"Eins", "Zwei"`},
		},
		{name: "ErrNotAWorkbook", in: []byte("Réf.;Qté\nA;1\n"), rule: sheet.RuleUnreadable, path: "$", contains: []string{"XLSX"}},
		{name: "ErrEmpty", in: nil, rule: sheet.RuleUnreadable, path: "$", contains: []string{"empty"}},
		{
			name: "ErrZipBomb", in: zipBomb(t, 1<<30, 0), rule: sheet.RuleUnreadable, path: "$",
			contains: []string{"more than 64 MB", `"xl/worksheets/sheet1.xml" declares 10737`, "zip bomb"},
		},
		{
			name: "ErrZipBombLyingHeader", in: zipBomb(t, 256<<20, 1<<20), rule: sheet.RuleUnreadable, path: "$",
			contains: []string{`"xl/worksheets/sheet1.xml"`, "more than the 1048576 bytes it declares", "zip bomb"},
		},
		{
			name: "ErrZipBombLyingSmallUnderLimit", in: zipBomb(t, 256<<20, 60<<20), rule: sheet.RuleUnreadable, path: "$",
			contains: []string{"more than the 62914560 bytes it declares"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := sheet.ParseXLSX(tt.in, tt.opts)
			if err == nil {
				t.Fatalf("ParseXLSX = %+v, want an error", got)
			}
			if c := o2c.ErrorCode(err); c != o2c.CodeInvalid {
				t.Fatalf("code %q, want invalid: %v", c, err)
			}
			faults := o2c.ErrorFaults(err)
			if len(faults) == 0 || faults[0].Rule != tt.rule || faults[0].Path != tt.path {
				t.Fatalf("faults %+v, want the first with rule %s at %s", faults, tt.rule, tt.path)
			}
			for _, s := range tt.contains {
				if !strings.Contains(o2c.ErrorMessage(err), s) {
					t.Fatalf("message %q does not say %q", o2c.ErrorMessage(err), s)
				}
			}
		})
	}
}
