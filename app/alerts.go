package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/alert"
	"github.com/o2c-project/o2c/cal"
)

// Alerts tells people about orders that need them, by the rules they keep (o2c.AlertRule): an
// order decided for review, an order a job gave up on, an order stuck in a status. Each alert is
// sent once to each of its rule's channels (the alert log, o2c.AlertRecord, remembers), and a
// delivery that fails for good is written into the order's history with its cause. Make one with
// NewAlerts.
type Alerts struct {
	Store    o2c.Store
	Mail     o2c.AnswerSender // sends the e-mails; nil: e-mail channels fail, and the history says why
	Webhooks o2c.AlertPoster  // posts to webhooks; nil: webhook channels fail
	// BaseURL is where people reach o2c (o2c serve --public-url): alerts link to BaseURL/ui/orders/{id}.
	BaseURL string
	// Location is the company's zone: a digest covers one of its days.
	Location *time.Location
	Now      func() time.Time
	Log      *slog.Logger
	// ScanLimit bounds the orders one scan alerts on per rule; the next scan takes the rest.
	ScanLimit int
	// CatchUpDays is how many days before the digest's day are sent too when they were not
	// (the process was down at digest time).
	CatchUpDays int
}

// NewAlerts returns an alert service with the UTC zone and the real clock.
func NewAlerts(store o2c.Store, baseURL string) *Alerts {
	return &Alerts{Store: store, BaseURL: baseURL, Location: time.UTC, Now: time.Now, Log: slog.Default(),
		ScanLimit: 200, CatchUpDays: 2}
}

// Audit actions of alerts, in an order's history.
const (
	actionAlerted     = "alerted"      // an alert went out to a channel
	actionAlertFailed = "alert_failed" // an alert can never go out to a channel; the cause is in the note
)

// queueAlert enqueues the alert job of an order that has just entered review, in the transaction
// that moved it, when alerting is on. An order that a job gave up on carries the cause in
// LastError (GiveUp); verification clears it.
func (s *Orders) queueAlert(ctx context.Context, tx o2c.Tx, o *o2c.Order, from o2c.OrderStatus) error {
	if !s.Alerting || o.Status != o2c.OrderNeedsReview || from == o2c.OrderNeedsReview {
		return nil
	}
	cause := o2c.AlertReview
	if o.LastError != "" {
		cause = o2c.AlertDeadLetter
	}
	if err := tx.Enqueue(ctx, o2c.AlertJob{OrderID: o.ID, Cause: cause, Version: o.Version}); err != nil {
		return fmt.Errorf("queue the alerts of order %d: %w", o.ID, err)
	}
	return nil
}

// Alert raises the alerts that the rules fire for one event of an order, and sends those of
// rules without digest to their channels. An order that has moved on since the event (left
// review, or changed while stuck) is alerted no more. A failure that may pass is returned for
// the job to retry, and the channels already served are not sent to again; on the last attempt
// (last) it is recorded as failed for good.
func (s *Alerts) Alert(ctx context.Context, job o2c.AlertJob, last bool) error {
	o, err := s.Store.FindOrderByID(ctx, job.OrderID)
	if o2c.ErrorCode(err) == o2c.CodeNotFound {
		return nil
	} else if err != nil {
		return fmt.Errorf("find order %d to alert: %w", job.OrderID, err)
	}
	switch job.Cause {
	case o2c.AlertReview, o2c.AlertDeadLetter:
		if o.Status != o2c.OrderNeedsReview {
			return nil
		}
	case o2c.AlertStuck:
		if o.Version != job.Version {
			return nil
		}
	default:
		return o2c.Errorf(o2c.CodeInvalid, "alert job of order %d: unknown cause %q", job.OrderID, job.Cause)
	}
	var rules []*o2c.AlertRule
	if job.RuleID != 0 {
		r, err := s.Store.FindAlertRuleByID(ctx, job.RuleID)
		if o2c.ErrorCode(err) == o2c.CodeNotFound {
			return nil // deleted since
		} else if err != nil {
			return err
		}
		rules = []*o2c.AlertRule{r}
	} else if rules, err = s.Store.FindAlertRules(ctx); err != nil {
		return err
	}
	customer, err := s.customerOf(ctx, o)
	if err != nil {
		return err
	}
	ev := alert.Event{Order: o, Customer: customer, Cause: job.Cause, Version: job.Version, Now: s.Now().UTC()}
	var errs []error
	for _, a := range alert.Match(rules, ev, s.BaseURL) {
		rule := ruleByID(rules, a.RuleID)
		a, err := s.raise(ctx, a)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if rule.Digest {
			continue
		}
		errs = append(errs, s.deliver(ctx, rule, a.OrderID, a.Key, alert.Single(a), []int64{a.OrderID}, last))
	}
	return errors.Join(errs...)
}

func ruleByID(rules []*o2c.AlertRule, id int64) *o2c.AlertRule {
	for _, r := range rules {
		if r.ID == id {
			return r
		}
	}
	panic(fmt.Sprintf("alert of rule %d that is not among the rules", id))
}

