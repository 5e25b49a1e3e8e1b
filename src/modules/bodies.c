/* bodies.c — see bodies.h: French labels, the body model (validation,
 * writes with their audit entries) and the staff pages of a body (list,
 * form, page with members, sessions and open decisions, deletion). */
#include "modules/bodies.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/session.h"
#include "modules/meetings.h"
#include "modules/projects.h"
#include "view/helpers.h"
#include "view/markdown.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define NOT_FOUND_MSG "Cette instance n'existe pas."

/* ---- French labels (GLOSSARY.md) ---- */

static const char *const kind_labels[][2] = {
    {"participation_committee", "Comité de suivi de la participation citoyenne"},
    {"gusp_strategic", "Comité stratégique GUSP"},
    {"gusp_technical", "Comité technique GUSP"},
    {"citizens_council", "Conseil citoyen"},
    {"other", "Autre instance"},
};
static const char *const kind_values[] = {"participation_committee", "gusp_strategic", "gusp_technical",
					  "citizens_council", "other", NULL};
static const char *const college_labels[][2] = {
    {"elected", "Élus"},
    {"technical", "Techniciens"},
    {"civil_society", "Société civile"},
};
static const char *const seat_labels[][2] = {
    {"full", "Titulaire"},
    {"substitute", "Suppléant"},
};
static const char *const decision_labels[][2] = {
    {"open", "À engager"},
    {"in_progress", "En cours"},
    {"done", "Faite"},
    {"dropped", "Abandonnée"},
};

/* The label of key in a table of pairs; key itself when unknown. */
static const char *label_of(const char *const (*pairs)[2], size_t n, const char *key)
{
	for (size_t i = 0; key && i < n; i++)
		if (strcmp(pairs[i][0], key) == 0)
			return pairs[i][1];
	return key ? key : "";
}

const char *body_kind_label(const char *kind)
{
	return label_of(kind_labels, NELEM(kind_labels), kind);
}

const char *body_college_label(const char *college)
{
	return label_of(college_labels, NELEM(college_labels), college);
}

const char *body_seat_label(const char *seat)
{
	return label_of(seat_labels, NELEM(seat_labels), seat);
}

const char *decision_status_label(const char *status)
{
	return label_of(decision_labels, NELEM(decision_labels), status);
}

json_t *body_kind_options(const char *selected)
{
	return options_json(kind_labels, NELEM(kind_labels), selected);
}

json_t *body_college_options(const char *selected)
{
	return options_json(college_labels, NELEM(college_labels), selected);
}

json_t *body_seat_options(const char *selected)
{
	return options_json(seat_labels, NELEM(seat_labels), selected);
}

json_t *decision_status_options(const char *selected)
{
	return options_json(decision_labels, NELEM(decision_labels), selected);
}

json_t *body_choices(long long selected)
{
	return db_rows("SELECT id, name, id = ?1 AS selected FROM body WHERE active = 1 OR id = ?1 ORDER BY name",
		       "i", selected);
}

const char *body_day_fr(req_t *r, const char *d)
{
	if (!d)
		return "";
	return strlen(d) == 10 ? arena_printf(r->arena, "%.2s/%.2s/%.4s", d + 8, d + 5, d) : d;
}

const char *body_paris_day(req_t *r, const char *iso_utc)
{
	char now[21];
	if (!iso_utc) {
		db_now(now);
		iso_utc = now;
	}
	const char *date = NULL, *time = NULL;
	if (utc_to_paris(r->arena, iso_utc, &date, &time) != 0)
		return arena_strndup(r->arena, iso_utc, 10);
	return date;
}

/* ---- reading ---- */

/* The quorum rule in words: « 50 % des titulaires, chaque collège représenté ». */
static const char *quorum_rule_fr(req_t *r, json_t *b)
{
	long long pct = json_integer_value(json_object_get(b, "quorum_percent"));
	int all = json_integer_value(json_object_get(b, "quorum_all_colleges")) != 0;
	if (!pct && !all)
		return "aucun quorum défini";
	if (!pct)
		return "chaque collège représenté";
	return arena_printf(r->arena, "%lld %% des titulaires%s", pct, all ? ", chaque collège représenté" : "");
}

