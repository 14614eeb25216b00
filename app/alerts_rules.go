package app

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/alert"
)

// ListRules returns every alert rule, by id.
func (s *Alerts) ListRules(ctx context.Context) ([]*o2c.AlertRule, error) {
	rules, err := s.Store.FindAlertRules(ctx)
	if rules == nil && err == nil {
		rules = []*o2c.AlertRule{}
	}
	return rules, err
}

// GetRule returns one rule. CodeNotFound.
func (s *Alerts) GetRule(ctx context.Context, id int64) (*o2c.AlertRule, error) {
	return s.Store.FindAlertRuleByID(ctx, id)
}

// CreateRule checks and stores a new rule (CodeInvalid with its faults, CodeConflict on a name
// taken); the creation is an audit event of the rule.
func (s *Alerts) CreateRule(ctx context.Context, r o2c.AlertRule, actor string) (*o2c.AlertRule, error) {
	normalizeRule(&r)
	if err := r.Validate(); err != nil {
		return nil, err
	}
	r.ID, r.CreatedBy = 0, actor
	err := s.Store.InTx(ctx, func(tx o2c.Tx) error {
		if err := tx.CreateAlertRule(ctx, &r); err != nil {
			return err
		}
		return ruleEvent(ctx, tx, r.ID, "created", actor, nil, &r)
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// UpdateRule replaces a rule's conditions, channels and switches (CodeNotFound, CodeInvalid,
// CodeConflict); the change is an audit event with the rule before and after.
func (s *Alerts) UpdateRule(ctx context.Context, id int64, r o2c.AlertRule, actor string) (*o2c.AlertRule, error) {
	normalizeRule(&r)
	if err := r.Validate(); err != nil {
		return nil, err
	}
	r.ID, r.UpdatedBy = id, actor
	err := s.Store.InTx(ctx, func(tx o2c.Tx) error {
		before, err := tx.FindAlertRuleByID(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.UpdateAlertRule(ctx, &r); err != nil {
			return err
		}
		return ruleEvent(ctx, tx, id, "updated", actor, before, &r)
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// DeleteRule removes a rule and its alert log. CodeNotFound.
func (s *Alerts) DeleteRule(ctx context.Context, id int64, actor string) error {
	return s.Store.InTx(ctx, func(tx o2c.Tx) error {
		before, err := tx.FindAlertRuleByID(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.DeleteAlertRule(ctx, id); err != nil {
			return err
		}
		return ruleEvent(ctx, tx, id, "deleted", actor, before, nil)
	})
}

// ChannelResult is what became of a test message on one channel.
type ChannelResult struct {
	Channel string `json:"channel"`         // the address, or the webhook's format and host
	OK      bool   `json:"ok"`              // delivered
	Error   string `json:"error,omitempty"` // why not
}

// TestRule sends a test message to every channel of a rule, enabled or not, at once and without
// retries, and reports each outcome. Nothing is recorded in the alert log.
func (s *Alerts) TestRule(ctx context.Context, id int64, actor string) ([]ChannelResult, error) {
	r, err := s.Store.FindAlertRuleByID(ctx, id)
	if err != nil {
		return nil, err
	}
	m := alert.Test(r, s.BaseURL)
	msgID := fmt.Sprintf("alert-test-%d-%d", r.ID, s.Now().UnixNano())
	out := make([]ChannelResult, 0, len(r.Channels))
	for _, ch := range r.Channels {
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		err := s.send(sctx, ch, m, msgID)
		cancel()
		res := ChannelResult{Channel: channelName(ch), OK: err == nil}
		if err != nil {
			res.Error = o2c.ErrorMessage(err)
		}
		out = append(out, res)
	}
	after, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	err = s.Store.InTx(ctx, func(tx o2c.Tx) error {
		return tx.AddEvent(ctx, &o2c.AuditEvent{Entity: "alert_rule", EntityID: fmt.Sprint(id), Action: "tested",
			Actor: actor, After: after, Note: "test message sent"})
	})
	return out, err
}

// normalizeRule gives a rule the defaults people leave out: the json format for webhooks, empty
// lists rather than none.
func normalizeRule(r *o2c.AlertRule) {
	if r.AnomalyCodes == nil {
		r.AnomalyCodes = []string{}
	}
	for i := range r.Channels {
		if r.Channels[i].URL != "" && r.Channels[i].Format == "" {
			r.Channels[i].Format = o2c.WebhookJSON
		}
	}
}

// ruleEvent records a change of a rule in its audit trail.
func ruleEvent(ctx context.Context, tx o2c.Tx, id int64, action, actor string, before, after *o2c.AlertRule) error {
	e := &o2c.AuditEvent{Entity: "alert_rule", EntityID: fmt.Sprint(id), Action: action, Actor: actor}
	var err error
	if before != nil {
		if e.Before, err = json.Marshal(before); err != nil {
			return err
		}
	}
	if after != nil {
		if e.After, err = json.Marshal(after); err != nil {
			return err
		}
	}
	if err := tx.AddEvent(ctx, e); err != nil {
		return fmt.Errorf("record %s of alert rule %d: %w", action, id, err)
	}
	return nil
}
