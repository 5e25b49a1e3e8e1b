/* docwriter.c — see docwriter.h. */
#include "core/docwriter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 when invalid
 * (overlong forms, surrogates and values above U+10FFFF are invalid). */
static size_t utf8_seq(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0];
	size_t len;
	unsigned min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		len = 2, min = 0x80, c &= 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, min = 0x800, c &= 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, min = 0x10000, c &= 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/* 1 if the ASCII byte c cannot stay as it is. */
static inline int special(unsigned char c, int xml)
{
	if (xml)
		return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == '&' || c == '<' || c == '>' ||
		       c == '"' || c == '\'';
	return c < 0x20 || c == '"' || c == '\\';
}

/* What a special ASCII byte becomes ("" when dropped). */
static const char *replacement(unsigned char c, int xml, char tmp[8])
{
	if (xml) {
		switch (c) {
		case '&':
			return "&amp;";
		case '<':
			return "&lt;";
		case '>':
			return "&gt;";
		case '"':
			return "&quot;";
		case '\'':
			return "&apos;";
		default:
			return ""; /* controls other than tab and line ends: not allowed in XML 1.0 */
		}
	}
	switch (c) {
	case '"':
		return "\\\"";
	case '\\':
		return "\\\\";
	case '\n':
		return "\\n";
	case '\r':
		return "\\r";
	case '\t':
		return "\\t";
	default:
		snprintf(tmp, 8, "\\u%04x", c);
		return tmp;
	}
}

/* What a valid non-ASCII character becomes, or NULL when it stays. */
static const char *replacement_cp(unsigned cp, int xml)
{
	if (xml)
		return cp == 0xFFFE || cp == 0xFFFF ? "" : NULL;
	return cp == 0x2028 ? "\\u2028" : cp == 0x2029 ? "\\u2029" : NULL; /* for JavaScript too */
}

/* Escapes by runs: bytes that stay as they are are copied together. */
static void escape(buf_t *out, const char *s, size_t n, int xml)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t run = 0, i = 0;
	char tmp[8];
	while (i < n) {
		unsigned char c = p[i];
		if (c < 0x80 && !special(c, xml)) {
			i++;
			continue;
		}
		const char *rep;
		size_t len = 1;
		if (c < 0x80) {
			rep = replacement(c, xml, tmp);
		} else {
			unsigned cp;
			len = utf8_seq(p + i, n - i, &cp);
			rep = len ? replacement_cp(cp, xml) : ""; /* not UTF-8: dropped */
			if (!len)
				len = 1;
		}
		if (rep) {
			buf_append(out, s + run, i - run);
			buf_puts(out, rep);
			run = i + len;
		}
		i += len;
	}
	buf_append(out, s + run, n - run);
}

void docw_escape_xml(buf_t *out, const char *s, size_t n)
{
	escape(out, s, n, 1);
}

void docw_escape_json(buf_t *out, const char *s, size_t n)
{
	escape(out, s, n, 0);
}

void docw_init(docw_t *w, buf_t *out, int xml)
{
	memset(w, 0, sizeof *w);
	w->out = out;
	w->xml = xml;
	if (xml)
		buf_puts(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
}

/* The XML element name of a value called `name` at the current level. */
static const char *elem_name(const docw_t *w, const char *name)
{
	return w->depth > 0 && w->in_list[w->depth] ? w->item[w->depth] : name;
}

/* JSON: the separator and, inside an object, the member's key. */
static void json_key(docw_t *w, const char *name)
{
	if (w->has_items[w->depth])
		buf_putc(w->out, ',');
	w->has_items[w->depth] = 1;
	if (w->depth > 0 && !w->in_list[w->depth]) {
		buf_putc(w->out, '"');
		docw_escape_json(w->out, name, strlen(name));
		buf_puts(w->out, "\":");
	}
}

/* Opens a list or an object named `name` (see docw_list). */
static void open_level(docw_t *w, const char *name, int list, const char *item)
{
	if (w->depth + 1 >= DOCW_MAX_DEPTH)
		abort(); /* a programming error: documents are shallow */
	const char *elem = elem_name(w, name);
	if (w->xml) {
		buf_printf(w->out, "<%s>", elem);
	} else {
		json_key(w, name);
		buf_putc(w->out, list ? '[' : '{');
	}
	w->depth++;
	w->in_list[w->depth] = (unsigned char)list;
	w->has_items[w->depth] = 0;
	w->item[w->depth] = item;
	w->elem[w->depth] = elem;
}

void docw_list(docw_t *w, const char *name, const char *item)
{
	open_level(w, name, 1, item);
}

void docw_object(docw_t *w, const char *name)
{
	open_level(w, name, 0, NULL);
}

void docw_end(docw_t *w)
{
	if (w->depth == 0)
		abort();
	if (w->xml)
		buf_printf(w->out, "</%s>", w->elem[w->depth]);
	else
		buf_putc(w->out, w->in_list[w->depth] ? ']' : '}');
	w->depth--;
	if (w->depth == 0 && w->xml)
		buf_putc(w->out, '\n');
}

/* A scalar: quoted (text) or not (literal); NULL is null / an empty element. */
static void scalar(docw_t *w, const char *name, const char *value, int quoted)
{
	if (w->xml) {
		const char *elem = elem_name(w, name);
		if (!value) {
			buf_printf(w->out, "<%s/>", elem);
			return;
		}
		buf_printf(w->out, "<%s>", elem);
		docw_escape_xml(w->out, value, strlen(value));
		buf_printf(w->out, "</%s>", elem);
		return;
	}
	json_key(w, name);
	if (!value) {
		buf_puts(w->out, "null");
	} else if (quoted) {
		buf_putc(w->out, '"');
		docw_escape_json(w->out, value, strlen(value));
		buf_putc(w->out, '"');
	} else {
		buf_puts(w->out, value);
	}
}

void docw_text(docw_t *w, const char *name, const char *value)
{
	scalar(w, name, value, 1);
}

void docw_literal(docw_t *w, const char *name, const char *literal)
{
	scalar(w, name, literal, 0);
}

void docw_int(docw_t *w, const char *name, long long value)
{
	char num[24];
	snprintf(num, sizeof num, "%lld", value);
	scalar(w, name, num, 0);
}

void docw_bool(docw_t *w, const char *name, int value)
{
	scalar(w, name, value ? "true" : "false", 0);
}

void docw_real(docw_t *w, const char *name, double value)
{
	char num[40];
	snprintf(num, sizeof num, "%.15g", value);
	scalar(w, name, num, 0);
}
