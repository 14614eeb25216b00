package dunning_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/invoice/dunning"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

var today = cal.MustParse("2026-03-31")

// item is an invoice of 1000 EUR, all open, due the given number of days before today.
func item(id int64, daysOverdue int) dunning.Item {
	return dunning.Item{InvoiceID: id, Number: fmt.Sprintf("F2026-%04d", id), CustomerID: "C1", Currency: "EUR",
		DueDate: today.AddDays(-daysOverdue), Open: dec("1000.00")}
}

func sent(id int64, level dunning.Level, daysAgo int) dunning.Sent {
	return dunning.Sent{InvoiceID: id, Level: level, Date: today.AddDays(-daysAgo)}
}

// describe writes a decision compactly: "reminder friendly 1000.00" or "skip not_yet next 2026-04-05".
func describe(d dunning.Decision) string {
	if d.Reminder != nil {
		s := fmt.Sprintf("reminder %s %s", d.Reminder.Level, d.Reminder.Amount.StringFixed(2))
		if !d.Reminder.Disputed.IsZero() {
			s += " disputed " + d.Reminder.Disputed.StringFixed(2)
		}
		return s
	}
	s := "skip " + string(d.Reason)
	if !d.Next.IsZero() {
		s += " next " + d.Next.String()
	}
	return s
}

func TestPlan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		item dunning.Item
		sent []dunning.Sent
		want string
	}{
		{"NotOverdue_3Days", item(1, 3), nil, "skip not_overdue next 2026-04-04"},
		{"NotDueYet", item(1, -10), nil, "skip not_overdue next 2026-04-17"},
		{"Friendly_At7Days", item(1, 7), nil, "reminder friendly 1000.00"},
		{"Friendly_50DaysNoneSent", item(1, 50), nil, "reminder friendly 1000.00"},
		{"Firm_At21Days", item(1, 21), []dunning.Sent{sent(1, dunning.Friendly, 14)}, "reminder firm 1000.00"},
		{"NotYet_Firm_At20Days", item(1, 20), []dunning.Sent{sent(1, dunning.Friendly, 13)}, "skip not_yet next 2026-04-01"},
		{"TooSoon_Gap7_LastSent3DaysAgo", item(1, 50), []dunning.Sent{sent(1, dunning.Friendly, 3)}, "skip too_soon next 2026-04-04"},
		{"Firm_GapExactly7", item(1, 50), []dunning.Sent{sent(1, dunning.Friendly, 7)}, "reminder firm 1000.00"},
		{"Final_At45Days", item(1, 45), []dunning.Sent{sent(1, dunning.Friendly, 38), sent(1, dunning.Firm, 24)}, "reminder final 1000.00"},
		{"AllSent", item(1, 90), []dunning.Sent{sent(1, dunning.Friendly, 80), sent(1, dunning.Firm, 60), sent(1, dunning.Final, 40)}, "skip all_sent"},
		{"LevelOnceEach_FinalAfterManualFirm", item(1, 60), []dunning.Sent{sent(1, dunning.Firm, 10)}, "reminder final 1000.00"},
		{"OtherInvoiceSentIgnored", item(1, 10), []dunning.Sent{sent(2, dunning.Friendly, 1)}, "reminder friendly 1000.00"},
		{"Paid", func() dunning.Item { it := item(1, 30); it.Open = dec("0"); return it }(), nil, "skip paid"},
		{"Overpaid", func() dunning.Item { it := item(1, 30); it.Open = dec("-5.00"); return it }(), nil, "skip paid"},
		{"Credited", func() dunning.Item { it := item(1, 30); it.Credited = true; return it }(), nil, "skip credited"},
		{"WhollyDisputed", func() dunning.Item { it := item(1, 30); it.Disputed = dec("1000.00"); return it }(), nil, "skip disputed"},
		{"PartlyDisputed_AsksUndisputed", func() dunning.Item { it := item(1, 30); it.Disputed = dec("250.00"); return it }(), nil,
			"reminder friendly 750.00 disputed 250.00"},
		{"PartlyPaid", func() dunning.Item { it := item(1, 30); it.Open = dec("123.45"); return it }(), nil, "reminder friendly 123.45"},
		{"OptedOut", func() dunning.Item { it := item(1, 30); it.OptedOut = true; return it }(), nil, "skip opted_out"},
		{"NoDueDate", func() dunning.Item { it := item(1, 30); it.DueDate = cal.Date{}; return it }(), nil, "skip no_due_date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := dunning.Plan([]dunning.Item{tt.item}, tt.sent, today, dunning.DefaultPolicy())
			if len(got) != 1 || describe(got[0]) != tt.want {
				t.Fatalf("Plan = %v, want %q", descriptions(got), tt.want)
			}
		})
	}
}

func descriptions(ds []dunning.Decision) string {
	var s []string
	for _, d := range ds {
		s = append(s, d.Item.Number+": "+describe(d))
	}
	return strings.Join(s, "; ")
}

