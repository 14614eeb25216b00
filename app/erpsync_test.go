package app_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/erp/file"
)

// stockERP is an ERP that posts through the file connector and reports stock and shipments as
// the test sets them.
type stockERP struct {
	*file.Connector

	mu        sync.Mutex
	stock     map[string]decimal.Decimal // answered by StockLevels, for the codes asked
	stockErr  error                      // StockLevels fails with it
	stockHang bool                       // StockLevels waits until its context ends
	asked     [][]string                 // codes of each StockLevels call
	shipments map[string]o2c.ERPShipment // by ERP ref; an absent ref is CodeNotFound
	shipErr   error                      // ShipmentState fails with it
	shipAsked []string                   // refs of each ShipmentState call
}

var (
	_ o2c.StockSource    = (*stockERP)(nil)
	_ o2c.ShipmentSource = (*stockERP)(nil)
)

func (e *stockERP) Name() string { return "fake" }

func (e *stockERP) StockLevels(ctx context.Context, codes []string) (map[string]decimal.Decimal, error) {
	e.mu.Lock()
	e.asked = append(e.asked, slices.Clone(codes))
	hang, err := e.stockHang, e.stockErr
	e.mu.Unlock()
	if hang {
		<-ctx.Done()
		return nil, o2c.Errorf(o2c.CodeUnavailable, "fake ERP: %v", ctx.Err())
	}
	if err != nil {
		return nil, err
	}
	out := map[string]decimal.Decimal{}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, c := range codes {
		if q, ok := e.stock[c]; ok {
			out[c] = q
		}
	}
	return out, nil
}

func (e *stockERP) ShipmentState(_ context.Context, ref string) (o2c.ERPShipment, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.shipAsked = append(e.shipAsked, ref)
	if e.shipErr != nil {
		return o2c.ERPShipment{}, e.shipErr
	}
	st, ok := e.shipments[ref]
	if !ok {
		return o2c.ERPShipment{}, o2c.Errorf(o2c.CodeNotFound, "fake ERP has no order %s", ref)
	}
	return st, nil
}

func (e *stockERP) ship(ref string, st o2c.ERPShipment) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.shipments[ref] = st
}

func setupStockERP(t *testing.T) (*bundle, *stockERP) {
	t.Helper()
	erp := &stockERP{stock: map[string]decimal.Decimal{}, shipments: map[string]o2c.ERPShipment{}}
	b := setup(t, withERP(func(b *bundle) o2c.ERPConnector {
		c, err := file.New(b.outbox)
		if err != nil {
			t.Fatal(err)
		}
		erp.Connector = c
		return erp
	}))
	return b, erp
}

// verifiedNote is the note of the order's step to verified.
func verifiedNote(t *testing.T, b *bundle, id int64) string {
	t.Helper()
	for _, e := range b.events(t, id) {
		if strings.Contains(string(e.After), `"status":"verified"`) {
			return e.Note
		}
	}
	t.Fatalf("order %d was never verified", id)
	return ""
}

