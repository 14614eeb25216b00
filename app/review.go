package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract"
)

// Approve releases an order in review to the ERP as it is: a person accepts its anomalies.
// version must be the version the person saw, so two people never act on a stale order.
func (s *Orders) Approve(ctx context.Context, id, version int64, actor, note string) (*o2c.Order, error) {
	return s.review(ctx, id, version, func(tx o2c.Tx, o *o2c.Order) error {
		if o.Status != o2c.OrderNeedsReview {
			return o2c.Errorf(o2c.CodeConflict, "order %d is %s, not in review", id, o.Status)
		}
		if note == "" {
			note = "approved by " + actor
		}
		return s.move(ctx, tx, o, o2c.OrderApproved, actor, note) // queues the post
	})
}

// Reject refuses an order in review for good; the reason is required and kept on the order.
func (s *Orders) Reject(ctx context.Context, id, version int64, actor, reason string) (*o2c.Order, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, o2c.Invalid(o2c.Fault{Rule: "REVIEW-01", Path: "$.reason", Message: "a reason is required to reject an order"})
	}
	return s.review(ctx, id, version, func(tx o2c.Tx, o *o2c.Order) error {
		if o.Status != o2c.OrderNeedsReview && o.Status != o2c.OrderOnHold {
			return o2c.Errorf(o2c.CodeConflict, "order %d is %s, not in review", id, o.Status)
		}
		o.Reason = reason
		return s.move(ctx, tx, o, o2c.OrderRejected, actor, reason)
	})
}

// Hold puts an order in review aside with a reason (waiting on the customer, on a colleague): it
// leaves the review queue until Release.
func (s *Orders) Hold(ctx context.Context, id, version int64, actor, reason string) (*o2c.Order, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, o2c.Invalid(o2c.Fault{Rule: "REVIEW-02", Path: "$.reason", Message: "a reason is required to hold an order"})
	}
	return s.review(ctx, id, version, func(tx o2c.Tx, o *o2c.Order) error {
		if o.Status != o2c.OrderNeedsReview {
			return o2c.Errorf(o2c.CodeConflict, "order %d is %s, not in review", id, o.Status)
		}
		o.Reason = reason
		return s.move(ctx, tx, o, o2c.OrderOnHold, actor, reason)
	})
}

// Release returns a held order to the review queue.
func (s *Orders) Release(ctx context.Context, id, version int64, actor string) (*o2c.Order, error) {
	return s.review(ctx, id, version, func(tx o2c.Tx, o *o2c.Order) error {
		if o.Status != o2c.OrderOnHold {
			return o2c.Errorf(o2c.CodeConflict, "order %d is %s, not on hold", id, o.Status)
		}
		o.Reason = ""
		return s.move(ctx, tx, o, o2c.OrderNeedsReview, actor, "released by "+actor)
	})
}

// Correct replaces the draft of an order in review with a person's corrected one and verifies it
// again at once: a corrected order with no anomaly left flows on to the ERP by itself. A learn
// job queued with the correction remembers it for the sender's next documents.
func (s *Orders) Correct(ctx context.Context, id, version int64, actor string, draft *o2c.OrderDraft) (*o2c.Order, error) {
	if faults := extract.CheckDraft(draft); len(faults) > 0 {
		return nil, o2c.Invalid(faults...)
	}
	var stock erpStock // read before the transaction: it waits on the ERP
	if o, err := s.Store.FindOrderByID(ctx, id); err == nil {
		stock = s.readERPStock(ctx, o.Sender, draft)
	}
	return s.review(ctx, id, version, func(tx o2c.Tx, o *o2c.Order) error {
		if o.Status != o2c.OrderNeedsReview {
			return o2c.Errorf(o2c.CodeConflict, "order %d is %s, not in review", id, o.Status)
		}
		before, err := json.Marshal(o.Draft)
		if err != nil {
			return fmt.Errorf("encode draft of order %d: %w", id, err)
		}
		setDraft(o, draft)
		if err := s.move(ctx, tx, o, o2c.OrderExtracted, actor, "corrected by "+actor); err != nil {
			return err
		}
		after, err := json.Marshal(draft)
		if err != nil {
			return fmt.Errorf("encode corrected draft of order %d: %w", id, err)
		}
		e := &o2c.AuditEvent{Entity: "order", EntityID: fmt.Sprint(id), Action: "corrected", Actor: actor, Before: before, After: after}
		if err := tx.AddEvent(ctx, e); err != nil {
			return fmt.Errorf("record correction of order %d: %w", id, err)
		}
		// What the person corrected is learned for the sender's next documents (see Learn).
		if err := tx.Enqueue(ctx, o2c.LearnJob{OrderID: id, EventID: e.ID}); err != nil {
			return fmt.Errorf("queue learning from the correction of order %d: %w", id, err)
		}
		if err := s.verifyAndDecide(ctx, tx, o, actor, stock); err != nil {
			return err
		}
		return s.tagCorrected(ctx, tx, o, actor) // archive_orders.go
	})
}

func (s *Orders) review(ctx context.Context, id, version int64, act func(o2c.Tx, *o2c.Order) error) (*o2c.Order, error) {
	var out *o2c.Order
	err := s.Store.InTx(ctx, func(tx o2c.Tx) error {
		o, err := tx.FindOrderByID(ctx, id)
		if err != nil {
			return err
		}
		if version != 0 && o.Version != version {
			return o2c.Errorf(o2c.CodeConflict, "order %d changed since you opened it (version %d, now %d): reload it", id, version, o.Version)
		}
		if err := act(tx, o); err != nil {
			return err
		}
		out = o
		return nil
	})
	return out, err
}

// History returns an order's audit trail, oldest first.
func (s *Orders) History(ctx context.Context, id int64) ([]o2c.AuditEvent, error) {
	if _, err := s.Store.FindOrderByID(ctx, id); err != nil {
		return nil, err
	}
	return s.Store.FindEvents(ctx, "order", fmt.Sprint(id))
}
