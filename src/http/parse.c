/* parse.c — see parse.h. Parsers for what arrives over HTTP.
 *
 * Nothing here trusts its input: every length is checked before a byte is
 * read, decoded text is checked for NUL bytes and for UTF-8, and every
 * result lives in the caller's arena.
 */
#include "parse.h"

#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- messages */

const char *parse_status_message(parse_status_t st)
{
	switch (st) {
	case PARSE_OK:
		return "Requête correcte.";
	case PARSE_BAD_ENCODING:
		return "Encodage invalide dans la requête (séquence %XX incorrecte).";
	case PARSE_BAD_UTF8:
		return "Texte invalide : la requête n'est pas en UTF-8 valide.";
	case PARSE_NUL:
		return "Caractère nul interdit dans la requête.";
	case PARSE_MALFORMED:
		return "Requête mal formée.";
	case PARSE_TOO_MANY:
		return "Trop de champs dans la requête.";
	}
	return "Requête mal formée.";
}

/* ---------------------------------------------------------------- kv lists */

/* Appends a pair whose strings already live in the arena (no copy). Returns
 * the new pair, owned by the arena. */
static kv_t *kv_push(arena_t *a, kv_list_t *l, const char *name, const char *value,
		     size_t value_len)
{
	kv_t *kv = arena_calloc(a, 1, sizeof *kv);
	kv->name = name;
	kv->value = value;
	kv->value_len = value_len;
	if (l->tail)
		l->tail->next = kv;
	else
		l->head = kv;
	l->tail = kv;
	l->count++;
	return kv;
}

void kv_add(arena_t *a, kv_list_t *l, const char *name, const char *value, size_t value_len)
{
	kv_push(a, l, arena_strdup(a, name), arena_strndup(a, value ? value : "", value_len),
		value_len);
}

const kv_t *kv_find(const kv_list_t *l, const char *name)
{
	if (!l || !name)
		return NULL;
	for (const kv_t *kv = l->head; kv; kv = kv->next)
		if (strcmp(kv->name, name) == 0)
			return kv;
	return NULL;
}

const char *kv_get(const kv_list_t *l, const char *name)
{
	const kv_t *kv = kv_find(l, name);
	return kv ? kv->value : NULL;
}

/* ------------------------------------------------------------------- UTF-8 */

/* Length of the well-formed UTF-8 sequence at s[0..n), or 0 if there is none
 * (bad lead byte, bad or missing continuation, overlong, surrogate, too big). */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	if (c < 0x80)
		return 1;
	size_t len;
	unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		if (c == 0xE0)
			lo = 0xA0; /* overlong */
		else if (c == 0xED)
			hi = 0x9F; /* surrogates D800-DFFF */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		if (c == 0xF0)
			lo = 0x90; /* overlong */
		else if (c == 0xF4)
			hi = 0x8F; /* above U+10FFFF */
	} else {
		return 0; /* continuation byte, C0/C1 overlong lead, F5-FF */
	}
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return len;
}

int utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		size_t len = utf8_seq_len(p + i, n - i);
		if (!len)
			return 0;
		i += len;
	}
	return 1;
}

/* Checks decoded text: no NUL byte, valid UTF-8. */
static parse_status_t text_check(const char *s, size_t n)
{
	if (memchr(s, '\0', n))
		return PARSE_NUL;
	return utf8_valid(s, n) ? PARSE_OK : PARSE_BAD_UTF8;
}

/* ---------------------------------------------------------- percent-coding */

/* Value of a hex digit, or -1. */
static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

parse_status_t percent_decode(arena_t *a, const char *s, size_t n, int plus_is_space,
			      char **out, size_t *out_len)
{
	*out = NULL;
	*out_len = 0;
	char *d = arena_alloc(a, n + 1);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			if (n - i < 3)
				return PARSE_BAD_ENCODING;
			int h = hex_value(s[i + 1]), l = hex_value(s[i + 2]);
			if (h < 0 || l < 0)
				return PARSE_BAD_ENCODING;
			c = (char)(h * 16 + l);
			i += 2;
		} else if (c == '+' && plus_is_space) {
			c = ' ';
		}
		d[j++] = c;
	}
	d[j] = '\0';
	parse_status_t st = text_check(d, j);
	if (st != PARSE_OK)
		return st;
	*out = d;
	*out_len = j;
	return PARSE_OK;
}

