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

// TestFileFlagsCharactersOutsideTheDeclaredSet: bytes over 0x7F under a 7-bit character set
// (UNOA, UNOB) break the syntax, so the order goes to a person with the cause; UTF-8 text under
// UNOC is a safe guess, only noted.
func TestFileFlagsCharactersOutsideTheDeclaredSet(t *testing.T) {
	t.Parallel()
	interchange := func(syntax, name string) []byte {
		return []byte("UNA:+.? 'UNB+" + syntax + ":3+4012345000009:14+3012345000004:14+261127:1000+REF1'" +
			"UNH+1+ORDERS:D:96A:UN:EAN008'BGM+220+PO-1+9'NAD+BY+4012345000009::9++" + name + "'" +
			"LIN+1++4006381333931:EN'QTY+21:10'UNS+S'UNT+7+1'UNZ+1+REF1'")
	}
	for _, tc := range []struct {
		name     string
		content  []byte
		reviewed bool
		note     string
	}{
		{"UNOA/latin1", interchange("UNOA", "M\xfcller GmbH"), true, "UNOA allows no character over 0x7F"},
		{"UNOB/utf8", interchange("UNOB", "M\u00fcller GmbH"), true, "declares UNOB but its text is valid UTF-8"},
		{"UNOC/utf8", interchange("UNOC", "M\u00fcller GmbH"), false, "declares UNOC but its text is valid UTF-8"},
		{"UNOA/ascii", interchange("UNOA", "MUELLER GMBH"), false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			drafts, err := extract.File("orders.edi", tc.content)
			if err != nil || len(drafts) != 1 {
				t.Fatalf("File = %d drafts, %v; want one", len(drafts), err)
			}
			d := drafts[0]
			if low := d.Confidence["lines"] < 0.9 && d.Confidence != nil; low != tc.reviewed {
				t.Fatalf("confidence %v, want low %v", d.Confidence, tc.reviewed)
			}
			if !strings.Contains(d.Notes, tc.note) || (tc.note == "") != (d.Notes == "") {
				t.Fatalf("notes %q, want %q", d.Notes, tc.note)
			}
		})
	}
}
