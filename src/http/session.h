/* session.h — sessions in the database, and CSRF tokens.
 *
 * The session cookie carries a 256-bit random token; the database keeps only
 * its BLAKE2b hash. A session ends after SESSION_IDLE_SECONDS without use, or
 * SESSION_MAX_SECONDS after login, whichever comes first.
 *
 * CSRF tokens are an HMAC of the session token (or, for a visitor not logged
 * in, of a random cookie set when a form is first shown) under the
 * application's secret key: nothing to store, and a token is worthless
 * without the cookie it belongs to.
 */
#ifndef QUARTIER_SESSION_H
#define QUARTIER_SESSION_H

#include "http/request.h"

#define SESSION_COOKIE "quartier_session"
#define ANON_COOKIE "quartier_visiteur"
#define SESSION_IDLE_SECONDS (2 * 3600)
#define SESSION_MAX_SECONDS (12 * 3600)

/* Finds the session named by the request's cookie and sets r->user. */
void session_load(req_t *r);

/* Authenticates the request by an API token (the part after "Bearer "):
 * a valid, unrevoked token of an enabled account sets r->user and
 * r->via_token, and its last use (at most once a minute). 0, or -1 when the
 * token is not valid (the caller answers 401; cookies are not tried). */
int session_load_bearer(req_t *r, const char *token);

/* Hex BLAKE2b-256 of a token (sessions and API tokens), arena string. */
char *token_hash_hex(arena_t *a, const char *token);

/* Opens a session for the account and sets the cookie. 0 or -1. */
int session_start(req_t *r, long long account_id);

/* Deletes the request's session and clears the cookie. */
void session_end(req_t *r);

/* The CSRF token for this request's forms (arena string). For a visitor,
 * sets the anonymous cookie when it is missing. */
const char *csrf_token(req_t *r);

/* 1 if the submitted token (form field csrf or header X-CSRF-Token) matches. */
int csrf_valid(req_t *r);

/* Builds an account_t from a row of the account table joined with its
 * organisation's name (columns id, email, name, role, organization_id,
 * organization_name). Arena-owned. */
account_t *account_from_row(req_t *r, json_t *row);

/* ROLE_* bit of a role name; 0 for an unknown name. */
unsigned role_bit(const char *role);

/* French label of a role ("Administrateur"...). Static string. */
const char *role_label(const char *role);

/* The home page of a role ("/admin"...). Static string. */
const char *role_home(const char *role);

#endif
