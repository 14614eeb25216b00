package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

func testFindOrders(t *testing.T, s o2c.Store) {
	docA, docB := createDocument(t, s, "a"), createDocument(t, s, "b")
	base := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)
	anomalies := func(codes ...o2c.AnomalyCode) []o2c.Anomaly {
		var as []o2c.Anomaly
		for _, c := range codes {
			as = append(as, o2c.Anomaly{Code: c, Field: "x", Message: "y"})
		}
		return as
	}
	o1 := &o2c.Order{Status: o2c.OrderReceived, Channel: o2c.ChannelEmail, DocumentID: docA.ID, CustomerID: "C1",
		PONumber: "PO-1", Sender: "Alice@Acme.example", ReceivedAt: base.Add(1 * time.Hour)}
	o2 := &o2c.Order{Status: o2c.OrderNeedsReview, Channel: o2c.ChannelPDF, DocumentID: docA.ID, CustomerID: "C1",
		PONumber: "PO-2", Sender: "orders@acme.example", ReceivedAt: base.Add(2 * time.Hour),
		Anomalies: anomalies(o2c.AnomalyPriceMismatch, o2c.AnomalyMissingField)}
	o3 := &o2c.Order{Status: o2c.OrderApproved, Channel: o2c.ChannelEDIFACT, DocumentID: docA.ID, CustomerID: "C2",
		PONumber: "X_100", Sender: "4000001000005", ReceivedAt: base.Add(3 * time.Hour),
		Anomalies: anomalies(o2c.AnomalyMissingField)}
	o4 := &o2c.Order{Status: o2c.OrderNeedsReview, Channel: o2c.ChannelEmail, DocumentID: docA.ID,
		Sender: "someone@unknown.example", ReceivedAt: base.Add(4 * time.Hour),
		Anomalies: anomalies(o2c.AnomalyUnknownCustomer)}
	o5 := &o2c.Order{Status: o2c.OrderPosted, Channel: o2c.ChannelEmail, DocumentID: docA.ID, CustomerID: "C2",
		PONumber: "PO-5", Sender: "buyer@beta.example", ReceivedAt: base.Add(4 * time.Hour)} // same instant as o4
	o6 := &o2c.Order{Status: o2c.OrderRejected, Channel: o2c.ChannelAPI, DocumentID: docB.ID, CustomerID: "C1",
		PONumber: "PO-6", Sender: "api:erp", ReceivedAt: base.Add(5 * time.Hour),
		Anomalies: anomalies(o2c.AnomalyDuplicateOrder)}
	// Created out of time order: the order is by received_at, then id.
	createOrders(t, s, o4, o1, o5, o3, o6, o2)
	all := map[int64]*o2c.Order{}
	for _, o := range []*o2c.Order{o1, o2, o3, o4, o5, o6} {
		all[o.ID] = o
	}

	type F = o2c.OrderFilter
	S := func(ss ...o2c.OrderStatus) []o2c.OrderStatus { return ss }
	tests := []struct {
		filter F
		want   []*o2c.Order
		total  int
	}{
		{F{}, []*o2c.Order{o6, o5, o4, o3, o2, o1}, 6},
		{F{Status: S(o2c.OrderNeedsReview)}, []*o2c.Order{o4, o2}, 2},
		{F{Status: S(o2c.OrderApproved, o2c.OrderPosted)}, []*o2c.Order{o5, o3}, 2},
		{F{Status: S(o2c.OrderClosed)}, nil, 0},
		{F{Channel: o2c.ChannelEmail}, []*o2c.Order{o5, o4, o1}, 3},
		{F{CustomerID: "C1"}, []*o2c.Order{o6, o2, o1}, 3},
		{F{PONumber: "PO-2"}, []*o2c.Order{o2}, 1},
		{F{PONumber: "po-2"}, nil, 0},
		{F{DocumentID: docB.ID}, []*o2c.Order{o6}, 1},
		{F{Anomaly: o2c.AnomalyMissingField}, []*o2c.Order{o3, o2}, 2},
		{F{Anomaly: o2c.AnomalyPriceMismatch}, []*o2c.Order{o2}, 1},
		{F{Anomaly: "MISSING"}, nil, 0}, // whole codes only
		{F{Anomaly: "MISSING_FIEL"}, nil, 0},
		{F{Query: "acme"}, []*o2c.Order{o2, o1}, 2}, // sender, any case
		{F{Query: "ACME"}, []*o2c.Order{o2, o1}, 2},
		{F{Query: "c2"}, []*o2c.Order{o5, o3}, 2}, // customer
		{F{Query: "x_1"}, []*o2c.Order{o3}, 1},    // PO number
		{F{Query: "PO_"}, nil, 0},                 // _ is no wildcard
		{F{Query: "%"}, nil, 0},                   // nor is %
		{F{Query: "4000001"}, []*o2c.Order{o3}, 1},
		{F{Since: base.Add(4 * time.Hour)}, []*o2c.Order{o6, o5, o4}, 3},
		{F{Since: base.Add(4*time.Hour + time.Microsecond)}, []*o2c.Order{o6}, 1},
		{F{Status: S(o2c.OrderNeedsReview), Channel: o2c.ChannelEmail}, []*o2c.Order{o4}, 1},
		{F{CustomerID: "C1", Query: "acme", Since: base.Add(2 * time.Hour)}, []*o2c.Order{o2}, 1},
		{F{Limit: 2}, []*o2c.Order{o6, o5}, 6},
		{F{Limit: 2, Offset: 2}, []*o2c.Order{o4, o3}, 6},
		{F{Limit: 2, Offset: 4}, []*o2c.Order{o2, o1}, 6},
		{F{Limit: 4, Offset: 4}, []*o2c.Order{o2, o1}, 6},
		{F{Offset: 6}, nil, 6},
		{F{Offset: 60}, nil, 6},
		{F{Offset: -1, Limit: 1}, []*o2c.Order{o6}, 6},
		{F{Status: S(o2c.OrderNeedsReview), Limit: 1}, []*o2c.Order{o4}, 2},
		{F{Status: S(o2c.OrderNeedsReview), Limit: 1, Offset: 1}, []*o2c.Order{o2}, 2},
		{F{Status: S(o2c.OrderNeedsReview), Limit: 1, Offset: 5}, nil, 2},
		{F{IDs: []int64{o1.ID, o3.ID, 99999}}, []*o2c.Order{o3, o1}, 2},
		{F{IDs: []int64{o1.ID, o2.ID}, Status: S(o2c.OrderNeedsReview)}, []*o2c.Order{o2}, 1},
		{F{IDs: []int64{}}, nil, 0}, // none asked for, none found
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%+v", tt.filter), func(t *testing.T) {
			got, total, err := s.FindOrders(ctx(t), tt.filter)
			must(t, err)
			if !slices.Equal(ids(got), ids(tt.want)) || total != tt.total {
				t.Fatalf("got %v (total %d), want %v (total %d)", ids(got), total, ids(tt.want), tt.total)
			}
			for _, o := range got {
				wantJSON(t, "found order", o, all[o.ID])
			}
		})
	}
}

