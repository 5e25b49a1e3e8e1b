/* test_parse.c — unit tests for src/http/parse.c: UTF-8, percent-decoding,
 * urlencoded bodies, cookies, multipart/form-data, Accept, media types. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "http/parse.h"

/* Each test gets a fresh arena in *state. */
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

/* percent_decode of a whole C string; returns the status, *out the result. */
static parse_status_t decode(arena_t *a, const char *s, int plus, char **out, size_t *len)
{
	return percent_decode(a, s, strlen(s), plus, out, len);
}

/* parse_urlencoded of a whole C string. */
static parse_status_t urlenc(arena_t *a, const char *s, kv_list_t *l)
{
	return parse_urlencoded(a, s, strlen(s), l);
}

/* parse_multipart of body[0..n) with a Content-Type value. */
static parse_status_t multipart(arena_t *a, const char *ct, const char *body, size_t n,
				kv_list_t *l)
{
	return parse_multipart(a, ct, body, n, l);
}

#define MP_CT "multipart/form-data; boundary=XyZ"
#define MP(s) (s), sizeof(s) - 1 /* a literal body and its length, NULs included */

/* ------------------------------------------------------------------ UTF-8 */

static void test_utf8_valid_accepts(void **state)
{
	(void)state;
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("hello", 5));
	assert_true(utf8_valid("\xC3\x89l\xC3\xA8ve", 7));     /* Élève */
	assert_true(utf8_valid("\xE2\x82\xAC", 3));            /* € */
	assert_true(utf8_valid("\xF0\x9F\x98\x80", 4));        /* 😀 */
	assert_true(utf8_valid("\xED\x9F\xBF", 3));            /* U+D7FF, just below surrogates */
	assert_true(utf8_valid("\xEE\x80\x80", 3));            /* U+E000, just above */
	assert_true(utf8_valid("\xF4\x8F\xBF\xBF", 4));        /* U+10FFFF */
	assert_true(utf8_valid("\xC2\x80", 2));                /* U+0080, smallest 2-byte */
	assert_true(utf8_valid("\xE0\xA0\x80", 3));            /* U+0800, smallest 3-byte */
	assert_true(utf8_valid("\xF0\x90\x80\x80", 4));        /* U+10000, smallest 4-byte */
}

static void test_utf8_valid_rejects(void **state)
{
	(void)state;
	assert_false(utf8_valid("\xC0\xAF", 2));         /* overlong '/' */
	assert_false(utf8_valid("\xC1\xBF", 2));         /* overlong */
	assert_false(utf8_valid("\xE0\x80\xAF", 3));     /* overlong 3-byte */
	assert_false(utf8_valid("\xE0\x9F\xBF", 3));     /* overlong U+07FF */
	assert_false(utf8_valid("\xF0\x80\x80\xAF", 4)); /* overlong 4-byte */
	assert_false(utf8_valid("\xF0\x8F\xBF\xBF", 4)); /* overlong U+FFFF */
	assert_false(utf8_valid("\xED\xA0\x80", 3));     /* U+D800 */
	assert_false(utf8_valid("\xED\xBF\xBF", 3));     /* U+DFFF */
	assert_false(utf8_valid("\xF4\x90\x80\x80", 4)); /* U+110000 */
	assert_false(utf8_valid("\xF5\x80\x80\x80", 4));
	assert_false(utf8_valid("\xFF", 1));
	assert_false(utf8_valid("\x80", 1));             /* lone continuation */
	assert_false(utf8_valid("a\xC3", 2));            /* truncated */
	assert_false(utf8_valid("\xE2\x82", 2));         /* truncated */
	assert_false(utf8_valid("\xF0\x9F\x98", 3));     /* truncated */
	assert_false(utf8_valid("\xC3\x28", 2));         /* bad continuation */
	/* The length is honoured: a valid sequence cut by n is invalid. */
	assert_false(utf8_valid("\xC3\xA9", 1));
}

/* --------------------------------------------------------- percent_decode */

