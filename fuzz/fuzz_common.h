/* fuzz_common.h — what the libFuzzer harnesses of fuzz/ share: the CHECK
 * macro that reports a broken invariant, a NUL-terminated copy of the input,
 * and the reference decoders (UTF-8 from the code points, percent-decoding)
 * that the parsers' results are compared with.
 *
 * Header only, every function static inline: mk/fuzz.mk builds each
 * fuzz/fuzz_*.c as one harness, and the harnesses that do not use a helper
 * are not warned about it.
 */
#ifndef QUARTIER_FUZZ_COMMON_H
#define QUARTIER_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/parse.h"

/* Aborts, naming the invariant and where it is checked, when c is false. */
#define CHECK(c)                                                                                                       \
	do {                                                                                                           \
		if (!(c)) {                                                                                            \
			fprintf(stderr, "invariant failed: %s (%s:%d)\n", #c, __FILE__, __LINE__);                     \
			abort();                                                                                       \
		}                                                                                                      \
	} while (0)

/* A malloc'ed copy of the input with a NUL after it (free it); strlen of it
 * stops at the input's first NUL, as a C string handed over by
 * libmicrohttpd would. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Reference UTF-8 check, written from the code points rather than from the
 * byte ranges that parse.c uses. */
static inline int ref_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i], cp, min;
		size_t len;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			len = 2, cp = c & 0x1F, min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3, cp = c & 0x0F, min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4, cp = c & 0x07, min = 0x10000;
		} else {
			return 0;
		}
		if (n - i < len)
			return 0;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += len;
	}
	return 1;
}

/* The value of a hexadecimal digit, -1 for any other byte. */
static inline int ref_hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Reference percent-decoding of s[0..n) into out (n + 1 bytes), '+' as a
 * space when plus; status as parse.h says for percent_decode. */
static inline parse_status_t ref_decode(const char *s, size_t n, int plus, char *out, size_t *len)
{
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			if (i + 2 >= n)
				return PARSE_BAD_ENCODING;
			int h = ref_hexval((unsigned char)s[i + 1]), l = ref_hexval((unsigned char)s[i + 2]);
			if (h < 0 || l < 0)
				return PARSE_BAD_ENCODING;
			c = (unsigned char)(h << 4 | l);
			i += 2;
		} else if (c == '+' && plus) {
			c = ' ';
		}
		out[j++] = (char)c;
	}
	out[j] = '\0';
	*len = j;
	if (memchr(out, 0, j))
		return PARSE_NUL;
	return ref_utf8((const unsigned char *)out, j) ? PARSE_OK : PARSE_BAD_UTF8;
}

#endif
