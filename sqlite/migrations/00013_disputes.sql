-- Disputes of invoices, with their comment threads and attached archive documents, and the
-- dunning reminders sent: one per invoice and level, ever.

-- +goose Up
CREATE TABLE disputes (
	id              INTEGER PRIMARY KEY,
	invoice_id      INTEGER NOT NULL REFERENCES invoices (id),
	customer_id     TEXT NOT NULL,
	status          TEXT NOT NULL,
	reason          TEXT NOT NULL,
	lines           TEXT NOT NULL,                 -- JSON []o2c.DisputeLine
	amount          INTEGER NOT NULL,              -- minor units of currency
	currency        TEXT NOT NULL,
	owner           TEXT NOT NULL,
	due_date        TEXT,
	payment_ref     TEXT NOT NULL,                 -- '' unless proposed for a short payment
	resolution      TEXT NOT NULL,
	resolution_note TEXT NOT NULL,
	credit_note_id  INTEGER REFERENCES invoices (id),
	written_off     INTEGER NOT NULL,
	created_by      TEXT NOT NULL,
	resolved_by     TEXT NOT NULL,
	version         INTEGER NOT NULL,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	resolved_at     TEXT
) STRICT;

-- A payment proposes its dispute once: the reference is its natural key on the invoice.
CREATE UNIQUE INDEX disputes_payment ON disputes (invoice_id, payment_ref) WHERE payment_ref <> '';
CREATE INDEX disputes_invoice ON disputes (invoice_id);
CREATE INDEX disputes_status ON disputes (status, due_date);
CREATE INDEX disputes_customer ON disputes (customer_id, status);

CREATE TABLE dispute_comments (
	id         INTEGER PRIMARY KEY,
	dispute_id INTEGER NOT NULL REFERENCES disputes (id),
	author     TEXT NOT NULL,
	at         TEXT NOT NULL,
	text       TEXT NOT NULL
) STRICT;

CREATE INDEX dispute_comments_dispute ON dispute_comments (dispute_id, id);

-- No foreign key to the archive: an entry may be deleted once its retention ends.
CREATE TABLE dispute_documents (
	dispute_id INTEGER NOT NULL REFERENCES disputes (id),
	sha256     TEXT NOT NULL,
	file_name  TEXT NOT NULL,
	added_by   TEXT NOT NULL,
	added_at   TEXT NOT NULL,
	PRIMARY KEY (dispute_id, sha256)
) STRICT;

CREATE TABLE invoice_reminders (
	invoice_id INTEGER NOT NULL REFERENCES invoices (id),
	level      TEXT NOT NULL,
	sent_on    TEXT NOT NULL,                      -- the business day it was sent for
	sent_at    TEXT NOT NULL,
	sent_to    TEXT NOT NULL,
	amount     INTEGER NOT NULL,                   -- minor units of currency
	currency   TEXT NOT NULL,
	ref        TEXT NOT NULL,
	actor      TEXT NOT NULL,
	PRIMARY KEY (invoice_id, level)
) STRICT;

-- +goose Down
DROP TABLE invoice_reminders;
DROP TABLE dispute_documents;
DROP TABLE dispute_comments;
DROP TABLE disputes;
