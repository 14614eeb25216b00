package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

// A rule's anomaly codes are stored space-separated (a code holds no space), its channels as a
// JSON array.

const alertRuleColumns = `id, name, enabled, anomaly_codes, customer_id, min_order_value, stuck_status,
	stuck_minutes, channels, digest, created_by, created_at, updated_by, updated_at`

func scanAlertRule(s rowScanner) (*o2c.AlertRule, error) {
	var (
		r                       o2c.AlertRule
		codes, channels         string
		customerID, stuckStatus sql.NullString
		minValue                decimal.NullDecimal
	)
	if err := s.Scan(&r.ID, &r.Name, &r.Enabled, &codes, &customerID, &minValue, &stuckStatus, &r.StuckMinutes,
		&channels, &r.Digest, &r.CreatedBy, instantScanner{&r.CreatedAt}, &r.UpdatedBy, instantScanner{&r.UpdatedAt}); err != nil {
		return nil, err
	}
	r.AnomalyCodes = strings.Fields(codes)
	if r.AnomalyCodes == nil {
		r.AnomalyCodes = []string{}
	}
	r.CustomerID = customerID.String
	r.MinOrderValue = decPtr(minValue)
	r.StuckStatus = o2c.OrderStatus(stuckStatus.String)
	if err := json.Unmarshal([]byte(channels), &r.Channels); err != nil {
		return nil, fmt.Errorf("alert rule %d channels: %w", r.ID, err)
	}
	return &r, nil
}

