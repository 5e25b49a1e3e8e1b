/* test_sql_cache.c — the statement cache (db.h) keeps one slot per SQL text
 * of the program and aborts when full: count the db_* call sites of src/
 * (an upper bound on the texts) and check they stay under half the slots. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"

static long g_sites;

static long count_in(const char *text, const char *needle)
{
	long n = 0;
	for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static int visit(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	size_t len = strlen(path);
	if (type != FTW_F || len < 2 || strcmp(path + len - 2, ".c") != 0 || strstr(path, "src/db/"))
		return 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return 1;
	static char buf[1 << 20];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	static const char *const calls[] = {"db_query(", "db_exec(", "db_rows(", "db_row(", "db_int("};
	for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++)
		g_sites += count_in(buf, calls[i]);
	return 0;
}

static void test_cache_has_room(void **state)
{
	(void)state;
	assert_int_equal(nftw("src", visit, 16, FTW_PHYS), 0);
	assert_true(g_sites > 100); /* the scan found the program */
	assert_true(g_sites < DB_STMT_CACHE_SIZE / 2);
	assert_int_equal(DB_STMT_CACHE_SIZE & (DB_STMT_CACHE_SIZE - 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_cache_has_room)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
