-- What o2c learned of the layouts of each sender's PDFs and scans from people's corrections (a
-- layout.Template as JSON text, read and written whole): where each corrected header field
-- stands, so that the next document of that layout is read right. A sender may have several.

-- +goose Up
CREATE TABLE layout_templates (
	id         INTEGER PRIMARY KEY,
	sender     TEXT NOT NULL,                          -- as its channel names it, e.g. an e-mail address
	template   TEXT NOT NULL,                          -- JSON layout.Template
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL
) STRICT;

CREATE INDEX layout_templates_sender ON layout_templates (sender, id);

-- +goose Down
DROP TABLE layout_templates;
