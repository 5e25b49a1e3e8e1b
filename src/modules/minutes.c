/* minutes.c — see registrations.h: the minutes (compte rendu) of a meeting,
 * written in Markdown by staff and shown on the public page once they
 * choose to publish them; what the public page adds after a meeting
 * (minutes, decisions, attendance figures); and the reminder to staff of
 * ended meetings that still have no published minutes. */
#include <string.h>

#include "core/audit.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/session.h"
#include "modules/meetings.h"
#include "modules/bodies.h"
#include "modules/registrations.h"
#include "view/helpers.h"
#include "view/markdown.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the staff editor ---- */

/* The stored minutes of a meeting, or NULL. New reference. */
static json_t *minutes_row(long long meeting_id)
{
	return db_row("SELECT mi.content, mi.published_at, mi.updated_at, a.name AS updated_by_name FROM minutes mi "
		      "LEFT JOIN account a ON a.id = mi.updated_by WHERE mi.meeting_id = ?",
		      "i", meeting_id);
}

/* Renders the editor of meeting m (stolen); content (NULL: the stored
 * text) and errors (stolen, may be NULL) after a refusal. */
static void render_minutes(req_t *r, int status, json_t *m, const char *content, json_t *errors)
{
	long long id = json_integer_value(json_object_get(m, "id"));
	json_t *mi = minutes_row(id);
	const char *stored = mi ? json_string_value(json_object_get(mi, "content")) : "";
	const char *pub = mi ? json_string_value(json_object_get(mi, "published_at")) : NULL;
	json_t *view = json_pack(
	    "{s:{s:s}, s:s, s:s, s:b, s:s, s:s, s:s?, s:o, s:s, s:b, s:b}", "page", "title",
	    arena_printf(r->arena, "Compte rendu : %s", json_string_value(json_object_get(m, "title"))), "content",
	    content ? content : stored, "preview_html", markdown_html_under(r->arena, stored, 2), "published", pub != NULL,
	    "published_fr", pub ? time_fr(r, pub) : "", "updated_fr",
	    mi ? time_fr(r, json_string_value(json_object_get(mi, "updated_at"))) : "", "updated_by",
	    mi ? json_string_value(json_object_get(mi, "updated_by_name")) : NULL, "errors",
	    errors ? errors : json_object(), "csrf", csrf_token(r), "tab_minutes", 1, "tab_other", 1);
	json_object_set_new(view, "has_content", json_boolean(stored && *stored));
	json_object_set_new(view, "meeting", m);
	json_decref(mi);
	render(r, status, "minutes_form", view);
}

void minutes_form(req_t *r)
{
	long long id;
	json_t *m = meeting_or_404(r, &id);
	if (!m)
		return;
	render_minutes(r, 200, m, NULL, NULL);
}

static const char *const actions[] = {"save", "publish", "unpublish", NULL};
static const field_spec_t minutes_fields[] = {
    {"content", "Compte rendu", FIELD_TEXTAREA, 0, 0, 200000, NULL},
    {"action", "Action", FIELD_ENUM, 1, 0, 0, actions},
};

void minutes_save(req_t *r)
{
	long long id;
	json_t *m = meeting_or_404(r, &id);
	if (!m)
		return;
	form_t f = {0};
	int invalid = form_validate(r->arena, minutes_fields, NELEM(minutes_fields), &r->form, &f);
	const char *action = form_text(&f, "action"), *content = form_text(&f, "content");
	int publish = action && strcmp(action, "publish") == 0, unpublish = action && strcmp(action, "unpublish") == 0;
	if (!invalid && publish && !content) {
		form_set_error(&f, "content", "Écrivez le compte rendu avant de le publier.");
		invalid++;
	}
	/* Emptied while on the public page: say so rather than publish nothing. */
	if (!invalid && !content && !unpublish &&
	    db_int(0, "SELECT count(*) FROM minutes WHERE meeting_id = ? AND published_at IS NOT NULL", "i", id)) {
		form_set_error(&f, "content",
			       "Ce compte rendu est publié : retirez-le d'abord de la page publique pour l'effacer.");
		invalid++;
	}
	json_decref(f.input);
	if (invalid) {
		if (r->want_json) {
			json_decref(m);
			reply_error(r, 422, NULL, f.errors);
			return;
		}
		const char *typed = kv_get(&r->form, "content");
		render_minutes(r, 422, m, typed && utf8_valid(typed, strlen(typed)) ? typed : "", f.errors);
		return;
	}
	json_decref(f.errors);
	char now[21];
	db_now(now);
	/* publish sets published_at (kept when already published), unpublish
	 * clears it, save leaves it as it was. */
	int rc = db_begin();
	if (rc == 0)
		rc = db_exec("INSERT INTO minutes (meeting_id, content, published_at, updated_by, updated_at) VALUES (?1, "
			     "COALESCE(?2, ''), CASE WHEN ?3 THEN ?5 END, NULLIF(?4, 0), ?5) ON CONFLICT (meeting_id) DO "
			     "UPDATE SET content = excluded.content, published_at = CASE WHEN ?3 THEN "
			     "COALESCE(minutes.published_at, ?5) WHEN ?6 THEN NULL ELSE minutes.published_at END, "
			     "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
			     "itiiti", id, content, (long long)publish, r->user ? r->user->id : 0LL, now,
			     (long long)unpublish);
	if (rc == 0)
		rc = audit_record(r, publish ? "minutes.publish" : unpublish ? "minutes.unpublish" : "minutes.save",
				  "meeting", id, "compte rendu de « %s » (%zu caractères)%s",
				  json_string_value(json_object_get(m, "title")), content ? strlen(content) : 0,
				  publish ? " publié" : unpublish ? " retiré de la page publique" : "");
	json_decref(m);
	if (rc == 0)
		rc = db_commit();
	if (rc != 0) {
		db_rollback();
		reply_error(r, 500, "L'enregistrement a échoué ; rien n'a été modifié.", NULL);
		return;
	}
	flash_set(r, publish	 ? "Compte rendu enregistré et publié sur la page publique de la réunion."
		     : unpublish ? "Compte rendu retiré de la page publique ; il reste enregistré."
				 : "Compte rendu enregistré.");
	redirect(r, arena_printf(r->arena, "/equipe/reunions/%lld/compte-rendu", id));
}

