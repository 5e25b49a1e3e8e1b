/* decisions.c — see bodies.h: the relevé de décisions of any meeting
 * (text, owner organisation and/or owner in words, due day, status), and
 * their follow-up (« suite donnée ») at later sessions of the same body:
 * each follow-up row keeps the session where it was reviewed, the note and
 * the new status, which becomes the decision's; closed_at is set when it is
 * done or dropped. */
#include "modules/bodies.h"

#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/session.h"
#include "modules/meetings.h"
#include "view/helpers.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define NOT_FOUND_MSG "Cette décision n'existe pas."

static const char *const status_values[] = {"open", "in_progress", "done", "dropped", NULL};

static const field_spec_t decision_fields[] = {
    {"text", "Décision", FIELD_TEXTAREA, 1, 2, 2000, NULL},
    {"owner_organization_id", "Organisation chargée", FIELD_INT, 0, 1, 1LL << 60, NULL},
    {"owner_name", "Porteur", FIELD_TEXT, 0, 0, 200, NULL},
    {"due_on", "Échéance", FIELD_DATE, 0, 0, 0, NULL},
    {"status", "État", FIELD_ENUM, 1, 0, 0, status_values},
};

static const field_spec_t followup_fields[] = {
    {"meeting_id", "Séance", FIELD_INT, 1, 1, 1LL << 60, NULL},
    {"status", "Nouvel état", FIELD_ENUM, 1, 0, 0, status_values},
    {"note", "Suite donnée", FIELD_TEXTAREA, 0, 0, 5000, NULL},
};

/* ---- reading ---- */

void decisions_decorate(req_t *r, json_t *rows, int with_history)
{
	const char *today = body_paris_day(r, NULL);
	json_t *row;
	size_t i;
	json_array_foreach(rows, i, row)
	{
		const char *st = json_string_value(json_object_get(row, "status"));
		const char *due = json_string_value(json_object_get(row, "due_on"));
		int open = strcmp(st, "open") == 0 || strcmp(st, "in_progress") == 0;
		json_object_set_new(row, "status_label", json_string(decision_status_label(st)));
		json_object_set_new(row, "is_open", json_boolean(open));
		json_object_set_new(row, "is_overdue", json_boolean(open && due && strcmp(due, today) < 0));
		if (due)
			json_object_set_new(row, "due_fr", json_string(body_day_fr(r, due)));
		json_t *held = json_object_get(row, "meeting_starts_at");
		if (json_is_string(held))
			json_object_set_new(row, "meeting_day_fr",
					    json_string(body_day_fr(r, body_paris_day(r, json_string_value(held)))));
		if (!with_history)
			continue;
		json_t *h = db_rows("SELECT f.id, f.status, f.note, f.created_at, f.meeting_id, m.title AS meeting_title, "
				    "m.starts_at AS meeting_starts_at, m.is_public AS meeting_public FROM "
				    "decision_followup f LEFT JOIN meeting m ON "
				    "m.id = f.meeting_id WHERE f.decision_id = ? ORDER BY f.id",
				    "i", (long long)json_integer_value(json_object_get(row, "id")));
		json_t *f;
		size_t k;
		json_array_foreach(h, k, f)
		{
			json_object_set_new(
			    f, "status_label",
			    json_string(decision_status_label(json_string_value(json_object_get(f, "status")))));
			const char *at = json_string_value(json_object_get(f, "meeting_starts_at"));
			json_object_set_new(f, "day_fr",
					    json_string(body_day_fr(r, body_paris_day(r, at ? at
										       : json_string_value(json_object_get(
											     f, "created_at"))))));
		}
		json_object_set_new(row, "has_history", json_boolean(json_array_size(h) > 0));
		json_object_set_new(row, "history", h);
	}
}

#define DECISION_SELECT                                                                                                \
	"SELECT d.id, d.meeting_id, d.body_id, d.position, d.text, d.owner_organization_id, o.name AS "                \
	"owner_organization, d.owner_name, d.due_on, d.status, d.closed_at, d.created_at, d.updated_at, m.title AS "  \
	"meeting_title, m.starts_at AS meeting_starts_at, m.is_public AS meeting_public FROM decision d JOIN meeting " \
	"m ON m.id = d.meeting_id LEFT JOIN organization o ON o.id = d.owner_organization_id "

json_t *body_decisions(req_t *r, long long body_id, int only_open)
{
	json_t *rows = db_rows(DECISION_SELECT "WHERE d.body_id = ?1 AND (?2 = 0 OR d.status IN ('open', "
					       "'in_progress')) ORDER BY d.due_on IS NULL, d.due_on, m.starts_at, d.position, d.id",
			       "ii", body_id, (long long)only_open);
	decisions_decorate(r, rows, 1);
	return rows;
}

