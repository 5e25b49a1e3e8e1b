/* operations.c — see operations.h. */
#include "modules/operations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "db/db.h"
#include "http/api.h"
#include "http/session.h"
#include "modules/projects.h"
#include "view/helpers.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- French labels: the one place for these words (GLOSSARY.md) ---- */

static const char *const kind_labels[][2] = {
	{"demolition", "Démolition"},
	{"rehabilitation", "Réhabilitation"},
	{"new_housing", "Nouveaux logements"},
	{"public_space", "Espace public"},
	{"facility", "École ou équipement"},
};
static const char *const phase_labels[][2] = {
	{"studies", "Études"},
	{"works", "Travaux"},
	{"delivered", "Livré"},
};
static const char *const status_labels[][2] = {
	{"planned", "Programmée"},
	{"in_progress", "En cours"},
	{"done", "Terminée"},
	{"delayed", "Retardée"},
	{"cancelled", "Abandonnée"},
};
static const char *const kind_values[] = {"demolition", "rehabilitation", "new_housing", "public_space", "facility", NULL};
static const char *const phase_values[] = {"studies", "works", "delivered", NULL};
static const char *const status_values[] = {"planned", "in_progress", "done", "delayed", "cancelled", NULL};

static const char *label_in(const char *const (*t)[2], size_t n, const char *key)
{
	for (size_t i = 0; key && i < n; i++)
		if (strcmp(t[i][0], key) == 0)
			return t[i][1];
	return key ? key : "";
}

const char *operation_kind_label(const char *kind)
{
	return label_in(kind_labels, NELEM(kind_labels), kind);
}

const char *operation_phase_label(const char *phase)
{
	return label_in(phase_labels, NELEM(phase_labels), phase);
}

const char *operation_status_label(const char *status)
{
	return label_in(status_labels, NELEM(status_labels), status);
}

json_t *operation_kind_options(const char *selected)
{
	return options_json(kind_labels, NELEM(kind_labels), selected);
}

/* ---- dates: YYYY-MM or YYYY-MM-DD, or YYYY alone when only the year is
 * publicly known (better than a made-up month) ---- */

static const char *const months_fr[] = {"janvier", "février", "mars", "avril", "mai", "juin", "juillet",
					 "août", "septembre", "octobre", "novembre", "décembre"};

/* Splits a date into year, month, day (0 when absent). 0, or -1 if malformed
 * or not a real calendar date between 1900 and 2100. */
static int date_parse(const char *s, int *y, int *m, int *d)
{
	size_t n = s ? strlen(s) : 0;
	if (n != 4 && n != 7 && n != 10)
		return -1;
	for (size_t i = 0; i < n; i++)
		if ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return -1;
	*y = atoi(s);
	*m = n > 4 ? atoi(s + 5) : 0;
	*d = n == 10 ? atoi(s + 8) : 0;
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (*y < 1900 || *y > 2100 || (n > 4 && (*m < 1 || *m > 12)))
		return -1;
	if (n == 10) {
		int leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
		if (*d < 1 || *d > days[*m - 1] || (*m == 2 && *d == 29 && !leap))
			return -1;
	}
	return 0;
}

const char *operation_date_fr(arena_t *a, const char *date)
{
	int y, m, d;
	if (!date || date_parse(date, &y, &m, &d) != 0)
		return "";
	if (!m)
		return arena_printf(a, "%d", y);
	if (d)
		return arena_printf(a, "%d%s %s %d", d, d == 1 ? "er" : "", months_fr[m - 1], y);
	return arena_printf(a, "%s %d", months_fr[m - 1], y);
}

/* ---- the model ---- */

