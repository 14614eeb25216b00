package sheet_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract"
	"github.com/o2c-project/o2c/sheet"
)

var update = flag.Bool("update", false, "rewrite testdata/out/*.json and the XLSX fixtures built by the tests")

// xlsxFixtures are the workbooks of testdata, built by code so that they can be made again.
var xlsxFixtures = map[string]func() book{
	"de_bestellung.xlsx": bestellung,
}

// TestFixtures reads every order file of testdata and compares the drafts with
// testdata/out/<file>.json (e.g. de_bestellung.csv.json); `go test ./sheet -run TestFixtures -update` rewrites them. Every draft
// must also pass extract.CheckDraft, the checks every channel's drafts pass.
func TestFixtures(t *testing.T) {
	t.Parallel()

	if *update {
		for name, build := range xlsxFixtures {
			if err := os.WriteFile(filepath.Join("testdata", name), build().bytes(t), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, e := range entries {
		name := e.Name()
		ext := filepath.Ext(name)
		if e.IsDir() || ext != ".csv" && ext != ".xlsx" {
			continue
		}
		seen++
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			parse := sheet.ParseCSV
			if ext == ".xlsx" {
				parse = sheet.ParseXLSX
			}
			drafts, err := parse(b, sheet.Options{FileName: name})
			if err != nil {
				t.Fatalf("%s: %v %+v", name, err, o2c.ErrorFaults(err))
			}
			for i := range drafts {
				if faults := extract.CheckDraft(&drafts[i]); len(faults) > 0 {
					t.Fatalf("draft %d of %s breaks the draft checks: %+v", i, name, faults)
				}
			}
			got, err := json.MarshalIndent(drafts, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "out", name+".json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("%s reads differently from %s:\n%s", name, golden, got)
			}
		})
	}
	if seen < 4 {
		t.Fatalf("testdata holds %d order files, want at least 4", seen)
	}
}