json_t *body_load(req_t *r, long long id)
{
	json_t *b = db_row("SELECT b.id, b.project_id, p.slug AS project_slug, p.name AS project_name, b.kind, b.slug, "
			   "b.name, b.description, b.is_public, b.quorum_percent, b.quorum_all_colleges, b.active, "
			   "b.created_at, b.updated_at FROM body b LEFT JOIN project p ON p.id = b.project_id "
			   "WHERE b.id = ?",
			   "i", id);
	if (!b)
		return NULL;
	json_object_set_new(b, "kind_label", json_string(body_kind_label(json_string_value(json_object_get(b, "kind")))));
	json_object_set_new(
	    b, "description_html",
	    json_string(markdown_html(r->arena, json_string_value(json_object_get(b, "description")))));
	json_object_set_new(b, "quorum_fr", json_string(quorum_rule_fr(r, b)));
	return b;
}

json_t *body_or_404(req_t *r, long long *id)
{
	*id = param_id(r, "body_id");
	json_t *b = *id ? body_load(r, *id) : NULL;
	if (!b)
		reply_error(r, 404, NOT_FOUND_MSG, NULL);
	return b;
}

/* Adds the Paris label "starts_fr" and the labels of kind and status to
 * meeting rows. */
static void decorate_sessions(req_t *r, json_t *rows)
{
	rows_add_time_fr(r, rows, "starts_at");
	json_t *row;
	size_t i;
	json_array_foreach(rows, i, row)
	{
		const char *st = json_string_value(json_object_get(row, "status"));
		json_object_set_new(row, "status_label", json_string(meeting_status_label(st)));
		json_object_set_new(row, "is_cancelled", json_boolean(st && strcmp(st, "cancelled") == 0));
	}
}

json_t *body_sessions(req_t *r, long long body_id, int with_private)
{
	char now[21];
	db_now(now);
#define SESSIONS_SQL                                                                                                   \
	"SELECT id, title, starts_at, ends_at, status, place, online_url, is_public, convened_at, (SELECT count(*) "   \
	"FROM decision d WHERE d.meeting_id = m.id) AS decisions FROM meeting m WHERE body_id = ?1 AND (?2 OR "       \
	"is_public = 1) AND "
	json_t *upcoming = db_rows(SESSIONS_SQL "ends_at >= ?3 ORDER BY starts_at, id", "iit", body_id,
				   (long long)with_private, now);
	json_t *past = db_rows(SESSIONS_SQL "ends_at < ?3 ORDER BY starts_at DESC, id", "iit", body_id,
			       (long long)with_private, now);
	decorate_sessions(r, upcoming);
	decorate_sessions(r, past);
	return json_pack("{s:o, s:o, s:b, s:b}", "upcoming", upcoming, "past", past, "has_upcoming",
			 json_array_size(upcoming) > 0, "has_past", json_array_size(past) > 0);
}

/* The mandate in words: « depuis le 01/01/2026 », « du … au … ». */
static const char *mandate_fr(req_t *r, const char *start, const char *end)
{
	if (start && end)
		return arena_printf(r->arena, "du %s au %s", body_day_fr(r, start), body_day_fr(r, end));
	if (start)
		return arena_printf(r->arena, "depuis le %s", body_day_fr(r, start));
	if (end)
		return arena_printf(r->arena, "jusqu'au %s", body_day_fr(r, end));
	return "";
}

