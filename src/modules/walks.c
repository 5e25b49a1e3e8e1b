/* walks.c — see walks.h: the model of a walking diagnostic and its planning
 * pages (list, form, create, update, delete). */
#include "modules/walks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/session.h"
#include "view/helpers.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_LINKS 500 /* sectors, organisations or people on one walk */

/* ---- French labels (GLOSSARY.md) ---- */

static const char *const status_labels[][2] = {
    {"planned", "Prévu"},
    {"done", "Réalisé"},
    {"cancelled", "Annulé"},
};
static const char *const status_values[] = {"planned", "done", "cancelled", NULL};

const char *walk_status_label(const char *status)
{
	for (size_t i = 0; status && i < NELEM(status_labels); i++)
		if (strcmp(status_labels[i][0], status) == 0)
			return status_labels[i][1];
	return status ? status : "";
}

/* ---- the model ---- */

static const field_spec_t walk_fields[] = {
    {"title", "Intitulé", FIELD_TEXT, 1, 2, 200, NULL},
    {"project_id", "Projet", FIELD_INT, 1, 1, 1LL << 60, NULL},
    {"date", "Date", FIELD_DATE, 1, 0, 0, NULL},
    {"time", "Heure", FIELD_TEXT, 1, 1, 8, NULL},
    {"meeting_point", "Lieu de rendez-vous", FIELD_TEXT, 0, 0, 300, NULL},
    {"route", "Parcours", FIELD_TEXTAREA, 0, 0, 5000, NULL},
    {"status", "État", FIELD_ENUM, 1, 0, 0, status_values},
    {"notes", "Notes", FIELD_TEXTAREA, 0, 0, 5000, NULL},
};

typedef struct walk_lists {
	id_list_t sectors, organizations, contacts;
} walk_lists_t;

/* Checks the sectors against the project (-1: unknown yet, only their
 * existence is checked). Returns the number of errors. */
static int check_sectors(req_t *r, form_t *f, const id_list_t *l, long long project_id)
{
	if (l->bad) {
		form_set_error(f, "sectors", "Un des secteurs choisis n'est pas valide.");
		return 1;
	}
	for (size_t i = 0; i < l->n; i++) {
		json_t *s = db_row("SELECT name, project_id FROM sector WHERE id = ?", "i", l->ids[i]);
		const char *msg = NULL;
		if (!s)
			msg = "Un des secteurs choisis n'existe pas.";
		else if (project_id > 0 && json_integer_value(json_object_get(s, "project_id")) != project_id)
			msg = arena_printf(r->arena,
					   "Le secteur \u00AB\u00A0%s\u00A0\u00BB n'appartient pas au projet choisi.",
					   json_string_value(json_object_get(s, "name")));
		json_decref(s);
		if (msg) {
			form_set_error(f, "sectors", msg);
			return 1;
		}
	}
	return 0;
}

/* Checks that the invited organisations exist. Returns the number of errors. */
static int check_organizations(form_t *f, const id_list_t *l)
{
	int bad = l->bad;
	for (size_t i = 0; !bad && i < l->n; i++)
		bad = !db_int(0, "SELECT 1 FROM organization WHERE id = ?", "i", l->ids[i]);
	if (bad)
		form_set_error(f, "organizations", "Une des organisations choisies n'existe pas.");
	return bad;
}

/* 1 if a contact may be invited: a partner's staff (a member of an
 * organisation), or a resident who gave their consent (legal basis
 * « consent », with its date). */
#define CONTACT_INVITABLE                                                                                              \
	"(EXISTS (SELECT 1 FROM membership m WHERE m.contact_id = c.id) OR (c.is_resident = 1 AND "                    \
	"c.consent_basis = 'consent' AND c.consent_at IS NOT NULL))"

