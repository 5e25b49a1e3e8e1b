/* test_report_rules.c — the states of a report and who may move it, and
 * routing's point-in-polygon (report_model.h, geojson.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "modules/geojson.h"
#include "modules/report_model.h"

static const char *const all[] = {"new", "routed", "acknowledged", "scheduled", "in_progress",
				  "resolved", "closed", "rejected", "duplicate"};
#define N (sizeof all / sizeof all[0])

/* Counts the allowed transitions of an actor, to catch an edge added by mistake. */
static int count_allowed(report_actor_kind_t a)
{
	int n = 0;
	for (size_t i = 0; i < N; i++)
		for (size_t j = 0; j < N; j++)
			n += report_transition_allowed(a, all[i], all[j]);
	return n;
}

static void test_partner(void **state)
{
	(void)state;
	assert_true(report_transition_allowed(ACTOR_PARTNER, "routed", "acknowledged"));
	assert_true(report_transition_allowed(ACTOR_PARTNER, "acknowledged", "scheduled"));
	assert_true(report_transition_allowed(ACTOR_PARTNER, "scheduled", "in_progress"));
	assert_true(report_transition_allowed(ACTOR_PARTNER, "in_progress", "resolved"));
	assert_true(report_transition_allowed(ACTOR_PARTNER, "routed", "resolved"));
	assert_true(report_transition_allowed(ACTOR_PARTNER, "acknowledged", "new")); /* not ours */
	/* a partner never closes, rejects, marks duplicates or reopens */
	assert_false(report_transition_allowed(ACTOR_PARTNER, "resolved", "closed"));
	assert_false(report_transition_allowed(ACTOR_PARTNER, "routed", "rejected"));
	assert_false(report_transition_allowed(ACTOR_PARTNER, "routed", "duplicate"));
	assert_false(report_transition_allowed(ACTOR_PARTNER, "resolved", "routed"));
	assert_false(report_transition_allowed(ACTOR_PARTNER, "new", "acknowledged"));
	assert_false(report_transition_allowed(ACTOR_PARTNER, "in_progress", "new"));
	assert_int_equal(count_allowed(ACTOR_PARTNER), 12); /* 1 + 2 + 3 + 4 + 2, as report_model.h lists them */
}

static void test_staff(void **state)
{
	(void)state;
	assert_true(report_transition_allowed(ACTOR_STAFF, "new", "rejected"));
	assert_true(report_transition_allowed(ACTOR_STAFF, "new", "duplicate"));
	assert_false(report_transition_allowed(ACTOR_STAFF, "new", "routed")); /* routing is report_route() */
	assert_true(report_transition_allowed(ACTOR_STAFF, "resolved", "closed"));
	assert_true(report_transition_allowed(ACTOR_STAFF, "closed", "routed"));
	assert_true(report_transition_allowed(ACTOR_STAFF, "rejected", "new"));
	assert_true(report_transition_allowed(ACTOR_STAFF, "duplicate", "routed"));
	assert_false(report_transition_allowed(ACTOR_STAFF, "closed", "resolved"));
	assert_false(report_transition_allowed(ACTOR_STAFF, "new", "closed"));
	for (size_t i = 0; i < N; i++)
		assert_false(report_transition_allowed(ACTOR_STAFF, all[i], all[i]));
	assert_false(report_transition_allowed(ACTOR_STAFF, "routed", "bogus"));
	assert_false(report_transition_allowed(ACTOR_STAFF, NULL, "routed"));
}

static void test_reporter_and_others(void **state)
{
	(void)state;
	assert_true(report_transition_allowed(ACTOR_REPORTER, "resolved", "routed"));
	assert_false(report_transition_allowed(ACTOR_REPORTER, "closed", "routed"));
	assert_int_equal(count_allowed(ACTOR_REPORTER), 2);
	assert_int_equal(count_allowed(ACTOR_NONE), 0);
}

static void test_actor_for(void **state)
{
	(void)state;
	account_t staff = {.role_bit = ROLE_STAFF}, admin = {.role_bit = ROLE_ADMIN};
	account_t partner = {.role_bit = ROLE_PARTNER, .organization_id = 3};
	account_t member = {.role_bit = ROLE_MEMBER};
	assert_int_equal(report_actor_for(&staff, 0), ACTOR_STAFF);
	assert_int_equal(report_actor_for(&admin, 9), ACTOR_STAFF);
	assert_int_equal(report_actor_for(&partner, 3), ACTOR_PARTNER);
	assert_int_equal(report_actor_for(&partner, 4), ACTOR_NONE); /* another organisation's report */
	assert_int_equal(report_actor_for(&partner, 0), ACTOR_NONE);
	assert_int_equal(report_actor_for(&member, 3), ACTOR_NONE);
	assert_int_equal(report_actor_for(NULL, 3), ACTOR_NONE);
	assert_int_equal(report_scope_org(&partner), 3);
	assert_int_equal(report_scope_org(&staff), 0);
	assert_int_equal(report_scope_org(&member), -1);
	assert_true(report_status_is_open("in_progress"));
	assert_false(report_status_is_open("resolved"));
	assert_string_equal(report_status_label("resolved"), "Résolu");
}

static void test_point_in_polygon(void **state)
{
	(void)state;
	const char *square = "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[10,0],[10,10],[0,10],[0,0]],"
			     "[[4,4],[6,4],[6,6],[4,6],[4,4]]]}";
	assert_true(geojson_contains(square, 1, 1));
	assert_true(geojson_contains(square, 9.5, 2));
	assert_false(geojson_contains(square, 5, 5)); /* in the hole */
	assert_false(geojson_contains(square, 11, 5));
	assert_false(geojson_contains(square, -0.5, 5));
	const char *multi = "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[1,0],[1,1],[0,0]]],"
			    "[[[20,20],[30,20],[30,30],[20,30],[20,20]]]]}";
	assert_true(geojson_contains(multi, 25, 25));
	assert_false(geojson_contains(multi, 15, 15));
	/* a real sector of the demo: Hauts de Massane */
	const char *hm = "{\"type\":\"Polygon\",\"coordinates\":[[[3.8115,43.6195],[3.8175,43.6240],[3.8235,43.6232],"
			 "[3.8228,43.6188],[3.8160,43.6180],[3.8115,43.6195]]]}";
	assert_true(geojson_contains(hm, 3.818, 43.621));
	assert_false(geojson_contains(hm, 3.818, 43.612));
	assert_false(geojson_contains("not json", 0, 0));
	assert_false(geojson_contains(NULL, 0, 0));
	assert_false(geojson_contains("{\"type\":\"Point\",\"coordinates\":[0,0]}", 0, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_partner),   cmocka_unit_test(test_staff),
		cmocka_unit_test(test_reporter_and_others), cmocka_unit_test(test_actor_for),
		cmocka_unit_test(test_point_in_polygon),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
