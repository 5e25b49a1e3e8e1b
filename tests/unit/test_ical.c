/* test_ical.c — unit tests for src/core/ical.c: folding at 75 octets without
 * splitting UTF-8, CRLF, TEXT escaping, Paris local times across the
 * October and March changes, and the calendar's frame. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "core/ical.h"

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

/* Every line of s (CRLF-separated) is at most 75 octets and does not begin
 * with a UTF-8 continuation byte. */
static void assert_folded(const char *s)
{
	const char *line = s;
	for (const char *p = strstr(s, "\r\n"); p; line = p + 2, p = strstr(line, "\r\n")) {
		assert_true((size_t)(p - line) <= 75);
		if (p > line && ((unsigned char)line[0] & 0xC0) == 0x80)
			fail_msg("a line begins inside a UTF-8 character");
	}
	assert_string_equal(line, ""); /* ends with CRLF */
}

static void test_short_line(void **state)
{
	buf_t b;
	buf_init(&b, *state, 16);
	ical_line(&b, "SUMMARY", "Réunion");
	assert_string_equal(b.data, "SUMMARY:Réunion\r\n");
}

static void test_fold_ascii(void **state)
{
	buf_t b;
	buf_init(&b, *state, 16);
	char v[200];
	memset(v, 'a', sizeof v - 1);
	v[sizeof v - 1] = 0;
	ical_line(&b, "DESCRIPTION", v);
	assert_folded(b.data);
	/* first line exactly 75 octets, then CRLF and a space */
	assert_memory_equal(b.data + 75, "\r\n ", 3);
	/* unfolding gives back the line */
	buf_t u;
	buf_init(&u, *state, 16);
	for (const char *p = b.data; *p; p++) {
		if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
			p += 2;
			continue;
		}
		buf_putc(&u, *p);
	}
	assert_int_equal(u.len, strlen("DESCRIPTION:") + 199 + 2);
}

static void test_fold_utf8(void **state)
{
	buf_t b;
	buf_init(&b, *state, 16);
	/* "é" is two octets: with a 1-octet name and colon, an odd offset makes
	 * a character straddle octet 75 unless the writer takes care */
	char v[400] = "";
	for (int i = 0; i < 100; i++)
		strcat(v, "é");
	ical_line(&b, "X", v);
	assert_folded(b.data);
	buf_init(&b, *state, 16);
	char w[600] = "";
	for (int i = 0; i < 100; i++)
		strcat(w, "€"); /* three octets */
	ical_line(&b, "LOCATION", w);
	assert_folded(b.data);
}

static void test_escape(void **state)
{
	assert_string_equal(ical_escape(*state, "a\\b;c,d\r\ne\nf"), "a\\\\b\\;c\\,d\\ne\\nf");
	assert_string_equal(ical_escape(*state, ""), "");
	assert_string_equal(ical_escape(*state, NULL), "");
	buf_t b;
	buf_init(&b, *state, 16);
	ical_text(&b, "SUMMARY", "Atelier : rue, place; etc.");
	assert_string_equal(b.data, "SUMMARY:Atelier : rue\\, place\\; etc.\r\n");
}

static void test_october_change(void **state)
{
	(void)state;
	char out[16];
	/* 2026: last Sunday of October is the 25th. 18:00 in Paris the
	 * Saturday before (summer, UTC+2) and the Monday after (winter, UTC+1). */
	assert_int_equal(ical_paris_local("2026-10-24T16:00:00Z", out), 0);
	assert_string_equal(out, "20261024T180000");
	assert_int_equal(ical_paris_local("2026-10-26T17:00:00Z", out), 0);
	assert_string_equal(out, "20261026T180000");
	/* the change itself: 00:59 UTC is 02:59 summer, 01:00 UTC is 02:00 winter */
	assert_int_equal(ical_paris_local("2026-10-25T00:59:00Z", out), 0);
	assert_string_equal(out, "20261025T025900");
	assert_int_equal(ical_paris_local("2026-10-25T01:00:00Z", out), 0);
	assert_string_equal(out, "20261025T020000");
}

static void test_march_change(void **state)
{
	(void)state;
	char out[16];
	/* 2027: last Sunday of March is the 28th */
	assert_int_equal(ical_paris_local("2027-03-28T00:59:00Z", out), 0);
	assert_string_equal(out, "20270328T015900");
	assert_int_equal(ical_paris_local("2027-03-28T01:00:00Z", out), 0);
	assert_string_equal(out, "20270328T030000");
	assert_int_equal(ical_paris_local("2027-01-01T00:30:00Z", out), 0);
	assert_string_equal(out, "20270101T013000");
	/* across the new year */
	assert_int_equal(ical_paris_local("2026-12-31T23:30:00Z", out), 0);
	assert_string_equal(out, "20270101T003000");
	assert_int_equal(ical_paris_local("pas une date", out), -1);
}

static void test_utc_and_frame(void **state)
{
	char out[17];
	assert_int_equal(ical_utc("2026-10-24T16:00:00Z", out), 0);
	assert_string_equal(out, "20261024T160000Z");
	buf_t b;
	buf_init(&b, *state, 16);
	ical_begin(&b, "Agenda");
	ical_end(&b);
	assert_non_null(strstr(b.data, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
	assert_non_null(strstr(b.data, "CALSCALE:GREGORIAN\r\n"));
	assert_non_null(strstr(b.data, "TZID:Europe/Paris\r\n"));
	assert_non_null(strstr(b.data, "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"));
	assert_non_null(strstr(b.data, "BEGIN:DAYLIGHT\r\n"));
	assert_non_null(strstr(b.data, "BEGIN:STANDARD\r\n"));
	assert_folded(b.data);
	size_t n = strlen(b.data);
	assert_string_equal(b.data + n - strlen("END:VCALENDAR\r\n"), "END:VCALENDAR\r\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_short_line, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_fold_ascii, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_fold_utf8, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_escape, arena_setup, arena_teardown),
	    cmocka_unit_test(test_october_change),
	    cmocka_unit_test(test_march_change),
	    cmocka_unit_test_setup_teardown(test_utc_and_frame, arena_setup, arena_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
