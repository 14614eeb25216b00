package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// reconcileOpen are open invoices whose numbers the remittance texts of real statements of the
// shared corpus name: R77561 and RF38...552 (camt.053 v8), RG.-NR. 1234567890 (an Oldenburgische
// Landesbank MT940), the structured reference 9001123412341234 and "Factuurnr 123456" (an ING
// MT940, where that credit is a returned payment, so 123456 must stay open).
const reconcileOpen = `invoice_number,customer_id,customer_name,issue_date,due_date,currency,amount_due,reference
R77561,C1,Jon Doe,2023-05-20,2023-06-19,CHF,474.40,
552,C2,Finanz AG,2023-05-01,2023-05-31,CHF,100.00,
1234567890,C3,Wohnbau Diepholz GmbH,2018-06-15,2018-07-15,EUR,105.00,
123456,C4,J. Janssen,2014-01-10,2014-02-10,EUR,1.57,
INV-2014-0007,C4,J. Janssen,2014-01-15,2014-02-15,EUR,32.00,9001123412341234
`

// TestReconcileCorpus runs `o2c reconcile` on a camt.053 and two MT940 files of the public corpus:
// a match by number, a part payment by RF creditor reference, a bank fee written off (and an
// entry with no bank reference, "#1"), a returned payment, unrelated credits, and a match by the
// customer's reference; the camt file's debit is left out.
func TestReconcileCorpus(t *testing.T) {
	t.Parallel()
	bankDir := filepath.Join("..", "..", "..", "shared", "corpus", "public", "bank")
	open := filepath.Join(t.TempDir(), "open.csv")
	if err := os.WriteFile(open, []byte(reconcileOpen), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	m := &Main{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	code := m.Run(context.Background(), []string{"reconcile", "--invoices", open,
		filepath.Join(bankDir, "camt", "camt_parser", "camt053_valid_example_v8.xml"),
		filepath.Join(bankDir, "mt940", "jejik", "oldenburgischelandesbank.sta"),
		filepath.Join(bankDir, "mt940", "oca", "test-ing.940")})
	if code != 0 {
		t.Fatalf("o2c reconcile exited %d: %s", code, stderr.String())
	}
	want := []string{
		`{"transaction_id":"9999171ZC0173078","amount":"474.40","status":"matched","allocations":[{"invoice_number":"R77561","amount":"474.40"}],"confidence":0.99,"reason":"invoice R77561 named in the remittance text; payer \"Jon Doe\" is the name of customer C1 Jon Doe; invoice R77561 is its only open invoice the amount settles; amount equal","currency":"CHF","customer_id":"C1"}`,
		`{"transaction_id":"2022172PH0003127","amount":"88.85","status":"partial","allocations":[{"invoice_number":"552","amount":"88.85"}],"confidence":0.93,"reason":"invoice 552 named by the RF creditor reference RF38000000000000000000552 (check digits valid); payer \"Finanz AG\" is the name of customer C2 Finanz AG; pays 88.85 of 100.00 open; 11.15 stays open","currency":"CHF","customer_id":"C2"}`,
		`{"transaction_id":"#1","amount":"104.50","status":"matched","allocations":[{"invoice_number":"1234567890","amount":"104.50"}],"confidence":0.97,"reason":"invoice 1234567890 named in the remittance text; payer \"WOHNBAU DIEPHOLZ GMBH\" is the name of customer C3 Wohnbau Diepholz GmbH; 0.50 short: written off as a bank fee or small difference (within tolerance)","currency":"EUR","customer_id":"C3","write_off":"0.50"}`,
		`{"transaction_id":"00000000001","amount":"1.56","status":"unmatched","allocations":[],"confidence":0,"reason":"no open invoice named; payer \"ING BANK NV INZAKE WEB\" (NL32INGB0000012345) is no known customer; the amount matches no open invoice","currency":"EUR"}`,
		`{"transaction_id":"00000000001007","amount":"1.57","status":"unmatched","allocations":[],"confidence":0,"reason":"a returned payment (reason MS03), not a customer's payment","currency":"EUR"}`,
		`{"transaction_id":"00000000001008","amount":"1.45","status":"unmatched","allocations":[],"confidence":0,"reason":"no open invoice named; payer without a name is no known customer; the amount matches no open invoice","currency":"EUR"}`,
		`{"transaction_id":"00000000001011","amount":"32.00","status":"matched","allocations":[{"invoice_number":"INV-2014-0007","amount":"32.00"}],"confidence":0.98,"reason":"invoice INV-2014-0007 named by the customer's reference 9001123412341234; payer \"J.Janssen\" resembles customer C4 J. Janssen (similarity 0.97); invoice INV-2014-0007 is its only open invoice the amount settles; amount equal","currency":"EUR","customer_id":"C4"}`,
	}
	got := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	if len(got) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(got), len(want), stdout.String())
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d:\n got %s\nwant %s", i+1, got[i], want[i])
		}
	}
}

func TestReconcileBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	badCSV := filepath.Join(dir, "bad.csv")
	goodCSV := filepath.Join(dir, "open.csv")
	notStatement := filepath.Join(dir, "note.bin")
	for path, body := range map[string]string{badCSV: "invoice_number,customer_id\nF-1,C1\n", goodCSV: reconcileOpen, notStatement: "\x00\x01\x02"} {
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"NoInvoices", []string{"reconcile", notStatement}, 2, "usage: o2c reconcile --invoices OPEN.csv"},
		{"NoStatement", []string{"reconcile", "--invoices", goodCSV}, 2, "usage: o2c reconcile"},
		{"BadOpenItems", []string{"reconcile", "--invoices", badCSV, notStatement}, 1, "o2c reconcile: " + badCSV + ": line 1: the header lacks column(s) customer_name"},
		{"NotAStatement", []string{"reconcile", "--invoices", goodCSV, notStatement}, 1, "o2c reconcile: " + notStatement + ": "},
		{"MissingFile", []string{"reconcile", "--invoices", filepath.Join(dir, "none.csv"), notStatement}, 1, "no such file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			m := &Main{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
			if code := m.Run(context.Background(), c.args); code != c.code || !strings.Contains(stderr.String(), c.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d saying %q", code, stderr.String(), c.code, c.want)
			}
			if c.code == 1 && strings.Count(strings.TrimSpace(stderr.String()), "\n") > 0 {
				t.Errorf("the error takes more than one line: %q", stderr.String())
			}
			if stdout.Len() > 0 {
				t.Errorf("printed %q on bad input", stdout.String())
			}
		})
	}
}