/* ---- the decisions page of a meeting ---- */

/* The organisations, for the owner's select. New reference. */
static json_t *owner_choices(long long selected)
{
	return db_rows("SELECT id, name, id = ? AS selected FROM organization ORDER BY name", "i", selected);
}

/* An integer held as a string or an integer in an input object. */
static long long input_int(json_t *input, const char *key)
{
	json_t *v = json_object_get(input, key);
	return json_is_integer(v) ? json_integer_value(v) : (json_string_value(v) ? atoll(json_string_value(v)) : 0);
}

/* What the page shows after a failed form: which form, input and errors. */
typedef struct page_state {
	json_t *input, *errors; /* the add form's (stolen) */
	long long fu_decision;  /* the decision whose follow-up failed */
	json_t *fu_input, *fu_errors;
} page_state_t;

/* The body's decisions still open, taken at sessions before meeting m,
 * each with its follow-up form. New reference. */
static json_t *earlier_open(req_t *r, json_t *m, long long id, page_state_t *ps)
{
	long long body = json_integer_value(json_object_get(m, "body_id"));
	if (!body)
		return json_array();
	json_t *rows = db_rows(DECISION_SELECT "WHERE d.body_id = ?1 AND d.meeting_id <> ?2 AND m.starts_at < ?3 AND "
					       "(d.status IN ('open', 'in_progress') OR EXISTS (SELECT 1 FROM "
					       "decision_followup f WHERE f.decision_id = d.id AND f.meeting_id = ?2)) "
					       "ORDER BY m.starts_at, d.position, d.id",
			       "iit", body, id, json_string_value(json_object_get(m, "starts_at")));
	decisions_decorate(r, rows, 1);
	json_t *row;
	size_t i;
	json_array_foreach(rows, i, row)
	{
		long long did = json_integer_value(json_object_get(row, "id"));
		int failed = ps && ps->fu_decision == did;
		const char *st = failed ? json_string_value(json_object_get(ps->fu_input, "status"))
					: json_string_value(json_object_get(row, "status"));
		json_object_set_new(row, "statuses", decision_status_options(st));
		json_object_set_new(row, "followed_here",
				    json_boolean(db_int(0, "SELECT 1 FROM decision_followup WHERE decision_id = ? AND "
							   "meeting_id = ?",
							"ii", did, id)));
		json_object_set_new(row, "fu_errors", failed ? json_incref(ps->fu_errors) : json_object());
		json_object_set_new(row, "fu_input", failed ? json_incref(ps->fu_input) : json_object());
	}
	return rows;
}

static void render_page(req_t *r, int status, long long id, json_t *m, page_state_t *ps)
{
	json_t *input = ps && ps->input ? ps->input : json_pack("{s:s}", "status", "open");
	json_t *rows = db_rows(DECISION_SELECT "WHERE d.meeting_id = ? ORDER BY d.position, d.id", "i", id);
	decisions_decorate(r, rows, 1);
	json_t *earlier = earlier_open(r, m, id, ps);
	json_t *view = json_pack(
	    "{s:{s:s}, s:O, s:o, s:b, s:o, s:b, s:o, s:o, s:o, s:o, s:s}", "page", "title", "Relevé de décisions",
	    "meeting", m, "decisions", rows, "has_decisions", json_array_size(rows) > 0, "earlier", earlier, "has_earlier",
	    json_array_size(earlier) > 0, "owners", owner_choices(input_int(input, "owner_organization_id")), "statuses",
	    decision_status_options(json_string_value(json_object_get(input, "status"))), "input", input, "errors",
	    ps && ps->errors ? ps->errors : json_object(), "csrf", csrf_token(r));
	json_object_set_new(view, "action", json_sprintf("/equipe/reunions/%lld/decisions", id));
	json_object_set_new(view, "tab_other", json_true());
	json_object_set_new(view, "tab_decisions", json_true());
	if (ps) {
		json_decref(ps->fu_input);
		json_decref(ps->fu_errors);
	}
	render(r, status, "decisions", view);
}

void decisions_page(req_t *r)
{
	long long id;
	json_t *m = meeting_or_404(r, &id);
	if (!m)
		return;
	render_page(r, 200, id, m, NULL);
	json_decref(m);
}

/* The checks the field table cannot make (due year, owner organisation); the number of errors. */
static int check_decision(form_t *f)
{
	int errors = form_year_outside(f, "due_on", form_text(f, "due_on"));
	long long org = form_int(f, "owner_organization_id");
	if (org && !db_int(0, "SELECT 1 FROM organization WHERE id = ?", "i", org)) {
		form_set_error(f, "owner_organization_id", "Cette organisation n'existe pas.");
		errors++;
	}
	return errors;
}

