-- 0001 — the foundation: settings, the authority, projects and sectors,
-- organisations, accounts, sessions, login throttling, the audit log.
-- Times are UTC ISO 8601 text ('2026-11-29T14:05:00Z').

CREATE TABLE setting (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE authority (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	short_name TEXT NOT NULL,
	website    TEXT,
	intro      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE project (
	id           INTEGER PRIMARY KEY,
	authority_id INTEGER NOT NULL REFERENCES authority(id),
	slug         TEXT NOT NULL UNIQUE,
	name         TEXT NOT NULL,
	territory    TEXT NOT NULL DEFAULT '',   -- QPV(s) covered
	summary      TEXT NOT NULL,
	description  TEXT NOT NULL DEFAULT '',   -- Markdown
	position     INTEGER NOT NULL DEFAULT 0,
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
);

CREATE TABLE sector (
	id          INTEGER PRIMARY KEY,
	project_id  INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
	slug        TEXT NOT NULL,
	name        TEXT NOT NULL,
	summary     TEXT NOT NULL DEFAULT '',
	geojson     TEXT,                        -- RFC 7946 Polygon or MultiPolygon
	position    INTEGER NOT NULL DEFAULT 0,
	UNIQUE (project_id, slug)
);

CREATE TABLE organization (
	id         INTEGER PRIMARY KEY,
	kind       TEXT NOT NULL CHECK (kind IN ('developer','landlord','association','citizen_body',
	             'institution','education','residents_group','city_service','contractor','other')),
	name       TEXT NOT NULL UNIQUE,
	website    TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

-- A person who logs in. `account` rather than `user`, a reserved word in SQL.
CREATE TABLE account (
	id                  INTEGER PRIMARY KEY,
	email               TEXT NOT NULL UNIQUE COLLATE NOCASE,
	name                TEXT NOT NULL,
	role                TEXT NOT NULL CHECK (role IN ('admin','staff','partner','member')),
	organization_id     INTEGER REFERENCES organization(id),
	password_hash       TEXT NOT NULL,       -- Argon2id, libsodium's encoded form
	disabled_at         TEXT,
	created_at          TEXT NOT NULL,
	updated_at          TEXT NOT NULL,
	password_changed_at TEXT NOT NULL,
	last_login_at       TEXT,
	CHECK (role <> 'partner' OR organization_id IS NOT NULL)
);
CREATE INDEX account_organization ON account(organization_id);

-- Only a hash of the token is stored: a stolen database opens no session.
CREATE TABLE session (
	id           INTEGER PRIMARY KEY,
	token_hash   TEXT NOT NULL UNIQUE,        -- hex BLAKE2b-256 of the token
	account_id   INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
	created_at   TEXT NOT NULL,
	last_seen_at TEXT NOT NULL,
	expires_at   TEXT NOT NULL               -- absolute expiry
);
CREATE INDEX session_account ON session(account_id);

-- Failed logins per key ('account:<email>' or 'address:<ip>'), for throttling.
CREATE TABLE login_throttle (
	key          TEXT PRIMARY KEY,
	failures     INTEGER NOT NULL,
	window_start TEXT NOT NULL,
	locked_until TEXT
);

-- Who did what, when, on which record. Kept when the actor's account goes.
CREATE TABLE audit (
	id         INTEGER PRIMARY KEY,
	at         TEXT NOT NULL,
	actor_id   INTEGER REFERENCES account(id) ON DELETE SET NULL,
	actor      TEXT NOT NULL,                -- e-mail or 'système' at the time
	action     TEXT NOT NULL,                -- e.g. 'account.create'
	entity     TEXT NOT NULL,                -- table name
	entity_id  INTEGER,
	summary    TEXT NOT NULL DEFAULT '',     -- before/after, never a secret
	request_id TEXT
);
CREATE INDEX audit_at ON audit(at);
CREATE INDEX audit_entity ON audit(entity, entity_id);
CREATE INDEX audit_actor ON audit(actor_id);
