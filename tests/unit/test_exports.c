/* test_exports.c — unit tests for the directory's exports and search
 * helpers: CSV cells (RFC 4180 quoting, formula neutralisation), vCard
 * escaping and folding (RFC 6350), FTS5 queries built from user text, and
 * phone numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "modules/directory_search.h"
#include "modules/exports.h"

static int setup(void **state)
{
	*state = arena_new(0);
	return 0;
}

static int teardown(void **state)
{
	arena_free(*state);
	return 0;
}

static const char *csv(arena_t *a, const char *s, char sep)
{
	buf_t b;
	buf_init(&b, a, 16);
	export_csv_cell(&b, s, sep);
	return b.data;
}

static void test_csv_cells(void **state)
{
	arena_t *a = *state;
	assert_string_equal(csv(a, "simple", ','), "simple");
	assert_string_equal(csv(a, "", ','), "");
	assert_string_equal(csv(a, "a,b", ','), "\"a,b\"");
	assert_string_equal(csv(a, "a,b", ';'), "a,b");
	assert_string_equal(csv(a, "a;b", ';'), "\"a;b\"");
	assert_string_equal(csv(a, "dit \"bonjour\"", ','), "\"dit \"\"bonjour\"\"\"");
	assert_string_equal(csv(a, "ligne 1\nligne 2", ','), "\"ligne 1\nligne 2\"");
	assert_string_equal(csv(a, "a\rb", ','), "\"a\rb\"");
	assert_string_equal(csv(a, "élève", ','), "élève");
}

static void test_csv_formulas(void **state)
{
	arena_t *a = *state;
	assert_string_equal(csv(a, "=1+1", ','), "'=1+1");
	assert_string_equal(csv(a, "+33 4 67", ','), "'+33 4 67");
	assert_string_equal(csv(a, "-2", ','), "'-2");
	assert_string_equal(csv(a, "@SOMME(A1)", ','), "'@SOMME(A1)");
	assert_string_equal(csv(a, "\tx", ','), "'\tx");
	assert_string_equal(csv(a, "\rx", ','), "\"'\rx\"");
	assert_string_equal(csv(a, "=HYPERLINK(\"x\")", ','), "\"'=HYPERLINK(\"\"x\"\")\"");
	assert_string_equal(csv(a, "a=b", ','), "a=b");
	assert_string_equal(export_neutralise(a, NULL), "");
	assert_string_equal(export_neutralise(a, "ok"), "ok");
}

static const char *vtext(arena_t *a, const char *s)
{
	buf_t b;
	buf_init(&b, a, 16);
	export_vcard_text(&b, s);
	return b.data;
}

static void test_vcard_escaping(void **state)
{
	arena_t *a = *state;
	assert_string_equal(vtext(a, "Dupont, Martin; fils"), "Dupont\\, Martin\\; fils");
	assert_string_equal(vtext(a, "a\\b"), "a\\\\b");
	assert_string_equal(vtext(a, "l1\nl2\r\nl3\rl4"), "l1\\nl2\\nl3\\nl4");
	assert_string_equal(vtext(a, "Hélène"), "Hélène");
	assert_string_equal(vtext(a, NULL), "");
}

static void test_vcard_folding(void **state)
{
	arena_t *a = *state;
	buf_t b;
	buf_init(&b, a, 16);
	export_vcard_line(&b, "FN:court");
	assert_string_equal(b.data, "FN:court\r\n");
	/* 100 two-byte characters: folded, never inside a character, each
	 * physical line at most 75 octets. */
	buf_t line;
	buf_init(&line, a, 256);
	buf_puts(&line, "NOTE:");
	for (int i = 0; i < 100; i++)
		buf_puts(&line, "é");
	buf_init(&b, a, 16);
	export_vcard_line(&b, line.data);
	const char *p = b.data;
	size_t total = 0;
	int first = 1;
	while (*p) {
		const char *end = strstr(p, "\r\n");
		assert_non_null(end);
		size_t n = (size_t)(end - p);
		assert_true(n <= 75);
		if (!first) {
			assert_int_equal(p[0], ' ');
			assert_true(((unsigned char)p[1] & 0xC0) != 0x80);
			total += n - 1;
		} else {
			total += n;
		}
		first = 0;
		p = end + 2;
	}
	assert_int_equal(total, strlen(line.data));
}

static void test_fts_query(void **state)
{
	arena_t *a = *state;
	assert_string_equal(directory_fts_query(a, "mass"), "\"mass\"*");
	assert_string_equal(directory_fts_query(a, "  parents d'élèves "), "\"parents\"* \"d\"* \"élèves\"*");
	assert_string_equal(directory_fts_query(a, "\"a\" OR b*"), "\"a\"* \"OR\"* \"b\"*");
	assert_string_equal(directory_fts_query(a, "NEAR(x y)"), "\"NEAR\"* \"x\"* \"y\"*");
	assert_null(directory_fts_query(a, ""));
	assert_null(directory_fts_query(a, "\"*()-:^"));
	assert_null(directory_fts_query(a, NULL));
	const char *many = directory_fts_query(a, "a b c d e f g h i j k l m n o");
	int terms = 0;
	for (const char *p = many; *p; p++)
		terms += *p == '*';
	assert_int_equal(terms, 12);
}

static void test_phone(void **state)
{
	arena_t *a = *state;
	const char *out;
	assert_null(directory_phone_check(a, "Téléphone", "04 67 12 34 56", &out));
	assert_string_equal(out, "04 67 12 34 56");
	assert_null(directory_phone_check(a, "Téléphone", "+33 6 12 34 56 78", &out));
	assert_string_equal(out, "06 12 34 56 78");
	assert_null(directory_phone_check(a, "Téléphone", "0033-4-67-12-34-56", &out));
	assert_string_equal(out, "04 67 12 34 56");
	assert_null(directory_phone_check(a, "Téléphone", "+44 20 7946 0000", &out));
	assert_string_equal(out, "+442079460000");
	assert_non_null(directory_phone_check(a, "Téléphone", "4 67 12 34 56", &out));
	assert_non_null(directory_phone_check(a, "Téléphone", "+33 0 67 12 34 56", &out));
	assert_non_null(directory_phone_check(a, "Téléphone", "04 67 12 34 56 ext", &out));
	assert_non_null(directory_phone_check(a, "Téléphone", "++33467123456", &out));
	assert_string_equal(directory_phone_uri(a, "04 67 12 34 56"), "tel:+33467123456");
	assert_string_equal(directory_phone_uri(a, "+442079460000"), "tel:+442079460000");
}

static void test_urls(void **state)
{
	arena_t *a = *state;
	assert_null(directory_url_check(a, "Site web", "https://www.exemple.fr/page?a=1"));
	assert_null(directory_url_check(a, "Site web", "http://exemple.fr"));
	assert_non_null(directory_url_check(a, "Site web", "javascript:alert(1)"));
	assert_non_null(directory_url_check(a, "Site web", "ftp://exemple.fr"));
	assert_non_null(directory_url_check(a, "Site web", "https://"));
	assert_non_null(directory_url_check(a, "Site web", "https://a b.fr"));
	assert_non_null(directory_url_check(a, "Site web", "https://exemple.fr/\"><script>"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_csv_cells, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_csv_formulas, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_vcard_escaping, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_vcard_folding, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fts_query, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_phone, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_urls, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
