package ar_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/ar"
	"github.com/o2c-project/o2c/cal"
)

var today = cal.MustParse("2026-11-27") // a Friday

func inv(customer, due, issued, due2 string, status o2c.InvoiceStatus, opts ...func(*o2c.Invoice)) *o2c.Invoice {
	i := &o2c.Invoice{CustomerID: customer, Currency: "EUR", Status: status, Kind: o2c.KindInvoice,
		AmountDue: decimal.RequireFromString(due), GrossTotal: decimal.RequireFromString(due),
		IssueDate: cal.MustParse(issued), DueDate: cal.MustParse(due2)}
	for _, o := range opts {
		o(i)
	}
	return i
}

func paid(s string) func(*o2c.Invoice) {
	return func(i *o2c.Invoice) { i.AmountPaid = decimal.RequireFromString(s) }
}

func disputed(s string) func(*o2c.Invoice) {
	return func(i *o2c.Invoice) { i.AmountDisputed = decimal.RequireFromString(s) }
}

func credit(i *o2c.Invoice) { i.Kind = o2c.KindCreditNote }

func book() []*o2c.Invoice {
	return []*o2c.Invoice{
		inv("C1", "1000", "2026-11-20", "2026-12-20", o2c.InvoiceSent),                     // not due
		inv("C1", "500", "2026-10-01", "2026-11-10", o2c.InvoiceOverdue, paid("200")),      // 17 days late: 300
		inv("C2", "800", "2026-08-01", "2026-08-31", o2c.InvoiceDisputed, disputed("100")), // 88 days late
		inv("C2", "50", "2026-11-01", "2026-12-01", o2c.InvoiceSent, credit),               // a credit note: -50
		inv("C3", "700", "2026-07-01", "2026-07-31", o2c.InvoicePaid, paid("700")),         // paid: nothing
		inv("C3", "400", "2026-05-01", "2026-06-01", o2c.InvoiceOverdue),                   // 179 days
		inv("C4", "999", "2026-11-26", "2026-12-26", o2c.InvoiceDraft),                     // a draft owes nothing
		inv("C1", "120", "2026-11-25", "2026-11-30", o2c.InvoiceIssued, func(i *o2c.Invoice) { i.Currency = "GBP" }),
	}
}

func TestAgeing(t *testing.T) {
	a := ar.AgeingOf(book(), today)
	want := map[string][]string{ // customer/currency → buckets
		"C1/EUR": {"1000", "300", "0", "0", "0"},
		"C2/EUR": {"-50", "0", "0", "800", "0"},
		"C3/EUR": {"0", "0", "0", "0", "400"},
		"C1/GBP": {"120", "0", "0", "0", "0"},
		"/EUR":   {"950", "300", "0", "800", "400"},
		"/GBP":   {"120", "0", "0", "0", "0"},
	}
	got := map[string][]decimal.Decimal{}
	for _, r := range append(a.Rows, a.Totals...) {
		got[r.CustomerID+"/"+r.Currency] = r.Buckets
	}
	if len(got) != len(want) {
		t.Fatalf("rows %v, want %d", got, len(want))
	}
	for k, w := range want {
		for i, s := range w {
			if g := got[k]; len(g) != len(w) || !g[i].Equal(decimal.RequireFromString(s)) {
				t.Errorf("%s bucket %s: %v, want %s", k, ar.Buckets[i], got[k], s)
			}
		}
	}
	if a.Rows[0].CustomerID != "C1" || !a.Rows[0].Total.Equal(decimal.NewFromInt(1300)) {
		t.Errorf("first row %+v, want C1 owing 1300 (most owed first)", a.Rows[0])
	}
	for _, r := range a.Rows {
		if r.CustomerID == "C2" && !r.Disputed.Equal(decimal.NewFromInt(100)) {
			t.Errorf("C2 disputed %s, want 100", r.Disputed)
		}
	}
}

func TestDSO(t *testing.T) {
	// Owed in EUR: 1000 + 300 + 800 - 50 + 400 = 2450. Invoiced in the last 90 days
	// (from 2026-08-29): 1000 + 500 - 50 = 1450. DSO = 2450 × 90 / 1450 = 152.1.
	if got := ar.DSO(book(), "EUR", today, 90); !got.Equal(decimal.RequireFromString("152.1")) {
		t.Errorf("DSO %s, want 152.1", got)
	}
	if got := ar.DSO(nil, "EUR", today, 90); !got.IsZero() {
		t.Errorf("DSO of nothing %s, want 0", got)
	}
}

func TestForecast(t *testing.T) {
	f := ar.ForecastOf(book(), "EUR", today, 6)
	// Overdue: 300 + (800 - 100 disputed) + 400; the credit note (due 2026-12-01, week 1) is -50;
	// 1000 due 2026-12-20 (a Sunday) falls in the week of Monday 2026-12-14, week 3.
	if !f.Overdue.Equal(decimal.NewFromInt(1400)) {
		t.Errorf("overdue %s, want 1400", f.Overdue)
	}
	if f.Weeks[0].Start != cal.MustParse("2026-11-23") {
		t.Errorf("first week starts %s, want Monday 2026-11-23", f.Weeks[0].Start)
	}
	for i, w := range []string{"0", "-50", "0", "1000", "0", "0"} {
		if !f.Weeks[i].Expected.Equal(decimal.RequireFromString(w)) {
			t.Errorf("week %d (%s): %s, want %s", i, f.Weeks[i].Start, f.Weeks[i].Expected, w)
		}
	}
	if short := ar.ForecastOf(book(), "EUR", today, 2); !short.Later.Equal(decimal.NewFromInt(1000)) {
		t.Errorf("later than 2 weeks: %s, want 1000", short.Later)
	}
}