func TestProcessOrderERPStock(t *testing.T) {
	t.Parallel()
	// The clean draft orders 5 of skuMinQty and 6 of skuPack, both well within the master data's stock.
	processed := func(t *testing.T, b *bundle) *o2c.Order {
		t.Helper()
		content, err := json.Marshal(b.cleanDraft(t, "PO-STOCK", 0))
		if err != nil {
			t.Fatal(err)
		}
		return b.process(t, b.receiveRaw(t, "po-stock.json", content).Orders[0].ID)
	}

	t.Run("ERPStockOverridesMasterData", func(t *testing.T) {
		t.Parallel()
		b, erp := setupStockERP(t)
		erp.stock[skuMinQty] = decimal.RequireFromString("3")
		o := processed(t, b)
		if o.Status != o2c.OrderNeedsReview || len(o.Anomalies) != 1 || o.Anomalies[0].Code != o2c.AnomalyInsufficientStock {
			t.Fatalf("order is %s with %+v, want in review for INSUFFICIENT_STOCK", o.Status, o.Anomalies)
		}
		if msg := o.Anomalies[0].Message; !strings.Contains(msg, "the 3 in stock in fake") {
			t.Fatalf("anomaly says %q, want the ERP's 3", msg)
		}
		if want := [][]string{{skuPack, skuMinQty}}; !slices.EqualFunc(erp.asked, want, slices.Equal) {
			t.Fatalf("the ERP was asked %v, want %v", erp.asked, want)
		}
		if note := verifiedNote(t, b, o.ID); !strings.Contains(note, "stock of 1 of 2 products from fake") {
			t.Fatalf("verified note %q does not say where the stock came from", note)
		}
	})

	t.Run("ERPStockEnough", func(t *testing.T) {
		t.Parallel()
		b, erp := setupStockERP(t)
		erp.stock[skuMinQty], erp.stock[skuPack] = decimal.RequireFromString("5"), decimal.RequireFromString("1000")
		if o := processed(t, b); o.Status != o2c.OrderApproved {
			t.Fatalf("order is %s with %+v, want approved", o.Status, o.Anomalies)
		}
	})

	t.Run("ErrERPStockUnreadable", func(t *testing.T) {
		t.Parallel()
		b, erp := setupStockERP(t)
		erp.stock[skuMinQty] = decimal.RequireFromString("3")
		erp.stockErr = o2c.Errorf(o2c.CodeUnavailable, "fake ERP is down")
		o := processed(t, b)
		if o.Status != o2c.OrderApproved {
			t.Fatalf("order is %s with %+v, want approved on the master data's stock", o.Status, o.Anomalies)
		}
		if note := verifiedNote(t, b, o.ID); !strings.Contains(note, "stock levels of fake could not be read (fake ERP is down)") {
			t.Fatalf("verified note %q does not say the ERP's stock could not be read", note)
		}
	})

	t.Run("ErrERPStockTimeout", func(t *testing.T) {
		t.Parallel()
		b, erp := setupStockERP(t)
		erp.stockHang = true
		b.orders.StockTimeout = 50 * time.Millisecond
		start := time.Now()
		o := processed(t, b)
		if o.Status != o2c.OrderApproved {
			t.Fatalf("order is %s with %+v, want approved on the master data's stock", o.Status, o.Anomalies)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("processing took %s with an ERP that does not answer, want about the 50ms timeout", d)
		}
		if note := verifiedNote(t, b, o.ID); !strings.Contains(note, "no answer within 50ms") {
			t.Fatalf("verified note %q does not say the ERP did not answer", note)
		}
	})

	t.Run("ReceivedDrafts", func(t *testing.T) {
		t.Parallel()
		b, erp := setupStockERP(t)
		erp.stock[skuPack] = decimal.RequireFromString("0")
		o := b.receive(t, "key-PO-API", b.cleanDraft(t, "PO-API", 0))[0]
		if o.Status != o2c.OrderNeedsReview || len(o.Anomalies) != 1 || o.Anomalies[0].Code != o2c.AnomalyInsufficientStock {
			t.Fatalf("order is %s with %+v, want in review for INSUFFICIENT_STOCK", o.Status, o.Anomalies)
		}
	})

	t.Run("CorrectedDraft", func(t *testing.T) {
		t.Parallel()
		b, erp := setupStockERP(t)
		erp.stock[skuMinQty] = decimal.RequireFromString("3")
		o := processed(t, b)
		d := *o.Draft
		d.Lines = slices.Clone(d.Lines)
		d.Lines[1].Description += " (checked)" // a correction that leaves the quantities as they are
		got, err := b.orders.Correct(t.Context(), o.ID, o.Version, "clerk", &d)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != o2c.OrderNeedsReview || len(got.Anomalies) != 1 || got.Anomalies[0].Code != o2c.AnomalyInsufficientStock {
			t.Fatalf("corrected order is %s with %+v, want still in review for the ERP's stock", got.Status, got.Anomalies)
		}
	})
}

// postedOrder receives a clean order and posts it to the fake ERP; it returns the order, posted.
func postedOrder(t *testing.T, b *bundle, po string, n int) *o2c.Order {
	t.Helper()
	o := b.approvedOrder(t, po, n)
	if err := b.orders.PostOrder(t.Context(), o.ID); err != nil {
		t.Fatal(err)
	}
	o = b.order(t, o.ID)
	if o.Status != o2c.OrderPosted || o.ERPRef == "" {
		t.Fatalf("order %s is %s with ref %q, want posted", po, o.Status, o.ERPRef)
	}
	return o
}

// statusEvents returns the order's status events that moved it to status.
func statusEvents(t *testing.T, b *bundle, id int64, status o2c.OrderStatus) []o2c.AuditEvent {
	t.Helper()
	var out []o2c.AuditEvent
	for _, e := range b.events(t, id) {
		if e.Action == "status" && strings.Contains(string(e.After), `"status":"`+string(status)+`"`) {
			out = append(out, e)
		}
	}
	return out
}