static void test_percent_decode_ok(void **state)
{
	arena_t *a = *state;
	char *out;
	size_t len;
	assert_int_equal(decode(a, "a%20b", 0, &out, &len), PARSE_OK);
	assert_string_equal(out, "a b");
	assert_int_equal(len, 3);
	assert_int_equal(decode(a, "%C3%89l%c3%a8ve", 0, &out, &len), PARSE_OK);
	assert_string_equal(out, "\xC3\x89l\xC3\xA8ve");
	assert_int_equal(len, 7);
	assert_int_equal(decode(a, "", 0, &out, &len), PARSE_OK);
	assert_string_equal(out, "");
	assert_int_equal(len, 0);
	assert_int_equal(decode(a, "100%25", 0, &out, &len), PARSE_OK);
	assert_string_equal(out, "100%");
}

static void test_percent_decode_plus(void **state)
{
	arena_t *a = *state;
	char *out;
	size_t len;
	assert_int_equal(decode(a, "a+b%2B", 1, &out, &len), PARSE_OK);
	assert_string_equal(out, "a b+");
	assert_int_equal(decode(a, "a+b%2B", 0, &out, &len), PARSE_OK);
	assert_string_equal(out, "a+b+");
}

static void test_percent_decode_bad_encoding(void **state)
{
	arena_t *a = *state;
	static char dummy[] = "x";
	char *out = dummy;
	size_t len = 9;
	const char *bad[] = {"%", "%4", "abc%4", "abc%", "%ZZ", "%G0", "%0G", "%%41", "a% 1"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(decode(a, bad[i], 0, &out, &len), PARSE_BAD_ENCODING);
		assert_null(out);
		assert_int_equal(len, 0);
	}
	/* n is honoured: "%41" cut to "%4" is truncated. */
	assert_int_equal(percent_decode(a, "%41", 2, 0, &out, &len), PARSE_BAD_ENCODING);
}

static void test_percent_decode_nul(void **state)
{
	arena_t *a = *state;
	char *out;
	size_t len;
	assert_int_equal(decode(a, "%00", 0, &out, &len), PARSE_NUL);
	assert_int_equal(decode(a, "abc%00def", 0, &out, &len), PARSE_NUL);
	assert_null(out);
	/* A raw NUL byte inside the n bytes is refused too. */
	assert_int_equal(percent_decode(a, "a\0b", 3, 0, &out, &len), PARSE_NUL);
}

static void test_percent_decode_bad_utf8(void **state)
{
	arena_t *a = *state;
	char *out;
	size_t len;
	assert_int_equal(decode(a, "%C0%AF", 0, &out, &len), PARSE_BAD_UTF8); /* overlong */
	assert_int_equal(decode(a, "%ED%A0%80", 0, &out, &len), PARSE_BAD_UTF8);
	assert_int_equal(decode(a, "%C3", 0, &out, &len), PARSE_BAD_UTF8);
	assert_int_equal(decode(a, "%FF", 0, &out, &len), PARSE_BAD_UTF8);
	assert_int_equal(decode(a, "caf\xE9", 0, &out, &len), PARSE_BAD_UTF8); /* Latin-1 */
	assert_null(out);
}

/* ------------------------------------------------------------- urlencoded */

static void test_urlencoded_basic(void **state)
{
	arena_t *a = *state;
	kv_list_t l = {0};
	assert_int_equal(urlenc(a, "a=1&b=x%20y&c", &l), PARSE_OK);
	assert_int_equal(l.count, 3);
	assert_string_equal(l.head->name, "a");
	assert_string_equal(l.head->value, "1");
	assert_int_equal(l.head->value_len, 1);
	assert_null(l.head->filename);
	assert_null(l.head->content_type);
	assert_string_equal(kv_get(&l, "b"), "x y");
	assert_string_equal(kv_get(&l, "c"), "");
	assert_int_equal(kv_find(&l, "c")->value_len, 0);
	assert_ptr_equal(l.tail, kv_find(&l, "c"));
	assert_null(kv_get(&l, "d"));
}

static void test_urlencoded_plus_and_utf8(void **state)
{
	arena_t *a = *state;
	kv_list_t l = {0};
	assert_int_equal(urlenc(a, "q=caf%C3%A9+cr%C3%A8me&sp%C3%A9cial=1", &l), PARSE_OK);
	assert_string_equal(kv_get(&l, "q"), "caf\xC3\xA9 cr\xC3\xA8me");
	assert_string_equal(kv_get(&l, "sp\xC3\xA9" "cial"), "1");
	/* '=' inside a value belongs to the value. */
	kv_list_t l2 = {0};
	assert_int_equal(urlenc(a, "t=a=b", &l2), PARSE_OK);
	assert_string_equal(kv_get(&l2, "t"), "a=b");
}

