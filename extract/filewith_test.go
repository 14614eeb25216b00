package extract_test

import (
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract"
	"github.com/o2c-project/o2c/sheet"
)

// TestFileWithSheetProfile: a CSV whose headers no dictionary knows is unreadable by File, and
// read by FileWith with the customer's profile; the file name still reaches the draft's source.
func TestFileWithSheetProfile(t *testing.T) {
	t.Parallel()
	csv := []byte("Bestellung 4711\nKennung;Wieviel;Was\n471100123;3;Kaffee\n471100140;12;Milch\n")

	_, err := extract.File("dir/liste.csv", csv)
	if o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Fatalf("File = %v, want CodeInvalid (no header row)", err)
	}

	p := &sheet.Profile{Name: "Kantine", Columns: map[string]string{"buyer_sku": "Kennung", "quantity": "Wieviel", "description": "Was"}}
	drafts, err := extract.FileWith("dir/liste.csv", csv, extract.Options{Sheet: sheet.Options{Profile: p}})
	if err != nil {
		t.Fatalf("FileWith: %v", err)
	}
	if len(drafts) != 1 || len(drafts[0].Lines) != 2 {
		t.Fatalf("FileWith = %+v, want one order of two lines", drafts)
	}
	l := drafts[0].Lines[1]
	if l.BuyerSKU != "471100140" || l.Quantity == nil || l.Quantity.String() != "12" || l.Description != "Milch" {
		t.Fatalf("line 2 = %+v, want 12 of the customer's 471100140", l)
	}
	if drafts[0].Source == nil || drafts[0].Source.File != "liste.csv" || drafts[0].PONumber != "4711" {
		t.Fatalf("draft source %+v, PO %q; want file liste.csv and PO 4711", drafts[0].Source, drafts[0].PONumber)
	}

	// Other formats ignore the sheet options.
	drafts, err = extract.FileWith("order.json", []byte(`{"document_type":"purchase_order","lines":[{"quantity":"1"}]}`),
		extract.Options{Sheet: sheet.Options{Profile: p}})
	if err != nil || len(drafts) != 1 {
		t.Fatalf("FileWith JSON = %d drafts, %v", len(drafts), err)
	}
}
