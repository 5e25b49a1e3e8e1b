/* session.c — see session.h. */
#include "http/session.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "core/config.h"
#include "db/db.h"

#define TOKEN_BYTES 32
#define B64 sodium_base64_VARIANT_URLSAFE_NO_PADDING

static const struct {
	const char *name, *label, *home;
	unsigned bit;
} roles[] = {
	{"admin", "Administrateur", "/admin", ROLE_ADMIN},
	{"staff", "Équipe projet", "/equipe", ROLE_STAFF},
	{"partner", "Partenaire", "/partenaire", ROLE_PARTNER},
	{"member", "Membre d'instance", "/membre", ROLE_MEMBER},
};

unsigned role_bit(const char *role)
{
	for (size_t i = 0; role && i < sizeof roles / sizeof roles[0]; i++)
		if (strcmp(roles[i].name, role) == 0)
			return roles[i].bit;
	return 0;
}

const char *role_label(const char *role)
{
	for (size_t i = 0; role && i < sizeof roles / sizeof roles[0]; i++)
		if (strcmp(roles[i].name, role) == 0)
			return roles[i].label;
	return "?";
}

const char *role_home(const char *role)
{
	for (size_t i = 0; role && i < sizeof roles / sizeof roles[0]; i++)
		if (strcmp(roles[i].name, role) == 0)
			return roles[i].home;
	return "/";
}

/* UTC ISO time `offset` seconds from now, in buf[21]. */
static void iso_time(char buf[21], long offset)
{
	time_t t = time(NULL) + offset;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

char *token_hash_hex(arena_t *a, const char *token)
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	char *hex = arena_alloc(a, 65);
	sodium_bin2hex(hex, 65, h, sizeof h);
	return hex;
}

/* Hex BLAKE2b-256 of a token, in the request's arena. */
static char *token_hash(req_t *r, const char *token)
{
	return token_hash_hex(r->arena, token);
}

static char *random_token(req_t *r)
{
	unsigned char raw[TOKEN_BYTES];
	randombytes_buf(raw, sizeof raw);
	size_t cap = sodium_base64_ENCODED_LEN(TOKEN_BYTES, B64);
	char *tok = arena_alloc(r->arena, cap);
	sodium_bin2base64(tok, cap, raw, sizeof raw, B64);
	return tok;
}

account_t *account_from_row(req_t *r, json_t *row)
{
	account_t *u = arena_calloc(r->arena, 1, sizeof *u);
	u->id = json_integer_value(json_object_get(row, "id"));
	u->email = arena_strdup(r->arena, json_string_value(json_object_get(row, "email")));
	u->name = arena_strdup(r->arena, json_string_value(json_object_get(row, "name")));
	u->role = arena_strdup(r->arena, json_string_value(json_object_get(row, "role")));
	u->role_bit = role_bit(u->role);
	u->organization_id = json_integer_value(json_object_get(row, "organization_id"));
	u->organization_name = arena_strdup(r->arena, json_string_value(json_object_get(row, "organization_name")));
	return u;
}

void session_load(req_t *r)
{
	const char *token = kv_get(&r->cookies, SESSION_COOKIE);
	if (!token || strlen(token) > 100)
		return;
	char now[21], idle_limit[21];
	iso_time(now, 0);
	iso_time(idle_limit, -SESSION_IDLE_SECONDS);
	json_t *row = db_row("SELECT s.id AS session_id, s.last_seen_at, a.id, a.email, a.name, a.role, "
			     "a.organization_id, o.name AS organization_name "
			     "FROM session s JOIN account a ON a.id = s.account_id "
			     "LEFT JOIN organization o ON o.id = a.organization_id "
			     "WHERE s.token_hash = ? AND s.expires_at > ? AND s.last_seen_at > ? "
			     "AND a.disabled_at IS NULL",
			     "ttt", token_hash(r, token), now, idle_limit);
	if (!row)
		return;
	r->user = account_from_row(r, row);
	r->session_token = arena_strdup(r->arena, token);
	/* Touch the session at most once a minute: reads should not all write. */
	char touch_limit[21];
	iso_time(touch_limit, -60);
	const char *seen = json_string_value(json_object_get(row, "last_seen_at"));
	if (seen && strcmp(seen, touch_limit) < 0)
		db_exec("UPDATE session SET last_seen_at = ? WHERE id = ?", "ti", now,
			(long long)json_integer_value(json_object_get(row, "session_id")));
	json_decref(row);
}

