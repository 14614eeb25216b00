-- The mappings people saved for bank CSV exports that the column names alone do not explain
-- (a bank.CSVMapping as JSON text, read and written whole), tried when a CSV file cannot be read
-- on its own.

-- +goose Up
CREATE TABLE bank_csv_mappings (
	name       TEXT PRIMARY KEY,
	mapping    TEXT NOT NULL,                          -- JSON bank.CSVMapping
	updated_at TIMESTAMPTZ NOT NULL,
	updated_by TEXT NOT NULL
);

-- +goose Down
DROP TABLE bank_csv_mappings;