func testFindOrdersLimits(t *testing.T, s o2c.Store) {
	doc := createDocument(t, s, "doc")
	const n = 501
	orders := make([]*o2c.Order, n)
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range orders {
		orders[i] = &o2c.Order{Status: o2c.OrderReceived, Channel: o2c.ChannelCSV, DocumentID: doc.ID,
			ReceivedAt: base.Add(time.Duration(i) * time.Second)}
	}
	createOrders(t, s, orders...)
	for _, tt := range []struct {
		limit, want int
	}{{0, 50}, {-5, 50}, {1000, 500}, {500, 500}, {7, 7}} {
		t.Run(fmt.Sprint(tt.limit), func(t *testing.T) {
			got, total, err := s.FindOrders(ctx(t), o2c.OrderFilter{Limit: tt.limit})
			must(t, err)
			if len(got) != tt.want || total != n {
				t.Fatalf("Limit %d: %d orders, total %d; want %d, total %d", tt.limit, len(got), total, tt.want, n)
			}
			if got[0].ID != orders[n-1].ID {
				t.Fatalf("first order %d, want the newest %d", got[0].ID, orders[n-1].ID)
			}
		})
	}
}

func testFindDuplicateOrders(t *testing.T, s o2c.Store) {
	doc := createDocument(t, s, "doc")
	base := time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	order := func(customer, po, hash string, status o2c.OrderStatus, received time.Time) *o2c.Order {
		return &o2c.Order{Status: status, Channel: o2c.ChannelEmail, DocumentID: doc.ID, CustomerID: customer,
			PONumber: po, ContentHash: hash, ReceivedAt: received}
	}
	d1 := order("C1", "PO-1", "h1", o2c.OrderApproved, base)
	d2 := order("C1", "PO-2", "h2", o2c.OrderNeedsReview, base.Add(2*day))
	d3 := order("C1", "PO-1", "h3", o2c.OrderCancelled, base.Add(3*day)) // cancelled: no duplicate
	d4 := order("C1", "PO-4", "h1", o2c.OrderRejected, base.Add(day))    // rejected: no duplicate
	d5 := order("C2", "PO-1", "h1", o2c.OrderPosted, base)               // another customer
	d6 := order("C1", "", "h6", o2c.OrderReceived, base.Add(3*day))
	d7 := order("C1", "", "", o2c.OrderReceived, base.Add(3*day)) // nothing to compare
	d8 := order("", "PO-1", "h1", o2c.OrderReceived, base)        // customer unknown
	createOrders(t, s, d2, d1, d3, d4, d5, d6, d7, d8)

	type Q = o2c.DuplicateQuery
	tests := []struct {
		name string
		q    Q
		want []*o2c.Order
	}{
		{"SamePO", Q{CustomerID: "C1", PONumber: "PO-1"}, []*o2c.Order{d1}},
		{"SamePOExcludingItself", Q{CustomerID: "C1", PONumber: "PO-1", ExcludeID: d1.ID}, nil},
		{"SamePOOtherCustomer", Q{CustomerID: "C2", PONumber: "PO-1"}, []*o2c.Order{d5}},
		{"SameContentInWindow", Q{CustomerID: "C1", ContentHash: "h1", Since: base}, []*o2c.Order{d1}},
		{"SameContentBeforeWindow", Q{CustomerID: "C1", ContentHash: "h1", Since: base.Add(time.Microsecond)}, nil},
		{"SameContentAnyTime", Q{CustomerID: "C1", ContentHash: "h1"}, []*o2c.Order{d1}},
		{"POOrContent", Q{CustomerID: "C1", PONumber: "PO-2", ContentHash: "h6", Since: base.Add(day)}, []*o2c.Order{d2, d6}},
		{"POMatchesContentTooOld", Q{CustomerID: "C1", PONumber: "PO-9", ContentHash: "h2", Since: base.Add(3 * day)}, nil},
		{"POOnlyEvenWithOldContent", Q{CustomerID: "C1", PONumber: "PO-2", ContentHash: "h1", Since: base.Add(5 * day)}, []*o2c.Order{d2}},
		{"NothingToCompare", Q{CustomerID: "C1"}, nil},
		{"UnknownCustomer", Q{PONumber: "PO-1", ContentHash: "h1"}, nil},
		{"CancelledOnlyMatch", Q{CustomerID: "C1", ContentHash: "h3"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.FindDuplicateOrders(ctx(t), tt.q)
			must(t, err)
			if !slices.Equal(ids(got), ids(tt.want)) {
				t.Fatalf("got %v, want %v", ids(got), ids(tt.want))
			}
			for i := range got {
				wantJSON(t, "duplicate", got[i], tt.want[i])
			}
		})
	}
}

