/* projects.c — see projects.h. */
#include "modules/projects.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/config.h"
#include "db/db.h"
#include "http/api.h"
#include "http/session.h"
#include "modules/geojson.h"
#include "modules/operations.h"
#include "view/helpers.h"
#include "view/markdown.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

json_t *project_or_404(req_t *r)
{
	const char *slug = req_param(r, "slug");
	json_t *p = slug ? db_row("SELECT * FROM project WHERE slug = ?", "t", slug) : NULL;
	if (!p)
		reply_error(r, 404, "Ce projet n'existe pas.", NULL);
	return p;
}

int slug_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 2 || n > 60 || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

void form_fill_missing(req_t *r, const field_spec_t *specs, size_t n, json_t *row)
{
	for (size_t i = 0; i < n; i++) {
		const char *name = specs[i].name;
		json_t *v = json_object_get(row, name);
		if (kv_get(&r->form, name) || !v)
			continue;
		const char *text = json_is_string(v)	? json_string_value(v)
				   : json_is_integer(v) ? arena_printf(r->arena, "%lld", (long long)json_integer_value(v))
							: NULL;
		if (text)
			kv_add(r->arena, &r->form, name, text, strlen(text));
	}
}

/* ---- the model ---- */

#define MAX_HOMES 1000000
#define MAX_EUR 100000000000LL

/* The key figures: column, French label, unit ("" or "€"). */
static const char *const figures[][3] = {
	{"homes_demolished", "Logements démolis", ""},
	{"homes_rehabilitated", "Logements réhabilités", ""},
	{"homes_built", "Logements construits", ""},
	{"budget_eur", "Coût total du projet", "€"},
	{"anru_share_eur", "Dont concours de l'ANRU", "€"},
};

const field_spec_t project_fields[] = {
	{"slug", "Identifiant dans l'adresse", FIELD_TEXT, 1, 2, 60, NULL},
	{"name", "Nom", FIELD_TEXT, 1, 2, 120, NULL},
	{"territory", "Territoire", FIELD_TEXT, 0, 0, 200, NULL},
	{"summary", "Résumé", FIELD_TEXTAREA, 1, 10, 1000, NULL},
	{"description", "Présentation (Markdown)", FIELD_TEXTAREA, 0, 0, 20000, NULL},
	{"homes_demolished", "Logements démolis", FIELD_INT, 0, 0, MAX_HOMES, NULL},
	{"homes_rehabilitated", "Logements réhabilités", FIELD_INT, 0, 0, MAX_HOMES, NULL},
	{"homes_built", "Logements construits", FIELD_INT, 0, 0, MAX_HOMES, NULL},
	{"budget_eur", "Coût total (euros)", FIELD_INT, 0, 0, MAX_EUR, NULL},
	{"anru_share_eur", "Concours de l'ANRU (euros)", FIELD_INT, 0, 0, MAX_EUR, NULL},
	{"figures_note", "Source des chiffres", FIELD_TEXT, 0, 0, 300, NULL},
	{"position", "Ordre d'affichage", FIELD_INT, 0, 0, 1000, NULL},
};
const size_t project_fields_count = NELEM(project_fields);

/* A key figure from the form, or -1 when left empty (NULL in the table). */
static long long figure(const form_t *f, const char *name)
{
	const field_value_t *v = form_value(f, name);
	return v && v->present ? v->integer : -1;
}