json_t *body_members_by_college(req_t *r, long long body_id, int current_only)
{
	const char *today = body_paris_day(r, NULL);
	json_t *rows = db_rows(
	    "SELECT bm.id, bm.contact_id, trim(c.first_name || ' ' || c.last_name) AS name, bm.college, bm.seat, "
	    "bm.position, bm.mandate_start, bm.mandate_end, bm.account_id, a.name AS account_name, "
	    "(bm.mandate_start IS NULL OR bm.mandate_start <= ?2) AND (bm.mandate_end IS NULL OR bm.mandate_end >= "
	    "?2) AS is_current FROM body_member bm JOIN contact c ON c.id = bm.contact_id LEFT JOIN account a ON "
	    "a.id = bm.account_id WHERE bm.body_id = ?1 AND (?3 = 0 OR ((bm.mandate_start IS NULL OR "
	    "bm.mandate_start <= ?2) AND (bm.mandate_end IS NULL OR bm.mandate_end >= ?2))) "
	    "ORDER BY bm.seat = 'substitute', c.last_name, c.first_name, bm.id",
	    "iti", body_id, today, (long long)current_only);
	json_t *colleges = json_array();
	for (size_t k = 0; k < NELEM(college_labels); k++) {
		json_t *members = json_array(), *row;
		size_t i;
		json_array_foreach(rows, i, row)
		{
			if (strcmp(json_string_value(json_object_get(row, "college")), college_labels[k][0]) != 0)
				continue;
			const char *seat = json_string_value(json_object_get(row, "seat"));
			json_object_set_new(row, "seat_label", json_string(body_seat_label(seat)));
			json_object_set_new(row, "is_substitute", json_boolean(strcmp(seat, "substitute") == 0));
			json_object_set_new(
			    row, "mandate_fr",
			    json_string(mandate_fr(r, json_string_value(json_object_get(row, "mandate_start")),
						   json_string_value(json_object_get(row, "mandate_end")))));
			json_object_set_new(row, "is_current",
					    json_boolean(json_integer_value(json_object_get(row, "is_current"))));
			json_array_append(members, row);
		}
		json_array_append_new(colleges, json_pack("{s:s, s:s, s:o, s:b}", "key", college_labels[k][0], "label",
							  college_labels[k][1], "members", members, "has_members",
							  json_array_size(members) > 0));
	}
	json_decref(rows);
	return colleges;
}

/* ---- the model ---- */

static const field_spec_t body_fields[] = {
    {"name", "Nom", FIELD_TEXT, 1, 2, 200, NULL},
    {"slug", "Identifiant dans l'adresse", FIELD_TEXT, 1, 2, 60, NULL},
    {"kind", "Type d'instance", FIELD_ENUM, 1, 0, 0, kind_values},
    {"project_id", "Projet", FIELD_INT, 0, 1, 1LL << 60, NULL},
    {"description", "Description", FIELD_TEXTAREA, 0, 0, 20000, NULL},
    {"is_public", "Instance publique", FIELD_BOOL, 0, 0, 0, NULL},
    {"quorum_percent", "Quorum", FIELD_INT, 0, 1, 100, NULL},
    {"quorum_all_colleges", "Chaque collège représenté", FIELD_BOOL, 0, 0, 0, NULL},
    {"active", "Instance active", FIELD_BOOL, 0, 0, 0, NULL},
};

/* The checks that need the database. Returns the number of errors. */
static int check_body(form_t *f, long long id)
{
	int errors = 0;
	const char *slug = form_text(f, "slug");
	if (slug && !slug_ok(slug)) {
		form_set_error(f, "slug", SLUG_MESSAGE);
		errors++;
	} else if (slug && db_int(0, "SELECT 1 FROM body WHERE slug = ? AND id <> ?", "ti", slug, id)) {
		form_set_error(f, "slug", "Une autre instance utilise déjà cet identifiant.");
		errors++;
	}
	long long project = form_int(f, "project_id");
	if (project && !db_int(0, "SELECT 1 FROM project WHERE id = ?", "i", project)) {
		form_set_error(f, "project_id", "Ce projet n'existe pas.");
		errors++;
	}
	return errors;
}

