package app

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/invoice"
)

func jsonMarshal(v any) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode invoice content: %w", err)
	}
	return b, nil
}

// invoiceable are the order statuses an invoice may be issued for: the goods left.
var invoiceable = []o2c.OrderStatus{o2c.OrderShipped, o2c.OrderDelivered}

// shippedNow reports whether an order that was from became cur by leaving with its goods now,
// which is when it is invoiced.
func shippedNow(from, cur o2c.OrderStatus) bool {
	return slices.Contains(invoiceable, cur) && !slices.Contains(invoiceable, from)
}

// issueInTx issues rec (new, or a stored draft) with content m: calculated, validated, numbered
// from series with the transaction's counter, stored, its orders moved to invoiced, its sending
// queued. When the content breaks a rule (faults from build, from Calculate or from Validate),
// rec is stored as a draft with the faults and the reason instead, and takes no number.
func (s *Invoices) issueInTx(ctx context.Context, tx o2c.Tx, rec *o2c.Invoice, m invoice.Invoice, faults []o2c.Fault,
	series invoice.Series, orders []*o2c.Order, actor string) error {
	calc, err := invoice.Calculate(m)
	switch o2c.ErrorCode(err) {
	case "":
		probe := calc
		probe.Number = "DRAFT" // Validate wants a number; the real one is taken only once it passes
		if err := invoice.Validate(probe); o2c.ErrorCode(err) == o2c.CodeInvalid {
			faults = append(faults, o2c.ErrorFaults(err)...)
		} else if err != nil {
			return fmt.Errorf("validate invoice: %w", err)
		}
	case o2c.CodeInvalid:
		faults, calc = append(faults, o2c.ErrorFaults(err)...), m
	default:
		return fmt.Errorf("calculate invoice: %w", err)
	}
	rec.Series = series.Code
	if len(faults) > 0 {
		from := rec.Status
		rec.Status, rec.Faults = o2c.InvoiceDraft, faults
		rec.Reason = "cannot be issued: " + o2c.Invalid(faults...).Message
		if err := fill(rec, calc); err != nil {
			return err
		}
		if err := saveInvoice(ctx, tx, rec); err != nil {
			return err
		}
		return invoiceEvent(ctx, tx, rec, actionInvoiceDraft, actor, from, rec.Reason, faults)
	}
	if err := invoice.Assign(ctx, tx, series, &calc); err != nil {
		return err
	}
	calc.Payment.Reference = calc.Number // what the payer quotes, so that the payment finds its invoice
	from := rec.Status
	rec.Number, rec.Status, rec.Faults, rec.IssuedAt = calc.Number, o2c.InvoiceIssued, nil, tx.Now()
	if rec.Kind == o2c.KindInvoice {
		rec.Reason = ""
	}
	if err := fill(rec, calc); err != nil {
		return err
	}
	if err := saveInvoice(ctx, tx, rec); err != nil {
		return err
	}
	if err := invoiceEvent(ctx, tx, rec, actionIssued, actor, from, "", nil); err != nil {
		return err
	}
	for _, o := range orders {
		if err := markInvoiced(ctx, tx, o, rec, actor); err != nil {
			return err
		}
	}
	return tx.Enqueue(ctx, o2c.SendInvoiceJob{InvoiceID: rec.ID}, o2c.PostInvoiceJob{InvoiceID: rec.ID})
}

func saveInvoice(ctx context.Context, tx o2c.Tx, rec *o2c.Invoice) error {
	if rec.ID == 0 {
		return tx.CreateInvoice(ctx, rec)
	}
	return tx.UpdateInvoice(ctx, rec)
}

// markInvoiced moves an order to invoiced, in the invoice's transaction, with its audit event.
func markInvoiced(ctx context.Context, tx o2c.Tx, o *o2c.Order, inv *o2c.Invoice, actor string) error {
	if o.Status == o2c.OrderInvoiced {
		return nil
	}
	if !o2c.CanTransition(o.Status, o2c.OrderInvoiced) {
		return o2c.Errorf(o2c.CodeConflict, "order %d is %s and cannot become invoiced", o.ID, o.Status)
	}
	from := o.Status
	o.Status = o2c.OrderInvoiced
	if err := tx.UpdateOrder(ctx, o); err != nil {
		return fmt.Errorf("save order %d as invoiced: %w", o.ID, err)
	}
	return addStatusEvent(ctx, tx, o, "status", actor, from, o2c.OrderInvoiced, "invoice "+inv.Number)
}

// issued returns rec, or CodeInvalid with its faults when it stayed a draft (which is stored).
func issued(rec *o2c.Invoice) (*o2c.Invoice, error) {
	if rec.Status == o2c.InvoiceDraft {
		e := o2c.Invalid(rec.Faults...)
		e.Message = fmt.Sprintf("invoice draft %d %s", rec.ID, rec.Reason)
		return rec, e
	}
	return rec, nil
}