/* Commits, or rolls back and answers 500; 0 when committed. */
static int commit_or_500(req_t *r, int rc)
{
	if (rc == 0 && db_commit() == 0)
		return 0;
	db_rollback();
	reply_error(r, 500, "L'enregistrement a échoué ; rien n'a été modifié.", NULL);
	return -1;
}

/* closed_at for a new status: kept when it stays closed, now when it
 * closes, NULL when it reopens. SQL fragment over ?status and ?now. */
#define CLOSED_AT(st, now)                                                                                             \
	"CASE WHEN " st " IN ('done', 'dropped') THEN COALESCE(closed_at, " now ") END"

void decisions_add(req_t *r)
{
	long long id;
	json_t *m = meeting_or_404(r, &id);
	if (!m)
		return;
	form_t f = {0};
	int bad = form_validate(r->arena, decision_fields, NELEM(decision_fields), &r->form, &f);
	bad += check_decision(&f);
	if (bad) {
		if (r->want_json) {
			json_decref(f.input);
			reply_error(r, 422, NULL, f.errors);
		} else {
			page_state_t ps = {f.input, f.errors, 0, NULL, NULL};
			render_page(r, 422, id, m, &ps);
		}
		json_decref(m);
		return;
	}
	json_decref(f.input);
	json_decref(f.errors);
	char now[21];
	db_now(now);
	const char *st = form_text(&f, "status");
	int rc = db_begin();
	if (rc == 0)
		rc = db_exec("INSERT INTO decision (meeting_id, body_id, position, text, owner_organization_id, owner_name, "
			     "due_on, status, closed_at, created_by, created_at, updated_at) VALUES (?1, NULLIF(?2, 0), "
			     "(SELECT COALESCE(max(position), 0) + 1 FROM decision WHERE meeting_id = ?1), ?3, NULLIF(?4, "
			     "0), COALESCE(?5, ''), ?6, ?7, CASE WHEN ?7 IN ('done', 'dropped') THEN ?9 END, "
			     "NULLIF(?8, 0), ?9, ?9)",
			     "iitittt"
			     "it",
			     id, (long long)json_integer_value(json_object_get(m, "body_id")), form_text(&f, "text"),
			     form_int(&f, "owner_organization_id"), form_text(&f, "owner_name"), form_text(&f, "due_on"),
			     st, r->user ? r->user->id : 0LL, now);
	long long did = rc == 0 ? db_last_id() : 0;
	if (rc == 0)
		rc = audit_record(r, "decision.create", "meeting", id, "décision %lld : « %s » (%s)", did,
				  form_text(&f, "text"), decision_status_label(st));
	json_decref(m);
	if (commit_or_500(r, rc) != 0)
		return;
	reply_saved(r, 1, did, arena_printf(r->arena, "/equipe/reunions/%lld/decisions", id), "Décision ajoutée.");
}

/* ---- one decision ---- */

/* The decision of the path's {decision_id}, decorated; NULL after a 404. */
static json_t *decision_or_404(req_t *r, long long *id)
{
	*id = param_id(r, "decision_id");
	json_t *rows = *id ? db_rows(DECISION_SELECT "WHERE d.id = ?", "i", *id) : NULL;
	json_t *d = rows && json_array_size(rows) ? json_incref(json_array_get(rows, 0)) : NULL;
	json_decref(rows);
	if (!d) {
		reply_error(r, 404, NOT_FOUND_MSG, NULL);
		return NULL;
	}
	json_t *one = json_pack("[O]", d);
	decisions_decorate(r, one, 1);
	json_decref(one);
	return d;
}

/* Renders the edit form of decision d (borrowed); input, errors stolen. */
static void render_decision(req_t *r, int status, json_t *d, json_t *input, json_t *errors)
{
	json_t *view = json_pack(
	    "{s:{s:s}, s:O, s:o, s:o, s:o, s:o, s:s}", "page", "title", "Modifier une décision", "decision", d, "owners",
	    owner_choices(input_int(input, "owner_organization_id")), "statuses",
	    decision_status_options(json_string_value(json_object_get(input, "status"))), "input", input, "errors",
	    errors ? errors : json_object(), "csrf", csrf_token(r));
	render(r, status, "decision_form", view);
}

/* The form values of a stored decision. New reference. */
static json_t *decision_input(json_t *d)
{
	json_t *in = json_object();
	static const char *const keys[] = {"text", "owner_organization_id", "owner_name", "due_on", "status"};
	for (size_t k = 0; k < NELEM(keys); k++) {
		json_t *v = json_object_get(d, keys[k]);
		if (json_is_integer(v))
			json_object_set_new(in, keys[k], json_sprintf("%lld", (long long)json_integer_value(v)));
		else if (json_is_string(v))
			json_object_set(in, keys[k], v);
	}
	return in;
}