/* Writes the body row (insert when id is 0). 0 or an SQLite error code. */
static int write_body(long long id, const form_t *f)
{
	char now[21];
	db_now(now);
	const field_value_t *q = form_value(f, "quorum_percent");
	long long has_q = q && q->present;
	if (!id)
		return db_exec("INSERT INTO body (project_id, kind, slug, name, description, is_public, quorum_percent, "
			       "quorum_all_colleges, active, created_at, updated_at) VALUES (NULLIF(?1, 0), ?2, ?3, ?4, "
			       "COALESCE(?5, ''), ?6, CASE WHEN ?7 THEN ?8 END, ?9, ?10, ?11, ?11)",
			       "itttti"
			       "iiiit",
			       form_int(f, "project_id"), form_text(f, "kind"), form_text(f, "slug"),
			       form_text(f, "name"), form_text(f, "description"), form_int(f, "is_public"), has_q,
			       form_int(f, "quorum_percent"), form_int(f, "quorum_all_colleges"), form_int(f, "active"),
			       now);
	return db_exec("UPDATE body SET project_id = NULLIF(?1, 0), kind = ?2, slug = ?3, name = ?4, description = "
		       "COALESCE(?5, ''), is_public = ?6, quorum_percent = CASE WHEN ?7 THEN ?8 END, "
		       "quorum_all_colleges = ?9, active = ?10, updated_at = ?11 WHERE id = ?12",
		       "itttti"
		       "iiiiti",
		       form_int(f, "project_id"), form_text(f, "kind"), form_text(f, "slug"), form_text(f, "name"),
		       form_text(f, "description"), form_int(f, "is_public"), has_q, form_int(f, "quorum_percent"),
		       form_int(f, "quorum_all_colleges"), form_int(f, "active"), now, id);
}

typedef enum body_status { BODY_OK, BODY_INVALID, BODY_NOT_FOUND, BODY_DB_ERROR } body_status_t;

/* Validates the form and saves the body and its audit entry in one
 * transaction. *id: 0 to create, set on success. Caller owns f's objects. */
static body_status_t body_save(req_t *r, long long *id, form_t *f)
{
	int invalid = form_validate(r->arena, body_fields, NELEM(body_fields), &r->form, f);
	for (size_t k = 0; k < 3; k++) {
		const char *box = (const char *[]){"is_public", "quorum_all_colleges", "active"}[k];
		if (!json_object_get(f->input, box))
			json_object_set_new(f->input, box, json_string(""));
	}
	int creating = *id == 0;
	if (db_begin() != 0)
		return BODY_DB_ERROR;
	body_status_t st = BODY_OK;
	if (!creating && !db_int(0, "SELECT 1 FROM body WHERE id = ?", "i", *id))
		st = BODY_NOT_FOUND;
	if (st == BODY_OK && (check_body(f, *id) || invalid))
		st = BODY_INVALID;
	if (st == BODY_OK && write_body(*id, f) != 0)
		st = BODY_DB_ERROR;
	if (st == BODY_OK && creating)
		*id = db_last_id();
	if (st == BODY_OK &&
	    audit_record(r, creating ? "body.create" : "body.update", "body", *id,
			 "« %s » (%s), %s, quorum %lld %%%s, %s", form_text(f, "name"),
			 body_kind_label(form_text(f, "kind")), form_int(f, "is_public") ? "publique" : "non publique",
			 form_int(f, "quorum_percent"), form_int(f, "quorum_all_colleges") ? ", chaque collège" : "",
			 form_int(f, "active") ? "active" : "inactive") != 0)
		st = BODY_DB_ERROR;
	if (st == BODY_OK && db_commit() == 0)
		return BODY_OK;
	db_rollback();
	return st == BODY_OK ? BODY_DB_ERROR : st;
}

/* ---- the list ---- */

void bodies_list(req_t *r)
{
	char now[21];
	db_now(now);
	json_t *rows = db_rows(
	    "SELECT b.id, b.slug, b.name, b.kind, b.is_public, b.active, p.name AS project_name, "
	    "(SELECT count(*) FROM body_member bm WHERE bm.body_id = b.id AND (bm.mandate_start IS NULL OR "
	    "bm.mandate_start <= substr(?1, 1, 10)) AND (bm.mandate_end IS NULL OR bm.mandate_end >= substr(?1, 1, "
	    "10))) AS members, (SELECT min(m.starts_at) FROM meeting m WHERE m.body_id = b.id AND m.ends_at >= ?1 AND "
	    "m.status <> 'cancelled') AS next_session, (SELECT count(*) FROM decision d WHERE d.body_id = b.id AND "
	    "d.status IN ('open', 'in_progress')) AS open_decisions FROM body b LEFT JOIN project p ON p.id = "
	    "b.project_id ORDER BY b.active DESC, p.position, b.name",
	    "t", now);
	rows_add_time_fr(r, rows, "next_session");
	json_t *row;
	size_t i;
	json_array_foreach(rows, i, row) json_object_set_new(
	    row, "kind_label", json_string(body_kind_label(json_string_value(json_object_get(row, "kind")))));
	render(r, 200, "bodies_list",
	       json_pack("{s:{s:s}, s:o, s:b}", "page", "title", "Instances", "bodies", rows, "has_bodies",
			 json_array_size(rows) > 0));
}

