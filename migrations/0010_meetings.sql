-- 0010_meetings.sql — concertation (issue 6): meetings (temps d'information et
-- de concertation) with their sectors, partner organisations and agenda items.
-- Registrations, attendance, minutes and bodies come later in their own
-- migrations and reference meeting(id); capacity and reserved_places are here
-- so that registrations can count against them.

CREATE TABLE meeting (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	project_id      INTEGER REFERENCES project(id) ON DELETE SET NULL,
	kind            TEXT NOT NULL CHECK (kind IN ('public_meeting', 'workshop', 'event', 'walk', 'committee_session')),
	title           TEXT NOT NULL,
	place           TEXT NOT NULL DEFAULT '',          -- address, in words
	lat             REAL,                              -- optional point (WGS 84)
	lon             REAL,
	online_url      TEXT NOT NULL DEFAULT '',          -- http(s) only
	starts_at       TEXT NOT NULL,                     -- UTC
	ends_at         TEXT NOT NULL,                     -- UTC, after starts_at
	is_public       INTEGER NOT NULL DEFAULT 1 CHECK (is_public IN (0, 1)),
	status          TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled', 'held')),
	description     TEXT NOT NULL DEFAULT '',          -- Markdown
	capacity        INTEGER CHECK (capacity IS NULL OR capacity >= 0),
	reserved_places INTEGER NOT NULL DEFAULT 0 CHECK (reserved_places >= 0),
	organizer_id    INTEGER REFERENCES organization(id) ON DELETE SET NULL,
	sequence        INTEGER NOT NULL DEFAULT 0,        -- iCalendar SEQUENCE, bumped on each change
	created_by      INTEGER REFERENCES account(id) ON DELETE SET NULL,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	CHECK (ends_at > starts_at),
	CHECK (capacity IS NULL OR capacity >= reserved_places),
	CHECK ((lat IS NULL) = (lon IS NULL))
);
CREATE INDEX meeting_starts ON meeting(starts_at);
CREATE INDEX meeting_project ON meeting(project_id, starts_at);

CREATE TABLE meeting_sector (
	meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
	sector_id  INTEGER NOT NULL REFERENCES sector(id) ON DELETE CASCADE,
	PRIMARY KEY (meeting_id, sector_id)
);
CREATE INDEX meeting_sector_sector ON meeting_sector(sector_id);

-- Partner organisations involved (besides the organiser).
CREATE TABLE meeting_organization (
	meeting_id      INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
	organization_id INTEGER NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
	PRIMARY KEY (meeting_id, organization_id)
);

CREATE TABLE agenda_item (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	meeting_id       INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
	position         INTEGER NOT NULL DEFAULT 0,
	title            TEXT NOT NULL,
	duration_minutes INTEGER CHECK (duration_minutes IS NULL OR duration_minutes BETWEEN 1 AND 1440)
);
CREATE INDEX agenda_item_meeting ON agenda_item(meeting_id, position);

CREATE TRIGGER meeting_gen_ins AFTER INSERT ON meeting BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER meeting_gen_upd AFTER UPDATE ON meeting BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER meeting_gen_del AFTER DELETE ON meeting BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER meeting_sector_gen_ins AFTER INSERT ON meeting_sector BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER meeting_sector_gen_upd AFTER UPDATE ON meeting_sector BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER meeting_sector_gen_del AFTER DELETE ON meeting_sector BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER meeting_organization_gen_ins AFTER INSERT ON meeting_organization BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER meeting_organization_gen_upd AFTER UPDATE ON meeting_organization BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER meeting_organization_gen_del AFTER DELETE ON meeting_organization BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER agenda_item_gen_ins AFTER INSERT ON agenda_item BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER agenda_item_gen_upd AFTER UPDATE ON agenda_item BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER agenda_item_gen_del AFTER DELETE ON agenda_item BEGIN UPDATE cache_generation SET n = n + 1; END;