/* Writes the row: insert when id is 0. 0 or an SQLite error code. */
static int write_project(long long id, const form_t *f)
{
	char now[21];
	db_now(now);
	const char *territory = form_text(f, "territory"), *desc = form_text(f, "description");
	const char *note = form_text(f, "figures_note");
	if (!id)
		return db_exec("INSERT INTO project (authority_id, slug, name, territory, summary, description, "
			       "homes_demolished, homes_rehabilitated, homes_built, budget_eur, anru_share_eur, "
			       "figures_note, position, created_at, updated_at) VALUES ((SELECT min(id) FROM authority), "
			       "?, ?, COALESCE(?, ''), ?, COALESCE(?, ''), NULLIF(?, -1), NULLIF(?, -1), NULLIF(?, -1), "
			       "NULLIF(?, -1), NULLIF(?, -1), COALESCE(?, ''), ?, ?, ?)",
			       "tttttiiiiititt", form_text(f, "slug"), form_text(f, "name"), territory,
			       form_text(f, "summary"), desc, figure(f, "homes_demolished"),
			       figure(f, "homes_rehabilitated"), figure(f, "homes_built"), figure(f, "budget_eur"),
			       figure(f, "anru_share_eur"), note, form_int(f, "position"), now, now);
	return db_exec("UPDATE project SET slug = ?, name = ?, territory = COALESCE(?, ''), summary = ?, "
		       "description = COALESCE(?, ''), homes_demolished = NULLIF(?, -1), homes_rehabilitated = "
		       "NULLIF(?, -1), homes_built = NULLIF(?, -1), budget_eur = NULLIF(?, -1), anru_share_eur = "
		       "NULLIF(?, -1), figures_note = COALESCE(?, ''), position = ?, updated_at = ? WHERE id = ?",
		       "tttttiiiiititi", form_text(f, "slug"), form_text(f, "name"), territory, form_text(f, "summary"),
		       desc, figure(f, "homes_demolished"), figure(f, "homes_rehabilitated"), figure(f, "homes_built"),
		       figure(f, "budget_eur"), figure(f, "anru_share_eur"), note, form_int(f, "position"), now, id);
}

prj_status_t project_save(req_t *r, long long id, form_t *f, long long *out_id)
{
	const char *slug = form_text(f, "slug");
	if (!slug_ok(slug)) {
		form_set_error(f, "slug", SLUG_MESSAGE);
		return PRJ_INVALID;
	}
	if (db_begin() != 0)
		return PRJ_DB_ERROR;
	prj_status_t st = PRJ_OK;
	if (id && !db_int(0, "SELECT 1 FROM project WHERE id = ?", "i", id))
		st = PRJ_NOT_FOUND;
	else if (db_int(0, "SELECT 1 FROM project WHERE slug = ? AND id <> ?", "ti", slug, id)) {
		form_set_error(f, "slug", "Un autre projet utilise déjà cet identifiant.");
		st = PRJ_INVALID;
	} else if (!db_int(0, "SELECT count(*) FROM authority", NULL))
		st = PRJ_DB_ERROR;
	int creating = id == 0;
	if (st == PRJ_OK && write_project(id, f) != 0)
		st = PRJ_DB_ERROR;
	if (st == PRJ_OK) {
		*out_id = creating ? db_last_id() : id;
		if (audit_record(r, creating ? "project.create" : "project.update", "project", *out_id, "%s (%s)",
				 form_text(f, "name"), slug) != 0)
			st = PRJ_DB_ERROR;
	}
	if (st == PRJ_OK && db_commit() == 0)
		return PRJ_OK;
	db_rollback();
	return st == PRJ_OK ? PRJ_DB_ERROR : st;
}

prj_status_t project_delete(req_t *r, long long id)
{
	if (db_begin() != 0)
		return PRJ_DB_ERROR;
	json_t *p = db_row("SELECT name, slug FROM project WHERE id = ?", "i", id);
	prj_status_t st = p ? PRJ_OK : PRJ_NOT_FOUND;
	long long ops = db_int(0, "SELECT count(*) FROM operation WHERE project_id = ?", "i", id);
	if (st == PRJ_OK && db_exec("DELETE FROM project WHERE id = ?", "i", id) != 0)
		st = PRJ_DB_ERROR;
	if (st == PRJ_OK && audit_record(r, "project.delete", "project", id, "%s (%s) supprimé, avec %lld opérations",
					 json_string_value(json_object_get(p, "name")),
					 json_string_value(json_object_get(p, "slug")), ops) != 0)
		st = PRJ_DB_ERROR;
	json_decref(p);
	if (st == PRJ_OK && db_commit() == 0)
		return PRJ_OK;
	db_rollback();
	return st == PRJ_OK ? PRJ_DB_ERROR : st;
}

/* ---- the public page ---- */

