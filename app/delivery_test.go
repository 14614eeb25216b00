package app_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

// receiveDeliveryNote stores a delivery note (canonical JSON) as a file would arrive, and runs
// its process job.
func (b *bundle) receiveDeliveryNote(t *testing.T, po string, signed bool) *o2c.Order {
	t.Helper()
	body := fmt.Sprintf(`{"document_type":"delivery_note","po_number":%q,"lines":[{"supplier_sku":"BEV-1054","quantity":"5"}],
		"delivery":{"document_number":"LS-%s","shipped_date":"2026-03-03","received_signed":%v}}`, po, po, signed)
	r, err := b.orders.Receive(t.Context(), app.ReceiveParams{Channel: o2c.ChannelFolder, Filename: "ls-" + po + ".json",
		Content: []byte(body), Actor: "folder"})
	if err != nil {
		t.Fatal(err)
	}
	return b.process(t, r.Orders[0].ID)
}

// TestDeliveryNoteMarksItsOrder: a signed delivery note marks the order it names delivered, an
// unsigned one shipped; the order's history keeps the transport facts, and the note's own record
// is closed as linked. A note naming no open order waits in review with the cause.
func TestDeliveryNoteMarksItsOrder(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for i, tc := range []struct {
		po     string
		signed bool
		want   o2c.OrderStatus
	}{{"PO-DN-1", true, o2c.OrderDelivered}, {"PO-DN-2", false, o2c.OrderShipped}} {
		o := b.approvedOrder(t, tc.po, i)
		if err := b.orders.PostOrder(t.Context(), o.ID); err != nil {
			t.Fatal(err)
		}
		note := b.receiveDeliveryNote(t, tc.po, tc.signed)
		if note.Status != o2c.OrderClosed {
			t.Fatalf("%s: the delivery note's record is %s (%v), want closed as linked", tc.po, note.Status, note.Anomalies)
		}
		got := b.order(t, o.ID)
		if got.Status != tc.want {
			t.Fatalf("%s: order is %s, want %s", tc.po, got.Status, tc.want)
		}
		seen := false
		for _, e := range b.events(t, o.ID) {
			seen = seen || e.Action == "delivery" && strings.Contains(e.Note, "LS-"+tc.po) && strings.Contains(string(e.After), `"document_number":"LS-`+tc.po)
		}
		if !seen {
			t.Errorf("%s: the order's history does not keep the delivery note", tc.po)
		}
	}
	lost := b.receiveDeliveryNote(t, "PO-NOWHERE", true)
	if lost.Status != o2c.OrderNeedsReview || len(lost.Anomalies) != 1 || !strings.Contains(lost.Anomalies[0].Message, `"PO-NOWHERE"`) {
		t.Fatalf("a note for no order: %s %+v", lost.Status, lost.Anomalies)
	}
}