void decisions_edit_form(req_t *r)
{
	long long id;
	json_t *d = decision_or_404(r, &id);
	if (!d)
		return;
	render_decision(r, 200, d, decision_input(d), NULL);
	json_decref(d);
}

void decisions_update(req_t *r)
{
	long long id;
	json_t *d = decision_or_404(r, &id);
	if (!d)
		return;
	form_t f = {0};
	int bad = form_validate(r->arena, decision_fields, NELEM(decision_fields), &r->form, &f);
	bad += check_decision(&f);
	if (bad) {
		if (r->want_json) {
			json_decref(f.input);
			reply_error(r, 422, NULL, f.errors);
		} else {
			render_decision(r, 422, d, f.input, f.errors);
		}
		json_decref(d);
		return;
	}
	json_decref(f.input);
	json_decref(f.errors);
	long long meeting = json_integer_value(json_object_get(d, "meeting_id"));
	json_decref(d);
	char now[21];
	db_now(now);
	int rc = db_begin();
	if (rc == 0)
		rc = db_exec("UPDATE decision SET text = ?1, owner_organization_id = NULLIF(?2, 0), owner_name = "
			     "COALESCE(?3, ''), due_on = ?4, status = ?5, closed_at = " CLOSED_AT("?5", "?6") ", "
			     "updated_at = ?6 WHERE id = ?7",
			     "titttti", form_text(&f, "text"), form_int(&f, "owner_organization_id"),
			     form_text(&f, "owner_name"), form_text(&f, "due_on"), form_text(&f, "status"), now, id);
	if (rc == 0)
		rc = audit_record(r, "decision.update", "meeting", meeting, "décision %lld : « %s » (%s)", id,
				  form_text(&f, "text"), decision_status_label(form_text(&f, "status")));
	if (commit_or_500(r, rc) != 0)
		return;
	reply_saved(r, 0, id, arena_printf(r->arena, "/equipe/reunions/%lld/decisions", meeting),
		    "Décision enregistrée.");
}

/* ---- follow-up ---- */

void decisions_followup(req_t *r)
{
	long long id;
	json_t *d = decision_or_404(r, &id);
	if (!d)
		return;
	form_t f = {0};
	int bad = form_validate(r->arena, followup_fields, NELEM(followup_fields), &r->form, &f);
	long long meeting = form_int(&f, "meeting_id");
	json_t *m = meeting ? meeting_load(r, meeting) : NULL;
	if (meeting && !m) {
		form_set_error(&f, "meeting_id", "Cette séance n'existe pas.");
		bad++;
	}
	/* followed « from session to session » of the decision's own body */
	long long body = json_integer_value(json_object_get(d, "body_id"));
	int elsewhere = m && body && json_integer_value(json_object_get(m, "body_id")) != body;
	if (elsewhere) {
		form_set_error(&f, "meeting_id", "Cette réunion n'est pas une séance de l'instance de cette décision.");
		bad++;
	}
	if (bad) {
		json_decref(d);
		if (r->want_json || !m || elsewhere) {
			json_decref(f.input);
			json_decref(m);
			reply_error(r, 422, NULL, f.errors);
			return;
		}
		page_state_t ps = {NULL, NULL, id, f.input, f.errors};
		render_page(r, 422, meeting, m, &ps);
		json_decref(m);
		return;
	}
	json_decref(f.input);
	json_decref(f.errors);
	char now[21];
	db_now(now);
	const char *st = form_text(&f, "status");
	int rc = db_begin();
	if (rc == 0)
		rc = db_exec("INSERT INTO decision_followup (decision_id, meeting_id, status, note, created_by, created_at) "
			     "VALUES (?, ?, ?, COALESCE(?, ''), NULLIF(?, 0), ?)",
			     "iittit", id, meeting, st, form_text(&f, "note"), r->user ? r->user->id : 0LL, now);
	if (rc == 0)
		rc = db_exec("UPDATE decision SET status = ?1, closed_at = " CLOSED_AT("?1", "?2") ", updated_at = ?2 "
			     "WHERE id = ?3",
			     "tti", st, now, id);
	if (rc == 0)
		rc = audit_record(r, "decision.followup", "meeting", meeting, "suite donnée à la décision %lld (« %s ») : %s",
				  id, json_string_value(json_object_get(d, "text")), decision_status_label(st));
	json_decref(d);
	json_decref(m);
	if (commit_or_500(r, rc) != 0)
		return;
	reply_saved(r, 0, id, arena_printf(r->arena, "/equipe/reunions/%lld/decisions#suivi", meeting),
		    "Suite donnée enregistrée.");
}
