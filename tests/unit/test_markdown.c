/* test_markdown.c — unit tests for src/view/markdown.c: raw HTML never
 * passes, and text shown under a heading has its headings moved below it
 * (the highest one used becomes level + 1, capped at <h6>). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "view/markdown.h"

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

static void test_raw_html_is_text(void **state)
{
	const char *html = markdown_html(*state, "<script>alert(1)</script>\n\n**gras**");
	assert_null(strstr(html, "<script>"));
	assert_non_null(strstr(html, "&lt;script&gt;"));
	assert_non_null(strstr(html, "<strong>gras</strong>"));
	assert_string_equal(markdown_html(*state, NULL), "");
}

static void test_headings_under_a_level(void **state)
{
	arena_t *a = *state;
	/* « # » and « ## » under an <h2>: <h3> and <h4> */
	const char *html = markdown_html_under(a, "# Ordre du jour\n\n## Point 1\n\ntexte", 2);
	assert_non_null(strstr(html, "<h3>Ordre du jour</h3>"));
	assert_non_null(strstr(html, "<h4>Point 1</h4>"));
	assert_null(strstr(html, "<h1>"));
	assert_null(strstr(html, "<h2>"));
	/* the highest heading used counts, not « # »: « ## » alone becomes <h3> */
	assert_non_null(strstr(markdown_html_under(a, "## Ce qui a été dit\n\n### Détail", 2),
			       "<h3>Ce qui a été dit</h3>\n<h4>Détail</h4>"));
	/* capped at <h6> */
	html = markdown_html_under(a, "# Un\n\n###### Six", 4);
	assert_non_null(strstr(html, "<h5>Un</h5>"));
	assert_non_null(strstr(html, "<h6>Six</h6>"));
	/* a heading typed as text is not one */
	html = markdown_html_under(a, "`<h1>` et <h2>", 2);
	assert_null(strstr(html, "<h3>"));
	assert_non_null(strstr(html, "&lt;h1&gt;"));
	/* no heading, or a level out of range: unchanged */
	assert_string_equal(markdown_html_under(a, "texte", 2), "<p>texte</p>\n");
	assert_non_null(strstr(markdown_html_under(a, "# Titre", 0), "<h1>Titre</h1>"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_raw_html_is_text, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_headings_under_a_level, arena_setup, arena_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
