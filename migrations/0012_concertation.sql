-- 0012 — the rest of the concertation (issue 6): registrations to meetings,
-- attendance, minutes, bodies (instances) and their members, decisions and
-- their follow-up across sessions, the bilan de la concertation
-- (consultation_report), and the link from a contribution to its meeting.

-- ---- bodies (instances) -------------------------------------------------

-- A standing committee. Its sessions are meetings (kind committee_session)
-- with meeting.body_id set. The quorum is the share of its full members
-- (mandate current on the day) present or replaced by a substitute of the
-- same college; with quorum_all_colleges, each college must also be there.
CREATE TABLE body (
	id                  INTEGER PRIMARY KEY,
	project_id          INTEGER REFERENCES project(id) ON DELETE SET NULL,
	kind                TEXT NOT NULL CHECK (kind IN ('participation_committee', 'gusp_strategic',
	                      'gusp_technical', 'citizens_council', 'other')),
	slug                TEXT NOT NULL UNIQUE,
	name                TEXT NOT NULL,
	description         TEXT NOT NULL DEFAULT '',        -- Markdown
	is_public           INTEGER NOT NULL DEFAULT 1 CHECK (is_public IN (0, 1)),
	quorum_percent      INTEGER CHECK (quorum_percent IS NULL OR quorum_percent BETWEEN 1 AND 100),
	quorum_all_colleges INTEGER NOT NULL DEFAULT 0 CHECK (quorum_all_colleges IN (0, 1)),
	active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at          TEXT NOT NULL,
	updated_at          TEXT NOT NULL
);

-- A member: a contact (no account needed), in a college, full or
-- substitute, with a position and mandate dates (Paris days, inclusive).
-- account_id, when set, lets that account (role member) see the body's
-- private sessions, minutes and documents.
CREATE TABLE body_member (
	id            INTEGER PRIMARY KEY,
	body_id       INTEGER NOT NULL REFERENCES body(id) ON DELETE CASCADE,
	contact_id    INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
	college       TEXT NOT NULL CHECK (college IN ('elected', 'technical', 'civil_society')),
	seat          TEXT NOT NULL DEFAULT 'full' CHECK (seat IN ('full', 'substitute')),
	position      TEXT NOT NULL DEFAULT '',             -- e.g. « adjointe au maire »
	mandate_start TEXT,                                 -- YYYY-MM-DD
	mandate_end   TEXT,                                 -- YYYY-MM-DD
	account_id    INTEGER REFERENCES account(id) ON DELETE SET NULL,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	CHECK (mandate_end IS NULL OR mandate_start IS NULL OR mandate_end >= mandate_start)
);
CREATE INDEX body_member_body ON body_member(body_id, college);
CREATE INDEX body_member_contact ON body_member(contact_id);
CREATE INDEX body_member_account ON body_member(account_id) WHERE account_id IS NOT NULL;

-- A session belongs to its body; convened_at: when the convocation was
-- e-mailed to the members; anonymous_attendees: people counted at the door
-- without a name (attendance rows are the named ones).
ALTER TABLE meeting ADD COLUMN body_id INTEGER REFERENCES body(id) ON DELETE SET NULL;
ALTER TABLE meeting ADD COLUMN convened_at TEXT;
ALTER TABLE meeting ADD COLUMN anonymous_attendees INTEGER NOT NULL DEFAULT 0 CHECK (anonymous_attendees >= 0);
CREATE INDEX meeting_body ON meeting(body_id, starts_at) WHERE body_id IS NOT NULL;

-- ---- registrations (inscriptions) ---------------------------------------

-- One person registered to a meeting, without an account. Places are
-- counted as (capacity - reserved_places) against rows in 'registered';
-- beyond, rows wait in 'waiting' in id order. The cancellation link carries
-- a token of which only the hash is kept (as the reports' follow-up link).
CREATE TABLE registration (
	id           INTEGER PRIMARY KEY,
	meeting_id   INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
	name         TEXT NOT NULL,                         -- '' once erased (retention)
	email        TEXT COLLATE NOCASE,                   -- NULL: registered by staff without one, or erased
	phone        TEXT,
	consent_at   TEXT NOT NULL,                         -- the consent line was accepted (UTC)
	status       TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'waiting', 'cancelled')),
	source       TEXT NOT NULL DEFAULT 'online' CHECK (source IN ('online', 'staff')),
	token_hash   TEXT NOT NULL UNIQUE,
	promoted_at  TEXT,                                  -- moved from the waiting list to a place
	reminded_at  TEXT,                                  -- the reminder e-mail was queued
	cancelled_at TEXT,
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
);
CREATE INDEX registration_meeting ON registration(meeting_id, status, id);
-- One live registration per address and meeting.
CREATE UNIQUE INDEX registration_once ON registration(meeting_id, email)
	WHERE status <> 'cancelled' AND email IS NOT NULL;

