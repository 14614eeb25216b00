package o2c

import (
	"context"
	"encoding/json"
	"fmt"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
)

// AlertRule says which orders people want to hear about, and where to tell them. Its conditions
// all hold for an alert (an unset one holds always): the order carries one of AnomalyCodes, is of
// CustomerID, is worth at least MinOrderValue. A rule without StuckStatus fires when an order
// enters review (decided for review, or sent there by a job that gave up); a rule with
// StuckStatus fires when an order has stayed unchanged in that status longer than StuckMinutes.
type AlertRule struct {
	// ID is o2c's own key.
	ID int64 `json:"id"`
	// Name is what people call the rule; unique.
	Name string `json:"name"`
	// Enabled rules fire; a disabled one is kept but silent.
	Enabled bool `json:"enabled"`
	// AnomalyCodes fire the rule when the order carries any of them (AnomalyCode values, or
	// AlertCodeDeadLetter for an order a job gave up on); empty means any order.
	AnomalyCodes []string `json:"anomaly_codes"`
	// CustomerID limits the rule to one customer's orders; "" means every customer.
	CustomerID string `json:"customer_id,omitempty"`
	// MinOrderValue limits the rule to orders whose net total is at least this much, in the
	// order's own currency; nil means any value.
	MinOrderValue *decimal.Decimal `json:"min_order_value,omitempty"`
	// StuckStatus makes the rule a watch on time: it fires for orders that stayed unchanged in
	// this status longer than StuckMinutes.
	StuckStatus OrderStatus `json:"stuck_status,omitempty"`
	// StuckMinutes is how long an order may stay in StuckStatus; > 0 exactly when StuckStatus is set.
	StuckMinutes int `json:"stuck_minutes,omitempty"`
	// Channels are where the alerts go: e-mail addresses and webhooks; at least one.
	Channels []AlertChannel `json:"channels"`
	// Digest gathers the rule's alerts of a day into one message sent the next morning, instead of
	// one message per alert.
	Digest bool `json:"digest"`
	// CreatedBy is who made the rule (api:<key name>, user:<login>).
	CreatedBy string `json:"created_by"`
	// CreatedAt is when it was made (UTC); the store sets it.
	CreatedAt time.Time `json:"created_at"`
	// UpdatedBy is who changed it last.
	UpdatedBy string `json:"updated_by"`
	// UpdatedAt is when it was changed last (UTC); the store sets it.
	UpdatedAt time.Time `json:"updated_at"`
}

// AlertChannel is one place an alert goes: an e-mail address, or a webhook URL with the JSON
// format its receiver understands.
type AlertChannel struct {
	// Email is an address to mail alerts to; set it or URL, not both.
	Email string `json:"email,omitempty"`
	// URL is an http(s) webhook the alerts are POSTed to as JSON.
	URL string `json:"url,omitempty"`
	// Format is the webhook's JSON: slack, teams or json (the default).
	Format WebhookFormat `json:"format,omitempty"`
}

// WebhookFormat is the JSON shape a webhook receiver understands.
type WebhookFormat string

// Webhook formats.
const (
	// WebhookSlack is a Slack incoming-webhook message: {"text": ..., "blocks": [...]}.
	WebhookSlack WebhookFormat = "slack"
	// WebhookTeams is a Microsoft Teams message holding an Adaptive Card, as Teams workflows
	// (and the older incoming webhooks) accept it.
	WebhookTeams WebhookFormat = "teams"
	// WebhookJSON is o2c's own JSON: the alerts as data.
	WebhookJSON WebhookFormat = "json"
)

// WebhookFormats lists every format.
var WebhookFormats = []WebhookFormat{WebhookSlack, WebhookTeams, WebhookJSON}

// AlertCodeDeadLetter stands among a rule's anomaly codes for an order that a job gave up on (the
// ERP refused it, or kept failing) and sent to review.
const AlertCodeDeadLetter = "DEAD_LETTER"

// Target names a channel in the alert log: "mailto:<address>" or the webhook URL.
func (c AlertChannel) Target() string {
	if c.Email != "" {
		return "mailto:" + c.Email
	}
	return c.URL
}

// Rules of AlertRule.Validate.
const (
	RuleAlertName     = "ALERT-01"
	RuleAlertCode     = "ALERT-02"
	RuleAlertStuck    = "ALERT-03"
	RuleAlertChannel  = "ALERT-04"
	RuleAlertMinValue = "ALERT-05"
)