static void test_urlencoded_skips_empty(void **state)
{
	arena_t *a = *state;
	kv_list_t l = {0};
	assert_int_equal(urlenc(a, "&&a=1&&=x&=&b=2&", &l), PARSE_OK);
	assert_int_equal(l.count, 2);
	assert_string_equal(l.head->name, "a");
	assert_string_equal(l.tail->name, "b");
	kv_list_t empty = {0};
	assert_int_equal(urlenc(a, "", &empty), PARSE_OK);
	assert_int_equal(empty.count, 0);
	assert_int_equal(parse_urlencoded(a, NULL, 0, &empty), PARSE_OK);
	assert_int_equal(empty.count, 0);
}

static void test_urlencoded_only_ampersand(void **state)
{
	arena_t *a = *state;
	kv_list_t l = {0};
	assert_int_equal(urlenc(a, "a=1;b=2", &l), PARSE_OK);
	assert_int_equal(l.count, 1);
	assert_string_equal(kv_get(&l, "a"), "1;b=2");
}

static void test_urlencoded_repeated_names_keep_order(void **state)
{
	arena_t *a = *state;
	kv_list_t l = {0};
	assert_int_equal(urlenc(a, "tag=x&tag=y&tag=z", &l), PARSE_OK);
	assert_int_equal(l.count, 3);
	assert_string_equal(kv_get(&l, "tag"), "x");
	assert_string_equal(l.head->next->value, "y");
	assert_string_equal(l.head->next->next->value, "z");
	assert_null(l.tail->next);
}

static void test_urlencoded_errors(void **state)
{
	arena_t *a = *state;
	kv_list_t l = {0};
	assert_int_equal(urlenc(a, "a=%ZZ", &l), PARSE_BAD_ENCODING);
	assert_int_equal(urlenc(a, "a=%4", &l), PARSE_BAD_ENCODING);
	assert_int_equal(urlenc(a, "a%=1", &l), PARSE_BAD_ENCODING);
	assert_int_equal(urlenc(a, "a=x%00y", &l), PARSE_NUL);
	assert_int_equal(urlenc(a, "a%00=1", &l), PARSE_NUL);
	assert_int_equal(urlenc(a, "a=%C0%AF", &l), PARSE_BAD_UTF8);
	assert_int_equal(urlenc(a, "%FF=1", &l), PARSE_BAD_UTF8);
}

static void test_urlencoded_honours_length(void **state)
{
	arena_t *a = *state;
	kv_list_t l = {0};
	assert_int_equal(parse_urlencoded(a, "a=1&b=2", 3, &l), PARSE_OK);
	assert_int_equal(l.count, 1);
	assert_string_equal(kv_get(&l, "a"), "1");
}

/* Builds "f=1&f=1&..." with n pairs, in the arena. */
static char *many_pairs(arena_t *a, size_t n)
{
	buf_t b;
	buf_init(&b, a, 0);
	for (size_t i = 0; i < n; i++)
		buf_puts(&b, i ? "&f=1" : "f=1");
	return b.data;
}

static void test_urlencoded_too_many(void **state)
{
	arena_t *a = *state;
	kv_list_t ok = {0}, bad = {0};
	assert_int_equal(urlenc(a, many_pairs(a, PARSE_MAX_FIELDS), &ok), PARSE_OK);
	assert_int_equal(ok.count, PARSE_MAX_FIELDS);
	assert_int_equal(urlenc(a, many_pairs(a, PARSE_MAX_FIELDS + 1), &bad), PARSE_TOO_MANY);
}

/* -------------------------------------------------------------------- kv */

static void test_kv_add_copies(void **state)
{
	arena_t *a = *state;
	kv_list_t l = {0};
	char name[] = "nom", value[] = "bin\0ary";
	kv_add(a, &l, name, value, sizeof value - 1);
	name[0] = 'X';
	value[0] = 'X';
	assert_string_equal(name, "Xom");
	const kv_t *kv = kv_find(&l, "nom");
	assert_non_null(kv);
	assert_int_equal(kv->value_len, 7);
	assert_memory_equal(kv->value, "bin\0ary", 8); /* copied, NUL-terminated */
	kv_add(a, &l, "nom", "second", 6);
	assert_string_equal(kv_get(&l, "nom"), "bin");
	assert_int_equal(l.count, 2);
	assert_null(kv_find(&l, "absent"));
	assert_null(kv_find(NULL, "nom"));
}