/* 1234567 -> "1 234 567" with narrow no-break spaces. Arena string. */
static const char *int_fr(arena_t *a, long long n)
{
	char digits[32];
	int len = snprintf(digits, sizeof digits, "%lld", n < 0 ? -n : n);
	buf_t b;
	buf_init(&b, a, 48);
	if (n < 0)
		buf_putc(&b, '-');
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			buf_puts(&b, "\u202F");
		buf_putc(&b, digits[i]);
	}
	return b.data;
}

/* [{label, value}] for the key figures the project has. New reference. */
static json_t *figures_json(req_t *r, json_t *project)
{
	json_t *out = json_array();
	for (size_t i = 0; i < NELEM(figures); i++) {
		json_t *v = json_object_get(project, figures[i][0]);
		if (!json_is_integer(v))
			continue;
		const char *n = int_fr(r->arena, json_integer_value(v));
		json_array_append_new(out, json_pack("{s:s, s:s}", "label", figures[i][1], "value",
						     *figures[i][2] ? arena_printf(r->arena, "%s\u00A0%s", n, figures[i][2]) : n));
	}
	return out;
}

/* The operations grouped by the year they start: [{year, operations}],
 * undated ones last under "Date à préciser". Steals ops. */
static json_t *by_year(json_t *ops)
{
	json_t *years = json_array(), *cur = NULL;
	char cur_year[8] = "";
	size_t i;
	json_t *op;
	json_array_foreach(ops, i, op)
	{
		const char *start = json_string_value(json_object_get(op, "start_date"));
		char year[8];
		snprintf(year, sizeof year, "%.4s", start ? start : "");
		if (!cur || strcmp(year, cur_year) != 0) {
			snprintf(cur_year, sizeof cur_year, "%s", year);
			cur = json_array();
			json_array_append_new(years, json_pack("{s:s, s:s, s:o}", "year", *year ? year : "Date à préciser",
							       "id", *year ? year : "sans-date", "operations", cur));
		}
		json_array_append(cur, op);
	}
	json_decref(ops);
	return years;
}

/* The filter choices: ?secteur= among the project's sectors, ?type= among
 * the kinds; anything else is ignored. */
static void read_filters(req_t *r, json_t *sectors, const char **sector, const char **kind)
{
	*sector = kv_get(&r->query, "secteur");
	*kind = kv_get(&r->query, "type");
	int found = 0;
	size_t i;
	json_t *s;
	json_array_foreach(sectors, i, s)
	{
		int sel = *sector && strcmp(*sector, json_string_value(json_object_get(s, "slug"))) == 0;
		json_object_set_new(s, "selected", json_boolean(sel));
		found |= sel;
	}
	if (!found)
		*sector = NULL;
	if (*kind && strcmp(operation_kind_label(*kind), *kind) == 0)
		*kind = NULL;
}

void project_page(req_t *r)
{
	json_t *project = project_or_404(r);
	if (!project)
		return;
	long long id = json_integer_value(json_object_get(project, "id"));
	const char *slug = json_string_value(json_object_get(project, "slug"));
	json_object_set_new(project, "description_html",
			    json_string(markdown_html(r->arena, json_string_value(json_object_get(project, "description")))));
	json_t *sectors = db_rows("SELECT slug, name, summary FROM sector WHERE project_id = ? ORDER BY position, name",
				  "i", id);
	const char *sector, *kind;
	read_filters(r, sectors, &sector, &kind);
	json_t *ops = operation_list(id, sector, kind);
	size_t count = json_array_size(ops);
	operation_rows_decorate(r, ops);
	json_t *view = json_pack(
		"{s:{s:O}, s:o, s:o, s:o, s:o, s:o, s:I, s:b, s:{s:s, s:s, s:s}}", "page", "title",
		json_object_get(project, "name"), "figures", figures_json(r, project), "project", project, "sectors",
		sectors, "kinds", operation_kind_options(kind), "years", by_year(ops), "operations_count",
		(json_int_t)count, "filtered", sector || kind, "map", "sectors",
		arena_printf(r->arena, "/projets/%s/secteurs.geojson", slug), "operations",
		arena_printf(r->arena, "/projets/%s/operations.geojson", slug), "tiles",
		g_config.tiles_url ? g_config.tiles_url : "");
	/* the adopted bilans de la concertation (modules/bilan.h), public */
	json_object_set_new(view, "bilans",
			    db_rows("SELECT id, title, strftime('%d/%m/%Y', adopted_on) AS adopted_fr FROM consultation_report "
				    "WHERE project_id = ? AND frozen_at IS NOT NULL ORDER BY adopted_on DESC, id DESC",
				    "i", id));
	render(r, 200, "project", view);
}