/* ---- the form ---- */

/* Renders the body form; input and errors are stolen (errors may be NULL). */
static void render_form(req_t *r, int status, long long id, json_t *input, json_t *errors)
{
	json_t *pid = json_object_get(input, "project_id");
	long long project = json_is_integer(pid) ? json_integer_value(pid)
						 : (json_string_value(pid) ? atoll(json_string_value(pid)) : 0);
	json_t *view = json_pack(
	    "{s:{s:s}, s:I, s:b, s:s, s:o, s:o, s:o, s:o, s:s}", "page", "title",
	    id ? "Modifier une instance" : "Nouvelle instance", "id", (json_int_t)id, "is_new", id == 0, "action",
	    id ? arena_printf(r->arena, "/equipe/instances/%lld", id) : "/equipe/instances", "errors",
	    errors ? errors : json_object(), "kinds", body_kind_options(json_string_value(json_object_get(input, "kind"))),
	    "projects",
	    db_rows("SELECT id, name, id = ? AS selected FROM project ORDER BY position, name", "i", project), "input",
	    input, "csrf", csrf_token(r));
	render(r, status, "body_form", view);
}

/* The form values of a stored body. New reference. */
static json_t *input_of(json_t *b)
{
	static const char *const keys[] = {"name", "slug", "kind", "project_id", "description", "quorum_percent"};
	json_t *in = json_object();
	for (size_t k = 0; k < NELEM(keys); k++) {
		json_t *v = json_object_get(b, keys[k]);
		if (v && !json_is_null(v))
			json_object_set(in, keys[k], v);
	}
	static const char *const boxes[] = {"is_public", "quorum_all_colleges", "active"};
	for (size_t k = 0; k < NELEM(boxes); k++)
		json_object_set_new(in, boxes[k],
				    json_string(json_integer_value(json_object_get(b, boxes[k])) ? "1" : ""));
	return in;
}

void bodies_new_form(req_t *r)
{
	render_form(r, 200, 0,
		    json_pack("{s:s, s:s, s:s, s:s}", "kind", "participation_committee", "is_public", "1", "active", "1",
			      "quorum_percent", "50"),
		    NULL);
}

void bodies_edit_form(req_t *r)
{
	long long id;
	json_t *b = body_or_404(r, &id);
	if (!b)
		return;
	render_form(r, 200, id, input_of(b), NULL);
	json_decref(b);
}

/* Saves from the request (create when id is 0) and answers. */
static void save_and_answer(req_t *r, long long id)
{
	form_t f = {0};
	int creating = id == 0;
	body_status_t st = body_save(r, &id, &f);
	if (st == BODY_INVALID && !r->want_json) {
		render_form(r, 422, creating ? 0 : id, f.input, f.errors);
		return;
	}
	json_decref(f.input);
	if (st == BODY_INVALID) {
		reply_error(r, 422, NULL, f.errors);
		return;
	}
	json_decref(f.errors);
	if (st == BODY_NOT_FOUND)
		reply_error(r, 404, NOT_FOUND_MSG, NULL);
	else if (st != BODY_OK)
		reply_error(r, 500, "L'enregistrement a échoué ; rien n'a été modifié.", NULL);
	else
		reply_saved(r, creating, id, arena_printf(r->arena, "/equipe/instances/%lld", id),
			    creating ? "Instance créée." : "Instance enregistrée.");
}

void bodies_create(req_t *r)
{
	save_and_answer(r, 0);
}

void bodies_update(req_t *r)
{
	long long id = param_id(r, "body_id");
	if (!id || !db_int(0, "SELECT 1 FROM body WHERE id = ?", "i", id)) {
		reply_error(r, 404, NOT_FOUND_MSG, NULL);
		return;
	}
	save_and_answer(r, id);
}