/* ----------------------------------------------------------------- cookies */

static void test_cookies_basic(void **state)
{
	arena_t *a = *state;
	kv_list_t l = {0};
	assert_int_equal(parse_cookies(a, "sid=abc123; theme=dark", &l), PARSE_OK);
	assert_int_equal(l.count, 2);
	assert_string_equal(kv_get(&l, "sid"), "abc123");
	assert_string_equal(kv_get(&l, "theme"), "dark");
}

static void test_cookies_spaces_quotes_and_broken(void **state)
{
	arena_t *a = *state;
	kv_list_t l = {0};
	const char *h = "  sid = abc ;theme=\"dark\";  broken ; =nameless; empty=; "
			"t=a=b;q=\"\";lone=\";;last=1  ";
	assert_int_equal(parse_cookies(a, h, &l), PARSE_OK);
	assert_int_equal(l.count, 7);
	assert_string_equal(kv_get(&l, "sid"), "abc");
	assert_string_equal(kv_get(&l, "theme"), "dark");
	assert_string_equal(kv_get(&l, "empty"), "");
	assert_string_equal(kv_get(&l, "t"), "a=b");
	assert_string_equal(kv_get(&l, "q"), "");
	assert_string_equal(kv_get(&l, "lone"), "\""); /* one quote is not a pair */
	assert_string_equal(kv_get(&l, "last"), "1");
	assert_null(kv_get(&l, "broken"));
	assert_null(kv_get(&l, ""));
}

static void test_cookies_empty_and_invalid(void **state)
{
	arena_t *a = *state;
	kv_list_t l = {0};
	assert_int_equal(parse_cookies(a, NULL, &l), PARSE_OK);
	assert_int_equal(parse_cookies(a, "", &l), PARSE_OK);
	assert_int_equal(parse_cookies(a, " ; ;", &l), PARSE_OK);
	assert_int_equal(l.count, 0);
	/* Not UTF-8: skipped, the others kept. */
	assert_int_equal(parse_cookies(a, "bad=\xC0\xAF; good=1", &l), PARSE_OK);
	assert_int_equal(l.count, 1);
	assert_string_equal(kv_get(&l, "good"), "1");
	/* Values are not percent-decoded. */
	kv_list_t l2 = {0};
	assert_int_equal(parse_cookies(a, "x=a%20b", &l2), PARSE_OK);
	assert_string_equal(kv_get(&l2, "x"), "a%20b");
}

/* --------------------------------------------------------------- multipart */

static void test_multipart_text_fields(void **state)
{
	arena_t *a = *state;
	kv_list_t l = {0};
	static const char body[] = "--XyZ\r\n"
				   "Content-Disposition: form-data; name=\"titre\"\r\n"
				   "\r\n"
				   "Banc cass\xC3\xA9\r\n"
				   "--XyZ\r\n"
				   "content-disposition: form-data; name=desc\r\n"
				   "\r\n"
				   "ligne 1\r\nligne 2\r\n--pas une limite\r\n"
				   "--XyZ\r\n"
				   "Content-Disposition: form-data; name=\"vide\"\r\n"
				   "\r\n"
				   "\r\n"
				   "--XyZ--\r\n";
	assert_int_equal(multipart(a, MP_CT, MP(body), &l), PARSE_OK);
	assert_int_equal(l.count, 3);
	assert_string_equal(kv_get(&l, "titre"), "Banc cass\xC3\xA9");
	assert_null(kv_find(&l, "titre")->filename);
	assert_null(kv_find(&l, "titre")->content_type);
	assert_string_equal(kv_get(&l, "desc"), "ligne 1\r\nligne 2\r\n--pas une limite");
	assert_string_equal(kv_get(&l, "vide"), "");
	assert_int_equal(kv_find(&l, "vide")->value_len, 0);
}

