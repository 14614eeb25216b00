package sheet_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/money"
	"github.com/o2c-project/o2c/sheet"
)

// FuzzParseCSV feeds any bytes to ParseCSV. It must never panic. A refusal is a CodeInvalid with
// placed SHEET faults, or CodeTooLarge. Accepted drafts are well formed, and written back as a
// plain CSV file (English headers, ISO dates, plain decimals) they read back to the same orders.
// Seeds: testdata/*.csv and testdata/fuzz/FuzzParseCSV.
func FuzzParseCSV(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.csv"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		drafts, err := sheet.ParseCSV(b, sheet.Options{})
		if err != nil {
			checkRefusal(t, drafts, err)
			return
		}
		checkDrafts(t, drafts)
		again, err := sheet.ParseCSV(writeCSV(t, drafts), sheet.Options{})
		if err != nil {
			t.Fatalf("re-reading the drafts written as CSV: %v %+v\n%s", err, o2c.ErrorFaults(err), writeCSV(t, drafts))
		}
		if a, b := orderKey(drafts), orderKey(again); a != b {
			t.Fatalf("round trip changed the orders:\nfirst  %s\nsecond %s\nCSV:\n%s", a, b, writeCSV(t, drafts))
		}
	})
}

func checkRefusal(t *testing.T, drafts []o2c.OrderDraft, err error) {
	t.Helper()
	if drafts != nil {
		t.Fatalf("drafts returned with an error: %v", err)
	}
	switch o2c.ErrorCode(err) {
	case o2c.CodeTooLarge:
	case o2c.CodeInvalid:
		faults := o2c.ErrorFaults(err)
		if len(faults) == 0 {
			t.Fatalf("CodeInvalid without faults: %v", err)
		}
		for _, f := range faults {
			if !strings.HasPrefix(f.Rule, "SHEET-") || f.Path == "" || f.Message == "" {
				t.Fatalf("fault not placed: %+v", f)
			}
		}
	default:
		t.Fatalf("error of code %q: %v", o2c.ErrorCode(err), err)
	}
}

func checkDrafts(t *testing.T, drafts []o2c.OrderDraft) {
	t.Helper()
	if len(drafts) == 0 {
		t.Fatalf("no draft and no error")
	}
	pos := make(map[string]bool)
	for _, d := range drafts {
		if pos[d.PONumber] {
			t.Fatalf("two drafts for PO %q", d.PONumber)
		}
		pos[d.PONumber] = true
		if d.DocumentType != o2c.DocPurchaseOrder || d.Source == nil || d.Source.Channel != o2c.ChannelCSV || len(d.Lines) == 0 {
			t.Fatalf("malformed draft %+v", d)
		}
		if d.Currency != "" {
			if _, err := money.ParseCurrency(d.Currency); err != nil || d.Currency != strings.ToUpper(d.Currency) {
				t.Fatalf("currency %q", d.Currency)
			}
		}
		for k, v := range d.Confidence {
			if v < 0 || v > 1 || k == "" {
				t.Fatalf("confidence %q = %v", k, v)
			}
		}
		nos := make(map[int]bool)
		for _, l := range d.Lines {
			if l.LineNo < 1 || nos[l.LineNo] {
				t.Fatalf("line number %d of %+v", l.LineNo, d.Lines)
			}
			nos[l.LineNo] = true
			for _, x := range []*decimal.Decimal{l.Quantity, l.UnitPrice, l.LineTotal} {
				if x != nil && !money.IsPlainDecimal(x.String()) {
					t.Fatalf("decimal %s is not plain", x.String())
				}
			}
		}
	}
}

// writeCSV writes drafts as the plainest order file: one row per line, every order field in a
// column. Text cells are written ="..." so that no text is mistaken for a number or a date, and a
// first column of its own keeps a description from reading as a total row's label.
func writeCSV(t *testing.T, drafts []o2c.OrderDraft) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	text := func(s string) string {
		if s == "" {
			return ""
		}
		return `="` + s + `"`
	}
	num := func(d *decimal.Decimal) string {
		if d == nil {
			return ""
		}
		return d.String()
	}
	rows := [][]string{{"Row", "PO number", "Order date", "Delivery date", "Currency", "Line", "Item No.", "Customer item", "GTIN",
		"Description", "Quantity", "Unit", "Unit price", "Amount"}}
	for _, d := range drafts {
		for _, l := range d.Lines {
			rows = append(rows, []string{"x", text(d.PONumber), d.OrderDate.String(), d.RequestedDeliveryDate.String(), d.Currency,
				strconv.Itoa(l.LineNo), text(l.SupplierSKU), text(l.BuyerSKU), text(l.GTIN), text(l.Description),
				num(l.Quantity), text(l.Unit), num(l.UnitPrice), num(l.LineTotal)})
		}
	}
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// orderKey writes what a round trip keeps: orders, their dates and currency, and their lines.
func orderKey(drafts []o2c.OrderDraft) string {
	var parts []string
	for _, d := range drafts {
		parts = append(parts, strings.Join([]string{d.PONumber, d.OrderDate.String(), d.RequestedDeliveryDate.String(), d.Currency}, "|"))
		for _, l := range d.Lines {
			q := func(x *decimal.Decimal) string {
				if x == nil {
					return "nil"
				}
				return x.String()
			}
			parts = append(parts, strings.Join([]string{strconv.Itoa(l.LineNo), l.SupplierSKU, l.BuyerSKU, l.GTIN, l.Description,
				q(l.Quantity), l.Unit, q(l.UnitPrice), q(l.LineTotal)}, "|"))
		}
	}
	return strconv.Quote(strings.Join(slices.Clip(parts), "\n"))
}