const field_spec_t operation_fields[] = {
	{"title", "Intitulé", FIELD_TEXT, 1, 2, 200, NULL},
	{"kind", "Type d'opération", FIELD_ENUM, 1, 0, 0, kind_values},
	{"summary", "Description", FIELD_TEXTAREA, 0, 0, 5000, NULL},
	{"sector_id", "Secteur", FIELD_INT, 0, 1, 1LL << 60, NULL},
	{"owner_org_id", "Maître d'ouvrage", FIELD_INT, 0, 1, 1LL << 60, NULL},
	{"phase", "Phase", FIELD_ENUM, 1, 0, 0, phase_values},
	{"status", "État d'avancement", FIELD_ENUM, 1, 0, 0, status_values},
	{"start_date", "Début", FIELD_TEXT, 0, 0, 10, NULL},
	{"end_date", "Fin", FIELD_TEXT, 0, 0, 10, NULL},
	{"coords", "Position (latitude, longitude)", FIELD_COORDS, 0, 0, 0, NULL},
	{"source", "Source", FIELD_TEXTAREA, 0, 0, 1000, NULL},
};
const size_t operation_fields_count = NELEM(operation_fields);

#define DATE_MESSAGE "Indiquez une date au format AAAA (année), AAAA-MM (mois) ou AAAA-MM-JJ (jour), par exemple 2025-09."

/* The checks that need more than one field or the database; sets errors on f.
 * Returns the number of errors added. Runs inside the transaction. */
static int check_operation(form_t *f, long long project_id)
{
	int errors = 0, y, m, d;
	const char *start = form_text(f, "start_date"), *end = form_text(f, "end_date");
	if (start && date_parse(start, &y, &m, &d) != 0) {
		form_set_error(f, "start_date", DATE_MESSAGE);
		errors++;
	}
	if (end && date_parse(end, &y, &m, &d) != 0) {
		form_set_error(f, "end_date", DATE_MESSAGE);
		errors++;
	}
	if (!errors && start && end && strncmp(end, start, strlen(end) < strlen(start) ? strlen(end) : strlen(start)) < 0) {
		form_set_error(f, "end_date", "La fin ne peut pas précéder le début.");
		errors++;
	}
	long long sector = form_int(f, "sector_id"), owner = form_int(f, "owner_org_id");
	if (sector && !db_int(0, "SELECT 1 FROM sector WHERE id = ? AND project_id = ?", "ii", sector, project_id)) {
		form_set_error(f, "sector_id", "Ce secteur n'appartient pas au projet.");
		errors++;
	}
	if (owner && !db_int(0, "SELECT 1 FROM organization WHERE id = ?", "i", owner)) {
		form_set_error(f, "owner_org_id", "Cette organisation n'existe pas.");
		errors++;
	}
	return errors;
}

/* Writes the row: insert when id is 0. 0 or an SQLite error code. */
static int write_operation(long long project_id, long long id, const form_t *f)
{
	char now[21];
	db_now(now);
	const field_value_t *c = form_value(f, "coords");
	long long has_pos = c && c->present;
	double lat = has_pos ? c->lat : 0, lon = has_pos ? c->lon : 0;
	const char *summary = form_text(f, "summary"), *source = form_text(f, "source");
	if (!id)
		return db_exec("INSERT INTO operation (project_id, sector_id, kind, title, summary, owner_org_id, phase, "
			       "status, start_date, end_date, lat, lon, source, created_at, updated_at) VALUES "
			       "(?, NULLIF(?, 0), ?, ?, COALESCE(?, ''), NULLIF(?, 0), ?, ?, ?, ?, CASE WHEN ? THEN ? END, "
			       "CASE WHEN ? THEN ? END, COALESCE(?, ''), ?, ?)",
			       "iitttittttididttt", project_id, form_int(f, "sector_id"), form_text(f, "kind"),
			       form_text(f, "title"), summary, form_int(f, "owner_org_id"), form_text(f, "phase"),
			       form_text(f, "status"), form_text(f, "start_date"), form_text(f, "end_date"), has_pos, lat,
			       has_pos, lon, source, now, now);
	return db_exec("UPDATE operation SET sector_id = NULLIF(?, 0), kind = ?, title = ?, summary = COALESCE(?, ''), "
		       "owner_org_id = NULLIF(?, 0), phase = ?, status = ?, start_date = ?, end_date = ?, "
		       "lat = CASE WHEN ? THEN ? END, lon = CASE WHEN ? THEN ? END, source = COALESCE(?, ''), "
		       "updated_at = ? WHERE id = ?",
		       "itttittttididtti", form_int(f, "sector_id"), form_text(f, "kind"), form_text(f, "title"), summary,
		       form_int(f, "owner_org_id"), form_text(f, "phase"), form_text(f, "status"),
		       form_text(f, "start_date"), form_text(f, "end_date"), has_pos, lat, has_pos, lon, source, now, id);
}

