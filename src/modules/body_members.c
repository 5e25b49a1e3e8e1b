/* body_members.c — see bodies.h: the members of a body. A member is a
 * contact of the partner directory (no account needed) in a college, full
 * or substitute, with a position and mandate dates (Paris days, inclusive);
 * linking an account of role member lets that account see the body's
 * private sessions. */
#include "modules/bodies.h"

#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/session.h"
#include "view/helpers.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define NOT_FOUND_MSG "Ce membre n'existe pas."

static const char *const college_values[] = {"elected", "technical", "civil_society", NULL};
static const char *const seat_values[] = {"full", "substitute", NULL};

static const field_spec_t member_fields[] = {
    {"contact_id", "Contact", FIELD_INT, 1, 1, 1LL << 60, NULL},
    {"college", "Collège", FIELD_ENUM, 1, 0, 0, college_values},
    {"seat", "Siège", FIELD_ENUM, 1, 0, 0, seat_values},
    {"position", "Qualité", FIELD_TEXT, 0, 0, 200, NULL},
    {"mandate_start", "Début du mandat", FIELD_DATE, 0, 0, 0, NULL},
    {"mandate_end", "Fin du mandat", FIELD_DATE, 0, 0, 0, NULL},
    {"account_id", "Compte de membre", FIELD_INT, 0, 1, 1LL << 60, NULL},
};

/* The checks that need the database or several fields; the number of errors. */
static int check_member(form_t *f)
{
	int errors = 0;
	long long contact = form_int(f, "contact_id");
	if (contact && !db_int(0, "SELECT 1 FROM contact WHERE id = ?", "i", contact)) {
		form_set_error(f, "contact_id", "Ce contact n'existe pas dans l'annuaire.");
		errors++;
	}
	long long account = form_int(f, "account_id");
	if (account && !db_int(0, "SELECT 1 FROM account WHERE id = ? AND role = 'member'", "i", account)) {
		form_set_error(f, "account_id", "Choisissez un compte de rôle « membre d'instance ».");
		errors++;
	}
	const char *start = form_text(f, "mandate_start"), *end = form_text(f, "mandate_end");
	errors += form_year_outside(f, "mandate_start", start) + form_year_outside(f, "mandate_end", end);
	if (start && end && strcmp(end, start) < 0) {
		form_set_error(f, "mandate_end", "La fin du mandat doit être après son début.");
		errors++;
	}
	return errors;
}

/* Validates the member form; the number of errors. Caller owns f's objects. */
static int read_member(req_t *r, form_t *f)
{
	int invalid = form_validate(r->arena, member_fields, NELEM(member_fields), &r->form, f);
	return check_member(f) + invalid;
}

/* The member of the path in the path's body, or NULL after a 404. */
static json_t *member_or_404(req_t *r, long long *body_id, long long *member_id)
{
	*body_id = param_id(r, "body_id");
	*member_id = param_id(r, "member_id");
	json_t *m = *body_id && *member_id
			? db_row("SELECT bm.id, bm.body_id, bm.contact_id, bm.college, bm.seat, bm.position, "
				 "bm.mandate_start, bm.mandate_end, bm.account_id, trim(c.first_name || ' ' || "
				 "c.last_name) AS name, b.name AS body_name FROM body_member bm JOIN contact c ON c.id = "
				 "bm.contact_id JOIN body b ON b.id = bm.body_id WHERE bm.id = ? AND bm.body_id = ?",
				 "ii", *member_id, *body_id)
			: NULL;
	if (!m)
		reply_error(r, 404, NOT_FOUND_MSG, NULL);
	return m;
}

/* Inserts (member_id 0) or updates the member from f, with its audit entry,
 * in one transaction; the member's id, or 0 on failure. */
