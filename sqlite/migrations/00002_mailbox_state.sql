-- How far IMAP intake has read each mailbox, so that a restarted process goes on where it stopped.
-- UIDs and UIDVALIDITY are unsigned 32-bit numbers: INTEGER (SQLite's is 64-bit; a STRICT table
-- knows no BIGINT), kept in range by CHECK.

-- +goose Up
CREATE TABLE mailbox_state (
	mailbox      TEXT PRIMARY KEY,
	uid_validity INTEGER NOT NULL CHECK (uid_validity BETWEEN 0 AND 4294967295),
	last_uid     INTEGER NOT NULL CHECK (last_uid BETWEEN 0 AND 4294967295),
	updated_at   TEXT NOT NULL
) STRICT;

-- +goose Down
DROP TABLE mailbox_state;
