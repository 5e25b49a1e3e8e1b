-- 0002 — a generation number for cached public pages.
--
-- Anonymous public pages are cached in memory and served again while the
-- data they show has not changed. Any change to a table that can appear on a
-- page bumps cache_generation.n, in the same transaction, through the
-- triggers below; a cached page made under an older generation is never
-- served. Because the number lives in the database, several instances
-- sharing it stay right.
--
-- EVERY NEW TABLE gets the same three triggers, unless it is bookkeeping
-- that no page shows to visitors (sessions, login throttling, audit log,
-- settings). tests/http/cache.test.mjs checks this for every table.

CREATE TABLE cache_generation (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n  INTEGER NOT NULL
);
INSERT INTO cache_generation (id, n) VALUES (1, 1);

CREATE TRIGGER authority_gen_ins AFTER INSERT ON authority BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER authority_gen_upd AFTER UPDATE ON authority BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER authority_gen_del AFTER DELETE ON authority BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER project_gen_ins AFTER INSERT ON project BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER project_gen_upd AFTER UPDATE ON project BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER project_gen_del AFTER DELETE ON project BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER sector_gen_ins AFTER INSERT ON sector BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER sector_gen_upd AFTER UPDATE ON sector BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER sector_gen_del AFTER DELETE ON sector BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER organization_gen_ins AFTER INSERT ON organization BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER organization_gen_upd AFTER UPDATE ON organization BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER organization_gen_del AFTER DELETE ON organization BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER account_gen_ins AFTER INSERT ON account BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER account_gen_upd AFTER UPDATE OF email, name, role, organization_id, disabled_at ON account BEGIN UPDATE cache_generation SET n = n + 1; END;
CREATE TRIGGER account_gen_del AFTER DELETE ON account BEGIN UPDATE cache_generation SET n = n + 1; END;
