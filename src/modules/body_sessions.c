/* body_sessions.c — see bodies.h: the sessions of a body (meetings of kind
 * committee_session with meeting.body_id): the convocation e-mailed to the
 * members through the outbox, the attendance per member (émargement), the
 * colleges represented and the quorum (quorum.c), the iCalendar feed of a
 * body (agenda.c's writer), and who may see a private session. */
#include "modules/bodies.h"

#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/outbox.h"
#include "db/db.h"
#include "http/session.h"
#include "modules/meetings.h"
#include "modules/quorum.h"
#include "view/helpers.h"

#define NOT_SESSION_MSG "Cette réunion n'est pas une séance d'instance : choisissez une instance dans la réunion."

static const char *const college_keys[QUORUM_COLLEGES] = {"elected", "technical", "civil_society"};

/* ---- reading ---- */

json_t *body_members_on(long long body_id, const char *day, long long meeting_id)
{
	return db_rows("SELECT bm.id, bm.college, bm.seat, bm.position, trim(c.first_name || ' ' || c.last_name) AS "
		       "name, c.email, COALESCE(a.status, '') AS status FROM body_member bm JOIN contact c ON c.id = "
		       "bm.contact_id LEFT JOIN attendance a ON a.meeting_id = ?3 AND a.body_member_id = bm.id "
		       "WHERE bm.body_id = ?1 AND (bm.mandate_start IS NULL OR bm.mandate_start <= ?2) AND "
		       "(bm.mandate_end IS NULL OR bm.mandate_end >= ?2) ORDER BY bm.seat = 'substitute', c.last_name, "
		       "c.first_name, bm.id",
		       "iti", body_id, day, meeting_id);
}

/* The session of the path's {meeting_id}: the meeting (meeting_load) with
 * body_name; NULL after answering (404, or a redirect to the meeting when
 * it is not a session of a body). */
static json_t *session_or_answer(req_t *r, long long *id)
{
	json_t *m = meeting_or_404(r, id);
	if (!m)
		return NULL;
	long long body = json_integer_value(json_object_get(m, "body_id"));
	if (!body || strcmp(json_string_value(json_object_get(m, "kind")), "committee_session") != 0) {
		json_decref(m);
		if (r->want_json && strcmp(r->method, "POST") == 0) { /* a GET goes to the meeting, in JSON too */
			reply_error(r, 422, NOT_SESSION_MSG, NULL);
			return NULL;
		}
		flash_set(r, NOT_SESSION_MSG);
		redirect(r, arena_printf(r->arena, "/equipe/reunions/%lld", *id));
		return NULL;
	}
	return m;
}

/* The Paris day of a meeting (m from meeting_load). */
static const char *session_day(req_t *r, json_t *m)
{
	return body_paris_day(r, json_string_value(json_object_get(m, "starts_at")));
}

/* ---- who may see a private session ---- */

int body_viewer_is_member(const req_t *r, long long meeting_id)
{
	if (!r->user)
		return 0;
	json_t *m = db_row("SELECT body_id, starts_at FROM meeting WHERE id = ? AND body_id IS NOT NULL", "i",
			   meeting_id);
	if (!m)
		return 0;
	req_t *rw = (req_t *)r; /* only its arena is used */
	const char *day = body_paris_day(rw, json_string_value(json_object_get(m, "starts_at")));
	const char *today = body_paris_day(rw, NULL);
	/* a mandate that covers the session's day or today */
	int ok = db_int(0,
			"SELECT 1 FROM body_member WHERE body_id = ?1 AND account_id = ?2 AND (((mandate_start IS NULL "
			"OR mandate_start <= ?3) AND (mandate_end IS NULL OR mandate_end >= ?3)) OR ((mandate_start IS "
			"NULL OR mandate_start <= ?4) AND (mandate_end IS NULL OR mandate_end >= ?4)))",
			"iitt", (long long)json_integer_value(json_object_get(m, "body_id")), r->user->id, day, today) == 1;
	json_decref(m);
	return ok;
}

/* ---- the quorum ---- */

/* Counts the members of one session per college into c. */
static void count_colleges(json_t *members, quorum_college_t c[QUORUM_COLLEGES])
{
	memset(c, 0, sizeof(quorum_college_t) * QUORUM_COLLEGES);
	json_t *row;
	size_t i;
	json_array_foreach(members, i, row)
	{
		const char *college = json_string_value(json_object_get(row, "college"));
		int full = strcmp(json_string_value(json_object_get(row, "seat")), "full") == 0;
		int present = strcmp(json_string_value(json_object_get(row, "status")), "present") == 0;
		for (int k = 0; k < QUORUM_COLLEGES; k++) {
			if (strcmp(college, college_keys[k]) != 0)
				continue;
			c[k].full += full;
			c[k].full_present += full && present;
			c[k].substitutes_present += !full && present;
		}
	}
}

