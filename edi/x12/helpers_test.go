package x12_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
)

// corpusDir holds the real-world X12 files of the shared corpus (shared/corpus/public/x12).
const corpusDir = "../../../shared/corpus/public/x12"

func readCorpus(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir, name))
	if err != nil {
		t.Fatalf("the shared X12 corpus is needed by these tests: %v", err)
	}
	return b
}

// corpusFiles lists every file of the corpus, as paths relative to corpusDir.
func corpusFiles(t testing.TB) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(corpusDir, "*", "*"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no files in the shared X12 corpus %s (%v)", corpusDir, err)
	}
	for i, p := range paths {
		paths[i], _ = filepath.Rel(corpusDir, p)
	}
	return paths
}

// wantFault checks that err is an *o2c.Error of code with one fault of rule whose path and
// message hold the given fragments.
func wantFault(t *testing.T, err error, code o2c.Code, rule string, fragments ...string) {
	t.Helper()
	var e *o2c.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an *o2c.Error", err)
	}
	if e.Code != code {
		t.Fatalf("code = %s, want %s (%s)", e.Code, code, e.Message)
	}
	if rule == "" {
		return
	}
	if len(e.Faults) == 0 || e.Faults[0].Rule != rule {
		t.Fatalf("faults = %+v, want rule %s", e.Faults, rule)
	}
	all := e.Faults[0].Path + ": " + e.Faults[0].Message
	if e.Message != all && len(e.Faults) == 1 {
		t.Fatalf("message %q is not the fault's %q", e.Message, all)
	}
	for _, f := range fragments {
		if !strings.Contains(all, f) {
			t.Fatalf("fault %q does not say %q", all, f)
		}
	}
}

// lineString shows a draft line compactly for comparisons.
func lineString(l o2c.DraftLine) string {
	dec := func(d interface{ String() string }, isNil bool) string {
		if isNil {
			return "-"
		}
		return d.String()
	}
	return fmt.Sprintf("no=%d qty=%s unit=%s price=%s buyer=%s supplier=%s gtin=%s desc=%s",
		l.LineNo, dec(l.Quantity, l.Quantity == nil), l.Unit, dec(l.UnitPrice, l.UnitPrice == nil),
		l.BuyerSKU, l.SupplierSKU, l.GTIN, l.Description)
}

// partyString shows a party compactly: name|street|postal|city|country|gln|email, "-" for none.
func partyString(p *o2c.Party) string {
	if p == nil {
		return "-"
	}
	return strings.Join([]string{p.Name, p.Street, p.PostalCode, p.City, p.Country, p.GLN, p.Email}, "|")
}
