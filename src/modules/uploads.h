/* uploads.h — photos attached to reports: checked by their bytes (JPEG,
 * PNG or WebP), size-limited, location and other metadata stripped
 * (core/image.h), stored in the database (table upload) and served at
 * /photos/{id}. */
#ifndef QUARTIER_UPLOADS_H
#define QUARTIER_UPLOADS_H

#include "http/request.h"

/* Reads every file part named "photo" of r->form (empty file inputs are
 * ignored), checks each one (sniffed type, at most --photo-max-bytes, at most
 * --photos-max per report counting those already attached), strips its
 * metadata, stores it and links it to report_id. Inside the caller's
 * transaction. Returns 0; 1 with *message (French) when a photo is refused
 * (roll back and show the form again); -1 on a database error. */
int uploads_attach_photos(req_t *r, long long report_id, const char **message);

/* GET /photos/{id}: a photo of a report, with its type and a strong ETag
 * (every cache asks again: 304); a hidden (moderated) photo only for staff
 * and the handler. */
void photos_serve(req_t *r);

/* Lowercase hex SHA-256 of p[0..n) (the strong ETag of a file). Arena string. */
const char *uploads_sha256_hex(arena_t *a, const unsigned char *p, size_t n);

#endif
