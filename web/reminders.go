package web

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

// routeReminders serves the dunning reminders: what is due today, and a run that sends them.
// r nil makes a service on the orders' store that mails nothing.
func (s *server) routeReminders(r *app.Reminders) {
	if r == nil {
		if s.orders == nil {
			return
		}
		inv := app.NewInvoices(s.orders.Store, app.Seller{})
		inv.Now, inv.Location, inv.Log = s.orders.Now, s.orders.Location, s.log
		r = app.NewReminders(inv)
	}
	const tag = "Reminders"

	op := s.operation(http.MethodGet, "/reminders", "plan-reminders", tag, o2c.ScopeInvoicesRead,
		"List the reminders due today (a dry run)")
	op.Description += " Every open invoice past its due date: the reminder it gets today, or the reason it gets none " +
		"(disputed, opted_out, not_yet, too_soon, ...). Nothing is sent."
	huma.Register(s.api, op, func(ctx context.Context, _ *struct{}) (*reminderReportOutput, error) {
		rep, err := r.Plan(ctx, r.Invoices.Today())
		if err != nil {
			return nil, err
		}
		return &reminderReportOutput{Body: rep}, nil
	})

	op = s.operation(http.MethodPost, "/reminders/run", "run-reminders", tag, o2c.ScopeInvoicesWrite, "Send the reminders due today")
	op.Description += " What the daily job does: each level of an invoice is mailed once, so running it again sends " +
		"nothing new. Reminders that could not be sent carry their error and are tried again on the next run."
	huma.Register(s.api, op, func(ctx context.Context, _ *struct{}) (*reminderReportOutput, error) {
		rep, err := r.Run(ctx, r.Invoices.Today())
		if err != nil && rep == nil {
			return nil, err
		}
		// A failure that may pass is in the report, reminder by reminder; the job retries it.
		return &reminderReportOutput{Body: rep}, nil
	})
}

type reminderReportOutput struct{ Body *app.ReminderReport }