void project_sectors_geojson(req_t *r)
{
	json_t *project = project_or_404(r);
	if (!project)
		return;
	json_t *rows = db_rows("SELECT slug, name, summary, geojson FROM sector WHERE project_id = ? AND geojson IS NOT "
			       "NULL ORDER BY position, name",
			       "i", (long long)json_integer_value(json_object_get(project, "id")));
	json_decref(project);
	json_t *features = json_array();
	size_t i;
	json_t *s;
	json_array_foreach(rows, i, s)
	{
		json_array_append_new(features, geojson_feature(json_string_value(json_object_get(s, "geojson")),
								json_pack("{s:O, s:O, s:O}", "slug", json_object_get(s, "slug"),
									  "name", json_object_get(s, "name"), "summary",
									  json_object_get(s, "summary"))));
	}
	json_decref(rows);
	geojson_reply(r, geojson_collection(features), 0);
}

void project_operations_geojson(req_t *r)
{
	json_t *project = project_or_404(r);
	if (!project)
		return;
	json_t *ops = operation_list(json_integer_value(json_object_get(project, "id")), NULL, NULL);
	json_decref(project);
	operation_rows_decorate(r, ops);
	json_t *features = json_array();
	size_t i;
	json_t *o;
	json_array_foreach(ops, i, o)
	{
		json_t *lat = json_object_get(o, "lat"), *lon = json_object_get(o, "lon");
		if (!json_is_number(lat) || !json_is_number(lon))
			continue;
		json_t *props = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "id",
					  json_object_get(o, "id"), "title", json_object_get(o, "title"), "kind",
					  json_object_get(o, "kind"), "kind_label", json_object_get(o, "kind_label"), "phase",
					  json_object_get(o, "phase"), "status", json_object_get(o, "status"), "status_label",
					  json_object_get(o, "status_label"), "sector", json_object_get(o, "sector_slug"),
					  "owner", json_object_get(o, "owner_name"), "start_date",
					  json_object_get(o, "start_date"), "end_date", json_object_get(o, "end_date"));
		json_array_append_new(features, geojson_point(json_number_value(lon), json_number_value(lat), props));
	}
	json_decref(ops);
	geojson_reply(r, geojson_collection(features), 0);
}

json_t *projects_map_sources(void)
{
	json_t *row = db_row("SELECT COALESCE(group_concat('/projets/' || slug || '/secteurs.geojson', ' '), '') AS s "
			     "FROM (SELECT slug FROM project ORDER BY position, name)",
			     NULL);
	const char *urls = row ? json_string_value(json_object_get(row, "s")) : NULL;
	json_t *m =
	    json_pack("{s:s, s:s}", "sectors", urls ? urls : "", "tiles", g_config.tiles_url ? g_config.tiles_url : "");
	json_decref(row);
	return m;
}

/* ---- staff pages ---- */

void projects_staff_list(req_t *r)
{
	json_t *projects = db_rows("SELECT p.slug, p.name, p.territory, (SELECT count(*) FROM sector s WHERE "
				   "s.project_id = p.id) AS sectors, (SELECT count(*) FROM operation o WHERE "
				   "o.project_id = p.id) AS operations FROM project p ORDER BY p.position, p.name",
				   NULL);
	render(r, 200, "projects_staff", json_pack("{s:{s:s}, s:o}", "page", "title", "Projets", "projects", projects));
}

static void render_new(req_t *r, int status, json_t *input, json_t *errors)
{
	json_t *view = json_pack("{s:{s:s}, s:o, s:o, s:s}", "page", "title", "Nouveau projet", "input",
				 input ? input : json_object(), "errors", errors ? errors : json_object(), "csrf",
				 csrf_token(r));
	render(r, status, "project_new", view);
}

