package main

import (
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/erp/tryton/trytontest"
)

// TestTrytonStockAndShipmentSync runs o2c with --erp tryton against a real trytond: an order
// for more than Tryton has in stock waits in review for INSUFFICIENT_STOCK although the master
// data has plenty, and a posted order that the warehouse ships in Tryton is marked shipped by the
// shipment sync, once however often the sync runs. It skips where trytond is missing, and fails
// there in CI.
func TestTrytonStockAndShipmentSync(t *testing.T) {
	t.Parallel()
	url := trytontest.Server(t)
	c := trytontest.Connect(t, url)
	ctx := t.Context()
	// Tryton's warehouse holds 3 and 10; the master data says 100 of each.
	for code, qty := range map[string]string{"TRY-LOW": "3", "TRY-SHIP": "10"} {
		if err := trytontest.SetStock(ctx, c, code, decimal.RequireFromString(qty)); err != nil {
			t.Fatal(err)
		}
	}
	s, dir := runningStack(t, stackParams{workers: 2, erp: &erpConfig{kind: "tryton", syncEvery: time.Hour,
		tryton: &trytonConfig{url: url, db: trytontest.DB, user: trytontest.User, password: trytontest.Password}}})
	if s.erpSync == nil {
		t.Fatal("the stack runs no shipment sync with --erp tryton")
	}
	hundred, price, vat := decimal.NewFromInt(100), decimal.RequireFromString("10.00"), decimal.NewFromInt(20)
	md := &o2c.MasterData{}
	for _, sku := range []string{"TRY-LOW", "TRY-SHIP"} {
		md.Products = append(md.Products, o2c.Product{SKU: sku, Description: "Tryton test article " + sku, Unit: "C62",
			UnitPrice: &price, Currency: "EUR", VATRate: &vat, StockQty: &hundred})
	}
	if _, err := s.masterData.Upsert(ctx, md, "test"); err != nil {
		t.Fatal(err)
	}
	for po, line := range map[string][2]string{"PO-TRY-LOW": {"TRY-LOW", "5"}, "PO-TRY-SHIP": {"TRY-SHIP", "2"}} {
		if err := os.WriteFile(filepath.Join(dir, "inbox", po+".json"), oneLineOrder(t, po, line[0], line[1], price), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	byPO := map[string]*o2c.Order{}
	for _, o := range settledOrders(t, s, o2c.ChannelFolder, 2) {
		byPO[o.PONumber] = o
	}

	low := byPO["PO-TRY-LOW"]
	if low == nil || low.Status != o2c.OrderNeedsReview || len(low.Anomalies) != 1 || low.Anomalies[0].Code != o2c.AnomalyInsufficientStock ||
		!strings.Contains(low.Anomalies[0].Message, "the 3 in stock in tryton") {
		t.Fatalf("order for 5 of Tryton's 3 = %+v, want in review for INSUFFICIENT_STOCK from Tryton's 3", low)
	}

	shipped := byPO["PO-TRY-SHIP"]
	if shipped == nil || shipped.Status != o2c.OrderPosted || shipped.ERPRef == "" {
		t.Fatalf("order for 2 of Tryton's 10 = %+v, want posted with a sale number", shipped)
	}
	if r := syncShipments(t, s.erpSync); r.Shipped != 0 || r.Checked != 1 {
		t.Fatalf("sync before shipping = %+v, want the order checked and not shipped", r)
	}
	if err := trytontest.Ship(ctx, c, shipped.ERPRef); err != nil {
		t.Fatal(err)
	}
	for run, want := range []int{1, 0} {
		if r := syncShipments(t, s.erpSync); r.Shipped != want {
			t.Fatalf("sync run %d after shipping = %+v, want %d shipped", run+1, r, want)
		}
	}
	o, err := s.orders.Order(ctx, shipped.ID)
	if err != nil {
		t.Fatal(err)
	}
	if o.Status != o2c.OrderShipped {
		t.Fatalf("order is %s after the sync, want shipped", o.Status)
	}
	history, err := s.orders.History(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	var marks []o2c.AuditEvent
	for _, e := range history {
		if e.Action == "status" && strings.Contains(string(e.After), `"status":"shipped"`) {
			marks = append(marks, e)
		}
	}
	if len(marks) != 1 || marks[0].Actor != "erp:tryton" || marks[0].At.IsZero() || !strings.Contains(marks[0].Note, "shipment state sent") {
		t.Fatalf("shipped events = %+v, want one by erp:tryton saying Tryton's shipment state", marks)
	}
}

// syncShipments runs the shipment sync once, after the run the queue starts with, if any.
func syncShipments(t *testing.T, s *app.ERPSync) app.SyncReport {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		r, err := s.Run(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if r.Stopped == "" || time.Now().After(deadline) {
			return r
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// oneLineOrder is the canonical JSON of the demo's clean order with one line: qty of sku at price.
func oneLineOrder(t *testing.T, po, sku, qty string, price decimal.Decimal) []byte {
	t.Helper()
	var d o2c.OrderDraft
	if err := json.Unmarshal(cleanOrder(t, po), &d); err != nil {
		t.Fatal(err)
	}
	q := decimal.RequireFromString(qty)
	total := q.Mul(price)
	d.Lines = []o2c.DraftLine{{LineNo: 1, SupplierSKU: sku, Description: "Tryton test article " + sku, Quantity: &q, Unit: "C62",
		UnitPrice: &price, LineTotal: &total}}
	d.Totals = nil
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestERPSyncFlags(t *testing.T) {
	t.Parallel()
	tryton := []string{"--erp", "tryton", "--tryton-url", "http://127.0.0.1:8000/"}
	for _, tc := range []struct {
		name      string
		args      []string
		stock     bool          // the connector gives stock levels
		syncEvery time.Duration // 0: no shipment sync
	}{
		{"Tryton", tryton, true, 5 * time.Minute},
		{"TrytonNoStock", append(tryton, "--tryton-stock=false"), false, 5 * time.Minute},
		{"TrytonSyncEvery", append(tryton, "--erp-sync-every", "90s"), true, 90 * time.Second},
		{"TrytonNoSync", append(tryton, "--erp-sync-every", "0"), true, 0},
		{"File", nil, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := &Main{Stderr: io.Discard, Getenv: func(string) string { return "" }}
			fs := m.flags("serve")
			cfg := m.erpFlags(fs)
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			erp, err := cfg.connector(t.TempDir(), slog.New(slog.DiscardHandler))
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := erp.(o2c.StockSource); ok != tc.stock {
				t.Fatalf("%s gives stock levels: %v, want %v", erp.Name(), ok, tc.stock)
			}
			syncer, s, every := cfg.shipmentSync(app.NewOrders(nil, erp))
			if (syncer != nil) != (tc.syncEvery != 0) || (s != nil) != (tc.syncEvery != 0) || every != tc.syncEvery {
				t.Fatalf("shipment sync = %v every %s, want every %s", syncer, every, tc.syncEvery)
			}
		})
	}
}
