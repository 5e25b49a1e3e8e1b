-- 0006 — search in the partner directory (SQLite FTS5).
--
-- One index row per organisation and per contact (rowid = its id), holding
-- its searchable text: accents and case are folded (remove_diacritics 2),
-- and prefix indexes make "mass" find « Massane » quickly. Triggers keep the
-- indexes in step with organization, contact, membership and the tags, in
-- the same transaction as the write. Queries are built by
-- directory_fts_query() (src/modules/directory_search.c), never from raw
-- user syntax.

CREATE VIRTUAL TABLE organization_fts USING fts5(
	name, address, city, notes, tags,
	tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
);

CREATE VIRTUAL TABLE contact_fts USING fts5(
	name, function, email, notes, organizations, tags,
	tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
);

-- Rebuilds one organisation's index row (used by the triggers below through
-- a view: SQLite triggers cannot call procedures, so each trigger repeats
-- the same two statements over this view).
CREATE VIEW organization_fts_source AS
SELECT o.id AS id, o.name AS name, o.address AS address, o.postal_code || ' ' || o.city AS city,
       o.notes AS notes,
       COALESCE((SELECT group_concat(t.name, ' ') FROM organization_tag ot JOIN tag t ON t.id = ot.tag_id
                 WHERE ot.organization_id = o.id), '') AS tags
FROM organization o;

CREATE VIEW contact_fts_source AS
SELECT c.id AS id, c.first_name || ' ' || c.last_name AS name, c.function AS function,
       COALESCE(c.email, '') AS email, c.notes AS notes,
       COALESCE((SELECT group_concat(o.name || ' ' || m.position, ' ') FROM membership m
                 JOIN organization o ON o.id = m.organization_id WHERE m.contact_id = c.id), '') AS organizations,
       COALESCE((SELECT group_concat(t.name, ' ') FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id
                 WHERE ct.contact_id = c.id), '') AS tags
FROM contact c;

-- organisations
CREATE TRIGGER organization_fts_ins AFTER INSERT ON organization BEGIN
	INSERT INTO organization_fts (rowid, name, address, city, notes, tags)
	SELECT id, name, address, city, notes, tags FROM organization_fts_source WHERE id = new.id;
END;
CREATE TRIGGER organization_fts_upd AFTER UPDATE ON organization BEGIN
	DELETE FROM organization_fts WHERE rowid = old.id;
	INSERT INTO organization_fts (rowid, name, address, city, notes, tags)
	SELECT id, name, address, city, notes, tags FROM organization_fts_source WHERE id = new.id;
	-- contacts show their organisations' names
	DELETE FROM contact_fts WHERE rowid IN (SELECT contact_id FROM membership WHERE organization_id = new.id);
	INSERT INTO contact_fts (rowid, name, function, email, notes, organizations, tags)
	SELECT id, name, function, email, notes, organizations, tags FROM contact_fts_source
	WHERE id IN (SELECT contact_id FROM membership WHERE organization_id = new.id);
END;
CREATE TRIGGER organization_fts_del AFTER DELETE ON organization BEGIN
	DELETE FROM organization_fts WHERE rowid = old.id;
END;
CREATE TRIGGER organization_tag_fts_ins AFTER INSERT ON organization_tag BEGIN
	DELETE FROM organization_fts WHERE rowid = new.organization_id;
	INSERT INTO organization_fts (rowid, name, address, city, notes, tags)
	SELECT id, name, address, city, notes, tags FROM organization_fts_source WHERE id = new.organization_id;
END;
CREATE TRIGGER organization_tag_fts_del AFTER DELETE ON organization_tag BEGIN
	DELETE FROM organization_fts WHERE rowid = old.organization_id;
	INSERT INTO organization_fts (rowid, name, address, city, notes, tags)
	SELECT id, name, address, city, notes, tags FROM organization_fts_source WHERE id = old.organization_id;
END;

