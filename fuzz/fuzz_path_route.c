/* fuzz_path_route.c — libFuzzer harness for what the dispatcher does with a
 * request target: percent_decode of the path, router_match on the real route
 * table (src/routes.c, linked with every handler), parse_urlencoded of the
 * query string.
 *
 * The input, cut at its first NUL (libmicrohttpd gives the target as a C
 * string), is the request target "path?query", split at the first '?' as in
 * dispatch.c. Invariants checked beyond "no crash":
 * - the decoded path is NUL-terminated, NUL-free, valid UTF-8 (checked against
 *   a reference decoder), and no longer than the encoded one;
 * - router_match with GET, HEAD, POST and PUT: on MATCH_OK the route's method
 *   allows the request's (HEAD for GET), its params are as many as the
 *   pattern's {name} segments, named as in the pattern, non-empty, without
 *   '/', and putting them back into the pattern gives the path again; GET and
 *   HEAD find the same route; whether the path exists does not depend on the
 *   method; on MATCH_BAD_METHOD the Allow list is non-empty and fits its
 *   buffer; the first route of the table whose pattern matches is the one
 *   returned;
 * - under /static/, as dispatch.c does, a name without '/' finds only the
 *   embedded file of exactly that name;
 * - the query's pairs have non-empty NUL-free UTF-8 names and values, at most
 *   PARSE_MAX_FIELDS of them.
 */
#include "core/arena.h"
#include "core/embedded.h"
#include "fuzz_common.h"
#include "http/parse.h"
#include "http/router.h"

/* Rebuilds the path from the route's pattern and the request's params. */
static void rebuild(buf_t *b, const char *pat, const req_t *r)
{
	int k = 0;
	while (*pat) {
		if (*pat == '{') {
			const char *close = strchr(pat, '}');
			CHECK(close && k < r->n_params);
			size_t nl = (size_t)(close - pat - 1);
			CHECK(strlen(r->param_names[k]) == nl && memcmp(r->param_names[k], pat + 1, nl) == 0);
			buf_puts(b, r->params[k++]);
			pat = close + 1;
		} else {
			buf_putc(b, *pat++);
		}
	}
	CHECK(k == r->n_params);
}

/* Reference for one segment: 1 if the path segment (sl bytes) fits the
 * pattern segment (pl bytes). A {name} stands for one or more characters:
 * all the rest of the segment, or, when a literal follows it in the
 * segment ("{id}.ics", "{id}.{format}"), up to that literal's last
 * occurrence — the rule router.c documents. */
static int ref_segment(const char *pat, size_t pl, const char *seg, size_t sl)
{
	if (pl == 0)
		return sl == 0;
	if (pat[0] != '{')
		return sl > 0 && pat[0] == seg[0] && ref_segment(pat + 1, pl - 1, seg + 1, sl - 1);
	const char *close = memchr(pat, '}', pl);
	if (!close)
		return 0;
	const char *lit = close + 1;
	size_t rest = pl - (size_t)(lit - pat), lit_len = 0;
	while (lit_len < rest && lit[lit_len] != '{')
		lit_len++;
	size_t take = sl;
	if (lit_len) {
		take = 0;
		for (size_t at = sl >= lit_len ? sl - lit_len + 1 : 0; at-- > 0;)
			if (memcmp(seg + at, lit, lit_len) == 0) {
				take = at;
				break;
			}
	}
	return take > 0 && ref_segment(lit, rest, seg + take, sl - take);
}

/* Reference matcher: 1 if path fits pattern, segment by segment (literal
 * segments equal, parameters non-empty and without '/'). */
static int ref_match(const char *pat, const char *path)
{
	for (;;) {
		size_t pl = strcspn(pat, "/"), sl = strcspn(path, "/");
		if (!ref_segment(pat, pl, path, sl))
			return 0;
		pat += pl;
		path += sl;
		if (!*pat || !*path)
			return !*pat && !*path;
		pat++; /* both on '/' */
		path++;
	}
}

