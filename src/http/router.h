/* router.h — the route table and how a path finds its route.
 *
 * Every URL the app serves is one line of the table in routes.c: method,
 * pattern, handler, capability (who may use it) and flags. The dispatcher
 * checks everything it can before the handler runs (DESIGN.md §2).
 */
#ifndef QUARTIER_ROUTER_H
#define QUARTIER_ROUTER_H

#include "http/request.h"

enum route_flag {
	ROUTE_NO_JSON = 1 << 0, /* never answers JSON (e.g. a download) */
	ROUTE_NO_CSRF = 1 << 1, /* POST without CSRF token (Open311: the api_key authenticates) */
	ROUTE_PUBLIC_CACHE = 1 << 2, /* same bytes for every anonymous visitor */
	ROUTE_API = 1 << 3, /* JSON API (/api/v1/...): always JSON, errors included, whatever
			     * Accept says; anonymous requests get 401, never a redirect;
			     * described by /api/v1/openapi.json */
	ROUTE_OPEN311 = 1 << 4, /* Open311 GeoReport v2 (/open311/...): errors in Open311's format,
				 * JSON or XML by the path's extension; no session: callers are
				 * anonymous, a POST authenticates by its api_key field */
};

typedef struct route {
	const char *method;  /* "GET" or "POST"; GET also answers HEAD */
	const char *pattern; /* "/projets/{slug}": literal segments and {name} segments */
	handler_fn handler;
	unsigned cap;   /* set of ROLE_* bits allowed */
	unsigned flags; /* ROUTE_* */
	const char *name; /* short description, for `quartier routes` */
} route_t;

extern const route_t routes[];
extern const size_t routes_count;

typedef enum route_match {
	MATCH_OK,
	MATCH_NOT_FOUND,
	MATCH_BAD_METHOD, /* the path exists for other methods */
} route_match_t;

/* Finds the route for method and a decoded path. On MATCH_OK, fills *out
 * and the request's params (segments, arena-copied). On MATCH_BAD_METHOD,
 * allow (may be NULL) receives the allowed methods, e.g. "GET, HEAD". */
route_match_t router_match(const route_t *table, size_t n, const char *method, const char *path,
			   req_t *r, const route_t **out, char *allow, size_t allow_len);

#endif
