package invoice

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// TestParseRefuses checks what the readers refuse, with the rule that says why.
func TestParseRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, input, rule string
	}{
		{"ErrNotXML", "hello", RuleXML},
		{"ErrEmpty", "", RuleXML},
		{"ErrDoctype", `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Invoice xmlns="` + nsInvoice + `">&a;</Invoice>`, RuleXML},
		{"ErrUnclosed", `<Invoice xmlns="` + nsInvoice + `"><cbc:ID xmlns:cbc="` + nsCBC + `">1</cbc:ID>`, RuleXML},
		{"ErrOrder", `<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>`, RuleDocument},
		{"ErrBadAmount", `<Invoice xmlns="` + nsInvoice + `" xmlns:cac="` + nsCAC + `" xmlns:cbc="` + nsCBC + `"><cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">1,50</cbc:PayableAmount></cac:LegalMonetaryTotal></Invoice>`, RuleValue},
		{"ErrBadDate", `<Invoice xmlns="` + nsInvoice + `" xmlns:cbc="` + nsCBC + `"><cbc:IssueDate>27.11.2026</cbc:IssueDate></Invoice>`, RuleValue},
		{"ErrDeep", strings.Repeat("<a>", 100) + strings.Repeat("</a>", 100), RuleXML},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tt.input))
			if o2c.ErrorCode(err) != o2c.CodeInvalid {
				t.Fatalf("Parse: %v, want CodeInvalid", err)
			}
			if f := faultsOf(err); len(f) == 0 || f[0].Rule != tt.rule {
				t.Fatalf("faults %v, want rule %s", f, tt.rule)
			}
		})
	}
}

// FuzzParse feeds the readers arbitrary bytes, seeded with the files of the table and the corpus:
// they never panic, and an invoice they accept writes and reads back as it was written.
func FuzzParse(f *testing.F) {
	for _, c := range testCases()[:6] {
		if b, err := WriteCII(c.inv, ""); err == nil {
			f.Add(b)
		}
		if b, err := WriteUBL(c.inv); err == nil {
			f.Add(b)
		}
	}
	for _, p := range []string{"cii/en16931-examples/CII_example1.xml", "ubl/en16931-examples/ubl-tc434-example1.xml"} {
		if b, err := os.ReadFile(filepath.Join("..", "..", "shared", "corpus", "public", p)); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		inv, err := Parse(b)
		if err != nil {
			return
		}
		calc, err := Calculate(inv)
		if err != nil || Validate(calc) != nil {
			return
		}
		out, err := WriteCII(inv, "")
		if err != nil {
			t.Fatalf("a valid invoice does not write: %v %v", err, faultsOf(err))
		}
		back, err := Parse(out)
		if err != nil {
			t.Fatalf("what we wrote does not read back: %v", err)
		}
		again, err := WriteCII(back, "")
		if err != nil || string(again) != string(out) {
			t.Fatalf("write, read, write differs (%v)", err)
		}
	})
}

type fakeCounter map[string]int64

func (c fakeCounter) NextInvoiceSeq(_ context.Context, series string, year int) (int64, error) {
	key := series + "/" + string(rune('0'+year%10))
	c[key]++
	return c[key], nil
}

func TestAssign(t *testing.T) {
	t.Parallel()
	c := fakeCounter{}
	s := Series{Code: "INV", Prefix: "F"}
	var got []string
	for range 3 {
		inv := Invoice{IssueDate: cal.MustParse("2026-11-27")}
		if err := Assign(context.Background(), c, s, &inv); err != nil {
			t.Fatal(err)
		}
		got = append(got, inv.Number)
	}
	if strings.Join(got, " ") != "F2026-000001 F2026-000002 F2026-000003" {
		t.Fatalf("numbers %v", got)
	}
	if err := Assign(context.Background(), c, s, &Invoice{}); err == nil {
		t.Fatal("an invoice without issue date got a number")
	}
	if n := (Series{Prefix: "AV-", Width: 4}).Format(2027, 12); n != "AV-2027-0012" {
		t.Fatalf("Format = %s", n)
	}
}
