// Package alert decides which alert rules an event of an order fires, and writes the messages
// that tell people about it: e-mail (text and HTML) and webhook JSON for Slack, Microsoft Teams
// and plain receivers, one alert at a time or a day's alerts of a rule as a digest. It takes
// values and returns values: the app reads the rules and the order, and sends what this writes.
package alert

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

// Event is something that happened to an order that rules may want told.
type Event struct {
	Order    *o2c.Order
	Customer *o2c.Customer // the order's customer; nil when unknown
	Cause    o2c.AlertCause
	// Version is the order version the event made, so that each event is alerted once; a stuck
	// order's current version.
	Version int64
	// Now is when the event is looked at: a stuck order has been unchanged since
	// Order.UpdatedAt until Now.
	Now time.Time
}

// Alert is one rule fired by one event: what people read, and what the alert log keeps.
type Alert struct {
	RuleID       int64           `json:"rule_id"`
	RuleName     string          `json:"rule_name"`
	Key          string          `json:"key"` // the event, unique per order and rule: review@v3, stuck:approved@v7
	Cause        o2c.AlertCause  `json:"cause"`
	OrderID      int64           `json:"order_id"`
	Status       o2c.OrderStatus `json:"status"`
	PONumber     string          `json:"po_number,omitempty"`
	CustomerID   string          `json:"customer_id,omitempty"`
	CustomerName string          `json:"customer_name,omitempty"`
	NetTotal     decimal.Decimal `json:"net_total"`
	Currency     string          `json:"currency,omitempty"`
	Codes        []string        `json:"codes,omitempty"` // the order's anomaly codes, DEAD_LETTER for a job given up
	Title        string          `json:"title"`           // a headline: "Order 12 needs review"
	Sentence     string          `json:"sentence"`        // the cause in a sentence
	Details      []string        `json:"details,omitempty"`
	URL          string          `json:"url"`            // the order in the staff UI
	Since        time.Time       `json:"since,omitzero"` // a stuck order: unchanged since
	At           time.Time       `json:"at"`             // when it was raised
}

// OrderURL is where the staff UI shows an order.
func OrderURL(baseURL string, orderID int64) string {
	return fmt.Sprintf("%s/ui/orders/%d", strings.TrimRight(baseURL, "/"), orderID)
}

// Key names an event of an order: an event is alerted once per rule.
func Key(cause o2c.AlertCause, status o2c.OrderStatus, version int64) string {
	if cause == o2c.AlertStuck {
		return fmt.Sprintf("%s%d", StuckKeyPrefix(status), version)
	}
	return fmt.Sprintf("%s@v%d", cause, version)
}

// StuckKeyPrefix is the key of a stuck order's alert without the version: "stuck:approved@v".
func StuckKeyPrefix(status o2c.OrderStatus) string { return "stuck:" + string(status) + "@v" }

// Match returns the alerts that the enabled rules fire for ev, in the order of the rules.
func Match(rules []*o2c.AlertRule, ev Event, baseURL string) []Alert {
	var out []Alert
	for _, r := range rules {
		if Fires(r, ev) {
			out = append(out, Make(r, ev, baseURL))
		}
	}
	return out
}

// Fires reports whether rule r fires for ev. A disabled rule never fires. A rule without a stuck
// status fires on review and dead-letter events, one with a stuck status on stuck events of
// orders in that status unchanged for longer than its minutes; then every condition set must hold.
func Fires(r *o2c.AlertRule, ev Event) bool {
	o := ev.Order
	if !r.Enabled || o == nil {
		return false
	}
	if r.StuckStatus == "" {
		if ev.Cause != o2c.AlertReview && ev.Cause != o2c.AlertDeadLetter {
			return false
		}
	} else if ev.Cause != o2c.AlertStuck || o.Status != r.StuckStatus ||
		ev.Now.Sub(o.UpdatedAt) < time.Duration(r.StuckMinutes)*time.Minute {
		return false
	}
	if r.CustomerID != "" && o.CustomerID != r.CustomerID {
		return false
	}
	if r.MinOrderValue != nil && o.NetTotal.Cmp(*r.MinOrderValue) < 0 {
		return false
	}
	if len(r.AnomalyCodes) > 0 {
		codes := codesOf(ev)
		if !slices.ContainsFunc(r.AnomalyCodes, func(c string) bool { return slices.Contains(codes, c) }) {
			return false
		}
	}
	return true
}

