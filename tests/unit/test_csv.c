/* test_csv.c — unit tests for src/core/csv.c: quoting, line breaks, BOM,
 * separator detection, Windows-1252 conversion and unknown encodings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "core/csv.h"
#include "modules/csv_import.h"

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

static csv_t parse_ok(arena_t *a, const char *s, size_t n)
{
	csv_t c;
	assert_int_equal(csv_parse(a, s, n, &c), CSV_OK);
	return c;
}

static void test_quotes_and_crlf(void **state)
{
	const char s[] = "nom,note\r\n\"Dupont, Jean\",\"dit \"\"Jeannot\"\"\"\r\n\"deux\r\nlignes\",x\r\n";
	csv_t c = parse_ok(*state, s, sizeof s - 1);
	assert_int_equal(c.separator, ',');
	assert_int_equal(c.n, 3);
	assert_string_equal(c.rows[1].cells[0], "Dupont, Jean");
	assert_string_equal(c.rows[1].cells[1], "dit \"Jeannot\"");
	assert_string_equal(c.rows[2].cells[0], "deux\r\nlignes");
	assert_string_equal(c.rows[2].cells[1], "x");
	assert_int_equal(c.rows[2].line, 3);
	assert_string_equal(c.encoding, "UTF-8");
}

static void test_lf_blank_lines_no_final_newline(void **state)
{
	const char s[] = "a,b\n\n1,2\n3,";
	csv_t c = parse_ok(*state, s, sizeof s - 1);
	assert_int_equal(c.n, 3);
	assert_int_equal(c.rows[1].line, 3);
	assert_int_equal(c.rows[2].n, 2);
	assert_string_equal(c.rows[2].cells[1], "");
}

static void test_bom(void **state)
{
	const char s[] = "\xEF\xBB\xBFnom;ville\nÉcole;Montpellier\n";
	csv_t c = parse_ok(*state, s, sizeof s - 1);
	assert_string_equal(c.rows[0].cells[0], "nom");
	assert_string_equal(c.rows[1].cells[0], "École");
	assert_string_equal(c.encoding, "UTF-8");
}

static void test_semicolon_detection(void **state)
{
	assert_int_equal(csv_detect_separator("nom;adresse;ville\n", 18), ';');
	assert_int_equal(csv_detect_separator("nom,adresse,ville\n", 18), ',');
	/* separators inside quotes do not count */
	assert_int_equal(csv_detect_separator("\"a;b;c;d\",x,y\n", 14), ',');
	assert_int_equal(csv_detect_separator("\"a,b,c,d\";x;y\n", 14), ';');
	const char s[] = "nom;note\n\"a;b\";c,d\n";
	csv_t c = parse_ok(*state, s, sizeof s - 1);
	assert_int_equal(c.separator, ';');
	assert_string_equal(c.rows[1].cells[0], "a;b");
	assert_string_equal(c.rows[1].cells[1], "c,d");
}

static void test_cp1252(void **state)
{
	const char s[] = "nom;prix\nR\xE9sidence;10 \x80\n\x9C" "uvre;\x92\n";
	csv_t c = parse_ok(*state, s, sizeof s - 1);
	assert_string_equal(c.encoding, "Windows-1252");
	assert_string_equal(c.rows[1].cells[0], "Résidence");
	assert_string_equal(c.rows[1].cells[1], "10 €");
	assert_string_equal(c.rows[2].cells[0], "œuvre");
	assert_string_equal(c.rows[2].cells[1], "’");
}

static void test_undefined_bytes(void **state)
{
	const unsigned char bad[] = {0x81, 0x8D, 0x8F, 0x90, 0x9D};
	for (size_t i = 0; i < sizeof bad; i++) {
		char s[] = "nom\nab?\n";
		s[6] = (char)bad[i];
		csv_t c;
		assert_int_equal(csv_parse(*state, s, sizeof s - 1, &c), CSV_BAD_ENCODING);
	}
	csv_t c;
	assert_int_equal(csv_parse(*state, "nom\na\0b\n", 8, &c), CSV_BAD_ENCODING);
	assert_non_null(strstr(csv_status_message(*state, CSV_BAD_ENCODING, 0), "Encodage"));
}

static void test_empty_and_bad_quotes(void **state)
{
	csv_t c;
	assert_int_equal(csv_parse(*state, "", 0, &c), CSV_EMPTY);
	assert_int_equal(csv_parse(*state, "\r\n\n", 3, &c), CSV_EMPTY);
	assert_int_equal(csv_parse(*state, "\xEF\xBB\xBF", 3, &c), CSV_EMPTY);
	assert_int_equal(csv_parse(*state, "a\n\"b", 4, &c), CSV_UNCLOSED_QUOTE);
	assert_int_equal(c.error_line, 2);
	assert_int_equal(csv_parse(*state, "a\n\"b\"c\n", 7, &c), CSV_BAD_QUOTE);
	assert_non_null(strstr(csv_status_message(*state, CSV_BAD_QUOTE, 2), "Ligne 2"));
}

/* Column headers match whatever the case, accents and spacing. */
static void test_header_folding(void **state)
{
	assert_string_equal(import_fold(*state, "  Téléphone "), "telephone");
	assert_string_equal(import_fold(*state, "DATE DU CONSENTEMENT"), "date du consentement");
	assert_string_equal(import_fold(*state, "Base_légale"), "base legale");
	assert_string_equal(import_fold(*state, "e-mail"), "e mail");
	assert_string_equal(import_fold(*state, "Œuvre  d’Élèves"), "oeuvre d'eleves");
	assert_string_equal(import_fold(*state, "PRÉNOM\u00A0"), "prenom");
	assert_string_equal(import_fold(*state, ""), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_quotes_and_crlf, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_lf_blank_lines_no_final_newline, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_bom, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_semicolon_detection, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_cp1252, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_undefined_bytes, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_bad_quotes, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_header_folding, arena_setup, arena_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
