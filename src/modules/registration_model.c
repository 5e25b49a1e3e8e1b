/* registration_model.c — see registrations.h: registrations to a meeting
 * (places, waiting list, cancellation and promotion), their e-mails through
 * the outbox (inside the writer's transaction), and the two jobs (reminders,
 * retention). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "core/audit.h"
#include "core/config.h"
#include "core/log.h"
#include "core/outbox.h"
#include "db/db.h"
#include "http/session.h"
#include "modules/meetings.h"
#include "modules/open311.h"
#include "modules/registrations.h"

/* ---- places ---- */

/* The places of a meeting for the public (capacity − reserved), or -1 when
 * unlimited. */
static long long meeting_places(long long meeting_id)
{
	return db_int(-1, "SELECT CASE WHEN capacity IS NULL THEN -1 ELSE max(capacity - reserved_places, 0) END "
			  "FROM meeting WHERE id = ?",
		      "i", meeting_id);
}

static long long count_status(long long meeting_id, const char *status)
{
	return db_int(0, "SELECT count(*) FROM registration WHERE meeting_id = ? AND status = ?", "it", meeting_id,
		      status);
}

json_t *registration_counts(long long meeting_id)
{
	long long places = meeting_places(meeting_id), registered = count_status(meeting_id, "registered"),
		  waiting = count_status(meeting_id, "waiting");
	json_t *c = json_pack("{s:I, s:I}", "registered", (json_int_t)registered, "waiting", (json_int_t)waiting);
	json_object_set_new(c, "places", places < 0 ? json_null() : json_integer(places));
	json_object_set_new(c, "places_left",
			    places < 0 ? json_null() : json_integer(places > registered ? places - registered : 0));
	json_object_set_new(c, "full", json_boolean(places >= 0 && registered >= places));
	return c;
}

const char *registration_closed_reason(json_t *m, int staff)
{
	const char *status = json_string_value(json_object_get(m, "status"));
	const char *starts = json_string_value(json_object_get(m, "starts_at"));
	char now[21];
	db_now(now);
	if (status && strcmp(status, "cancelled") == 0)
		return "Cette réunion est annulée : les inscriptions sont fermées.";
	if (staff)
		return NULL;
	if ((status && strcmp(status, "held") == 0) || !starts || strcmp(starts, now) <= 0)
		return "Cette réunion a déjà commencé ou a eu lieu : les inscriptions sont fermées.";
	return NULL;
}

/* ---- the cancellation token ---- */