void projects_new_form(req_t *r)
{
	render_new(r, 200, NULL, NULL);
}

/* The edit page of a project (stolen), with input (stolen; NULL = the
 * project's own values) and errors (stolen, may be NULL). */
static void render_edit(req_t *r, int status, json_t *project, json_t *input, json_t *errors)
{
	long long id = json_integer_value(json_object_get(project, "id"));
	json_t *sectors = db_rows("SELECT slug, name, geojson IS NOT NULL AS has_outline FROM sector WHERE project_id = ? "
				  "ORDER BY position, name",
				  "i", id);
	json_t *ops = operation_list(id, NULL, NULL);
	operation_rows_decorate(r, ops);
	json_t *view = json_pack("{s:{s:O}, s:O, s:o, s:o, s:o, s:o, s:s}", "page", "title", json_object_get(project, "name"),
				 "project", project, "input", input ? input : json_deep_copy(project), "errors",
				 errors ? errors : json_object(), "sectors", sectors, "operations", ops, "csrf",
				 csrf_token(r));
	json_decref(project);
	render(r, status, "project_edit", view);
}

void projects_edit_form(req_t *r)
{
	json_t *project = project_or_404(r);
	if (project)
		render_edit(r, 200, project, NULL, NULL);
}

/* Validates the form and saves project id (0: a new one). Returns the
 * status; f is filled either way. */
static prj_status_t validate_and_save(req_t *r, long long *id, form_t *f)
{
	if (form_validate(r->arena, project_fields, project_fields_count, &r->form, f))
		return PRJ_INVALID;
	return project_save(r, *id, f, id);
}

/* A failed save's answer when it is not a form to show again. Steals f's objects. */
static void save_error(req_t *r, prj_status_t st, form_t *f)
{
	json_decref(f->input);
	if (st == PRJ_INVALID) {
		reply_error(r, 422, NULL, f->errors);
		return;
	}
	json_decref(f->errors);
	if (st == PRJ_NOT_FOUND)
		reply_error(r, 404, "Ce projet n'existe pas.", NULL);
	else
		reply_error(r, 500, "L'enregistrement a échoué ; rien n'a été modifié.", NULL);
}

void projects_create(req_t *r)
{
	form_t f;
	long long id = 0;
	prj_status_t st = validate_and_save(r, &id, &f);
	if (st == PRJ_INVALID && !r->want_json) {
		render_new(r, 422, f.input, f.errors);
		return;
	}
	if (st != PRJ_OK) {
		save_error(r, st, &f);
		return;
	}
	json_decref(f.input);
	json_decref(f.errors);
	flash_set(r, "Projet créé.");
	redirect(r, arena_printf(r->arena, "/equipe/projets/%s", form_text(&f, "slug")));
}

void projects_update(req_t *r)
{
	json_t *project = project_or_404(r);
	if (!project)
		return;
	form_t f;
	long long id = json_integer_value(json_object_get(project, "id"));
	prj_status_t st = validate_and_save(r, &id, &f);
	if (st == PRJ_INVALID && !r->want_json) {
		render_edit(r, 422, project, f.input, f.errors);
		return;
	}
	json_decref(project);
	if (st != PRJ_OK) {
		save_error(r, st, &f);
		return;
	}
	json_decref(f.input);
	json_decref(f.errors);
	flash_set(r, "Projet enregistré.");
	redirect(r, arena_printf(r->arena, "/equipe/projets/%s", form_text(&f, "slug")));
}

void projects_delete(req_t *r)
{
	json_t *project = project_or_404(r);
	if (!project)
		return;
	if (!form_confirmed(r, "confirm")) {
		json_t *errors = json_pack("{s:s}", "confirm", CONFIRM_MESSAGE);
		if (r->want_json) {
			json_decref(project);
			reply_error(r, 422, NULL, errors);
		} else {
			render_edit(r, 422, project, NULL, errors);
		}
		return;
	}
	long long id = json_integer_value(json_object_get(project, "id"));
	json_decref(project);
	if (project_delete(r, id) != PRJ_OK) {
		reply_error(r, 500, "La suppression a échoué ; rien n'a été modifié.", NULL);
		return;
	}
	flash_set(r, "Projet supprimé.");
	redirect(r, "/equipe/projets");
}

