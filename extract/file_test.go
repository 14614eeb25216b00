package extract_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract"
)

func TestFile(t *testing.T) {
	t.Parallel()

	po := `{"document_type":"purchase_order","lines":[{"quantity":"1"}]}`
	for _, tc := range []struct {
		name    string
		content string
		orders  int    // drafts expected when ok
		message string // part of the error message otherwise
	}{
		{"order.json", po, 1, ""},
		{"order.txt", "\n\t " + po + "\n", 1, ""},
		{"windows.json", "\xEF\xBB\xBF" + po, 1, ""},
		{"two.json", "[" + po + "," + po + "]", 2, ""},
		{"scalar.json", `"purchase_order"`, 0, "must be an order object"},
		{"empty.json", "", 0, `"empty.json" is empty`},
		{"blank.json", " \r\n", 0, "is empty"},
		{"dir/order.pdf", "%PDF-1.7\n...", 0, `"order.pdf" is not an order format o2c reads`},
		{"notes.txt", "Bonjour, voici notre commande", 0, "header"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			drafts, err := extract.File(tc.name, []byte(tc.content))
			if tc.message == "" {
				if err != nil || len(drafts) != tc.orders {
					t.Fatalf("File = %d drafts, %v; want %d", len(drafts), err, tc.orders)
				}
				return
			}
			if o2c.ErrorCode(err) != o2c.CodeInvalid || !strings.Contains(o2c.ErrorMessage(err), tc.message) ||
				len(o2c.ErrorFaults(err)) == 0 {
				t.Fatalf("File error = %v (%q, %+v); want CodeInvalid with faults, saying %q",
					err, o2c.ErrorMessage(err), o2c.ErrorFaults(err), tc.message)
			}
		})
	}
}

// TestFileReadsEveryFormat sends one real file of each format through File: the reader is chosen
// by content, and each draft says which channel's syntax it came from.
func TestFileReadsEveryFormat(t *testing.T) {
	t.Parallel()
	corpus := "../../shared/corpus/public/"
	for _, tc := range []struct {
		path    string
		channel o2c.Channel
		orders  int
	}{
		{corpus + "edifact/bots-plugins/ORDERS_D96A_EAN008_order03.edi", o2c.ChannelEDIFACT, 1},
		{corpus + "x12/bots-plugins/850-004010-01.x12", o2c.ChannelX12, 1},
		{corpus + "ubl/peppol-ordering/order/" + firstFile(t, corpus+"ubl/peppol-ordering/order"), o2c.ChannelUBL, 1},
		{"../sheet/testdata/en_two_orders.csv", o2c.ChannelCSV, 2},
		{"../sheet/testdata/de_bestellung.xlsx", o2c.ChannelXLSX, 1},
	} {
		t.Run(filepath.Base(tc.path), func(t *testing.T) {
			t.Parallel()
			content, err := os.ReadFile(tc.path)
			if err != nil {
				t.Fatal(err)
			}
			drafts, err := extract.File(filepath.Base(tc.path), content)
			if err != nil {
				t.Fatal(err)
			}
			if len(drafts) < tc.orders {
				t.Fatalf("%d orders, want at least %d", len(drafts), tc.orders)
			}
			for _, d := range drafts {
				if d.Source == nil || d.Source.Channel != tc.channel || len(d.Lines) == 0 {
					t.Fatalf("draft source %+v with %d lines, want channel %s and lines", d.Source, len(d.Lines), tc.channel)
				}
			}
		})
	}
}

// TestFileFlagsABrokenEnvelope: an interchange whose UNT count is wrong is read, but its order
// carries the problem and a low confidence on its lines, so verification sends it to a person.
func TestFileFlagsABrokenEnvelope(t *testing.T) {
	t.Parallel()
	content, err := os.ReadFile("../../shared/corpus/public/edifact/oca-edi/ORDERS_D96A_no_PRI_segments.edi")
	if err != nil {
		t.Fatal(err)
	}
	drafts, err := extract.File("orders.edi", content)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range drafts {
		if d.Confidence["lines"] >= 0.9 || !strings.Contains(d.Notes, "EDIFACT syntax") {
			t.Fatalf("draft %s: confidence %v, notes %q; want the problem noted and low confidence", d.PONumber, d.Confidence, d.Notes)
		}
	}
}

func firstFile(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		t.Fatalf("read %s: %v", dir, err)
	}
	return entries[0].Name()
}
