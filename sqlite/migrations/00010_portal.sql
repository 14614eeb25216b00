-- The customer portal: customers' own users, each tied to one customer, and their server-side
-- sessions. Kept apart from the staff's users and sessions (00007), so that a session of one is
-- never found as the other. A password is kept only as an argon2id hash, a session only as the
-- SHA-256 of its id.

-- +goose Up
CREATE TABLE portal_users (
	id            INTEGER PRIMARY KEY,
	customer_id   TEXT NOT NULL REFERENCES customers (customer_id),
	email         TEXT NOT NULL UNIQUE,                   -- lowercased login
	name          TEXT NOT NULL DEFAULT '',
	password_hash TEXT NOT NULL DEFAULT '',               -- $argon2id$v=19$m=...,t=...,p=...$salt$key
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	password_at   TEXT,
	disabled_at   TEXT,
	last_login_at TEXT
) STRICT;

CREATE INDEX portal_users_customer ON portal_users (customer_id, email);

CREATE TABLE portal_sessions (
	id_hash      TEXT PRIMARY KEY,                        -- hex SHA-256 of the cookie's session id
	user_id      INTEGER NOT NULL REFERENCES portal_users (id) ON DELETE CASCADE,
	csrf_token   TEXT NOT NULL,
	created_at   TEXT NOT NULL,
	expires_at   TEXT NOT NULL,
	last_seen_at TEXT NOT NULL,
	ip           TEXT NOT NULL DEFAULT '',
	user_agent   TEXT NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;

CREATE INDEX portal_sessions_user ON portal_sessions (user_id);
CREATE INDEX portal_sessions_expires ON portal_sessions (expires_at);
CREATE INDEX portal_sessions_last_seen ON portal_sessions (last_seen_at);

-- A customer's portal orders not yet resolved to it are found by channel and sender.
CREATE INDEX orders_channel_sender ON orders (channel, sender, received_at, id);

-- +goose Down
DROP INDEX orders_channel_sender;
DROP TABLE portal_sessions;
DROP TABLE portal_users;
