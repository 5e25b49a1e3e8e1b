/* report_status_api.c — POST /api/v1/reports/{ref}/status: a change of
 * state through the report model (report_change_status), so that the
 * e-mails it sends can be tested end to end. Provisional: the back office
 * owns the status routes and replaces this one when it lands. */
#include "modules/outbox_admin.h"

#include <string.h>

#include "db/db.h"
#include "modules/report_model.h"

/* 1 if s is one of the report states. */
static int known_status(const char *s)
{
	for (const char *const *p = report_statuses; s && *p; p++)
		if (strcmp(*p, s) == 0)
			return 1;
	return 0;
}

/* The HTTP answer of a refused change. */
static void reply_refused(req_t *r, report_result_t rc, const char *message)
{
	if (rc == REPORT_NOT_FOUND)
		reply_error(r, 404, "Ce signalement n'existe pas.", NULL);
	else if (rc == REPORT_FORBIDDEN)
		reply_error(r, 403, message, NULL);
	else if (rc == REPORT_INVALID)
		reply_error(r, 422, message, json_pack("{s:s}", "status", message));
	else
		reply_error(r, 500, NULL, NULL);
}

void outbox_api_report_status(req_t *r)
{
	r->want_json = 1;
	const char *to = kv_get(&r->form, "status");
	if (!known_status(to)) {
		reply_error(r, 422, "Indiquez le nouvel état.",
			    json_pack("{s:s}", "status", "Indiquez le nouvel état."));
		return;
	}
	long long id = report_id_by_ref(req_param(r, "ref"));
	long long org = id ? db_int(0, "SELECT COALESCE(handler_org_id, 0) FROM report WHERE id = ?", "i", id) : 0;
	if (!id || !report_visible_to(r->user, org)) {
		reply_error(r, 404, "Ce signalement n'existe pas.", NULL);
		return;
	}
	const char *message = NULL;
	if (db_begin() != 0) {
		reply_error(r, 500, NULL, NULL);
		return;
	}
	report_result_t rc =
	    report_change_status(r, id, report_actor_for(r->user, org), to, kv_get(&r->form, "public_comment"),
				 kv_get(&r->form, "internal_comment"), kv_get(&r->form, "duplicate_of"), &message);
	if (rc != REPORT_OK || db_commit() != 0) {
		db_rollback();
		reply_refused(r, rc == REPORT_OK ? REPORT_DB_ERROR : rc, message);
		return;
	}
	json_t *o = report_load(r, id);
	json_object_set_new(o, "events", report_events(r, id, 1));
	reply_json(r, 200, o);
}