static long long write_member(req_t *r, long long body_id, long long member_id, const form_t *f)
{
	char now[21];
	db_now(now);
	if (db_begin() != 0)
		return 0;
	int rc;
	if (!member_id)
		rc = db_exec("INSERT INTO body_member (body_id, contact_id, college, seat, position, mandate_start, "
			     "mandate_end, account_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, COALESCE(?5, ''), "
			     "?6, ?7, NULLIF(?8, 0), ?9, ?9)",
			     "iitttttit", body_id, form_int(f, "contact_id"), form_text(f, "college"),
			     form_text(f, "seat"), form_text(f, "position"), form_text(f, "mandate_start"),
			     form_text(f, "mandate_end"), form_int(f, "account_id"), now);
	else
		rc = db_exec("UPDATE body_member SET contact_id = ?2, college = ?3, seat = ?4, position = COALESCE(?5, "
			     "''), mandate_start = ?6, mandate_end = ?7, account_id = NULLIF(?8, 0), updated_at = ?9 "
			     "WHERE id = ?1",
			     "iitttttit", member_id, form_int(f, "contact_id"), form_text(f, "college"),
			     form_text(f, "seat"), form_text(f, "position"), form_text(f, "mandate_start"),
			     form_text(f, "mandate_end"), form_int(f, "account_id"), now);
	if (rc == 0 && !member_id)
		member_id = db_last_id();
	if (rc == 0)
		rc = audit_record(r, param_id(r, "member_id") ? "body.member_update" : "body.member_add",
				  "body", body_id, "membre %lld : contact %lld, %s, %s, mandat %s → %s", member_id,
				  form_int(f, "contact_id"), body_college_label(form_text(f, "college")),
				  body_seat_label(form_text(f, "seat")),
				  form_text(f, "mandate_start") ? form_text(f, "mandate_start") : "…",
				  form_text(f, "mandate_end") ? form_text(f, "mandate_end") : "…");
	if (rc == 0 && db_commit() == 0)
		return member_id;
	db_rollback();
	return 0;
}

void body_members_add(req_t *r)
{
	long long id;
	json_t *b = body_or_404(r, &id);
	if (!b)
		return;
	form_t f = {0};
	if (read_member(r, &f)) {
		if (r->want_json) {
			json_decref(f.input);
			reply_error(r, 422, NULL, f.errors);
		} else {
			bodies_show_render(r, 422, id, b, f.input, f.errors);
		}
		json_decref(b);
		return;
	}
	json_decref(b);
	json_decref(f.input);
	json_decref(f.errors);
	long long member = write_member(r, id, 0, &f);
	if (!member) {
		reply_error(r, 500, "L'enregistrement a échoué ; rien n'a été modifié.", NULL);
		return;
	}
	reply_saved(r, 1, member, arena_printf(r->arena, "/equipe/instances/%lld#membres", id), "Membre ajouté.");
}

/* Renders the edit form of a member (m borrowed; input, errors stolen). */
static void render_member_form(req_t *r, int status, json_t *m, json_t *input, json_t *errors)
{
	const char *contact = json_string_value(json_object_get(input, "contact_id"));
	const char *account = json_string_value(json_object_get(input, "account_id"));
	long long body_id = json_integer_value(json_object_get(m, "body_id"));
	json_t *view = json_pack(
	    "{s:{s:s}, s:O, s:s, s:s, s:o, s:o, s:o, s:s}", "page", "title",
	    arena_printf(r->arena, "Membre : %s", json_string_value(json_object_get(m, "name"))), "member", m, "action",
	    arena_printf(r->arena, "/equipe/instances/%lld/membres/%lld", body_id,
			 (long long)json_integer_value(json_object_get(m, "id"))),
	    "body_url", arena_printf(r->arena, "/equipe/instances/%lld", body_id), "choices",
	    body_member_choices(contact ? atoll(contact) : 0, json_string_value(json_object_get(input, "college")),
				json_string_value(json_object_get(input, "seat")), account ? atoll(account) : 0),
	    "member_input", input, "member_errors", errors ? errors : json_object(), "csrf", csrf_token(r));
	render(r, status, "body_member_form", view);
}

/* The form values of a stored member, as strings. New reference. */
static json_t *member_input(json_t *m)
{
	json_t *in = json_object();
	static const char *const keys[] = {"contact_id", "college",	"seat",	      "position",
					   "mandate_start", "mandate_end", "account_id"};
	for (size_t k = 0; k < NELEM(keys); k++) {
		json_t *v = json_object_get(m, keys[k]);
		if (json_is_integer(v))
			json_object_set_new(in, keys[k], json_sprintf("%lld", (long long)json_integer_value(v)));
		else if (json_is_string(v))
			json_object_set(in, keys[k], v);
	}
	return in;
}