static void test_multipart_binary_file(void **state)
{
	arena_t *a = *state;
	kv_list_t l = {0};
	static const char body[] = "--XyZ\r\n"
				   "Content-Disposition: form-data; name=\"photo\"; filename=\"chat.png\"\r\n"
				   "Content-Type: image/png\r\n"
				   "\r\n"
				   "\x89PNG\0\0\xFF\xC0\r\n--X\r\n\0end"
				   "\r\n--XyZ--";
	assert_int_equal(multipart(a, MP_CT, MP(body), &l), PARSE_OK);
	const kv_t *kv = kv_find(&l, "photo");
	assert_non_null(kv);
	assert_string_equal(kv->filename, "chat.png");
	assert_string_equal(kv->content_type, "image/png");
	static const char expect[] = "\x89PNG\0\0\xFF\xC0\r\n--X\r\n\0end";
	assert_int_equal(kv->value_len, sizeof expect - 1);
	assert_memory_equal(kv->value, expect, sizeof expect); /* and a final NUL */
}

static void test_multipart_file_defaults_and_basename(void **state)
{
	arena_t *a = *state;
	kv_list_t l = {0};
	static const char body[] = "--XyZ\r\n"
				   "Content-Disposition: form-data; name=\"a\"; filename=\"C:\\Users\\moi\\plan.pdf\"\r\n"
				   "\r\n"
				   "%PDF\r\n"
				   "--XyZ\r\n"
				   "Content-Disposition: form-data; name=\"b\"; filename=\"../../etc/passwd\"; filename*=UTF-8''x\r\n"
				   "\r\n"
				   "root\r\n"
				   "--XyZ\r\n"
				   "Content-Disposition: form-data; name=\"c\"; filename=\"\"\r\n"
				   "Content-Type: application/octet-stream\r\n"
				   "\r\n"
				   "\r\n"
				   "--XyZ--\r\n";
	assert_int_equal(multipart(a, MP_CT, MP(body), &l), PARSE_OK);
	assert_string_equal(kv_find(&l, "a")->filename, "plan.pdf");
	assert_string_equal(kv_find(&l, "a")->content_type, "application/octet-stream");
	assert_string_equal(kv_get(&l, "a"), "%PDF");
	assert_string_equal(kv_find(&l, "b")->filename, "passwd");
	assert_string_equal(kv_find(&l, "c")->filename, ""); /* empty file input */
	assert_int_equal(kv_find(&l, "c")->value_len, 0);
}

static void test_multipart_quoted_boundary(void **state)
{
	arena_t *a = *state;
	kv_list_t l = {0};
	static const char body[] = "preamble to ignore\r\n"
				   "--a:b=c d\r\n"
				   "Content-Disposition: form-data; name=\"x\"\r\n"
				   "\r\n"
				   "1\r\n"
				   "--a:b=c d--\r\n"
				   "epilogue to ignore";
	assert_int_equal(multipart(a, "Multipart/Form-Data; charset=utf-8; boundary=\"a:b=c d\"",
				   MP(body), &l),
			 PARSE_OK);
	assert_int_equal(l.count, 1);
	assert_string_equal(kv_get(&l, "x"), "1");
}

static void test_multipart_quoted_name(void **state)
{
	arena_t *a = *state;
	kv_list_t l = {0};
	static const char body[] = "--XyZ\r\n"
				   "Content-Disposition: form-data; name=\"a \\\"b\\\"; c\"\r\n"
				   "\r\n"
				   "v\r\n"
				   "--XyZ--";
	assert_int_equal(multipart(a, MP_CT, MP(body), &l), PARSE_OK);
	assert_string_equal(l.head->name, "a \"b\"; c");
}

