package storetest

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// fullOrder sets every field of an order, with values that are easy to lose: decimals with
// trailing zeros, nanoseconds, a zone other than UTC, non-ASCII text.
func fullOrder(documentID int64) *o2c.Order {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	signed := true
	return &o2c.Order{
		Status:                o2c.OrderNeedsReview,
		Channel:               o2c.ChannelEmail,
		DocumentID:            documentID,
		Sender:                "einkauf@müller.example",
		CustomerID:            "C001",
		ShipToID:              "A-2",
		PONumber:              "PO-4711/β",
		OrderDate:             cal.MustParse("2026-02-28"),
		RequestedDeliveryDate: cal.MustParse("2026-03-16"),
		Currency:              "EUR",
		Lines: []o2c.OrderLine{
			{LineNo: 1, SKU: "SKU-1", BuyerSKU: "B-1", Description: "Schrauben M6 – verzinkt, Ø 6 mm", Quantity: dec("3.000"),
				Unit: "C62", UnitPrice: dec("12.50"), LineTotal: dec("37.50"), MatchedBy: "customer_item", MatchScore: 0.875},
			{LineNo: 2, Description: "unknown thing", Quantity: dec("1"), Unit: "KGM", UnitPrice: dec("0.001"),
				LineTotal: dec("0.00")},
		},
		NetTotal: dec("37.50"),
		Draft: &o2c.OrderDraft{
			DocumentType: o2c.DocPurchaseOrder,
			Source:       &o2c.Source{Channel: o2c.ChannelEmail, File: "order.pdf", Sender: "einkauf@müller.example"},
			PONumber:     "PO-4711/β",
			OrderDate:    cal.MustParse("2026-02-28"),
			Currency:     "EUR",
			Buyer:        &o2c.Party{Name: "Müller GmbH", VATID: "DE123456789", GLN: "4000001000005", Country: "DE"},
			ShipTo:       &o2c.Party{Name: "Lager Süd", Street: "Hafenstr. 1", PostalCode: "20457", City: "Hamburg", Country: "DE"},
			Lines: []o2c.DraftLine{{LineNo: 1, BuyerSKU: "B-1", Description: "Schrauben", Quantity: decp("3.000"),
				Unit: "C62", UnitPrice: decp("12.50"), LineTotal: decp("37.50")}},
			Totals:     &o2c.Totals{Net: decp("37.50"), Tax: decp("7.13"), Gross: decp("44.63")},
			Notes:      "Bitte \"vorsichtig\" liefern\nDanke",
			Confidence: map[string]float64{"po_number": 0.93, "lines[0].quantity": 0.5},
			Delivery:   &o2c.Delivery{ReceivedSigned: &signed, Packages: decp("2")},
		},
		Anomalies: []o2c.Anomaly{
			{Code: o2c.AnomalyPriceMismatch, Field: "lines[0].unit_price", Message: "12.50 ≠ agreed 12.40"},
			{Code: o2c.AnomalyUnknownProduct, Field: "lines[1]", Message: "no product matches \"unknown thing\""},
		},
		Decision:    o2c.DecisionReview,
		ContentHash: "c0ffee",
		ERPRef:      "SO-00042",
		LastError:   "erp: timeout",
		Reason:      "held for the buyer's call",
		ReceivedAt:  time.Date(2026, 2, 28, 9, 30, 15, 123456789, paris),
		PostedAt:    time.Date(2026, 3, 1, 7, 0, 0, 987654321, time.UTC),
	}
}

