/* ical.h — an iCalendar (RFC 5545) writer: content lines folded at 75
 * octets without splitting a UTF-8 character, CRLF line ends, TEXT values
 * escaped, a VTIMEZONE for Europe/Paris and local times in Paris computed
 * from the EU rule (last Sunday of March and of October, 01:00 UTC), so that
 * the output does not depend on the process's TZ.
 */
#ifndef QUARTIER_ICAL_H
#define QUARTIER_ICAL_H

#include "core/arena.h"

/* Appends one content line `name:value` (value written as is), folded at
 * 75 octets (continuation lines begin with a space) and ended with CRLF. */
void ical_line(buf_t *b, const char *name, const char *value);

/* Appends a TEXT property: value escaped (backslash, semicolon, comma,
 * newlines as \n; CR dropped), then folded as ical_line. */
void ical_text(buf_t *b, const char *name, const char *value);

/* The TEXT escape of s (arena string). */
const char *ical_escape(arena_t *a, const char *s);

/* The Paris local time of a UTC ISO time "YYYY-MM-DDTHH:MM:SSZ" as
 * "YYYYMMDDTHHMMSS" in out; 0, or -1 when malformed. */
int ical_paris_local(const char *iso_utc, char out[16]);

/* A UTC ISO time as the iCalendar UTC form "YYYYMMDDTHHMMSSZ"; 0 or -1. */
int ical_utc(const char *iso_utc, char out[17]);

/* BEGIN:VCALENDAR, VERSION, PRODID, CALSCALE, METHOD:PUBLISH, X-WR-CALNAME
 * (name, may be NULL) and the VTIMEZONE of Europe/Paris. */
void ical_begin(buf_t *b, const char *name);

/* END:VCALENDAR. */
void ical_end(buf_t *b);

#endif
