/* home.c — the page each role lands on after logging in, and /healthz. */
#include "modules/home.h"

#include <string.h>

#include "core/audit.h"
#include "db/db.h"
#include "version.h"
#include "http/session.h"
#include "modules/bodies.h"
#include "modules/report_model.h"
#include "modules/reports_backoffice.h"
#include "modules/registrations.h"
#include "view/helpers.h"

void home_dispatch(req_t *r)
{
	redirect(r, role_home(r->user->role));
}

void home_admin(req_t *r)
{
	char now[21];
	db_now(now);
	json_t *counts = db_row("SELECT (SELECT count(*) FROM account WHERE disabled_at IS NULL) AS active_accounts, "
				"(SELECT count(*) FROM account WHERE disabled_at IS NOT NULL) AS disabled_accounts, "
				"(SELECT count(*) FROM session WHERE expires_at > ?) AS sessions, "
				"(SELECT count(*) FROM organization) AS organizations",
				"t", now);
	json_t *recent = db_rows("SELECT at, actor, action, entity, entity_id, summary FROM audit ORDER BY id DESC LIMIT 8",
				 NULL);
	audit_rows_decorate(r, recent);
	json_t *view = json_pack("{s:{s:s}, s:o, s:o, s:o}", "page", "title", "Administration", "counts", counts,
				 "entries", recent, "reports", report_home_counts(r));
	render(r, 200, "home_admin", view);
}

static json_t *projects_summary(void)
{
	return db_rows("SELECT p.slug, p.name, p.summary, (SELECT count(*) FROM sector s WHERE s.project_id = p.id) "
		       "AS sectors FROM project p ORDER BY p.position, p.name",
		       NULL);
}

void home_staff(req_t *r)
{
	json_t *view = json_pack("{s:{s:s}, s:o, s:o}", "page", "title", "Espace de l'équipe projet", "projects",
				 projects_summary(), "reports", report_home_counts(r));
	json_object_set_new(view, "minutes_missing", minutes_missing(r, 5)); /* registrations.h */
	render(r, 200, "home_staff", view);
}

/* The partner agent's work list: its organisation's open reports, the
 * nearest deadline first (overdue ones come first and are marked). */
static json_t *partner_work_list(req_t *r, long long *total)
{
	report_filters_t f = {.etat = "ouverts", .sort = "echeance", .handler = report_scope_org(r->user)};
	f.nothing = f.handler <= 0;
	return report_list_query(r, &f, 100, 0, total);
}

void home_partner(req_t *r)
{
	long long total = 0;
	json_t *work = partner_work_list(r, &total);
	json_t *view = json_pack("{s:{s:s}, s:s?, s:o, s:o, s:I, s:o}", "page", "title", "Espace partenaire",
				 "organization", r->user->organization_name, "projects", projects_summary(), "reports",
				 work, "reports_total", (json_int_t)total, "bulk_states", report_bulk_states(r->user));
	json_object_set_new(view, "has_reports", json_boolean(json_array_size(work) > 0));
	render(r, 200, "home_partner", view);
}

void home_member(req_t *r)
{
	json_t *view = json_pack("{s:{s:s}, s:o, s:o}", "page", "title", "Espace des membres d'instance", "projects",
				 projects_summary(), "membership", body_member_home(r));
	render(r, 200, "home_member", view);
}

void health_check(req_t *r)
{
	int db_ok = db_int(0, "SELECT 1", NULL) == 1;
	reply_json(r, db_ok ? 200 : 503,
		   json_pack("{s:s, s:s, s:s}", "status", db_ok ? "ok" : "error", "version", QUARTIER_VERSION, "db",
			     db_ok ? "ok" : "error"));
}
