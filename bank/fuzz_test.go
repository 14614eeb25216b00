package bank

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

// The fuzz targets hold every statement parser to: never panicking; failing only with a CodeInvalid
// error whose one fault is RuleSyntax; reading the same bytes to the same statements every time
// (natural keys included); amounts never negative and marks C or D; unique, non-empty keys; and a
// statement whose balances do not add up carrying a RuleBalance fault. Seeds: the testdata files,
// and the corpus files copied under testdata/fuzz/<target>.

func FuzzCamt(f *testing.F) {
	addSeeds(f, "*.xml")
	f.Add([]byte(`<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>1</Id><Acct><Id><IBAN>DE02120300000000202051</IBAN></Id></Acct><Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-01-01</Dt></Dt></Bal><Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">3.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-01-02</Dt></Dt></Bal><Ntry><Amt Ccy="EUR">2.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry></Stmt></BkToCstmrStmt></Document>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		checkParse(t, b, ParseCamt)
	})
}

func FuzzMT940(f *testing.F) {
	addSeeds(f, "*.sta")
	f.Add([]byte(":20:R\n:25:DE02120300000000202051\n:28C:1\n:60F:C240101EUR1,\n:61:2401010101RC2,5NTRFREF//B1\n/OCMT/EUR2,5/\n:86:166?00GUTSCHRIFT?20EREF+E1 SVWZ+RE 1?21 2?31DE02120300000000202051?32NAME\n:62F:D240101EUR1,5\n-\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		checkParse(t, b, ParseMT940)
	})
}

func FuzzCSV(f *testing.F) {
	addSeeds(f, "*.csv")
	f.Fuzz(func(t *testing.T, b []byte) {
		checkParse(t, b, func(b []byte) ([]Statement, error) { return ParseCSV(b, nil) })
	})
}

func addSeeds(f *testing.F, pattern string) {
	files, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file) //nolint:gosec // a file of testdata
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

func checkParse(t *testing.T, b []byte, parse func([]byte) ([]Statement, error)) {
	t.Helper()
	ss, err := parse(b)
	if err != nil {
		if fs := o2c.ErrorFaults(err); o2c.ErrorCode(err) != o2c.CodeInvalid || len(fs) != 1 || fs[0].Rule != RuleSyntax {
			t.Fatalf("error %v (%s, %+v) is no CodeInvalid %s", err, o2c.ErrorCode(err), fs, RuleSyntax)
		}
		return
	}
	again, err := parse(b)
	if err != nil || !reflect.DeepEqual(ss, again) {
		t.Fatalf("a second read differs (%v)", err)
	}
	if _, err := json.Marshal(ss); err != nil {
		t.Fatalf("statements do not marshal: %v", err)
	}
	for i, s := range ss {
		keys := map[string]bool{}
		sum := decimal.Zero
		for j, e := range s.Entries {
			if e.Amount.IsNegative() || e.Mark != Credit && e.Mark != Debit {
				t.Fatalf("statement %d entry %d: amount %s mark %q", i, j, e.Amount, e.Mark)
			}
			if e.Key == "" || keys[e.Key] {
				t.Fatalf("statement %d entry %d: key %q empty or repeated", i, j, e.Key)
			}
			keys[e.Key] = true
			if e.Status == StatusBooked || e.Status == "" {
				sum = sum.Add(e.Signed())
			}
		}
		if s.Opening != nil && s.Closing != nil && !s.Opening.Signed().Add(sum).Equal(s.Closing.Signed()) {
			flagged := false
			for _, f := range s.Faults {
				flagged = flagged || f.Rule == RuleBalance
			}
			if !flagged {
				t.Fatalf("statement %d does not add up and carries no %s fault", i, RuleBalance)
			}
		}
	}
}