/* ---- the page of a body ---- */

json_t *body_member_choices(long long contact, const char *college, const char *seat, long long account)
{
	return json_pack(
	    "{s:o, s:o, s:o, s:o}", "contacts",
	    db_rows("SELECT c.id, trim(c.last_name || ' ' || c.first_name) || CASE WHEN o.name IS NOT NULL THEN ' — ' "
		    "|| o.name ELSE '' END AS label, c.id = ? AS selected FROM contact c LEFT JOIN organization o ON "
		    "o.id = (SELECT organization_id FROM membership ms WHERE ms.contact_id = c.id ORDER BY "
		    "organization_id LIMIT 1) ORDER BY c.last_name, c.first_name, c.id",
		    "i", contact),
	    "colleges", body_college_options(college), "seats", body_seat_options(seat), "accounts",
	    db_rows("SELECT id, name || ' (' || email || ')' AS label, id = ? AS selected FROM account WHERE role = "
		    "'member' AND disabled_at IS NULL ORDER BY name",
		    "i", account));
}

void bodies_show_render(req_t *r, int status, long long id, json_t *b, json_t *member_input, json_t *member_errors)
{
	json_t *in = member_input ? member_input : json_pack("{s:s, s:s}", "college", "civil_society", "seat", "full");
	const char *contact = json_string_value(json_object_get(in, "contact_id"));
	const char *account = json_string_value(json_object_get(in, "account_id"));
	json_t *decisions = body_decisions(r, id, 1);
	json_t *view = json_pack(
	    "{s:{s:s}, s:O, s:o, s:o, s:o, s:b, s:o, s:o, s:o, s:s}", "page", "title",
	    arena_strdup(r->arena, json_string_value(json_object_get(b, "name"))), "body", b, "colleges",
	    body_members_by_college(r, id, 0), "sessions", body_sessions(r, id, 1), "decisions", decisions,
	    "has_decisions", json_array_size(decisions) > 0, "choices",
	    body_member_choices(contact ? atoll(contact) : 0, json_string_value(json_object_get(in, "college")),
				json_string_value(json_object_get(in, "seat")), account ? atoll(account) : 0),
	    "member_input", in, "member_errors", member_errors ? member_errors : json_object(), "csrf", csrf_token(r));
	render(r, status, "body_show", view);
}

void bodies_show(req_t *r)
{
	long long id;
	json_t *b = body_or_404(r, &id);
	if (!b)
		return;
	bodies_show_render(r, 200, id, b, NULL, NULL);
	json_decref(b);
}

/* ---- deletion ---- */

void bodies_delete(req_t *r)
{
	long long id;
	json_t *b = body_or_404(r, &id);
	if (!b)
		return;
	if (!form_confirmed(r, "confirm")) {
		json_decref(b);
		reply_error(r, 422, "Confirmez la suppression : cochez la case.",
			    json_pack("{s:s}", "confirm", CONFIRM_MESSAGE));
		return;
	}
	long long sessions = db_int(0, "SELECT count(*) FROM meeting WHERE body_id = ?", "i", id);
	char now[21];
	db_now(now);
	int rc = db_begin();
	if (rc == 0)
		rc = sessions ? db_exec("UPDATE body SET active = 0, updated_at = ? WHERE id = ?", "ti", now, id)
			      : db_exec("DELETE FROM body WHERE id = ?", "i", id);
	if (rc == 0)
		rc = audit_record(r, sessions ? "body.deactivate" : "body.delete", "body", id, "« %s »%s",
				  json_string_value(json_object_get(b, "name")),
				  sessions ? " rendue inactive (elle a des séances)" : " supprimée");
	json_decref(b);
	if (rc != 0 || db_commit() != 0) {
		db_rollback();
		reply_error(r, 500, "La suppression a échoué ; rien n'a été modifié.", NULL);
		return;
	}
	if (sessions) {
		flash_set(r, "L'instance a des séances : elle est rendue inactive au lieu d'être supprimée.");
		redirect(r, arena_printf(r->arena, "/equipe/instances/%lld", id));
		return;
	}
	flash_set(r, "Instance supprimée.");
	redirect(r, "/equipe/instances");
}
