-- The staff web app: users, their server-side sessions, and the indexes its order list filters on.
-- A password is kept only as an argon2id hash (PHC string), a session only as the SHA-256 of its id.

-- +goose Up
CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	email         TEXT NOT NULL UNIQUE,                   -- lowercased login
	name          TEXT NOT NULL DEFAULT '',
	role          TEXT NOT NULL,                          -- o2c.Role
	password_hash TEXT NOT NULL DEFAULT '',               -- $argon2id$v=19$m=...,t=...,p=...$salt$key
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	password_at   TEXT,
	disabled_at   TEXT,
	last_login_at TEXT
) STRICT;

CREATE TABLE sessions (
	id_hash      TEXT PRIMARY KEY,                        -- hex SHA-256 of the cookie's session id
	user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf_token   TEXT NOT NULL,
	created_at   TEXT NOT NULL,
	expires_at   TEXT NOT NULL,
	last_seen_at TEXT NOT NULL,
	ip           TEXT NOT NULL DEFAULT '',
	user_agent   TEXT NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;

CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);

-- The order list filters by channel and by customer, newest first.
CREATE INDEX orders_channel_received ON orders (channel, received_at, id);
CREATE INDEX orders_customer_received ON orders (customer_id, received_at, id);

-- +goose Down
DROP INDEX orders_customer_received;
DROP INDEX orders_channel_received;
DROP TABLE sessions;
DROP TABLE users;
