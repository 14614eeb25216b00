package dunning

import (
	"cmp"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// Item is an open invoice as dunning sees it.
type Item struct {
	InvoiceID  int64           `json:"invoice_id"`
	Number     string          `json:"number"`
	CustomerID string          `json:"customer_id"`
	Currency   string          `json:"currency"`
	DueDate    cal.Date        `json:"due_date"`
	Open       decimal.Decimal `json:"open"`      // left to pay: the amount due less payments and credit notes
	Disputed   decimal.Decimal `json:"disputed"`  // the part of Open the customer contests
	Credited   bool            `json:"credited"`  // a credit note cancelled it in full
	OptedOut   bool            `json:"opted_out"` // the customer asked to get no reminders
}

// ItemOf is the item of an invoice record. A record in dispute with no disputed amount is
// disputed in full; a credit note is never reminded, so it has nothing open.
func ItemOf(inv *o2c.Invoice, optedOut bool) Item {
	it := Item{InvoiceID: inv.ID, Number: inv.Number, CustomerID: inv.CustomerID, Currency: inv.Currency,
		DueDate: inv.DueDate, Open: inv.Balance(), Disputed: inv.AmountDisputed,
		Credited: inv.Status == o2c.InvoiceCredited, OptedOut: optedOut}
	if inv.Status == o2c.InvoiceDisputed && inv.AmountDisputed.Sign() <= 0 {
		it.Disputed = it.Open
	}
	if inv.Kind == o2c.KindCreditNote {
		it.Open = decimal.Zero
	}
	return it
}

// Sent is a reminder sent earlier.
type Sent struct {
	InvoiceID int64    `json:"invoice_id"`
	Level     Level    `json:"level"`
	Date      cal.Date `json:"date"`
}

// Reminder is a reminder to send today.
type Reminder struct {
	InvoiceID   int64           `json:"invoice_id"`
	Number      string          `json:"number"`
	CustomerID  string          `json:"customer_id"`
	Level       Level           `json:"level"`
	DueDate     cal.Date        `json:"due_date"`
	DaysOverdue int             `json:"days_overdue"`
	Amount      decimal.Decimal `json:"amount"`   // what it asks for: the open amount less the disputed part
	Disputed    decimal.Decimal `json:"disputed"` // the contested part it leaves out; zero when none
	Currency    string          `json:"currency"`
}

// Reason says why an item gets no reminder today.
type Reason string

// Reasons, in the order Plan checks them: the first that applies is given.
const (
	ReasonCredited   Reason = "credited"    // a credit note cancelled it
	ReasonPaid       Reason = "paid"        // nothing is left to pay
	ReasonDisputed   Reason = "disputed"    // the customer contests all that is left
	ReasonOptedOut   Reason = "opted_out"   // the customer gets no reminders
	ReasonNoDueDate  Reason = "no_due_date" // without a due date nothing is overdue
	ReasonNotOverdue Reason = "not_overdue" // not yet overdue by the first step's days
	ReasonAllSent    Reason = "all_sent"    // every level was sent
	ReasonNotYet     Reason = "not_yet"     // not yet overdue by the next level's days
	ReasonTooSoon    Reason = "too_soon"    // the last reminder is less than the policy's gap ago
)

// Decision is what Plan decides for one item: a reminder, or the reason for none.
type Decision struct {
	Item     Item      `json:"item"`
	Reminder *Reminder `json:"reminder,omitempty"`
	Reason   Reason    `json:"reason,omitempty"`
	// Next is the first day the next reminder may go, when only time stands in its way
	// (not overdue, not yet, too soon).
	Next cal.Date `json:"next,omitzero"`
}

// Due returns the reminders to send today, in the order of Plan.
func Due(items []Item, sent []Sent, today cal.Date, policy Policy) []Reminder {
	var out []Reminder
	for _, d := range Plan(items, sent, today, policy) {
		if d.Reminder != nil {
			out = append(out, *d.Reminder)
		}
	}
	return out
}

// Plan decides for every item, sorted by customer, due date, number and id: the reminder it
// gets today, or why it gets none. The next level is the one after the last level sent for the
// invoice; it goes out once the invoice is overdue by its days and MinGap days after the last
// reminder. A partly disputed invoice is reminded of its undisputed part only. The same input
// always gives the same decisions.
//
// It panics on a policy that Validate refuses: policies are checked when they are saved.
func Plan(items []Item, sent []Sent, today cal.Date, policy Policy) []Decision {
	if err := policy.Validate(); err != nil {
		panic("dunning: " + o2c.ErrorMessage(err))
	}
	byInvoice := map[int64][]Sent{}
	for _, s := range sent {
		byInvoice[s.InvoiceID] = append(byInvoice[s.InvoiceID], s)
	}
	sorted := slices.Clone(items)
	slices.SortStableFunc(sorted, func(a, b Item) int {
		return cmp.Or(cmp.Compare(a.CustomerID, b.CustomerID), compareDates(a.DueDate, b.DueDate),
			cmp.Compare(a.Number, b.Number), cmp.Compare(a.InvoiceID, b.InvoiceID))
	})
	out := make([]Decision, 0, len(sorted))
	for _, it := range sorted {
		out = append(out, decide(it, byInvoice[it.InvoiceID], today, policy))
	}
	return out
}

func decide(it Item, sent []Sent, today cal.Date, p Policy) Decision {
	d := Decision{Item: it}
	undisputed := it.Open.Sub(decimal.Max(it.Disputed, decimal.Zero))
	switch {
	case it.Credited:
		d.Reason = ReasonCredited
	case it.Open.Sign() <= 0:
		d.Reason = ReasonPaid
	case undisputed.Sign() <= 0:
		d.Reason = ReasonDisputed
	case it.OptedOut:
		d.Reason = ReasonOptedOut
	case it.DueDate.IsZero():
		d.Reason = ReasonNoDueDate
	}
	if d.Reason != "" {
		return d
	}
	overdue := it.DueDate.DaysUntil(today)
	next, last := 0, cal.Date{} // the index of the next step; the date of the last reminder
	for _, s := range sent {
		if i := slices.IndexFunc(p.Steps, func(st Step) bool { return st.Level == s.Level }); i >= next {
			next = i + 1
		}
		if last.IsZero() || s.Date.After(last) {
			last = s.Date
		}
	}
	if next >= len(p.Steps) {
		d.Reason = ReasonAllSent
		return d
	}
	step := p.Steps[next]
	earliest := it.DueDate.AddDays(step.After)
	if !last.IsZero() && last.AddDays(p.MinGap).After(earliest) {
		earliest = last.AddDays(p.MinGap)
	}
	switch {
	case overdue < step.After && next == 0:
		d.Reason, d.Next = ReasonNotOverdue, earliest
	case overdue < step.After:
		d.Reason, d.Next = ReasonNotYet, earliest
	case today.Before(earliest):
		d.Reason, d.Next = ReasonTooSoon, earliest
	default:
		r := Reminder{InvoiceID: it.InvoiceID, Number: it.Number, CustomerID: it.CustomerID, Level: step.Level,
			DueDate: it.DueDate, DaysOverdue: overdue, Amount: undisputed, Currency: it.Currency}
		if it.Disputed.Sign() > 0 {
			r.Disputed = it.Disputed
		}
		d.Reminder = &r
	}
	return d
}

func compareDates(a, b cal.Date) int {
	switch {
	case a.Before(b):
		return -1
	case a.After(b):
		return 1
	}
	return 0
}
