/* tokens.h — personal API tokens: created on /compte or with
 * `quartier token create`, shown once, stored hashed, named, revocable,
 * sent as "Authorization: Bearer qrt_…" (checked by the dispatcher through
 * session_load_bearer, http/session.h). */
#ifndef QUARTIER_TOKENS_H
#define QUARTIER_TOKENS_H

#include <jansson.h>

#include "core/arena.h"
#include "http/request.h"

#define TOKEN_PREFIX "qrt_"
#define TOKEN_NAME_MAX 80

typedef enum token_status {
	TOKEN_OK,
	TOKEN_NOT_FOUND, /* no such token, or another account's */
	TOKEN_BAD_NAME,  /* empty or longer than TOKEN_NAME_MAX characters */
	TOKEN_DB_ERROR,
} token_status_t;

/* French message for a status. Static string. */
const char *token_status_message(token_status_t st);

/* Creates a token named name for the account, with its audit entry, in one
 * transaction. r may be NULL (command line). On TOKEN_OK, *token receives
 * the token (allocated in a; the only time it exists in clear) and *id its
 * id. */
token_status_t token_create(req_t *r, arena_t *a, long long account_id, const char *name, const char **token,
			    long long *id);

/* Revokes token id; account_id 0 means any account (command line), else the
 * token must be that account's. Revoking a revoked token is TOKEN_OK and
 * changes nothing. Audited. */
token_status_t token_revoke(req_t *r, long long account_id, long long id);

/* The account's tokens, newest first: [{id, name, created_at, last_used_at,
 * revoked_at}] (never the hash). New reference. */
json_t *token_list(long long account_id);

/* The "tokens" part of the /compte view model: {items (with Paris times),
 * errors, name, created}. errors and created (may be NULL) are stolen;
 * name is the value to show again in the form (may be NULL). */
json_t *tokens_view(req_t *r, json_t *errors, const char *name, json_t *created);

/* POST /compte/jetons: creates a token (field name) and shows it once. */
void tokens_create(req_t *r);

/* POST /compte/jetons/{token_id}/revoquer: revokes one of one's own tokens. */
void tokens_revoke(req_t *r);

#endif