/* ---- the public page ---- */

/* The decisions of a meeting for the public: text, owner, due day (Paris
 * date as DD/MM/YYYY), status label. New reference. */
static json_t *decisions_of(req_t *r, long long meeting_id)
{
	json_t *rows = db_rows("SELECT d.text, trim(COALESCE(o.name, '') || CASE WHEN o.name IS NOT NULL AND "
			       "d.owner_name <> '' THEN ' — ' ELSE '' END || d.owner_name) AS owner, d.due_on, d.status "
			       "FROM decision d LEFT JOIN organization o ON o.id = d.owner_organization_id WHERE "
			       "d.meeting_id = ? ORDER BY d.position, d.id",
			       "i", meeting_id);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		const char *due = json_string_value(json_object_get(row, "due_on")),
			   *st = json_string_value(json_object_get(row, "status"));
		if (due && strlen(due) == 10)
			json_object_set_new(row, "due_fr",
					    json_string(arena_printf(r->arena, "%.2s/%.2s/%.4s", due + 8, due + 5, due)));
		if (st)
			json_object_set_new(row, "status_label", json_string(decision_status_label(st)));
	}
	return rows;
}

json_t *minutes_public_json(req_t *r, json_t *m)
{
	long long id = json_integer_value(json_object_get(m, "id"));
	json_t *out = json_object();
	json_t *mi = db_row("SELECT content, published_at FROM minutes WHERE meeting_id = ? AND published_at IS NOT "
			    "NULL",
			    "i", id);
	int has_minutes = mi != NULL;
	if (mi) {
		json_object_set_new(out, "minutes_html",
				    json_string(markdown_html_under(r->arena, json_string_value(json_object_get(mi, "content")), 2)));
		json_object_set_new(out, "minutes_published_fr",
				    json_string(time_fr(r, json_string_value(json_object_get(mi, "published_at")))));
		json_decref(mi);
	}
	json_t *decisions = decisions_of(r, id);
	json_object_set_new(out, "has_decisions", json_boolean(json_array_size(decisions) > 0));
	json_object_set_new(out, "decisions", decisions);
	const char *st = json_string_value(json_object_get(m, "status"));
	if (st && strcmp(st, "held") == 0)
		json_object_set_new(out, "attendance", attendance_figures(id));
	json_object_set_new(out, "has_any",
			    json_boolean(has_minutes || json_array_size(decisions) > 0 || json_object_get(out, "attendance")));
	return out;
}

/* ---- reminders to staff ---- */

json_t *minutes_missing(req_t *r, int limit)
{
	char now[21];
	db_now(now);
	json_t *rows = db_rows("SELECT m.id, m.title, m.starts_at, m.status FROM meeting m WHERE m.ends_at < ?1 AND "
			       "m.status <> 'cancelled' AND NOT EXISTS (SELECT 1 FROM minutes mi WHERE mi.meeting_id = "
			       "m.id AND mi.published_at IS NOT NULL) ORDER BY m.starts_at DESC, m.id LIMIT ?2",
			       "ti", now, (long long)limit);
	rows_add_time_fr(r, rows, "starts_at");
	long long total = db_int(0,
				 "SELECT count(*) FROM meeting m WHERE m.ends_at < ?1 AND m.status <> 'cancelled' AND NOT "
				 "EXISTS (SELECT 1 FROM minutes mi WHERE mi.meeting_id = m.id AND mi.published_at IS NOT "
				 "NULL)",
				 "t", now);
	return json_pack("{s:o, s:I, s:b}", "items", rows, "total", (json_int_t)total, "more", total > limit);
}