op_status_t operation_save(req_t *r, long long project_id, long long id, form_t *f, long long *out_id)
{
	int creating = id == 0;
	if (db_begin() != 0)
		return OP_DB_ERROR;
	op_status_t st = OP_OK;
	if (!creating) {
		project_id = db_int(0, "SELECT project_id FROM operation WHERE id = ?", "i", id);
		if (!project_id)
			st = OP_NOT_FOUND;
	}
	if (st == OP_OK && check_operation(f, project_id))
		st = OP_INVALID;
	if (st == OP_OK && write_operation(project_id, id, f) != 0)
		st = OP_DB_ERROR;
	if (st == OP_OK) {
		if (creating)
			id = db_last_id();
		*out_id = id;
		if (audit_record(r, creating ? "operation.create" : "operation.update", "operation", id,
				 "« %s » (%s, %s, %s) dans le projet %lld", form_text(f, "title"),
				 operation_kind_label(form_text(f, "kind")), operation_phase_label(form_text(f, "phase")),
				 operation_status_label(form_text(f, "status")), project_id) != 0)
			st = OP_DB_ERROR;
	}
	if (st == OP_OK && db_commit() == 0)
		return OP_OK;
	db_rollback();
	return st == OP_OK ? OP_DB_ERROR : st;
}

op_status_t operation_delete(req_t *r, long long id)
{
	if (db_begin() != 0)
		return OP_DB_ERROR;
	json_t *op = db_row("SELECT title, project_id FROM operation WHERE id = ?", "i", id);
	op_status_t st = op ? OP_OK : OP_NOT_FOUND;
	if (st == OP_OK && db_exec("DELETE FROM operation WHERE id = ?", "i", id) != 0)
		st = OP_DB_ERROR;
	if (st == OP_OK && audit_record(r, "operation.delete", "operation", id, "« %s » supprimée du projet %lld",
					json_string_value(json_object_get(op, "title")),
					(long long)json_integer_value(json_object_get(op, "project_id"))) != 0)
		st = OP_DB_ERROR;
	json_decref(op);
	if (st == OP_OK && db_commit() == 0)
		return OP_OK;
	db_rollback();
	return st == OP_OK ? OP_DB_ERROR : st;
}

void operation_rows_decorate(req_t *r, json_t *rows)
{
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
#define STR(k) json_string_value(json_object_get(row, k))
		json_object_set_new(row, "kind_label", json_string(operation_kind_label(STR("kind"))));
		json_object_set_new(row, "phase_label", json_string(operation_phase_label(STR("phase"))));
		json_object_set_new(row, "status_label", json_string(operation_status_label(STR("status"))));
		json_object_set_new(row, "start_fr", json_string(operation_date_fr(r->arena, STR("start_date"))));
		json_object_set_new(row, "end_fr", json_string(operation_date_fr(r->arena, STR("end_date"))));
#undef STR
	}
}

json_t *operation_list(long long project_id, const char *sector_slug, const char *kind)
{
	return db_rows("SELECT o.id, o.kind, o.title, o.summary, o.phase, o.status, o.start_date, o.end_date, o.lat, "
		       "o.lon, o.source, o.sector_id, s.slug AS sector_slug, s.name AS sector_name, o.owner_org_id, "
		       "g.name AS owner_name, o.updated_at FROM operation o LEFT JOIN sector s ON s.id = o.sector_id "
		       "LEFT JOIN organization g ON g.id = o.owner_org_id WHERE o.project_id = ?1 "
		       "AND (?2 IS NULL OR s.slug = ?2) AND (?3 IS NULL OR o.kind = ?3) "
		       "ORDER BY o.start_date IS NULL, o.start_date, o.id",
		       "itt", project_id, sector_slug, kind);
}

/* ---- staff pages ---- */

