-- The archive: one entry per write-once blob (named by its SHA-256, kept on disk, not here), its
-- tags and its words for search, and the archive log, a hash chain of every put and delete. Entries
-- and log records are never updated; the triggers refuse it, and the chain shows it if someone
-- drops them (`o2c archive verify`).

-- +goose Up
CREATE TABLE archive_entries (
	id              INTEGER PRIMARY KEY,
	sha256          TEXT NOT NULL UNIQUE,                   -- hex SHA-256 of the blob
	size            INTEGER NOT NULL,
	content_type    TEXT NOT NULL,
	file_name       TEXT NOT NULL,
	doc_type        TEXT NOT NULL,                          -- o2c.ArchiveDocType
	body            TEXT NOT NULL,                          -- extracted text
	created_at      TEXT NOT NULL,
	created_by      TEXT NOT NULL,
	retention_until TEXT NOT NULL,                          -- YYYY-MM-DD
	seq             INTEGER NOT NULL UNIQUE                 -- the log record that put it
) STRICT;

CREATE INDEX archive_entries_created ON archive_entries (created_at, id);
CREATE INDEX archive_entries_doc_type ON archive_entries (doc_type, created_at, id);
CREATE INDEX archive_entries_retention ON archive_entries (retention_until);

-- One row per tag. num is the value as a sortable key when it is a plain decimal (see sqlstore
-- numKey), day the value when it is a date YYYY-MM-DD: range filters compare them as text.
CREATE TABLE archive_tags (
	entry_id INTEGER NOT NULL REFERENCES archive_entries (id) ON DELETE CASCADE,
	key      TEXT NOT NULL,
	value    TEXT NOT NULL,
	num      TEXT,
	day      TEXT,
	PRIMARY KEY (entry_id, key)
) STRICT, WITHOUT ROWID;

CREATE INDEX archive_tags_value ON archive_tags (key, value);
CREATE INDEX archive_tags_num ON archive_tags (key, num) WHERE num IS NOT NULL;
CREATE INDEX archive_tags_day ON archive_tags (key, day) WHERE day IS NOT NULL;

-- The words of each entry (body, file name, tag values), lowercased and split by sqlstore, so that
-- both engines see the same words; rowid is the entry's id. Contentless: the text is in the entry.
CREATE VIRTUAL TABLE archive_fts USING fts5 (
	words,
	content = '',
	contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 0'
);

-- The archive log: record_hash = sha256(prev_hash || record), record the canonical JSON of
-- o2c.ArchiveRecordData.
CREATE TABLE archive_log (
	seq         INTEGER PRIMARY KEY,                       -- 1, 2, 3, ... without gaps
	action      TEXT NOT NULL,                             -- put, delete
	sha256      TEXT NOT NULL,
	record      TEXT NOT NULL,
	prev_hash   TEXT NOT NULL,
	record_hash TEXT NOT NULL
) STRICT;

CREATE INDEX archive_log_sha256 ON archive_log (sha256, seq);

-- The log's last record, one row: appending locks it, so appends are one at a time, and verify
-- compares it with the log's end, which shows a log cut short.
CREATE TABLE archive_head (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	seq  INTEGER NOT NULL,
	hash TEXT NOT NULL
) STRICT;

INSERT INTO archive_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- +goose StatementBegin
CREATE TRIGGER archive_log_no_update BEFORE UPDATE ON archive_log
BEGIN
	SELECT RAISE(ABORT, 'the archive log is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER archive_log_no_delete BEFORE DELETE ON archive_log
BEGIN
	SELECT RAISE(ABORT, 'the archive log is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER archive_entries_no_update BEFORE UPDATE ON archive_entries
BEGIN
	SELECT RAISE(ABORT, 'archive entries are never changed');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER archive_tags_no_update BEFORE UPDATE ON archive_tags
BEGIN
	SELECT RAISE(ABORT, 'archive entries are never changed');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE archive_head;
DROP TABLE archive_log;
DROP TABLE archive_fts;
DROP TABLE archive_tags;
DROP TABLE archive_entries;