// Validate checks a rule as people write it; the faults name the member at fault. CodeInvalid.
func (r *AlertRule) Validate() error {
	var faults []Fault
	add := func(rule, path, msg string, args ...any) {
		faults = append(faults, Fault{Rule: rule, Path: path, Message: fmt.Sprintf(msg, args...)})
	}
	if strings.TrimSpace(r.Name) == "" {
		add(RuleAlertName, "$.name", "a rule needs a name")
	} else if len(r.Name) > 200 {
		add(RuleAlertName, "$.name", "the name is longer than 200 bytes")
	}
	for i, c := range r.AnomalyCodes {
		if c != AlertCodeDeadLetter && !slices.Contains(AnomalyCodes, AnomalyCode(c)) {
			add(RuleAlertCode, fmt.Sprintf("$.anomaly_codes[%d]", i), "%q is no anomaly code (nor %s)", c, AlertCodeDeadLetter)
		}
	}
	switch {
	case r.StuckStatus == "" && r.StuckMinutes != 0:
		add(RuleAlertStuck, "$.stuck_minutes", "stuck_minutes needs a stuck_status")
	case r.StuckStatus != "" && !r.StuckStatus.Valid():
		add(RuleAlertStuck, "$.stuck_status", "%q is no order status", r.StuckStatus)
	case r.StuckStatus != "" && r.StuckStatus.Final():
		add(RuleAlertStuck, "$.stuck_status", "orders in %s stay there for good: they cannot be stuck", r.StuckStatus)
	case r.StuckStatus != "" && (r.StuckMinutes <= 0 || r.StuckMinutes > 366*24*60):
		add(RuleAlertStuck, "$.stuck_minutes", "stuck_minutes must be between 1 and a year's minutes")
	}
	if r.MinOrderValue != nil && r.MinOrderValue.Sign() < 0 {
		add(RuleAlertMinValue, "$.min_order_value", "the minimum order value cannot be negative")
	}
	if len(r.Channels) == 0 {
		add(RuleAlertChannel, "$.channels", "a rule needs at least one channel: an e-mail address or a webhook URL")
	}
	seen := map[string]bool{}
	for i, c := range r.Channels {
		path := fmt.Sprintf("$.channels[%d]", i)
		switch {
		case c.Email != "" && c.URL != "":
			add(RuleAlertChannel, path, "a channel is an e-mail address or a webhook URL, not both")
		case c.Email != "":
			if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email {
				add(RuleAlertChannel, path+".email", "%q is not a plain e-mail address", c.Email)
			}
			if c.Format != "" {
				add(RuleAlertChannel, path+".format", "an e-mail channel has no format")
			}
		case c.URL != "":
			if u, err := url.Parse(c.URL); err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
				add(RuleAlertChannel, path+".url", "%q is not an http(s) URL", c.URL)
			}
			if c.Format != "" && !slices.Contains(WebhookFormats, c.Format) {
				add(RuleAlertChannel, path+".format", "%q is no webhook format: slack, teams or json", c.Format)
			}
		default:
			add(RuleAlertChannel, path, "a channel needs an email or a url")
		}
		if t := c.Target(); t != "" && seen[t] {
			add(RuleAlertChannel, path, "the channel is given twice")
		} else {
			seen[t] = true
		}
	}
	if len(faults) > 0 {
		return Invalid(faults...)
	}
	return nil
}

// AlertCause is the kind of event an alert tells of.
type AlertCause string

// Alert causes.
const (
	// AlertReview: the order was decided for review (anomalies, an unreadable document).
	AlertReview AlertCause = "review"
	// AlertDeadLetter: a job gave up on the order (the ERP refused it or kept failing) and sent it
	// to review with the cause.
	AlertDeadLetter AlertCause = "dead_letter"
	// AlertStuck: the order stayed unchanged in a status longer than a rule allows.
	AlertStuck AlertCause = "stuck"
)