// testFindOrderKeys reads what the review queue sorts by, for the orders of one status only.
func testFindOrderKeys(t *testing.T, s o2c.Store) {
	doc := createDocument(t, s, "keys")
	base := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	net := decimal.RequireFromString("1250.50")
	o1 := &o2c.Order{Status: o2c.OrderNeedsReview, Channel: o2c.ChannelPDF, DocumentID: doc.ID, ReceivedAt: base.Add(time.Hour),
		RequestedDeliveryDate: cal.MustParse("2026-03-20"), NetTotal: net}
	o2 := &o2c.Order{Status: o2c.OrderNeedsReview, Channel: o2c.ChannelPDF, DocumentID: doc.ID, ReceivedAt: base}
	o3 := &o2c.Order{Status: o2c.OrderApproved, Channel: o2c.ChannelPDF, DocumentID: doc.ID, ReceivedAt: base}
	createOrders(t, s, o1, o2, o3)
	keys, err := s.FindOrderKeys(ctx(t), o2c.OrderNeedsReview, 10)
	must(t, err)
	if len(keys) != 2 || keys[0].ID != o2.ID || keys[1].ID != o1.ID {
		t.Fatalf("keys %+v, want orders %d then %d (oldest first, in review only)", keys, o2.ID, o1.ID)
	}
	k := keys[1]
	if k.RequestedDeliveryDate != o1.RequestedDeliveryDate || !k.NetTotal.Equal(net) || !k.ReceivedAt.Equal(o1.ReceivedAt) {
		t.Errorf("key %+v, want delivery %s, net %s, received %s", k, o1.RequestedDeliveryDate, net, o1.ReceivedAt)
	}
	if !keys[0].RequestedDeliveryDate.IsZero() {
		t.Errorf("an order without a delivery date has %s", keys[0].RequestedDeliveryDate)
	}
	one, err := s.FindOrderKeys(ctx(t), o2c.OrderNeedsReview, 1)
	must(t, err)
	if len(one) != 1 {
		t.Errorf("limit 1 gave %d keys", len(one))
	}
}
