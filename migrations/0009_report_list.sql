-- 0010 — the back office's list of reports (src/modules/reports_list.c).
-- Overdue reports (open, deadline past) are the list staff look at most
-- (/gestion/signalements?retard=1). Two partial indexes over open reports
-- only, each holding every column the list's filters read, so that the
-- count and the page are answered from the index without reading the
-- table: one in deadline order (the count, and the sort by deadline), one
-- in creation order (the default sort, newest first).
CREATE INDEX report_open_due_cover ON report(due_at, status, created_at, handler_org_id, category_id, sector_id,
	walk_id, source) WHERE status IN ('new', 'routed', 'acknowledged', 'scheduled', 'in_progress');
CREATE INDEX report_open_created_cover ON report(created_at, due_at, status, handler_org_id, category_id, sector_id,
	walk_id, source) WHERE status IN ('new', 'routed', 'acknowledged', 'scheduled', 'in_progress');
-- The staff home counts the reports resolved this month.
CREATE INDEX report_resolved ON report(resolved_at) WHERE resolved_at IS NOT NULL;
-- The list's other orders and drivers: all reports by deadline (tri=echeance),
-- one handler's reports newest first (gestionnaire=…, a partner's list).
CREATE INDEX report_due ON report(due_at);
CREATE INDEX report_handler_created ON report(handler_org_id, created_at);
