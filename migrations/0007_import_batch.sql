-- 0007 — CSV imports waiting for confirmation. The uploaded file (converted
-- to UTF-8) is kept here between the preview and the confirmation, so that
-- the browser never sends it back; rows older than an hour are deleted.
-- Bookkeeping: no page shows this table, so no cache-generation triggers.
CREATE TABLE import_batch (
	id         INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
	kind       TEXT NOT NULL CHECK (kind IN ('organizations', 'contacts')),
	content    TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX import_batch_created ON import_batch(created_at);
