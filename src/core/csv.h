/* csv.h — reading CSV files people export from spreadsheets (RFC 4180).
 *
 * The bytes are first turned into UTF-8: valid UTF-8 (with or without a BOM)
 * is kept, anything else is read as Windows-1252; a byte that Windows-1252
 * leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) or a NUL byte means the
 * encoding is unknown. The separator, comma or semicolon, is the one found
 * most often outside quotes on the first line. Fields may be quoted, hold
 * doubled quotes and line breaks; lines end in CRLF or LF.
 */
#ifndef QUARTIER_CSV_H
#define QUARTIER_CSV_H

#include <stddef.h>

#include "core/arena.h"

typedef enum csv_status {
	CSV_OK,
	CSV_EMPTY,            /* nothing but blank lines */
	CSV_BAD_ENCODING,     /* neither UTF-8 nor Windows-1252 */
	CSV_UNCLOSED_QUOTE,   /* a quoted field never ends */
	CSV_BAD_QUOTE,        /* text after a closing quote */
} csv_status_t;

/* One record: its cells (arena strings, UTF-8) and the line it starts on. */
typedef struct csv_row {
	const char **cells;
	size_t n;
	size_t line; /* 1-based physical line of the file */
} csv_row_t;

typedef struct csv {
	csv_row_t *rows; /* blank lines left out; rows[0] is the header */
	size_t n;
	char separator;       /* ',' or ';' */
	const char *encoding; /* "UTF-8" or "Windows-1252" */
	size_t error_line;    /* line of a quoting error */
} csv_t;

/* Converts data to UTF-8 into the arena (*out NUL-terminated, BOM removed).
 * *encoding says which one was read. CSV_OK or CSV_BAD_ENCODING. */
csv_status_t csv_to_utf8(arena_t *a, const char *data, size_t len, const char **out, size_t *out_len,
			 const char **encoding);

/* ',' or ';': whichever appears more often outside quotes on the first line
 * (',' on a tie). */
char csv_detect_separator(const char *text, size_t len);

/* Decodes, detects the separator and splits data into records (arena). */
csv_status_t csv_parse(arena_t *a, const char *data, size_t len, csv_t *out);

/* A French sentence for a status (with the line for quoting errors). */
const char *csv_status_message(arena_t *a, csv_status_t st, size_t line);

#endif
