/* mail.h — an e-mail message as SMTP carries it (RFC 5322, MIME): UTF-8
 * headers as RFC 2047 encoded words, a plain-text UTF-8 body in
 * quoted-printable (every line at most 76 characters), CRLF line ends.
 * Pure functions over an arena, without I/O: the sender thread (outbox.c)
 * hands the result to libcurl, which does the dot-stuffing. */
#ifndef QUARTIER_MAIL_H
#define QUARTIER_MAIL_H

#include <time.h>

#include "core/arena.h"

/* A header value: the text itself when it is printable ASCII, otherwise
 * RFC 2047 encoded words (=?UTF-8?B?…?=, at most 75 characters each, never
 * splitting a UTF-8 character) folded with CRLF + space. CR, LF and other
 * control characters are always encoded, so a value can never add a header.
 * Arena string. */
char *mail_header_encode(arena_t *a, const char *text);

/* The body in quoted-printable (RFC 2045 §6.7): bare LF, CR or CRLF become
 * CRLF; '=', bytes above 126 and control characters are =XX; spaces and tabs
 * before a line end are encoded; soft line breaks keep each line at most 76
 * characters. Arena string. */
char *mail_qp_encode(arena_t *a, const char *text);

/* The bare address of "Nom <a@b.fr>" or "a@b.fr" (trimmed), or NULL when it
 * is empty, holds a control character anywhere (CR, LF...), or is not a
 * bare address by mail_address_ok(). Arena string. */
char *mail_address(arena_t *a, const char *from);

/* 1 if s is a bare address fit for an SMTP envelope and a To header:
 * printable ASCII, one '@', no space, '<', '>', '"', ',' or ';', 3 to 254
 * characters. */
int mail_address_ok(const char *s);

/* The date of a header (RFC 5322 §3.3): "Sun, 29 Nov 2026 14:05:00 +0000".
 * Arena string. */
char *mail_date(arena_t *a, time_t t);

typedef struct mail_message {
	const char *from;	/* header From (as configured; may hold a name) */
	const char *to;		/* bare address */
	const char *subject;	/* UTF-8 */
	const char *body;	/* UTF-8 plain text */
	const char *message_id; /* "<…@…>" */
	time_t date;
} mail_message_t;

/* The whole message: headers (From, To, Subject, Date, Message-ID,
 * MIME-Version, Content-Type text/plain; charset=utf-8,
 * Content-Transfer-Encoding: quoted-printable, Auto-Submitted), a blank
 * line, the encoded body, CRLF line ends. Arena string. */
char *mail_build(arena_t *a, const mail_message_t *m);

#endif