const char *registration_token(arena_t *a, long long id, long long meeting_id, const char *created_at)
{
	/* An HMAC of the row: nothing to keep but its hash, and the link can be
	 * written again in a later e-mail (reminder, promotion). created_at makes
	 * it differ if an id is ever reused after a deletion. */
	char msg[128];
	int n = snprintf(msg, sizeof msg, "inscription:%lld:%lld:%s", id, meeting_id, created_at ? created_at : "");
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256(mac, (const unsigned char *)msg, (unsigned long long)(n < 0 ? 0 : n), g_secret);
	size_t len = sodium_base64_ENCODED_LEN(sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, len);
	sodium_bin2base64(out, len, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

long long registration_by_token(req_t *r, const char *token)
{
	if (!token || strlen(token) != 43)
		return 0;
	return db_int(0, "SELECT id FROM registration WHERE token_hash = ?", "t", token_hash_hex(r->arena, token));
}

/* ---- e-mails ---- */

/* The link to a registration's page, from its row (id, meeting_id,
 * created_at). Arena string. */
static const char *registration_url(req_t *r, json_t *reg)
{
	const char *token = registration_token(r->arena, json_integer_value(json_object_get(reg, "id")),
					       json_integer_value(json_object_get(reg, "meeting_id")),
					       json_string_value(json_object_get(reg, "created_at")));
	return arena_printf(r->arena, "%s/agenda/inscription/%s", open311_base_url(r), token);
}

/* 1 when the public sees meeting m, its page and its registrants' pages. */
static int meeting_is_public(json_t *m)
{
	return json_integer_value(json_object_get(m, "is_public")) != 0;
}

/* The lines saying when and where the meeting is (and its page when the
 * public sees it). Arena string. */
static const char *meeting_facts(req_t *r, json_t *m)
{
	const char *place = json_string_value(json_object_get(m, "place"));
	const char *online = json_string_value(json_object_get(m, "online_url"));
	return arena_printf(r->arena, "Quand : %s (heure de Paris)\n%s%s%s%s%s%s",
			    json_string_value(json_object_get(m, "when_fr")), place && *place ? "Lieu : " : "",
			    place && *place ? place : "", place && *place ? "\n" : "", online && *online ? "En ligne : " : "",
			    online && *online ? arena_printf(r->arena, "%s\n", online) : "",
			    meeting_is_public(m) ? arena_printf(r->arena, "Page de la réunion : %s/agenda/%lld\n",
								open311_base_url(r),
								(long long)json_integer_value(json_object_get(m, "id")))
						 : "");
}

/* Queues one e-mail about registration reg (a row with id, meeting_id,
 * name, email, created_at) of meeting m: subject, then the body's first
 * paragraph; the facts, the link and the data notice follow. 0 or an error. */
static int mail_registrant(req_t *r, json_t *m, json_t *reg, const char *subject, const char *para, int with_link)
{
	const char *email = json_string_value(json_object_get(reg, "email"));
	if (!email || !*email)
		return 0;
	const char *name = json_string_value(json_object_get(reg, "name"));
	with_link = with_link && meeting_is_public(m); /* a private meeting's pages are 404 to them */
	const char *body = arena_printf(
	    r->arena,
	    "Bonjour %s,\n\n%s\n\n%s\n%s%s%s"
	    "Vos nom, courriel et téléphone servent seulement à organiser cette réunion ; ils sont effacés %lld jours "
	    "après.\n",
	    name && *name ? name : "", para, meeting_facts(r, m), with_link ? "Voir ou annuler votre inscription : " : "",
	    with_link ? registration_url(r, reg) : "", with_link ? "\n\n" : "", g_config.registration_retention_days);
	return outbox_enqueue(email,
			      arena_printf(r->arena, "%s : %s", subject, json_string_value(json_object_get(m, "title"))),
			      body, "registration", json_integer_value(json_object_get(reg, "id")));
}

#define REG_COLUMNS "id, meeting_id, name, email, status, created_at"

/* ---- create ---- */

/* The place on the waiting list of registration id (1 = next). */
static long long waiting_rank(long long meeting_id, long long id)
{
	return db_int(0, "SELECT count(*) FROM registration WHERE meeting_id = ? AND status = 'waiting' AND id <= ?",
		      "ii", meeting_id, id);
}

/* Inserts the row with the given status and sets its token's hash; *id and
 * *token set. 0, SQLITE_CONSTRAINT for a duplicate, or another error. */
static int insert_registration(req_t *r, const reg_new_t *in, const char *status, long long *id, const char **token)
{
	char now[21];
	db_now(now);
	/* The id is chosen here, under the write lock, so that the token (an
	 * HMAC of the row) can be stored with the row. */
	*id = db_int(0, "SELECT COALESCE(max(id), 0) + 1 FROM registration", NULL);
	*token = registration_token(r->arena, *id, in->meeting_id, now);
	return db_exec("INSERT INTO registration (id, meeting_id, name, email, phone, consent_at, status, source, "
		       "token_hash, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?6, ?6)",
		       "iittttttt", *id, in->meeting_id, in->name, in->email, in->phone, now, status, in->source,
		       token_hash_hex(r->arena, *token));
}

/* The checks and the write, inside the transaction. */
static reg_result_t create_locked(req_t *r, const reg_new_t *in, reg_created_t *out, const char **closed)
{
	json_t *m = meeting_load(r, in->meeting_id);
	if (!m)
		return REG_NOT_FOUND;
	int staff = strcmp(in->source, "staff") == 0;
	reg_result_t st = REG_OK;
	*closed = registration_closed_reason(m, staff);
	if (*closed)
		st = REG_CLOSED;
	else if (in->email && db_int(0,
				     "SELECT 1 FROM registration WHERE meeting_id = ? AND email = ? AND status <> "
				     "'cancelled'",
				     "it", in->meeting_id, in->email))
		st = REG_DUPLICATE;
	if (st != REG_OK) {
		json_decref(m);
		return st;
	}
	long long places = meeting_places(in->meeting_id);
	out->waiting = places >= 0 && count_status(in->meeting_id, "registered") >= places;
	int rc = insert_registration(r, in, out->waiting ? "waiting" : "registered", &out->id, &out->token);
	if (rc != 0) {
		json_decref(m);
		return rc == SQLITE_CONSTRAINT ? REG_DUPLICATE : REG_DB_ERROR;
	}
	out->rank = out->waiting ? waiting_rank(in->meeting_id, out->id) : 0;
	json_t *reg = db_row("SELECT " REG_COLUMNS " FROM registration WHERE id = ?", "i", out->id);
	const char *para =
	    out->waiting
		? arena_printf(r->arena,
			       "La réunion « %s » est complète : vous êtes sur la liste d'attente, en position %lld. "
			       "Si une place se libère, elle vous est attribuée et vous recevez un courriel.",
			       json_string_value(json_object_get(m, "title")), out->rank)
		: arena_printf(r->arena, "Votre inscription à « %s » est enregistrée : une place vous est réservée.",
			       json_string_value(json_object_get(m, "title")));
	if (mail_registrant(r, m, reg, out->waiting ? "Liste d'attente" : "Inscription confirmée", para, 1) != 0 ||
	    audit_record(r, "registration.create", "meeting", in->meeting_id, "inscription n° %lld (%s, %s)", out->id,
			 out->waiting ? "liste d'attente" : "place", staff ? "saisie par l'équipe" : "en ligne") != 0)
		st = REG_DB_ERROR;
	json_decref(reg);
	json_decref(m);
	return st;
}

reg_result_t registration_create(req_t *r, const reg_new_t *in, reg_created_t *out, const char **closed)
{
	*closed = NULL;
	memset(out, 0, sizeof *out);
	if (db_begin() != 0)
		return REG_DB_ERROR;
	reg_result_t st = create_locked(r, in, out, closed);
	if (st == REG_OK && db_commit() == 0)
		return REG_OK;
	db_rollback();
	return st == REG_OK ? REG_DB_ERROR : st;
}

/* ---- cancel and promote ---- */

/* Gives the free places of a scheduled, future meeting to the first
 * waiting, in id order (all of them when places became unlimited), and
 * e-mails them. Inside the transaction. 0 or -1. */
static int promote_waiting(req_t *r, long long meeting_id)
{
	json_t *m = meeting_load(r, meeting_id);
	if (!m)
		return -1;
	int rc = 0;
	long long places = meeting_places(meeting_id);
	if (registration_closed_reason(m, 0)) {
		json_decref(m);
		return 0;
	}
	char now[21];
	db_now(now);
	while (rc == 0 && (places < 0 || count_status(meeting_id, "registered") < places)) {
		json_t *next = db_row("SELECT " REG_COLUMNS " FROM registration WHERE meeting_id = ? AND status = "
				      "'waiting' ORDER BY id LIMIT 1",
				      "i", meeting_id);
		if (!next)
			break;
		long long id = json_integer_value(json_object_get(next, "id"));
		rc = db_exec("UPDATE registration SET status = 'registered', promoted_at = ?1, updated_at = ?1 WHERE id = "
			     "?2",
			     "ti", now, id);
		if (rc == 0)
			rc = mail_registrant(r, m, next, "Une place s'est libérée",
					     arena_printf(r->arena,
							  "Une place s'est libérée pour « %s » : vous étiez sur la liste "
							  "d'attente, elle vous est attribuée. Si vous ne pouvez plus venir, "
							  "annulez votre inscription pour laisser la place à quelqu'un d'autre.",
							  json_string_value(json_object_get(m, "title"))),
					     1);
		if (rc == 0)
			rc = audit_record(r, "registration.promote", "meeting", meeting_id,
					  "inscription n° %lld : de la liste d'attente à une place", id);
		json_decref(next);
	}
	json_decref(m);
	return rc == 0 ? 0 : -1;
}

reg_result_t registration_cancel(req_t *r, long long id)
{
	if (db_begin() != 0)
		return REG_DB_ERROR;
	json_t *reg = db_row("SELECT " REG_COLUMNS " FROM registration WHERE id = ? AND status <> 'cancelled'", "i", id);
	if (!reg) {
		db_rollback();
		return REG_NOT_FOUND;
	}
	long long meeting_id = json_integer_value(json_object_get(reg, "meeting_id"));
	int had_place = strcmp(json_string_value(json_object_get(reg, "status")), "registered") == 0;
	json_decref(reg);
	char now[21];
	db_now(now);
	int rc = db_exec("UPDATE registration SET status = 'cancelled', cancelled_at = ?1, updated_at = ?1 WHERE id = ?2",
			 "ti", now, id);
	if (rc == 0)
		rc = audit_record(r, "registration.cancel", "meeting", meeting_id, "inscription n° %lld annulée (%s)", id,
				  r && r->user ? "par l'équipe" : "par la personne inscrite");
	if (rc == 0 && had_place)
		rc = promote_waiting(r, meeting_id);
	if (rc == 0 && db_commit() == 0)
		return REG_OK;
	db_rollback();
	return REG_DB_ERROR;
}

int registrations_fill_places(req_t *r, long long meeting_id)
{
	return promote_waiting(r, meeting_id);
}

/* ---- a cancelled meeting ---- */

int registrations_meeting_cancelled(req_t *r, long long meeting_id)
{
	json_t *m = meeting_load(r, meeting_id);
	json_t *regs = db_rows("SELECT " REG_COLUMNS " FROM registration WHERE meeting_id = ? AND status IN "
			       "('registered', 'waiting') AND email IS NOT NULL ORDER BY id",
			       "i", meeting_id);
	int rc = m ? 0 : -1;
	size_t i;
	json_t *reg;
	json_array_foreach(regs, i, reg)
	{
		if (rc == 0)
			rc = mail_registrant(r, m, reg, "Réunion annulée",
					     arena_printf(r->arena,
							  "La réunion « %s » à laquelle vous étiez inscrit·e est annulée. "
							  "Nous vous prions de nous excuser ; une nouvelle date sera annoncée "
							  "dans l'agenda.",
							  json_string_value(json_object_get(m, "title"))),
					     0);
	}
	json_decref(regs);
	json_decref(m);
	return rc == 0 ? 0 : -1;
}

/* ---- jobs ---- */

/* A request-like context for a job: an arena, no user. */
static req_t job_context(void)
{
	req_t r;
	memset(&r, 0, sizeof r);
	r.arena = arena_new(0);
	return r;
}

void registrations_remind(void)
{
	if (g_config.registration_reminder_hours <= 0)
		return;
	req_t r = job_context();
	char now[21];
	db_now(now);
	const char *window = arena_printf(r.arena, "+%lld hours", g_config.registration_reminder_hours);
	/* Most runs have nothing to do: no write lock for them. */
	if (!db_int(0, "SELECT 1 FROM registration g JOIN meeting m ON m.id = g.meeting_id WHERE g.status = "
		       "'registered' AND g.reminded_at IS NULL AND m.status = 'scheduled' AND m.starts_at > ?1 AND "
		       "m.starts_at <= strftime('%Y-%m-%dT%H:%M:%SZ', ?1, ?2) LIMIT 1",
		    "tt", now, window) ||
	    db_begin() != 0) {
		arena_free(r.arena);
		return;
	}
	json_t *regs = db_rows("SELECT g.id, g.meeting_id, g.name, g.email, g.status, g.created_at FROM registration g "
			       "JOIN meeting m ON m.id = g.meeting_id WHERE g.status = 'registered' AND g.reminded_at IS "
			       "NULL AND m.status = 'scheduled' AND m.starts_at > ?1 AND m.starts_at <= "
			       "strftime('%Y-%m-%dT%H:%M:%SZ', ?1, ?2) ORDER BY g.meeting_id, g.id",
			       "tt", now, window);
	int rc = 0, sent = 0;
	size_t i;
	json_t *reg;
	json_array_foreach(regs, i, reg)
	{
		json_t *m = meeting_load(&r, json_integer_value(json_object_get(reg, "meeting_id")));
		if (rc == 0 && m)
			rc = mail_registrant(&r, m, reg, "Rappel",
					     arena_printf(r.arena, "Nous vous rappelons votre inscription à « %s ».",
							  json_string_value(json_object_get(m, "title"))),
					     1);
		if (rc == 0)
			rc = db_exec("UPDATE registration SET reminded_at = ? WHERE id = ?", "ti", now,
				     (long long)json_integer_value(json_object_get(reg, "id")));
		sent += rc == 0 && json_string_value(json_object_get(reg, "email"));
		json_decref(m);
	}
	size_t n = json_array_size(regs);
	json_decref(regs);
	if (rc == 0 && n)
		rc = audit_record(NULL, "registration.remind", "meeting", 0,
				  "rappel avant réunion : %zu inscription(s), %d courriel(s) mis en file", n, sent);
	if (rc == 0 && db_commit() == 0) {
		if (n)
			log_info("rappels : %d courriel(s) mis en file", sent);
	} else {
		db_rollback();
		log_error("rappels : l'envoi a échoué, nouvel essai plus tard");
	}
	arena_free(r.arena);
}

void registrations_purge(void)
{
	char before[21];
	db_now(before);
	char limit[32];
	snprintf(limit, sizeof limit, "-%lld days", g_config.registration_retention_days);
	db_exec("PRAGMA secure_delete = ON", NULL);
	if (db_begin() != 0)
		return;
	/* Registrants' details go; the rows (and attendance ticks) stay, so
	 * that the figures survive. Walk-ins' names go too. */
	int ok = db_exec("UPDATE registration SET name = '', email = NULL, phone = NULL WHERE meeting_id IN (SELECT id "
			 "FROM meeting WHERE ends_at < strftime('%Y-%m-%dT%H:%M:%SZ', ?1, ?2)) AND (name <> '' OR "
			 "email IS NOT NULL OR phone IS NOT NULL)",
			 "tt", before, limit) == 0;
	int regs = ok ? db_changes() : 0;
	ok = ok && db_exec("UPDATE attendance SET name = '' WHERE registration_id IS NULL AND body_member_id IS NULL "
			   "AND name <> '' AND meeting_id IN (SELECT id FROM meeting WHERE ends_at < "
			   "strftime('%Y-%m-%dT%H:%M:%SZ', ?1, ?2))",
			   "tt", before, limit) == 0;
	int walkins = ok ? db_changes() : 0;
	if (ok && (regs || walkins))
		ok = audit_record(NULL, "retention.registrations", "registration", 0,
				  "coordonnées effacées : %d inscription(s) et %d nom(s) de personnes venues sans "
				  "inscription, réunions terminées depuis plus de %lld jours",
				  regs, walkins, g_config.registration_retention_days) == 0;
	if (ok && db_commit() == 0) {
		if (regs || walkins)
			log_info("conservation : %d inscription(s) et %d présence(s) anonymisée(s)", regs, walkins);
		return;
	}
	db_rollback();
	log_error("conservation : l'effacement des inscriptions a échoué, nouvel essai plus tard");
}
