/* attendance.c — see registrations.h: attendance on the day (émargement),
 * on a phone or a tablet. One form, one submit: the registered people
 * ticked, walk-ins added by name (rows with neither registration nor body
 * member), people only counted (meeting.anonymous_attendees), and the
 * meeting marked as held. Body members' rows (body_member_id) belong to the
 * committees' pages and are never touched here. */
#include <string.h>

#include "core/audit.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/session.h"
#include "modules/meetings.h"
#include "modules/registrations.h"
#include "view/helpers.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_IDS 5000      /* ticks of one meeting */
#define MAX_WALKIN 120    /* characters of one walk-in's name */

json_t *attendance_figures(long long meeting_id)
{
	json_t *f = db_row("SELECT (SELECT count(*) FROM attendance WHERE meeting_id = ?1 AND status = 'present') AS "
			   "named, (SELECT count(*) FROM attendance WHERE meeting_id = ?1 AND status = 'present' AND "
			   "registration_id IS NOT NULL) AS registered, (SELECT count(*) FROM attendance WHERE "
			   "meeting_id = ?1 AND status = 'present' AND registration_id IS NULL AND body_member_id IS "
			   "NULL) AS walkins, (SELECT count(*) FROM attendance WHERE meeting_id = ?1 AND status = "
			   "'present' AND body_member_id IS NOT NULL) AS members, anonymous_attendees AS anonymous "
			   "FROM meeting WHERE id = ?1",
			   "i", meeting_id);
	if (!f)
		return json_object();
	json_object_set_new(f, "present", json_integer(json_integer_value(json_object_get(f, "named")) +
						       json_integer_value(json_object_get(f, "anonymous"))));
	return f;
}

/* ---- the page ---- */

/* The registered and waiting people, with `present` when ticked. */
static json_t *people(long long meeting_id)
{
	return db_rows("SELECT g.id, g.name, g.status = 'waiting' AS waiting, EXISTS (SELECT 1 FROM attendance a WHERE "
		       "a.registration_id = g.id) AS present FROM registration g WHERE g.meeting_id = ? AND g.status "
		       "IN ('registered', 'waiting') ORDER BY g.status = 'waiting', g.name COLLATE NOCASE, g.id",
		       "i", meeting_id);
}

static void render_attendance(req_t *r, int status, json_t *m, json_t *errors)
{
	long long id = json_integer_value(json_object_get(m, "id"));
	const char *st = json_string_value(json_object_get(m, "status"));
	char now[21];
	db_now(now);
	int started = strcmp(json_string_value(json_object_get(m, "starts_at")), now) <= 0;
	json_t *view = json_pack(
	    "{s:{s:s}, s:o, s:o, s:o, s:b, s:b, s:b, s:o, s:s, s:b, s:b}", "page", "title",
	    arena_printf(r->arena, "Présences : %s", json_string_value(json_object_get(m, "title"))), "people",
	    people(id), "walkins",
	    db_rows("SELECT id, name FROM attendance WHERE meeting_id = ? AND registration_id IS NULL AND "
		    "body_member_id IS NULL ORDER BY id",
		    "i", id),
	    "figures", attendance_figures(id), "offer_held", strcmp(st, "scheduled") == 0, "held_default",
	    strcmp(st, "scheduled") == 0 && started, "is_held", strcmp(st, "held") == 0, "errors",
	    errors ? errors : json_object(), "csrf", csrf_token(r), "tab_attendance", 1, "tab_other", 1);
	json_object_set_new(view, "has_people", json_boolean(json_array_size(json_object_get(view, "people")) > 0));
	json_object_set_new(view, "meeting", m);
	render(r, status, "attendance", view);
}

void attendance_page(req_t *r)
{
	long long id;
	json_t *m = meeting_or_404(r, &id);
	if (!m)
		return;
	render_attendance(r, 200, m, NULL);
}

/* ---- one tick at a time (static/attendance.js) ---- */