func (s *Alerts) customerOf(ctx context.Context, o *o2c.Order) (*o2c.Customer, error) {
	if o.CustomerID == "" {
		return nil, nil // an order of no known customer: the alert names none
	}
	c, err := s.Store.FindCustomerByID(ctx, o.CustomerID)
	if o2c.ErrorCode(err) == o2c.CodeNotFound {
		return nil, nil // a customer deleted since: the alert names its id
	} else if err != nil {
		return nil, fmt.Errorf("find customer %s of order %d: %w", o.CustomerID, o.ID, err)
	}
	return c, nil
}

// raise records an alert in the alert log, or, when it was raised before (a retried job, a
// stuck order the scan recorded), returns the alert as first raised: its words do not change
// between the channels and the retries.
func (s *Alerts) raise(ctx context.Context, a alert.Alert) (alert.Alert, error) {
	body, err := json.Marshal(a)
	if err != nil {
		return a, fmt.Errorf("encode alert %s of order %d: %w", a.Key, a.OrderID, err)
	}
	var added bool
	err = s.Store.InTx(ctx, func(tx o2c.Tx) error {
		added, err = tx.AddAlertRecord(ctx, &o2c.AlertRecord{RuleID: a.RuleID, OrderID: a.OrderID, Key: a.Key, Alert: body})
		return err
	})
	if err != nil || added {
		return a, err
	}
	recs, err := s.Store.FindAlertRecords(ctx, a.RuleID, a.OrderID, a.Key)
	if err != nil {
		return a, err
	}
	for _, r := range recs {
		if r.Target == "" && len(r.Alert) > 0 {
			var first alert.Alert
			if err := json.Unmarshal(r.Alert, &first); err != nil {
				return a, fmt.Errorf("read alert %s of order %d: %w", a.Key, a.OrderID, err)
			}
			if first.OrderID == a.OrderID { // a record the scan made carries the alert too
				return first, nil
			}
		}
	}
	return a, nil
}

// deliver sends a message to every channel of a rule that the alert log does not show served for
// (orderID, key), and records each outcome: in the log, and in the history of the orders the
// message is about.
func (s *Alerts) deliver(ctx context.Context, rule *o2c.AlertRule, orderID int64, key string, m alert.Message, orders []int64, last bool) error {
	recs, err := s.Store.FindAlertRecords(ctx, rule.ID, orderID, key)
	if err != nil {
		return err
	}
	served := map[string]bool{}
	for _, r := range recs {
		served[r.Target] = true
	}
	id := fmt.Sprintf("alert-%d-%d-%s", rule.ID, orderID, key)
	var errs []error
	for _, ch := range rule.Channels {
		if served[ch.Target()] {
			continue
		}
		err := s.send(ctx, ch, m, id)
		rec := &o2c.AlertRecord{RuleID: rule.ID, OrderID: orderID, Key: key, Target: ch.Target()}
		action, note := actionAlerted, fmt.Sprintf("alert %q (%s) sent to %s", rule.Name, key, channelName(ch))
		switch {
		case err == nil:
		case o2c.ErrorCode(err) == o2c.CodeInvalid || last:
			rec.Error = o2c.ErrorMessage(err)
			if o2c.ErrorCode(err) == o2c.CodeInternal {
				rec.Error = err.Error()
			}
			action, note = actionAlertFailed, fmt.Sprintf("alert %q (%s) not sent to %s: %s", rule.Name, key, channelName(ch), rec.Error)
		default:
			errs = append(errs, fmt.Errorf("alert %q to %s: %w", rule.Name, channelName(ch), err))
			continue
		}
		if err := s.record(ctx, rec, action, note, orders); err != nil {
			errs = append(errs, err)
		}
		if action == actionAlertFailed {
			s.Log.WarnContext(ctx, "alert not sent", "rule", rule.Name, "key", key, "channel", channelName(ch), "cause", rec.Error)
		}
	}
	return errors.Join(errs...)
}

// record writes the outcome of a delivery into the alert log and the orders' histories, in one
// transaction.
func (s *Alerts) record(ctx context.Context, rec *o2c.AlertRecord, action, note string, orders []int64) error {
	return s.Store.InTx(ctx, func(tx o2c.Tx) error {
		if _, err := tx.AddAlertRecord(ctx, rec); err != nil {
			return err
		}
		after, err := json.Marshal(map[string]any{"rule_id": rec.RuleID, "key": rec.Key, "error": rec.Error})
		if err != nil {
			return err
		}
		for _, id := range orders {
			e := &o2c.AuditEvent{Entity: "order", EntityID: fmt.Sprint(id), Action: action, Actor: "job:alert", After: after, Note: note}
			if err := tx.AddEvent(ctx, e); err != nil {
				return fmt.Errorf("record alert of order %d: %w", id, err)
			}
		}
		return nil
	})
}

