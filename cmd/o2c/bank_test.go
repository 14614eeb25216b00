package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

// bankCorpus names a file of the public bank corpus beside the repository.
func bankCorpus(parts ...string) string {
	return filepath.Join(append([]string{"..", "..", "..", "shared", "corpus", "public", "bank"}, parts...)...)
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path) //nolint:gosec // a file of the public corpus
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBankImportCLI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := bankCorpus("camt", "camt_parser", "camt053_valid_example.xml")
	code, out, stderr := runMain(t, "bank", "import", file, "--data", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep app.StatementReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	// The file holds one statement that adds up, of 4 entries: debits of 2.00 and 3.00, a credit
	// of 1.00, and a debit batch of 6.00 whose 2 details (3.50, 2.50) are 2 transactions.
	if rep.Statements != 1 || rep.Transactions != 5 || rep.Flagged != 0 || rep.Unmatched != 1 || rep.File != "camt053_valid_example.xml" {
		t.Fatalf("report %+v, want 1 statement of 5 transactions, one credit", rep)
	}
	code, out, stderr = runMain(t, "bank", "import", file, "--data", dir)
	if err := json.Unmarshal([]byte(out), &rep); code != 0 || err != nil || rep.Statements != 0 || rep.Duplicates != 5 {
		t.Fatalf("second import: exit %d, report %+v (%v) %s; want 5 duplicates", code, rep, err, stderr)
	}
	notStatement := filepath.Join(dir, "note.txt")
	if err := os.WriteFile(notStatement, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr = runMain(t, "bank", "import", notStatement, "--data", dir); code != 1 || !strings.Contains(stderr, "no bank statement") {
		t.Fatalf("importing a note: exit %d, %s", code, stderr)
	}
	if code, _, _ = runMain(t, "bank"); code != 2 {
		t.Fatalf("bank without import: exit %d, want 2", code)
	}
}

func TestIsStatement(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		data string
		want bool
	}{
		{"camt.053", string(readFile(t, bankCorpus("camt", "camt_parser", "camt053_valid_example.xml"))), true},
		{"mt940.sta", string(readFile(t, bankCorpus("mt940", "jejik", "sparkasse.sta"))), true},
		{"order.xml", `<?xml version="1.0"?><Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"><ID>1</ID></Order>`, false},
		{"order.csv", "sku;quantity\nBEV-1;4\n", false},
		{"order.edi", "UNA:+.? 'UNB+UNOC:3+SENDER+RECEIVER+260302:0930+1'UNH+1+ORDERS:D:96A:UN'", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := isStatement(tt.name, []byte(tt.data)); got != tt.want {
				t.Fatalf("isStatement = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestWatchedFolderBankStatement drops a camt file into the inbox's bank/ folder and an MT940 file
// among the orders: both are imported as statements, not as orders, and move to processed/.
func TestWatchedFolderBankStatement(t *testing.T) {
	t.Parallel()
	s, dir := runningStack(t, stackParams{workers: 2})
	inbox := filepath.Join(dir, "inbox")
	write := func(path string, data []byte) {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(inbox, "bank", "march.xml"), readFile(t, bankCorpus("camt", "camt_parser", "camt053_valid_example.xml")))
	write(filepath.Join(inbox, "sparkasse.sta"), readFile(t, bankCorpus("mt940", "jejik", "sparkasse.sta")))

	deadline := time.Now().Add(30 * time.Second)
	for {
		list, total, err := s.payments.Statements(t.Context(), o2c.StatementFilter{})
		if err != nil {
			t.Fatal(err)
		}
		files := map[string]bool{}
		for _, st := range list {
			files[st.FileName] = true
		}
		if files["march.xml"] && files["sparkasse.sta"] {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 30 s, %d statements from %v", total, files)
		}
		time.Sleep(50 * time.Millisecond)
	}
	orders, total, err := s.orders.List(t.Context(), o2c.OrderFilter{})
	if err != nil || total != 0 {
		t.Fatalf("orders %d (%v) %+v, want none: statements are no orders", total, err, orders)
	}
	for _, p := range []string{filepath.Join(inbox, "bank", "processed", "march.xml"), filepath.Join(inbox, "processed", "sparkasse.sta")} {
		deadline := time.Now().Add(10 * time.Second)
		for _, err := os.Stat(p); err != nil; _, err = os.Stat(p) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: %v", p, err)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}
