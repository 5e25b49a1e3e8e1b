-- 0003 — personal API tokens, sent as "Authorization: Bearer qrt_…".
-- Like sessions, only a hash of the token is stored: a stolen database
-- opens nothing. Bookkeeping: no page shows it to visitors (no cache
-- generation triggers).
CREATE TABLE api_token (
	id           INTEGER PRIMARY KEY,
	account_id   INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
	name         TEXT NOT NULL,
	token_hash   TEXT NOT NULL UNIQUE,        -- hex BLAKE2b-256 of the token
	created_at   TEXT NOT NULL,
	last_used_at TEXT,
	revoked_at   TEXT
);
CREATE INDEX api_token_account ON api_token(account_id);