// IssueForOrder issues the invoice of one shipped (or delivered) order, in one transaction with
// its number and the order's move to invoiced. It is idempotent: an order invoiced already returns
// its invoice, and one whose earlier issue left a draft tries that draft again. A draft is
// returned with CodeInvalid and its faults. CodeConflict when the order has not shipped.
func (s *Invoices) IssueForOrder(ctx context.Context, orderID int64, actor string) (*o2c.Invoice, error) {
	var rec *o2c.Invoice
	err := s.Store.InTx(ctx, func(tx o2c.Tx) error {
		rec = nil
		o, err := tx.FindOrderByID(ctx, orderID)
		if err != nil {
			return err
		}
		list, _, err := tx.FindInvoices(ctx, o2c.InvoiceFilter{OrderID: orderID, Kind: o2c.KindInvoice, Limit: 1})
		if err != nil {
			return err
		}
		if len(list) > 0 {
			if rec = list[0]; rec.Status != o2c.InvoiceDraft {
				return nil
			}
			return s.reissue(ctx, tx, rec, actor)
		}
		if !slices.Contains(invoiceable, o.Status) {
			return o2c.Errorf(o2c.CodeConflict, "order %d is %s: only orders whose goods left are invoiced", o.ID, o.Status)
		}
		rec = &o2c.Invoice{Kind: o2c.KindInvoice, CustomerID: o.CustomerID}
		return s.issueOrders(ctx, tx, rec, []*o2c.Order{o}, invoice.Period{}, actor)
	})
	if err != nil {
		return nil, err
	}
	return issued(rec)
}

// issueOrders builds and issues rec for orders of its customer.
func (s *Invoices) issueOrders(ctx context.Context, tx o2c.Tx, rec *o2c.Invoice, orders []*o2c.Order, period invoice.Period, actor string) error {
	if rec.CustomerID == "" {
		return o2c.Errorf(o2c.CodeInvalid, "order %d has no known customer to invoice", orders[0].ID)
	}
	c, err := tx.FindCustomerByID(ctx, rec.CustomerID)
	if err != nil {
		return fmt.Errorf("find customer %s to invoice: %w", rec.CustomerID, err)
	}
	st, err := settingsOf(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	m, faults, err := s.build(ctx, tx, draftSpec{customer: c, settings: st, orders: orders, sales: salesOf(orders),
		period: period, issue: cal.DateIn(tx.Now(), s.Location)})
	if err != nil {
		return err
	}
	rec.OrderIDs, rec.PONumbers = nil, nil
	for _, o := range orders {
		rec.OrderIDs = append(rec.OrderIDs, o.ID)
		if o.PONumber != "" {
			rec.PONumbers = append(rec.PONumbers, o.PONumber)
		}
	}
	rec.Format, rec.Language = st.Format, languageOfInvoice(c, st)
	return s.issueInTx(ctx, tx, rec, m, faults, s.Series, orders, actor)
}

// reissue tries a stored draft again: one made from orders is built anew from them and the master
// data as they are now (the fix is usually there); a manual one is issued as it stands.
func (s *Invoices) reissue(ctx context.Context, tx o2c.Tx, rec *o2c.Invoice, actor string) error {
	m, err := Model(rec)
	if err != nil {
		return err
	}
	if len(rec.OrderIDs) == 0 {
		series := s.Series
		if rec.Kind == o2c.KindCreditNote {
			series = s.CreditSeries
		}
		m.IssueDate = cal.DateIn(tx.Now(), s.Location)
		if c, err := tx.FindCustomerByID(ctx, rec.CustomerID); err == nil && rec.Kind == o2c.KindInvoice {
			m.DueDate = m.IssueDate.AddDays(s.termsDays(c))
		}
		return s.issueInTx(ctx, tx, rec, m, nil, series, nil, actor)
	}
	var orders []*o2c.Order
	for _, id := range rec.OrderIDs {
		o, err := tx.FindOrderByID(ctx, id)
		if err != nil {
			return fmt.Errorf("find order %d of invoice draft %d: %w", id, rec.ID, err)
		}
		if !slices.Contains(invoiceable, o.Status) {
			return o2c.Errorf(o2c.CodeConflict, "order %d of invoice draft %d is %s: only orders whose goods left are invoiced", o.ID, rec.ID, o.Status)
		}
		orders = append(orders, o)
	}
	return s.issueOrders(ctx, tx, rec, orders, m.Period, actor)
}

// Issue issues a draft invoice (made by hand, or left by an issue that failed validation). A
// draft that still breaks a rule stays one and is returned with CodeInvalid and its faults.
// CodeConflict when it is no draft.
func (s *Invoices) Issue(ctx context.Context, id int64, actor string) (*o2c.Invoice, error) {
	var rec *o2c.Invoice
	err := s.Store.InTx(ctx, func(tx o2c.Tx) error {
		var err error
		if rec, err = tx.FindInvoiceByID(ctx, id); err != nil {
			return err
		}
		if rec.Status != o2c.InvoiceDraft {
			return o2c.Errorf(o2c.CodeConflict, "invoice %s is %s already", numberOf(rec), rec.Status)
		}
		return s.reissue(ctx, tx, rec, actor)
	})
	if err != nil {
		return nil, err
	}
	return issued(rec)
}

// InvoiceOrder is the job of an order that shipped: it issues the order's invoice when its
// customer is invoiced per order, and leaves it for the period invoice otherwise. A draft left for
// a person (the order's data break a rule) is no failure of the job.
func (s *Invoices) InvoiceOrder(ctx context.Context, orderID int64) error {
	o, err := s.Store.FindOrderByID(ctx, orderID)
	if err != nil {
		return err
	}
	if o.CustomerID != "" {
		st, err := s.Settings(ctx, o.CustomerID)
		if err != nil && o2c.ErrorCode(err) != o2c.CodeNotFound {
			return err
		}
		if err == nil && st.Mode != o2c.InvoicePerOrder {
			return nil
		}
	}
	rec, err := s.IssueForOrder(ctx, orderID, actorInvoiceJob)
	if o2c.ErrorCode(err) == o2c.CodeInvalid && rec != nil {
		s.Log.WarnContext(ctx, "invoice left as a draft", "order", orderID, "invoice", rec.ID, "reason", rec.Reason)
		return nil
	}
	return err
}