static route_match_t match(const char *method, const char *path, arena_t *a, req_t *r,
			   const route_t **rt, char *allow, size_t allow_len)
{
	memset(r, 0, sizeof *r);
	r->arena = a;
	r->method = method;
	r->path = path;
	*rt = NULL;
	route_match_t m = router_match(routes, routes_count, method, path, r, rt, allow, allow_len);
	int first = -1, allowed = -1;
	for (size_t i = 0; i < routes_count; i++) {
		if (!ref_match(routes[i].pattern, path))
			continue;
		if (first < 0)
			first = (int)i;
		if (allowed < 0 && (strcmp(routes[i].method, method) == 0 ||
				    (strcmp(method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0)))
			allowed = (int)i;
	}
	if (m == MATCH_OK) {
		CHECK(*rt && allowed >= 0 && *rt == &routes[allowed]);
		buf_t b;
		buf_init(&b, a, 0);
		rebuild(&b, (*rt)->pattern, r);
		CHECK(strcmp(b.data, path) == 0);
		for (int k = 0; k < r->n_params; k++)
			CHECK(r->params[k][0] && !strchr(r->params[k], '/'));
	} else if (m == MATCH_BAD_METHOD) {
		CHECK(first >= 0 && allowed < 0);
		if (allow && allow_len >= 32) /* room for "GET, HEAD, POST" */
			CHECK(allow[0] && strlen(allow) < allow_len);
		else if (allow && allow_len)
			CHECK(strlen(allow) < allow_len);
	} else {
		CHECK(m == MATCH_NOT_FOUND && first < 0);
	}
	return m;
}

static void check_route(arena_t *a, const char *path)
{
	req_t *r = arena_calloc(a, 1, sizeof *r);
	const route_t *get, *head, *post, *put;
	char allow[64];
	route_match_t mg = match("GET", path, a, r, &get, allow, sizeof allow);
	route_match_t mh = match("HEAD", path, a, r, &head, allow, sizeof allow);
	route_match_t mp = match("POST", path, a, r, &post, allow, sizeof allow);
	route_match_t mu = match("PUT", path, a, r, &put, allow, sizeof allow);
	CHECK(mg == mh && get == head);
	CHECK(mu != MATCH_OK);
	CHECK((mg == MATCH_NOT_FOUND) == (mp == MATCH_NOT_FOUND));
	CHECK((mg == MATCH_NOT_FOUND) == (mu == MATCH_NOT_FOUND));
	/* A NULL or tiny Allow buffer is fine. */
	match("PUT", path, a, r, &put, NULL, 0);
	char small[4];
	match("PUT", path, a, r, &put, small, sizeof small);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *target = fuzz_cstr(data, size);
	const char *q = strchr(target, '?');
	size_t path_len = q ? (size_t)(q - target) : strlen(target);

	arena_t *a = arena_new(0);
	char *path;
	size_t len;
	parse_status_t st = percent_decode(a, target, path_len, 0, &path, &len);
	if (st == PARSE_OK) {
		CHECK(path && path[len] == '\0' && strlen(path) == len && len <= path_len);
		CHECK(ref_utf8((const unsigned char *)path, len));
		check_route(a, path);
		if (strncmp(path, "/static/", 8) == 0 && !strchr(path + 8, '/')) {
			const embedded_file_t *f = embedded_find(embedded_static, embedded_static_count, path + 8);
			CHECK(!f || strcmp(f->name, path + 8) == 0);
		}
	} else {
		CHECK(!path && len == 0);
	}
	if (q) {
		kv_list_t l = {0};
		st = parse_urlencoded(a, q + 1, strlen(q + 1), &l);
		if (st == PARSE_OK) {
			CHECK(l.count <= PARSE_MAX_FIELDS);
			for (const kv_t *kv = l.head; kv; kv = kv->next) {
				size_t nl = strlen(kv->name);
				CHECK(nl && ref_utf8((const unsigned char *)kv->name, nl));
				CHECK(strlen(kv->value) == kv->value_len);
				CHECK(ref_utf8((const unsigned char *)kv->value, kv->value_len));
			}
		}
	}
	arena_free(a);
	free(target);
	return 0;
}