static void test_multipart_boundary_errors(void **state)
{
	arena_t *a = *state;
	kv_list_t l = {0};
	static const char body[] = "--XyZ--";
	assert_int_equal(multipart(a, NULL, MP(body), &l), PARSE_MALFORMED);
	assert_int_equal(multipart(a, "multipart/form-data", MP(body), &l), PARSE_MALFORMED);
	assert_int_equal(multipart(a, "multipart/form-data; boundary=", MP(body), &l),
			 PARSE_MALFORMED);
	assert_int_equal(multipart(a, "multipart/form-data; boundary=\"XyZ", MP(body), &l),
			 PARSE_MALFORMED);
	assert_int_equal(multipart(a, "text/plain; boundary=XyZ", MP(body), &l), PARSE_MALFORMED);
	/* 70 characters are fine, 71 are not. */
	char b70[71], ct[128];
	memset(b70, 'b', 70);
	b70[70] = '\0';
	snprintf(ct, sizeof ct, "multipart/form-data; boundary=%s", b70);
	char body70[80];
	int n = snprintf(body70, sizeof body70, "--%s--", b70);
	assert_int_equal(multipart(a, ct, body70, (size_t)n, &l), PARSE_OK);
	snprintf(ct, sizeof ct, "multipart/form-data; boundary=%sb", b70);
	n = snprintf(body70, sizeof body70, "--%sb--", b70);
	assert_int_equal(multipart(a, ct, body70, (size_t)n, &l), PARSE_MALFORMED);
	assert_int_equal(l.count, 0);
}

static void test_multipart_structure_errors(void **state)
{
	arena_t *a = *state;
	kv_list_t l = {0};
	static const char no_close[] = "--XyZ\r\n"
				       "Content-Disposition: form-data; name=\"x\"\r\n"
				       "\r\n"
				       "1\r\n";
	static const char cut_close[] = "--XyZ\r\n"
					"Content-Disposition: form-data; name=\"x\"\r\n"
					"\r\n"
					"1\r\n"
					"--XyZ";
	static const char cut_headers[] = "--XyZ\r\n"
					  "Content-Disposition: form-data; na";
	static const char no_name[] = "--XyZ\r\n"
				      "Content-Disposition: form-data; filename=\"f\"\r\n"
				      "\r\n"
				      "1\r\n"
				      "--XyZ--";
	static const char no_disposition[] = "--XyZ\r\n"
					     "Content-Type: text/plain\r\n"
					     "\r\n"
					     "1\r\n"
					     "--XyZ--";
	static const char not_form_data[] = "--XyZ\r\n"
					    "Content-Disposition: attachment; name=\"x\"\r\n"
					    "\r\n"
					    "1\r\n"
					    "--XyZ--";
	static const char no_blank_line[] = "--XyZ\r\n"
					    "Content-Disposition: form-data; name=\"x\"\r\n"
					    "--XyZ--";
	static const char junk_after_boundary[] = "--XyZjunk\r\n"
						  "Content-Disposition: form-data; name=\"x\"\r\n"
						  "\r\n"
						  "1\r\n"
						  "--XyZ--";
	static const char no_boundary[] = "Content-Disposition: form-data; name=\"x\"\r\n\r\n1";
	assert_int_equal(multipart(a, MP_CT, MP(no_close), &l), PARSE_MALFORMED);
	assert_int_equal(multipart(a, MP_CT, MP(cut_close), &l), PARSE_MALFORMED);
	assert_int_equal(multipart(a, MP_CT, MP(cut_headers), &l), PARSE_MALFORMED);
	assert_int_equal(multipart(a, MP_CT, MP(no_name), &l), PARSE_MALFORMED);
	assert_int_equal(multipart(a, MP_CT, MP(no_disposition), &l), PARSE_MALFORMED);
	assert_int_equal(multipart(a, MP_CT, MP(not_form_data), &l), PARSE_MALFORMED);
	assert_int_equal(multipart(a, MP_CT, MP(no_blank_line), &l), PARSE_MALFORMED);
	assert_int_equal(multipart(a, MP_CT, MP(junk_after_boundary), &l), PARSE_MALFORMED);
	assert_int_equal(multipart(a, MP_CT, MP(no_boundary), &l), PARSE_MALFORMED);
	assert_int_equal(multipart(a, MP_CT, "", 0, &l), PARSE_MALFORMED);
}