/* ---- JSON API ---- */

/* A project as the API shows it, with its sectors. New reference or NULL. */
static json_t *api_project_json(long long id)
{
	json_t *p = db_row("SELECT id, slug, name, territory, summary, description, homes_demolished, "
			   "homes_rehabilitated, homes_built, budget_eur, anru_share_eur, figures_note, position, "
			   "created_at, updated_at, (SELECT count(*) FROM operation o WHERE o.project_id = project.id) "
			   "AS operations FROM project WHERE id = ?",
			   "i", id);
	if (p)
		json_object_set_new(p, "sectors", db_rows("SELECT id, slug, name, summary FROM sector WHERE project_id = ? "
							  "ORDER BY position, name",
							  "i", id));
	return p;
}

void api_projects_list(req_t *r)
{
	r->want_json = 1;
	api_page_t pg;
	if (api_page(r, &pg) != 0)
		return;
	const char *q = kv_get(&r->query, "q");
	const char *like = q && *q ? db_like_contains(r->arena, q) : NULL;
	long long total = db_int(0, "SELECT count(*) FROM project WHERE ?1 IS NULL OR name LIKE ?1 ESCAPE '\\' "
				    "OR slug LIKE ?1 ESCAPE '\\' OR territory LIKE ?1 ESCAPE '\\'",
				 "t", like);
	json_t *ids = db_rows("SELECT id FROM project WHERE ?1 IS NULL OR name LIKE ?1 ESCAPE '\\' OR slug LIKE ?1 "
			      "ESCAPE '\\' OR territory LIKE ?1 ESCAPE '\\' ORDER BY position, name LIMIT ?2 OFFSET ?3",
			      "tii", like, (long long)pg.per_page, pg.offset);
	json_t *items = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(ids, i, row)
	{
		json_t *p = api_project_json(json_integer_value(json_object_get(row, "id")));
		if (p)
			json_array_append_new(items, p);
	}
	json_decref(ids);
	api_list_reply(r, items, total, &pg);
}

void api_projects_create(req_t *r)
{
	r->want_json = 1;
	form_t f;
	long long id = 0;
	prj_status_t st = validate_and_save(r, &id, &f);
	if (st != PRJ_OK) {
		save_error(r, st, &f);
		return;
	}
	json_decref(f.input);
	json_decref(f.errors);
	api_created(r, api_project_json(id), arena_printf(r->arena, "/api/v1/projects/%s", form_text(&f, "slug")));
}

void api_project_get(req_t *r)
{
	r->want_json = 1;
	json_t *project = project_or_404(r);
	if (!project)
		return;
	long long id = json_integer_value(json_object_get(project, "id"));
	json_decref(project);
	reply_json(r, 200, api_project_json(id));
}

void api_project_update(req_t *r)
{
	r->want_json = 1;
	json_t *project = project_or_404(r);
	if (!project)
		return;
	long long id = json_integer_value(json_object_get(project, "id"));
	form_fill_missing(r, project_fields, project_fields_count, project);
	json_decref(project);
	form_t f;
	prj_status_t st = validate_and_save(r, &id, &f);
	if (st != PRJ_OK) {
		save_error(r, st, &f);
		return;
	}
	json_decref(f.input);
	json_decref(f.errors);
	reply_json(r, 200, api_project_json(id));
}

void api_project_delete(req_t *r)
{
	r->want_json = 1;
	json_t *project = project_or_404(r);
	if (!project)
		return;
	long long id = json_integer_value(json_object_get(project, "id"));
	json_decref(project);
	if (!form_confirmed(r, "confirm")) {
		reply_error(r, 422, NULL, json_pack("{s:s}", "confirm", CONFIRM_MESSAGE));
		return;
	}
	if (project_delete(r, id) != PRJ_OK) {
		reply_error(r, 500, "La suppression a échoué ; rien n'a été modifié.", NULL);
		return;
	}
	api_no_content(r);
}