// FindAlertRules lists every rule, by id.
func (r *reader) FindAlertRules(ctx context.Context) ([]*o2c.AlertRule, error) {
	rows, err := r.query(ctx, `SELECT `+alertRuleColumns+` FROM alert_rules ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("find alert rules: %w", err)
	}
	defer rows.Close()
	var out []*o2c.AlertRule
	for rows.Next() {
		rule, err := scanAlertRule(rows)
		if err != nil {
			return nil, fmt.Errorf("find alert rules: %w", err)
		}
		out = append(out, rule)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find alert rules: %w", err)
	}
	return out, nil
}

// FindAlertRuleByID returns one rule. CodeNotFound.
func (r *reader) FindAlertRuleByID(ctx context.Context, id int64) (*o2c.AlertRule, error) {
	rule, err := scanAlertRule(r.queryRow(ctx, `SELECT `+alertRuleColumns+` FROM alert_rules WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, o2c.Errorf(o2c.CodeNotFound, "alert rule %d not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("find alert rule %d: %w", id, err)
	}
	return rule, nil
}

// alertRuleArgs are the values of a rule's mutable columns, in the order of the statements below.
func alertRuleArgs(r *o2c.AlertRule) ([]any, error) {
	channels, err := jsonText(r.Channels)
	if err != nil {
		return nil, err
	}
	if r.Channels == nil {
		channels = "[]"
	}
	return []any{r.Name, r.Enabled, strings.Join(r.AnomalyCodes, " "), textOrNull(r.CustomerID),
		decOrNull(r.MinOrderValue), textOrNull(string(r.StuckStatus)), r.StuckMinutes, channels, r.Digest}, nil
}

// CreateAlertRule stores a rule and sets ID, CreatedAt and UpdatedAt. CodeConflict on a duplicate
// name; the transaction stays usable.
func (t *tx) CreateAlertRule(ctx context.Context, r *o2c.AlertRule) error {
	args, err := alertRuleArgs(r)
	if err != nil {
		return fmt.Errorf("create alert rule %q: %w", r.Name, err)
	}
	args = append(args, r.CreatedBy, t.instant(t.now), r.CreatedBy, t.instant(t.now))
	err = t.queryRow(ctx, `
		INSERT INTO alert_rules (name, enabled, anomaly_codes, customer_id, min_order_value, stuck_status,
			stuck_minutes, channels, digest, created_by, created_at, updated_by, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		ON CONFLICT DO NOTHING
		RETURNING id`, args...).Scan(&r.ID)
	if errors.Is(err, sql.ErrNoRows) || t.d.IsUniqueViolation(err) {
		return o2c.Errorf(o2c.CodeConflict, "an alert rule named %q exists already", r.Name)
	} else if err != nil {
		return fmt.Errorf("create alert rule %q: %w", r.Name, err)
	}
	r.CreatedAt, r.UpdatedAt, r.UpdatedBy = t.now, t.now, r.CreatedBy
	return nil
}

// UpdateAlertRule replaces the rule's fields but its creation. CodeNotFound, CodeConflict on a
// name another rule has.
func (t *tx) UpdateAlertRule(ctx context.Context, r *o2c.AlertRule) error {
	var taken int64
	err := t.queryRow(ctx, `SELECT id FROM alert_rules WHERE name = $1 AND id <> $2`, r.Name, r.ID).Scan(&taken)
	if err == nil {
		return o2c.Errorf(o2c.CodeConflict, "an alert rule named %q exists already", r.Name)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("update alert rule %d: %w", r.ID, err)
	}
	args, err := alertRuleArgs(r)
	if err != nil {
		return fmt.Errorf("update alert rule %d: %w", r.ID, err)
	}
	args = append(args, r.UpdatedBy, t.instant(t.now), r.ID)
	err = t.queryRow(ctx, `
		UPDATE alert_rules SET name = $1, enabled = $2, anomaly_codes = $3, customer_id = $4,
			min_order_value = $5, stuck_status = $6, stuck_minutes = $7, channels = $8, digest = $9,
			updated_by = $10, updated_at = $11
		WHERE id = $12
		RETURNING created_by, created_at`, args...).Scan(&r.CreatedBy, instantScanner{&r.CreatedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return o2c.Errorf(o2c.CodeNotFound, "alert rule %d not found", r.ID)
	} else if t.d.IsUniqueViolation(err) {
		return o2c.Errorf(o2c.CodeConflict, "an alert rule named %q exists already", r.Name)
	} else if err != nil {
		return fmt.Errorf("update alert rule %d: %w", r.ID, err)
	}
	r.UpdatedAt = t.now
	return nil
}

// DeleteAlertRule removes a rule; its alert log goes with it (ON DELETE CASCADE). CodeNotFound.
func (t *tx) DeleteAlertRule(ctx context.Context, id int64) error {
	res, err := t.exec(ctx, `DELETE FROM alert_rules WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("delete alert rule %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("delete alert rule %d: %w", id, err)
	} else if n == 0 {
		return o2c.Errorf(o2c.CodeNotFound, "alert rule %d not found", id)
	}
	return nil
}

const alertRecordColumns = `rule_id, order_id, key, target, alert, error, at`

func (r *reader) findAlertRecords(ctx context.Context, what, query string, args ...any) ([]o2c.AlertRecord, error) {
	rows, err := r.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("find %s: %w", what, err)
	}
	defer rows.Close()
	var out []o2c.AlertRecord
	for rows.Next() {
		var (
			rec   o2c.AlertRecord
			alert *string
		)
		if err := rows.Scan(&rec.RuleID, &rec.OrderID, &rec.Key, &rec.Target, &alert, &rec.Error,
			instantScanner{&rec.At}); err != nil {
			return nil, fmt.Errorf("find %s: %w", what, err)
		}
		rec.Alert = rawJSON(alert)
		out = append(out, rec)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find %s: %w", what, err)
	}
	return out, nil
}

// FindAlertRecords returns the records of one alert, every target, in the order recorded (the
// alert raised first: it is recorded before any delivery).
func (r *reader) FindAlertRecords(ctx context.Context, ruleID, orderID int64, key string) ([]o2c.AlertRecord, error) {
	return r.findAlertRecords(ctx, fmt.Sprintf("records of alert %s of rule %d on order %d", key, ruleID, orderID),
		`SELECT `+alertRecordColumns+` FROM alert_sent WHERE rule_id = $1 AND order_id = $2 AND key = $3
		ORDER BY at, target`, ruleID, orderID, key)
}

// FindRaisedAlerts returns the alerts a rule raised in [from, to), in the order raised.
func (r *reader) FindRaisedAlerts(ctx context.Context, ruleID int64, from, to time.Time) ([]o2c.AlertRecord, error) {
	return r.findAlertRecords(ctx, fmt.Sprintf("alerts of rule %d", ruleID),
		`SELECT `+alertRecordColumns+` FROM alert_sent WHERE rule_id = $1 AND target = '' AND at >= $2 AND at < $3
		ORDER BY at, order_id, key`, ruleID, r.instant(from), r.instant(to))
}

// AddAlertRecord appends rec unless its (rule, order, key, target) is recorded already.
func (t *tx) AddAlertRecord(ctx context.Context, rec *o2c.AlertRecord) (bool, error) {
	res, err := t.exec(ctx, `
		INSERT INTO alert_sent (rule_id, order_id, key, target, alert, error, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT DO NOTHING`,
		rec.RuleID, rec.OrderID, rec.Key, rec.Target, jsonOrNull(rec.Alert), rec.Error, t.instant(t.now))
	if err != nil {
		return false, fmt.Errorf("record alert %s of rule %d on order %d for %q: %w", rec.Key, rec.RuleID, rec.OrderID, rec.Target, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("record alert %s of rule %d on order %d: %w", rec.Key, rec.RuleID, rec.OrderID, err)
	}
	if n > 0 {
		rec.At = t.now
	}
	return n > 0, nil
}

// FindStuckOrders returns up to q.Limit orders q selects, oldest change first.
func (r *reader) FindStuckOrders(ctx context.Context, q o2c.StuckQuery) ([]*o2c.Order, error) {
	limit := q.Limit
	if limit <= 0 || limit > MaxOrderLimit {
		limit = MaxOrderLimit
	}
	orders, err := r.findOrders(ctx, `SELECT `+orderColumns+` FROM orders o
		WHERE status = $1 AND updated_at <= $2 AND ($3 = '' OR customer_id = $3)
			AND NOT EXISTS (SELECT 1 FROM alert_sent a WHERE a.rule_id = $4 AND a.order_id = o.id
				AND a.key = CAST($5 AS TEXT) || CAST(o.version AS TEXT) AND a.target = '')
		ORDER BY updated_at, id LIMIT $6`,
		string(q.Status), r.instant(q.Before), q.CustomerID, q.RuleID, q.KeyPrefix, limit)
	if err != nil {
		return nil, fmt.Errorf("find orders %s since %s: %w", q.Status, q.Before.UTC().Format(time.RFC3339), err)
	}
	return orders, nil
}