/* [{value, label, selected}] from rows with id and name. New reference. */
static json_t *id_options(json_t *rows, long long selected)
{
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_int_t id = json_integer_value(json_object_get(row, "id"));
		json_object_set_new(row, "value", json_integer(id));
		json_object_set_new(row, "label", json_copy(json_object_get(row, "name")));
		json_object_set_new(row, "selected", json_boolean(id == selected));
	}
	return rows;
}

/* A positive integer from a form input object (as typed), or 0. */
static long long input_id(json_t *input, const char *key)
{
	json_t *v = json_object_get(input, key);
	if (json_is_integer(v))
		return json_integer_value(v);
	const char *s = json_string_value(v);
	return s ? atoll(s) : 0;
}

/* Renders the operation form. input (stolen) holds the values as typed or
 * read; errors (stolen) may be NULL; id is 0 for a new operation. */
static void render_form(req_t *r, int status, json_t *project, long long id, json_t *input, json_t *errors)
{
	long long project_id = json_integer_value(json_object_get(project, "id"));
	json_t *sectors = db_rows("SELECT id, name FROM sector WHERE project_id = ? ORDER BY position, name", "i", project_id);
	json_t *orgs = db_rows("SELECT id, name FROM organization ORDER BY name", NULL);
	const char *slug = json_string_value(json_object_get(project, "slug"));
	json_t *view = json_pack(
		"{s:{s:s}, s:o, s:I, s:b, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s}", "page", "title",
		id ? "Modifier une opération" : "Nouvelle opération", "project", project, "id", (json_int_t)id, "is_new",
		id == 0, "action",
		id ? arena_printf(r->arena, "/equipe/operations/%lld", id)
		   : arena_printf(r->arena, "/equipe/projets/%s/operations", slug),
		"input", input, "errors", errors ? errors : json_object(), "kinds",
		options_json(kind_labels, NELEM(kind_labels), json_string_value(json_object_get(input, "kind"))), "phases",
		options_json(phase_labels, NELEM(phase_labels), json_string_value(json_object_get(input, "phase"))),
		"statuses",
		options_json(status_labels, NELEM(status_labels), json_string_value(json_object_get(input, "status"))),
		"sectors", id_options(sectors, input_id(input, "sector_id")), "organizations",
		id_options(orgs, input_id(input, "owner_org_id")), "csrf", csrf_token(r));
	render(r, status, "operation_form", view);
}

/* The operation of the path's {op} with its project, or NULL (404 sent). */
static json_t *operation_or_404(req_t *r, long long *id)
{
	*id = param_id(r, "op");
	json_t *op = *id ? db_row("SELECT o.*, p.slug AS project_slug FROM operation o JOIN project p ON p.id = "
				  "o.project_id WHERE o.id = ?",
				  "i", *id)
			 : NULL;
	if (!op)
		reply_error(r, 404, "Cette opération n'existe pas.", NULL);
	return op;
}

/* The form values of a stored operation. New reference. */
static json_t *input_of(req_t *r, json_t *op)
{
	json_t *in = json_deep_copy(op);
	json_t *lat = json_object_get(op, "lat"), *lon = json_object_get(op, "lon");
	if (json_is_number(lat) && json_is_number(lon))
		json_object_set_new(in, "coords", json_string(arena_printf(r->arena, "%.10g, %.10g", json_number_value(lat),
									     json_number_value(lon))));
	return in;
}

void operations_new_form(req_t *r)
{
	json_t *project = project_or_404(r);
	if (project)
		render_form(r, 200, project, 0, json_pack("{s:s, s:s}", "phase", "studies", "status", "planned"), NULL);
}

/* After a failed save: 422 JSON or the form again; 404; or 500. Steals
 * project and f's objects. */
static void save_failed(req_t *r, op_status_t st, json_t *project, long long id, form_t *f)
{
	if (st == OP_INVALID && !r->want_json) {
		render_form(r, 422, project, id, f->input, f->errors);
		return;
	}
	json_decref(project);
	json_decref(f->input);
	if (st == OP_INVALID) {
		reply_error(r, 422, NULL, f->errors);
		return;
	}
	json_decref(f->errors);
	if (st == OP_NOT_FOUND)
		reply_error(r, 404, "Cette opération n'existe pas.", NULL);
	else
		reply_error(r, 500, "L'enregistrement a échoué ; rien n'a été modifié.", NULL);
}

