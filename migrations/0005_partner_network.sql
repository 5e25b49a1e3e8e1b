-- 0005 — the partner network: organisations (extended), contacts, their
-- memberships, tags, the projects an organisation works on, and the log of
-- interactions. Personal data of contacts is kept to what the officer needs;
-- a resident is recorded only with the legal basis and date of consent.
-- Search (FTS5) comes in 0006.

ALTER TABLE organization ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE organization ADD COLUMN postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE organization ADD COLUMN city TEXT NOT NULL DEFAULT '';
ALTER TABLE organization ADD COLUMN email TEXT;
ALTER TABLE organization ADD COLUMN phone TEXT;
ALTER TABLE organization ADD COLUMN notes TEXT NOT NULL DEFAULT '';

CREATE TABLE tag (
	id   INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE COLLATE NOCASE
);

CREATE TABLE organization_tag (
	organization_id INTEGER NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
	tag_id          INTEGER NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
	PRIMARY KEY (organization_id, tag_id)
);

CREATE TABLE organization_project (
	organization_id INTEGER NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
	project_id      INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
	PRIMARY KEY (organization_id, project_id)
);

CREATE TABLE contact (
	id            INTEGER PRIMARY KEY,
	first_name    TEXT NOT NULL DEFAULT '',
	last_name     TEXT NOT NULL,
	function      TEXT NOT NULL DEFAULT '',   -- e.g. « chargée de gestion locative »
	email         TEXT COLLATE NOCASE,
	phone         TEXT,
	notes         TEXT NOT NULL DEFAULT '',
	is_resident   INTEGER NOT NULL DEFAULT 0 CHECK (is_resident IN (0, 1)),
	-- RGPD: for residents, why we may keep and use their details
	consent_basis TEXT CHECK (consent_basis IN ('consent', 'legitimate_interest', 'public_task', 'contract')),
	consent_at    TEXT,                       -- date (YYYY-MM-DD) consent was given
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	CHECK (is_resident = 0 OR (consent_basis IS NOT NULL AND consent_at IS NOT NULL))
);
CREATE INDEX contact_email ON contact(email);

CREATE TABLE contact_tag (
	contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
	tag_id     INTEGER NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
	PRIMARY KEY (contact_id, tag_id)
);

-- A contact belongs to any number of organisations.
CREATE TABLE membership (
	contact_id      INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
	organization_id INTEGER NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
	position        TEXT NOT NULL DEFAULT '', -- their role in that organisation
	PRIMARY KEY (contact_id, organization_id)
);
CREATE INDEX membership_organization ON membership(organization_id);

-- The log of exchanges with a partner.
CREATE TABLE interaction (
	id              INTEGER PRIMARY KEY,
	organization_id INTEGER REFERENCES organization(id) ON DELETE CASCADE,
	contact_id      INTEGER REFERENCES contact(id) ON DELETE SET NULL,
	happened_on     TEXT NOT NULL,             -- date, YYYY-MM-DD
	kind            TEXT NOT NULL CHECK (kind IN ('meeting', 'call', 'email', 'visit', 'event')),
	note            TEXT NOT NULL DEFAULT '',
	author_id       INTEGER REFERENCES account(id) ON DELETE SET NULL,
	created_at      TEXT NOT NULL,
	CHECK (organization_id IS NOT NULL OR contact_id IS NOT NULL)
);
CREATE INDEX interaction_organization ON interaction(organization_id, happened_on);
CREATE INDEX interaction_contact ON interaction(contact_id, happened_on);

-- The page-cache generation (see 0002) for every new table.
CREATE TRIGGER tag_gen_ins AFTER INSERT ON tag BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER tag_gen_upd AFTER UPDATE ON tag BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER tag_gen_del AFTER DELETE ON tag BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER organization_tag_gen_ins AFTER INSERT ON organization_tag BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER organization_tag_gen_upd AFTER UPDATE ON organization_tag BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER organization_tag_gen_del AFTER DELETE ON organization_tag BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER organization_project_gen_ins AFTER INSERT ON organization_project BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER organization_project_gen_upd AFTER UPDATE ON organization_project BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER organization_project_gen_del AFTER DELETE ON organization_project BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER contact_gen_ins AFTER INSERT ON contact BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER contact_gen_upd AFTER UPDATE ON contact BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER contact_gen_del AFTER DELETE ON contact BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER contact_tag_gen_ins AFTER INSERT ON contact_tag BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER contact_tag_gen_upd AFTER UPDATE ON contact_tag BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER contact_tag_gen_del AFTER DELETE ON contact_tag BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER membership_gen_ins AFTER INSERT ON membership BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER membership_gen_upd AFTER UPDATE ON membership BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER membership_gen_del AFTER DELETE ON membership BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER interaction_gen_ins AFTER INSERT ON interaction BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER interaction_gen_upd AFTER UPDATE ON interaction BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER interaction_gen_del AFTER DELETE ON interaction BEGIN UPDATE cache_generation SET n = n + 1; END;
