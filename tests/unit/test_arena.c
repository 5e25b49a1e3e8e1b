/* test_arena.c — unit tests for src/core/arena.c: alignment, big
 * allocations, string copies and formatting, buf_t growth. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdalign.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"

static int arena_setup(void **state)
{
	*state = arena_new(0);
	return 0;
}

static int small_arena_setup(void **state)
{
	*state = arena_new(256); /* small blocks: every path is exercised quickly */
	return 0;
}

static int arena_teardown(void **state)
{
	arena_free(*state);
	return 0;
}

/* 1 if p is aligned for any type. */
static int aligned(const void *p)
{
	return (uintptr_t)p % alignof(max_align_t) == 0;
}

static void test_alloc_alignment(void **state)
{
	arena_t *a = *state;
	for (size_t n = 0; n < 300; n++) {
		unsigned char *p = arena_alloc(a, n);
		assert_non_null(p);
		assert_true(aligned(p));
		memset(p, 0xAB, n); /* writable: ASan would catch an overflow */
	}
	/* Odd sizes in a row still give aligned, distinct pointers. */
	char *p1 = arena_alloc(a, 1), *p2 = arena_alloc(a, 3), *p3 = arena_alloc(a, 7);
	assert_true(aligned(p1) && aligned(p2) && aligned(p3));
	assert_true(p1 != p2 && p2 != p3);
	long double *ld = arena_alloc(a, sizeof *ld);
	*ld = 1.5L;
	assert_true(*ld == 1.5L);
}

static void test_alloc_distinct_and_kept(void **state)
{
	arena_t *a = *state;
	enum { N = 500 };
	unsigned char *ptrs[N];
	for (size_t i = 0; i < N; i++) {
		ptrs[i] = arena_alloc(a, 40);
		memset(ptrs[i], (int)(i & 0xFF), 40);
	}
	/* Nothing was overwritten by later allocations, even across blocks. */
	for (size_t i = 0; i < N; i++)
		for (size_t j = 0; j < 40; j++)
			assert_int_equal(ptrs[i][j], i & 0xFF);
}

static void test_big_allocations(void **state)
{
	arena_t *a = *state;
	char *small = arena_alloc(a, 16);
	memcpy(small, "avant", 6);
	size_t big_size = 1024 * 1024;
	unsigned char *big = arena_alloc(a, big_size);
	assert_true(aligned(big));
	memset(big, 0x5A, big_size);
	assert_int_equal(big[0], 0x5A);
	assert_int_equal(big[big_size - 1], 0x5A);
	/* Small allocations after a big one still work and do not overlap it. */
	char *after = arena_alloc(a, 32);
	memcpy(after, "après", sizeof "après");
	assert_true(after + 32 <= (char *)big || after >= (char *)big + big_size);
	assert_string_equal(small, "avant");
	assert_string_equal(after, "après");
	/* Several big ones, just above half a block, each its own block. */
	for (int i = 0; i < 8; i++) {
		unsigned char *p = arena_alloc(a, 5000 + (size_t)i);
		assert_true(aligned(p));
		memset(p, i, 5000 + (size_t)i);
	}
	assert_int_equal(big[big_size / 2], 0x5A);
}

static void test_calloc_zeroes(void **state)
{
	arena_t *a = *state;
	/* Under ASan fresh malloc memory is filled with 0xbe, so these zeroes
	 * come from arena_calloc itself. */
	for (size_t n = 1; n < 5000; n *= 3) {
		unsigned char *p = arena_calloc(a, n, 3);
		assert_true(aligned(p));
		for (size_t i = 0; i < n * 3; i++)
			assert_int_equal(p[i], 0);
	}
	int *z = arena_calloc(a, 0, sizeof(int));
	assert_non_null(z);
}

static void test_strdup_and_strndup(void **state)
{
	arena_t *a = *state;
	char src[] = "Élève";
	char *d = arena_strdup(a, src);
	src[0] = 'X';
	assert_string_not_equal(src, d);
	assert_string_equal(d, "Élève");
	assert_null(arena_strdup(a, NULL));
	assert_string_equal(arena_strdup(a, ""), "");
	char *n = arena_strndup(a, "abcdef", 3);
	assert_string_equal(n, "abc");
	char *bin = arena_strndup(a, "a\0b", 3);
	assert_memory_equal(bin, "a\0b\0", 4);
	assert_string_equal(arena_strndup(a, NULL, 0), "");
	/* Bigger than a block. */
	char *long_src = arena_alloc(a, 20001);
	memset(long_src, 'q', 20000);
	long_src[20000] = '\0';
	char *long_copy = arena_strdup(a, long_src);
	assert_int_equal(strlen(long_copy), 20000);
	assert_string_equal(long_copy, long_src);
}