// send sends a message to one channel; mails carry the Message-ID made of id, so that a mail sent
// again after a crash shows once.
func (s *Alerts) send(ctx context.Context, ch o2c.AlertChannel, m alert.Message, id string) error {
	if ch.Email != "" {
		if s.Mail == nil {
			return o2c.Errorf(o2c.CodeInvalid, "no SMTP server is configured for alerts by e-mail (o2c serve --smtp)")
		}
		subject, text, html, err := alert.Email(m)
		if err != nil {
			return err
		}
		_, err = s.Mail.SendAnswer(ctx, o2c.Answer{Kind: "alert", To: ch.Email, Filename: id, Subject: subject, Text: text, HTML: html})
		return err
	}
	if s.Webhooks == nil {
		return o2c.Errorf(o2c.CodeInvalid, "no webhook client is configured for alerts")
	}
	body, err := alert.Webhook(ch.Format, m)
	if err != nil {
		return err
	}
	return s.Webhooks.PostAlert(ctx, ch.URL, body)
}

// channelName names a channel for people without the secret a webhook URL carries in its path.
func channelName(ch o2c.AlertChannel) string {
	if ch.Email != "" {
		return ch.Email
	}
	format := ch.Format
	if format == "" {
		format = o2c.WebhookJSON
	}
	host := "(unreadable URL)"
	if u, err := url.Parse(ch.URL); err == nil {
		host = u.Scheme + "://" + u.Host
	}
	return fmt.Sprintf("the %s webhook at %s", format, host)
}

// ScanStuck looks, for each enabled rule with a stuck status, for orders unchanged in that status
// for longer than the rule allows and not alerted on at their current version; it raises their
// alerts and queues their jobs in one transaction, so that the next scan skips them.
func (s *Alerts) ScanStuck(ctx context.Context) error {
	rules, err := s.Store.FindAlertRules(ctx)
	if err != nil {
		return err
	}
	now := s.Now().UTC()
	var errs []error
	for _, r := range rules {
		if !r.Enabled || r.StuckStatus == "" {
			continue
		}
		orders, err := s.Store.FindStuckOrders(ctx, o2c.StuckQuery{Status: r.StuckStatus,
			Before: now.Add(-time.Duration(r.StuckMinutes) * time.Minute), CustomerID: r.CustomerID,
			RuleID: r.ID, KeyPrefix: alert.StuckKeyPrefix(r.StuckStatus),
			Limit: s.ScanLimit})
		if err != nil {
			errs = append(errs, err)
			continue
		}
		type stuck struct {
			alert   alert.Alert
			version int64
		}
		var raised []stuck
		for _, o := range orders {
			customer, err := s.customerOf(ctx, o)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			ev := alert.Event{Order: o, Customer: customer, Cause: o2c.AlertStuck, Version: o.Version, Now: now}
			if alert.Fires(r, ev) {
				raised = append(raised, stuck{alert.Make(r, ev, s.BaseURL), o.Version})
			}
		}
		if len(raised) == 0 {
			continue
		}
		err = s.Store.InTx(ctx, func(tx o2c.Tx) error {
			var jobs []o2c.JobArgs
			for _, st := range raised {
				a := st.alert
				body, err := json.Marshal(a)
				if err != nil {
					return err
				}
				added, err := tx.AddAlertRecord(ctx, &o2c.AlertRecord{RuleID: r.ID, OrderID: a.OrderID, Key: a.Key, Alert: body})
				if err != nil {
					return err
				}
				if added && !r.Digest {
					jobs = append(jobs, o2c.AlertJob{OrderID: a.OrderID, Cause: o2c.AlertStuck, Version: st.version, RuleID: r.ID})
				}
			}
			return tx.Enqueue(ctx, jobs...)
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("raise the stuck-order alerts of rule %q: %w", r.Name, err))
		}
	}
	return errors.Join(errs...)
}

// DigestDay is the day whose digest is due at now: the day before, in the company's zone.
func (s *Alerts) DigestDay(now time.Time) cal.Date { return cal.DateIn(now, s.Location).AddDays(-1) }

// SendDigests sends, for each enabled rule with digest, one message holding the alerts it raised
// on day (midnight to midnight in the company's zone), and those of the CatchUpDays days before
// that were not sent. A rule that raised nothing that day sends nothing.
func (s *Alerts) SendDigests(ctx context.Context, day cal.Date, last bool) error {
	rules, err := s.Store.FindAlertRules(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for back := s.CatchUpDays; back >= 0; back-- {
		d := day.AddDays(-back)
		from := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, s.Location)
		next := d.AddDays(1)
		to := time.Date(next.Year, next.Month, next.Day, 0, 0, 0, 0, s.Location)
		for _, r := range rules {
			if !r.Enabled || !r.Digest {
				continue
			}
			recs, err := s.Store.FindRaisedAlerts(ctx, r.ID, from, to)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if len(recs) == 0 {
				continue
			}
			alerts := make([]alert.Alert, 0, len(recs))
			var orders []int64
			for _, rec := range recs {
				var a alert.Alert
				if err := json.Unmarshal(rec.Alert, &a); err != nil {
					errs = append(errs, fmt.Errorf("read alert %s of order %d: %w", rec.Key, rec.OrderID, err))
					continue
				}
				alerts = append(alerts, a)
				orders = append(orders, rec.OrderID)
			}
			errs = append(errs, s.deliver(ctx, r, 0, "digest:"+d.String(), alert.Digest(r, d, alerts), orders, last))
		}
	}
	return errors.Join(errs...)
}
