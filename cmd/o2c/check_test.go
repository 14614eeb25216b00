package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/demo"
	"github.com/o2c-project/o2c/extract/layout/corpus"
	"github.com/o2c-project/o2c/masterdata"
)

type checkExpectation struct {
	Decision   o2c.Decision `json:"decision"`
	Codes      []string     `json:"codes"`
	CustomerID string       `json:"customer_id"`
}

// TestCheckCraftedOrders runs `o2c check` on the crafted table of testdata/check: every anomaly
// code of the spec appears, each order gets exactly the codes it was built for, and clean orders
// are decided auto.
func TestCheckCraftedOrders(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..", "testdata", "check")
	raw, err := os.ReadFile(filepath.Join(root, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var table map[string]json.RawMessage
	if err := json.Unmarshal(raw, &table); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	autos := 0
	for name, rawWant := range table {
		var wants []checkExpectation
		if rawWant[0] == '[' {
			if err := json.Unmarshal(rawWant, &wants); err != nil {
				t.Fatal(err)
			}
		} else {
			var one checkExpectation
			if err := json.Unmarshal(rawWant, &one); err != nil {
				t.Fatal(err)
			}
			wants = []checkExpectation{one}
		}
		for _, w := range wants {
			for _, c := range w.Codes {
				seen[c] = true
			}
			if w.Decision == o2c.DecisionAuto {
				autos++
			}
		}
		t.Run(strings.TrimSuffix(name, ".json"), func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			m := &Main{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
			code := m.Run(context.Background(), []string{"check", filepath.Join(root, "orders", name), "--data", filepath.Join(root, "data"), "--today", "2026-11-27"})
			if code != 0 {
				t.Fatalf("o2c check exited %d: %s", code, stderr.String())
			}
			var results []map[string]json.RawMessage
			if len(wants) == 1 {
				var one map[string]json.RawMessage
				if err := json.Unmarshal(stdout.Bytes(), &one); err != nil {
					t.Fatalf("output is not one JSON object: %v\n%s", err, stdout.String())
				}
				results = append(results, one)
			} else if err := json.Unmarshal(stdout.Bytes(), &results); err != nil {
				t.Fatalf("output is not a JSON array: %v\n%s", err, stdout.String())
			}
			if len(results) != len(wants) {
				t.Fatalf("%d results, want %d", len(results), len(wants))
			}
			for i, w := range wants {
				r := results[i]
				for _, key := range []string{"order", "customer_id", "lines", "anomalies", "decision"} {
					if _, ok := r[key]; !ok {
						t.Fatalf("result %d lacks %q: %s", i, key, stdout.String())
					}
				}
				var decision o2c.Decision
				var anomalies []o2c.Anomaly
				var customer *string
				if err := json.Unmarshal(r["decision"], &decision); err != nil {
					t.Fatal(err)
				}
				if err := json.Unmarshal(r["anomalies"], &anomalies); err != nil {
					t.Fatal(err)
				}
				if err := json.Unmarshal(r["customer_id"], &customer); err != nil {
					t.Fatal(err)
				}
				var codes []string
				for _, a := range anomalies {
					if a.Message == "" || a.Field == "" {
						t.Errorf("result %d: anomaly %s has no field or message", i, a.Code)
					}
					if !slices.Contains(codes, string(a.Code)) {
						codes = append(codes, string(a.Code))
					}
				}
				slices.Sort(codes)
				want := slices.Clone(w.Codes)
				slices.Sort(want)
				if !slices.Equal(codes, want) {
					t.Errorf("result %d: codes %v, want %v\n%s", i, codes, want, r["anomalies"])
				}
				if decision != w.Decision {
					t.Errorf("result %d: decision %s, want %s", i, decision, w.Decision)
				}
				if w.CustomerID != "" && (customer == nil || *customer != w.CustomerID) {
					t.Errorf("result %d: customer %v, want %s", i, customer, w.CustomerID)
				}
			}
		})
	}
	for _, c := range o2c.AnomalyCodes {
		if !seen[string(c)] {
			t.Errorf("no crafted order covers %s", c)
		}
	}
	if autos < 3 {
		t.Errorf("%d clean orders decided auto in the table, want at least 3", autos)
	}
}

func TestCheckRejectsBadInputWithOneLine(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"document_type":"purchase_order","lines":[{"quantity":"1,5"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	m := &Main{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	code := m.Run(context.Background(), []string{"check", bad, "--data", filepath.Join("..", "..", "testdata", "check", "data")})
	if code == 0 {
		t.Fatalf("check accepted a malformed decimal: %s", stdout.String())
	}
	if lines := strings.Count(strings.TrimSpace(stderr.String()), "\n"); lines != 0 || !strings.Contains(stderr.String(), "quantity") {
		t.Fatalf("stderr should be one line naming the field, got %q", stderr.String())
	}
}

// TestCheckReadsAPDF: `o2c check` reads a PDF order through the layout engine, as the pipeline
// does, and verifies it against the master data it is given.
func TestCheckReadsAPDF(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	md := demo.MasterData()
	if err := masterdata.WriteDir(filepath.Join(dir, "data"), md); err != nil {
		t.Fatal(err)
	}
	doc, err := corpus.Generate(corpus.Spec{Layout: "po-de-raster", Channel: "pdf", Seed: 1}, md)
	if err != nil {
		t.Fatal(err)
	}
	var pdf []byte
	for _, b := range doc.Files {
		pdf = b
	}
	path := filepath.Join(dir, "order.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	m := &Main{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	if code := m.Run(context.Background(), []string{"check", path, "--data", filepath.Join(dir, "data")}); code != 0 {
		t.Fatalf("check exited %d: %s", code, stderr.String())
	}
	var got struct {
		Order struct {
			PONumber string            `json:"po_number"`
			Lines    []json.RawMessage `json:"lines"`
		} `json:"order"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("%v: %s", err, stdout.String())
	}
	if got.Order.PONumber != doc.Truth.PONumber || len(got.Order.Lines) != len(doc.Truth.Lines) {
		t.Fatalf("check read PO %q with %d lines, the PDF says %q with %d", got.Order.PONumber, len(got.Order.Lines),
			doc.Truth.PONumber, len(doc.Truth.Lines))
	}
}