/* The quorum sentence: « quorum atteint : 7 présents sur 12 titulaires, 50 % requis ». */
static const char *quorum_text(req_t *r, const quorum_result_t *q, long long percent, int all)
{
	const char *counts = arena_printf(r->arena, "%d présent%s sur %d titulaire%s", q->effective_total,
					  q->effective_total > 1 ? "s" : "", q->full_total, q->full_total > 1 ? "s" : "");
	if (!q->has_rule)
		return arena_printf(r->arena, "%s (aucun quorum défini)", counts);
	const char *rule = percent ? arena_printf(r->arena, "%lld %% requis%s", percent,
						  all ? ", chaque collège représenté" : "")
				   : "chaque collège représenté requis";
	return arena_printf(r->arena, "quorum %s : %s, %s", q->met ? "atteint" : "non atteint", counts, rule);
}

json_t *body_session_quorum(req_t *r, long long meeting_id)
{
	json_t *m = db_row("SELECT m.body_id, m.starts_at, b.quorum_percent, b.quorum_all_colleges, b.name AS "
			   "body_name, b.slug AS body_slug, b.is_public AS body_public FROM meeting m JOIN body b ON "
			   "b.id = m.body_id WHERE m.id = ? AND m.kind = 'committee_session'",
			   "i", meeting_id);
	if (!m)
		return NULL;
	json_t *members = body_members_on(json_integer_value(json_object_get(m, "body_id")),
					  body_paris_day(r, json_string_value(json_object_get(m, "starts_at"))),
					  meeting_id);
	quorum_college_t c[QUORUM_COLLEGES];
	count_colleges(members, c);
	long long percent = json_integer_value(json_object_get(m, "quorum_percent"));
	int all = json_integer_value(json_object_get(m, "quorum_all_colleges")) != 0;
	quorum_result_t q;
	quorum_compute(c, (int)percent, all, &q);
	json_t *colleges = json_array();
	for (int k = 0; k < QUORUM_COLLEGES; k++)
		json_array_append_new(
		    colleges, json_pack("{s:s, s:s, s:i, s:i, s:i, s:i, s:b, s:b}", "key", college_keys[k], "label",
					body_college_label(college_keys[k]), "full", c[k].full, "full_present",
					c[k].full_present, "substitutes_present", c[k].substitutes_present, "effective",
					q.effective[k], "represented", q.represented[k], "empty",
					!c[k].full && !q.represented[k]));
	int recorded = db_int(0, "SELECT count(*) FROM attendance WHERE meeting_id = ? AND body_member_id IS NOT NULL",
			      "i", meeting_id) > 0;
	json_t *out = json_pack("{s:o, s:b, s:b, s:b, s:s, s:i, s:i, s:i, s:O, s:O, s:b}", "colleges", colleges,
				"has_rule", q.has_rule, "met", q.met, "recorded", recorded, "text",
				quorum_text(r, &q, percent, all), "present", q.effective_total, "full_total",
				q.full_total, "required", q.required, "body_name", json_object_get(m, "body_name"),
				"body_slug", json_object_get(m, "body_slug"), "body_public",
				json_integer_value(json_object_get(m, "body_public")) != 0);
	json_decref(members);
	json_decref(m);
	return out;
}

json_t *body_session_summary(req_t *r, json_t *m)
{
	long long id = json_integer_value(json_object_get(m, "id"));
	long long body = json_integer_value(json_object_get(m, "body_id"));
	const char *kind = json_string_value(json_object_get(m, "kind"));
	const char *conv = json_string_value(json_object_get(m, "convened_at"));
	json_t *out = json_pack("{s:b, s:I, s:s?, s:I}", "is_session", body && kind && strcmp(kind, "committee_session") == 0,
				"body_id", (json_int_t)body, "body_name", json_string_value(json_object_get(m, "body_name")),
				"decisions", (json_int_t)db_int(0, "SELECT count(*) FROM decision WHERE meeting_id = ?", "i", id));
	if (conv)
		json_object_set_new(out, "convened_fr", json_string(time_fr(r, conv)));
	json_t *q = body_session_quorum(r, id);
	if (q)
		json_object_set_new(out, "quorum", q);
	return out;
}

/* ---- the convocation ---- */

/* The members who get the convocation: mandate current on the session's
 * day and an e-mail address. New reference. */
