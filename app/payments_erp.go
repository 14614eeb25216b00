package app

import (
	"context"
	"fmt"

	"github.com/o2c-project/o2c"
)

// PaymentKey is the key an allocation, or its reversal, is posted to the ERP under: the same on
// every try, so that the connector makes a repeat a no-op.
func PaymentKey(allocationID int64, reversal bool) string {
	if reversal {
		return fmt.Sprintf("o2c-payment-%d-reversal", allocationID)
	}
	return fmt.Sprintf("o2c-payment-%d", allocationID)
}

// PostPending tells the ERP of every allocation it has not taken yet, then of every reversal, and
// records each as posted; it returns how many posts it made. The post is outside any transaction
// (an outside effect): a crash between a post and its record posts again under the same key.
// It stops at the first failure, which it returns. Without an ERP it posts nothing.
func (s *Payments) PostPending(ctx context.Context) (int, error) {
	if s.ERP == nil {
		return 0, nil
	}
	n := 0
	for {
		list, err := s.Store.FindAllocations(ctx, o2c.AllocationFilter{Unposted: true, Limit: 200})
		if err != nil {
			return n, err
		}
		if len(list) == 0 {
			return n, nil
		}
		for _, a := range list {
			bt, err := s.Store.FindBankTransactionByID(ctx, a.TransactionID)
			if err != nil {
				return n, err
			}
			// An allocation reversed before it was posted is still posted, then reversed: the ERP
			// sees the same history as the ledger.
			for _, reversal := range []bool{false, true} {
				done := a.PostedAt
				if reversal {
					done = a.ReversalPostedAt
					if a.Live() {
						continue
					}
				}
				if !done.IsZero() {
					continue
				}
				key := PaymentKey(a.ID, reversal)
				if _, err := s.ERP.PostPayment(ctx, o2c.ERPPayment{IdempotencyKey: key, Allocation: a, Transaction: bt, Reversal: reversal}); err != nil {
					return n, fmt.Errorf("post %s to the ERP: %w", key, err)
				}
				if err := s.Store.InTx(ctx, func(tx o2c.Tx) error { return tx.MarkAllocationPosted(ctx, a.ID, reversal) }); err != nil {
					return n, err
				}
				n++
			}
		}
	}
}

// postQuietly posts what waits after a change; a failure is logged and left for the next try,
// since the change itself is committed.
func (s *Payments) postQuietly(ctx context.Context) {
	if _, err := s.PostPending(ctx); err != nil {
		s.Log.WarnContext(ctx, "payments not posted to the ERP yet", "err", err)
	}
}
