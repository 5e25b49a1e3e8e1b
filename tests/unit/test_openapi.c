/* test_openapi.c — the OpenAPI document built from a route table: only
 * /api/v1/ routes, methods in lower case, path parameters, security by
 * capability, success answers by the conventions of http/api.h, unique
 * operationIds, and the document of the real table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "modules/openapi.h"

static void h(req_t *r) { (void)r; }

static const route_t table[] = {
	{"GET", "/", h, CAP_PUBLIC, 0, "accueil"},
	{"GET", "/api/v1/things", h, CAP_PUBLIC, ROUTE_API, "liste"},
	{"POST", "/api/v1/things", h, CAP_STAFF, ROUTE_API, "créer"},
	{"GET", "/api/v1/things/{slug}", h, CAP_PUBLIC, ROUTE_API, "une chose"},
	{"POST", "/api/v1/things/{slug}", h, CAP_STAFF, ROUTE_API, "modifier"},
	{"POST", "/api/v1/things/{slug}/supprimer", h, CAP_ADMIN, ROUTE_API, "supprimer"},
	{"DELETE", "/api/v1/parts/{thing_id}/{id}", h, CAP_STAFF, ROUTE_API, "retirer"},
};

static json_t *op(json_t *doc, const char *path, const char *method)
{
	return json_object_get(json_object_get(json_object_get(doc, "paths"), path), method);
}

static int has_response(json_t *o, const char *code)
{
	return json_object_get(json_object_get(o, "responses"), code) != NULL;
}

static void test_paths_and_methods(void **state)
{
	(void)state;
	json_t *doc = openapi_document(table, sizeof table / sizeof table[0], "https://q.example");
	assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
	json_t *server = json_array_get(json_object_get(doc, "servers"), 0);
	assert_string_equal(json_string_value(json_object_get(server, "url")), "https://q.example");
	json_t *paths = json_object_get(doc, "paths");
	assert_int_equal(json_object_size(paths), 4);
	assert_null(json_object_get(paths, "/"));
	assert_non_null(op(doc, "/api/v1/things", "get"));
	assert_non_null(op(doc, "/api/v1/things", "post"));
	assert_null(op(doc, "/api/v1/things", "GET"));
	assert_string_equal(json_string_value(json_object_get(op(doc, "/api/v1/things", "post"), "summary")), "créer");
	json_decref(doc);
}

static void test_security_and_answers(void **state)
{
	(void)state;
	json_t *doc = openapi_document(table, sizeof table / sizeof table[0], "");
	json_t *list = op(doc, "/api/v1/things", "get");
	assert_int_equal(json_array_size(json_object_get(list, "security")), 0);
	assert_true(has_response(list, "200"));
	json_t *create = op(doc, "/api/v1/things", "post");
	assert_int_equal(json_array_size(json_object_get(create, "security")), 1);
	assert_true(has_response(create, "201"));
	assert_non_null(json_object_get(create, "requestBody"));
	assert_true(has_response(op(doc, "/api/v1/things/{slug}", "post"), "200"));
	json_t *del = op(doc, "/api/v1/things/{slug}/supprimer", "post");
	assert_true(has_response(del, "204"));
	assert_null(json_object_get(del, "requestBody"));
	assert_true(has_response(op(doc, "/api/v1/parts/{thing_id}/{id}", "delete"), "204"));
	const char *codes[] = {"400", "401", "403", "404", "422"};
	for (size_t i = 0; i < 5; i++)
		assert_true(has_response(create, codes[i]));
	json_decref(doc);
}

static void test_parameters_and_ids(void **state)
{
	(void)state;
	json_t *doc = openapi_document(table, sizeof table / sizeof table[0], "");
	json_t *params = json_object_get(op(doc, "/api/v1/parts/{thing_id}/{id}", "delete"), "parameters");
	assert_int_equal(json_array_size(params), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(params, 0), "name")), "thing_id");
	assert_string_equal(json_string_value(json_object_get(json_array_get(params, 1), "name")), "id");
	assert_string_equal(json_string_value(json_object_get(json_array_get(params, 1), "in")), "path");
	assert_true(json_is_true(json_object_get(json_array_get(params, 1), "required")));
	assert_string_equal(json_string_value(json_object_get(op(doc, "/api/v1/things/{slug}", "get"), "operationId")),
			    "get_things_by_slug");
	json_decref(doc);
}

static void test_application_table(void **state)
{
	(void)state;
	json_t *doc = openapi_document(routes, routes_count, "http://127.0.0.1:8080");
	assert_non_null(op(doc, "/api/v1/openapi.json", "get"));
	/* operationIds are unique across the document */
	json_t *seen = json_object();
	const char *path;
	json_t *item;
	json_object_foreach(json_object_get(doc, "paths"), path, item)
	{
		const char *m;
		json_t *o;
		json_object_foreach(item, m, o)
		{
			const char *id = json_string_value(json_object_get(o, "operationId"));
			assert_non_null(id);
			assert_null(json_object_get(seen, id));
			json_object_set_new(seen, id, json_true());
		}
	}
	json_decref(seen);
	json_decref(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths_and_methods),
		cmocka_unit_test(test_security_and_answers),
		cmocka_unit_test(test_parameters_and_ids),
		cmocka_unit_test(test_application_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