func testOrderRoundTrip(t *testing.T, s o2c.Store) {
	doc := createDocument(t, s, "doc")
	o := fullOrder(doc.ID)
	receivedAt, postedAt := stored(o.ReceivedAt), stored(o.PostedAt)
	var now time.Time
	inTx(t, s, func(tx o2c.Tx) {
		now = tx.Now()
		must(t, tx.CreateOrder(ctx(t), o))
		got, err := tx.FindOrderByID(ctx(t), o.ID)
		must(t, err)
		wantJSON(t, "order read in its transaction", got, o)
	})
	if o.ID == 0 || o.Version != 1 {
		t.Fatalf("CreateOrder set ID %d, Version %d; want an ID and version 1", o.ID, o.Version)
	}
	if o.ReceivedAt != receivedAt || o.PostedAt != postedAt || o.UpdatedAt != now {
		t.Fatalf("instants received %v posted %v updated %v; want %v, %v, %v (UTC, microseconds)",
			o.ReceivedAt, o.PostedAt, o.UpdatedAt, receivedAt, postedAt, now)
	}

	got, err := s.FindOrderByID(ctx(t), o.ID)
	must(t, err)
	wantJSON(t, "order", got, o)
	wantExact(t, "net_total", got.NetTotal, "37.50")
	if got.ReceivedAt != receivedAt || got.UpdatedAt != now || got.PostedAt != postedAt {
		t.Fatalf("stored instants %v %v %v, want %v %v %v", got.ReceivedAt, got.UpdatedAt, got.PostedAt, receivedAt, now, postedAt)
	}
	if got.OrderDate != cal.MustParse("2026-02-28") || got.RequestedDeliveryDate != cal.MustParse("2026-03-16") {
		t.Fatalf("dates %v %v", got.OrderDate, got.RequestedDeliveryDate)
	}
	for i, l := range got.Lines {
		if !l.UnitPrice.Equal(o.Lines[i].UnitPrice) || !l.Quantity.Equal(o.Lines[i].Quantity) || !l.LineTotal.Equal(o.Lines[i].LineTotal) {
			t.Fatalf("line %d = %+v, want %+v", i, l, o.Lines[i])
		}
	}
}

func testOrderEmptyFields(t *testing.T, s o2c.Store) {
	doc := createDocument(t, s, "doc")
	// The least an order has: unknown customer, no dates, no draft, no lines.
	o := &o2c.Order{Status: o2c.OrderReceived, Channel: o2c.ChannelScan, DocumentID: doc.ID}
	createOrders(t, s, o)
	got, err := s.FindOrderByID(ctx(t), o.ID)
	must(t, err)
	wantJSON(t, "order", got, o)
	if got.CustomerID != "" || got.Draft != nil || !got.OrderDate.IsZero() || !got.PostedAt.IsZero() || !got.NetTotal.IsZero() {
		t.Fatalf("empty fields came back set: %+v", got)
	}
	if !o.ReceivedAt.Equal(o.UpdatedAt) {
		t.Fatalf("ReceivedAt %v, want the transaction's Now %v", o.ReceivedAt, o.UpdatedAt)
	}
}

