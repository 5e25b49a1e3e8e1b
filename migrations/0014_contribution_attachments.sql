-- 0014 — attachments of a contribution (issue 6: « pièces jointes »): the
-- scan of a page of the paper register, a letter, a photo shown at office
-- hours. Staff only, never public (a letter carries its author's name and
-- address), never in the bilan's annex. Images are stored without their
-- metadata (core/image.c); a PDF as received, checked by its first bytes.
CREATE TABLE contribution_attachment (
	id              INTEGER PRIMARY KEY,
	contribution_id INTEGER NOT NULL REFERENCES contribution(id) ON DELETE CASCADE,
	filename        TEXT NOT NULL,                      -- as sent, for staff to recognise it
	content_type    TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png', 'image/webp')),
	size            INTEGER NOT NULL,
	sha256          TEXT NOT NULL,
	data            BLOB NOT NULL,
	created_by      INTEGER REFERENCES account(id) ON DELETE SET NULL,
	created_at      TEXT NOT NULL
);
CREATE INDEX contribution_attachment_contribution ON contribution_attachment(contribution_id, id);

CREATE TRIGGER contribution_attachment_gen_ins AFTER INSERT ON contribution_attachment BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER contribution_attachment_gen_upd AFTER UPDATE ON contribution_attachment BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER contribution_attachment_gen_del AFTER DELETE ON contribution_attachment BEGIN UPDATE cache_generation SET n = n + 1; END;