static json_t *recipients(req_t *r, json_t *m)
{
	json_t *all = body_members_on(json_integer_value(json_object_get(m, "body_id")), session_day(r, m), 0);
	json_t *out = json_array(), *row;
	size_t i;
	json_array_foreach(all, i, row)
	{
		const char *email = json_string_value(json_object_get(row, "email"));
		json_object_set_new(row, "has_email", json_boolean(email && *email));
		json_object_set_new(
		    row, "college_label",
		    json_string(body_college_label(json_string_value(json_object_get(row, "college")))));
		json_object_set_new(row, "seat_label",
				    json_string(body_seat_label(json_string_value(json_object_get(row, "seat")))));
		json_array_append(out, row);
	}
	json_decref(all);
	return out;
}

/* The subject of the convocation. */
static const char *convocation_subject(req_t *r, json_t *m)
{
	return arena_printf(r->arena, "Convocation : %s — séance du %s",
			    json_string_value(json_object_get(m, "body_name")),
			    body_day_fr(r, json_string_value(json_object_get(m, "date"))));
}

/* The text of the convocation to one member (row of recipients()). */
static const char *convocation_body(req_t *r, json_t *m, json_t *member)
{
	buf_t b;
	buf_init(&b, r->arena, 1024);
	buf_printf(&b, "Bonjour %s,\n\n", json_string_value(json_object_get(member, "name")));
	buf_printf(&b, "Vous êtes convoqué(e), comme membre %s (collège %s), à la séance « %s » de l'instance « %s », %s "
		       "(heure de Paris).\n",
		   strcmp(json_string_value(json_object_get(member, "seat")), "full") == 0 ? "titulaire" : "suppléant(e)",
		   body_college_label(json_string_value(json_object_get(member, "college"))),
		   json_string_value(json_object_get(m, "title")), json_string_value(json_object_get(m, "body_name")),
		   json_string_value(json_object_get(m, "when_fr")));
	const char *place = json_string_value(json_object_get(m, "place"));
	const char *online = json_string_value(json_object_get(m, "online_url"));
	if (place && *place)
		buf_printf(&b, "\nLieu : %s\n", place);
	if (online && *online)
		buf_printf(&b, "\nParticipation en ligne : %s\n", online);
	json_t *items = json_object_get(m, "agenda_items"), *it;
	size_t i;
	buf_puts(&b, json_array_size(items) ? "\nOrdre du jour :\n" : "\nL'ordre du jour vous sera communiqué.\n");
	json_array_foreach(items, i, it)
	{
		buf_printf(&b, "%zu. %s", i + 1, json_string_value(json_object_get(it, "title")));
		if (json_integer_value(json_object_get(it, "duration_minutes")))
			buf_printf(&b, " (%lld min)", (long long)json_integer_value(json_object_get(it, "duration_minutes")));
		buf_puts(&b, "\n");
	}
	buf_printf(&b, "\nLa séance : %s/agenda/%lld\n", agenda_base_url(r),
		   (long long)json_integer_value(json_object_get(m, "id")));
	buf_puts(&b, "\nSi vous êtes titulaire et ne pouvez pas venir, prévenez votre suppléant(e) et l'équipe "
		     "projet.\n\nL'équipe projet\n");
	return b.data;
}

/* Renders the convocation page (m borrowed; errors stolen, may be NULL). */
static void render_convocation(req_t *r, int status, long long id, json_t *m, json_t *errors)
{
	json_t *to = recipients(r, m);
	size_t with_email = 0;
	json_t *row;
	size_t i;
	json_array_foreach(to, i, row) with_email += json_is_true(json_object_get(row, "has_email"));
	const char *conv = json_string_value(json_object_get(m, "convened_at"));
	json_t *preview = json_array_size(to) ? json_array_get(to, 0) : NULL;
	json_t *view = json_pack("{s:{s:s}, s:O, s:o, s:I, s:b, s:s?, s:s, s:s, s:o, s:s}", "page", "title",
				 "Convocation", "meeting", m, "recipients", to, "with_email", (json_int_t)with_email,
				 "already", conv != NULL, "convened_fr", conv ? time_fr(r, conv) : NULL, "subject",
				 convocation_subject(r, m), "preview",
				 preview ? convocation_body(r, m, preview) : "", "errors",
				 errors ? errors : json_object(), "csrf", csrf_token(r));
	json_object_set_new(view, "action", json_sprintf("/equipe/reunions/%lld/convocation", id));
	json_object_set_new(view, "tab_other", json_true());
	json_object_set_new(view, "tab_convocation", json_true());
	render(r, status, "body_convocation", view);
}