func testOrderUpdate(t *testing.T, s o2c.Store) {
	doc := createDocument(t, s, "doc")
	o := fullOrder(doc.ID)
	createOrders(t, s, o)
	created := *o

	// Change every mutable field; clear the optional ones.
	o.Status = o2c.OrderApproved
	o.CustomerID = "C002"
	o.ShipToID = ""
	o.PONumber = "PO-4712"
	o.OrderDate = cal.MustParse("2026-03-01")
	o.RequestedDeliveryDate = cal.Date{}
	o.Currency = "CHF"
	o.Lines = o.Lines[:1]
	o.Lines[0].UnitPrice = dec("12.40")
	o.NetTotal = dec("37.20")
	o.Draft = nil
	o.Anomalies = nil
	o.Decision = o2c.DecisionAuto
	o.ContentHash = "beef"
	o.ERPRef = ""
	o.LastError = ""
	o.Reason = "corrected"
	o.PostedAt = time.Time{}
	var now time.Time
	inTx(t, s, func(tx o2c.Tx) {
		now = tx.Now()
		must(t, tx.UpdateOrder(ctx(t), o))
	})
	if o.Version != 2 || o.UpdatedAt != now {
		t.Fatalf("after update: version %d, updated %v; want 2, %v", o.Version, o.UpdatedAt, now)
	}
	got, err := s.FindOrderByID(ctx(t), o.ID)
	must(t, err)
	wantJSON(t, "updated order", got, o)
	wantExact(t, "net_total", got.NetTotal, "37.20")
	if got.ReceivedAt != created.ReceivedAt || got.DocumentID != created.DocumentID || got.Channel != created.Channel {
		t.Fatal("the update changed the arrival facts")
	}

	// And back: set the optional fields again.
	o.PostedAt = time.Date(2026, 3, 2, 8, 0, 0, 1500, time.UTC)
	o.Draft = &o2c.OrderDraft{DocumentType: o2c.DocPurchaseOrder, PONumber: "PO-4712"}
	o.Anomalies = []o2c.Anomaly{{Code: o2c.AnomalyCreditLimit, Field: "net_total", Message: "over"}}
	inTx(t, s, func(tx o2c.Tx) { must(t, tx.UpdateOrder(ctx(t), o)) })
	if o.Version != 3 || o.PostedAt != time.Date(2026, 3, 2, 8, 0, 0, 1000, time.UTC) {
		t.Fatalf("version %d posted %v", o.Version, o.PostedAt)
	}
	got, err = s.FindOrderByID(ctx(t), o.ID)
	must(t, err)
	wantJSON(t, "updated order", got, o)
}

func testOrderVersionConflict(t *testing.T, s o2c.Store) {
	doc := createDocument(t, s, "doc")
	o := &o2c.Order{Status: o2c.OrderReceived, Channel: o2c.ChannelPDF, DocumentID: doc.ID}
	createOrders(t, s, o)
	stale := *o

	o.Status = o2c.OrderExtracted
	inTx(t, s, func(tx o2c.Tx) { must(t, tx.UpdateOrder(ctx(t), o)) })

	stale.Status = o2c.OrderCancelled
	err := s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.UpdateOrder(ctx(t), &stale) })
	wantCode(t, err, o2c.CodeConflict)
	if stale.Version != 1 {
		t.Fatalf("a failed update bumped the version to %d", stale.Version)
	}
	got, err := s.FindOrderByID(ctx(t), o.ID)
	must(t, err)
	if got.Status != o2c.OrderExtracted || got.Version != 2 {
		t.Fatalf("stored status %s version %d, want extracted 2", got.Status, got.Version)
	}
}

func testOrderUnknownDocument(t *testing.T, s o2c.Store) {
	// The foreign key holds (SQLite checks none unless told to, per connection).
	err := s.InTx(ctx(t), func(tx o2c.Tx) error {
		return tx.CreateOrder(ctx(t), &o2c.Order{Status: o2c.OrderReceived, Channel: o2c.ChannelPDF, DocumentID: 987654})
	})
	if err == nil {
		t.Fatal("an order of a document that does not exist was stored")
	}
}

func testOrderNotFound(t *testing.T, s o2c.Store) {
	doc := createDocument(t, s, "doc")
	createOrders(t, s, &o2c.Order{Status: o2c.OrderReceived, Channel: o2c.ChannelPDF, DocumentID: doc.ID})
	_, err := s.FindOrderByID(ctx(t), 987654)
	wantCode(t, err, o2c.CodeNotFound)
	_, err = s.FindOrderByDocumentID(ctx(t), 987654)
	wantCode(t, err, o2c.CodeNotFound)
	err = s.InTx(ctx(t), func(tx o2c.Tx) error {
		return tx.UpdateOrder(ctx(t), &o2c.Order{ID: 987654, Version: 1, Status: o2c.OrderReceived, DocumentID: doc.ID})
	})
	wantCode(t, err, o2c.CodeNotFound)
}

