-- 0008 — GUSP problem reports (signalements): categories and their routing
-- to a handler organisation, reports and their events, photos, walking
-- diagnostics, hotspots (points noirs), and the outbox of e-mails.
-- Names follow GLOSSARY.md; French labels live in src/modules/report_model.c.

-- A kind of problem. `code` is the Open311 service_code.
CREATE TABLE report_category (
	id             INTEGER PRIMARY KEY,
	code           TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40 AND code NOT GLOB '*[^a-z0-9_-]*'),
	strand         TEXT NOT NULL CHECK (strand IN ('corrective', 'works', 'watch')),
	name           TEXT NOT NULL,
	description    TEXT NOT NULL DEFAULT '',
	keywords       TEXT NOT NULL DEFAULT '',   -- Open311 keywords, comma-separated
	default_org_id INTEGER REFERENCES organization(id) ON DELETE SET NULL, -- gestionnaire par défaut
	deadline_hours INTEGER NOT NULL CHECK (deadline_hours BETWEEN 1 AND 8760), -- délai
	active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	position       INTEGER NOT NULL DEFAULT 0,
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL
);

-- The handler of a category in one sector, when it differs from the default
-- (the landlord for its buildings, the city service for the street).
CREATE TABLE report_routing (
	category_id INTEGER NOT NULL REFERENCES report_category(id) ON DELETE CASCADE,
	sector_id   INTEGER NOT NULL REFERENCES sector(id) ON DELETE CASCADE,
	org_id      INTEGER NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
	PRIMARY KEY (category_id, sector_id)
);

-- Extra questions of a category (Open311 service definition attributes).
CREATE TABLE report_category_attribute (
	id          INTEGER PRIMARY KEY,
	category_id INTEGER NOT NULL REFERENCES report_category(id) ON DELETE CASCADE,
	code        TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 40 AND code NOT GLOB '*[^a-z0-9_]*'),
	datatype    TEXT NOT NULL CHECK (datatype IN ('string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist')),
	label       TEXT NOT NULL,                 -- the question, in French (Open311 description)
	required    INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0, 1)),
	choices     TEXT NOT NULL DEFAULT '',      -- lists: one "key|name" per line
	position    INTEGER NOT NULL DEFAULT 0,
	UNIQUE (category_id, code)
);

-- A walking diagnostic (diagnostic en marchant): findings are reports with walk_id.
CREATE TABLE walk (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	project_id INTEGER REFERENCES project(id) ON DELETE SET NULL,
	title      TEXT NOT NULL,
	starts_at  TEXT NOT NULL,                   -- UTC
	route      TEXT NOT NULL DEFAULT '',        -- the itinerary, in words
	meeting_point TEXT NOT NULL DEFAULT '',
	status     TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done', 'cancelled')),
	notes      TEXT NOT NULL DEFAULT '',
	created_by INTEGER REFERENCES account(id) ON DELETE SET NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX walk_starts ON walk(starts_at);
CREATE TABLE walk_sector (
	walk_id   INTEGER NOT NULL REFERENCES walk(id) ON DELETE CASCADE,
	sector_id INTEGER NOT NULL REFERENCES sector(id) ON DELETE CASCADE,
	PRIMARY KEY (walk_id, sector_id)
);
-- Invited partners (organisations) and people (contacts: residents who agreed, partners' staff).
CREATE TABLE walk_organization (
	walk_id         INTEGER NOT NULL REFERENCES walk(id) ON DELETE CASCADE,
	organization_id INTEGER NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
	PRIMARY KEY (walk_id, organization_id)
);
CREATE TABLE walk_contact (
	walk_id    INTEGER NOT NULL REFERENCES walk(id) ON DELETE CASCADE,
	contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
	PRIMARY KEY (walk_id, contact_id)
);

-- A place where the same problem keeps coming back (point noir).
CREATE TABLE hotspot (
	id           INTEGER PRIMARY KEY,
	category_id  INTEGER NOT NULL REFERENCES report_category(id) ON DELETE CASCADE,
	sector_id    INTEGER REFERENCES sector(id) ON DELETE SET NULL,
	lat          REAL NOT NULL,
	lon          REAL NOT NULL,
	report_count INTEGER NOT NULL DEFAULT 0,
	first_at     TEXT NOT NULL,
	last_at      TEXT NOT NULL,
	status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'handled')),
	note         TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
);
CREATE INDEX hotspot_category ON hotspot(category_id, last_at);