func TestDueSkipsDisputedAndPaidInvoices(t *testing.T) {
	t.Parallel()
	disputed, paid, credited, due := item(1, 30), item(2, 30), item(3, 30), item(4, 30)
	disputed.Disputed = dec("1000.00")
	paid.Open = decimal.Zero
	credited.Credited = true
	got := dunning.Due([]dunning.Item{disputed, paid, credited, due}, nil, today, dunning.DefaultPolicy())
	if len(got) != 1 || got[0].InvoiceID != 4 || got[0].Level != dunning.Friendly || got[0].DaysOverdue != 30 {
		t.Fatalf("Due = %+v, want one friendly reminder for invoice 4, 30 days overdue", got)
	}
}

func TestPlanIsDeterministic(t *testing.T) {
	t.Parallel()
	a, b, c := item(3, 30), item(1, 30), item(2, 40)
	c.CustomerID = "C0"
	want := "F2026-0002: reminder friendly 1000.00; F2026-0001: reminder friendly 1000.00; F2026-0003: reminder friendly 1000.00"
	for _, order := range [][]dunning.Item{{a, b, c}, {c, b, a}, {b, c, a}} {
		if got := descriptions(dunning.Plan(order, nil, today, dunning.DefaultPolicy())); got != want {
			t.Fatalf("Plan = %s, want %s", got, want)
		}
	}
}

func TestPlanCustomPolicy(t *testing.T) {
	t.Parallel()
	p := dunning.Policy{Steps: []dunning.Step{{Level: dunning.Firm, After: 3}, {Level: dunning.Final, After: 10}}, MinGap: 0}
	got := dunning.Plan([]dunning.Item{item(1, 10)}, []dunning.Sent{sent(1, dunning.Firm, 0)}, today, p)
	if describe(got[0]) != "reminder final 1000.00" {
		t.Fatalf("Plan = %s", descriptions(got))
	}
	got = dunning.Plan([]dunning.Item{item(1, 2)}, nil, today, p)
	if describe(got[0]) != "skip not_overdue next 2026-04-01" {
		t.Fatalf("Plan = %s", descriptions(got))
	}
}

func TestPolicyValidate(t *testing.T) {
	t.Parallel()
	if err := dunning.DefaultPolicy().Validate(); err != nil {
		t.Fatalf("the default policy is invalid: %v", err)
	}
	tests := []struct {
		name   string
		policy dunning.Policy
		rule   string
	}{
		{"ErrNoSteps", dunning.Policy{}, dunning.RuleSteps},
		{"ErrUnknownLevel", dunning.Policy{Steps: []dunning.Step{{Level: "angry", After: 5}}}, dunning.RuleSteps},
		{"ErrLevelTwice", dunning.Policy{Steps: []dunning.Step{{Level: dunning.Firm, After: 5}, {Level: dunning.Firm, After: 9}}}, dunning.RuleSteps},
		{"ErrAfterZero", dunning.Policy{Steps: []dunning.Step{{Level: dunning.Friendly, After: 0}}}, dunning.RuleAfter},
		{"ErrNotIncreasing", dunning.Policy{Steps: []dunning.Step{{Level: dunning.Friendly, After: 9}, {Level: dunning.Firm, After: 9}}}, dunning.RuleAfter},
		{"ErrNegativeGap", dunning.Policy{Steps: []dunning.Step{{Level: dunning.Friendly, After: 9}}, MinGap: -1}, dunning.RuleGap},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.policy.Validate()
			faults := o2c.ErrorFaults(err)
			if o2c.ErrorCode(err) != o2c.CodeInvalid || len(faults) == 0 || faults[0].Rule != tt.rule {
				t.Fatalf("Validate = %v %+v, want a %s fault", err, faults, tt.rule)
			}
		})
	}
}

func TestItemOf(t *testing.T) {
	t.Parallel()
	inv := &o2c.Invoice{ID: 7, Number: "F7", CustomerID: "C9", Currency: "EUR", Kind: o2c.KindInvoice, Status: o2c.InvoiceDisputed,
		DueDate: today, AmountDue: dec("500.00"), AmountPaid: dec("100.00")}
	it := dunning.ItemOf(inv, false)
	if !it.Open.Equal(dec("400")) || !it.Disputed.Equal(dec("400")) {
		t.Fatalf("ItemOf(disputed, no amount) = %+v, want 400 open, all disputed", it)
	}
	inv.AmountDisputed = dec("50.00")
	if it := dunning.ItemOf(inv, true); !it.Disputed.Equal(dec("50")) || !it.OptedOut {
		t.Fatalf("ItemOf(disputed 50) = %+v", it)
	}
	inv.Kind = o2c.KindCreditNote
	if it := dunning.ItemOf(inv, false); !it.Open.IsZero() {
		t.Fatalf("ItemOf(credit note) = %+v, want nothing open", it)
	}
}

func ExampleDue() {
	it := dunning.Item{InvoiceID: 1, Number: "F2026-0001", CustomerID: "C1", Currency: "EUR",
		DueDate: cal.MustParse("2026-03-01"), Open: decimal.RequireFromString("1200.00"),
		Disputed: decimal.RequireFromString("200.00")}
	for _, r := range dunning.Due([]dunning.Item{it}, nil, cal.MustParse("2026-03-31"), dunning.DefaultPolicy()) {
		fmt.Println(r.Number, r.Level, r.DaysOverdue, r.Amount)
	}
	// Output: F2026-0001 friendly 30 1000.00
}
