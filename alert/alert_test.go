package alert_test

import (
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/alert"
)

var now = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

func decp(s string) *decimal.Decimal {
	d := decimal.RequireFromString(s)
	return &d
}

func order(status o2c.OrderStatus, customer, total string, codes ...o2c.AnomalyCode) *o2c.Order {
	o := &o2c.Order{ID: 12, Status: status, CustomerID: customer, NetTotal: decimal.RequireFromString(total),
		Currency: "EUR", UpdatedAt: now.Add(-90 * time.Minute), Version: 3}
	for _, c := range codes {
		o.Anomalies = append(o.Anomalies, o2c.Anomaly{Code: c, Message: "because " + string(c)})
	}
	return o
}

func TestFires(t *testing.T) {
	t.Parallel()
	review := o2c.OrderNeedsReview
	tests := []struct {
		name  string
		rule  o2c.AlertRule
		cause o2c.AlertCause
		order *o2c.Order
		want  bool
	}{
		{"AnyOrderOnReview", o2c.AlertRule{}, o2c.AlertReview, order(review, "C1", "10"), true},
		{"DisabledNever", o2c.AlertRule{Enabled: false}, o2c.AlertReview, order(review, "C1", "10"), false},
		{"CodeOfTheOrder", o2c.AlertRule{AnomalyCodes: []string{"PRICE_MISMATCH"}}, o2c.AlertReview,
			order(review, "C1", "10", o2c.AnomalyUnknownProduct, o2c.AnomalyPriceMismatch), true},
		{"ErrCodeNotOnTheOrder", o2c.AlertRule{AnomalyCodes: []string{"PRICE_MISMATCH", "CREDIT_LIMIT"}}, o2c.AlertReview,
			order(review, "C1", "10", o2c.AnomalyUnknownProduct), false},
		{"ErrCodeOnAnOrderWithout", o2c.AlertRule{AnomalyCodes: []string{"PRICE_MISMATCH"}}, o2c.AlertReview,
			order(review, "C1", "10"), false},
		{"DeadLetterCode", o2c.AlertRule{AnomalyCodes: []string{o2c.AlertCodeDeadLetter}}, o2c.AlertDeadLetter,
			order(review, "C1", "10"), true},
		{"ErrDeadLetterCodeOnReview", o2c.AlertRule{AnomalyCodes: []string{o2c.AlertCodeDeadLetter}}, o2c.AlertReview,
			order(review, "C1", "10", o2c.AnomalyPriceMismatch), false},
		{"DeadLetterWithoutCodes", o2c.AlertRule{}, o2c.AlertDeadLetter, order(review, "C1", "10"), true},
		{"Customer", o2c.AlertRule{CustomerID: "C1"}, o2c.AlertReview, order(review, "C1", "10"), true},
		{"ErrOtherCustomer", o2c.AlertRule{CustomerID: "C1"}, o2c.AlertReview, order(review, "C2", "10"), false},
		{"ErrUnknownCustomer", o2c.AlertRule{CustomerID: "C1"}, o2c.AlertReview, order(review, "", "10"), false},
		{"MinValueEqual", o2c.AlertRule{MinOrderValue: decp("1000.00")}, o2c.AlertReview, order(review, "C1", "1000"), true},
		{"MinValueAbove", o2c.AlertRule{MinOrderValue: decp("1000")}, o2c.AlertReview, order(review, "C1", "1000.01"), true},
		{"ErrMinValueBelow", o2c.AlertRule{MinOrderValue: decp("1000")}, o2c.AlertReview, order(review, "C1", "999.99"), false},
		{"AllConditions", o2c.AlertRule{CustomerID: "C1", MinOrderValue: decp("5"), AnomalyCodes: []string{"CREDIT_LIMIT"}},
			o2c.AlertReview, order(review, "C1", "10", o2c.AnomalyCreditLimit), true},
		{"ErrOneConditionFails", o2c.AlertRule{CustomerID: "C1", MinOrderValue: decp("50"), AnomalyCodes: []string{"CREDIT_LIMIT"}},
			o2c.AlertReview, order(review, "C1", "10", o2c.AnomalyCreditLimit), false},
		{"ErrReviewRuleOnStuckEvent", o2c.AlertRule{}, o2c.AlertStuck, order(review, "C1", "10"), false},
		{"Stuck90MinFor60", o2c.AlertRule{StuckStatus: o2c.OrderApproved, StuckMinutes: 60}, o2c.AlertStuck,
			order(o2c.OrderApproved, "C1", "10"), true},
		{"Stuck90MinFor90", o2c.AlertRule{StuckStatus: o2c.OrderApproved, StuckMinutes: 90}, o2c.AlertStuck,
			order(o2c.OrderApproved, "C1", "10"), true},
		{"ErrStuck90MinFor91", o2c.AlertRule{StuckStatus: o2c.OrderApproved, StuckMinutes: 91}, o2c.AlertStuck,
			order(o2c.OrderApproved, "C1", "10"), false},
		{"ErrStuckOtherStatus", o2c.AlertRule{StuckStatus: o2c.OrderApproved, StuckMinutes: 60}, o2c.AlertStuck,
			order(review, "C1", "10"), false},
		{"ErrStuckRuleOnReview", o2c.AlertRule{StuckStatus: o2c.OrderNeedsReview, StuckMinutes: 1}, o2c.AlertReview,
			order(review, "C1", "10"), false},
		{"StuckWithCustomer", o2c.AlertRule{StuckStatus: o2c.OrderNeedsReview, StuckMinutes: 1, CustomerID: "C1"}, o2c.AlertStuck,
			order(review, "C1", "10"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := tt.rule
			if tt.name != "DisabledNever" {
				r.Enabled = true
			}
			ev := alert.Event{Order: tt.order, Cause: tt.cause, Version: 3, Now: now}
			if got := alert.Fires(&r, ev); got != tt.want {
				t.Fatalf("Fires(%+v, %s) = %t, want %t", r, tt.cause, got, tt.want)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	t.Parallel()
	rules := []*o2c.AlertRule{
		{ID: 1, Name: "prices", Enabled: true, AnomalyCodes: []string{"PRICE_MISMATCH"}},
		{ID: 2, Name: "other customer", Enabled: true, CustomerID: "C2"},
		{ID: 3, Name: "everything", Enabled: true},
		{ID: 4, Name: "stuck", Enabled: true, StuckStatus: o2c.OrderNeedsReview, StuckMinutes: 10},
	}
	o := order(o2c.OrderNeedsReview, "C1", "1250.5", o2c.AnomalyPriceMismatch)
	o.PONumber = "PO-1"
	got := alert.Match(rules, alert.Event{Order: o, Customer: &o2c.Customer{ID: "C1", Name: "Müller GmbH"},
		Cause: o2c.AlertReview, Version: 3, Now: now}, "https://o2c.example.com/")
	var fired []int64
	for _, a := range got {
		fired = append(fired, a.RuleID)
	}
	if !slices.Equal(fired, []int64{1, 3}) {
		t.Fatalf("rules fired %v, want [1 3]", fired)
	}
	a := got[0]
	if a.Key != "review@v3" || a.URL != "https://o2c.example.com/ui/orders/12" || a.OrderID != 12 || !a.At.Equal(now) {
		t.Fatalf("alert %+v", a)
	}
	const sentence = "Order 12 (PO PO-1, Müller GmbH, 1250.50 EUR) needs review because of PRICE_MISMATCH: because PRICE_MISMATCH."
	if a.Sentence != sentence {
		t.Fatalf("sentence %q, want %q", a.Sentence, sentence)
	}

	stuck := alert.Match(rules, alert.Event{Order: o, Cause: o2c.AlertStuck, Version: 5, Now: now}, "http://x")
	if len(stuck) != 1 || stuck[0].RuleID != 4 || stuck[0].Key != "stuck:needs_review@v5" || !stuck[0].Since.Equal(o.UpdatedAt) {
		t.Fatalf("stuck alerts %+v", stuck)
	}
	const stuckSentence = "Order 12 (PO PO-1, C1, 1250.50 EUR) has been needs_review for 1 h 30 min, unchanged since 2026-03-02 08:00 UTC (the rule allows 10 min)."
	if stuck[0].Sentence != stuckSentence {
		t.Fatalf("stuck sentence %q, want %q", stuck[0].Sentence, stuckSentence)
	}
}

func TestValidateRule(t *testing.T) {
	t.Parallel()
	ok := o2c.AlertRule{Name: "r", Channels: []o2c.AlertChannel{{Email: "desk@example.com"}, {URL: "https://h.example.com/x", Format: o2c.WebhookTeams}}}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid rule: %v", err)
	}
	tests := []struct {
		name string
		edit func(r *o2c.AlertRule)
		path string
	}{
		{"ErrNoName", func(r *o2c.AlertRule) { r.Name = " " }, "$.name"},
		{"ErrUnknownCode", func(r *o2c.AlertRule) { r.AnomalyCodes = []string{"PRICE_MISMATCH", "LATE"} }, "$.anomaly_codes[1]"},
		{"ErrMinutesWithoutStatus", func(r *o2c.AlertRule) { r.StuckMinutes = 5 }, "$.stuck_minutes"},
		{"ErrStatusWithoutMinutes", func(r *o2c.AlertRule) { r.StuckStatus = o2c.OrderApproved }, "$.stuck_minutes"},
		{"ErrUnknownStatus", func(r *o2c.AlertRule) { r.StuckStatus, r.StuckMinutes = "lost", 5 }, "$.stuck_status"},
		{"ErrFinalStatus", func(r *o2c.AlertRule) { r.StuckStatus, r.StuckMinutes = o2c.OrderClosed, 5 }, "$.stuck_status"},
		{"ErrNegativeValue", func(r *o2c.AlertRule) { r.MinOrderValue = decp("-1") }, "$.min_order_value"},
		{"ErrNoChannel", func(r *o2c.AlertRule) { r.Channels = nil }, "$.channels"},
		{"ErrBadEmail", func(r *o2c.AlertRule) { r.Channels[0].Email = "Desk <desk@example.com>" }, "$.channels[0].email"},
		{"ErrBadURL", func(r *o2c.AlertRule) { r.Channels[1].URL = "ftp://h.example.com" }, "$.channels[1].url"},
		{"ErrBadFormat", func(r *o2c.AlertRule) { r.Channels[1].Format = "discord" }, "$.channels[1].format"},
		{"ErrBoth", func(r *o2c.AlertRule) { r.Channels[0].URL = "https://h.example.com/y" }, "$.channels[0]"},
		{"ErrTwice", func(r *o2c.AlertRule) { r.Channels[1] = r.Channels[0] }, "$.channels[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := ok
			r.Channels = slices.Clone(ok.Channels)
			tt.edit(&r)
			err := r.Validate()
			var e *o2c.Error
			if o2c.ErrorCode(err) != o2c.CodeInvalid || !asError(err, &e) || len(e.Faults) == 0 || e.Faults[0].Path != tt.path {
				t.Fatalf("Validate = %v, want a fault at %s", err, tt.path)
			}
		})
	}
}