-- A problem report. `ref` (S-2026-00042) is what residents and Open311 see
-- (service_request_id); the private follow-up link holds a token of which
-- only the hash is kept. Reporter details are never public.
CREATE TABLE report (
	id               INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused
	ref              TEXT NOT NULL UNIQUE,
	category_id      INTEGER NOT NULL REFERENCES report_category(id), -- a used category is deactivated, not deleted
	project_id       INTEGER REFERENCES project(id) ON DELETE SET NULL,
	sector_id        INTEGER REFERENCES sector(id) ON DELETE SET NULL,
	lat              REAL CHECK (lat BETWEEN -90 AND 90),
	lon              REAL CHECK (lon BETWEEN -180 AND 180),
	address          TEXT NOT NULL DEFAULT '',  -- address or landmark in words
	description      TEXT NOT NULL,             -- public
	status           TEXT NOT NULL CHECK (status IN ('new', 'routed', 'acknowledged', 'scheduled', 'in_progress',
	                   'resolved', 'closed', 'rejected', 'duplicate')),
	handler_org_id   INTEGER REFERENCES organization(id) ON DELETE SET NULL, -- gestionnaire
	due_at           TEXT,                      -- délai, UTC
	duplicate_of     INTEGER REFERENCES report(id) ON DELETE SET NULL,
	walk_id          INTEGER REFERENCES walk(id) ON DELETE SET NULL,
	hotspot_id       INTEGER REFERENCES hotspot(id) ON DELETE SET NULL,
	source           TEXT NOT NULL CHECK (source IN ('web', 'staff', 'walk', 'open311')),
	reporter_email   TEXT,                      -- private; erased when no longer needed
	reporter_name    TEXT,                      -- private
	reporter_account_id INTEGER REFERENCES account(id) ON DELETE SET NULL, -- who entered it, when logged in
	notify           INTEGER NOT NULL DEFAULT 0 CHECK (notify IN (0, 1)), -- reporter asked for e-mails
	follow_token_hash TEXT UNIQUE,              -- hex BLAKE2b-256 of the follow-up token
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL,
	resolved_at      TEXT,
	closed_at        TEXT,                      -- when it reached closed, rejected or duplicate
	CHECK ((lat IS NULL) = (lon IS NULL)),
	CHECK (lat IS NOT NULL OR address <> '')
);
-- Open311 requests.json?service_code=…&start_date=… ; the list by category
CREATE INDEX report_category_created ON report(category_id, created_at);
-- GeoJSON of a sector and a period
CREATE INDEX report_sector_created ON report(sector_id, created_at);
CREATE INDEX report_created ON report(created_at);
CREATE INDEX report_status_created ON report(status, created_at);
-- a partner's work list, sorted by due date
CREATE INDEX report_handler_due ON report(handler_org_id, due_at);
-- overdue: only open reports have a deadline that matters
CREATE INDEX report_open_due ON report(due_at)
	WHERE status IN ('new', 'routed', 'acknowledged', 'scheduled', 'in_progress');
CREATE INDEX report_walk ON report(walk_id) WHERE walk_id IS NOT NULL;
CREATE INDEX report_hotspot ON report(hotspot_id) WHERE hotspot_id IS NOT NULL;
CREATE INDEX report_duplicate ON report(duplicate_of) WHERE duplicate_of IS NOT NULL;

-- The answers to a category's extra questions.
CREATE TABLE report_attribute_value (
	report_id INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
	code      TEXT NOT NULL,
	value     TEXT NOT NULL,
	PRIMARY KEY (report_id, code)
);

