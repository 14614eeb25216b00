package app

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/o2c-project/o2c"
)

// isDeliveryDocument reports a delivery note, receipt note or CMR: it reports on an order, it
// is none.
func isDeliveryDocument(d *o2c.OrderDraft) bool {
	return d.DocumentType == o2c.DocDeliveryNote || d.DocumentType == o2c.DocCMR
}

// linkDelivery applies a delivery document to the order it names (its PO number, and its customer
// when the document names one): the order is marked shipped, or delivered when the consignee
// signed or stamped it or a delivery date is written on it; the history of both keeps the
// transport facts. The document's own order record is closed as linked. A document whose order
// cannot be found, or could be several, waits in review with the cause.
func (s *Orders) linkDelivery(ctx context.Context, tx o2c.Tx, o *o2c.Order, d *o2c.OrderDraft) error {
	setDraft(o, d)
	kind := map[o2c.DocumentType]string{o2c.DocDeliveryNote: "delivery note", o2c.DocCMR: "CMR"}[d.DocumentType]
	open := []o2c.OrderStatus{o2c.OrderPosted, o2c.OrderConfirmed, o2c.OrderShipped}
	var found []*o2c.Order
	if d.PONumber != "" {
		candidates, _, err := tx.FindOrders(ctx, o2c.OrderFilter{PONumber: d.PONumber, Status: open, Limit: 10})
		if err != nil {
			return fmt.Errorf("find the order of %s %d: %w", kind, o.ID, err)
		}
		for _, c := range candidates {
			if c.ID != o.ID {
				found = append(found, c)
			}
		}
	}
	if len(found) != 1 {
		why := fmt.Sprintf("the %s names order %q, and no open order has that number", kind, d.PONumber)
		switch {
		case d.PONumber == "":
			why = fmt.Sprintf("the %s names no order number", kind)
		case len(found) > 1:
			why = fmt.Sprintf("the %s names order %q, which %d open orders carry", kind, d.PONumber, len(found))
		}
		o.Anomalies = []o2c.Anomaly{{Code: o2c.AnomalyMissingField, Field: "po_number", Message: why + "; link it by hand"}}
		o.Decision = o2c.DecisionReview
		return s.move(ctx, tx, o, o2c.OrderNeedsReview, "job:process", why)
	}
	target := found[0]
	to := o2c.OrderShipped
	if dl := d.Delivery; dl != nil && (dl.ReceivedSigned != nil && *dl.ReceivedSigned || !dl.DeliveredDate.IsZero()) {
		to = o2c.OrderDelivered
	}
	facts, err := json.Marshal(d.Delivery)
	if err != nil {
		return err
	}
	note := fmt.Sprintf("%s %s (document %d)", kind, deliveryNumber(d), o.DocumentID)
	if target.Status != to && o2c.CanTransition(target.Status, to) {
		if err := s.move(ctx, tx, target, to, "job:process", note); err != nil {
			return err
		}
	}
	e := &o2c.AuditEvent{Entity: "order", EntityID: fmt.Sprint(target.ID), Action: "delivery", Actor: "job:process",
		After: facts, Note: note}
	if err := tx.AddEvent(ctx, e); err != nil {
		return fmt.Errorf("record %s on order %d: %w", kind, target.ID, err)
	}
	o.Anomalies = []o2c.Anomaly{}
	return s.move(ctx, tx, o, o2c.OrderClosed, "job:process", fmt.Sprintf("%s of order %d (%s)", kind, target.ID, target.PONumber))
}

func deliveryNumber(d *o2c.OrderDraft) string {
	if d.Delivery != nil && d.Delivery.DocumentNumber != "" {
		return d.Delivery.DocumentNumber
	}
	return "without number"
}