void attendance_tick(req_t *r)
{
	long long id = param_id(r, "meeting_id"), reg = param_id(r, "registration_id");
	if (!id || !reg ||
	    !db_int(0, "SELECT 1 FROM registration WHERE id = ? AND meeting_id = ? AND status <> 'cancelled'", "ii", reg,
		    id)) {
		reply_error(r, 404, "Cette inscription n'existe pas.", NULL);
		return;
	}
	int present = form_confirmed(r, "present");
	char now[21];
	db_now(now);
	int rc = db_begin();
	if (rc == 0)
		rc = present ? db_exec("INSERT OR IGNORE INTO attendance (meeting_id, registration_id, status, recorded_by, "
				       "recorded_at) VALUES (?, ?, 'present', NULLIF(?, 0), ?)",
				       "iiit", id, reg, r->user ? r->user->id : 0LL, now)
			     : db_exec("DELETE FROM attendance WHERE registration_id = ?", "i", reg);
	if (rc == 0)
		rc = audit_record(r, "attendance.tick", "meeting", id, "inscription n° %lld : %s", reg,
				  present ? "présente" : "absente");
	if (rc == 0)
		rc = db_commit();
	if (rc != 0) {
		db_rollback();
		reply_error(r, 500, "L'enregistrement a échoué ; rien n'a été modifié.", NULL);
		return;
	}
	if (r->want_json) {
		reply_json(r, 200, json_pack("{s:b, s:o}", "present", present, "figures", attendance_figures(id)));
		return;
	}
	flash_set(r, present ? "Présence enregistrée." : "Présence retirée.");
	redirect(r, arena_printf(r->arena, "/equipe/reunions/%lld/presences", id));
}

/* ---- saving ---- */

static const field_spec_t attendance_fields[] = {
    {"anonymous_attendees", "Personnes comptées sans nom", FIELD_INT, 0, 0, 100000, NULL},
    {"new_walkins", "Personnes venues sans inscription", FIELD_TEXTAREA, 0, 0, 20000, NULL},
    {"held", "Réunion tenue", FIELD_BOOL, 0, 0, 0, NULL},
};

static int in_list(const id_list_t *l, long long id)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->ids[i] == id)
			return 1;
	return 0;
}

/* Removes the rows of the query (ids of one kind of row of the meeting)
 * whose id, or registration id, is not in keep. 0 or an error. */
static int drop_unticked(long long meeting_id, const char *select, const id_list_t *keep)
{
	json_t *rows = db_rows(select, "i", meeting_id), *row;
	size_t i;
	int rc = 0;
	json_array_foreach(rows, i, row)
	{
		if (rc == 0 && !in_list(keep, json_integer_value(json_object_get(row, "k"))))
			rc = db_exec("DELETE FROM attendance WHERE id = ?", "i",
				     (long long)json_integer_value(json_object_get(row, "id")));
	}
	json_decref(rows);
	return rc;
}

/* Adds one walk-in per non-empty line of names. *added counts them. 0 or an error. */
static int add_walkins(req_t *r, long long meeting_id, const char *names, const char *now, int *added)
{
	int rc = 0;
	for (const char *p = names; rc == 0 && p && *p;) {
		size_t n = strcspn(p, "\n");
		char *line = arena_strndup(r->arena, p, n);
		while (*line == ' ' || *line == '\t')
			line++;
		for (size_t k = strlen(line); k > 0 && strchr(" \t\r", line[k - 1]); k--)
			line[k - 1] = '\0';
		if (*line) {
			rc = db_exec("INSERT INTO attendance (meeting_id, name, status, recorded_by, recorded_at) VALUES "
				     "(?, ?, 'present', NULLIF(?, 0), ?)",
				     "itit", meeting_id, line, r->user ? r->user->id : 0LL, now);
			(*added)++;
		}
		p += n + (p[n] == '\n');
	}
	return rc;
}

/* Each line of names at most MAX_WALKIN characters. 1 when one is longer. */
static int walkin_too_long(const char *names)
{
	for (const char *p = names; p && *p;) {
		size_t n = strcspn(p, "\n"), chars = 0;
		for (size_t i = 0; i < n; i++)
			chars += ((unsigned char)p[i] & 0xC0) != 0x80;
		if (chars > MAX_WALKIN)
			return 1;
		p += n + (p[n] == '\n');
	}
	return 0;
}