func TestERPSyncShipments(t *testing.T) {
	t.Parallel()

	t.Run("ShippedOnce", func(t *testing.T) {
		t.Parallel()
		b, erp := setupStockERP(t)
		o := postedOrder(t, b, "PO-SHIP", 0)
		waiting := postedOrder(t, b, "PO-WAIT", 1)
		erp.ship(o.ERPRef, o2c.ERPShipment{Shipped: true, Note: "fake shipment 7 done"})
		erp.ship(waiting.ERPRef, o2c.ERPShipment{Note: "fake shipment 8 waiting"})
		s := &app.ERPSync{Orders: b.orders}
		for run, want := range []app.SyncReport{{Checked: 2, Shipped: 1}, {Checked: 1}} {
			r, err := s.Run(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if r != want {
				t.Fatalf("run %d = %+v, want %+v", run+1, r, want)
			}
		}
		if got := b.order(t, o.ID).Status; got != o2c.OrderShipped {
			t.Fatalf("order is %s, want shipped", got)
		}
		es := statusEvents(t, b, o.ID, o2c.OrderShipped)
		if len(es) != 1 || es[0].Actor != "erp:fake" || es[0].Note != "fake shipment 7 done" || es[0].At.IsZero() {
			t.Fatalf("shipped events = %+v, want one by erp:fake with the ERP's note and its time", es)
		}
		if got := b.order(t, waiting.ID).Status; got != o2c.OrderPosted {
			t.Fatalf("order not shipped in the ERP is %s, want posted", got)
		}
	})

	t.Run("DoneIsDelivered", func(t *testing.T) {
		t.Parallel()
		b, erp := setupStockERP(t)
		o := postedOrder(t, b, "PO-DONE", 0)
		erp.ship(o.ERPRef, o2c.ERPShipment{Shipped: true, Done: true, Note: "fake order done"})
		r, err := (&app.ERPSync{Orders: b.orders}).Run(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if want := (app.SyncReport{Checked: 1, Shipped: 1, Delivered: 1}); r != want {
			t.Fatalf("run = %+v, want %+v", r, want)
		}
		want := []string{"approved>posted", "posted>shipped", "shipped>delivered"}
		if got := statusTrail(t, b.events(t, o.ID)); !slices.Equal(got[len(got)-3:], want) {
			t.Fatalf("status trail = %v, want it to end %v", got, want)
		}
	})

	t.Run("UnknownAndUnavailable", func(t *testing.T) {
		t.Parallel()
		b, erp := setupStockERP(t)
		postedOrder(t, b, "PO-UNKNOWN-1", 0)
		postedOrder(t, b, "PO-UNKNOWN-2", 1)
		s := &app.ERPSync{Orders: b.orders}
		r, err := s.Run(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if want := (app.SyncReport{Checked: 2, Unknown: 2}); r != want {
			t.Fatalf("run = %+v, want %+v", r, want)
		}
		erp.shipErr = o2c.Errorf(o2c.CodeUnavailable, "fake ERP is down")
		erp.shipAsked = nil
		r, err = s.Run(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if r.Checked != 1 || r.Failed != 1 || !strings.Contains(r.Stopped, "fake ERP is down") || len(erp.shipAsked) != 1 {
			t.Fatalf("run with the ERP down = %+v after %d questions, want it stopped after the first", r, len(erp.shipAsked))
		}
	})

	t.Run("BatchesTakeTurns", func(t *testing.T) {
		t.Parallel()
		b, erp := setupStockERP(t)
		var refs []string
		for i, po := range []string{"PO-B1", "PO-B2", "PO-B3"} {
			refs = append(refs, postedOrder(t, b, po, i).ERPRef)
		}
		s := &app.ERPSync{Orders: b.orders, Batch: 2}
		for run, want := range []int{2, 1, 2} {
			r, err := s.Run(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if r.Checked != want {
				t.Fatalf("run %d checked %d orders, want %d", run+1, r.Checked, want)
			}
		}
		first := slices.Sorted(slices.Values(erp.shipAsked[:3]))
		if !slices.Equal(first, slices.Sorted(slices.Values(refs))) {
			t.Fatalf("the first two runs asked %v, want each of %v once", erp.shipAsked[:3], refs)
		}
	})

	t.Run("NoShipmentSource", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		postedOrderFile(t, b)
		r, err := (&app.ERPSync{Orders: b.orders}).Run(t.Context())
		if err != nil || r != (app.SyncReport{}) {
			t.Fatalf("run with the file connector = %+v, %v; want nothing done", r, err)
		}
	})
}

// postedOrderFile posts a clean order through the bundle's own (file) connector.
func postedOrderFile(t *testing.T, b *bundle) {
	t.Helper()
	o := b.approvedOrder(t, "PO-FILE", 0)
	if err := b.orders.PostOrder(t.Context(), o.ID); err != nil {
		t.Fatal(err)
	}
}
