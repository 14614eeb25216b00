-- Each customer's saved mapping for its CSV and XLSX order files (a sheet.Profile as JSON text),
-- so that an odd layout reads the same way every time. One profile per customer.

-- +goose Up
CREATE TABLE sheet_profiles (
	customer_id TEXT PRIMARY KEY REFERENCES customers (customer_id),
	profile     TEXT NOT NULL,                          -- JSON sheet.Profile
	updated_at  TEXT NOT NULL,
	updated_by  TEXT NOT NULL
) STRICT;

-- +goose Down
DROP TABLE sheet_profiles;