static void test_printf(void **state)
{
	arena_t *a = *state;
	assert_string_equal(arena_printf(a, "%s n°%d : %.2f", "Réunion", 42, 3.14159),
			    "Réunion n°42 : 3.14");
	assert_string_equal(arena_printf(a, "%s", ""), "");
	assert_string_equal(arena_printf(a, "%lld", -9223372036854775807LL - 1),
			    "-9223372036854775808");
	/* Output longer than a block. */
	char *big = arena_printf(a, "[%*s]", 30000, "x");
	assert_int_equal(strlen(big), 30002);
	assert_int_equal(big[0], '[');
	assert_int_equal(big[30000], 'x');
	assert_int_equal(big[30001], ']');
}

static void test_buf_basics(void **state)
{
	arena_t *a = *state;
	buf_t b;
	buf_init(&b, a, 0);
	assert_non_null(b.data);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_true(b.cap > 0);
	buf_puts(&b, "Bonjour");
	buf_putc(&b, ',');
	buf_append(&b, " le monde!!!", 9);
	buf_append(&b, NULL, 0);
	buf_printf(&b, " %d/%s", 7, "7");
	assert_string_equal(b.data, "Bonjour, le monde 7/7");
	assert_int_equal(b.len, strlen("Bonjour, le monde 7/7"));
	/* Binary content with NUL is kept, len counts it. */
	buf_putc(&b, '\0');
	buf_putc(&b, 'z');
	assert_int_equal(b.len, 23);
	assert_memory_equal(b.data + 21, "\0z\0", 3);
}

static void test_buf_growth_keeps_content(void **state)
{
	arena_t *a = *state;
	buf_t b;
	buf_init(&b, a, 4);
	size_t i = 0;
	/* Grow to 200 KB through every append function. */
	while (b.len < 200 * 1024) {
		switch (i % 4) {
		case 0:
			buf_putc(&b, (char)('a' + i % 26));
			break;
		case 1:
			buf_puts(&b, "0123456789");
			break;
		case 2:
			buf_printf(&b, "<%05zu>", i % 100000);
			break;
		default:
			buf_append(&b, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", i % 27);
			break;
		}
		assert_true(b.len < b.cap);
		assert_int_equal(b.data[b.len], '\0');
		i++;
	}
	/* Rebuild the expected content and compare. */
	buf_t expect;
	buf_init(&expect, a, 256 * 1024);
	for (size_t j = 0; j < i; j++) {
		char tmp[32];
		switch (j % 4) {
		case 0:
			tmp[0] = (char)('a' + j % 26);
			buf_append(&expect, tmp, 1);
			break;
		case 1:
			buf_append(&expect, "0123456789", 10);
			break;
		case 2: {
			int n = snprintf(tmp, sizeof tmp, "<%05zu>", j % 100000);
			buf_append(&expect, tmp, (size_t)n);
			break;
		}
		default:
			buf_append(&expect, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", j % 27);
			break;
		}
	}
	assert_int_equal(b.len, expect.len);
	assert_memory_equal(b.data, expect.data, b.len + 1);
}

static void test_buf_big_appends(void **state)
{
	arena_t *a = *state;
	buf_t b;
	buf_init(&b, a, 16);
	char chunk[10000];
	for (int k = 0; k < 10; k++) {
		memset(chunk, 'A' + k, sizeof chunk);
		buf_append(&b, chunk, sizeof chunk);
	}
	buf_printf(&b, "%*s|", 50000, "fin");
	assert_int_equal(b.len, 100000 + 50001);
	for (size_t k = 0; k < 100000; k++)
		assert_int_equal(b.data[k], 'A' + (int)(k / 10000));
	assert_memory_equal(b.data + 100000 + 49997, "fin|\0", 5);
}

static void test_free_null(void **state)
{
	(void)state;
	arena_free(NULL);
	arena_t *a = arena_new(64);
	for (int i = 0; i < 100; i++)
		arena_strdup(a, "encore une chaîne un peu longue pour changer de bloc");
	arena_free(a); /* ASan's leak checker verifies every block is released */
}

#define T(f) cmocka_unit_test_setup_teardown(f, arena_setup, arena_teardown)
#define TS(f) {#f " (small blocks)", f, small_arena_setup, arena_teardown, NULL}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_alloc_alignment),
		TS(test_alloc_alignment),
		T(test_alloc_distinct_and_kept),
		TS(test_alloc_distinct_and_kept),
		T(test_big_allocations),
		TS(test_big_allocations),
		T(test_calloc_zeroes),
		T(test_strdup_and_strndup),
		TS(test_strdup_and_strndup),
		T(test_printf),
		T(test_buf_basics),
		T(test_buf_growth_keeps_content),
		TS(test_buf_growth_keeps_content),
		T(test_buf_big_appends),
		T(test_free_null),
	};
	return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}
