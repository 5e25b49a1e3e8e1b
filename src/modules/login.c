/* login.c — logging in and out (/connexion, /deconnexion), with throttling
 * per account and per client address.
 *
 * A failed login says the same thing whether or not the account exists, and
 * takes the same time (a password hash is computed either way). */
#include "modules/login.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/password.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/session.h"
#include "view/helpers.h"

#define WINDOW_SECONDS (15 * 60)
#define LOCK_SECONDS (15 * 60)
#define MAX_FAILURES_ACCOUNT 5
#define MAX_FAILURES_ADDRESS 20

static const field_spec_t login_fields[] = {
	{"email", "Adresse électronique", FIELD_TEXT, 1, 1, 254, NULL},
	{"password", "Mot de passe", FIELD_PASSWORD, 1, 1, 1024, NULL},
};

static void iso_in(char buf[21], long offset)
{
	time_t t = time(NULL) + offset;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The end of the lock on key, or NULL when the key is not locked. */
static const char *locked_until(req_t *r, const char *key)
{
	char now[21];
	iso_in(now, 0);
	json_t *row = db_row("SELECT locked_until FROM login_throttle WHERE key = ? AND locked_until > ?", "tt", key, now);
	const char *until = row ? arena_strdup(r->arena, json_string_value(json_object_get(row, "locked_until"))) : NULL;
	json_decref(row);
	return until;
}

/* Counts a failure on key; locks it once max failures fall in one window. */
static void record_failure(const char *key, int max)
{
	char now[21], window_start[21], lock_end[21];
	iso_in(now, 0);
	iso_in(window_start, -WINDOW_SECONDS);
	iso_in(lock_end, LOCK_SECONDS);
	db_exec("INSERT INTO login_throttle (key, failures, window_start) VALUES (?1, 1, ?2) "
		"ON CONFLICT (key) DO UPDATE SET "
		"failures = CASE WHEN window_start < ?3 THEN 1 ELSE failures + 1 END, "
		"window_start = CASE WHEN window_start < ?3 THEN ?2 ELSE window_start END, "
		"locked_until = NULL",
		"ttt", key, now, window_start);
	db_exec("UPDATE login_throttle SET locked_until = ? WHERE key = ? AND failures >= ?", "tti", lock_end, key,
		(long long)max);
}

static void render_login(req_t *r, int status, const char *error, json_t *errors, const char *email)
{
	const char *suite = kv_get(&r->query, "suite");
	if (!suite)
		suite = kv_get(&r->form, "suite");
	json_t *view = json_pack("{s:{s:s}, s:s, s:s?, s:o, s:s?, s:s?}", "page", "title", "Connexion", "csrf",
				 csrf_token(r), "error", error, "errors", errors ? errors : json_object(), "email",
				 email, "suite", suite);
	if (error && r->want_json) {
		json_decref(view);
		reply_error(r, status, error, errors ? json_incref(errors) : NULL);
		return;
	}
	render(r, status, "login", view);
}

void login_form(req_t *r)
{
	if (r->user) {
		redirect(r, role_home(r->user->role));
		return;
	}
	render_login(r, 200, NULL, NULL, NULL);
}

/* A local path to go back to after login, or NULL. Only "/x..." paths:
 * never "//host" or "/\host", which browsers read as another site. */
static const char *safe_suite(const char *s)
{
	if (!s || s[0] != '/' || s[1] == '/' || s[1] == '\\' || strlen(s) > 500)
		return NULL;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20)
			return NULL;
	return s;
}

/* "15 h 42" in Europe/Paris for a UTC ISO time. */
static const char *clock_fr(req_t *r, const char *iso)
{
	const char *full = time_fr(r, iso);
	const char *at = strstr(full, "à ");
	return at ? at + strlen("à ") : full;
}

void login_submit(req_t *r)
{
	form_t f;
	if (form_validate(r->arena, login_fields, 2, &r->form, &f)) {
		const char *email = json_string_value(json_object_get(f.input, "email"));
		render_login(r, 422, "Saisissez votre adresse électronique et votre mot de passe.", f.errors, email);
		json_decref(f.input);
		return;
	}
	json_decref(f.errors);
	json_decref(f.input);
	const char *email = form_text(&f, "email");
	const char *password = form_text(&f, "password");
	char *lower = arena_strdup(r->arena, email);
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	const char *account_key = arena_printf(r->arena, "account:%s", lower);
	const char *address_key = arena_printf(r->arena, "address:%s", r->client_ip);
	const char *until = locked_until(r, account_key);
	if (!until)
		until = locked_until(r, address_key);
	if (until) {
		const char *msg = arena_printf(r->arena,
					       "Trop de tentatives de connexion. Réessayez après %s (heure de Paris).",
					       clock_fr(r, until));
		struct tm tm = {0};
		long wait = 60;
		if (strptime(until, "%Y-%m-%dT%H:%M:%SZ", &tm))
			wait = (long)(timegm(&tm) - time(NULL));
		reply_header(r, "Retry-After", arena_printf(r->arena, "%ld", wait > 1 ? wait : 1));
		render_login(r, 429, msg, NULL, email);
		return;
	}
	json_t *row = db_row("SELECT a.id, a.email, a.name, a.role, a.organization_id, a.password_hash, "
			     "o.name AS organization_name FROM account a "
			     "LEFT JOIN organization o ON o.id = a.organization_id "
			     "WHERE a.email = ? AND a.disabled_at IS NULL",
			     "t", email);
	int ok = 0;
	if (row)
		ok = password_verify(json_string_value(json_object_get(row, "password_hash")), password);
	else
		password_spend_time(password);
	if (!ok) {
		json_decref(row);
		record_failure(account_key, MAX_FAILURES_ACCOUNT);
		record_failure(address_key, MAX_FAILURES_ADDRESS);
		render_login(r, 401, "Adresse électronique ou mot de passe incorrect.", NULL, email);
		return;
	}
	r->user = account_from_row(r, row);
	json_decref(row);
	char now[21];
	db_now(now);
	if (db_begin() != 0 || session_start(r, r->user->id) != 0 ||
	    db_exec("UPDATE account SET last_login_at = ? WHERE id = ?", "ti", now, r->user->id) != 0 ||
	    db_exec("DELETE FROM login_throttle WHERE key = ?", "t", account_key) != 0 ||
	    audit_record(r, "session.login", "account", r->user->id, "connexion") != 0 || db_commit() != 0) {
		db_rollback();
		reply_error(r, 500, NULL, NULL);
		return;
	}
	const char *next = safe_suite(kv_get(&r->form, "suite"));
	redirect(r, next ? next : role_home(r->user->role));
}

void logout_submit(req_t *r)
{
	if (r->user)
		audit_record(r, "session.logout", "account", r->user->id, "déconnexion");
	session_end(r);
	flash_set(r, "Vous êtes déconnecté.");
	redirect(r, "/");
}