-- Everything that happens to a report: creation, routing, status changes,
-- comments. A public comment is shown to everyone (Open311 status_notes); an
-- internal one only to staff and the handler.
CREATE TABLE report_event (
	id               INTEGER PRIMARY KEY,
	report_id        INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
	at               TEXT NOT NULL,
	actor_id         INTEGER REFERENCES account(id) ON DELETE SET NULL,
	actor_label      TEXT NOT NULL,             -- name at the time, « Habitant » or « Système »
	kind             TEXT NOT NULL CHECK (kind IN ('created', 'routed', 'status', 'reopened', 'comment')),
	from_status      TEXT,
	to_status        TEXT,
	handler_org_id   INTEGER REFERENCES organization(id) ON DELETE SET NULL, -- for 'routed'
	public_comment   TEXT NOT NULL DEFAULT '',
	internal_comment TEXT NOT NULL DEFAULT '',
	is_public        INTEGER NOT NULL CHECK (is_public IN (0, 1)) -- shown on public pages, told to the reporter
);
CREATE INDEX report_event_report ON report_event(report_id, at);

-- Files (photos), stored in the database with their hash, size and sniffed type.
CREATE TABLE upload (
	id           INTEGER PRIMARY KEY,
	sha256       TEXT NOT NULL,
	size         INTEGER NOT NULL,
	content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
	width        INTEGER,
	height       INTEGER,
	data         BLOB NOT NULL,
	created_at   TEXT NOT NULL
);
CREATE TABLE report_photo (
	report_id INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
	upload_id INTEGER NOT NULL UNIQUE REFERENCES upload(id) ON DELETE CASCADE,
	hidden    INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)), -- moderated: not shown publicly
	position  INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (report_id, upload_id)
);
CREATE TRIGGER report_photo_del_upload AFTER DELETE ON report_photo BEGIN
	DELETE FROM upload WHERE id = old.upload_id;
END;

-- Public reference numbers, counted per year: S-2026-00042.
CREATE TABLE report_counter (
	year INTEGER PRIMARY KEY,
	n    INTEGER NOT NULL
);

-- Anonymous intake, rate-limited per client address (kept as a keyed hash,
-- for one window only).
CREATE TABLE rate_limit (
	key          TEXT PRIMARY KEY,
	window_start TEXT NOT NULL,
	count        INTEGER NOT NULL
);

-- E-mails to send (DESIGN.md §2): the sender thread delivers them through
-- SMTP with retries; without SMTP they wait here, visible to administrators.
CREATE TABLE outbox (
	id              INTEGER PRIMARY KEY,
	to_addr         TEXT NOT NULL,
	subject         TEXT NOT NULL,
	body            TEXT NOT NULL,
	entity          TEXT,                       -- what it is about, e.g. 'report'
	entity_id       INTEGER,
	created_at      TEXT NOT NULL,
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TEXT NOT NULL,
	sent_at         TEXT,
	last_error      TEXT
);
CREATE INDEX outbox_pending ON outbox(next_attempt_at) WHERE sent_at IS NULL;

-- Search in reports (external content: the text is not stored twice).
CREATE VIRTUAL TABLE report_fts USING fts5(
	ref, description, address,
	content = 'report', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
);
CREATE TRIGGER report_fts_ins AFTER INSERT ON report BEGIN
	INSERT INTO report_fts (rowid, ref, description, address) VALUES (new.id, new.ref, new.description, new.address);
END;
CREATE TRIGGER report_fts_upd AFTER UPDATE OF ref, description, address ON report BEGIN
	INSERT INTO report_fts (report_fts, rowid, ref, description, address) VALUES ('delete', old.id, old.ref, old.description, old.address);
	INSERT INTO report_fts (rowid, ref, description, address) VALUES (new.id, new.ref, new.description, new.address);