void body_convocation_page(req_t *r)
{
	long long id;
	json_t *m = session_or_answer(r, &id);
	if (!m)
		return;
	render_convocation(r, 200, id, m, NULL);
	json_decref(m);
}

/* Queues one e-mail per recipient with an address and records convened_at
 * and the audit entry, in one transaction. The number queued, -1, or -2
 * when another request sent it meanwhile (first sending: nothing sent). */
static long long send_convocation(req_t *r, long long id, json_t *m, int again)
{
	char now[21];
	db_now(now);
	int rc = db_begin();
	/* under the write lock: a double click sends one convocation */
	if (rc == 0 && !again && db_int(0, "SELECT 1 FROM meeting WHERE id = ? AND convened_at IS NOT NULL", "i", id)) {
		db_rollback();
		return -2;
	}
	json_t *to = recipients(r, m), *row;
	size_t i;
	long long n = 0;
	const char *subject = convocation_subject(r, m);
	json_array_foreach(to, i, row)
	{
		const char *email = json_string_value(json_object_get(row, "email"));
		if (rc != 0 || !email || !*email)
			continue;
		rc = outbox_enqueue(email, subject, convocation_body(r, m, row), "meeting", id);
		n++;
	}
	json_decref(to);
	if (rc == 0)
		rc = db_exec("UPDATE meeting SET convened_at = ? WHERE id = ?", "ti", now, id);
	if (rc == 0)
		rc = audit_record(r, again ? "session.reconvene" : "session.convene", "meeting", id,
				  "convocation de « %s » envoyée à %lld membre(s)%s",
				  json_string_value(json_object_get(m, "title")), n, again ? " (nouvel envoi)" : "");
	if (rc == 0 && db_commit() == 0)
		return n;
	db_rollback();
	return -1;
}

void body_convocation_send(req_t *r)
{
	long long id;
	json_t *m = session_or_answer(r, &id);
	if (!m)
		return;
	int again = json_string_value(json_object_get(m, "convened_at")) != NULL;
	int cancelled = json_is_true(json_object_get(m, "is_cancelled"));
	if (cancelled || (again && !form_confirmed(r, "confirm"))) {
		const char *msg = cancelled ? "La séance est annulée : aucune convocation n'est envoyée."
					    : "La convocation a déjà été envoyée : cochez la case pour l'envoyer à nouveau.";
		if (r->want_json)
			reply_error(r, 422, msg, json_pack("{s:s}", "confirm", msg));
		else
			render_convocation(r, 422, id, m, json_pack("{s:s}", "confirm", msg));
		json_decref(m);
		return;
	}
	long long n = send_convocation(r, id, m, again);
	if (n == -2) {
		const char *msg = "La convocation vient d'être envoyée : cochez la case pour l'envoyer à nouveau.";
		if (r->want_json)
			reply_error(r, 422, msg, json_pack("{s:s}", "confirm", msg));
		else
			render_convocation(r, 422, id, m, json_pack("{s:s}", "confirm", msg));
		json_decref(m);
		return;
	}
	json_decref(m);
	if (n < 0) {
		reply_error(r, 500, "L'envoi a échoué ; aucune convocation n'est partie.", NULL);
		return;
	}
	flash_set(r, arena_printf(r->arena, "%s à %lld membre%s (dans la file d'envoi).",
				  again ? "Convocation envoyée à nouveau" : "Convocation envoyée", n, n > 1 ? "s" : ""));
	redirect(r, arena_printf(r->arena, "/equipe/reunions/%lld/convocation", id));
}

/* ---- attendance ---- */

static const char *const statuses[] = {"present", "excused", "absent"};

/* The members of a session grouped by college, with their status flags.
 * New reference. */
static json_t *attendance_colleges(req_t *r, json_t *m, long long id)
{
	json_t *members = body_members_on(json_integer_value(json_object_get(m, "body_id")), session_day(r, m), id);
	json_t *colleges = json_array();
	for (int k = 0; k < QUORUM_COLLEGES; k++) {
		json_t *list = json_array(), *row;
		size_t i;
		json_array_foreach(members, i, row)
		{
			if (strcmp(json_string_value(json_object_get(row, "college")), college_keys[k]) != 0)
				continue;
			const char *st = json_string_value(json_object_get(row, "status"));
			json_object_del(row, "email");
			json_object_set_new(row, "seat_label",
					    json_string(body_seat_label(json_string_value(json_object_get(row, "seat")))));
			for (size_t s = 0; s < 3; s++)
				json_object_set_new(row, arena_printf(r->arena, "is_%s", statuses[s]),
						    json_boolean(strcmp(st, statuses[s]) == 0));
			json_object_set_new(row, "is_unknown", json_boolean(!*st));
			json_array_append(list, row);
		}
		json_array_append_new(colleges, json_pack("{s:s, s:s, s:o, s:b}", "key", college_keys[k], "label",
							  body_college_label(college_keys[k]), "members", list,
							  "has_members", json_array_size(list) > 0));
	}
	json_decref(members);
	return colleges;
}