/* The writes of the form, inside the transaction. 0 or an error. */
static int write_attendance(req_t *r, long long id, form_t *f, const id_list_t *present, const id_list_t *keep,
			    int *walkins_added)
{
	char now[21];
	db_now(now);
	int rc = drop_unticked(id,
			       "SELECT id, registration_id AS k FROM attendance WHERE meeting_id = ? AND "
			       "registration_id IS NOT NULL",
			       present);
	for (size_t i = 0; rc == 0 && i < present->n; i++)
		rc = db_exec("INSERT OR IGNORE INTO attendance (meeting_id, registration_id, status, recorded_by, "
			     "recorded_at) SELECT ?1, id, 'present', NULLIF(?3, 0), ?4 FROM registration WHERE id = ?2 "
			     "AND meeting_id = ?1 AND status <> 'cancelled'",
			     "iiit", id, present->ids[i], r->user ? r->user->id : 0LL, now);
	if (rc == 0)
		rc = drop_unticked(id,
				   "SELECT id, id AS k FROM attendance WHERE meeting_id = ? AND registration_id IS "
				   "NULL AND body_member_id IS NULL",
				   keep);
	if (rc == 0)
		rc = add_walkins(r, id, form_text(f, "new_walkins"), now, walkins_added);
	if (rc == 0)
		rc = db_exec("UPDATE meeting SET anonymous_attendees = ?1, status = CASE WHEN ?2 AND status = "
			     "'scheduled' THEN 'held' ELSE status END, sequence = sequence + (?2 AND status = "
			     "'scheduled'), updated_at = ?3 WHERE id = ?4",
			     "iiti", form_int(f, "anonymous_attendees"), form_int(f, "held"), now, id);
	return rc;
}

void attendance_save(req_t *r)
{
	long long id;
	json_t *m = meeting_or_404(r, &id);
	if (!m)
		return;
	id_list_t present, keep;
	form_read_ids(r, "present", MAX_IDS, &present);
	form_read_ids(r, "walkin_keep", MAX_IDS, &keep);
	form_t f = {0};
	int invalid = form_validate(r->arena, attendance_fields, NELEM(attendance_fields), &r->form, &f);
	if (!invalid && walkin_too_long(form_text(&f, "new_walkins"))) {
		form_set_error(&f, "new_walkins", "Un nom ne peut pas dépasser 120 caractères ; un nom par ligne.");
		invalid++;
	}
	if (!invalid && (present.bad || keep.bad)) {
		form_set_error(&f, "present", "La liste des présents envoyée n'est pas valide ; rechargez la page.");
		invalid++;
	}
	json_decref(f.input);
	if (invalid) {
		if (r->want_json) {
			json_decref(m);
			reply_error(r, 422, NULL, f.errors);
			return;
		}
		render_attendance(r, 422, m, f.errors);
		return;
	}
	json_decref(f.errors);
	int added = 0;
	int rc = db_begin();
	if (rc == 0)
		rc = write_attendance(r, id, &f, &present, &keep, &added);
	json_t *fig = rc == 0 ? attendance_figures(id) : NULL;
	if (rc == 0)
		rc = audit_record(r, "attendance.save", "meeting", id,
				  "émargement : %lld présent(s) dont %lld inscrit(s), %lld sans inscription (%d ajouté(s)), "
				  "%lld compté(s)%s",
				  (long long)json_integer_value(json_object_get(fig, "present")),
				  (long long)json_integer_value(json_object_get(fig, "registered")),
				  (long long)json_integer_value(json_object_get(fig, "walkins")), added,
				  (long long)json_integer_value(json_object_get(fig, "anonymous")),
				  form_int(&f, "held") ? " ; réunion tenue" : "");
	if (rc == 0)
		rc = db_commit();
	if (rc != 0) {
		db_rollback();
		json_decref(fig);
		json_decref(m);
		reply_error(r, 500, "L'enregistrement a échoué ; rien n'a été modifié.", NULL);
		return;
	}
	json_decref(m);
	flash_set(r, arena_printf(r->arena, "Présences enregistrées : %lld personne(s) présente(s).",
				  (long long)json_integer_value(json_object_get(fig, "present"))));
	json_decref(fig);
	redirect(r, arena_printf(r->arena, "/equipe/reunions/%lld/presences", id));
}
