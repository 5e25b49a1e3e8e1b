/* request.h — one HTTP request as handlers see it, and the replies they give.
 *
 * A request lives in its arena (r->arena); every string here belongs to it.
 * Handlers receive a request that already passed the dispatcher's checks
 * (route, method, session, capability, CSRF, body limits, encodings), read
 * validated input, and answer with exactly one of render(), redirect(),
 * reply_error(), reply_json() or reply_raw().
 */
#ifndef QUARTIER_REQUEST_H
#define QUARTIER_REQUEST_H

#include <jansson.h>
#include <stddef.h>

#include "core/arena.h"
#include "http/parse.h"

/* Roles as bits, so that a route's capability is a set of roles. */
enum role_bit {
	ROLE_ANON = 1 << 0,
	ROLE_MEMBER = 1 << 1,
	ROLE_PARTNER = 1 << 2,
	ROLE_STAFF = 1 << 3,
	ROLE_ADMIN = 1 << 4,
};

/* Capabilities: who may use a route. */
#define CAP_PUBLIC (ROLE_ANON | ROLE_MEMBER | ROLE_PARTNER | ROLE_STAFF | ROLE_ADMIN)
#define CAP_USER (ROLE_MEMBER | ROLE_PARTNER | ROLE_STAFF | ROLE_ADMIN)
#define CAP_STAFF (ROLE_STAFF | ROLE_ADMIN)
#define CAP_ADMIN (ROLE_ADMIN)
#define CAP_PARTNER (ROLE_PARTNER | ROLE_STAFF | ROLE_ADMIN)
#define CAP_MEMBER (ROLE_MEMBER | ROLE_STAFF | ROLE_ADMIN)

/* The logged-in user. */
typedef struct account {
	long long id;
	const char *email;
	const char *name;
	const char *role; /* "admin", "staff", "partner", "member" */
	unsigned role_bit;
	long long organization_id; /* 0 when none */
	const char *organization_name;
} account_t;

#define REQ_MAX_PARAMS 6

struct route;

typedef struct req {
	arena_t *arena;
	void *conn; /* struct MHD_Connection * */
	const char *method;
	const char *raw_uri; /* as received: path and query, still encoded */
	const char *path;    /* decoded path */
	kv_list_t query;     /* decoded query string */
	kv_list_t form;      /* decoded body (urlencoded, multipart or JSON object) */
	kv_list_t cookies;
	const struct route *route;
	const char *param_names[REQ_MAX_PARAMS];
	const char *params[REQ_MAX_PARAMS]; /* decoded {name} segments of the path */
	int n_params;
	const account_t *user;        /* NULL when anonymous */
	const char *session_token;    /* the session cookie's token when logged in */
	const char *anon_token;       /* the anonymous visitor's CSRF cookie, if any */
	int via_token;                /* authenticated by an API token (Authorization: Bearer): no CSRF */
	int want_json;                /* Accept prefers application/json */
	const char *client_ip;
	char request_id[17];
	double started;               /* monotonic seconds */

	/* body, accumulated while it arrives */
	buf_t body;
	const char *content_type;
	size_t content_length;
	int body_too_large;

	/* page cache (http/page_cache.h) */
	const char *cache_key;       /* set when this request may use the cache */
	long long cache_generation;  /* read before rendering; -1 until read */
	unsigned char cache_marker[48]; /* db_commit_marker() before anything else */
	int cache_has_marker;
	int cache_served;            /* answered from the cache */
	int cache_result;            /* libmicrohttpd's answer to that queueing */

	/* reply */
	int status;
	const char *reply_type; /* Content-Type */
	const char *reply_body;
	size_t reply_len;
	kv_list_t reply_headers;
	int replied;
} req_t;

typedef void (*handler_fn)(req_t *r);

/* Path parameter {name} of the matched route, or NULL. */
const char *req_param(const req_t *r, const char *name);

/* Request header value (case-insensitive name), or NULL. */
const char *req_header(const req_t *r, const char *name);

/* Adds a response header (copied). */
void reply_header(req_t *r, const char *name, const char *value);

/* Renders template `name` with view (reference stolen) as the page, with the
 * common keys added (me, csrf, site, page). With Accept: application/json and
 * a route that allows it, the view itself is sent as JSON. */
void render(req_t *r, int status, const char *name, json_t *view);

/* 303 See Other to a local path (for POST) or 302 for GET; JSON clients get
 * {"redirect": "..."} with 200 so that APIs see the outcome. */
void redirect(req_t *r, const char *location);

/* An error page in French (HTML or JSON by Accept). message may be NULL for
 * the status's standard text; fields (stolen, may be NULL) maps field names
 * to messages for 400/422. */
void reply_error(req_t *r, int status, const char *message, json_t *fields);

/* Sends a JSON value (reference stolen). */
void reply_json(req_t *r, int status, json_t *value);

/* Sends bytes as they are (owned by the arena or static). */
void reply_raw(req_t *r, int status, const char *content_type, const char *body, size_t len);

/* A one-time message shown on the next page (cookie, escaped when shown). */
void flash_set(req_t *r, const char *message);

#endif
