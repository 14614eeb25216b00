// Package ar computes the accounts-receivable reports people steer cash by: ageing of what
// customers owe, days sales outstanding, and the cash expected week by week from due dates. It is
// pure: invoices in, figures out.
package ar

import (
	"cmp"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// Buckets of the ageing report, by days past due.
var Buckets = []string{"Not due", "1–30", "31–60", "61–90", "Over 90"}

// bucketOf is the index in Buckets of an invoice due on due, seen on today.
func bucketOf(due, today cal.Date) int {
	if due.IsZero() || !due.Before(today) {
		return 0
	}
	late := due.DaysUntil(today)
	switch {
	case late <= 30:
		return 1
	case late <= 60:
		return 2
	case late <= 90:
		return 3
	}
	return 4
}

// Row is one customer's open balance by bucket, in one currency.
type Row struct {
	CustomerID string
	Currency   string
	Buckets    []decimal.Decimal // as Buckets
	Total      decimal.Decimal
	Disputed   decimal.Decimal // of Total, what the customer contests
	Invoices   int
}

// Ageing is the ageing report: a row per customer and currency, most owed first, and the totals
// per currency.
type Ageing struct {
	Today  cal.Date
	Rows   []Row
	Totals []Row // CustomerID ""
}

// open is what an invoice still asks for: its balance, negative for a credit note not yet set off.
func open(inv *o2c.Invoice) (decimal.Decimal, bool) {
	if !inv.Status.Open() {
		return decimal.Zero, false
	}
	b := inv.Balance()
	if inv.Kind == o2c.KindCreditNote {
		b = b.Neg()
	}
	return b, !b.IsZero()
}

// AgeingOf builds the ageing report of the open invoices on today.
func AgeingOf(invoices []*o2c.Invoice, today cal.Date) Ageing {
	rows := map[[2]string]*Row{}
	totals := map[string]*Row{}
	get := func(m map[[2]string]*Row, customer, cur string) *Row {
		k := [2]string{customer, cur}
		if r, ok := m[k]; ok {
			return r
		}
		r := &Row{CustomerID: customer, Currency: cur, Buckets: make([]decimal.Decimal, len(Buckets))}
		m[k] = r
		return r
	}
	byCur := map[[2]string]*Row{}
	for _, inv := range invoices {
		b, ok := open(inv)
		if !ok {
			continue
		}
		i := bucketOf(inv.DueDate, today)
		for _, r := range []*Row{get(rows, inv.CustomerID, inv.Currency), get(byCur, "", inv.Currency)} {
			r.Buckets[i] = r.Buckets[i].Add(b)
			r.Total = r.Total.Add(b)
			r.Disputed = r.Disputed.Add(inv.AmountDisputed)
			r.Invoices++
		}
	}
	for _, r := range byCur {
		totals[r.Currency] = r
	}
	out := Ageing{Today: today}
	for _, r := range rows {
		out.Rows = append(out.Rows, *r)
	}
	slices.SortFunc(out.Rows, func(a, b Row) int {
		return cmp.Or(b.Total.Cmp(a.Total), cmp.Compare(a.CustomerID, b.CustomerID), cmp.Compare(a.Currency, b.Currency))
	})
	for _, r := range totals {
		out.Totals = append(out.Totals, *r)
	}
	slices.SortFunc(out.Totals, func(a, b Row) int { return cmp.Compare(a.Currency, b.Currency) })
	return out
}

// DSO is days sales outstanding over the last days: what customers owe now, divided by what was
// invoiced in that period, times its days (the count-back-free standard method). Zero when nothing
// was invoiced. One currency at a time: DSO of mixed currencies would add unlike amounts.
func DSO(invoices []*o2c.Invoice, currency string, today cal.Date, days int) decimal.Decimal {
	owed, sold := decimal.Zero, decimal.Zero
	from := today.AddDays(-days)
	for _, inv := range invoices {
		if inv.Currency != currency || inv.Status == o2c.InvoiceDraft {
			continue
		}
		if b, ok := open(inv); ok {
			owed = owed.Add(b)
		}
		if !inv.IssueDate.Before(from) && !today.Before(inv.IssueDate) {
			if inv.Kind == o2c.KindCreditNote {
				sold = sold.Sub(inv.GrossTotal)
			} else {
				sold = sold.Add(inv.GrossTotal)
			}
		}
	}
	if !sold.IsPositive() {
		return decimal.Zero
	}
	return owed.Mul(decimal.NewFromInt(int64(days))).DivRound(sold, 1)
}

// Week is the cash expected in one week, starting on Monday.
type Week struct {
	Start    cal.Date
	Expected decimal.Decimal
	Invoices int
}

// Forecast is the cash expected from open invoices by their due dates: what is overdue (expected
// now, but uncertain), then week by week, then later; disputed amounts are left out, since they
// will not come in as invoiced.
type Forecast struct {
	Currency string
	Overdue  decimal.Decimal
	Weeks    []Week
	Later    decimal.Decimal
}

// ForecastOf forecasts weeks weeks from the week of today.
func ForecastOf(invoices []*o2c.Invoice, currency string, today cal.Date, weeks int) Forecast {
	monday := today.AddDays(-((int(today.Weekday()) + 6) % 7))
	f := Forecast{Currency: currency, Weeks: make([]Week, weeks)}
	for i := range f.Weeks {
		f.Weeks[i].Start = monday.AddDays(7 * i)
	}
	for _, inv := range invoices {
		if inv.Currency != currency {
			continue
		}
		b, ok := open(inv)
		if !ok {
			continue
		}
		b = b.Sub(inv.AmountDisputed)
		switch {
		case inv.DueDate.IsZero() || inv.DueDate.Before(today):
			f.Overdue = f.Overdue.Add(b)
		default:
			w := monday.DaysUntil(inv.DueDate) / 7
			if w >= weeks {
				f.Later = f.Later.Add(b)
				continue
			}
			f.Weeks[w].Expected = f.Weeks[w].Expected.Add(b)
			f.Weeks[w].Invoices++
		}
	}
	return f
}
