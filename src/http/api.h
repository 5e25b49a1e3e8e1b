/* api.h — conventions of the JSON API (/api/v1/...), shared by every module.
 *
 * Lists: ?page= (from 1) and ?per_page= (1..100, default 25) are read by
 * api_page(); the answer is {"items": [...], "total": N, "page": P,
 * "per_page": K} (api_list_reply). Errors use reply_error() (JSON with
 * fields for 422). A create answers 201 with the object and a Location
 * header; a delete answers 204 with no body.
 */
#ifndef QUARTIER_API_H
#define QUARTIER_API_H

#include <jansson.h>

#include "http/request.h"

#define API_PER_PAGE_DEFAULT 25
#define API_PER_PAGE_MAX 100

typedef struct api_page {
	int page;     /* 1-based */
	int per_page; /* 1..API_PER_PAGE_MAX */
	long long offset;
} api_page_t;

/* Reads ?page= and ?per_page=. Returns 0, or -1 after answering 400 with a
 * French message naming the parameter. */
int api_page(req_t *r, api_page_t *p);

/* Answers 200 {"items": items, "total": total, "page", "per_page"}.
 * Steals items. */
void api_list_reply(req_t *r, json_t *items, long long total, const api_page_t *p);

/* Answers 201 with obj (stolen) and Location: location. */
void api_created(req_t *r, json_t *obj, const char *location);

/* Answers 204 No Content. */
void api_no_content(req_t *r);

#endif