-- ---- attendance (émargement) --------------------------------------------

-- Who was there: a registered person ticked (registration_id), a body
-- member (body_member_id, present, excused or absent), or a walk-in
-- (neither; name may be empty). People only counted are in
-- meeting.anonymous_attendees.
CREATE TABLE attendance (
	id              INTEGER PRIMARY KEY,
	meeting_id      INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
	registration_id INTEGER UNIQUE REFERENCES registration(id) ON DELETE CASCADE,
	body_member_id  INTEGER REFERENCES body_member(id) ON DELETE CASCADE,
	name            TEXT NOT NULL DEFAULT '',
	status          TEXT NOT NULL DEFAULT 'present' CHECK (status IN ('present', 'excused', 'absent')),
	recorded_by     INTEGER REFERENCES account(id) ON DELETE SET NULL,
	recorded_at     TEXT NOT NULL,
	CHECK (registration_id IS NULL OR body_member_id IS NULL),
	CHECK (status = 'present' OR body_member_id IS NOT NULL),
	UNIQUE (meeting_id, body_member_id)
);
CREATE INDEX attendance_meeting ON attendance(meeting_id, status);

-- ---- minutes and decisions ----------------------------------------------

-- The minutes (compte rendu) of a meeting, Markdown, shown on the public
-- page of a public meeting once published_at is set.
CREATE TABLE minutes (
	meeting_id   INTEGER PRIMARY KEY REFERENCES meeting(id) ON DELETE CASCADE,
	content      TEXT NOT NULL DEFAULT '',
	published_at TEXT,
	updated_by   INTEGER REFERENCES account(id) ON DELETE SET NULL,
	updated_at   TEXT NOT NULL
);

-- A decision taken at a meeting (relevé de décisions), carried by an owner,
-- due on a day, followed until done. body_id copies the meeting's body at
-- creation so that a body lists what is still open across its sessions.
CREATE TABLE decision (
	id                    INTEGER PRIMARY KEY,
	meeting_id            INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
	body_id               INTEGER REFERENCES body(id) ON DELETE SET NULL,
	position              INTEGER NOT NULL DEFAULT 0,
	text                  TEXT NOT NULL,
	owner_organization_id INTEGER REFERENCES organization(id) ON DELETE SET NULL,
	owner_name            TEXT NOT NULL DEFAULT '',     -- the person or service, in words
	due_on                TEXT,                         -- YYYY-MM-DD
	status                TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),
	closed_at             TEXT,                         -- when it became done or dropped
	created_by            INTEGER REFERENCES account(id) ON DELETE SET NULL,
	created_at            TEXT NOT NULL,
	updated_at            TEXT NOT NULL
);
CREATE INDEX decision_meeting ON decision(meeting_id, position);
CREATE INDEX decision_body ON decision(body_id, status) WHERE body_id IS NOT NULL;

-- The follow-up (suite donnée) of a decision, session after session.
CREATE TABLE decision_followup (
	id          INTEGER PRIMARY KEY,
	decision_id INTEGER NOT NULL REFERENCES decision(id) ON DELETE CASCADE,
	meeting_id  INTEGER REFERENCES meeting(id) ON DELETE SET NULL,  -- the session where it was reviewed
	status      TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),
	note        TEXT NOT NULL DEFAULT '',
	created_by  INTEGER REFERENCES account(id) ON DELETE SET NULL,
	created_at  TEXT NOT NULL
);
CREATE INDEX decision_followup_decision ON decision_followup(decision_id, id);

-- ---- contributions: their meeting, answers told -------------------------

-- contribution.meeting_id (0011) gets the rules of a foreign key through
-- triggers: SQLite cannot add one to an existing column without rebuilding
-- the table, which a migration cannot do with foreign keys enforced.
CREATE TRIGGER contribution_meeting_ins BEFORE INSERT ON contribution
WHEN new.meeting_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM meeting WHERE id = new.meeting_id) BEGIN
	SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed');
END;
CREATE TRIGGER contribution_meeting_upd BEFORE UPDATE OF meeting_id ON contribution
WHEN new.meeting_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM meeting WHERE id = new.meeting_id) BEGIN
	SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed');
END;
CREATE TRIGGER meeting_contribution_del AFTER DELETE ON meeting BEGIN
	UPDATE contribution SET meeting_id = NULL WHERE meeting_id = old.id;
