/* csv_import.h — importing organisations and contacts from a CSV file
 * (staff only): upload, preview of every line, confirmation, all or nothing.
 * Pages under /partenaires/import. */
#ifndef QUARTIER_CSV_IMPORT_H
#define QUARTIER_CSV_IMPORT_H

#include "http/request.h"

/* GET /partenaires/import: the upload form with the expected columns. */
void import_form(req_t *r);

/* POST /partenaires/import: reads the file, keeps it server-side for an hour
 * and shows the preview (nothing written to the directory). */
void import_preview(req_t *r);

/* POST /partenaires/import/{id}/confirmer: validates the kept file again and
 * imports it in one transaction, or nothing at all. */
void import_confirm(req_t *r);

/* Accent- and case-insensitive form of UTF-8 text s (arena): lower-case
 * ASCII, accents removed, spaces, '_', '-' and '.' folded into one space,
 * trimmed. Used for column headers and for the values of lists. */
char *import_fold(arena_t *a, const char *s);

#endif