// testOrderConcurrentUpdates has writers race on one order, each retrying on a conflict: no
// update may be lost.
func testOrderConcurrentUpdates(t *testing.T, s o2c.Store) {
	doc := createDocument(t, s, "doc")
	o := &o2c.Order{Status: o2c.OrderReceived, Channel: o2c.ChannelPDF, DocumentID: doc.ID}
	createOrders(t, s, o)

	const writers = 8
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			for range 100 {
				err := s.InTx(ctx(t), func(tx o2c.Tx) error {
					cur, err := tx.FindOrderByID(ctx(t), o.ID)
					if err != nil {
						return err
					}
					cur.Reason += fmt.Sprint(w)
					return tx.UpdateOrder(ctx(t), cur)
				})
				if o2c.ErrorCode(err) != o2c.CodeConflict {
					errs <- err
					return
				}
			}
			errs <- fmt.Errorf("writer %d: still conflicting after 100 tries", w)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		must(t, err)
	}
	got, err := s.FindOrderByID(ctx(t), o.ID)
	must(t, err)
	if got.Version != writers+1 || len(got.Reason) != writers {
		t.Fatalf("version %d, reason %q: want version %d and one mark per writer", got.Version, got.Reason, writers+1)
	}
}

func testFindOrderByDocumentID(t *testing.T, s o2c.Store) {
	a, b, c := createDocument(t, s, "a"), createDocument(t, s, "b"), createDocument(t, s, "c")
	// An EDI interchange may carry several orders: the first one is the document's order.
	oa := &o2c.Order{Status: o2c.OrderReceived, Channel: o2c.ChannelEDIFACT, DocumentID: a.ID, PONumber: "A"}
	ob1 := &o2c.Order{Status: o2c.OrderReceived, Channel: o2c.ChannelEDIFACT, DocumentID: b.ID, PONumber: "B1"}
	ob2 := &o2c.Order{Status: o2c.OrderReceived, Channel: o2c.ChannelEDIFACT, DocumentID: b.ID, PONumber: "B2"}
	createOrders(t, s, oa, ob1, ob2)
	for _, tt := range []struct {
		doc  int64
		want *o2c.Order
	}{{a.ID, oa}, {b.ID, ob1}} {
		got, err := s.FindOrderByDocumentID(ctx(t), tt.doc)
		must(t, err)
		wantJSON(t, fmt.Sprintf("order of document %d", tt.doc), got, tt.want)
	}
	_, err := s.FindOrderByDocumentID(ctx(t), c.ID)
	wantCode(t, err, o2c.CodeNotFound)
}

func testCustomerExposure(t *testing.T, s o2c.Store) {
	doc := createDocument(t, s, "doc")
	order := func(customer string, status o2c.OrderStatus, net string) *o2c.Order {
		return &o2c.Order{Status: status, Channel: o2c.ChannelEmail, DocumentID: doc.ID, CustomerID: customer, NetTotal: dec(net)}
	}
	approved := order("C1", o2c.OrderApproved, "100.10")
	createOrders(t, s,
		approved,
		order("C1", o2c.OrderPosted, "0.90"),
		order("C1", o2c.OrderConfirmed, "1000"),
		order("C1", o2c.OrderShipped, "5.005"),
		order("C1", o2c.OrderNeedsReview, "7"),
		order("C1", o2c.OrderVerified, "7"),
		order("C1", o2c.OrderInvoiced, "11"),
		order("C1", o2c.OrderCancelled, "13"),
		order("C1", o2c.OrderRejected, "17"),
		order("C2", o2c.OrderApproved, "50.00"),
		order("", o2c.OrderApproved, "19"),
	)
	for _, tt := range []struct {
		customer string
		exclude  int64
		want     string
	}{
		{"C1", 0, "1106.005"},
		{"C1", approved.ID, "1005.905"},
		{"C2", 0, "50.00"},
		{"C3", 0, "0"},
	} {
		t.Run(fmt.Sprintf("%s_without_%d", tt.customer, tt.exclude), func(t *testing.T) {
			got, err := s.CustomerExposure(ctx(t), tt.customer, tt.exclude)
			must(t, err)
			if !got.Equal(dec(tt.want)) {
				t.Fatalf("exposure = %s, want %s", got, tt.want)
			}
		})
	}
}

