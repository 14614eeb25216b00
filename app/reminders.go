package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/invoice/dunning"
)

// Reminders follows up overdue invoices: each day it asks package dunning which open invoices get
// which level of reminder, mails each one in the customer's language, and records it, so that a
// level is never sent twice. Invoices in dispute are reminded only of their undisputed part, and
// not at all when wholly disputed; paid and credited ones never. Make one with NewReminders.
type Reminders struct {
	// Invoices gives the store, the seller, the mail sender, the renderer (whose invoice file a
	// reminder attaches, when one is configured) and the clock.
	Invoices *Invoices
	// Policy is when each level goes out; the zero policy is dunning.DefaultPolicy.
	Policy dunning.Policy
}

// NewReminders returns the reminder service of an invoice service, with the default policy.
func NewReminders(inv *Invoices) *Reminders {
	return &Reminders{Invoices: inv, Policy: dunning.DefaultPolicy()}
}

// Audit actions of reminders, on the invoice.
const (
	actionReminded       = "reminded"        // a reminder went out; After holds the o2c.SentReminder
	actionReminderFailed = "reminder_failed" // a reminder can never go out as things are; the note says why
	actorReminderJob     = "job:reminders"
)

// ReminderReport is what a run of the reminders did, or in a dry run would do.
type ReminderReport struct {
	Day    cal.Date `json:"day"`
	DryRun bool     `json:"dry_run"`
	// Due are the reminders due today: mailed (Sent), or not (Error says why); in a dry run,
	// neither.
	Due []ReminderResult `json:"due"`
	// Skipped are the overdue invoices that get no reminder today, each with the reason.
	Skipped []ReminderSkip `json:"skipped"`
}

// ReminderResult is one reminder due and what became of it.
type ReminderResult struct {
	Reminder dunning.Reminder `json:"reminder"`
	To       string           `json:"to,omitempty"`
	Sent     bool             `json:"sent"`
	Ref      string           `json:"ref,omitempty"`   // the mail's Message-ID
	Error    string           `json:"error,omitempty"` // why it was not sent; it is tried again on the next run
}

// ReminderSkip is an open invoice past its due date that gets no reminder today.
type ReminderSkip struct {
	InvoiceID  int64          `json:"invoice_id"`
	Number     string         `json:"number"`
	CustomerID string         `json:"customer_id"`
	Reason     dunning.Reason `json:"reason"`
	Next       cal.Date       `json:"next,omitzero"` // the first day the next reminder may go, when only time stands in the way
}

// remindable are the statuses of an issued invoice that still waits for money.
var remindable = []o2c.InvoiceStatus{o2c.InvoiceIssued, o2c.InvoiceSent, o2c.InvoiceDelivered, o2c.InvoiceBounced,
	o2c.InvoiceViewed, o2c.InvoicePartiallyPaid, o2c.InvoiceOverdue, o2c.InvoiceDisputed}

func (s *Reminders) policy() dunning.Policy {
	if len(s.Policy.Steps) == 0 {
		return dunning.DefaultPolicy()
	}
	return s.Policy
}

// Plan is a dry run: the reminders due on today and the reasons the other overdue invoices get
// none, with nothing sent.
func (s *Reminders) Plan(ctx context.Context, today cal.Date) (*ReminderReport, error) {
	decisions, _, err := s.decide(ctx, today)
	if err != nil {
		return nil, err
	}
	r := &ReminderReport{Day: today, DryRun: true, Due: []ReminderResult{}, Skipped: []ReminderSkip{}}
	for _, d := range decisions {
		r.add(d)
	}
	return r, nil
}

func (r *ReminderReport) add(d dunning.Decision) *ReminderResult {
	if d.Reminder == nil {
		r.Skipped = append(r.Skipped, ReminderSkip{InvoiceID: d.Item.InvoiceID, Number: d.Item.Number,
			CustomerID: d.Item.CustomerID, Reason: d.Reason, Next: d.Next})
		return nil
	}
	r.Due = append(r.Due, ReminderResult{Reminder: *d.Reminder})
	return &r.Due[len(r.Due)-1]
}

