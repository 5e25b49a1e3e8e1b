-- 0011 — the register of the concertation (registre de la concertation,
-- issue 6): what residents said, by any channel, its themes and sectors,
-- its moderation, and the answer given (« réponse apportée / suite donnée »).
-- Designed for the whole issue: meetings (migration 0010, built in
-- parallel) will link contributions through contribution.meeting_id, kept
-- as a plain INTEGER without a foreign key until both migrations meet; the
-- consultation report (bilan de la concertation) reads this table by theme.

-- Themes: an admin-defined list (/admin/themes); never deleted once used,
-- only deactivated.
CREATE TABLE theme (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	position INTEGER NOT NULL DEFAULT 0,
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

-- A contribution: the text as said or written. The author's details are
-- kept only with consent (author_consent_at set), anonymous otherwise.
CREATE TABLE contribution (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
	received_on TEXT NOT NULL, -- the Paris day it was said or received, YYYY-MM-DD
	channel TEXT NOT NULL CHECK (channel IN ('office_hours', 'meeting', 'online', 'paper_register', 'mail',
		'social_media', 'outreach')),
	body TEXT NOT NULL,
	author_name TEXT,
	author_email TEXT,
	author_phone TEXT,
	author_consent_at TEXT,
	status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'in_review', 'answered',
		'taken_into_account', 'out_of_scope')),
	moderation TEXT NOT NULL DEFAULT 'pending' CHECK (moderation IN ('published', 'pending', 'rejected')),
	answer TEXT,
	answered_at TEXT,
	answered_by INTEGER REFERENCES account(id) ON DELETE SET NULL,
	meeting_id INTEGER, -- a meeting of migration 0010; no foreign key yet
	created_by INTEGER REFERENCES account(id) ON DELETE SET NULL, -- NULL: sent online by a resident
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (author_consent_at IS NOT NULL OR (author_name IS NULL AND author_email IS NULL AND author_phone IS NULL))
);
CREATE INDEX contribution_project ON contribution(project_id, received_on);
CREATE INDEX contribution_public ON contribution(moderation, project_id, received_on);
CREATE INDEX contribution_meeting ON contribution(meeting_id) WHERE meeting_id IS NOT NULL;

CREATE TABLE contribution_theme (
	contribution_id INTEGER NOT NULL REFERENCES contribution(id) ON DELETE CASCADE,
	theme_id INTEGER NOT NULL REFERENCES theme(id),
	PRIMARY KEY (contribution_id, theme_id)
);
CREATE INDEX contribution_theme_theme ON contribution_theme(theme_id);

CREATE TABLE contribution_sector (
	contribution_id INTEGER NOT NULL REFERENCES contribution(id) ON DELETE CASCADE,
	sector_id INTEGER NOT NULL REFERENCES sector(id) ON DELETE CASCADE,
	PRIMARY KEY (contribution_id, sector_id)
);
CREATE INDEX contribution_sector_sector ON contribution_sector(sector_id);

-- Search (SQLite FTS5, as the directory's in 0006): the text as said and
-- the answer, never the author; rowid = contribution.id; accents and case
-- folded, prefixes indexed. Kept in step by triggers in the same transaction.
CREATE VIRTUAL TABLE contribution_fts USING fts5(
	body, answer,
	tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
);
CREATE TRIGGER contribution_fts_ins AFTER INSERT ON contribution BEGIN
	INSERT INTO contribution_fts (rowid, body, answer) VALUES (new.id, new.body, COALESCE(new.answer, ''));
END;
CREATE TRIGGER contribution_fts_upd AFTER UPDATE OF body, answer ON contribution BEGIN
	DELETE FROM contribution_fts WHERE rowid = old.id;
	INSERT INTO contribution_fts (rowid, body, answer) VALUES (new.id, new.body, COALESCE(new.answer, ''));
END;
CREATE TRIGGER contribution_fts_del AFTER DELETE ON contribution BEGIN
	DELETE FROM contribution_fts WHERE rowid = old.id;
END;

-- The page-cache generation (see 0002) for every table pages can show.
CREATE TRIGGER theme_gen_ins AFTER INSERT ON theme BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER theme_gen_upd AFTER UPDATE ON theme BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER theme_gen_del AFTER DELETE ON theme BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER contribution_gen_ins AFTER INSERT ON contribution BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER contribution_gen_upd AFTER UPDATE ON contribution BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER contribution_gen_del AFTER DELETE ON contribution BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER contribution_theme_gen_ins AFTER INSERT ON contribution_theme BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER contribution_theme_gen_upd AFTER UPDATE ON contribution_theme BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER contribution_theme_gen_del AFTER DELETE ON contribution_theme BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER contribution_sector_gen_ins AFTER INSERT ON contribution_sector BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER contribution_sector_gen_upd AFTER UPDATE ON contribution_sector BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER contribution_sector_gen_del AFTER DELETE ON contribution_sector BEGIN UPDATE cache_generation SET n = n + 1; END;