func testCountOrders(t *testing.T, s o2c.Store) {
	empty, err := s.CountOrders(ctx(t))
	must(t, err)
	if empty.Total != 0 || len(empty.ByStatus) != 0 {
		t.Fatalf("empty store counts %+v", empty)
	}
	doc := createDocument(t, s, "doc")
	statuses := []o2c.OrderStatus{o2c.OrderReceived, o2c.OrderReceived, o2c.OrderNeedsReview, o2c.OrderPosted, o2c.OrderReceived}
	var orders []*o2c.Order
	for _, st := range statuses {
		orders = append(orders, &o2c.Order{Status: st, Channel: o2c.ChannelAPI, DocumentID: doc.ID})
	}
	createOrders(t, s, orders...)
	got, err := s.CountOrders(ctx(t))
	must(t, err)
	want := o2c.OrderStats{Total: 5, ByStatus: map[o2c.OrderStatus]int{o2c.OrderReceived: 3, o2c.OrderNeedsReview: 1, o2c.OrderPosted: 1}}
	wantJSON(t, "counts", got, want)
}

func testEvents(t *testing.T, s o2c.Store) {
	ev := func(entity, id, action string, before, after string) *o2c.AuditEvent {
		e := &o2c.AuditEvent{Entity: entity, EntityID: id, Action: action, Actor: "user:anna", Note: "because " + action}
		if before != "" {
			e.Before = json.RawMessage(before)
		}
		if after != "" {
			e.After = json.RawMessage(after)
		}
		return e
	}
	e1 := ev("order", "1", "created", "", `{"status":"received"}`)
	e2 := ev("order", "2", "created", "", "")
	e3 := ev("order", "1", "status", `{"status":"received"}`, `{"status":"needs_review","net":"12.50"}`)
	e4 := ev("customer", "1", "upserted", `{}`, `{"name":"Ä & Ö"}`)
	e5 := ev("order", "1", "approved", `{"status":"needs_review"}`, `{"status":"approved"}`)
	var now1, now2 time.Time
	inTx(t, s, func(tx o2c.Tx) {
		now1 = tx.Now()
		for _, e := range []*o2c.AuditEvent{e1, e2, e3, e4} {
			must(t, tx.AddEvent(ctx(t), e))
		}
	})
	inTx(t, s, func(tx o2c.Tx) {
		now2 = tx.Now()
		must(t, tx.AddEvent(ctx(t), e5))
	})
	for _, e := range []*o2c.AuditEvent{e1, e2, e3, e4, e5} {
		if e.ID == 0 {
			t.Fatalf("AddEvent set no ID on %+v", e)
		}
	}
	if e1.At != now1 || e4.At != now1 || e5.At != now2 {
		t.Fatalf("At = %v, %v, %v; want the transactions' Now %v, %v", e1.At, e4.At, e5.At, now1, now2)
	}

	for _, tt := range []struct {
		entity, id string
		want       []o2c.AuditEvent
	}{
		{"order", "1", []o2c.AuditEvent{*e1, *e3, *e5}},
		{"order", "2", []o2c.AuditEvent{*e2}},
		{"customer", "1", []o2c.AuditEvent{*e4}},
		{"order", "3", nil},
	} {
		t.Run(tt.entity+"_"+tt.id, func(t *testing.T) {
			got, err := s.FindEvents(ctx(t), tt.entity, tt.id)
			must(t, err)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d events, want %d", len(got), len(tt.want))
			} else if len(got) > 0 {
				wantJSON(t, "events", got, tt.want)
			}
			for i := range got {
				if string(got[i].Before) != string(tt.want[i].Before) || string(got[i].After) != string(tt.want[i].After) {
					t.Fatalf("event %d: before %s after %s; want %s and %s, byte for byte",
						i, got[i].Before, got[i].After, tt.want[i].Before, tt.want[i].After)
				}
			}
		})
	}
}