// Run sends the reminders due on today and reports what it did. Each reminder is recorded as
// soon as it is mailed, so a run stopped half-way, or run twice, sends none twice; between the
// mail and its record a crash mails it again on the next run with the same Message-ID, which
// mail programs show once. A reminder that cannot go out (no address, no mail server, refused
// for good) is reported and tried again the next day; an error that may pass (the mail server is
// down) does not stop the others and the first one is returned with the report.
func (s *Reminders) Run(ctx context.Context, today cal.Date) (*ReminderReport, error) {
	decisions, invoices, err := s.decide(ctx, today)
	if err != nil {
		return nil, err
	}
	r := &ReminderReport{Day: today, Due: []ReminderResult{}, Skipped: []ReminderSkip{}}
	var first error
	for _, d := range decisions {
		res := r.add(d)
		if res == nil {
			continue
		}
		if err := s.send(ctx, invoices[d.Item.InvoiceID], res, today); err != nil {
			s.Invoices.Log.ErrorContext(ctx, "reminder failed", "invoice", d.Item.Number, "level", d.Reminder.Level, "err", err)
			res.Error = o2c.ErrorMessage(err)
			first = cmp.Or(first, err)
		}
	}
	return r, first
}

// RunReminders is the daily job: Run, its report logged.
func (s *Reminders) RunReminders(ctx context.Context, day cal.Date) error {
	r, err := s.Run(ctx, day)
	if r != nil {
		sent := 0
		for _, d := range r.Due {
			if d.Sent {
				sent++
			}
		}
		s.Invoices.Log.InfoContext(ctx, "reminders", "day", day, "due", len(r.Due), "sent", sent, "skipped", len(r.Skipped))
	}
	return err
}

// decide reads the open invoices past their due date, the customers' opt-outs and the reminders
// sent, and asks dunning for the day's decisions. What is left to pay counts the credit notes
// made of an invoice, which its own balance does not.
func (s *Reminders) decide(ctx context.Context, today cal.Date) ([]dunning.Decision, map[int64]*o2c.Invoice, error) {
	st := s.Invoices.Store
	invoices := map[int64]*o2c.Invoice{}
	var items []dunning.Item
	optedOut := map[string]bool{}
	for offset := 0; ; {
		page, _, err := st.FindInvoices(ctx, o2c.InvoiceFilter{Status: remindable, Kind: o2c.KindInvoice, DueBefore: today,
			Offset: offset, Limit: 500})
		if err != nil {
			return nil, nil, fmt.Errorf("find overdue invoices: %w", err)
		}
		for _, inv := range page {
			out, seen := optedOut[inv.CustomerID]
			if !seen {
				set, err := st.FindInvoicingSettings(ctx, inv.CustomerID)
				switch o2c.ErrorCode(err) {
				case "":
					out = !set.Reminders
				case o2c.CodeNotFound:
					out = !o2c.DefaultInvoicingSettings(inv.CustomerID).Reminders
				default:
					return nil, nil, err
				}
				optedOut[inv.CustomerID] = out
			}
			it := dunning.ItemOf(inv, out)
			credited, err := creditNotesOf(ctx, st, inv.ID)
			if err != nil {
				return nil, nil, err
			}
			it.Open = it.Open.Sub(credited)
			items = append(items, it)
			invoices[inv.ID] = inv
		}
		if len(page) < 500 {
			break
		}
		offset += len(page)
	}
	ids := make([]int64, 0, len(invoices))
	for id := range invoices {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	recs, err := st.FindSentReminders(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	sent := make([]dunning.Sent, len(recs))
	for i, rec := range recs {
		sent[i] = dunning.Sent{InvoiceID: rec.InvoiceID, Level: dunning.Level(rec.Level), Date: rec.Date}
	}
	return dunning.Plan(items, sent, today, s.policy()), invoices, nil
}
