package masterdata

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/o2c-project/o2c"
)

// FuzzReadFiles feeds the five files at once (an empty input means the file is absent). Reading
// must never panic; bad input yields row errors and no data, each error placed in a file, on a line;
// accepted input written back by WriteDir's encoder reads back to an equal value.
// Seeds: testdata/good plus testdata/fuzz/FuzzReadFiles.
func FuzzReadFiles(f *testing.F) {
	var good [5][]byte
	for i, spec := range files {
		b, err := os.ReadFile(filepath.Join("testdata", "good", spec.name))
		if err != nil {
			f.Fatal(err)
		}
		good[i] = b
	}
	f.Add(good[0], good[1], good[2], good[3], good[4])

	f.Fuzz(func(t *testing.T, customers, shipTo, products, items, prices []byte) {
		in := make(map[string][]byte)
		for i, b := range [][]byte{customers, shipTo, products, items, prices} {
			if len(b) > 0 {
				in[files[i].name] = b
			}
		}
		m, rowErrs, err := ReadFiles(in)
		if err != nil || len(rowErrs) > 0 {
			if m != nil {
				t.Fatalf("master data returned with errors %v %v", rowErrs, err)
			}
			for _, e := range rowErrs {
				if _, ok := in[e.File]; !ok || e.Line < 1 || e.Reason == "" {
					t.Fatalf("row error not placed in an input file: %+v", e)
				}
			}
			return
		}
		out, err := encode(m)
		if err != nil {
			t.Fatalf("encode accepted data: %v", err)
		}
		again, rowErrs, err := ReadFiles(out)
		if err != nil || len(rowErrs) > 0 {
			t.Fatalf("re-reading written data: %v %v\n%s", rowErrs, err, out)
		}
		if a, b := mustJSON(t, m), mustJSON(t, again); a != b {
			t.Fatalf("round trip changed the data:\nfirst  %s\nsecond %s", a, b)
		}
	})
}

func mustJSON(t *testing.T, m *o2c.MasterData) string {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
