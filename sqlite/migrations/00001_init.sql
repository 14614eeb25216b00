-- The o2c schema on SQLite. Tables are STRICT so that a value never changes type on the way in.
-- Instants are TEXT '2006-01-02T15:04:05.000000Z' (fixed width UTC: text order is time order),
-- dates TEXT 'YYYY-MM-DD', decimals TEXT (never REAL), JSON documents TEXT.

-- +goose Up
CREATE TABLE documents (
	id           INTEGER PRIMARY KEY,
	natural_key  TEXT NOT NULL UNIQUE,
	channel      TEXT NOT NULL,
	filename     TEXT NOT NULL DEFAULT '',
	content_type TEXT NOT NULL DEFAULT '',
	sender       TEXT NOT NULL DEFAULT '',
	sha256       TEXT NOT NULL,
	size         INTEGER NOT NULL,
	content      BLOB NOT NULL,
	received_at  TEXT NOT NULL
) STRICT;

CREATE TABLE orders (
	id                      INTEGER PRIMARY KEY,
	status                  TEXT NOT NULL,
	channel                 TEXT NOT NULL,
	document_id             INTEGER NOT NULL REFERENCES documents (id),
	sender                  TEXT NOT NULL DEFAULT '',
	customer_id             TEXT,                       -- no foreign key: the customer may be unknown, or deleted later
	ship_to_id              TEXT NOT NULL DEFAULT '',
	po_number               TEXT NOT NULL DEFAULT '',
	order_date              TEXT,
	requested_delivery_date TEXT,
	currency                TEXT NOT NULL DEFAULT '',
	net_total               TEXT NOT NULL,
	draft                   TEXT,                       -- JSON o2c.OrderDraft
	lines                   TEXT NOT NULL,              -- JSON []o2c.OrderLine
	anomalies               TEXT NOT NULL,              -- JSON []o2c.Anomaly
	anomaly_codes           TEXT NOT NULL DEFAULT '',   -- ' CODE1 CODE2 ', for the anomaly filter
	decision                TEXT NOT NULL DEFAULT '',
	content_hash            TEXT NOT NULL DEFAULT '',
	erp_ref                 TEXT NOT NULL DEFAULT '',
	last_error              TEXT NOT NULL DEFAULT '',
	reason                  TEXT NOT NULL DEFAULT '',
	version                 INTEGER NOT NULL,
	received_at             TEXT NOT NULL,
	updated_at              TEXT NOT NULL,
	posted_at               TEXT
) STRICT;

CREATE INDEX orders_received ON orders (received_at, id);
CREATE INDEX orders_status ON orders (status, received_at);
CREATE INDEX orders_customer_po ON orders (customer_id, po_number);
CREATE INDEX orders_customer_content ON orders (customer_id, content_hash, received_at);
CREATE INDEX orders_customer_status ON orders (customer_id, status); -- exposure: open orders only
CREATE INDEX orders_document ON orders (document_id);

CREATE TABLE audit_events (
	id        INTEGER PRIMARY KEY,
	entity    TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	action    TEXT NOT NULL,
	actor     TEXT NOT NULL,
	at        TEXT NOT NULL,
	before    TEXT,                                     -- JSON
	after     TEXT,                                     -- JSON
	note      TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX audit_events_entity ON audit_events (entity, entity_id, id);

CREATE TABLE customers (
	customer_id        TEXT PRIMARY KEY,
	name               TEXT NOT NULL,
	vat_id             TEXT NOT NULL DEFAULT '',
	gln                TEXT NOT NULL DEFAULT '',
	email              TEXT NOT NULL DEFAULT '',
	street             TEXT NOT NULL DEFAULT '',
	postal_code        TEXT NOT NULL DEFAULT '',
	city               TEXT NOT NULL DEFAULT '',
	country            TEXT NOT NULL DEFAULT '',
	currency           TEXT NOT NULL DEFAULT '',
	payment_terms_days INTEGER,
	credit_limit       TEXT
) STRICT;

CREATE TABLE ship_to (
	customer_id TEXT NOT NULL,
	address_id  TEXT NOT NULL,
	name        TEXT NOT NULL DEFAULT '',
	street      TEXT NOT NULL DEFAULT '',
	postal_code TEXT NOT NULL DEFAULT '',
	city        TEXT NOT NULL DEFAULT '',
	country     TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (customer_id, address_id)
) STRICT;

CREATE TABLE products (
	sku           TEXT PRIMARY KEY,
	gtin          TEXT NOT NULL DEFAULT '',
	description   TEXT NOT NULL DEFAULT '',
	unit          TEXT NOT NULL DEFAULT '',
	unit_price    TEXT,
	currency      TEXT NOT NULL DEFAULT '',
	vat_rate      TEXT,
	stock_qty     TEXT,
	min_order_qty TEXT,
	pack_size     TEXT
) STRICT;

CREATE TABLE customer_items (
	customer_id  TEXT NOT NULL,
	customer_sku TEXT NOT NULL,
	sku          TEXT NOT NULL,
	PRIMARY KEY (customer_id, customer_sku)
) STRICT;

CREATE TABLE customer_prices (
	customer_id TEXT NOT NULL,
	sku         TEXT NOT NULL,
	unit_price  TEXT NOT NULL,
	valid_from  TEXT NOT NULL,
	valid_to    TEXT,
	PRIMARY KEY (customer_id, sku, valid_from)
) STRICT;

-- One row, bumped by every master-data import so that caches know when to reload.
CREATE TABLE masterdata_version (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL
) STRICT;
INSERT INTO masterdata_version (id, version) VALUES (1, 0);

CREATE TABLE api_keys (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	prefix     TEXT NOT NULL,
	hash       TEXT NOT NULL UNIQUE,                    -- hex SHA-256 of the secret
	scopes     TEXT NOT NULL,                           -- space-separated
	created_at TEXT NOT NULL,
	revoked_at TEXT
) STRICT;

-- +goose Down
DROP TABLE api_keys;
DROP TABLE masterdata_version;
DROP TABLE customer_prices;
DROP TABLE customer_items;
DROP TABLE products;
DROP TABLE ship_to;
DROP TABLE customers;
DROP TABLE audit_events;
DROP TABLE orders;
DROP TABLE documents;