/* Checks the invited people. Returns the number of errors. */
static int check_contacts(req_t *r, form_t *f, const id_list_t *l)
{
	if (l->bad) {
		form_set_error(f, "contacts", "Une des personnes choisies n'est pas valide.");
		return 1;
	}
	for (size_t i = 0; i < l->n; i++) {
		json_t *c = db_row("SELECT trim(c.first_name || ' ' || c.last_name) AS name, " CONTACT_INVITABLE
				   " AS ok FROM contact c WHERE c.id = ?",
				   "i", l->ids[i]);
		const char *msg = NULL;
		if (!c)
			msg = "Une des personnes choisies n'existe pas.";
		else if (!json_integer_value(json_object_get(c, "ok")))
			msg = arena_printf(r->arena,
					   "%s ne peut pas être invité·e : seuls les agents des partenaires et les "
					   "habitants ayant donné leur consentement peuvent l'être.",
					   json_string_value(json_object_get(c, "name")));
		json_decref(c);
		if (msg) {
			form_set_error(f, "contacts", msg);
			return 1;
		}
	}
	return 0;
}

/* The checks that need several fields or the database; fills *starts_at
 * (UTC) when date and time are valid. Returns the number of errors. */
static int check_walk(req_t *r, form_t *f, const walk_lists_t *lists, const char **starts_at)
{
	int errors = 0;
	long long project_id = form_int(f, "project_id");
	const char *date = form_text(f, "date");
	*starts_at = NULL;
	if (project_id && !db_int(0, "SELECT 1 FROM project WHERE id = ?", "i", project_id)) {
		form_set_error(f, "project_id", "Ce projet n'existe pas.");
		project_id = 0;
		errors++;
	}
	if (date && (atoi(date) < 2000 || atoi(date) > 2100)) {
		form_set_error(f, "date", "Indiquez une date entre l'an 2000 et l'an 2100.");
		errors++;
	} else if (!(*starts_at = form_paris_time(r, f, date, "time")) && json_object_get(f->errors, "time")) {
		errors++;
	}
	char now[21];
	db_now(now);
	const char *status = form_text(f, "status");
	if (*starts_at && status && strcmp(status, "done") == 0 && strcmp(*starts_at, now) > 0) {
		form_set_error(f, "status", "Un diagnostic à venir ne peut pas être marqué comme réalisé.");
		errors++;
	}
	errors += check_sectors(r, f, &lists->sectors, project_id ? project_id : -1);
	errors += check_organizations(f, &lists->organizations);
	errors += check_contacts(r, f, &lists->contacts);
	return errors;
}

/* Writes the walk row: insert when id is 0. 0 or an SQLite error code. */
static int write_walk(req_t *r, long long id, const form_t *f, const char *starts_at)
{
	char now[21];
	db_now(now);
	const char *mp = form_text(f, "meeting_point"), *route = form_text(f, "route"), *notes = form_text(f, "notes");
	if (!id)
		return db_exec(
		    "INSERT INTO walk (project_id, title, starts_at, route, meeting_point, status, notes, "
		    "created_by, created_at, updated_at) VALUES (?, ?, ?, COALESCE(?, ''), COALESCE(?, ''), ?, "
		    "COALESCE(?, ''), NULLIF(?, 0), ?, ?)",
		    "ittttttitt", form_int(f, "project_id"), form_text(f, "title"), starts_at, route, mp,
		    form_text(f, "status"), notes, r->user ? r->user->id : 0LL, now, now);
	return db_exec(
	    "UPDATE walk SET project_id = ?, title = ?, starts_at = ?, route = COALESCE(?, ''), "
	    "meeting_point = COALESCE(?, ''), status = ?, notes = COALESCE(?, ''), updated_at = ? WHERE id = ?",
	    "ittttttti", form_int(f, "project_id"), form_text(f, "title"), starts_at, route, mp, form_text(f, "status"),
	    notes, now, id);
}

/* Replaces the rows of one link table (walk_sector, walk_organization,
 * walk_contact). 0 or an SQLite error code. */
static int write_links(long long id, const char *del, const char *ins, const id_list_t *l)
{
	int rc = db_exec(del, "i", id);
	for (size_t i = 0; rc == 0 && i < l->n; i++)
		rc = db_exec(ins, "ii", id, l->ids[i]);
	return rc;
}

/* Replaces the walk's sectors, organisations and people. 0 or an SQLite
 * error code. */
