/* api.c — see api.h. */
#include "http/api.h"

#include <stdlib.h>

/* A whole number in [min, max] from the query, or dflt when absent; -1 when
 * present but invalid. */
static long long query_int(req_t *r, const char *name, long long min, long long max, long long dflt)
{
	const char *s = kv_get(&r->query, name);
	if (!s || !*s)
		return dflt;
	char *end;
	long long n = strtoll(s, &end, 10);
	return (*end || n < min || n > max) ? -1 : n;
}

int api_page(req_t *r, api_page_t *p)
{
	long long page = query_int(r, "page", 1, 1000000, 1);
	long long per_page = query_int(r, "per_page", 1, API_PER_PAGE_MAX, API_PER_PAGE_DEFAULT);
	if (page < 0 || per_page < 0) {
		reply_error(r, 400,
			    page < 0 ? "Paramètre page invalide : un entier à partir de 1 est attendu."
				     : "Paramètre per_page invalide : un entier de 1 à 100 est attendu.",
			    NULL);
		return -1;
	}
	p->page = (int)page;
	p->per_page = (int)per_page;
	p->offset = (page - 1) * per_page;
	return 0;
}

void api_list_reply(req_t *r, json_t *items, long long total, const api_page_t *p)
{
	reply_json(r, 200,
		   json_pack("{s:o, s:I, s:i, s:i}", "items", items, "total", (json_int_t)total, "page", p->page,
			     "per_page", p->per_page));
}

void api_created(req_t *r, json_t *obj, const char *location)
{
	if (location)
		reply_header(r, "Location", location);
	reply_json(r, 201, obj);
}

void api_no_content(req_t *r)
{
	reply_raw(r, 204, NULL, "", 0);
}
