/* mail.c — see mail.h. */
#include "core/mail.h"

#include <sodium.h>
#include <string.h>

/* Raw bytes per encoded word: 39 bytes make 52 base64 characters, and
 * "=?UTF-8?B?" + 52 + "?=" is 64, under the 75 of RFC 2047 §2, so that even
 * "Subject: " and the first word stay within the 78 characters of a line. */
#define WORD_BYTES 39

/* 1 when text may stand as it is in a header: printable ASCII, not too long,
 * and nothing that looks like an encoded word. */
static int header_plain(const char *text)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++, n++)
		if (*p < 0x20 || *p > 0x7e)
			return 0;
	return n <= 200 && !strstr(text, "=?");
}

/* Length of the longest prefix of s (at most max bytes, len available)
 * that ends on a UTF-8 character boundary; at least one byte. */
static size_t utf8_cut(const unsigned char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	size_t n = max;
	while (n > 0 && (s[n] & 0xC0) == 0x80)
		n--;
	return n ? n : max;
}

char *mail_header_encode(arena_t *a, const char *text)
{
	if (!text)
		return arena_strdup(a, "");
	if (header_plain(text))
		return arena_strdup(a, text);
	buf_t b;
	buf_init(&b, a, 128);
	const unsigned char *p = (const unsigned char *)text;
	size_t left = strlen(text);
	char b64[sodium_base64_ENCODED_LEN(WORD_BYTES, sodium_base64_VARIANT_ORIGINAL)];
	while (left > 0) {
		size_t n = utf8_cut(p, left, WORD_BYTES);
		sodium_bin2base64(b64, sizeof b64, p, n, sodium_base64_VARIANT_ORIGINAL);
		if (b.len)
			buf_puts(&b, "\r\n ");
		buf_printf(&b, "=?UTF-8?B?%s?=", b64);
		p += n;
		left -= n;
	}
	return b.data;
}

/* Appends one encoded or literal piece, breaking the line softly first when
 * it would pass 75 characters (the '=' of the soft break makes 76). */
static void qp_put(buf_t *b, size_t *col, const char *piece, size_t n)
{
	if (*col + n > 75) {
		buf_puts(b, "=\r\n");
		*col = 0;
	}
	buf_append(b, piece, n);
	*col += n;
}

char *mail_qp_encode(arena_t *a, const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	buf_t b;
	buf_init(&b, a, strlen(text ? text : "") * 3 / 2 + 16);
	size_t col = 0;
	for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p; p++) {
		if (*p == '\r' || *p == '\n') {
			if (*p == '\r' && p[1] == '\n')
				p++;
			buf_puts(&b, "\r\n");
			col = 0;
			continue;
		}
		int at_eol = p[1] == '\0' || p[1] == '\r' || p[1] == '\n';
		int literal = (*p >= 0x21 && *p <= 0x7e && *p != '=') || ((*p == ' ' || *p == '\t') && !at_eol);
		if (literal) {
			qp_put(&b, &col, (const char *)p, 1);
		} else {
			char enc[3] = {'=', hex[*p >> 4], hex[*p & 15]};
			qp_put(&b, &col, enc, 3);
		}
	}
	if (!b.data)
		return arena_strdup(a, "");
	return b.data;
}

int mail_address_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 3 || n > 254)
		return 0;
	int ats = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p <= 0x20 || *p > 0x7e || strchr("<>\",;", *p))
			return 0;
		ats += *p == '@';
	}
	const char *at = strchr(s, '@');
	return ats == 1 && at != s && at[1] != '\0';
}

char *mail_address(arena_t *a, const char *from)
{
	if (!from)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)from; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return NULL;
	const char *lt = strchr(from, '<');
	const char *start = lt ? lt + 1 : from;
	const char *end = lt ? strchr(start, '>') : start + strlen(start);
	if (!end)
		return NULL;
	while (start < end && (*start == ' ' || *start == '\t'))
		start++;
	while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	char *addr = arena_strndup(a, start, (size_t)(end - start));
	return mail_address_ok(addr) ? addr : NULL;
}

char *mail_date(arena_t *a, time_t t)
{
	static const char days[][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char months[][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;
	gmtime_r(&t, &tm);
	return arena_printf(a, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
			    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The From header: the address alone, or an encoded display name followed
 * by <address>. */
static char *from_header(arena_t *a, const char *from)
{
	char *addr = mail_address(a, from);
	const char *lt = strchr(from, '<');
	if (!addr || !lt)
		return addr ? addr : arena_strdup(a, "");
	size_t n = (size_t)(lt - from);
	while (n > 0 && (from[n - 1] == ' ' || from[n - 1] == '"'))
		n--;
	const char *name = from;
	while (*name == '"' && n > 0) {
		name++;
		n--;
	}
	if (n == 0)
		return addr;
	return arena_printf(a, "%s <%s>", mail_header_encode(a, arena_strndup(a, name, n)), addr);
}

char *mail_build(arena_t *a, const mail_message_t *m)
{
	buf_t b;
	buf_init(&b, a, 1024);
	buf_printf(&b, "From: %s\r\n", from_header(a, m->from));
	buf_printf(&b, "To: %s\r\n", m->to);
	buf_printf(&b, "Subject: %s\r\n", mail_header_encode(a, m->subject));
	buf_printf(&b, "Date: %s\r\n", mail_date(a, m->date));
	buf_printf(&b, "Message-ID: %s\r\n", m->message_id);
	buf_puts(&b, "MIME-Version: 1.0\r\n"
		     "Content-Type: text/plain; charset=utf-8\r\n"
		     "Content-Transfer-Encoding: quoted-printable\r\n"
		     "Auto-Submitted: auto-generated\r\n"
		     "\r\n");
	buf_puts(&b, mail_qp_encode(a, m->body));
	buf_puts(&b, "\r\n");
	return b.data;
}
