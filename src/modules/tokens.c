/* tokens.c — see tokens.h. A token is TOKEN_PREFIX followed by 256 random
 * bits in base64url, so that it is recognisable wherever it leaks; the
 * database keeps its hex BLAKE2b-256 only, like session tokens. */
#include "modules/tokens.h"

#include <sodium.h>
#include <string.h>

#include "core/audit.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/session.h"
#include "modules/self.h"
#include "view/helpers.h"

#define TOKEN_RANDOM_BYTES 32
#define B64 sodium_base64_VARIANT_URLSAFE_NO_PADDING

static const field_spec_t token_fields[] = {
	{"name", "Nom du jeton", FIELD_TEXT, 1, 1, TOKEN_NAME_MAX, NULL},
};

const char *token_status_message(token_status_t st)
{
	switch (st) {
	case TOKEN_OK:
		return "C'est fait.";
	case TOKEN_NOT_FOUND:
		return "Ce jeton n'existe pas.";
	case TOKEN_BAD_NAME:
		return "Le nom du jeton doit compter de 1 à 80 caractères.";
	case TOKEN_DB_ERROR:
		break;
	}
	return "Erreur de la base de données : rien n'a été enregistré.";
}

/* A new token: prefix + base64url of random bytes, allocated in a. */
static char *token_generate(arena_t *a)
{
	unsigned char raw[TOKEN_RANDOM_BYTES];
	randombytes_buf(raw, sizeof raw);
	size_t cap = sodium_base64_ENCODED_LEN(TOKEN_RANDOM_BYTES, B64);
	char *tok = arena_alloc(a, strlen(TOKEN_PREFIX) + cap);
	strcpy(tok, TOKEN_PREFIX);
	sodium_bin2base64(tok + strlen(TOKEN_PREFIX), cap, raw, sizeof raw, B64);
	sodium_memzero(raw, sizeof raw);
	return tok;
}

/* Number of characters (not bytes) of UTF-8 text. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	return n;
}

token_status_t token_create(req_t *r, arena_t *a, long long account_id, const char *name, const char **token,
			    long long *id)
{
	if (!name || !*name || utf8_chars(name) > TOKEN_NAME_MAX)
		return TOKEN_BAD_NAME;
	char *tok = token_generate(a);
	char now[21];
	db_now(now);
	if (db_begin() != 0)
		return TOKEN_DB_ERROR;
	token_status_t st = TOKEN_OK;
	if (!db_int(0, "SELECT id FROM account WHERE id = ?", "i", account_id))
		st = TOKEN_NOT_FOUND;
	else if (db_exec("INSERT INTO api_token (account_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)",
			 "ittt", account_id, name, token_hash_hex(a, tok), now) != 0)
		st = TOKEN_DB_ERROR;
	if (st == TOKEN_OK) {
		*id = db_last_id();
		/* The summary names the token, never its value. */
		if (audit_record(r, "token.create", "api_token", *id, "jeton « %s » du compte %lld", name,
				 account_id) != 0)
			st = TOKEN_DB_ERROR;
	}
	if (st == TOKEN_OK && db_commit() == 0) {
		*token = tok;
		return TOKEN_OK;
	}
	db_rollback();
	return st == TOKEN_OK ? TOKEN_DB_ERROR : st;
}

token_status_t token_revoke(req_t *r, long long account_id, long long id)
{
	if (db_begin() != 0)
		return TOKEN_DB_ERROR;
	json_t *row = db_row("SELECT account_id, name, revoked_at FROM api_token WHERE id = ? AND (? = 0 OR account_id = ?)",
			     "iii", id, account_id, account_id);
	token_status_t st = row ? TOKEN_OK : TOKEN_NOT_FOUND;
	if (row && json_is_null(json_object_get(row, "revoked_at"))) {
		char now[21];
		db_now(now);
		if (db_exec("UPDATE api_token SET revoked_at = ? WHERE id = ?", "ti", now, id) != 0 ||
		    audit_record(r, "token.revoke", "api_token", id, "jeton « %s » du compte %lld",
				 json_string_value(json_object_get(row, "name")),
				 (long long)json_integer_value(json_object_get(row, "account_id"))) != 0)
			st = TOKEN_DB_ERROR;
	}
	json_decref(row);
	if (st == TOKEN_OK && db_commit() == 0)
		return TOKEN_OK;
	db_rollback();
	return st == TOKEN_OK ? TOKEN_DB_ERROR : st;
}

json_t *token_list(long long account_id)
{
	return db_rows("SELECT id, name, created_at, last_used_at, revoked_at FROM api_token WHERE account_id = ? "
		       "ORDER BY id DESC",
		       "i", account_id);
}

json_t *tokens_view(req_t *r, json_t *errors, const char *name, json_t *created)
{
	json_t *items = token_list(r->user->id);
	rows_add_time_fr(r, items, "created_at");
	rows_add_time_fr(r, items, "last_used_at");
	rows_add_time_fr(r, items, "revoked_at");
	return json_pack("{s:o, s:o, s:s, s:o}", "items", items, "errors", errors ? errors : json_object(), "name",
			 name ? name : "", "created", created ? created : json_null());
}

void tokens_create(req_t *r)
{
	form_t f;
	int errors = form_validate(r->arena, token_fields, 1, &r->form, &f);
	const char *name = form_text(&f, "name");
	if (errors) {
		const char *shown = json_string_value(json_object_get(f.input, "name"));
		shown = shown ? arena_strdup(r->arena, shown) : NULL;
		json_decref(f.input);
		if (r->want_json) {
			reply_error(r, 422, NULL, f.errors);
			return;
		}
		self_render(r, 422, NULL, tokens_view(r, f.errors, shown, NULL));
		return;
	}
	json_decref(f.input);
	json_decref(f.errors);
	const char *token = NULL;
	long long id = 0;
	token_status_t st = token_create(r, r->arena, r->user->id, name, &token, &id);
	if (st != TOKEN_OK) {
		reply_error(r, 500, token_status_message(st), NULL);
		return;
	}
	json_t *created = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "name", name, "token", token);
	if (r->want_json) {
		reply_header(r, "Location", "/compte");
		reply_json(r, 201, created);
		return;
	}
	/* Shown on this answer only (no-store, like every page): a reload of
	 * /compte no longer has it. */
	self_render(r, 201, NULL, tokens_view(r, NULL, NULL, created));
}

void tokens_revoke(req_t *r)
{
	long long id = param_id(r, "token_id");
	token_status_t st = id ? token_revoke(r, r->user->id, id) : TOKEN_NOT_FOUND;
	if (st == TOKEN_NOT_FOUND) {
		reply_error(r, 404, token_status_message(st), NULL);
		return;
	}
	if (st != TOKEN_OK) {
		reply_error(r, 500, token_status_message(st), NULL);
		return;
	}
	if (r->want_json) {
		json_t *row = db_row("SELECT id, name, created_at, last_used_at, revoked_at FROM api_token WHERE id = ?",
				     "i", id);
		reply_json(r, 200, row ? row : json_object());
		return;
	}
	flash_set(r, "Jeton révoqué : il n'ouvre plus l'accès à l'API.");
	redirect(r, "/compte");
}