static int write_all_links(long long id, const walk_lists_t *lists)
{
	int rc = write_links(id, "DELETE FROM walk_sector WHERE walk_id = ?",
			     "INSERT INTO walk_sector (walk_id, sector_id) VALUES (?, ?)", &lists->sectors);
	if (rc == 0)
		rc = write_links(id, "DELETE FROM walk_organization WHERE walk_id = ?",
				 "INSERT INTO walk_organization (walk_id, organization_id) VALUES (?, ?)",
				 &lists->organizations);
	if (rc == 0)
		rc = write_links(id, "DELETE FROM walk_contact WHERE walk_id = ?",
				 "INSERT INTO walk_contact (walk_id, contact_id) VALUES (?, ?)", &lists->contacts);
	return rc;
}

typedef enum walk_status { WALK_OK, WALK_INVALID, WALK_NOT_FOUND, WALK_DB_ERROR } walk_status_t;

/* Validates the request's form and lists, and saves the walk with its links
 * and its audit entry in one transaction. *id: 0 to create, set on success.
 * The caller owns f->input and f->errors (lists added to f->input). */
static walk_status_t walk_save(req_t *r, long long *id, form_t *f)
{
	walk_lists_t lists;
	form_read_ids(r, "sectors", MAX_LINKS, &lists.sectors);
	form_read_ids(r, "organizations", MAX_LINKS, &lists.organizations);
	form_read_ids(r, "contacts", MAX_LINKS, &lists.contacts);
	int invalid = form_validate(r->arena, walk_fields, NELEM(walk_fields), &r->form, f);
	json_object_set_new(f->input, "sectors", id_list_json(&lists.sectors));
	json_object_set_new(f->input, "organizations", id_list_json(&lists.organizations));
	json_object_set_new(f->input, "contacts", id_list_json(&lists.contacts));
	int creating = *id == 0;
	if (db_begin() != 0)
		return WALK_DB_ERROR;
	walk_status_t st = WALK_OK;
	const char *starts_at = NULL;
	if (!creating && !db_int(0, "SELECT 1 FROM walk WHERE id = ?", "i", *id))
		st = WALK_NOT_FOUND;
	if (st == WALK_OK && (check_walk(r, f, &lists, &starts_at) || invalid))
		st = WALK_INVALID;
	if (st == WALK_OK && (write_walk(r, *id, f, starts_at) != 0))
		st = WALK_DB_ERROR;
	if (st == WALK_OK && creating)
		*id = db_last_id();
	if (st == WALK_OK && write_all_links(*id, &lists) != 0)
		st = WALK_DB_ERROR;
	if (st == WALK_OK &&
	    audit_record(
		r, creating ? "walk.create" : "walk.update", "walk", *id,
		"« %s » le %s, projet %lld, %s ; %zu secteur(s), %zu organisation(s), %zu personne(s) invitée(s)",
		form_text(f, "title"), starts_at, form_int(f, "project_id"), walk_status_label(form_text(f, "status")),
		lists.sectors.n, lists.organizations.n, lists.contacts.n) != 0)
		st = WALK_DB_ERROR;
	if (st == WALK_OK && db_commit() == 0)
		return WALK_OK;
	db_rollback();
	return st == WALK_OK ? WALK_DB_ERROR : st;
}

/* Deletes a walk (its link rows go with it; its findings stay, with
 * walk_id cleared by the foreign key) with its audit entry. */
static walk_status_t walk_delete(req_t *r, long long id)
{
	if (db_begin() != 0)
		return WALK_DB_ERROR;
	json_t *w = db_row("SELECT title, starts_at, (SELECT count(*) FROM report WHERE walk_id = w.id) AS findings "
			   "FROM walk w WHERE id = ?",
			   "i", id);
	walk_status_t st = w ? WALK_OK : WALK_NOT_FOUND;
	if (st == WALK_OK && db_exec("DELETE FROM walk WHERE id = ?", "i", id) != 0)
		st = WALK_DB_ERROR;
	if (st == WALK_OK &&
	    audit_record(r, "walk.delete", "walk", id, "« %s » du %s supprimé ; %lld constat(s) conservé(s)",
			 json_string_value(json_object_get(w, "title")),
			 json_string_value(json_object_get(w, "starts_at")),
			 (long long)json_integer_value(json_object_get(w, "findings"))) != 0)
		st = WALK_DB_ERROR;
	json_decref(w);
	if (st == WALK_OK && db_commit() == 0)
		return WALK_OK;
	db_rollback();
	return st == WALK_OK ? WALK_DB_ERROR : st;
}