/* Validates the request's form and saves; 0 with *id set, or the status. */
static op_status_t validate_and_save(req_t *r, long long project_id, long long *id, form_t *f)
{
	if (form_validate(r->arena, operation_fields, operation_fields_count, &r->form, f))
		return OP_INVALID;
	return operation_save(r, project_id, *id, f, id);
}

void operations_create(req_t *r)
{
	json_t *project = project_or_404(r);
	if (!project)
		return;
	form_t f;
	long long id = 0;
	op_status_t st = validate_and_save(r, json_integer_value(json_object_get(project, "id")), &id, &f);
	if (st != OP_OK) {
		save_failed(r, st, project, 0, &f);
		return;
	}
	json_decref(project);
	json_decref(f.input);
	json_decref(f.errors);
	flash_set(r, "Opération créée.");
	redirect(r, arena_printf(r->arena, "/equipe/operations/%lld", id));
}

/* The project row of an operation row. New reference. */
static json_t *project_of(json_t *op)
{
	return db_row("SELECT id, slug, name FROM project WHERE id = ?", "i",
		      (long long)json_integer_value(json_object_get(op, "project_id")));
}

void operations_edit_form(req_t *r)
{
	long long id;
	json_t *op = operation_or_404(r, &id);
	if (!op)
		return;
	render_form(r, 200, project_of(op), id, input_of(r, op), NULL);
	json_decref(op);
}

void operations_update(req_t *r)
{
	long long id;
	json_t *op = operation_or_404(r, &id);
	if (!op)
		return;
	json_t *project = project_of(op);
	json_decref(op);
	form_t f;
	op_status_t st = validate_and_save(r, 0, &id, &f);
	if (st != OP_OK) {
		save_failed(r, st, project, id, &f);
		return;
	}
	json_decref(project);
	json_decref(f.input);
	json_decref(f.errors);
	flash_set(r, "Opération enregistrée.");
	redirect(r, arena_printf(r->arena, "/equipe/operations/%lld", id));
}

void operations_delete(req_t *r)
{
	long long id;
	json_t *op = operation_or_404(r, &id);
	if (!op)
		return;
	if (!form_confirmed(r, "confirm")) {
		json_t *errors = json_pack("{s:s}", "confirm", CONFIRM_MESSAGE);
		if (r->want_json) {
			json_decref(op);
			reply_error(r, 422, NULL, errors);
			return;
		}
		render_form(r, 422, project_of(op), id, input_of(r, op), errors);
		json_decref(op);
		return;
	}
	const char *slug = arena_strdup(r->arena, json_string_value(json_object_get(op, "project_slug")));
	json_decref(op);
	if (operation_delete(r, id) != OP_OK) {
		reply_error(r, 500, "La suppression a échoué ; rien n'a été modifié.", NULL);
		return;
	}
	flash_set(r, "Opération supprimée.");
	redirect(r, arena_printf(r->arena, "/equipe/projets/%s", slug));
}

/* ---- JSON API ---- */

/* An operation as the API shows it. New reference. */
static json_t *api_operation_json(req_t *r, long long id)
{
	json_t *rows = db_rows("SELECT o.id, p.slug AS project, o.kind, o.title, o.summary, o.phase, o.status, "
			       "o.start_date, o.end_date, o.lat, o.lon, o.source, o.sector_id, s.slug AS sector, "
			       "o.owner_org_id, g.name AS owner_name, o.created_at, o.updated_at FROM operation o "
			       "JOIN project p ON p.id = o.project_id LEFT JOIN sector s ON s.id = o.sector_id "
			       "LEFT JOIN organization g ON g.id = o.owner_org_id WHERE o.id = ?",
			       "i", id);
	operation_rows_decorate(r, rows);
	json_t *op = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	return op;
}