void body_members_edit_form(req_t *r)
{
	long long body_id, id;
	json_t *m = member_or_404(r, &body_id, &id);
	if (!m)
		return;
	render_member_form(r, 200, m, member_input(m), NULL);
	json_decref(m);
}

void body_members_update(req_t *r)
{
	long long body_id, id;
	json_t *m = member_or_404(r, &body_id, &id);
	if (!m)
		return;
	form_t f = {0};
	if (read_member(r, &f)) {
		if (r->want_json) {
			json_decref(f.input);
			reply_error(r, 422, NULL, f.errors);
		} else {
			render_member_form(r, 422, m, f.input, f.errors);
		}
		json_decref(m);
		return;
	}
	json_decref(m);
	json_decref(f.input);
	json_decref(f.errors);
	if (!write_member(r, body_id, id, &f)) {
		reply_error(r, 500, "L'enregistrement a échoué ; rien n'a été modifié.", NULL);
		return;
	}
	reply_saved(r, 0, id, arena_printf(r->arena, "/equipe/instances/%lld#membres", body_id), "Membre enregistré.");
}

/* Runs one statement on the member and an audit entry; 0 or -1. */
static int member_change(req_t *r, long long body_id, const char *sql, const char *types, long long a, const char *t,
			 const char *action, const char *what)
{
	if (db_begin() != 0)
		return -1;
	int rc = *types == 'i' ? db_exec(sql, "i", a) : db_exec(sql, "ti", t, a);
	if (rc == 0)
		rc = audit_record(r, action, "body", body_id, "%s", what);
	if (rc == 0 && db_commit() == 0)
		return 0;
	db_rollback();
	return -1;
}

void body_members_end(req_t *r)
{
	long long body_id, id;
	json_t *m = member_or_404(r, &body_id, &id);
	if (!m)
		return;
	const char *today = body_paris_day(r, NULL);
	const char *start = json_string_value(json_object_get(m, "mandate_start"));
	const char *end = json_string_value(json_object_get(m, "mandate_end"));
	start = start ? arena_strdup(r->arena, start) : NULL;
	end = end ? arena_strdup(r->arena, end) : NULL;
	const char *url = arena_printf(r->arena, "/equipe/instances/%lld#membres", body_id);
	const char *name = arena_strdup(r->arena, json_string_value(json_object_get(m, "name")));
	json_decref(m);
	if (end && strcmp(end, today) <= 0) {
		flash_set(r, "Ce mandat est déjà terminé.");
		redirect(r, url);
		return;
	}
	if (start && strcmp(start, today) > 0) {
		flash_set(r, "Ce mandat n'a pas encore commencé : modifiez ses dates ou retirez le membre.");
		redirect(r, url);
		return;
	}
	if (member_change(r, body_id, "UPDATE body_member SET mandate_end = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?",
			  "ti", id, today, "body.member_end", arena_printf(r->arena, "fin du mandat de %s le %s", name, today)) != 0) {
		reply_error(r, 500, "L'enregistrement a échoué ; rien n'a été modifié.", NULL);
		return;
	}
	flash_set(r, "Mandat terminé aujourd'hui.");
	redirect(r, url);
}

void body_members_remove(req_t *r)
{
	long long body_id, id;
	json_t *m = member_or_404(r, &body_id, &id);
	if (!m)
		return;
	const char *name = arena_strdup(r->arena, json_string_value(json_object_get(m, "name")));
	if (!form_confirmed(r, "confirm")) {
		if (r->want_json) {
			reply_error(r, 422, NULL, json_pack("{s:s}", "confirm", CONFIRM_MESSAGE));
		} else {
			render_member_form(r, 422, m, member_input(m), json_pack("{s:s}", "confirm", CONFIRM_MESSAGE));
		}
		json_decref(m);
		return;
	}
	json_decref(m);
	if (member_change(r, body_id, "DELETE FROM body_member WHERE id = ?", "i", id, NULL, "body.member_remove",
			  arena_printf(r->arena, "%s retiré(e) de l'instance", name)) != 0) {
		reply_error(r, 500, "La suppression a échoué ; rien n'a été modifié.", NULL);
		return;
	}
	flash_set(r, "Membre retiré de l'instance.");
	redirect(r, arena_printf(r->arena, "/equipe/instances/%lld#membres", body_id));
}