/* ---- reading a walk ---- */

json_t *walk_load(req_t *r, long long id)
{
	json_t *w = db_row("SELECT w.id, w.project_id, p.slug AS project_slug, p.name AS project_name, w.title, "
			   "w.starts_at, w.route, w.meeting_point, w.status, w.notes, w.created_at, w.updated_at "
			   "FROM walk w LEFT JOIN project p ON p.id = w.project_id WHERE w.id = ?",
			   "i", id);
	if (!w)
		return NULL;
	const char *starts = json_string_value(json_object_get(w, "starts_at")), *date = "", *time = "";
	utc_to_paris(r->arena, starts, &date, &time);
	json_object_set_new(w, "date", json_string(date));
	json_object_set_new(w, "time", json_string(time));
	json_object_set_new(w, "starts_fr", json_string(time_fr(r, starts)));
	json_object_set_new(w, "status_label",
			    json_string(walk_status_label(json_string_value(json_object_get(w, "status")))));
	json_object_set_new(w, "sectors",
			    db_rows("SELECT s.id, s.slug, s.name FROM walk_sector ws JOIN sector s ON "
				    "s.id = ws.sector_id WHERE ws.walk_id = ? ORDER BY s.position, s.name",
				    "i", id));
	json_object_set_new(w, "organizations",
			    db_rows("SELECT o.id, o.name FROM walk_organization wo JOIN organization o ON "
				    "o.id = wo.organization_id WHERE wo.walk_id = ? ORDER BY o.name",
				    "i", id));
	json_object_set_new(
	    w, "contacts",
	    db_rows("SELECT c.id, trim(c.first_name || ' ' || c.last_name) AS name, c.is_resident, "
		    "(SELECT group_concat(o.name, ', ') FROM membership m JOIN organization o ON o.id = "
		    "m.organization_id WHERE m.contact_id = c.id) AS organizations FROM walk_contact wc JOIN contact c "
		    "ON c.id = wc.contact_id WHERE wc.walk_id = ? ORDER BY c.last_name, c.first_name",
		    "i", id));
	return w;
}

json_t *walk_or_404(req_t *r, long long *id)
{
	*id = param_id(r, "walk_id");
	json_t *w = *id ? walk_load(r, *id) : NULL;
	if (!w)
		reply_error(r, 404, "Ce diagnostic en marchant n'existe pas.", NULL);
	return w;
}

/* ---- the list ---- */

void walks_list(req_t *r)
{
	const char *slug = kv_get(&r->query, "projet"), *status = kv_get(&r->query, "statut");
	if (slug && !*slug)
		slug = NULL;
	int status_ok = 0;
	for (size_t i = 0; status && status_values[i]; i++)
		status_ok |= strcmp(status, status_values[i]) == 0;
	if (!status_ok)
		status = NULL;
	char now[21];
	db_now(now);
	json_t *rows = db_rows(
	    "SELECT w.id, w.title, w.starts_at, w.status, w.meeting_point, p.slug AS project_slug, p.name AS "
	    "project_name, "
	    "w.starts_at >= ?3 AS upcoming, (SELECT count(*) FROM report r WHERE r.walk_id = w.id) AS findings, "
	    "(SELECT group_concat(s.name, ', ') FROM walk_sector ws JOIN sector s ON s.id = ws.sector_id "
	    "WHERE ws.walk_id = w.id) AS sectors FROM walk w LEFT JOIN project p ON p.id = w.project_id "
	    "WHERE (?1 IS NULL OR p.slug = ?1) AND (?2 IS NULL OR w.status = ?2) "
	    "ORDER BY w.starts_at < ?3, CASE WHEN w.starts_at >= ?3 THEN w.starts_at END, w.starts_at DESC, w.id",
	    "ttt", slug, status, now);
	rows_add_time_fr(r, rows, "starts_at");
	json_t *upcoming = json_array(), *past = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_object_set_new(row, "status_label",
				    json_string(walk_status_label(json_string_value(json_object_get(row, "status")))));
		json_array_append(json_integer_value(json_object_get(row, "upcoming")) ? upcoming : past, row);
	}
	json_decref(rows);
	json_t *projects = db_rows("SELECT slug, name, slug = ? AS selected FROM project ORDER BY position, name", "t",
				   slug ? slug : "");
	render(r, 200, "walks_list",
	       json_pack("{s:{s:s}, s:o, s:o, s:o, s:o, s:{s:s?, s:s?}}", "page", "title", "Diagnostics en marchant",
			 "upcoming", upcoming, "past", past, "projects", projects, "statuses",
			 options_json(status_labels, NELEM(status_labels), status), "filters", "projet", slug, "statut",
			 status));
}

