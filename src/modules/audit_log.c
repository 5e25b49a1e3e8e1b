/* audit_log.c — the administrators' view of the audit log, with filters
 * (actor, action, record kind, period) and pagination. */
#include "modules/audit_log.h"

#include <string.h>
#include <time.h>

#include "core/validate.h"
#include "core/audit.h"
#include "db/db.h"
#include "view/helpers.h"

#define PER_PAGE 50

static const field_spec_t filter_fields[] = {
	{"acteur", "Auteur", FIELD_TEXT, 0, 0, 254, NULL},
	{"action", "Action", FIELD_TEXT, 0, 0, 64, NULL},
	{"objet", "Type d'objet", FIELD_TEXT, 0, 0, 64, NULL},
	{"du", "Du", FIELD_DATE, 0, 0, 0, NULL},
	{"au", "Au", FIELD_DATE, 0, 0, 0, NULL},
};

/* [{value, label, selected}] from the distinct values of an audit column,
 * labelled in French. */
static json_t *distinct_options(const char *sql, const char *selected, const char *(*label)(const char *))
{
	json_t *rows = db_rows(sql, NULL);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		const char *v = json_string_value(json_object_get(row, "value"));
		json_object_set_new(row, "label", json_string(label(v)));
		json_object_set_new(row, "selected", json_boolean(selected && v && strcmp(v, selected) == 0));
	}
	return rows;
}


void audit_log_page(req_t *r)
{
	form_t f;
	form_validate(r->arena, filter_fields, sizeof filter_fields / sizeof filter_fields[0], &r->query, &f);
	/* An invalid filter is shown in error and ignored, never fatal. */
	const char *actor = json_object_get(f.errors, "acteur") ? NULL : form_text(&f, "acteur");
	const char *action = form_text(&f, "action");
	const char *entity = form_text(&f, "objet");
	const char *from = json_object_get(f.errors, "du") ? NULL : form_text(&f, "du");
	const char *to = json_object_get(f.errors, "au") ? NULL : form_text(&f, "au");
	const char *like = actor && *actor ? db_like_contains(r->arena, actor) : NULL;
	/* Dates are days in Paris; the log is in UTC: compare on the UTC times
	 * of the Paris day's first and last seconds. */
	const char *from_iso = from && *from ? paris_day_utc(r->arena, from, 0) : NULL;
	const char *to_iso = to && *to ? paris_day_utc(r->arena, to, 1) : NULL;
	if (action && !*action)
		action = NULL;
	if (entity && !*entity)
		entity = NULL;
	int page = query_page(r);
	long long total = db_int(0, "SELECT count(*) FROM audit WHERE (?1 IS NULL OR actor LIKE ?1 ESCAPE '\\') "
				    "AND (?2 IS NULL OR action = ?2) AND (?3 IS NULL OR entity = ?3) "
				    "AND (?4 IS NULL OR at >= ?4) AND (?5 IS NULL OR at < ?5)",
				 "ttttt", like, action, entity, from_iso, to_iso);
	json_t *rows = db_rows("SELECT id, at, actor, action, entity, entity_id, summary, request_id FROM audit "
			       "WHERE (?1 IS NULL OR actor LIKE ?1 ESCAPE '\\') AND (?2 IS NULL OR action = ?2) "
			       "AND (?3 IS NULL OR entity = ?3) AND (?4 IS NULL OR at >= ?4) AND (?5 IS NULL OR at < ?5) "
			       "ORDER BY id DESC LIMIT ?6 OFFSET ?7",
			       "tttttii", like, action, entity, from_iso, to_iso, (long long)PER_PAGE,
			       (long long)(page - 1) * PER_PAGE);
	audit_rows_decorate(r, rows);
	json_t *view = json_pack(
		"{s:{s:s}, s:o, s:I, s:o, s:o, s:o, s:o, s:o}", "page", "title", "Journal d'audit", "entries", rows,
		"total", (json_int_t)total, "actions",
		distinct_options("SELECT DISTINCT action AS value FROM audit ORDER BY action", action, audit_action_label),
		"entities",
		distinct_options("SELECT DISTINCT entity AS value FROM audit ORDER BY entity", entity, audit_entity_label),
		"filters", f.input, "errors", f.errors, "pagination", pagination_json(r, total, page, PER_PAGE));
	render(r, 200, "audit_log", view);
}