// codesOf returns the codes an event carries: the order's anomaly codes, and DEAD_LETTER for a
// job given up.
func codesOf(ev Event) []string {
	var codes []string
	if ev.Cause == o2c.AlertDeadLetter {
		codes = append(codes, o2c.AlertCodeDeadLetter)
	}
	for _, a := range ev.Order.Anomalies {
		if !slices.Contains(codes, string(a.Code)) {
			codes = append(codes, string(a.Code))
		}
	}
	return codes
}

// Make writes the alert of rule r for ev, whether or not the rule fires.
func Make(r *o2c.AlertRule, ev Event, baseURL string) Alert {
	o := ev.Order
	a := Alert{RuleID: r.ID, RuleName: r.Name, Key: Key(ev.Cause, o.Status, ev.Version), Cause: ev.Cause,
		OrderID: o.ID, Status: o.Status, PONumber: o.PONumber, CustomerID: o.CustomerID, NetTotal: o.NetTotal,
		Currency: o.Currency, Codes: codesOf(ev), URL: OrderURL(baseURL, o.ID), At: ev.Now.UTC()}
	if ev.Customer != nil {
		a.CustomerName = ev.Customer.Name
	}
	subject := subjectOf(a)
	switch ev.Cause {
	case o2c.AlertDeadLetter:
		a.Title = fmt.Sprintf("Order %d was sent back to review", o.ID)
		a.Sentence = fmt.Sprintf("%s was sent back to review because a job gave up on it: %s.", subject,
			strings.TrimRight(or(o.LastError, "no cause was recorded"), ". "))
	case o2c.AlertStuck:
		a.Since = o.UpdatedAt.UTC()
		a.Title = fmt.Sprintf("Order %d is stuck in %s", o.ID, o.Status)
		a.Sentence = fmt.Sprintf("%s has been %s for %s, unchanged since %s (the rule allows %d min).", subject,
			o.Status, duration(ev.Now.Sub(o.UpdatedAt)), a.Since.Format("2006-01-02 15:04 UTC"), r.StuckMinutes)
	default:
		a.Title = fmt.Sprintf("Order %d needs review", o.ID)
		switch len(o.Anomalies) {
		case 0:
			a.Sentence = subject + " needs review."
		case 1:
			an := o.Anomalies[0]
			a.Sentence = fmt.Sprintf("%s needs review because of %s: %s.", subject, an.Code, strings.TrimRight(an.Message, ". "))
		default:
			a.Sentence = fmt.Sprintf("%s needs review because of %d anomalies: %s.", subject, len(o.Anomalies),
				strings.Join(a.Codes, ", "))
		}
	}
	if len(a.Codes) > 0 && ev.Cause != o2c.AlertDeadLetter {
		a.Title += " (" + strings.Join(a.Codes, ", ") + ")"
	}
	if ev.Cause != o2c.AlertReview || len(o.Anomalies) > 1 {
		for _, an := range o.Anomalies {
			d := fmt.Sprintf("%s: %s", an.Code, an.Message)
			if an.Field != "" {
				d = fmt.Sprintf("%s at %s: %s", an.Code, an.Field, an.Message)
			}
			a.Details = append(a.Details, d)
		}
	}
	return a
}

// subjectOf names the order as people know it: "Order 12 (PO 4711, Müller GmbH, 1250.00 EUR)".
func subjectOf(a Alert) string {
	var parts []string
	if a.PONumber != "" {
		parts = append(parts, "PO "+a.PONumber)
	}
	if who := or(a.CustomerName, a.CustomerID); who != "" {
		parts = append(parts, who)
	}
	if !a.NetTotal.IsZero() {
		parts = append(parts, strings.TrimSpace(a.NetTotal.StringFixed(max(2, -a.NetTotal.Exponent()))+" "+a.Currency))
	}
	s := fmt.Sprintf("Order %d", a.OrderID)
	if len(parts) > 0 {
		s += " (" + strings.Join(parts, ", ") + ")"
	}
	return s
}

// duration writes a time span for people: "45 min", "3 h 05 min", "2 d 4 h".
func duration(d time.Duration) string {
	m := int(d / time.Minute)
	switch {
	case m < 60:
		return fmt.Sprintf("%d min", m)
	case m < 48*60:
		return fmt.Sprintf("%d h %02d min", m/60, m%60)
	}
	return fmt.Sprintf("%d d %d h", m/(24*60), m%(24*60)/60)
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
