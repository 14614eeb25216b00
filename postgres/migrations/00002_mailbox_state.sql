-- How far IMAP intake has read each mailbox, so that a restarted process (or another one on the
-- same database) goes on where it stopped. UIDs and UIDVALIDITY are unsigned 32-bit numbers:
-- BIGINT, kept in range by CHECK.

-- +goose Up
CREATE TABLE mailbox_state (
	mailbox      TEXT PRIMARY KEY,
	uid_validity BIGINT NOT NULL CHECK (uid_validity BETWEEN 0 AND 4294967295),
	last_uid     BIGINT NOT NULL CHECK (last_uid BETWEEN 0 AND 4294967295),
	updated_at   TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE mailbox_state;