void api_operations_list(req_t *r)
{
	r->want_json = 1;
	api_page_t pg;
	if (api_page(r, &pg) != 0)
		return;
	json_t *project = project_or_404(r);
	if (!project)
		return;
	long long pid = json_integer_value(json_object_get(project, "id"));
	json_decref(project);
	const char *kind = kv_get(&r->query, "kind");
	const char *sector = kv_get(&r->query, "sector");
	const char *q = kv_get(&r->query, "q");
	const char *like = q && *q ? db_like_contains(r->arena, q) : NULL;
	long long total = db_int(0, "SELECT count(*) FROM operation o LEFT JOIN sector s ON s.id = o.sector_id "
				    "WHERE o.project_id = ?1 AND (?2 IS NULL OR o.kind = ?2) AND (?3 IS NULL OR s.slug = ?3) "
				    "AND (?4 IS NULL OR o.title LIKE ?4 ESCAPE '\\')",
				 "ittt", pid, kind, sector, like);
	json_t *ids = db_rows("SELECT o.id FROM operation o LEFT JOIN sector s ON s.id = o.sector_id "
			      "WHERE o.project_id = ?1 AND (?2 IS NULL OR o.kind = ?2) AND (?3 IS NULL OR s.slug = ?3) "
			      "AND (?4 IS NULL OR o.title LIKE ?4 ESCAPE '\\') "
			      "ORDER BY o.start_date IS NULL, o.start_date, o.id LIMIT ?5 OFFSET ?6",
			      "itttii", pid, kind, sector, like, (long long)pg.per_page, pg.offset);
	json_t *items = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(ids, i, row)
	{
		json_t *op = api_operation_json(r, json_integer_value(json_object_get(row, "id")));
		if (op)
			json_array_append_new(items, op);
	}
	json_decref(ids);
	api_list_reply(r, items, total, &pg);
}

void api_operations_create(req_t *r)
{
	r->want_json = 1;
	json_t *project = project_or_404(r);
	if (!project)
		return;
	form_t f;
	long long id = 0;
	op_status_t st = validate_and_save(r, json_integer_value(json_object_get(project, "id")), &id, &f);
	if (st != OP_OK) {
		save_failed(r, st, project, 0, &f);
		return;
	}
	json_decref(project);
	json_decref(f.input);
	json_decref(f.errors);
	api_created(r, api_operation_json(r, id), arena_printf(r->arena, "/api/v1/operations/%lld", id));
}

void api_operation_get(req_t *r)
{
	r->want_json = 1;
	long long id = param_id(r, "op");
	json_t *op = id ? api_operation_json(r, id) : NULL;
	if (!op) {
		reply_error(r, 404, "Cette opération n'existe pas.", NULL);
		return;
	}
	reply_json(r, 200, op);
}

void api_operation_update(req_t *r)
{
	r->want_json = 1;
	long long id = param_id(r, "op");
	json_t *stored = id ? db_row("SELECT * FROM operation WHERE id = ?", "i", id) : NULL;
	if (!stored) {
		reply_error(r, 404, "Cette opération n'existe pas.", NULL);
		return;
	}
	/* Only what changes need be sent: the rest is the stored record. */
	json_t *in = input_of(r, stored);
	form_fill_missing(r, operation_fields, operation_fields_count, in);
	json_decref(in);
	json_decref(stored);
	form_t f;
	op_status_t st = validate_and_save(r, 0, &id, &f);
	if (st != OP_OK) {
		save_failed(r, st, NULL, id, &f);
		return;
	}
	json_decref(f.input);
	json_decref(f.errors);
	reply_json(r, 200, api_operation_json(r, id));
}

void api_operation_delete(req_t *r)
{
	r->want_json = 1;
	long long id = param_id(r, "op");
	if (!id || !db_int(0, "SELECT 1 FROM operation WHERE id = ?", "i", id)) {
		reply_error(r, 404, "Cette opération n'existe pas.", NULL);
		return;
	}
	if (!form_confirmed(r, "confirm")) {
		reply_error(r, 422, NULL, json_pack("{s:s}", "confirm", CONFIRM_MESSAGE));
		return;
	}
	if (operation_delete(r, id) != OP_OK) {
		reply_error(r, 500, "La suppression a échoué ; rien n'a été modifié.", NULL);
		return;
	}
	api_no_content(r);
}
