/* themes.c — the administrators' editor of the concertation's themes
 * (/admin/themes): add, rename, reorder, deactivate. A theme is never
 * deleted: contributions keep it. Declared in contributions.h. */
#include <string.h>

#include "core/audit.h"
#include "db/db.h"
#include "http/session.h"
#include "modules/contributions.h"
#include "view/helpers.h"

static const field_spec_t theme_fields[] = {
    {"name", "Nom du thème", FIELD_TEXT, 1, 2, 100, NULL},
    {"position", "Ordre", FIELD_INT, 0, 0, 10000, NULL},
    {"active", "Actif", FIELD_BOOL, 0, 0, 0, NULL},
};

/* Renders the editor; errors (stolen, may be NULL) of the form of theme
 * `failed` (0: the new theme's form), input its typed values (stolen). */
static void render_themes(req_t *r, int status, long long failed, json_t *input, json_t *errors)
{
	if (r->want_json && status >= 400) {
		json_decref(input);
		reply_error(r, status, "Le thème n'a pas été enregistré : corrigez les champs signalés.", errors);
		return;
	}
	json_t *rows = db_rows("SELECT t.id, t.name, t.position, t.active, (SELECT count(*) FROM contribution_theme ct "
			       "WHERE ct.theme_id = t.id) AS uses FROM theme t ORDER BY t.position, t.name",
			       NULL);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_object_set_new(row, "active", json_boolean(json_integer_value(json_object_get(row, "active"))));
		int bad = json_integer_value(json_object_get(row, "id")) == failed && errors;
		json_object_set_new(row, "errors", bad ? json_incref(errors) : json_object());
	}
	json_t *view =
	    json_pack("{s:{s:s}, s:s, s:o, s:o, s:o}", "page", "title", "Thèmes de la concertation", "csrf",
		      csrf_token(r), "themes", rows, "errors", !failed && errors ? json_incref(errors) : json_object(),
		      "input", !failed && input ? json_incref(input) : json_object());
	json_decref(errors);
	json_decref(input);
	render(r, status, "themes", view);
}

void themes_page(req_t *r)
{
	render_themes(r, 200, 0, NULL, NULL);
}

/* Saves theme id (0: a new one) from the validated form f. 0, 1 when the
 * name is taken (error set), -1 on a database error. */
static int theme_save(req_t *r, long long id, form_t *f)
{
	if (db_int(0, "SELECT 1 FROM theme WHERE name = ? AND id <> ?", "ti", form_text(f, "name"), id)) {
		form_set_error(f, "name", "Un thème porte déjà ce nom.");
		return 1;
	}
	char now[21];
	db_now(now);
	long long pos = form_value(f, "position") && form_value(f, "position")->present
			    ? form_int(f, "position")
			    : db_int(0, "SELECT COALESCE(max(position), 0) + 1 FROM theme", NULL);
	int creating = id == 0, active = creating ? 1 : (int)form_int(f, "active");
	if (db_begin() != 0)
		return -1;
	int rc =
	    id ? db_exec("UPDATE theme SET name = ?, position = ?, active = ?, updated_at = ? WHERE id = ?", "tiiti",
			 form_text(f, "name"), pos, (long long)active, now, id)
	       : db_exec("INSERT INTO theme (name, position, active, created_at, updated_at) VALUES (?, ?, 1, ?, ?)",
			 "titt", form_text(f, "name"), pos, now, now);
	if (rc == 0 && !id)
		id = db_last_id();
	if (rc != 0 ||
	    audit_record(r, creating ? "theme.create" : "theme.update", "theme", id, "« %s », ordre %lld%s",
			 form_text(f, "name"), pos, active ? "" : ", inactif") != 0 ||
	    db_commit() != 0) {
		db_rollback();
		return -1;
	}
	return 0;
}

/* Validates and saves theme id (0: new); answers. */
static void theme_submit(req_t *r, long long id)
{
	form_t f;
	int invalid = form_validate(r->arena, theme_fields, 3, &r->form, &f);
	int rc = invalid ? 1 : theme_save(r, id, &f);
	if (rc == 1) {
		render_themes(r, 422, id, f.input, f.errors);
		return;
	}
	json_decref(f.input);
	json_decref(f.errors);
	if (rc != 0) {
		reply_error(r, 500, NULL, NULL);
		return;
	}
	flash_set(r, "Le thème est enregistré.");
	redirect(r, "/admin/themes");
}

void themes_create(req_t *r)
{
	theme_submit(r, 0);
}

void themes_update(req_t *r)
{
	long long id = param_id(r, "theme_id");
	if (!id || !db_int(0, "SELECT 1 FROM theme WHERE id = ?", "i", id)) {
		reply_error(r, 404, "Ce thème n'existe pas.", NULL);
		return;
	}
	theme_submit(r, id);
}