/* ---- the form ---- */

/* 1 if id is in the JSON array of integers ids. */
static int in_ids(json_t *ids, long long id)
{
	size_t i;
	json_t *v;
	json_array_foreach(ids, i, v) if (json_integer_value(v) == id) return 1;
	return 0;
}

/* Sets "checked" on each row whose id is in the input's array `key`. */
static json_t *mark_checked(json_t *rows, json_t *input, const char *key)
{
	json_t *ids = json_object_get(input, key);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) json_object_set_new(
	    row, "checked", json_boolean(in_ids(ids, json_integer_value(json_object_get(row, "id")))));
	return rows;
}

/* The projects, each with its sectors (checkboxes), for the form. New reference. */
static json_t *project_choices(json_t *input)
{
	json_t *projects = db_rows("SELECT id, slug, name FROM project ORDER BY position, name", NULL);
	long long chosen = 0;
	json_t *pv = json_object_get(input, "project_id");
	chosen =
	    json_is_integer(pv) ? json_integer_value(pv) : (json_string_value(pv) ? atoll(json_string_value(pv)) : 0);
	size_t i;
	json_t *p;
	json_array_foreach(projects, i, p)
	{
		long long pid = json_integer_value(json_object_get(p, "id"));
		json_object_set_new(p, "selected", json_boolean(pid == chosen));
		json_t *sectors =
		    db_rows("SELECT id, name FROM sector WHERE project_id = ? ORDER BY position, name", "i", pid);
		json_object_set_new(p, "has_sectors", json_boolean(json_array_size(sectors) > 0));
		json_object_set_new(p, "sectors", mark_checked(sectors, input, "sectors"));
	}
	return projects;
}

/* The people who may be invited, and those already invited, in two groups.
 * New references in *staff and *residents. */
static void contact_choices(json_t *input, long long walk_id, json_t **staff, json_t **residents)
{
	*staff = mark_checked(
	    db_rows("SELECT c.id, trim(c.first_name || ' ' || c.last_name) AS name, group_concat(o.name, ', ') AS "
		    "organizations FROM contact c JOIN membership m ON m.contact_id = c.id JOIN organization o ON "
		    "o.id = m.organization_id GROUP BY c.id ORDER BY c.last_name, c.first_name",
		    NULL),
	    input, "contacts");
	*residents =
	    mark_checked(db_rows("SELECT c.id, trim(c.first_name || ' ' || c.last_name) AS name, "
				 "c.consent_at, c.is_resident = 1 AND c.consent_basis = 'consent' AS consented "
				 "FROM contact c WHERE NOT EXISTS (SELECT 1 FROM membership m WHERE m.contact_id "
				 "= c.id) AND ((c.is_resident = 1 AND c.consent_basis = 'consent') OR c.id IN "
				 "(SELECT contact_id FROM walk_contact WHERE walk_id = ?)) "
				 "ORDER BY c.last_name, c.first_name",
				 "i", walk_id),
			 input, "contacts");
}

/* Renders the walk form. input (stolen) holds the values as typed or read;
 * errors (stolen) may be NULL; id is 0 for a new walk. */
static void render_form(req_t *r, int status, long long id, json_t *input, json_t *errors)
{
	json_t *staff, *residents;
	contact_choices(input, id, &staff, &residents);
	json_t *orgs =
	    mark_checked(db_rows("SELECT id, name FROM organization ORDER BY name", NULL), input, "organizations");
	json_t *view = json_pack(
	    "{s:{s:s}, s:I, s:b, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s}", "page", "title",
	    id ? "Modifier un diagnostic en marchant" : "Nouveau diagnostic en marchant", "id", (json_int_t)id,
	    "is_new", id == 0, "action",
	    id ? arena_printf(r->arena, "/equipe/diagnostics/%lld", id) : "/equipe/diagnostics", "errors",
	    errors ? errors : json_object(), "projects", project_choices(input), "statuses",
	    options_json(status_labels, NELEM(status_labels), json_string_value(json_object_get(input, "status"))),
	    "organizations", orgs, "staff_contacts", staff, "resident_contacts", residents, "input", input, "csrf",
	    csrf_token(r));
	render(r, status, "walk_form", view);
}

