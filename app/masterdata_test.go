package app_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/demo"
)

// demoFiles returns the demo master data as the five CSV files of an upload.
func demoFiles(t *testing.T) map[string][]byte {
	t.Helper()
	dir := t.TempDir()
	if err := demo.WriteCSV(dir, demo.MasterData()); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = b
	}
	if len(files) != 5 {
		t.Fatalf("demo.WriteCSV wrote %d files, want 5", len(files))
	}
	return files
}

// setCell rewrites one cell of a CSV file; line is the line in the file (the header is line 1).
func setCell(t *testing.T, files map[string][]byte, name string, line int, column string, value func(old string) string) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(files[name])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range recs[0] {
		if h == column {
			col = i
		}
	}
	if col < 0 || line < 2 || line > len(recs) {
		t.Fatalf("%s has no cell at line %d column %s", name, line, column)
	}
	recs[line-1][col] = value(recs[line-1][col])
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	files[name] = buf.Bytes()
}

func set(v string) func(string) string { return func(string) string { return v } }

// snapshot is the whole master data of the store and its version, to compare before and after.
func (b *bundle) snapshot(t *testing.T) string {
	t.Helper()
	m, err := b.store.LoadMasterData(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	v, err := b.store.MasterDataVersion(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	js, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(v, 10) + " " + string(js)
}

func reportOf(r o2c.ImportReport) map[string]o2c.ImportFileReport {
	out := map[string]o2c.ImportFileReport{}
	for _, f := range r.Files {
		out[f.File] = f
	}
	return out
}

func TestMasterDataImport(t *testing.T) {
	t.Parallel()

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		b := setup(t, withoutMasterData)
		m := demo.MasterData()
		want := map[string]int{"customers.csv": len(m.Customers), "ship_to.csv": len(m.ShipTos), "products.csv": len(m.Products),
			"customer_items.csv": len(m.CustomerItems), "customer_prices.csv": len(m.CustomerPrices)}

		first, err := b.md.Import(t.Context(), demoFiles(t), "user:admin")
		if err != nil {
			t.Fatal(err)
		}
		got := reportOf(first)
		for name, n := range want {
			if r := got[name]; r.Rows != n || r.Inserted != n || r.Updated != 0 {
				t.Fatalf("first import of %s: %+v, want %d rows inserted", name, r, n)
			}
		}
		if len(got) != len(want) {
			t.Fatalf("report names %d files, want %d", len(got), len(want))
		}
		stored, err := b.store.LoadMasterData(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if len(stored.Customers) != len(m.Customers) || len(stored.Products) != len(m.Products) {
			t.Fatalf("store holds %d customers and %d products, want %d and %d",
				len(stored.Customers), len(stored.Products), len(m.Customers), len(m.Products))
		}

		second, err := b.md.Import(t.Context(), demoFiles(t), "user:admin")
		if err != nil {
			t.Fatal(err)
		}
		got = reportOf(second)
		for name, n := range want {
			if r := got[name]; r.Rows != n || r.Inserted != 0 || r.Updated != n {
				t.Fatalf("second import of %s: %+v, want %d rows updated", name, r, n)
			}
		}
	})

	// Each bad import also renames a customer on a good row, to show that nothing is imported.
	for _, tc := range []struct {
		name  string
		edit  func(t *testing.T, files map[string][]byte)
		fault string // file:line:column
	}{
		{"ErrGTINCheckDigit", func(t *testing.T, files map[string][]byte) {
			setCell(t, files, "products.csv", 3, "gtin", func(old string) string {
				last := old[len(old)-1] - '0'
				return old[:len(old)-1] + strconv.Itoa(int(last+1)%10)
			})
		}, "products.csv:3:gtin"},
		{"ErrShipToUnknownCustomer", func(t *testing.T, files map[string][]byte) {
			setCell(t, files, "ship_to.csv", 4, "customer_id", set("C99999"))
		}, "ship_to.csv:4:customer_id"},
		{"ErrPriceUnknownProduct", func(t *testing.T, files map[string][]byte) {
			setCell(t, files, "customer_prices.csv", 5, "sku", set("NOPE-0001"))
		}, "customer_prices.csv:5:sku"},
		{"ErrItemUnknownCustomerOnlyFile", func(t *testing.T, files map[string][]byte) {
			// Alone in an upload, the file's references are checked against the store.
			setCell(t, files, "customer_items.csv", 2, "customer_id", set("C99999"))
			for name := range files {
				if name != "customer_items.csv" && name != "customers.csv" {
					delete(files, name)
				}
			}
		}, "customer_items.csv:2:customer_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t) // the store holds the demo master data already
			files := demoFiles(t)
			setCell(t, files, "customers.csv", 2, "name", set("Renamed In A Bad Import"))
			tc.edit(t, files)
			before := b.snapshot(t)
			customerEvents, err := b.store.FindEvents(t.Context(), "customer", b.master.Customers[0].ID)
			if err != nil {
				t.Fatal(err)
			}

			_, err = b.md.Import(t.Context(), files, "user:admin")
			wantCode(t, err, o2c.CodeInvalid)
			faults := o2c.ErrorFaults(err)
			if len(faults) != 1 || faults[0].Path != tc.fault || faults[0].Rule != "IMPORT" || faults[0].Message == "" {
				t.Fatalf("faults = %+v, want one at %s", faults, tc.fault)
			}
			if msg := o2c.ErrorMessage(err); !strings.Contains(msg, "nothing was imported") {
				t.Fatalf("message %q does not say that nothing was imported", msg)
			}
			if after := b.snapshot(t); after != before {
				t.Fatal("the store changed after a refused import")
			}
			events, err := b.store.FindEvents(t.Context(), "customer", b.master.Customers[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(events) != len(customerEvents) {
				t.Fatalf("%d customer events after a refused import, want %d", len(events), len(customerEvents))
			}
		})
	}
}

// TestMasterDataImportReferenceLine: a reference fault must name the line of the file, as the
// cell faults of the reader do, also when the file holds a blank line (which the reader skips).
func TestMasterDataImportReferenceLine(t *testing.T) {
	t.Parallel()
	b := setup(t)
	files := demoFiles(t)
	setCell(t, files, "ship_to.csv", 4, "customer_id", set("C99999"))
	// A blank line after the header: ship_to.csv's fourth record is now on line 5.
	header, rest, _ := bytes.Cut(files["ship_to.csv"], []byte("\n"))
	files["ship_to.csv"] = append(append(append([]byte{}, header...), "\n\n"...), rest...)

	_, err := b.md.Import(t.Context(), files, "user:admin")
	wantCode(t, err, o2c.CodeInvalid)
	if f := o2c.ErrorFaults(err); len(f) != 1 || f[0].Path != "ship_to.csv:5:customer_id" {
		t.Fatalf("faults = %+v, want one at ship_to.csv:5:customer_id", f)
	}
}

func TestMasterDataUpsert(t *testing.T) {
	t.Parallel()

	t.Run("OKUpdated", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		old := *b.customer(t, "C10001")
		c := old
		c.Name = "Bistrot Lumière & Fils SARL"
		c.Email = "achats@bistrot-lumiere.fr"
		r, err := b.md.Upsert(t.Context(), &o2c.MasterData{Customers: []o2c.Customer{c}}, "user:admin")
		if err != nil {
			t.Fatal(err)
		}
		if got := reportOf(r)["customers.csv"]; got.Updated != 1 || got.Inserted != 0 {
			t.Fatalf("report %+v, want one customer updated", r)
		}
		stored, err := b.store.FindCustomerByID(t.Context(), "C10001")
		if err != nil {
			t.Fatal(err)
		}
		if stored.Name != c.Name || stored.Email != c.Email {
			t.Fatalf("stored customer %q <%s>, want %q <%s>", stored.Name, stored.Email, c.Name, c.Email)
		}
		es, err := b.store.FindEvents(t.Context(), "customer", "C10001")
		if err != nil {
			t.Fatal(err)
		}
		e := es[len(es)-1]
		if e.Action != "updated" || e.Actor != "user:admin" {
			t.Fatalf("last event %s by %q, want updated by user:admin", e.Action, e.Actor)
		}
		var before, after o2c.Customer
		if err := json.Unmarshal(e.Before, &before); err != nil {
			t.Fatalf("before %s: %v", e.Before, err)
		}
		if err := json.Unmarshal(e.After, &after); err != nil {
			t.Fatalf("after %s: %v", e.After, err)
		}
		if before.Name != old.Name || before.Email != old.Email || after.Name != c.Name || after.Email != c.Email {
			t.Fatalf("event before %q <%s>, after %q <%s>; want %q <%s> then %q <%s>",
				before.Name, before.Email, after.Name, after.Email, old.Name, old.Email, c.Name, c.Email)
		}
	})

	t.Run("OKCreated", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		c := o2c.Customer{ID: "C20001", Name: "Trattoria Nuova SRL", Country: "IT", Currency: "EUR"}
		if _, err := b.md.Upsert(t.Context(), &o2c.MasterData{Customers: []o2c.Customer{c}}, "user:admin"); err != nil {
			t.Fatal(err)
		}
		es, err := b.store.FindEvents(t.Context(), "customer", "C20001")
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 1 || es[0].Action != "created" || len(es[0].Before) != 0 || !strings.Contains(string(es[0].After), "Trattoria Nuova") {
			t.Fatalf("events %+v, want one created event with the record after and nothing before", es)
		}
	})

	t.Run("OKShipToUpdated", func(t *testing.T) {
		t.Parallel()
		// A delivery address that exists is updated, not created: the audit trail must say so.
		b := setup(t)
		a := b.master.ShipTos[0]
		a.Street = "1 Rue Nouvelle"
		r, err := b.md.Upsert(t.Context(), &o2c.MasterData{ShipTos: []o2c.ShipTo{a}}, "user:admin")
		if err != nil {
			t.Fatal(err)
		}
		if got := reportOf(r)["ship_to.csv"]; got.Updated != 1 {
			t.Fatalf("report %+v, want one address updated", r)
		}
		es, err := b.store.FindEvents(t.Context(), "ship_to", a.CustomerID+"/"+a.AddressID)
		if err != nil {
			t.Fatal(err)
		}
		if e := es[len(es)-1]; e.Action != "updated" {
			t.Fatalf("last event of ship_to %s/%s is %q (before %s), want updated", a.CustomerID, a.AddressID, e.Action, e.Before)
		}
	})

	t.Run("ErrUnknownReference", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		before := b.snapshot(t)
		_, err := b.md.Upsert(t.Context(), &o2c.MasterData{ShipTos: []o2c.ShipTo{{CustomerID: "C99999", AddressID: "01", Name: "Nowhere"}}}, "user:admin")
		wantCode(t, err, o2c.CodeInvalid)
		if after := b.snapshot(t); after != before {
			t.Fatal("the store changed after a refused upsert")
		}
	})
}
