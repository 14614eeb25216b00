package app

import (
	"context"
	"fmt"

	"github.com/o2c-project/o2c"
)

// IdempotencyKey is the key an order is posted under, the same on every retry, so that the ERP
// (or connector) makes a repeated post a no-op.
func IdempotencyKey(orderID int64) string { return fmt.Sprintf("o2c-order-%d", orderID) }

// PostOrder sends an approved order to the ERP and records the acknowledgement. The post happens
// outside any transaction (it is an outside effect); if the process dies between the post and the
// commit, the retried job posts again under the same idempotency key and the connector answers
// with the first acknowledgement. An order no longer approved is left alone.
func (s *Orders) PostOrder(ctx context.Context, id int64) error {
	o, err := s.Store.FindOrderByID(ctx, id)
	if err != nil {
		return fmt.Errorf("find order %d to post: %w", id, err)
	}
	if o.Status != o2c.OrderApproved {
		return nil
	}
	var customer *o2c.Customer
	if o.CustomerID != "" {
		if customer, err = s.Store.FindCustomerByID(ctx, o.CustomerID); err != nil && o2c.ErrorCode(err) != o2c.CodeNotFound {
			return fmt.Errorf("find customer %s of order %d: %w", o.CustomerID, id, err)
		}
	}
	ack, err := s.ERP.PostOrder(ctx, o2c.ERPPost{IdempotencyKey: IdempotencyKey(id), Order: o, Customer: customer})
	if err != nil {
		if code := o2c.ErrorCode(err); code == o2c.CodeInvalid || code == o2c.CodeConflict {
			// The ERP refused the order for good: a person must look at the cause.
			return s.GiveUp(ctx, id, fmt.Sprintf("the ERP (%s) refused the order: %s", s.ERP.Name(), o2c.ErrorMessage(err)))
		}
		return fmt.Errorf("post order %d to %s: %w", id, s.ERP.Name(), err)
	}
	if err := s.archiveERPDocuments(ctx, o, customer); err != nil {
		return err
	}
	note := fmt.Sprintf("posted to %s as %s", s.ERP.Name(), ack.Ref)
	read := *o
	return s.posts.do(ctx, func(tx o2c.Tx) error {
		// The order read before the post is saved as posted unless someone changed it
		// meanwhile (its version guards the save); only then is it read again.
		o := read
		o.ERPRef, o.PostedAt, o.LastError = ack.Ref, tx.Now(), ""
		err := s.move(ctx, tx, &o, o2c.OrderPosted, "job:post", note)
		if o2c.ErrorCode(err) != o2c.CodeConflict {
			return err
		}
		fresh, err := tx.FindOrderByID(ctx, id)
		if err != nil {
			return fmt.Errorf("find order %d after post: %w", id, err)
		}
		if fresh.Status != o2c.OrderApproved {
			return nil
		}
		fresh.ERPRef, fresh.PostedAt, fresh.LastError = ack.Ref, tx.Now(), ""
		return s.move(ctx, tx, fresh, o2c.OrderPosted, "job:post", note)
	})
}

// GiveUp sends an order whose job failed for good to review, with the cause written on it.
func (s *Orders) GiveUp(ctx context.Context, id int64, cause string) error {
	return s.Store.InTx(ctx, func(tx o2c.Tx) error {
		o, err := tx.FindOrderByID(ctx, id)
		if err != nil {
			return fmt.Errorf("find order %d to give up: %w", id, err)
		}
		if !o2c.CanTransition(o.Status, o2c.OrderNeedsReview) {
			return nil
		}
		o.LastError = cause
		o.Decision = o2c.DecisionReview
		return s.move(ctx, tx, o, o2c.OrderNeedsReview, "system", cause)
	})
}