-- contacts
CREATE TRIGGER contact_fts_ins AFTER INSERT ON contact BEGIN
	INSERT INTO contact_fts (rowid, name, function, email, notes, organizations, tags)
	SELECT id, name, function, email, notes, organizations, tags FROM contact_fts_source WHERE id = new.id;
END;
CREATE TRIGGER contact_fts_upd AFTER UPDATE ON contact BEGIN
	DELETE FROM contact_fts WHERE rowid = old.id;
	INSERT INTO contact_fts (rowid, name, function, email, notes, organizations, tags)
	SELECT id, name, function, email, notes, organizations, tags FROM contact_fts_source WHERE id = new.id;
END;
CREATE TRIGGER contact_fts_del AFTER DELETE ON contact BEGIN
	DELETE FROM contact_fts WHERE rowid = old.id;
END;
CREATE TRIGGER contact_tag_fts_ins AFTER INSERT ON contact_tag BEGIN
	DELETE FROM contact_fts WHERE rowid = new.contact_id;
	INSERT INTO contact_fts (rowid, name, function, email, notes, organizations, tags)
	SELECT id, name, function, email, notes, organizations, tags FROM contact_fts_source WHERE id = new.contact_id;
END;
CREATE TRIGGER contact_tag_fts_del AFTER DELETE ON contact_tag BEGIN
	DELETE FROM contact_fts WHERE rowid = old.contact_id;
	INSERT INTO contact_fts (rowid, name, function, email, notes, organizations, tags)
	SELECT id, name, function, email, notes, organizations, tags FROM contact_fts_source WHERE id = old.contact_id;
END;
CREATE TRIGGER membership_fts_ins AFTER INSERT ON membership BEGIN
	DELETE FROM contact_fts WHERE rowid = new.contact_id;
	INSERT INTO contact_fts (rowid, name, function, email, notes, organizations, tags)
	SELECT id, name, function, email, notes, organizations, tags FROM contact_fts_source WHERE id = new.contact_id;
END;
CREATE TRIGGER membership_fts_upd AFTER UPDATE ON membership BEGIN
	DELETE FROM contact_fts WHERE rowid IN (old.contact_id, new.contact_id);
	INSERT INTO contact_fts (rowid, name, function, email, notes, organizations, tags)
	SELECT id, name, function, email, notes, organizations, tags FROM contact_fts_source
	WHERE id IN (old.contact_id, new.contact_id);
END;
CREATE TRIGGER membership_fts_del AFTER DELETE ON membership BEGIN
	DELETE FROM contact_fts WHERE rowid = old.contact_id;
	INSERT INTO contact_fts (rowid, name, function, email, notes, organizations, tags)
	SELECT id, name, function, email, notes, organizations, tags FROM contact_fts_source WHERE id = old.contact_id;
END;

-- a renamed tag: every organisation and contact that carries it
CREATE TRIGGER tag_fts_upd AFTER UPDATE ON tag BEGIN
	DELETE FROM organization_fts WHERE rowid IN (SELECT organization_id FROM organization_tag WHERE tag_id = new.id);
	INSERT INTO organization_fts (rowid, name, address, city, notes, tags)
	SELECT id, name, address, city, notes, tags FROM organization_fts_source
	WHERE id IN (SELECT organization_id FROM organization_tag WHERE tag_id = new.id);
	DELETE FROM contact_fts WHERE rowid IN (SELECT contact_id FROM contact_tag WHERE tag_id = new.id);
	INSERT INTO contact_fts (rowid, name, function, email, notes, organizations, tags)
	SELECT id, name, function, email, notes, organizations, tags FROM contact_fts_source
	WHERE id IN (SELECT contact_id FROM contact_tag WHERE tag_id = new.id);
END;

-- what was there before this migration
INSERT INTO organization_fts (rowid, name, address, city, notes, tags)
SELECT id, name, address, city, notes, tags FROM organization_fts_source;
INSERT INTO contact_fts (rowid, name, function, email, notes, organizations, tags)
SELECT id, name, function, email, notes, organizations, tags FROM contact_fts_source;
