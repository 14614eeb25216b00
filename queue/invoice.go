package queue

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// InvoiceHandler does the invoice jobs; app.Invoices implements it.
type InvoiceHandler interface {
	// InvoiceOrder issues the invoice of an order whose goods left, when its customer is
	// invoiced per order.
	InvoiceOrder(ctx context.Context, orderID int64) error
	// SendInvoice mails an issued invoice, once.
	SendInvoice(ctx context.Context, invoiceID int64) error
	// PostInvoice hands an issued invoice to the ERP, once.
	PostInvoice(ctx context.Context, invoiceID int64) error
	// RunPeriods issues the weekly and monthly invoices of the periods that ended before day and
	// marks overdue invoices.
	RunPeriods(ctx context.Context, day cal.Date) error
}

// InvoiceConfig turns invoicing on: the invoice and send workers, and a daily run of the period
// invoices. Periodic jobs are inserted by River's leader only, so N processes run it once.
type InvoiceConfig struct {
	Handler InvoiceHandler
	// Hour is the hour of the day (0-23, in Location) when the period invoices go out; default 0.
	Hour int
	// Location is the company's zone, whose days the periods are made of; default UTC.
	Location *time.Location
}

// invoiceJobs registers the invoice workers and returns the daily job; none when cfg is nil.
func invoiceJobs(workers *river.Workers, cfg *InvoiceConfig) []*river.PeriodicJob {
	if cfg == nil {
		return nil
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	river.AddWorker(workers, &invoiceOrderWorker{h: cfg.Handler})
	river.AddWorker(workers, &sendInvoiceWorker{h: cfg.Handler})
	river.AddWorker(workers, &postInvoiceWorker{h: cfg.Handler})
	river.AddWorker(workers, &invoicePeriodsWorker{h: cfg.Handler})
	return []*river.PeriodicJob{river.NewPeriodicJob(dailyAt{hour: cfg.Hour, loc: cfg.Location},
		func() (river.JobArgs, *river.InsertOpts) {
			return o2c.InvoicePeriodsJob{Day: cal.DateIn(time.Now(), cfg.Location)}, nil
		},
		&river.PeriodicJobOpts{ID: o2c.InvoicePeriodsJob{}.Kind(), RunOnStart: true})}
}

// cancelInvalid stops retrying what can never succeed; its cause stays in River's job record,
// and the invoice's history says what became of it.
func cancelInvalid(err error) error {
	if err != nil && o2c.ErrorCode(err) == o2c.CodeInvalid {
		return river.JobCancel(err)
	}
	return err
}

type invoiceOrderWorker struct {
	river.WorkerDefaults[o2c.InvoiceOrderJob]
	h InvoiceHandler
}

// Work issues an order's invoice. A conflict (the order changed meanwhile) is retried: the
// handler is idempotent and sees the order as it then is.
func (w *invoiceOrderWorker) Work(ctx context.Context, job *river.Job[o2c.InvoiceOrderJob]) error {
	return cancelInvalid(w.h.InvoiceOrder(ctx, job.Args.OrderID))
}

type sendInvoiceWorker struct {
	river.WorkerDefaults[o2c.SendInvoiceJob]
	h InvoiceHandler
}

// Work mails an invoice. An address refused for good was recorded as bounced by the handler;
// a mail server that is down is retried with backoff.
func (w *sendInvoiceWorker) Work(ctx context.Context, job *river.Job[o2c.SendInvoiceJob]) error {
	return cancelInvalid(w.h.SendInvoice(ctx, job.Args.InvoiceID))
}

type invoicePeriodsWorker struct {
	river.WorkerDefaults[o2c.InvoicePeriodsJob]
	h InvoiceHandler
}

// Work issues the period invoices of a day; a period invoice already issued is not issued again.
func (w *invoicePeriodsWorker) Work(ctx context.Context, job *river.Job[o2c.InvoicePeriodsJob]) error {
	return cancelInvalid(w.h.RunPeriods(ctx, job.Args.Day))
}

// Timeout lets a day's run take as long as many customers' invoices may take.
func (w *invoicePeriodsWorker) Timeout(*river.Job[o2c.InvoicePeriodsJob]) time.Duration {
	return 10 * time.Minute
}

type postInvoiceWorker struct {
	river.WorkerDefaults[o2c.PostInvoiceJob]
	h InvoiceHandler
}

// Work hands an invoice to the ERP; an ERP that is down is retried with backoff, one that refuses
// the invoice for good is not.
func (w *postInvoiceWorker) Work(ctx context.Context, job *river.Job[o2c.PostInvoiceJob]) error {
	return cancelInvalid(w.h.PostInvoice(ctx, job.Args.InvoiceID))
}