/* The form values of a stored walk (from walk_load). New reference. */
static json_t *input_of(json_t *w)
{
	json_t *in = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "title", json_object_get(w, "title"),
			       "project_id", json_object_get(w, "project_id"), "date", json_object_get(w, "date"),
			       "time", json_object_get(w, "time"), "meeting_point", json_object_get(w, "meeting_point"),
			       "route", json_object_get(w, "route"), "status", json_object_get(w, "status"), "notes",
			       json_object_get(w, "notes"));
	const char *lists[] = {"sectors", "organizations", "contacts"};
	for (size_t k = 0; k < NELEM(lists); k++) {
		json_t *ids = json_array(), *row;
		size_t i;
		json_array_foreach(json_object_get(w, lists[k]), i, row)
		    json_array_append(ids, json_object_get(row, "id"));
		json_object_set_new(in, lists[k], ids);
	}
	return in;
}

void walks_new_form(req_t *r)
{
	render_form(r, 200, 0, json_pack("{s:s, s:s}", "status", "planned", "time", "14:00"), NULL);
}

/* After a failed save: the form again (422) or JSON errors; 404; 500.
 * Takes f's objects. */
static void save_failed(req_t *r, walk_status_t st, long long id, form_t *f)
{
	if (st == WALK_INVALID && !r->want_json) {
		render_form(r, 422, id, f->input, f->errors);
		return;
	}
	json_decref(f->input);
	if (st == WALK_INVALID) {
		reply_error(r, 422, NULL, f->errors);
		return;
	}
	json_decref(f->errors);
	if (st == WALK_NOT_FOUND)
		reply_error(r, 404, "Ce diagnostic en marchant n'existe pas.", NULL);
	else
		reply_error(r, 500, "L'enregistrement a échoué ; rien n'a été modifié.", NULL);
}

/* Saves from the request (create when id is 0) and answers. */
static void save_and_answer(req_t *r, long long id)
{
	form_t f = {0};
	int creating = id == 0;
	walk_status_t st = walk_save(r, &id, &f);
	if (st != WALK_OK) {
		save_failed(r, st, creating ? 0 : id, &f);
		return;
	}
	json_decref(f.input);
	json_decref(f.errors);
	reply_saved(r, creating, id, arena_printf(r->arena, "/equipe/diagnostics/%lld", id),
		    creating ? "Diagnostic en marchant créé." : "Diagnostic en marchant enregistré.");
}

void walks_create(req_t *r)
{
	save_and_answer(r, 0);
}

void walks_edit_form(req_t *r)
{
	long long id;
	json_t *w = walk_or_404(r, &id);
	if (!w)
		return;
	render_form(r, 200, id, input_of(w), NULL);
	json_decref(w);
}

void walks_update(req_t *r)
{
	long long id = param_id(r, "walk_id");
	if (!id || !db_int(0, "SELECT 1 FROM walk WHERE id = ?", "i", id)) {
		reply_error(r, 404, "Ce diagnostic en marchant n'existe pas.", NULL);
		return;
	}
	save_and_answer(r, id);
}

void walks_delete(req_t *r)
{
	long long id;
	json_t *w = walk_or_404(r, &id);
	if (!w)
		return;
	if (!form_confirmed(r, "confirm")) {
		json_t *errors = json_pack("{s:s}", "confirm", CONFIRM_MESSAGE);
		if (r->want_json)
			reply_error(r, 422, NULL, errors);
		else
			render_form(r, 422, id, input_of(w), errors);
		json_decref(w);
		return;
	}
	json_decref(w);
	if (walk_delete(r, id) != WALK_OK) {
		reply_error(r, 500, "La suppression a échoué ; rien n'a été modifié.", NULL);
		return;
	}
	flash_set(r, "Diagnostic en marchant supprimé ; ses constats restent dans les signalements.");
	redirect(r, "/equipe/diagnostics");
}
