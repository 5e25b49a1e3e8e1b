/* test_quorum.c — unit tests for the quorum of a body's session
 * (src/modules/quorum.c): substitutes standing in for absent full members of
 * their own college only, represented colleges, the percent rounded up, the
 * rule that every college be there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "modules/quorum.h"

/* elected, technical, civil society */
static quorum_result_t run(quorum_college_t e, quorum_college_t t, quorum_college_t s, int percent, int all)
{
	quorum_college_t c[QUORUM_COLLEGES] = {e, t, s};
	quorum_result_t r;
	quorum_compute(c, percent, all, &r);
	return r;
}

static void test_half_of_twelve(void **state)
{
	(void)state;
	/* 4 full members per college; 7 present out of 12; 50 % → 6 needed. */
	quorum_result_t r = run((quorum_college_t){4, 3, 0}, (quorum_college_t){4, 2, 0}, (quorum_college_t){4, 2, 0},
				50, 0);
	assert_int_equal(r.full_total, 12);
	assert_int_equal(r.effective_total, 7);
	assert_int_equal(r.required, 6);
	assert_true(r.has_rule);
	assert_true(r.met);
}

static void test_below_percent(void **state)
{
	(void)state;
	quorum_result_t r = run((quorum_college_t){4, 2, 0}, (quorum_college_t){4, 1, 0}, (quorum_college_t){4, 2, 0},
				50, 0);
	assert_int_equal(r.effective_total, 5);
	assert_false(r.met);
}

static void test_percent_rounded_up(void **state)
{
	(void)state;
	/* a third of 10 is 3.33: 4 are needed, 3 are not enough */
	quorum_result_t r = run((quorum_college_t){10, 3, 0}, (quorum_college_t){0, 0, 0}, (quorum_college_t){0, 0, 0},
				34, 0);
	assert_int_equal(r.required, 4);
	assert_false(r.met);
	r = run((quorum_college_t){10, 4, 0}, (quorum_college_t){0, 0, 0}, (quorum_college_t){0, 0, 0}, 34, 0);
	assert_true(r.met);
}

static void test_substitute_replaces_absent_full_member(void **state)
{
	(void)state;
	/* 3 full members, 1 present, 2 substitutes present: 3 effective. */
	quorum_result_t r = run((quorum_college_t){3, 1, 2}, (quorum_college_t){0, 0, 0}, (quorum_college_t){0, 0, 0},
				100, 0);
	assert_int_equal(r.effective[0], 3);
	assert_true(r.met);
}

static void test_substitutes_beyond_absent_do_not_count(void **state)
{
	(void)state;
	/* every full member there: the substitutes add nothing */
	quorum_result_t r = run((quorum_college_t){2, 2, 2}, (quorum_college_t){2, 0, 0}, (quorum_college_t){0, 0, 0},
				75, 0);
	assert_int_equal(r.effective[0], 2);
	assert_int_equal(r.effective_total, 2);
	assert_int_equal(r.required, 3);
	assert_false(r.met);
}

static void test_substitute_stays_in_its_college(void **state)
{
	(void)state;
	/* a substitute of the elected college cannot replace an absent technician */
	quorum_result_t r = run((quorum_college_t){1, 1, 1}, (quorum_college_t){1, 0, 0}, (quorum_college_t){0, 0, 0},
				100, 0);
	assert_int_equal(r.effective[0], 1);
	assert_int_equal(r.effective[1], 0);
	assert_false(r.met);
}

static void test_represented_by_substitute_only(void **state)
{
	(void)state;
	quorum_result_t r = run((quorum_college_t){2, 2, 0}, (quorum_college_t){2, 0, 1}, (quorum_college_t){2, 0, 0},
				0, 1);
	assert_true(r.represented[0]);
	assert_true(r.represented[1]);
	assert_false(r.represented[2]);
	assert_true(r.has_rule);
	assert_false(r.met); /* civil society is missing */
}

static void test_all_colleges_with_percent(void **state)
{
	(void)state;
	/* enough people, but one college absent: not met */
	quorum_result_t r = run((quorum_college_t){4, 4, 0}, (quorum_college_t){4, 4, 0}, (quorum_college_t){4, 0, 0},
				50, 1);
	assert_int_equal(r.effective_total, 8);
	assert_false(r.met);
	r = run((quorum_college_t){4, 4, 0}, (quorum_college_t){4, 4, 0}, (quorum_college_t){4, 0, 1}, 50, 1);
	assert_true(r.met);
}

static void test_college_without_members_is_not_required(void **state)
{
	(void)state;
	quorum_result_t r = run((quorum_college_t){0, 0, 0}, (quorum_college_t){3, 2, 0}, (quorum_college_t){0, 0, 0},
				0, 1);
	assert_true(r.met);
}

static void test_no_rule(void **state)
{
	(void)state;
	quorum_result_t r = run((quorum_college_t){4, 0, 0}, (quorum_college_t){0, 0, 0}, (quorum_college_t){0, 0, 0},
				0, 0);
	assert_false(r.has_rule);
	assert_false(r.met);
	assert_int_equal(r.required, 0);
}

static void test_no_full_members_never_meets_a_percent(void **state)
{
	(void)state;
	quorum_result_t r = run((quorum_college_t){0, 0, 2}, (quorum_college_t){0, 0, 0}, (quorum_college_t){0, 0, 0},
				50, 0);
	assert_int_equal(r.effective_total, 0);
	assert_false(r.met);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_half_of_twelve),
	    cmocka_unit_test(test_below_percent),
	    cmocka_unit_test(test_percent_rounded_up),
	    cmocka_unit_test(test_substitute_replaces_absent_full_member),
	    cmocka_unit_test(test_substitutes_beyond_absent_do_not_count),
	    cmocka_unit_test(test_substitute_stays_in_its_college),
	    cmocka_unit_test(test_represented_by_substitute_only),
	    cmocka_unit_test(test_all_colleges_with_percent),
	    cmocka_unit_test(test_college_without_members_is_not_required),
	    cmocka_unit_test(test_no_rule),
	    cmocka_unit_test(test_no_full_members_never_meets_a_percent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
