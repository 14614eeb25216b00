package o2c_test

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/o2c-project/o2c"

// The dependency rules of STYLE.md §2, checked on the real import graph (non-test files).
var (
	purePackages = []string{"cal", "money", "country", "sheet", "ubl", "edi/edifact", "edi/x12", "gs1", "extract", "verify", "masterdata", "demo", "confirm", "extract/layout", "extract/layout/accuracy", "cp1252", "alert", "ar", "bank", "invoice", "reconcile", "reconcile/noisy", "invoice/pdf", "invoice/facturx", "invoice/dunning", "invoice/notice"}
	adapters     = []string{"sqlstore", "sqlite", "postgres", "queue", "erp/file", "erp/tryton", "erp/webhook", "outbox", "outmail", "archive", "alert/hook"}
	// forbiddenInPure are imports that would give a pure package a database, a network or a queue.
	// (database/sql/driver is allowed: value types implement its Scanner and Valuer.)
	forbiddenInPure = []string{"database/sql", "net/http", "github.com/riverqueue", "modernc.org/sqlite", "github.com/jackc/pgx"}
)

type listedPackage struct {
	ImportPath string
	Imports    []string
}

func TestDependencyDirection(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-json", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	checked := 0
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		checked++
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		for _, imp := range p.Imports {
			if reason := forbidden(rel, imp); reason != "" {
				t.Errorf("%s imports %s: %s", p.ImportPath, imp, reason)
			}
		}
	}
	if checked < 10 {
		t.Fatalf("go list found %d packages; the check saw too little to mean anything", checked)
	}
}

func internal(imp string) (string, bool) {
	if imp == module {
		return "", true
	}
	rel, ok := strings.CutPrefix(imp, module+"/")
	return rel, ok
}

func forbidden(pkg, imp string) string {
	target, own := internal(imp)
	switch {
	case pkg == "":
		if own && target != "cal" && target != "money" && target != "country" {
			return "the root package imports only value packages"
		}
		if !own && strings.Contains(imp, ".") && imp != "github.com/shopspring/decimal" {
			return "the root package imports only the standard library and decimals"
		}
	case slices.Contains(purePackages, pkg):
		for _, f := range forbiddenInPure {
			if imp == f || strings.HasPrefix(imp, f+"/") && imp != "database/sql/driver" {
				return "pure packages take bytes or values and return values: no database, network or queue"
			}
		}
		if own && (slices.Contains(adapters, target) || target == "app" || target == "web") {
			return "pure packages never import adapters, app or web"
		}
	case slices.Contains(adapters, pkg):
		if own && (target == "app" || target == "web") {
			return "adapters never import app or web"
		}
		// sqlite and postgres share the query layer sqlstore, and connectors that write files the
		// outbox package; no other adapter imports another.
		shared := target == "sqlstore" && (pkg == "sqlite" || pkg == "postgres") || target == "outbox"
		if own && slices.Contains(adapters, target) && !shared {
			return "adapters never import each other"
		}
	case pkg == "app":
		if own && (slices.Contains(adapters, target) || target == "web") {
			return "app reaches adapters only through root interfaces"
		}
	case pkg == "web":
		if own && slices.Contains(adapters, target) {
			return "web imports the root and app, never an adapter"
		}
	}
	return ""
}