int session_load_bearer(req_t *r, const char *token)
{
	if (!token || strlen(token) > 200)
		return -1;
	json_t *row = db_row("SELECT t.id AS token_id, t.last_used_at, a.id, a.email, a.name, a.role, "
			     "a.organization_id, o.name AS organization_name "
			     "FROM api_token t JOIN account a ON a.id = t.account_id "
			     "LEFT JOIN organization o ON o.id = a.organization_id "
			     "WHERE t.token_hash = ? AND t.revoked_at IS NULL AND a.disabled_at IS NULL",
			     "t", token_hash(r, token));
	if (!row)
		return -1;
	r->user = account_from_row(r, row);
	r->via_token = 1;
	/* Record the last use at most once a minute: reads should not all write. */
	char now[21], touch_limit[21];
	iso_time(now, 0);
	iso_time(touch_limit, -60);
	const char *used = json_string_value(json_object_get(row, "last_used_at"));
	if (!used || strcmp(used, touch_limit) < 0)
		db_exec("UPDATE api_token SET last_used_at = ? WHERE id = ?", "ti", now,
			(long long)json_integer_value(json_object_get(row, "token_id")));
	json_decref(row);
	return 0;
}

static void set_session_cookie(req_t *r, const char *value, long max_age)
{
	reply_header(r, "Set-Cookie",
		     arena_printf(r->arena, SESSION_COOKIE "=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Lax%s", value,
				  max_age, g_config.secure_cookies ? "; Secure" : ""));
}

int session_start(req_t *r, long long account_id)
{
	if (r->session_token)
		session_end(r);
	char now[21], expires[21], idle_cut[21];
	iso_time(now, 0);
	iso_time(expires, SESSION_MAX_SECONDS);
	iso_time(idle_cut, -SESSION_IDLE_SECONDS);
	/* Sweep dead sessions now and then: at each login. */
	db_exec("DELETE FROM session WHERE expires_at <= ? OR last_seen_at <= ?", "tt", now, idle_cut);
	char *token = random_token(r);
	if (db_exec("INSERT INTO session (token_hash, account_id, created_at, last_seen_at, expires_at) "
		    "VALUES (?, ?, ?, ?, ?)",
		    "tittt", token_hash(r, token), account_id, now, now, expires) != 0)
		return -1;
	r->session_token = token;
	set_session_cookie(r, token, SESSION_MAX_SECONDS);
	return 0;
}

void session_end(req_t *r)
{
	if (r->session_token)
		db_exec("DELETE FROM session WHERE token_hash = ?", "t", token_hash(r, r->session_token));
	r->session_token = NULL;
	set_session_cookie(r, "", 0);
}

/* HMAC of "kind:token" under the secret key, base64url, arena string. */
static const char *csrf_for(req_t *r, char kind, const char *token)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, g_secret, sizeof g_secret);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)&kind, 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)":", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)token, strlen(token));
	crypto_auth_hmacsha256_final(&st, mac);
	size_t cap = sodium_base64_ENCODED_LEN(sizeof mac, B64);
	char *out = arena_alloc(r->arena, cap);
	sodium_bin2base64(out, cap, mac, sizeof mac, B64);
	return out;
}

const char *csrf_token(req_t *r)
{
	if (r->via_token)
		return ""; /* a request with an API token needs none, and gets no cookie */
	if (r->session_token)
		return csrf_for(r, 's', r->session_token);
	if (!r->anon_token) {
		const char *c = kv_get(&r->cookies, ANON_COOKIE);
		if (c && strlen(c) >= 32 && strlen(c) <= 64) {
			r->anon_token = c;
		} else {
			r->anon_token = random_token(r);
			reply_header(r, "Set-Cookie",
				     arena_printf(r->arena, ANON_COOKIE "=%s; Path=/; HttpOnly; SameSite=Lax%s",
						  r->anon_token, g_config.secure_cookies ? "; Secure" : ""));
		}
	}
	return csrf_for(r, 'a', r->anon_token);
}

int csrf_valid(req_t *r)
{
	const char *given = kv_get(&r->form, "csrf");
	if (!given)
		given = req_header(r, "X-CSRF-Token");
	if (!given)
		return 0;
	const char *expected;
	if (r->session_token) {
		expected = csrf_for(r, 's', r->session_token);
	} else {
		const char *c = kv_get(&r->cookies, ANON_COOKIE);
		if (!c || strlen(c) < 32 || strlen(c) > 64)
			return 0;
		expected = csrf_for(r, 'a', c);
	}
	size_t n = strlen(expected);
	return strlen(given) == n && sodium_memcmp(given, expected, n) == 0;
}
