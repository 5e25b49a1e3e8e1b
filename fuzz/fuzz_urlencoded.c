/* fuzz_urlencoded.c — libFuzzer harness for percent_decode, utf8_valid and
 * parse_urlencoded (application/x-www-form-urlencoded bodies, query strings).
 *
 * The input is the raw body. Invariants checked beyond "no crash":
 * - utf8_valid agrees with a reference decoder (code points, no overlongs,
 *   no surrogates, at most U+10FFFF);
 * - percent_decode agrees with a naive reference decoder, status and bytes;
 *   on PARSE_OK the output is NUL-terminated, NUL-free and valid UTF-8;
 * - parse_urlencoded on PARSE_OK gives exactly the pairs of the reference
 *   split ('&' segments, first '=', empty names skipped), at most
 *   PARSE_MAX_FIELDS of them; on failure some segment really is bad, or there
 *   are too many pairs;
 * - percent-encoding the pairs again and parsing that gives the same pairs;
 * - nothing depends on the arena's block size (tiny blocks exercise the
 *   arena's big-allocation path).
 */
#include "core/arena.h"
#include "fuzz_common.h"
#include "http/parse.h"

static void check_decode(arena_t *a, const char *s, size_t n, int plus)
{
	char *out;
	size_t len;
	parse_status_t st = percent_decode(a, s, n, plus, &out, &len);
	char *ref = malloc(n + 1);
	size_t ref_len;
	parse_status_t ref_st = ref_decode(s, n, plus, ref, &ref_len);
	CHECK(st == ref_st);
	if (st == PARSE_OK) {
		CHECK(out && len == ref_len && memcmp(out, ref, len) == 0 && out[len] == '\0');
		CHECK(!memchr(out, 0, len) && utf8_valid(out, len));
	} else {
		CHECK(!out && len == 0);
	}
	free(ref);
}

/* Compares what parse_urlencoded returned with the reference split: the
 * same status (the first bad segment's, or PARSE_TOO_MANY at the pair after
 * the last allowed one), and on PARSE_OK the same pairs. */
static void check_pairs(const char *s, size_t n, parse_status_t st, const kv_list_t *l)
{
	char *name = malloc(n + 1), *value = malloc(n + 1);
	const kv_t *kv = l->head;
	size_t named = 0;
	parse_status_t want = PARSE_OK;
	for (size_t b = 0; b < n && want == PARSE_OK;) {
		const char *amp = memchr(s + b, '&', n - b);
		size_t e = amp ? (size_t)(amp - s) : n;
		if (e > b) {
			const char *eq = memchr(s + b, '=', e - b);
			size_t raw = eq ? (size_t)(eq - (s + b)) : e - b, nl, vl = 0;
			want = ref_decode(s + b, raw, 1, name, &nl);
			if (want == PARSE_OK && nl > 0) {
				want = eq ? ref_decode(eq + 1, e - b - raw - 1, 1, value, &vl)
					  : ref_decode("", 0, 1, value, &vl);
				if (want == PARSE_OK && ++named > PARSE_MAX_FIELDS)
					want = PARSE_TOO_MANY;
				if (want == PARSE_OK && st == PARSE_OK) {
					CHECK(kv && strlen(kv->name) == nl && memcmp(kv->name, name, nl) == 0);
					CHECK(kv->value_len == vl && memcmp(kv->value, value, vl) == 0);
					CHECK(kv->value[vl] == '\0' && !kv->filename && !kv->content_type);
					kv = kv->next;
				}
			}
		}
		b = e + 1;
	}
	CHECK(st == want);
	if (st == PARSE_OK)
		CHECK(!kv && l->count == named);
	free(name);
	free(value);
}

/* Percent-encodes every byte but unreserved ones. */
static void encode(buf_t *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~')
			buf_putc(b, (char)c);
		else
			buf_printf(b, "%%%02X", c);
	}
}

static int same_list(const kv_list_t *x, const kv_list_t *y)
{
	if (x->count != y->count)
		return 0;
	for (const kv_t *a = x->head, *b = y->head; a; a = a->next, b = b->next)
		if (!b || strcmp(a->name, b->name) != 0 || a->value_len != b->value_len ||
		    memcmp(a->value, b->value, a->value_len) != 0)
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	CHECK(utf8_valid(s, size) == ref_utf8(data, size));

	arena_t *a = arena_new(0), *tiny = arena_new(32);
	check_decode(a, s, size, 0);
	check_decode(tiny, s, size, 1);

	kv_list_t l = {0}, lt = {0};
	parse_status_t st = parse_urlencoded(a, s, size, &l);
	check_pairs(s, size, st, &l);
	CHECK(parse_urlencoded(tiny, s, size, &lt) == st);
	if (st == PARSE_OK) {
		CHECK(same_list(&l, &lt));
		buf_t b;
		buf_init(&b, a, 0);
		for (const kv_t *kv = l.head; kv; kv = kv->next) {
			CHECK(*kv->name && !memchr(kv->value, 0, kv->value_len));
			if (kv != l.head)
				buf_putc(&b, '&');
			encode(&b, kv->name, strlen(kv->name));
			buf_putc(&b, '=');
			encode(&b, kv->value, kv->value_len);
		}
		kv_list_t again = {0};
		CHECK(parse_urlencoded(a, b.data, b.len, &again) == PARSE_OK);
		CHECK(same_list(&l, &again));
	}
	arena_free(a);
	arena_free(tiny);
	return 0;
}
