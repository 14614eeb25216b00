package app

import (
	"cmp"
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/o2c-project/o2c"
)

// Defaults of ERPSync.
const (
	DefaultSyncBatch   = 100              // orders asked about per run
	DefaultSyncTimeout = 10 * time.Second // per question to the ERP
)

// ERPSync reads back from the ERP what became of posted orders: when the ERP (an
// o2c.ShipmentSource) says an order's goods left, the order is marked shipped, and delivered when
// the ERP closed it, as far as the state machine allows. The history names the ERP as who
// ("erp:tryton") and keeps the ERP's account of it. The queue runs SyncShipments periodically.
//
// Each run asks about at most Batch orders, posted or confirmed and not yet shipped; the next run
// takes the next page, so every such order gets its turn however many there are.
type ERPSync struct {
	Orders  *Orders
	Batch   int           // orders asked about per run; 0 means DefaultSyncBatch
	Timeout time.Duration // bounds each question to the ERP; 0 means DefaultSyncTimeout

	mu     sync.Mutex // one run at a time in this process
	offset int        // where the next run's page starts
}

// SyncReport is what one run of the shipment sync did.
type SyncReport struct {
	Checked   int    // orders the ERP was asked about
	Shipped   int    // orders marked shipped
	Delivered int    // orders marked delivered
	Unknown   int    // orders the ERP has no record of (posted elsewhere, or deleted there)
	Failed    int    // orders whose state the ERP could not give; asked again next run
	Stopped   string // why the run ended before its batch was done; "" when it did not
}

// SyncShipments runs the sync once; it is what the periodic job calls.
func (s *ERPSync) SyncShipments(ctx context.Context) error {
	_, err := s.Run(ctx)
	return err
}

// Run asks the ERP about the next batch of posted orders not yet shipped and marks those whose
// goods left. An ERP that cannot be reached ends the run early with the cause in the report, not
// as an error: the next run asks again. Only a failure of the store is returned.
func (s *ERPSync) Run(ctx context.Context) (SyncReport, error) {
	var r SyncReport
	src, ok := s.Orders.ERP.(o2c.ShipmentSource)
	if !ok {
		return r, nil
	}
	if !s.mu.TryLock() {
		r.Stopped = "another run was going on"
		return r, nil
	}
	defer s.mu.Unlock()
	orders, err := s.page(ctx)
	if err != nil {
		return r, err
	}
	actor := "erp:" + s.Orders.ERP.Name()
	for _, o := range orders {
		if ctx.Err() != nil {
			r.Stopped = "the run's time was up"
			break
		}
		if o.ERPRef == "" {
			continue
		}
		r.Checked++
		qctx, cancel := context.WithTimeout(ctx, cmp.Or(s.Timeout, DefaultSyncTimeout))
		st, err := src.ShipmentState(qctx, o.ERPRef)
		cancel()
		switch code := o2c.ErrorCode(err); {
		case err == nil:
		case code == o2c.CodeNotFound:
			r.Unknown++
			continue
		case code == o2c.CodeUnavailable || code == o2c.CodeUnauthorized || ctx.Err() != nil:
			r.Failed++
			r.Stopped = fmt.Sprintf("%s: %s", s.Orders.ERP.Name(), o2c.ErrorMessage(err))
			s.Orders.Log.WarnContext(ctx, "shipment sync stopped: the ERP cannot answer", "erp", s.Orders.ERP.Name(), "order", o.ID, "err", err)
			return r, nil
		default:
			r.Failed++
			s.Orders.Log.WarnContext(ctx, "shipment sync: the ERP could not give an order's state", "erp", s.Orders.ERP.Name(), "order", o.ID, "ref", o.ERPRef, "err", err)
			continue
		}
		moved, err := s.mark(ctx, o.ID, o.ERPRef, st, actor)
		if err != nil {
			return r, err
		}
		for _, to := range moved {
			switch to {
			case o2c.OrderShipped:
				r.Shipped++
			case o2c.OrderDelivered:
				r.Delivered++
			}
		}
	}
	if r.Shipped+r.Delivered+r.Unknown+r.Failed > 0 {
		s.Orders.Log.InfoContext(ctx, "shipment sync", "erp", s.Orders.ERP.Name(), "checked", r.Checked, "shipped", r.Shipped,
			"delivered", r.Delivered, "unknown", r.Unknown, "failed", r.Failed)
	}
	return r, nil
}

// page returns the next batch of orders posted or confirmed and not yet shipped, and moves the
// cursor on; past the last page it starts again at the first.
func (s *ERPSync) page(ctx context.Context) ([]*o2c.Order, error) {
	batch := cmp.Or(s.Batch, DefaultSyncBatch)
	f := o2c.OrderFilter{Status: []o2c.OrderStatus{o2c.OrderPosted, o2c.OrderConfirmed}, Offset: s.offset, Limit: batch}
	orders, _, err := s.Orders.Store.FindOrders(ctx, f)
	if err == nil && len(orders) == 0 && f.Offset > 0 {
		// Orders shipped since the last run shortened the list: start again.
		f.Offset = 0
		orders, _, err = s.Orders.Store.FindOrders(ctx, f)
	}
	if err != nil {
		return nil, fmt.Errorf("find posted orders to sync: %w", err)
	}
	s.offset = f.Offset + len(orders)
	if len(orders) < batch {
		s.offset = 0
	}
	return orders, nil
}

// mark moves an order on as far as the ERP's state takes it, in one transaction, reading it
// again there: an order already shipped (by an earlier run, another process or a delivery note)
// is left alone, so a repeated run changes nothing. It returns the statuses the order went through.
func (s *ERPSync) mark(ctx context.Context, id int64, ref string, st o2c.ERPShipment, actor string) ([]o2c.OrderStatus, error) {
	var moved []o2c.OrderStatus
	err := s.Orders.Store.InTx(ctx, func(tx o2c.Tx) error {
		moved = nil
		o, err := tx.FindOrderByID(ctx, id)
		if err != nil {
			return fmt.Errorf("find order %d to sync: %w", id, err)
		}
		if o.ERPRef != ref {
			return nil
		}
		var steps []step
		cur := o.Status
		if st.Shipped && o2c.CanTransition(cur, o2c.OrderShipped) {
			steps, cur = append(steps, step{o2c.OrderShipped, st.Note}), o2c.OrderShipped
		}
		if st.Done && o2c.CanTransition(cur, o2c.OrderDelivered) {
			steps = append(steps, step{o2c.OrderDelivered, st.Note})
		}
		if len(steps) == 0 {
			return nil
		}
		for _, st := range steps {
			moved = append(moved, st.to)
		}
		return s.Orders.apply(ctx, tx, o, actor, steps)
	})
	if o2c.ErrorCode(err) == o2c.CodeConflict {
		return nil, nil // changed meanwhile: the next run sees it as it is now
	}
	if err != nil {
		return nil, fmt.Errorf("mark order %d from the ERP's shipment state: %w", id, err)
	}
	return moved, nil
}
