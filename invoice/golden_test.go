package invoice

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/out")

// goldenCases are the cases whose output is kept under testdata/out, so that a change to what
// we write shows in review as a diff.
var goldenCases = []string{"s20-one-line", "fr-four-rates", "doc-allowance-charge-two-rates", "reverse-charge-ae",
	"intra-community-k", "credit-note-381", "usd-with-vat-in-eur", "profile-basic"}

// TestGolden compares the CII and UBL output of the golden cases with testdata/out; -update
// rewrites them.
func TestGolden(t *testing.T) {
	t.Parallel()
	for _, name := range goldenCases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var c testCase
			for _, tc := range testCases() {
				if tc.name == name {
					c = tc
				}
			}
			cii, err := WriteCII(c.inv, c.profile)
			if err != nil {
				t.Fatal(err)
			}
			ubl, err := WriteUBL(c.inv)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", "out", name+".cii.xml"), cii)
			golden(t, filepath.Join("testdata", "out", name+".ubl.xml"), ubl)
		})
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs from what is written now; review and run go test -update", path)
	}
}

// TestJSON: the model goes through JSON (amounts as strings, dates as YYYY-MM-DD) unchanged.
func TestJSON(t *testing.T) {
	t.Parallel()
	for _, c := range testCases() {
		inv, err := Calculate(c.inv)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(inv)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		var back Invoice
		if err := dec.Decode(&back); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if g, w := canonical(t, back), canonical(t, inv); g != w {
			t.Fatalf("%s: JSON round trip differs:\n got %s\nwant %s", c.name, g, w)
		}
		if bytes.Contains(b, []byte(`"amount":12.`)) || !bytes.Contains(b, []byte(`"issue_date":"2026-11-27"`)) {
			t.Fatalf("%s: amounts are not strings or dates not YYYY-MM-DD: %s", c.name, b[:200])
		}
	}
}
