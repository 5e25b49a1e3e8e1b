/* router.c — matches a decoded path against the route table. Patterns are
 * short, so a linear scan segment by segment is fast enough and obvious.
 * A parameter takes a whole segment ("/contacts/{id}"), or the part of it
 * before a literal suffix ("/open311/v2/requests/{id}.{format}"). */
#include "http/router.h"

#include <string.h>

/* Matches pattern against path; fills params when r is not NULL. */
static int pattern_match(const char *pat, const char *path, req_t *r)
{
	int n = 0;
	while (*pat && *path) {
		if (*pat == '{') {
			const char *close = strchr(pat, '}');
			const char *seg_end = strchr(path, '/');
			size_t seg_len = seg_end ? (size_t)(seg_end - path) : strlen(path);
			if (!close || seg_len == 0 || n >= REQ_MAX_PARAMS)
				return 0;
			/* A literal after the parameter in the same segment ("{id}.json",
			 * "{id}.{format}"): the parameter ends at its last occurrence. */
			size_t lit_len = strcspn(close + 1, "{/");
			if (lit_len) {
				const char *last = NULL;
				for (const char *p = path; p + lit_len <= path + seg_len; p++)
					if (memcmp(p, close + 1, lit_len) == 0)
						last = p;
				if (!last || last == path)
					return 0;
				seg_len = (size_t)(last - path);
			}
			if (r) {
				r->param_names[n] = arena_strndup(r->arena, pat + 1, (size_t)(close - pat - 1));
				r->params[n] = arena_strndup(r->arena, path, seg_len);
			}
			n++;
			pat = close + 1;
			path += seg_len;
			continue;
		}
		if (*pat != *path)
			return 0;
		pat++;
		path++;
	}
	if (*pat || *path)
		return 0;
	if (r)
		r->n_params = n;
	return 1;
}

static int method_allows(const route_t *rt, const char *method)
{
	if (strcmp(rt->method, method) == 0)
		return 1;
	return strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0;
}

route_match_t router_match(const route_t *table, size_t n, const char *method, const char *path,
			   req_t *r, const route_t **out, char *allow, size_t allow_len)
{
	int path_found = 0;
	if (allow && allow_len)
		allow[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (!pattern_match(table[i].pattern, path, NULL))
			continue;
		if (method_allows(&table[i], method)) {
			pattern_match(table[i].pattern, path, r);
			*out = &table[i];
			return MATCH_OK;
		}
		path_found = 1;
		if (allow && allow_len) {
			const char *m = strcmp(table[i].method, "GET") == 0 ? "GET, HEAD" : table[i].method;
			size_t used = strlen(allow);
			if (used + strlen(m) + 3 < allow_len) {
				if (used)
					strcat(allow, ", ");
				strcat(allow, m);
			}
		}
	}
	return path_found ? MATCH_BAD_METHOD : MATCH_NOT_FOUND;
}
