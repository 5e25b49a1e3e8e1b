-- 0004 — projects as residents see them: key figures of a project, and its
-- operations (demolition, rehabilitation, new housing, public space,
-- facility), each with its owner (maître d'ouvrage), phase, status and dates.
-- Labels in French live in src/modules/operations.c (GLOSSARY.md terms).

ALTER TABLE project ADD COLUMN homes_demolished INTEGER CHECK (homes_demolished >= 0);
ALTER TABLE project ADD COLUMN homes_rehabilitated INTEGER CHECK (homes_rehabilitated >= 0);
ALTER TABLE project ADD COLUMN homes_built INTEGER CHECK (homes_built >= 0);
ALTER TABLE project ADD COLUMN budget_eur INTEGER CHECK (budget_eur >= 0);
ALTER TABLE project ADD COLUMN anru_share_eur INTEGER CHECK (anru_share_eur >= 0);
-- Key figures are public facts: say where they come from, and whether approximate.
ALTER TABLE project ADD COLUMN figures_note TEXT NOT NULL DEFAULT '';

CREATE TABLE operation (
	id           INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: audit entries point to it
	project_id   INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
	sector_id    INTEGER REFERENCES sector(id) ON DELETE SET NULL,
	kind         TEXT NOT NULL CHECK (kind IN ('demolition','rehabilitation','new_housing','public_space','facility')),
	title        TEXT NOT NULL,
	summary      TEXT NOT NULL DEFAULT '',
	owner_org_id INTEGER REFERENCES organization(id) ON DELETE SET NULL, -- maître d'ouvrage
	phase        TEXT NOT NULL CHECK (phase IN ('studies','works','delivered')),
	status       TEXT NOT NULL CHECK (status IN ('planned','in_progress','done','delayed','cancelled')),
	start_date   TEXT,        -- 'YYYY-MM' or 'YYYY-MM-DD'
	end_date     TEXT,        -- idem, not before start_date
	lat          REAL CHECK (lat BETWEEN -90 AND 90),
	lon          REAL CHECK (lon BETWEEN -180 AND 180),
	source       TEXT NOT NULL DEFAULT '', -- where the public fact comes from
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	CHECK ((lat IS NULL) = (lon IS NULL))
);
CREATE INDEX operation_project ON operation(project_id, start_date);
CREATE INDEX operation_sector ON operation(sector_id);
CREATE INDEX operation_owner ON operation(owner_org_id);

CREATE TRIGGER operation_gen_ins AFTER INSERT ON operation BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER operation_gen_upd AFTER UPDATE ON operation BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER operation_gen_del AFTER DELETE ON operation BEGIN UPDATE cache_generation SET n = n + 1; END;
