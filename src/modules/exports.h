/* exports.h — downloads of the directory's filtered lists: CSV (RFC 4180,
 * UTF-8 with BOM, CRLF; ?sep=; for a semicolon), XLSX (libxlsxwriter) and,
 * for contacts, vCard 4.0 (RFC 6350). The lists come from the same query
 * functions as the pages (org_list_query, contact_list_query), with the
 * same filters. Cells that a spreadsheet would read as a formula (starting
 * with = + - @, a tab or a carriage return) get a leading single quote. */
#ifndef QUARTIER_EXPORTS_H
#define QUARTIER_EXPORTS_H

#include <jansson.h>

#include "core/arena.h"
#include "http/request.h"

/* s, or s with a leading ' when it starts like a formula. Arena string
 * (or s itself). */
const char *export_neutralise(arena_t *a, const char *s);

/* Appends one CSV cell (neutralised, then quoted when it holds sep, a
 * quote, CR or LF; quotes doubled). */
void export_csv_cell(buf_t *b, const char *s, char sep);

/* Appends s escaped as a vCard text value: \ , ; and newlines (CRLF, CR, LF
 * become \n). */
void export_vcard_text(buf_t *b, const char *s);

/* Appends a content line with CRLF, folded to lines of at most 75 octets
 * (continuation lines begin with a space; UTF-8 characters never split). */
void export_vcard_line(buf_t *b, const char *line);

/* A column of an export: its French header and the key of the list row. */
typedef struct export_column {
	const char *title;
	const char *key;
} export_column_t;

/* Answers the rows (stolen) as a CSV download named <base>-<date>.csv
 * (?sep=; honoured); cells as text: strings, integers, reals (6 decimals),
 * booleans as oui/non. */
void export_csv_reply(req_t *r, const char *base, const export_column_t *cols, size_t ncols, json_t *rows);

/* The same download under the exact file name `filename` (no date added). */
void export_csv_download(req_t *r, const char *filename, const export_column_t *cols, size_t ncols, json_t *rows);

/* The same as an XLSX workbook with one sheet. */
void export_xlsx_reply(req_t *r, const char *base, const char *sheet, const export_column_t *cols, size_t ncols,
		       json_t *rows);

/* Route handlers. */
void organizations_export_csv(req_t *r);
void organizations_export_xlsx(req_t *r);
void contacts_export_csv(req_t *r);
void contacts_export_xlsx(req_t *r);
void contacts_export_vcards(req_t *r);
void contacts_export_vcard(req_t *r);

#endif