static void test_multipart_text_checks(void **state)
{
	arena_t *a = *state;
	kv_list_t l = {0};
	static const char text_nul[] = "--XyZ\r\n"
				       "Content-Disposition: form-data; name=\"x\"\r\n"
				       "\r\n"
				       "a\0b\r\n"
				       "--XyZ--";
	static const char text_latin1[] = "--XyZ\r\n"
					  "Content-Disposition: form-data; name=\"x\"\r\n"
					  "\r\n"
					  "caf\xE9\r\n"
					  "--XyZ--";
	static const char name_nul[] = "--XyZ\r\n"
				       "Content-Disposition: form-data; name=\"x\0y\"\r\n"
				       "\r\n"
				       "1\r\n"
				       "--XyZ--";
	static const char filename_bad[] = "--XyZ\r\n"
					   "Content-Disposition: form-data; name=\"f\"; filename=\"\xC0\xAF.txt\"\r\n"
					   "\r\n"
					   "1\r\n"
					   "--XyZ--";
	static const char filename_nul[] = "--XyZ\r\n"
					   "Content-Disposition: form-data; name=\"f\"; filename=\"a\0.txt\"\r\n"
					   "\r\n"
					   "1\r\n"
					   "--XyZ--";
	assert_int_equal(multipart(a, MP_CT, MP(text_nul), &l), PARSE_NUL);
	assert_int_equal(multipart(a, MP_CT, MP(text_latin1), &l), PARSE_BAD_UTF8);
	assert_int_equal(multipart(a, MP_CT, MP(name_nul), &l), PARSE_NUL);
	assert_int_equal(multipart(a, MP_CT, MP(filename_bad), &l), PARSE_BAD_UTF8);
	assert_int_equal(multipart(a, MP_CT, MP(filename_nul), &l), PARSE_NUL);
}

static void test_multipart_empty_form_and_transport_padding(void **state)
{
	arena_t *a = *state;
	kv_list_t l = {0};
	static const char empty[] = "--XyZ--\r\n";
	assert_int_equal(multipart(a, MP_CT, MP(empty), &l), PARSE_OK);
	assert_int_equal(l.count, 0);
	static const char padded[] = "--XyZ  \r\n"
				     "Content-Disposition: form-data; name=\"x\"\r\n"
				     "\r\n"
				     "1\r\n"
				     "--XyZ--";
	assert_int_equal(multipart(a, MP_CT, MP(padded), &l), PARSE_OK);
	assert_string_equal(kv_get(&l, "x"), "1");
}

static void test_multipart_too_many(void **state)
{
	arena_t *a = *state;
	buf_t b;
	buf_init(&b, a, 0);
	for (int i = 0; i <= PARSE_MAX_FIELDS; i++)
		buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n1\r\n");
	buf_puts(&b, "--XyZ--");
	kv_list_t l = {0};
	assert_int_equal(multipart(a, MP_CT, b.data, b.len, &l), PARSE_TOO_MANY);
}

/* A 2 MB file is found by memmem, not byte by byte: this must be quick. */
static void test_multipart_large_file(void **state)
{
	arena_t *a = *state;
	size_t size = 2 * 1024 * 1024;
	buf_t b;
	buf_init(&b, a, size + 256);
	buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"big\"\r\n\r\n");
	for (size_t i = 0; i < size; i++)
		buf_putc(&b, (char)("-\r\nXyZ"[i % 6]));
	buf_puts(&b, "\r\n--XyZ--\r\n");
	kv_list_t l = {0};
	assert_int_equal(multipart(a, MP_CT, b.data, b.len, &l), PARSE_OK);
	assert_int_equal(kv_find(&l, "f")->value_len, size);
}

/* ------------------------------------------------------------------ Accept */