END;
UPDATE contribution SET meeting_id = NULL
	WHERE meeting_id IS NOT NULL AND meeting_id NOT IN (SELECT id FROM meeting);

-- When the answer was e-mailed to its (consenting) author.
ALTER TABLE contribution ADD COLUMN answer_notified_at TEXT;

-- ---- bilan de la concertation -------------------------------------------

-- A bilan for a project over a period (Paris days, inclusive). Figures and
-- syntheses are generated from the data until it is frozen (adopted): then
-- snapshot holds every generated figure (JSON) and
-- consultation_report_annex every contribution as it stood, so that later
-- data no longer changes it.
CREATE TABLE consultation_report (
	id            INTEGER PRIMARY KEY,
	project_id    INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
	title         TEXT NOT NULL,
	period_start  TEXT NOT NULL,                        -- YYYY-MM-DD
	period_end    TEXT NOT NULL,                        -- YYYY-MM-DD
	legal_frame   TEXT NOT NULL DEFAULT '',             -- Markdown
	arrangements  TEXT NOT NULL DEFAULT '',             -- Markdown: materials, places, channels
	conclusions   TEXT NOT NULL DEFAULT '',             -- Markdown
	signatory     TEXT NOT NULL DEFAULT '',             -- name and quality of who signs the conclusions
	signed_off_by INTEGER REFERENCES account(id) ON DELETE SET NULL,
	signed_off_at TEXT,
	adopted_on    TEXT,                                 -- YYYY-MM-DD, set when frozen
	frozen_at     TEXT,
	snapshot      TEXT,                                 -- JSON, set when frozen
	created_by    INTEGER REFERENCES account(id) ON DELETE SET NULL,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	CHECK (period_end >= period_start),
	CHECK ((frozen_at IS NULL) = (snapshot IS NULL))
);
CREATE INDEX consultation_report_project ON consultation_report(project_id, period_end);

-- The annex of a frozen bilan: each contribution, anonymised, as it stood.
CREATE TABLE consultation_report_annex (
	report_id       INTEGER NOT NULL REFERENCES consultation_report(id) ON DELETE CASCADE,
	position        INTEGER NOT NULL,
	contribution_id INTEGER NOT NULL,                   -- no foreign key: a frozen copy
	received_on     TEXT NOT NULL,
	channel         TEXT NOT NULL,
	themes          TEXT NOT NULL DEFAULT '',           -- names, « ; »-separated
	sectors         TEXT NOT NULL DEFAULT '',
	body            TEXT NOT NULL,
	status          TEXT NOT NULL,
	answer          TEXT,
	PRIMARY KEY (report_id, position)
) WITHOUT ROWID;

-- ---- the page-cache generation (see 0002) -------------------------------
CREATE TRIGGER body_gen_ins AFTER INSERT ON body BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER body_gen_upd AFTER UPDATE ON body BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER body_gen_del AFTER DELETE ON body BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER body_member_gen_ins AFTER INSERT ON body_member BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER body_member_gen_upd AFTER UPDATE ON body_member BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER body_member_gen_del AFTER DELETE ON body_member BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER registration_gen_ins AFTER INSERT ON registration BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER registration_gen_upd AFTER UPDATE ON registration BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER registration_gen_del AFTER DELETE ON registration BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER attendance_gen_ins AFTER INSERT ON attendance BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER attendance_gen_upd AFTER UPDATE ON attendance BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER attendance_gen_del AFTER DELETE ON attendance BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER minutes_gen_ins AFTER INSERT ON minutes BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER minutes_gen_upd AFTER UPDATE ON minutes BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER minutes_gen_del AFTER DELETE ON minutes BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER decision_gen_ins AFTER INSERT ON decision BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER decision_gen_upd AFTER UPDATE ON decision BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER decision_gen_del AFTER DELETE ON decision BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER decision_followup_gen_ins AFTER INSERT ON decision_followup BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER decision_followup_gen_upd AFTER UPDATE ON decision_followup BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER decision_followup_gen_del AFTER DELETE ON decision_followup BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER consultation_report_gen_ins AFTER INSERT ON consultation_report BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER consultation_report_gen_upd AFTER UPDATE ON consultation_report BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER consultation_report_gen_del AFTER DELETE ON consultation_report BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER consultation_report_annex_gen_ins AFTER INSERT ON consultation_report_annex BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER consultation_report_annex_gen_upd AFTER UPDATE ON consultation_report_annex BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER consultation_report_annex_gen_del AFTER DELETE ON consultation_report_annex BEGIN UPDATE cache_generation SET n = n + 1; END;