// AlertRecord is one line of the alert log, which makes every alert happen once: an alert raised
// (Target ""), or an alert or a digest delivered to one target, or given up for good there.
// (RuleID, OrderID, Key, Target) is unique.
type AlertRecord struct {
	// RuleID is the rule that fired.
	RuleID int64 `json:"rule_id"`
	// OrderID is the order the alert is about; 0 for a digest.
	OrderID int64 `json:"order_id"`
	// Key names the event: "review@v3" (the order version the event made), "stuck:approved@v7",
	// "digest:2026-03-02".
	Key string `json:"key"`
	// Target is "" for the alert raised, else where it was delivered: "mailto:<address>" or the
	// webhook URL.
	Target string `json:"target"`
	// Alert is the alert as raised (package alert's JSON), on the record of Target "".
	Alert json.RawMessage `json:"alert,omitempty"`
	// Error is why delivery to Target failed for good; "" when it was delivered.
	Error string `json:"error,omitempty"`
	// At is when it was recorded (UTC); the store sets it.
	At time.Time `json:"at"`
}

// AlertReader reads alert rules, the alert log and the orders the stuck-order watch looks at.
type AlertReader interface {
	// FindAlertRules lists every rule, by id.
	FindAlertRules(ctx context.Context) ([]*AlertRule, error)
	// FindAlertRuleByID returns one rule. CodeNotFound.
	FindAlertRuleByID(ctx context.Context, id int64) (*AlertRule, error)
	// FindAlertRecords returns the records of one alert (every target), in the order recorded.
	FindAlertRecords(ctx context.Context, ruleID, orderID int64, key string) ([]AlertRecord, error)
	// FindRaisedAlerts returns the alerts (records of Target "") a rule raised at or after from
	// and before to, in the order raised.
	FindRaisedAlerts(ctx context.Context, ruleID int64, from, to time.Time) ([]AlertRecord, error)
	// FindStuckOrders returns up to q.Limit orders that q selects, the longest unchanged first.
	FindStuckOrders(ctx context.Context, q StuckQuery) ([]*Order, error)
}

// StuckQuery selects the orders that the stuck-order watch of one rule has to alert on.
type StuckQuery struct {
	Status     OrderStatus // in this status
	Before     time.Time   // unchanged since at or before this instant (UpdatedAt)
	CustomerID string      // of this customer; "" for every customer
	// RuleID and KeyPrefix leave out the orders the rule has raised an alert on at their
	// current version: those with a record (RuleID, order, KeyPrefix + version, target "").
	RuleID    int64
	KeyPrefix string
	Limit     int // 0 means the store's largest page
}

// AlertWriter changes alert rules and appends to the alert log.
type AlertWriter interface {
	// CreateAlertRule stores a rule and sets ID, CreatedAt and UpdatedAt (the transaction's Now);
	// UpdatedBy becomes CreatedBy. CodeConflict when a rule has the same name.
	CreateAlertRule(ctx context.Context, r *AlertRule) error
	// UpdateAlertRule replaces every field of rule r.ID but CreatedBy and CreatedAt, and sets
	// UpdatedAt. CodeNotFound, CodeConflict when another rule has the same name.
	UpdateAlertRule(ctx context.Context, r *AlertRule) error
	// DeleteAlertRule removes a rule and its alert log. CodeNotFound.
	DeleteAlertRule(ctx context.Context, id int64) error
	// AddAlertRecord appends rec unless a record of the same (RuleID, OrderID, Key, Target)
	// exists, and reports whether it did; it sets At.
	AddAlertRecord(ctx context.Context, rec *AlertRecord) (bool, error)
}

// AlertPoster posts a JSON body to a webhook. CodeUnavailable means try again later (the
// receiver is down, busy or failing), CodeInvalid that it will never take it (refused, no such
// hook).
type AlertPoster interface {
	PostAlert(ctx context.Context, url string, body []byte) error
}

// AlertJob raises the alerts of one event of an order and sends them.
type AlertJob struct {
	OrderID int64      `json:"order_id"`
	Cause   AlertCause `json:"cause"`
	// Version is the order's version that the event made: an event is alerted once.
	Version int64 `json:"version"`
	// RuleID limits the job to one rule (a stuck order found by the watch); 0 means every rule.
	RuleID int64 `json:"rule_id,omitempty"`
}

// Kind implements JobArgs.
func (AlertJob) Kind() string { return "alert" }

// AlertScanJob looks for orders stuck longer than the rules allow and queues their alerts.
type AlertScanJob struct{}

// Kind implements JobArgs.
func (AlertScanJob) Kind() string { return "alert_scan" }

// AlertDigestJob sends the daily digests of the day Day and of the days before it that were
// not sent yet (the process was down).
type AlertDigestJob struct {
	Day cal.Date `json:"day"`
}

// Kind implements JobArgs.
func (AlertDigestJob) Kind() string { return "alert_digest" }
