/* fuzz_multipart.c — libFuzzer harness for parse_multipart
 * (multipart/form-data bodies).
 *
 * The input is "<first line>\n<body>". When the first line starts with
 * "multipart/" it is the whole Content-Type value (parameters, quoting and
 * malformed headers get fuzzed too); otherwise it is the boundary and the
 * Content-Type is "multipart/form-data; boundary=<first line>", so the
 * fuzzer can reach the body parser with any boundary. No newline: the whole
 * input is the body, with the boundary "XyZ".
 *
 * Invariants checked on PARSE_OK, beyond "no crash":
 * - the body holds the closing delimiter "--<boundary>--";
 * - at most PARSE_MAX_FIELDS parts; every name is non-empty, NUL-free UTF-8;
 * - text parts (no filename) are NUL-free UTF-8; file parts have a filename
 *   without '/' or '\' and a content type;
 * - every value is a NUL-terminated copy of bytes of the body, and never
 *   contains the delimiter "\r\n--<boundary>";
 * - the result does not depend on the arena's block size;
 * and on any input, a NULL body or a missing Content-Type is PARSE_MALFORMED.
 * The checks that need the boundary run when the first line is a plain token.
 */
#include <strings.h>

#include "core/arena.h"
#include "fuzz_common.h"
#include "http/parse.h"

/* 1 if the boundary line s[0..n) is a plain token (printable ASCII without
 * quotes, ';', '\\' or spaces), which the parser must take as it is. */
static int plain_boundary(const char *s, size_t n)
{
	if (n < 1 || n > 70)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] > '~' || s[i] == '"' || s[i] == ';' || s[i] == '\\')
			return 0;
	return 1;
}

static int same_list(const kv_list_t *x, const kv_list_t *y)
{
	if (x->count != y->count)
		return 0;
	for (const kv_t *a = x->head, *b = y->head; a; a = a->next, b = b->next) {
		if (!b || strcmp(a->name, b->name) != 0 || a->value_len != b->value_len ||
		    memcmp(a->value, b->value, a->value_len) != 0 || !a->filename != !b->filename)
			return 0;
		if (a->filename && (strcmp(a->filename, b->filename) != 0 ||
				    strcmp(a->content_type, b->content_type) != 0))
			return 0;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	const char *nl = memchr(in, '\n', size);
	char *ct;
	const char *bd = "XyZ"; /* the boundary, when known for sure */
	size_t bl = 3;
	const char *body = in;
	size_t n = size;
	if (!nl) {
		ct = strdup("multipart/form-data; boundary=XyZ");
	} else {
		size_t ll = (size_t)(nl - in);
		if (ll && in[ll - 1] == '\r')
			ll--;
		/* %.*s stops at a NUL, as libmicrohttpd ends a header value there. */
		ct = malloc(ll + 64);
		if (ll >= 10 && strncasecmp(in, "multipart/", 10) == 0) {
			snprintf(ct, ll + 64, "%.*s", (int)ll, in);
			bd = NULL;
		} else {
			snprintf(ct, ll + 64, "multipart/form-data; boundary=%.*s", (int)ll, in);
			bd = plain_boundary(in, ll) ? in : NULL;
			bl = ll;
		}
		body = nl + 1;
		n = size - (size_t)(body - in);
	}

	arena_t *a = arena_new(0), *tiny = arena_new(48);
	kv_list_t l = {0}, lt = {0};
	/* Copy the body to its own allocation so that ASan sees reads past it. */
	char *b = malloc(n ? n : 1);
	if (n)
		memcpy(b, body, n);
	parse_status_t st = parse_multipart(a, ct, b, n, &l);
	CHECK(parse_multipart(tiny, ct, b, n, &lt) == st);
	kv_list_t none = {0};
	CHECK(parse_multipart(a, NULL, b, n, &none) == PARSE_MALFORMED);
	CHECK(parse_multipart(a, ct, NULL, 0, &none) == PARSE_MALFORMED && none.count == 0);

	if (st == PARSE_OK) {
		CHECK(same_list(&l, &lt));
		CHECK(l.count <= PARSE_MAX_FIELDS);
		char delim[80], close[80];
		int dl = 0;
		if (bd) {
			dl = snprintf(delim, sizeof delim, "\r\n--%.*s", (int)bl, bd);
			int cl = snprintf(close, sizeof close, "--%.*s--", (int)bl, bd);
			CHECK(memmem(b, n, close, (size_t)cl) != NULL);
		}
		size_t count = 0;
		for (const kv_t *kv = l.head; kv; kv = kv->next, count++) {
			size_t nlen = strlen(kv->name);
			CHECK(nlen > 0 && utf8_valid(kv->name, nlen));
			CHECK(kv->value[kv->value_len] == '\0');
			CHECK(kv->value_len <= n);
			if (kv->value_len)
				CHECK(memmem(b, n, kv->value, kv->value_len) != NULL);
			CHECK(!bd || !memmem(kv->value, kv->value_len, delim, (size_t)dl));
			if (kv->filename) {
				CHECK(!strchr(kv->filename, '/') && !strchr(kv->filename, '\\'));
				CHECK(utf8_valid(kv->filename, strlen(kv->filename)));
				CHECK(kv->content_type && *kv->content_type);
			} else {
				CHECK(!kv->content_type);
				CHECK(!memchr(kv->value, 0, kv->value_len) && utf8_valid(kv->value, kv->value_len));
			}
		}
		CHECK(count == l.count);
	}
	free(b);
	free(ct);
	arena_free(a);
	arena_free(tiny);
	return 0;
}