static void test_accept_prefers_json(void **state)
{
	(void)state;
	assert_int_equal(accept_prefers_json("application/json"), 1);
	assert_int_equal(accept_prefers_json("text/html,application/json;q=0.9"), 0);
	assert_int_equal(accept_prefers_json("*/*"), 0);
	assert_int_equal(accept_prefers_json("application/json, text/plain, */*"), 1);
	assert_int_equal(accept_prefers_json(NULL), 0);
	assert_int_equal(accept_prefers_json(""), 0);
	assert_int_equal(accept_prefers_json("text/html"), 0);
	assert_int_equal(accept_prefers_json("text/html;q=0.5, application/json;q=0.6"), 1);
	assert_int_equal(accept_prefers_json("application/json;q=0.6,text/html;q=0.5"), 1);
	assert_int_equal(accept_prefers_json("text/html, application/json"), 0); /* tie */
	assert_int_equal(accept_prefers_json("application/json;q=0"), 0);
	assert_int_equal(accept_prefers_json("application/*"), 1);
	assert_int_equal(accept_prefers_json("text/*, application/json;q=0.9"), 0);
	assert_int_equal(accept_prefers_json("APPLICATION/JSON ; Q=1"), 1);
	assert_int_equal(accept_prefers_json("application/json;charset=utf-8;q=0.8, */*;q=0.1"), 1);
	/* A browser. */
	assert_int_equal(accept_prefers_json("text/html,application/xhtml+xml,application/xml;"
					     "q=0.9,image/avif,image/webp,*/*;q=0.8"),
			 0);
	/* The most specific range wins, whatever its q. */
	assert_int_equal(accept_prefers_json("application/json;q=0.1, */*"), 0);
	assert_int_equal(accept_prefers_json("text/html;q=0.1, */*"), 1);
	/* A malformed q ignores its range. */
	assert_int_equal(accept_prefers_json("application/json;q=2"), 0);
	assert_int_equal(accept_prefers_json("application/json;q=abc"), 0);
	assert_int_equal(accept_prefers_json("application/json;q=0.1234"), 0);
	assert_int_equal(accept_prefers_json("application/json;q=1.001"), 0);
	assert_int_equal(accept_prefers_json("application/json;q=1.000"), 1);
	assert_int_equal(accept_prefers_json("text/html;q=0.001,application/json;q=0.002"), 1);
	assert_int_equal(accept_prefers_json("application/jsonx"), 0);
	assert_int_equal(accept_prefers_json("application/json+ld"), 0);
}

static void test_media_type_is(void **state)
{
	(void)state;
	assert_true(media_type_is("text/html; charset=utf-8", "text/html"));
	assert_true(media_type_is("TEXT/HTML", "text/html"));
	assert_true(media_type_is("  application/json ;charset=utf-8", "application/json"));
	assert_true(media_type_is("application/x-www-form-urlencoded",
				  "application/x-www-form-urlencoded"));
	assert_false(media_type_is("text/htmlx", "text/html"));
	assert_false(media_type_is("text/htm", "text/html"));
	assert_false(media_type_is("", "text/html"));
	assert_false(media_type_is(NULL, "text/html"));
}

static void test_status_messages(void **state)
{
	(void)state;
	assert_string_equal(parse_status_message(PARSE_BAD_ENCODING),
			    "Encodage invalide dans la requête (séquence %XX incorrecte).");
	assert_string_equal(parse_status_message(PARSE_BAD_UTF8),
			    "Texte invalide : la requête n'est pas en UTF-8 valide.");
	assert_string_equal(parse_status_message(PARSE_NUL),
			    "Caractère nul interdit dans la requête.");
	assert_string_equal(parse_status_message(PARSE_MALFORMED), "Requête mal formée.");
	assert_string_equal(parse_status_message(PARSE_TOO_MANY),
			    "Trop de champs dans la requête.");
	assert_non_null(parse_status_message(PARSE_OK));
}

#define T(f) cmocka_unit_test_setup_teardown(f, arena_setup, arena_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_utf8_valid_accepts),
		T(test_utf8_valid_rejects),
		T(test_percent_decode_ok),
		T(test_percent_decode_plus),
		T(test_percent_decode_bad_encoding),
		T(test_percent_decode_nul),
		T(test_percent_decode_bad_utf8),
		T(test_urlencoded_basic),
		T(test_urlencoded_plus_and_utf8),
		T(test_urlencoded_skips_empty),
		T(test_urlencoded_only_ampersand),
		T(test_urlencoded_repeated_names_keep_order),
		T(test_urlencoded_errors),
		T(test_urlencoded_honours_length),
		T(test_urlencoded_too_many),
		T(test_kv_add_copies),
		T(test_cookies_basic),
		T(test_cookies_spaces_quotes_and_broken),
		T(test_cookies_empty_and_invalid),
		T(test_multipart_text_fields),
		T(test_multipart_binary_file),
		T(test_multipart_file_defaults_and_basename),
		T(test_multipart_quoted_boundary),
		T(test_multipart_quoted_name),
		T(test_multipart_boundary_errors),
		T(test_multipart_structure_errors),
		T(test_multipart_text_checks),
		T(test_multipart_empty_form_and_transport_padding),
		T(test_multipart_too_many),
		T(test_multipart_large_file),
		T(test_accept_prefers_json),
		T(test_media_type_is),
		T(test_status_messages),
	};
	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
