/* test_router.c — route matching: literal and {param} segments, methods,
 * HEAD for GET, 404 versus 405 with the Allow list, and the real table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "http/router.h"

static void h_a(req_t *r) { (void)r; }
static void h_b(req_t *r) { (void)r; }
static void h_c(req_t *r) { (void)r; }
static void h_d(req_t *r) { (void)r; }

static const route_t table[] = {
	{"GET", "/", h_a, CAP_PUBLIC, 0, "root"},
	{"GET", "/projets/{slug}", h_b, CAP_PUBLIC, 0, "project"},
	{"POST", "/projets/{slug}", h_c, CAP_STAFF, 0, "project update"},
	{"GET", "/admin/comptes/nouveau", h_d, CAP_ADMIN, 0, "literal before param"},
	{"GET", "/admin/comptes/{id}", h_a, CAP_ADMIN, 0, "account"},
	{"POST", "/admin/comptes/{id}/desactiver", h_b, CAP_ADMIN, 0, "disable"},
};
static const size_t n = sizeof table / sizeof table[0];

static req_t *new_req(void)
{
	arena_t *a = arena_new(0);
	req_t *r = arena_calloc(a, 1, sizeof *r);
	r->arena = a;
	return r;
}

static void test_literal_and_params(void **state)
{
	(void)state;
	req_t *r = new_req();
	const route_t *rt = NULL;
	assert_int_equal(router_match(table, n, "GET", "/", r, &rt, NULL, 0), MATCH_OK);
	assert_ptr_equal(rt, &table[0]);
	assert_int_equal(router_match(table, n, "GET", "/projets/mosson", r, &rt, NULL, 0), MATCH_OK);
	assert_ptr_equal(rt, &table[1]);
	assert_int_equal(r->n_params, 1);
	assert_string_equal(req_param(r, "slug"), "mosson");
	assert_null(req_param(r, "id"));
	arena_free(r->arena);
}

/* A parameter followed by a literal in its segment ends at the literal's
 * last occurrence: "S-2026-00042.json" gives id "S-2026-00042", format "json". */
static void test_suffix_params(void **state)
{
	(void)state;
	static const route_t t[] = {
		{"GET", "/open311/v2/requests/{id}.{format}", h_a, CAP_PUBLIC, 0, "one request"},
		{"GET", "/open311/v2/services.{format}", h_b, CAP_PUBLIC, 0, "services"},
		{"GET", "/x/{name}.geojson", h_c, CAP_PUBLIC, 0, "suffix"},
	};
	req_t *r = new_req();
	const route_t *rt = NULL;
	assert_int_equal(router_match(t, 3, "GET", "/open311/v2/requests/S-2026-00042.json", r, &rt, NULL, 0), MATCH_OK);
	assert_ptr_equal(rt, &t[0]);
	assert_string_equal(req_param(r, "id"), "S-2026-00042");
	assert_string_equal(req_param(r, "format"), "json");
	assert_int_equal(router_match(t, 3, "GET", "/open311/v2/requests/a.b.xml", r, &rt, NULL, 0), MATCH_OK);
	assert_string_equal(req_param(r, "id"), "a.b");
	assert_string_equal(req_param(r, "format"), "xml");
	assert_int_equal(router_match(t, 3, "GET", "/open311/v2/services.xml", r, &rt, NULL, 0), MATCH_OK);
	assert_string_equal(req_param(r, "format"), "xml");
	assert_int_equal(router_match(t, 3, "GET", "/x/a.geojson", r, &rt, NULL, 0), MATCH_OK);
	assert_string_equal(req_param(r, "name"), "a");
	/* no literal, empty parameter, or the literal alone: no match */
	assert_int_equal(router_match(t, 3, "GET", "/open311/v2/requests/abc", r, &rt, NULL, 0), MATCH_NOT_FOUND);
	assert_int_equal(router_match(t, 3, "GET", "/open311/v2/requests/.json", r, &rt, NULL, 0), MATCH_NOT_FOUND);
	assert_int_equal(router_match(t, 3, "GET", "/x/.geojson", r, &rt, NULL, 0), MATCH_NOT_FOUND);
	assert_int_equal(router_match(t, 3, "GET", "/x/a.geojson/b", r, &rt, NULL, 0), MATCH_NOT_FOUND);
	arena_free(r->arena);
}

