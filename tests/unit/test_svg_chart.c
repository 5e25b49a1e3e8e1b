/* test_svg_chart.c — unit tests for src/view/svg_chart.c: labels escaped,
 * bars scaled to the largest value, zero values, long labels cut on a
 * character boundary, the accessible name and description. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "view/svg_chart.h"

static int arena_setup(void **state)
{
	*state = arena_new(0);
	return 0;
}

static int arena_teardown(void **state)
{
	arena_free(*state);
	return 0;
}

/* The chart of bars as a NUL-terminated arena string. */
static const char *draw(arena_t *a, const svg_bar_t *bars, size_t n)
{
	buf_t b;
	buf_init(&b, a, 256);
	svg_bar_chart(&b, "c-theme", "Contributions par thème", "Nombre de contributions pour chaque thème.", bars, n);
	buf_putc(&b, '\0');
	return b.data;
}

/* Number of occurrences of needle in s. */
static int count(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_escaping(void **state)
{
	svg_bar_t bars[] = {{"<script>\"x\"</script> & co", 3}, {"l'école", 1}};
	const char *svg = draw(*state, bars, 2);
	assert_null(strstr(svg, "<script>"));
	assert_non_null(strstr(svg, "&lt;script&gt;"));
	assert_non_null(strstr(svg, "&amp;"));
	assert_null(strstr(svg, "l'école"));
	assert_int_equal(count(svg, "<text"), 4); /* a label and a value per bar */
}

static void test_accessible_name(void **state)
{
	svg_bar_t bars[] = {{"Logement", 2}};
	const char *svg = draw(*state, bars, 1);
	assert_non_null(strstr(svg, "role=\"img\""));
	assert_non_null(strstr(svg, "aria-labelledby=\"c-theme-t\""));
	assert_non_null(strstr(svg, "aria-describedby=\"c-theme-d\""));
	assert_non_null(strstr(svg, "<title id=\"c-theme-t\">Contributions par thème</title>"));
	assert_non_null(strstr(svg, "<desc id=\"c-theme-d\">"));
}

static void test_scaling(void **state)
{
	(void)state;
	assert_int_equal(svg_bar_length(10, 10, 340), 340);
	assert_int_equal(svg_bar_length(5, 10, 340), 170);
	assert_int_equal(svg_bar_length(1, 1000000, 340), 1); /* tiny but visible */
	assert_int_equal(svg_bar_length(20, 10, 340), 340);   /* never beyond */
	svg_bar_t bars[] = {{"A", 4}, {"B", 2}};
	const char *svg = draw(*state, bars, 2);
	assert_non_null(strstr(svg, "width=\"340\" height=\"18\""));
	assert_non_null(strstr(svg, "width=\"170\" height=\"18\""));
}

static void test_zero_values(void **state)
{
	assert_int_equal(svg_bar_length(0, 10, 340), 0);
	assert_int_equal(svg_bar_length(-3, 10, 340), 0);
	assert_int_equal(svg_bar_length(0, 0, 340), 0);
	svg_bar_t zeros[] = {{"Janvier", 0}, {"Février", 0}};
	const char *svg = draw(*state, zeros, 2);
	assert_int_equal(count(svg, "<rect"), 0); /* no bar, but the value 0 written */
	assert_int_equal(count(svg, ">0</text>"), 2);
	const char *empty = draw(*state, NULL, 0);
	assert_non_null(strstr(empty, "Aucune donnée"));
	assert_non_null(strstr(empty, "</svg>"));
}

static void test_long_labels(void **state)
{
	arena_t *a = *state;
	assert_string_equal(svg_label_cut(a, "court", 10), "court");
	assert_string_equal(svg_label_cut(a, "abcdefghij", 10), "abcdefghij");
	assert_string_equal(svg_label_cut(a, "abcdefghijk", 10), "abcdefghi…");
	/* accents: cut on a character, never inside one */
	assert_string_equal(svg_label_cut(a, "éééééééééééé", 5), "éééé…");
	assert_string_equal(svg_label_cut(a, NULL, 5), "");
	svg_bar_t bars[] = {{"Espaces publics, parcs, jardins et cheminements piétons du quartier", 1}};
	const char *svg = draw(a, bars, 1);
	assert_non_null(strstr(svg, "Espaces publics, parcs, jar…"));
	assert_null(strstr(svg, "piétons"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_escaping, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_accessible_name, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_scaling, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_zero_values, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_long_labels, arena_setup, arena_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
