/* ical.c — see ical.h: the iCalendar writer. */
#include "core/ical.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define FOLD_AT 75 /* octets per line, CRLF excluded (RFC 5545 3.1) */

/* Appends s (n octets) folded: a line break (CRLF and a space) before any
 * character that would take the current line past 75 octets; a UTF-8
 * character is never split. *col is the current line's length. */
static void put_folded(buf_t *b, const char *s, size_t n, size_t *col)
{
	size_t i = 0;
	while (i < n) {
		size_t len = 1;
		unsigned char c = (unsigned char)s[i];
		if (c >= 0xF0)
			len = 4;
		else if (c >= 0xE0)
			len = 3;
		else if (c >= 0xC0)
			len = 2;
		if (i + len > n)
			len = n - i;
		if (*col + len > FOLD_AT) {
			buf_append(b, "\r\n ", 3);
			*col = 1;
		}
		buf_append(b, s + i, len);
		*col += len;
		i += len;
	}
}

void ical_line(buf_t *b, const char *name, const char *value)
{
	size_t col = 0;
	put_folded(b, name, strlen(name), &col);
	put_folded(b, ":", 1, &col);
	if (value)
		put_folded(b, value, strlen(value), &col);
	buf_append(b, "\r\n", 2);
}

const char *ical_escape(arena_t *a, const char *s)
{
	buf_t o;
	buf_init(&o, a, s ? strlen(s) + 16 : 16);
	for (; s && *s; s++) {
		switch (*s) {
		case '\\':
			buf_puts(&o, "\\\\");
			break;
		case ';':
			buf_puts(&o, "\\;");
			break;
		case ',':
			buf_puts(&o, "\\,");
			break;
		case '\n':
			buf_puts(&o, "\\n");
			break;
		case '\r':
			break;
		default:
			buf_putc(&o, *s);
		}
	}
	return o.data;
}

void ical_text(buf_t *b, const char *name, const char *value)
{
	ical_line(b, name, ical_escape(b->arena, value ? value : ""));
}

/* Parses "YYYY-MM-DDTHH:MM:SSZ" (seconds optional) to a time_t in UTC; 0
 * or -1. */
static int parse_utc(const char *iso, time_t *t)
{
	int y, mo, d, h, mi, s = 0;
	if (!iso || (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) < 5))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
		return -1;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi, .tm_sec = s};
	*t = timegm(&tm);
	return 0;
}

/* Writes u as "YYYYMMDDTHHMMSS" and suffix into out (size n); 0, or -1
 * when it does not fit (a year beyond 9999). */
static int format_stamp(const struct tm *u, const char *suffix, char *out, size_t n)
{
	char tmp[64];
	int len = snprintf(tmp, sizeof tmp, "%04d%02d%02dT%02d%02d%02d%s", u->tm_year + 1900, u->tm_mon + 1, u->tm_mday,
			   u->tm_hour, u->tm_min, u->tm_sec, suffix);
	if (len < 0 || (size_t)len >= n)
		return -1;
	memcpy(out, tmp, (size_t)len + 1);
	return 0;
}

/* 01:00 UTC on the last Sunday of a 31-day month (0-based mon) of year y. */
static time_t last_sunday_1utc(int y, int mon)
{
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mon, .tm_mday = 31, .tm_hour = 1};
	time_t t = timegm(&tm);
	struct tm u;
	gmtime_r(&t, &u);
	return t - (time_t)u.tm_wday * 86400;
}

int ical_paris_local(const char *iso_utc, char out[16])
{
	time_t t;
	if (parse_utc(iso_utc, &t) != 0)
		return -1;
	struct tm u;
	gmtime_r(&t, &u);
	int y = u.tm_year + 1900;
	int summer = t >= last_sunday_1utc(y, 2) && t < last_sunday_1utc(y, 9);
	t += summer ? 7200 : 3600;
	gmtime_r(&t, &u);
	return format_stamp(&u, "", out, 16);
}

int ical_utc(const char *iso_utc, char out[17])
{
	time_t t;
	if (parse_utc(iso_utc, &t) != 0)
		return -1;
	struct tm u;
	gmtime_r(&t, &u);
	return format_stamp(&u, "Z", out, 17);
}

void ical_begin(buf_t *b, const char *name)
{
	ical_line(b, "BEGIN", "VCALENDAR");
	ical_line(b, "VERSION", "2.0");
	ical_line(b, "PRODID", "-//quartier//Agenda de la concertation//FR");
	ical_line(b, "CALSCALE", "GREGORIAN");
	ical_line(b, "METHOD", "PUBLISH");
	if (name)
		ical_text(b, "X-WR-CALNAME", name);
	ical_line(b, "X-WR-TIMEZONE", "Europe/Paris");
	ical_line(b, "BEGIN", "VTIMEZONE");
	ical_line(b, "TZID", "Europe/Paris");
	ical_line(b, "BEGIN", "DAYLIGHT");
	ical_line(b, "TZOFFSETFROM", "+0100");
	ical_line(b, "TZOFFSETTO", "+0200");
	ical_line(b, "TZNAME", "CEST");
	ical_line(b, "DTSTART", "19700329T020000");
	ical_line(b, "RRULE", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU");
	ical_line(b, "END", "DAYLIGHT");
	ical_line(b, "BEGIN", "STANDARD");
	ical_line(b, "TZOFFSETFROM", "+0200");
	ical_line(b, "TZOFFSETTO", "+0100");
	ical_line(b, "TZNAME", "CET");
	ical_line(b, "DTSTART", "19701025T030000");
	ical_line(b, "RRULE", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU");
	ical_line(b, "END", "STANDARD");
	ical_line(b, "END", "VTIMEZONE");
}

void ical_end(buf_t *b)
{
	ical_line(b, "END", "VCALENDAR");
}