static void test_first_declared_wins(void **state)
{
	(void)state;
	req_t *r = new_req();
	const route_t *rt = NULL;
	assert_int_equal(router_match(table, n, "GET", "/admin/comptes/nouveau", r, &rt, NULL, 0), MATCH_OK);
	assert_ptr_equal(rt, &table[3]);
	assert_int_equal(router_match(table, n, "GET", "/admin/comptes/42", r, &rt, NULL, 0), MATCH_OK);
	assert_ptr_equal(rt, &table[4]);
	assert_string_equal(req_param(r, "id"), "42");
	assert_int_equal(router_match(table, n, "POST", "/admin/comptes/42/desactiver", r, &rt, NULL, 0), MATCH_OK);
	assert_string_equal(req_param(r, "id"), "42");
	arena_free(r->arena);
}

static void test_not_found(void **state)
{
	(void)state;
	req_t *r = new_req();
	const route_t *rt = NULL;
	const char *paths[] = {"/projets",	    "/projets/",	  "/projets/mosson/", "/projets/a/b",
			       "/admin/comptes", "/admin/comptes//desactiver", "", "/x"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
		assert_int_equal(router_match(table, n, "GET", paths[i], r, &rt, NULL, 0), MATCH_NOT_FOUND);
	arena_free(r->arena);
}

static void test_methods(void **state)
{
	(void)state;
	req_t *r = new_req();
	const route_t *rt = NULL;
	char allow[64];
	/* HEAD is answered by GET routes. */
	assert_int_equal(router_match(table, n, "HEAD", "/projets/mosson", r, &rt, NULL, 0), MATCH_OK);
	assert_ptr_equal(rt, &table[1]);
	/* POST selects the POST route of the same pattern. */
	assert_int_equal(router_match(table, n, "POST", "/projets/mosson", r, &rt, NULL, 0), MATCH_OK);
	assert_ptr_equal(rt, &table[2]);
	/* A known path with another method: 405 and the Allow list. */
	assert_int_equal(router_match(table, n, "DELETE", "/projets/mosson", r, &rt, allow, sizeof allow),
			 MATCH_BAD_METHOD);
	assert_string_equal(allow, "GET, HEAD, POST");
	assert_int_equal(router_match(table, n, "GET", "/admin/comptes/1/desactiver", r, &rt, allow, sizeof allow),
			 MATCH_BAD_METHOD);
	assert_string_equal(allow, "POST");
	assert_int_equal(router_match(table, n, "POST", "/", r, &rt, allow, sizeof allow), MATCH_BAD_METHOD);
	assert_string_equal(allow, "GET, HEAD");
	arena_free(r->arena);
}

/* The application's own table: every pattern is well formed, no two routes
 * share method and pattern, and every route names its capability. */
static void test_application_table(void **state)
{
	(void)state;
	assert_true(routes_count >= 15);
	for (size_t i = 0; i < routes_count; i++) {
		assert_non_null(routes[i].handler);
		assert_true(routes[i].cap != 0);
		assert_true(routes[i].pattern[0] == '/');
		assert_true(strcmp(routes[i].method, "GET") == 0 || strcmp(routes[i].method, "POST") == 0);
		int depth = 0;
		for (const char *p = routes[i].pattern; *p; p++) {
			depth += *p == '{';
			depth -= *p == '}';
			assert_true(depth == 0 || depth == 1);
		}
		assert_int_equal(depth, 0);
		for (size_t j = i + 1; j < routes_count; j++)
			assert_false(strcmp(routes[i].method, routes[j].method) == 0 &&
				     strcmp(routes[i].pattern, routes[j].pattern) == 0);
	}
	req_t *r = new_req();
	const route_t *rt = NULL;
	assert_int_equal(router_match(routes, routes_count, "GET", "/projets/cevennes", r, &rt, NULL, 0), MATCH_OK);
	assert_true(rt->cap & ROLE_ANON);
	assert_int_equal(router_match(routes, routes_count, "GET", "/admin/journal", r, &rt, NULL, 0), MATCH_OK);
	assert_int_equal(rt->cap, CAP_ADMIN);
	arena_free(r->arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literal_and_params), cmocka_unit_test(test_first_declared_wins),
		cmocka_unit_test(test_not_found),          cmocka_unit_test(test_methods),
		cmocka_unit_test(test_application_table), cmocka_unit_test(test_suffix_params),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