/* ------------------------------------------------------------- urlencoded */

/* Decodes one "name=value" segment of seg[0..len) and appends it to l, unless
 * its name is empty. *added counts the pairs appended by this parse. */
static parse_status_t urlencoded_pair(arena_t *a, const char *seg, size_t len, kv_list_t *l,
				      size_t *added)
{
	const char *eq = memchr(seg, '=', len);
	size_t raw_name_len = eq ? (size_t)(eq - seg) : len;
	char *name, *value;
	size_t name_len, value_len;
	parse_status_t st = percent_decode(a, seg, raw_name_len, 1, &name, &name_len);
	if (st != PARSE_OK)
		return st;
	if (name_len == 0)
		return PARSE_OK;
	if (eq)
		st = percent_decode(a, eq + 1, len - raw_name_len - 1, 1, &value, &value_len);
	else
		st = percent_decode(a, "", 0, 1, &value, &value_len);
	if (st != PARSE_OK)
		return st;
	if (*added >= PARSE_MAX_FIELDS)
		return PARSE_TOO_MANY;
	kv_push(a, l, name, value, value_len);
	(*added)++;
	return PARSE_OK;
}

parse_status_t parse_urlencoded(arena_t *a, const char *s, size_t n, kv_list_t *l)
{
	if (!s)
		return PARSE_OK;
	size_t added = 0;
	const char *end = s + n;
	while (s < end) {
		const char *amp = memchr(s, '&', (size_t)(end - s));
		const char *seg_end = amp ? amp : end;
		if (seg_end > s) {
			parse_status_t st = urlencoded_pair(a, s, (size_t)(seg_end - s), l, &added);
			if (st != PARSE_OK)
				return st;
		}
		s = seg_end + 1;
	}
	return PARSE_OK;
}

/* ----------------------------------------------------------------- cookies */

static int is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* Narrows [*b, *e) to drop leading and trailing spaces and tabs. */
static void trim_ows(const char **b, const char **e)
{
	while (*b < *e && is_ows(**b))
		(*b)++;
	while (*e > *b && is_ows((*e)[-1]))
		(*e)--;
}

/* Appends the cookie "name=value" in [b, e) to l; a broken cookie (no '=',
 * empty name, not UTF-8) is skipped. */
static void cookie_pair(arena_t *a, const char *b, const char *e, kv_list_t *l)
{
	const char *eq = memchr(b, '=', (size_t)(e - b));
	if (!eq)
		return;
	const char *nb = b, *ne = eq, *vb = eq + 1, *ve = e;
	trim_ows(&nb, &ne);
	trim_ows(&vb, &ve);
	if (ve - vb >= 2 && vb[0] == '"' && ve[-1] == '"') {
		vb++;
		ve--;
	}
	size_t name_len = (size_t)(ne - nb), value_len = (size_t)(ve - vb);
	if (name_len == 0 || !utf8_valid(nb, name_len) || !utf8_valid(vb, value_len))
		return;
	kv_push(a, l, arena_strndup(a, nb, name_len), arena_strndup(a, vb, value_len), value_len);
}

parse_status_t parse_cookies(arena_t *a, const char *header, kv_list_t *l)
{
	if (!header)
		return PARSE_OK;
	size_t before = l->count;
	const char *p = header;
	for (;;) {
		const char *end = p + strcspn(p, ";");
		const char *b = p, *e = end;
		trim_ows(&b, &e);
		if (e > b)
			cookie_pair(a, b, e, l);
		if (l->count - before > PARSE_MAX_FIELDS)
			return PARSE_TOO_MANY;
		if (!*end)
			return PARSE_OK;
		p = end + 1;
	}
}

/* ------------------------------------------------------ header parameters */

/* Skips spaces and tabs from p, not past end. */
static const char *skip_ows(const char *p, const char *end)
{
	while (p < end && is_ows(*p))
		p++;
	return p;
}

/* One parameter of a header value ("; key=value"); value is an arena string. */
typedef struct param {
	const char *key;
	size_t key_len;
	char *value;
	size_t value_len;
} param_t;

/* Reads a quoted-string starting at *p (on the opening quote) into an arena
 * string, handling \" and \\ (any other backslash is kept, as in Windows
 * paths). Returns 0 and advances *p past the closing quote, or -1 when the
 * quote is not closed. */