void body_attendance_page(req_t *r)
{
	long long id;
	json_t *m = session_or_answer(r, &id);
	if (!m)
		return;
	json_t *view = json_pack("{s:{s:s}, s:O, s:o, s:o, s:s}", "page", "title", "Émargement de la séance", "meeting",
				 m, "colleges", attendance_colleges(r, m, id), "quorum", body_session_quorum(r, id),
				 "csrf", csrf_token(r));
	json_object_set_new(view, "action", json_sprintf("/equipe/reunions/%lld/emargement", id));
	json_object_set_new(view, "tab_other", json_true());
	json_object_set_new(view, "tab_body_attendance", json_true());
	render(r, 200, "body_attendance", view);
	json_decref(m);
}

/* Writes the status of each member of the session from the form field
 * m<id> (present, excused, absent; empty: not recorded). 0 or -1. */
static int write_attendance(req_t *r, long long id, json_t *members, int *changed)
{
	char now[21];
	db_now(now);
	json_t *row;
	size_t i;
	int rc = 0;
	json_array_foreach(members, i, row)
	{
		long long mid = json_integer_value(json_object_get(row, "id"));
		const char *v = kv_get(&r->form, arena_printf(r->arena, "m%lld", mid));
		if (!v)
			continue; /* not in the form: left as it is */
		int known = 0;
		for (size_t s = 0; s < 3; s++)
			known |= strcmp(v, statuses[s]) == 0;
		if (rc == 0 && !known)
			rc = db_exec("DELETE FROM attendance WHERE meeting_id = ? AND body_member_id = ?", "ii", id, mid);
		else if (rc == 0)
			rc = db_exec("INSERT INTO attendance (meeting_id, body_member_id, name, status, recorded_by, "
				     "recorded_at) VALUES (?1, ?2, ?3, ?4, NULLIF(?5, 0), ?6) ON CONFLICT (meeting_id, "
				     "body_member_id) DO UPDATE SET status = excluded.status, recorded_by = "
				     "excluded.recorded_by, recorded_at = excluded.recorded_at WHERE status <> "
				     "excluded.status",
				     "iittit", id, mid, json_string_value(json_object_get(row, "name")), v,
				     r->user ? r->user->id : 0LL, now);
		(*changed)++;
	}
	return rc;
}

void body_attendance_save(req_t *r)
{
	long long id;
	json_t *m = session_or_answer(r, &id);
	if (!m)
		return;
	json_t *members = body_members_on(json_integer_value(json_object_get(m, "body_id")), session_day(r, m), id);
	int changed = 0;
	int rc = db_begin();
	if (rc == 0)
		rc = write_attendance(r, id, members, &changed);
	json_decref(members);
	json_t *q = rc == 0 ? body_session_quorum(r, id) : NULL;
	if (rc == 0)
		rc = audit_record(r, "session.attendance", "meeting", id, "émargement de « %s » : %d membre(s) ; %s",
				  json_string_value(json_object_get(m, "title")), changed,
				  json_string_value(json_object_get(q, "text")));
	json_decref(m);
	json_decref(q);
	if (rc != 0 || db_commit() != 0) {
		db_rollback();
		reply_error(r, 500, "L'enregistrement a échoué ; rien n'a été modifié.", NULL);
		return;
	}
	reply_saved(r, 0, id, arena_printf(r->arena, "/equipe/reunions/%lld/emargement", id), "Émargement enregistré.");
}

/* ---- iCalendar ---- */

void body_ics(req_t *r)
{
	json_t *b = db_row("SELECT id, name FROM body WHERE slug = ? AND is_public = 1", "t", req_param(r, "body_slug"));
	if (!b) {
		reply_error(r, 404, "Cette instance n'existe pas.", NULL);
		return;
	}
	json_t *ids = db_rows("SELECT id FROM meeting WHERE body_id = ? AND is_public = 1 ORDER BY starts_at, id", "i",
			      (long long)json_integer_value(json_object_get(b, "id")));
	agenda_reply_calendar(r, arena_printf(r->arena, "Instance : %s", json_string_value(json_object_get(b, "name"))),
			      ids);
	json_decref(ids);
	json_decref(b);
}
