-- Alerts: the rules saying which orders people want to hear about and where (e-mail, webhooks),
-- and the alert log that makes every alert happen once: one record per alert raised (target '')
-- and one per target it was delivered to, or given up on for good.

-- +goose Up
CREATE TABLE alert_rules (
	id              INTEGER PRIMARY KEY,
	name            TEXT NOT NULL UNIQUE,
	enabled         INTEGER NOT NULL CHECK (enabled IN (0, 1)),
	anomaly_codes   TEXT NOT NULL,                          -- space-separated; '' for any
	customer_id     TEXT,                                   -- NULL for every customer
	min_order_value TEXT,                                   -- decimal; NULL for any value
	stuck_status    TEXT,                                   -- NULL: the rule fires on review
	stuck_minutes   INTEGER NOT NULL,
	channels        TEXT NOT NULL,                          -- JSON array of o2c.AlertChannel
	digest          INTEGER NOT NULL CHECK (digest IN (0, 1)),
	created_by      TEXT NOT NULL,
	created_at      TEXT NOT NULL,
	updated_by      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
) STRICT;

-- order_id is 0 for a digest, so it is no foreign key.
CREATE TABLE alert_sent (
	rule_id  INTEGER NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
	order_id INTEGER NOT NULL,
	key      TEXT NOT NULL,                                 -- the event: review@v3, stuck:approved@v7, digest:2026-03-02
	target   TEXT NOT NULL,                                 -- '' for the alert raised, else mailto:... or the webhook URL
	alert    TEXT,                                          -- JSON of the alert raised
	error    TEXT NOT NULL,                                 -- why delivery failed for good; '' when delivered
	at       TEXT NOT NULL,
	PRIMARY KEY (rule_id, order_id, key, target)
) STRICT;

-- The digest reads a rule's alerts raised in a day.
CREATE INDEX alert_sent_raised ON alert_sent (rule_id, at) WHERE target = '';

-- The stuck-order watch looks for orders unchanged in a status since an instant.
CREATE INDEX orders_status_updated ON orders (status, updated_at);

-- +goose Down
DROP INDEX orders_status_updated;
DROP TABLE alert_sent;
DROP TABLE alert_rules;
