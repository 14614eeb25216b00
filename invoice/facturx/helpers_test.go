package facturx

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/invoice"
)

// testCase is an invoice of the table that package pdf keeps in testdata/cases (from
// invoice/cases_test.go); a name ending in -basic or -extended selects that profile.
type testCase struct {
	name    string
	inv     invoice.Invoice
	profile invoice.Profile
}

func loadCases(t testing.TB) []testCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "pdf", "testdata", "cases", "*.json"))
	if err != nil || len(files) < 30 {
		t.Fatalf("the invoice table is missing (%d files): %v", len(files), err)
	}
	sort.Strings(files)
	var cs []testCase
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c := testCase{name: strings.TrimSuffix(filepath.Base(f), ".json")}
		if err := json.Unmarshal(b, &c.inv); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		switch {
		case strings.HasSuffix(c.name, "-basic"):
			c.profile = invoice.ProfileBasic
		case strings.HasSuffix(c.name, "-extended"):
			c.profile = invoice.ProfileExtended
		}
		cs = append(cs, c)
	}
	return cs
}

// made is a Factur-X file of the table and the XML that went into it.
type made struct {
	testCase
	pdf, xml []byte
}

var (
	madeOnce sync.Once
	madeAll  []made
	madeErr  error
)

// makeTable makes every case of the table once per test binary.
func makeTable(t *testing.T) []made {
	t.Helper()
	madeOnce.Do(func() {
		for _, c := range loadCases(t) {
			xml, err := invoice.WriteCII(c.inv, c.profile)
			if err != nil {
				madeErr = err
				return
			}
			pdf, err := Make(c.inv, Params{Profile: c.profile, Lang: "fr"})
			if err != nil {
				madeErr = err
				return
			}
			madeAll = append(madeAll, made{c, pdf, xml})
		}
	})
	if madeErr != nil {
		t.Fatalf("make the table: %v %v", madeErr, o2c.ErrorFaults(madeErr))
	}
	return madeAll
}

// tool finds a command, or skips without it, except in CI where it fails.
func tool(tb testing.TB, name string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("%s is missing (scripts/install-deps.sh installs it): %v", name, err)
		}
		tb.Skipf("%s is missing; scripts/install-deps.sh installs it", name)
	}
	return p
}

// corpusRoot is the shared public corpus, or $O2C_CORPUS; without it the test skips, but in CI.
func corpusRoot(tb testing.TB) string {
	tb.Helper()
	root := os.Getenv("O2C_CORPUS")
	if root == "" {
		root = filepath.Join("..", "..", "..", "shared", "corpus", "public")
	}
	if _, err := os.Stat(filepath.Join(root, "en16931-validation")); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("the corpus is missing: %v", err)
		}
		tb.Skipf("the corpus is missing (%v); set O2C_CORPUS", err)
	}
	return root
}

// decimalString matches a JSON string that holds a decimal, to write it in one canonical form.
var decimalString = regexp.MustCompile(`"(-?\d+)(?:\.(\d*?))0*"`)

// canonical writes v as JSON with decimals stripped of trailing zeros ("20.00" is "20").
func canonical(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(decimalString.ReplaceAllFunc(b, func(m []byte) []byte {
		sub := decimalString.FindSubmatch(m)
		if len(sub[2]) == 0 {
			return []byte(`"` + string(sub[1]) + `"`)
		}
		return []byte(`"` + string(sub[1]) + "." + string(sub[2]) + `"`)
	}))
}
