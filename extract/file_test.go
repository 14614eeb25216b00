package extract_test

import (
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
		{"dir/order.pdf", "%PDF-1.7\n...", 0, `"order.pdf" is not a supported format`},
		{"order.edi", "UNA:+.? 'UNB+UNOC:3+SENDER+RECEIVER+260101:1200+1'", 0, "not a supported format"},
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