static int quoted_read(arena_t *a, const char **p, const char *end, param_t *out)
{
	const char *s = *p + 1;
	char *v = arena_alloc(a, (size_t)(end - s) + 1);
	size_t j = 0;
	while (s < end && *s != '"') {
		if (*s == '\\' && end - s >= 2 && (s[1] == '"' || s[1] == '\\'))
			s++;
		v[j++] = *s++;
	}
	if (s == end)
		return -1;
	v[j] = '\0';
	out->value = v;
	out->value_len = j;
	*p = s + 1;
	return 0;
}

/* Reads the next "; key=value" parameter of a header value from *p (up to
 * end). The value may be a token or a quoted-string; a key without '=' gets
 * "". Returns 1 and advances *p when one was read, 0 at the end, -1 when
 * malformed. */
static int param_next(arena_t *a, const char **p, const char *end, param_t *out)
{
	const char *s = skip_ows(*p, end);
	if (s == end)
		return 0;
	if (*s != ';')
		return -1;
	s = skip_ows(s + 1, end);
	if (s == end) {
		*p = s;
		return 0;
	}
	out->key = s;
	while (s < end && *s != '=' && *s != ';' && !is_ows(*s))
		s++;
	out->key_len = (size_t)(s - out->key);
	if (out->key_len == 0)
		return -1;
	s = skip_ows(s, end);
	if (s == end || *s != '=') {
		out->value = arena_strdup(a, "");
		out->value_len = 0;
	} else if ((s = skip_ows(s + 1, end)) < end && *s == '"') {
		if (quoted_read(a, &s, end, out) < 0)
			return -1;
	} else {
		const char *v = s;
		while (s < end && *s != ';' && !is_ows(*s))
			s++;
		out->value_len = (size_t)(s - v);
		out->value = arena_strndup(a, v, out->value_len);
	}
	*p = s;
	return 1;
}

