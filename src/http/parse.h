/* parse.h — parsers for what arrives over HTTP: percent-encoding, query
 * strings and urlencoded bodies, cookies, multipart/form-data, Accept.
 *
 * Every parser writes into the caller's arena and never trusts its input:
 * malformed percent-encoding, invalid UTF-8 and NUL bytes in names or text
 * values are refused (the server then answers 400), never passed on.
 */
#ifndef QUARTIER_PARSE_H
#define QUARTIER_PARSE_H

#include <stddef.h>

#include "../core/arena.h"

/* One name/value pair. For a multipart file part, filename and content_type
 * are set and value holds the raw bytes (NUL bytes allowed there only). */
typedef struct kv {
	const char *name;
	const char *value; /* always NUL-terminated, value_len bytes before the NUL */
	size_t value_len;
	const char *filename;     /* NULL unless a file part */
	const char *content_type; /* NULL unless a file part */
	struct kv *next;
} kv_t;

/* An ordered list of pairs; a name may appear several times. Zero it to init. */
typedef struct kv_list {
	kv_t *head, *tail;
	size_t count;
} kv_list_t;

typedef enum parse_status {
	PARSE_OK = 0,
	PARSE_BAD_ENCODING, /* malformed %XX */
	PARSE_BAD_UTF8,     /* decoded text is not valid UTF-8 */
	PARSE_NUL,          /* a NUL byte in a name or a text value */
	PARSE_MALFORMED,    /* structure broken (multipart boundary, headers...) */
	PARSE_TOO_MANY,     /* more than PARSE_MAX_FIELDS pairs */
} parse_status_t;

#define PARSE_MAX_FIELDS 1000

/* French description of a status, for error pages. Static string. */
const char *parse_status_message(parse_status_t st);

/* Appends a pair (strings copied into the arena). */
void kv_add(arena_t *a, kv_list_t *l, const char *name, const char *value, size_t value_len);

/* First pair with this name, or NULL. */
const kv_t *kv_find(const kv_list_t *l, const char *name);

/* Value of the first pair with this name, or NULL. */
const char *kv_get(const kv_list_t *l, const char *name);

/* 1 if s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
int utf8_valid(const char *s, size_t n);

/* Decodes %XX (and '+' as space when plus_is_space). *out is a NUL-terminated
 * arena string of *out_len bytes. Refuses bad %XX, NUL bytes and invalid UTF-8
 * (then *out is NULL and *out_len 0). */
parse_status_t percent_decode(arena_t *a, const char *s, size_t n, int plus_is_space,
			      char **out, size_t *out_len);

/* Parses "a=1&b=x%20y&c" (query string or application/x-www-form-urlencoded
 * body) into l. Empty pairs ("&&") and empty names ("=x") are skipped; a name
 * without '=' has value "". Only '&' separates pairs. More than
 * PARSE_MAX_FIELDS pairs in one call: PARSE_TOO_MANY. */
parse_status_t parse_urlencoded(arena_t *a, const char *s, size_t n, kv_list_t *l);

/* Parses a Cookie header ("a=1; b=2"); NULL is an empty header. Names and
 * values are trimmed, double quotes around a value removed; values are not
 * percent-decoded. Cookies that are not well-formed (no '=', empty name, not
 * UTF-8) are skipped, not fatal; more than PARSE_MAX_FIELDS: PARSE_TOO_MANY. */
parse_status_t parse_cookies(arena_t *a, const char *header, kv_list_t *l);

/* Parses a multipart/form-data body. content_type is the whole Content-Type
 * header value (the boundary, 1-70 characters, quoted or not, is taken from
 * it). Text parts must be UTF-8 without NUL; a part with a filename is a file
 * part: raw bytes, filename reduced to its last path component (may be "" when
 * a file input was left empty), content_type defaulting to
 * application/octet-stream. A part without a name, or a body that does not end
 * with the closing boundary: PARSE_MALFORMED. */
parse_status_t parse_multipart(arena_t *a, const char *content_type, const char *body, size_t n,
			       kv_list_t *l);

/* 1 if the Accept header prefers application/json over text/html
 * (q-values honoured; missing header or equal preference means HTML). Each
 * type takes the q of its most specific range (exact, type/ *, * / *); with
 * equal q, JSON wins only if matched more specifically than HTML, so the
 * usual API client header "application/json, text/plain, * / *" gives 1 and
 * "* / *" alone gives 0. */
int accept_prefers_json(const char *accept);

/* 1 if the media type of a Content-Type header value is `type`
 * (case-insensitive, parameters ignored): media_type_is("text/html; charset=utf-8", "text/html"). */
int media_type_is(const char *content_type, const char *type);

#endif
