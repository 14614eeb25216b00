package pdf

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestCasesJSON keeps testdata/cases in step with the table: one invoice JSON per case, which
// the tests of facturx and cmd/o2c read (go test -update rewrites them). The name of a case
// under a Factur-X profile ends in its profile (-basic, -extended).
func TestCasesJSON(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "cases")
	if *update {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range testCases() {
		want, err := json.MarshalIndent(c.inv, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, '\n')
		f := filepath.Join(dir, c.name+".json")
		if *update {
			if err := os.WriteFile(f, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("%v (go test ./invoice/pdf -update writes it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the table; go test ./invoice/pdf -run TestCasesJSON -update", f)
		}
	}
}
