-- The cash side: our bank accounts, the statements imported from their files, the transactions on
-- them, the ledger of allocations to invoices and customer credit, and what manual matches taught
-- about payers. Amounts are INTEGER minor units of their currency, since SQL sums them.

-- +goose Up
CREATE TABLE bank_accounts (
	id         INTEGER PRIMARY KEY,
	iban       TEXT NOT NULL,                     -- '' when the bank gives another number
	number     TEXT NOT NULL,                     -- '' when there is an IBAN
	currency   TEXT NOT NULL,
	name       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	UNIQUE (iban, number)
) STRICT;

CREATE TABLE bank_statements (
	id           INTEGER PRIMARY KEY,
	account_id   INTEGER NOT NULL REFERENCES bank_accounts (id),
	natural_key  TEXT NOT NULL UNIQUE,            -- a second import of the statement is a no-op
	format       TEXT NOT NULL,
	bank_id      TEXT NOT NULL,
	sequence     TEXT NOT NULL,
	date_from    TEXT,
	date_to      TEXT,
	currency     TEXT NOT NULL,
	opening      INTEGER,                         -- signed; NULL when the format has none
	closing      INTEGER,
	file_name    TEXT NOT NULL,
	sha256       TEXT NOT NULL,
	position     INTEGER NOT NULL,
	faults       TEXT NOT NULL,                   -- JSON []o2c.Fault
	flagged      INTEGER NOT NULL CHECK (flagged IN (0, 1)),
	transactions INTEGER NOT NULL,
	imported_by  TEXT NOT NULL,
	imported_at  TEXT NOT NULL
) STRICT;

CREATE INDEX bank_statements_sha256 ON bank_statements (sha256);
CREATE INDEX bank_statements_imported ON bank_statements (imported_at, id);

CREATE TABLE bank_transactions (
	id                INTEGER PRIMARY KEY,
	statement_id      INTEGER NOT NULL REFERENCES bank_statements (id),
	account_id        INTEGER NOT NULL REFERENCES bank_accounts (id),
	natural_key       TEXT NOT NULL UNIQUE,       -- the same payment imported twice is stored once
	booking_date      TEXT,
	value_date        TEXT,
	amount            INTEGER NOT NULL CHECK (amount >= 0),
	currency          TEXT NOT NULL,
	credit            INTEGER NOT NULL CHECK (credit IN (0, 1)),
	reversal          INTEGER NOT NULL CHECK (reversal IN (0, 1)),
	counterparty_name TEXT NOT NULL,
	counterparty_iban TEXT NOT NULL,
	end_to_end_id     TEXT NOT NULL,
	bank_ref          TEXT NOT NULL,
	creditor_ref      TEXT NOT NULL,
	remittance        TEXT NOT NULL,
	info              TEXT NOT NULL,
	return_reason     TEXT NOT NULL,
	status            TEXT NOT NULL CHECK (status IN ('unmatched', 'suggested', 'matched', 'partial', 'ignored')),
	customer_id       TEXT NOT NULL,
	suggestion        TEXT,                       -- JSON o2c.PaymentSuggestion
	reason            TEXT NOT NULL,
	reversed_by_id    INTEGER REFERENCES bank_transactions (id),
	reverses_id       INTEGER REFERENCES bank_transactions (id),
	matched_by        TEXT NOT NULL,
	matched_at        TEXT,
	version           INTEGER NOT NULL,
	created_at        TEXT NOT NULL
) STRICT;

CREATE INDEX bank_transactions_status ON bank_transactions (status, booking_date, id);
CREATE INDEX bank_transactions_statement ON bank_transactions (statement_id, id);
CREATE INDEX bank_transactions_amount ON bank_transactions (account_id, currency, amount);

CREATE TABLE payment_allocations (
	id                 INTEGER PRIMARY KEY,
	transaction_id     INTEGER NOT NULL REFERENCES bank_transactions (id),
	invoice_id         INTEGER REFERENCES invoices (id),
	invoice_number     TEXT NOT NULL,
	customer_id        TEXT NOT NULL,
	kind               TEXT NOT NULL CHECK (kind IN ('payment', 'write_off', 'discount', 'credit')),
	amount             INTEGER NOT NULL CHECK (amount > 0),
	currency           TEXT NOT NULL,
	created_by         TEXT NOT NULL,
	created_at         TEXT NOT NULL,
	reversed_at        TEXT,
	reversed_by        TEXT NOT NULL,
	reversal_reason    TEXT NOT NULL,
	posted_at          TEXT,
	reversal_posted_at TEXT,
	-- Only a credit goes to no invoice.
	CHECK ((kind = 'credit') = (invoice_id IS NULL))
) STRICT;

CREATE INDEX payment_allocations_transaction ON payment_allocations (transaction_id, id);
CREATE INDEX payment_allocations_invoice ON payment_allocations (invoice_id, id) WHERE invoice_id IS NOT NULL;
CREATE INDEX payment_allocations_credit ON payment_allocations (customer_id, currency) WHERE kind = 'credit' AND reversed_at IS NULL;
CREATE INDEX payment_allocations_unposted ON payment_allocations (id)
	WHERE posted_at IS NULL OR (reversed_at IS NOT NULL AND reversal_posted_at IS NULL);

CREATE TABLE payer_knowledge (
	kind        TEXT NOT NULL CHECK (kind IN ('iban', 'name')),
	value       TEXT NOT NULL,
	customer_id TEXT NOT NULL,
	learned_by  TEXT NOT NULL,
	learned_at  TEXT NOT NULL,
	PRIMARY KEY (kind, value)
) STRICT;

-- +goose Down
DROP TABLE payer_knowledge;
DROP TABLE payment_allocations;
DROP TABLE bank_transactions;
DROP TABLE bank_statements;
DROP TABLE bank_accounts;