/* 1 if s[0..n) equals the NUL-terminated word, ignoring ASCII case. */
static int word_is(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

/* Reads the first token of a header value ("form-data" in
 * "form-data; name=x"): sets *tok, *len and returns where parameters start. */
static const char *header_token(const char *p, const char *end, const char **tok, size_t *len)
{
	p = skip_ows(p, end);
	*tok = p;
	while (p < end && *p != ';' && !is_ows(*p))
		p++;
	*len = (size_t)(p - *tok);
	return p;
}

/* ---------------------------------------------------------------- multipart */

#define BOUNDARY_MAX 70

/* Checks a boundary: 1-70 printable ASCII characters, not ending in a space. */
static int boundary_ok(const char *b, size_t n)
{
	if (n == 0 || n > BOUNDARY_MAX || b[n - 1] == ' ')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (b[i] < 0x20 || b[i] > 0x7E)
			return 0;
	return 1;
}

/* Takes the boundary parameter of a multipart/form-data Content-Type value;
 * *out is an arena string. Missing, too long or not multipart: PARSE_MALFORMED. */
static parse_status_t multipart_boundary(arena_t *a, const char *ct, char **out, size_t *len)
{
	if (!ct)
		return PARSE_MALFORMED;
	const char *end = ct + strlen(ct), *tok;
	size_t tok_len;
	const char *p = header_token(ct, end, &tok, &tok_len);
	if (!word_is(tok, tok_len, "multipart/form-data"))
		return PARSE_MALFORMED;
	param_t prm;
	while (param_next(a, &p, end, &prm) > 0) {
		if (!word_is(prm.key, prm.key_len, "boundary"))
			continue;
		if (!boundary_ok(prm.value, prm.value_len))
			return PARSE_MALFORMED;
		*out = prm.value;
		*len = prm.value_len;
		return PARSE_OK;
	}
	return PARSE_MALFORMED;
}

/* What the headers of one part say; arena strings, NULL when not given. */
typedef struct part_head {
	char *name;
	char *filename;
	char *content_type;
} part_head_t;

/* Parses the value of a Content-Disposition header: form-data; name; filename. */
static parse_status_t disposition_parse(arena_t *a, const char *p, const char *end,
					part_head_t *ph)
{
	const char *tok;
	size_t tok_len;
	p = header_token(p, end, &tok, &tok_len);
	if (!word_is(tok, tok_len, "form-data"))
		return PARSE_MALFORMED;
	param_t prm;
	int r;
	while ((r = param_next(a, &p, end, &prm)) > 0) {
		if (word_is(prm.key, prm.key_len, "name") && !ph->name)
			ph->name = prm.value;
		else if (word_is(prm.key, prm.key_len, "filename") && !ph->filename)
			ph->filename = prm.value;
		/* filename*= (RFC 5987) and anything else: ignored. */
	}
	return r < 0 ? PARSE_MALFORMED : PARSE_OK;
}

/* Parses a part's header lines h[0..n), each ending in CRLF. The block must
 * be UTF-8 without NUL, which covers the name and the filename. */
static parse_status_t part_headers(arena_t *a, const char *h, size_t n, part_head_t *ph)
{
	parse_status_t st = text_check(h, n);
	if (st != PARSE_OK)
		return st;
	const char *p = h, *end = h + n;
	while (p < end) {
		const char *eol = memmem(p, (size_t)(end - p), "\r\n", 2);
		if (!eol)
			return PARSE_MALFORMED;
		const char *colon = memchr(p, ':', (size_t)(eol - p));
		if (colon) {
			const char *vb = colon + 1, *ve = eol;
			trim_ows(&vb, &ve);
			size_t name_len = (size_t)(colon - p);
			if (word_is(p, name_len, "Content-Disposition") && !ph->name) {
				st = disposition_parse(a, vb, ve, ph);
				if (st != PARSE_OK)
					return st;
			} else if (word_is(p, name_len, "Content-Type") && ve > vb) {
				ph->content_type = arena_strndup(a, vb, (size_t)(ve - vb));
			}
		}
		p = eol + 2;
	}
	return PARSE_OK;
}

/* The last component of a path sent as a filename ('/' or '\' separated). */
static const char *path_basename(const char *path)
{
	const char *base = path;
	for (const char *p = path; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	return base;
}

/* Parses one part p[0..n) (headers, blank line, body) and appends it to l. */
static parse_status_t multipart_part(arena_t *a, const char *p, size_t n, kv_list_t *l)
{
	size_t head_len, body_off;
	if (n >= 2 && p[0] == '\r' && p[1] == '\n') {
		head_len = 0; /* no header at all */
		body_off = 2;
	} else {
		const char *blank = memmem(p, n, "\r\n\r\n", 4);
		if (!blank)
			return PARSE_MALFORMED;
		head_len = (size_t)(blank - p) + 2;
		body_off = head_len + 2;
	}
	part_head_t ph = {0};
	parse_status_t st = part_headers(a, p, head_len, &ph);
	if (st != PARSE_OK)
		return st;
	if (!ph.name || !*ph.name)
		return PARSE_MALFORMED;
	const char *body = p + body_off;
	size_t body_len = n - body_off;
	if (!ph.filename) {
		st = text_check(body, body_len);
		if (st != PARSE_OK)
			return st;
	}
	kv_t *kv = kv_push(a, l, ph.name, arena_strndup(a, body, body_len), body_len);
	if (ph.filename) {
		kv->filename = path_basename(ph.filename);
		kv->content_type = ph.content_type ? ph.content_type : "application/octet-stream";
	}
	return PARSE_OK;
}

/* Position just after the first delimiter of the body: "--boundary" at its
 * very start or after a CRLF (a preamble is allowed); NULL if none. */
static const char *multipart_first(const char *body, size_t n, const char *delim,
				   size_t delim_len)
{
	if (n >= delim_len - 2 && memcmp(body, delim + 2, delim_len - 2) == 0)
		return body + delim_len - 2;
	const char *d = memmem(body, n, delim, delim_len);
	return d ? d + delim_len : NULL;
}

parse_status_t parse_multipart(arena_t *a, const char *content_type, const char *body, size_t n,
			       kv_list_t *l)
{
	char *boundary;
	size_t boundary_len;
	parse_status_t st = multipart_boundary(a, content_type, &boundary, &boundary_len);
	if (st != PARSE_OK)
		return st;
	if (!body)
		return PARSE_MALFORMED;
	const char *delim = arena_printf(a, "\r\n--%s", boundary);
	size_t delim_len = boundary_len + 4;
	const char *end = body + n;
	const char *p = multipart_first(body, n, delim, delim_len);
	size_t parts = 0;
	while (p) {
		/* p is just after a delimiter: "--" closes, else padding and CRLF. */
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return PARSE_OK; /* the epilogue, if any, is ignored */
		p = skip_ows(p, end);
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return PARSE_MALFORMED;
		p += 2;
		const char *next = memmem(p, (size_t)(end - p), delim, delim_len);
		if (!next)
			return PARSE_MALFORMED;
		if (++parts > PARSE_MAX_FIELDS)
			return PARSE_TOO_MANY;
		st = multipart_part(a, p, (size_t)(next - p), l);
		if (st != PARSE_OK)
			return st;
		p = next + delim_len;
	}
	return PARSE_MALFORMED;
}

/* ------------------------------------------------------------------ Accept */

/* Parses a qvalue ("1", "0.8", "0.125") into thousandths, or -1. */
static int qvalue_parse(const char *s, size_t n)
{
	if (n == 0 || (s[0] != '0' && s[0] != '1'))
		return -1;
	int q = (s[0] - '0') * 1000, scale = 100;
	if (n == 1)
		return q;
	if (s[1] != '.' || n > 5)
		return -1;
	for (size_t i = 2; i < n; i++, scale /= 10) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		q += (s[i] - '0') * scale;
	}
	return q > 1000 ? -1 : q;
}

/* How specifically the media range r[0..n) matches type ("text/html"):
 * 3 exactly, 2 as "text/ *", 1 as "* / *", 0 not at all. */
static int range_specificity(const char *r, size_t n, const char *type)
{
	if (word_is(r, n, "*/*") || word_is(r, n, "*"))
		return 1;
	if (word_is(r, n, type))
		return 3;
	size_t major = strcspn(type, "/");
	if (n == major + 2 && strncasecmp(r, type, major) == 0 && r[major] == '/' &&
	    r[major + 1] == '*')
		return 2;
	return 0;
}

/* The best match found so far for one media type. */
typedef struct pref {
	int specificity, q;
} pref_t;

/* Reads the q parameter of the parameters p[0..end) (after a media range):
 * 1000 when absent, -1 when malformed. */
static int range_q(const char *p, const char *end)
{
	while (p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *b = p, *e = semi ? semi : end;
		trim_ows(&b, &e);
		if (e - b >= 2 && (b[0] == 'q' || b[0] == 'Q') && b[1] == '=')
			return qvalue_parse(b + 2, (size_t)(e - b - 2));
		p = e + 1;
		if (!semi)
			break;
	}
	return 1000;
}

/* Applies one element of an Accept list, elt[0..end), to the preferences
 * for JSON and HTML: a more specific match replaces a less specific one. */
static void accept_element(const char *elt, const char *end, pref_t *json, pref_t *html)
{
	const char *semi = memchr(elt, ';', (size_t)(end - elt));
	const char *rb = elt, *re = semi ? semi : end;
	trim_ows(&rb, &re);
	int q = semi ? range_q(semi + 1, end) : 1000;
	if (rb == re || q < 0)
		return;
	size_t n = (size_t)(re - rb);
	int sj = range_specificity(rb, n, "application/json");
	int sh = range_specificity(rb, n, "text/html");
	if (sj > json->specificity)
		*json = (pref_t){sj, q};
	if (sh > html->specificity)
		*html = (pref_t){sh, q};
}

int accept_prefers_json(const char *accept)
{
	if (!accept)
		return 0;
	pref_t json = {0, 0}, html = {0, 0};
	const char *p = accept;
	for (;;) {
		const char *end = p + strcspn(p, ",");
		accept_element(p, end, &json, &html);
		if (!*end)
			break;
		p = end + 1;
	}
	if (json.q != html.q)
		return json.q > html.q;
	/* Same q: JSON wins only if named more precisely than HTML
	 * ("application/json, * / *" is what API clients send). */
	return json.q > 0 && json.specificity > html.specificity;
}

int media_type_is(const char *content_type, const char *type)
{
	if (!content_type || !type)
		return 0;
	const char *end = content_type + strlen(content_type), *tok;
	size_t len;
	header_token(content_type, end, &tok, &len);
	return word_is(tok, len, type);
}
