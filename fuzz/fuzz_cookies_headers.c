/* fuzz_cookies_headers.c — libFuzzer harness for the header parsers:
 * parse_cookies (Cookie), accept_prefers_json (Accept) and media_type_is
 * (Content-Type).
 *
 * The input, cut at its first NUL (libmicrohttpd hands over header values as
 * C strings), is given to each parser as a header value. Invariants checked
 * beyond "no crash":
 * - cookies: at most PARSE_MAX_FIELDS on PARSE_OK; every name is non-empty,
 *   valid UTF-8, without '=', ';', and without spaces or tabs at either end;
 *   every value is valid UTF-8 without ';', NUL-terminated at value_len; each
 *   name=value is found in the header; the count never exceeds the number of
 *   ';'-separated pieces; the result does not depend on the arena's block
 *   size;
 * - Accept: the answer is 0 or 1, does not change with the ASCII case of the
 *   header, nor with spaces added after the commas; a header that adds
 *   ", text/html" with a q at least JSON's best cannot make JSON preferred;
 * - Content-Type: media_type_is is case-insensitive, ignores what follows
 *   ';' and is 1 for the header's own first token.
 */
#include "core/arena.h"
#include "fuzz_common.h"
#include "http/parse.h"

static int is_ows(char c)
{
	return c == ' ' || c == '\t';
}

static char ascii_flip(char c)
{
	if (c >= 'a' && c <= 'z')
		return (char)(c - 32);
	if (c >= 'A' && c <= 'Z')
		return (char)(c + 32);
	return c;
}

static void check_cookies(const char *h)
{
	arena_t *a = arena_new(0), *tiny = arena_new(32);
	kv_list_t l = {0}, lt = {0};
	parse_status_t st = parse_cookies(a, h, &l);
	CHECK(st == PARSE_OK || st == PARSE_TOO_MANY);
	CHECK(parse_cookies(tiny, h, &lt) == st && lt.count == l.count);
	size_t pieces = 1;
	for (const char *p = h; *p; p++)
		pieces += *p == ';';
	CHECK(l.count <= pieces);
	if (st == PARSE_OK)
		CHECK(l.count <= PARSE_MAX_FIELDS);
	else
		CHECK(l.count == PARSE_MAX_FIELDS + 1);
	const kv_t *t = lt.head;
	for (const kv_t *kv = l.head; kv; kv = kv->next, t = t->next) {
		size_t nl = strlen(kv->name), vl = kv->value_len;
		CHECK(nl > 0 && utf8_valid(kv->name, nl));
		CHECK(!strpbrk(kv->name, "=;") && !is_ows(kv->name[0]) && !is_ows(kv->name[nl - 1]));
		CHECK(strlen(kv->value) == vl && utf8_valid(kv->value, vl) && !strchr(kv->value, ';'));
		CHECK(!kv->filename && !kv->content_type);
		CHECK(t && strcmp(t->name, kv->name) == 0 && strcmp(t->value, kv->value) == 0);
		/* The name and the value appear in the header, in that order. */
		const char *n = strstr(h, kv->name);
		CHECK(n && strstr(n + nl, kv->value));
	}
	/* NULL is an empty header. */
	kv_list_t none = {0};
	CHECK(parse_cookies(a, NULL, &none) == PARSE_OK && none.count == 0);
	arena_free(a);
	arena_free(tiny);
}

static void check_accept(const char *h, size_t n)
{
	int j = accept_prefers_json(h);
	CHECK(j == 0 || j == 1);
	CHECK(accept_prefers_json(NULL) == 0);

	char *flip = malloc(n + 1);
	for (size_t i = 0; i <= n; i++)
		flip[i] = ascii_flip(h[i]);
	CHECK(accept_prefers_json(flip) == j);
	free(flip);

	char *spaced = malloc(2 * n + 1), *o = spaced;
	for (size_t i = 0; i < n; i++) {
		*o++ = h[i];
		if (h[i] == ',')
			*o++ = ' ';
	}
	*o = '\0';
	CHECK(accept_prefers_json(spaced) == j);
	free(spaced);

	/* Naming text/html exactly with q=1 can only make HTML win. */
	char *more = malloc(n + 32);
	snprintf(more, n + 32, "%s,text/html", h);
	CHECK(accept_prefers_json(more) <= j);
	free(more);
}

static void check_media_type(const char *h, size_t n)
{
	static const char *const types[] = {"multipart/form-data", "application/x-www-form-urlencoded",
					    "application/json", "text/html", ""};
	for (size_t k = 0; k < sizeof types / sizeof types[0]; k++) {
		int m = media_type_is(h, types[k]);
		CHECK(m == 0 || m == 1);
		char *flip = malloc(n + 1);
		for (size_t i = 0; i <= n; i++)
			flip[i] = ascii_flip(h[i]);
		CHECK(media_type_is(flip, types[k]) == m);
		free(flip);
		/* Parameters never change the answer. */
		const char *semi = strchr(h, ';');
		if (semi) {
			char *cut = strndup(h, (size_t)(semi - h));
			CHECK(media_type_is(cut, types[k]) == m);
			free(cut);
		}
	}
	CHECK(media_type_is(NULL, "text/html") == 0 && media_type_is(h, NULL) == 0);
	/* The first token of the header is its media type. */
	const char *b = h;
	while (is_ows(*b))
		b++;
	size_t tl = strcspn(b, "; \t");
	char *tok = strndup(b, tl);
	CHECK(media_type_is(h, tok) == 1);
	free(tok);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *h = fuzz_cstr(data, size);
	size_t n = strlen(h);
	check_cookies(h);
	check_accept(h, n);
	check_media_type(h, n);
	free(h);
	return 0;
}