END;
CREATE TRIGGER report_fts_del AFTER DELETE ON report BEGIN
	INSERT INTO report_fts (report_fts, rowid, ref, description, address) VALUES ('delete', old.id, old.ref, old.description, old.address);
END;

-- Where reports are, for hotspots (neighbours within a distance): an R*Tree.
CREATE VIRTUAL TABLE report_geo USING rtree(id, min_lat, max_lat, min_lon, max_lon);
CREATE TRIGGER report_geo_ins AFTER INSERT ON report WHEN new.lat IS NOT NULL BEGIN
	INSERT INTO report_geo VALUES (new.id, new.lat, new.lat, new.lon, new.lon);
END;
CREATE TRIGGER report_geo_upd AFTER UPDATE OF lat, lon ON report BEGIN
	DELETE FROM report_geo WHERE id = old.id;
	INSERT INTO report_geo SELECT new.id, new.lat, new.lat, new.lon, new.lon WHERE new.lat IS NOT NULL;
END;
CREATE TRIGGER report_geo_del AFTER DELETE ON report BEGIN
	DELETE FROM report_geo WHERE id = old.id;
END;

-- The page-cache generation (see 0002) for every table pages can show.
CREATE TRIGGER report_category_gen_ins AFTER INSERT ON report_category BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER report_category_gen_upd AFTER UPDATE ON report_category BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER report_category_gen_del AFTER DELETE ON report_category BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER report_routing_gen_ins AFTER INSERT ON report_routing BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER report_routing_gen_upd AFTER UPDATE ON report_routing BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER report_routing_gen_del AFTER DELETE ON report_routing BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER report_category_attribute_gen_ins AFTER INSERT ON report_category_attribute BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER report_category_attribute_gen_upd AFTER UPDATE ON report_category_attribute BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER report_category_attribute_gen_del AFTER DELETE ON report_category_attribute BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER walk_gen_ins AFTER INSERT ON walk BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER walk_gen_upd AFTER UPDATE ON walk BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER walk_gen_del AFTER DELETE ON walk BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER walk_sector_gen_ins AFTER INSERT ON walk_sector BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER walk_sector_gen_upd AFTER UPDATE ON walk_sector BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER walk_sector_gen_del AFTER DELETE ON walk_sector BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER walk_organization_gen_ins AFTER INSERT ON walk_organization BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER walk_organization_gen_upd AFTER UPDATE ON walk_organization BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER walk_organization_gen_del AFTER DELETE ON walk_organization BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER walk_contact_gen_ins AFTER INSERT ON walk_contact BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER walk_contact_gen_upd AFTER UPDATE ON walk_contact BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER walk_contact_gen_del AFTER DELETE ON walk_contact BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER hotspot_gen_ins AFTER INSERT ON hotspot BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER hotspot_gen_upd AFTER UPDATE ON hotspot BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER hotspot_gen_del AFTER DELETE ON hotspot BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER report_gen_ins AFTER INSERT ON report BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER report_gen_upd AFTER UPDATE ON report BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER report_gen_del AFTER DELETE ON report BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER report_attribute_value_gen_ins AFTER INSERT ON report_attribute_value BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER report_attribute_value_gen_upd AFTER UPDATE ON report_attribute_value BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER report_attribute_value_gen_del AFTER DELETE ON report_attribute_value BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER report_event_gen_ins AFTER INSERT ON report_event BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER report_event_gen_upd AFTER UPDATE ON report_event BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER report_event_gen_del AFTER DELETE ON report_event BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER upload_gen_ins AFTER INSERT ON upload BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER upload_gen_upd AFTER UPDATE ON upload BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER upload_gen_del AFTER DELETE ON upload BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER report_photo_gen_ins AFTER INSERT ON report_photo BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER report_photo_gen_upd AFTER UPDATE ON report_photo BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER report_photo_gen_del AFTER DELETE ON report_photo BEGIN UPDATE cache_generation SET n = n + 1; END;
