-- Invoices and credit notes, their gap-free number counters, which orders each invoices, and how
-- each customer wants to be invoiced.

-- +goose Up
CREATE TABLE invoices (
	id              INTEGER PRIMARY KEY,
	number          TEXT NOT NULL,                          -- '' while a draft
	series          TEXT NOT NULL,
	kind            TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
	status          TEXT NOT NULL,
	customer_id     TEXT NOT NULL,                          -- no foreign key: master data may be replaced
	order_ids       TEXT NOT NULL,                          -- JSON array; invoice_orders guards uniqueness
	po_numbers      TEXT NOT NULL,                          -- ' PO1 PO2 ', for the search
	document        TEXT NOT NULL,                          -- JSON invoice.Invoice (EN 16931)
	currency        TEXT NOT NULL,
	issue_date      TEXT NOT NULL,
	due_date        TEXT,
	net_total       INTEGER NOT NULL,                       -- minor units of currency
	vat_total       INTEGER NOT NULL,
	gross_total     INTEGER NOT NULL,
	amount_due      INTEGER NOT NULL,
	amount_paid     INTEGER NOT NULL,
	amount_disputed INTEGER NOT NULL,
	corrects_id     INTEGER REFERENCES invoices (id),
	credited_by_id  INTEGER REFERENCES invoices (id),
	format          TEXT NOT NULL,
	language        TEXT NOT NULL,
	reason          TEXT NOT NULL,
	faults          TEXT NOT NULL,                          -- JSON []o2c.Fault
	version         INTEGER NOT NULL,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	issued_at       TEXT,
	sent_at         TEXT
) STRICT;

CREATE UNIQUE INDEX invoices_number ON invoices (number) WHERE number <> '';
CREATE INDEX invoices_issued ON invoices (issue_date, id);
CREATE INDEX invoices_customer ON invoices (customer_id, issue_date);
CREATE INDEX invoices_status_due ON invoices (status, due_date);
CREATE INDEX invoices_corrects ON invoices (corrects_id) WHERE corrects_id IS NOT NULL;

-- An order is invoiced once: a job that runs twice, or two periods that overlap, conflict here.
CREATE TABLE invoice_orders (
	order_id   INTEGER PRIMARY KEY REFERENCES orders (id),
	invoice_id INTEGER NOT NULL REFERENCES invoices (id)
) STRICT;

CREATE INDEX invoice_orders_invoice ON invoice_orders (invoice_id);

-- One row per series and year, incremented in the transaction that issues an invoice: a
-- rolled-back issue gives its number back. Never a sequence, which leaves gaps.
CREATE TABLE invoice_counters (
	series TEXT NOT NULL,
	year   INTEGER NOT NULL,
	last   INTEGER NOT NULL,
	PRIMARY KEY (series, year)
) STRICT;

CREATE TABLE invoicing_settings (
	customer_id TEXT PRIMARY KEY REFERENCES customers (customer_id),
	mode        TEXT NOT NULL,
	format      TEXT NOT NULL,
	language    TEXT NOT NULL,
	email       TEXT NOT NULL,
	reminders   INTEGER NOT NULL CHECK (reminders IN (0, 1)),
	updated_by  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
) STRICT;

CREATE INDEX invoicing_settings_mode ON invoicing_settings (mode, customer_id);

-- +goose Down
DROP TABLE invoicing_settings;
DROP TABLE invoice_counters;
DROP TABLE invoice_orders;
DROP TABLE invoices;
