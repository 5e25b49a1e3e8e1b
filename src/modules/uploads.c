/* uploads.c — see uploads.h. The bytes are checked and cleaned by
 * core/image.c; this file adds the limits, the hash, the storage and the
 * serving rules. */
#include "modules/uploads.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "core/image.h"
#include "db/db.h"
#include "modules/report_model.h"
#include "view/helpers.h"

const char *uploads_sha256_hex(arena_t *a, const unsigned char *p, size_t n)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, p, n);
	char *hex = arena_alloc(a, sizeof h * 2 + 1);
	sodium_bin2hex(hex, sizeof h * 2 + 1, h, sizeof h);
	return hex;
}

/* Stores one cleaned image and links it to report_id at position. 0 or -1. */
static int store_photo(req_t *r, long long report_id, const image_t *img, long long position)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_query("INSERT INTO upload (sha256, size, content_type, width, height, created_at, data) "
				    "VALUES (?, ?, ?, ?, ?, ?, ?)",
				    "titiit", uploads_sha256_hex(r->arena, img->data, img->len), (long long)img->len, img->mime,
				    (long long)img->width, (long long)img->height, now);
	if (sqlite3_bind_blob(st, 7, img->data, (int)img->len, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE)
		return -1;
	sqlite3_reset(st);
	return db_exec("INSERT INTO report_photo (report_id, upload_id, position) VALUES (?, ?, ?)", "iii", report_id,
		       db_last_id(), position) == 0
		   ? 0
		   : -1;
}

int uploads_attach_photos(req_t *r, long long report_id, const char **message)
{
	*message = NULL;
	long long have = db_int(0, "SELECT count(*) FROM report_photo WHERE report_id = ?", "i", report_id);
	int n = 0;
	for (const kv_t *kv = r->form.head; kv; kv = kv->next) {
		if (strcmp(kv->name, "photo") != 0 || !kv->filename)
			continue;
		if (kv->value_len == 0 && !*kv->filename)
			continue; /* a file input left empty */
		n++;
		if (have >= g_config.photos_max) {
			*message = arena_printf(r->arena, "Vous pouvez joindre au plus %lld photo%s à un signalement.",
						g_config.photos_max, g_config.photos_max > 1 ? "s" : "");
			return 1;
		}
		if ((long long)kv->value_len > g_config.photo_max_bytes) {
			*message = arena_printf(r->arena, "La photo n° %d est trop lourde : %s au plus par photo.", n,
						bytes_fr(r->arena, g_config.photo_max_bytes));
			return 1;
		}
		image_t img;
		const char *refused = image_clean(r->arena, (const unsigned char *)kv->value, kv->value_len, &img);
		if (refused) {
			*message = arena_printf(r->arena, "Photo n° %d : %s", n, refused);
			return 1;
		}
		if (store_photo(r, report_id, &img, have) != 0)
			return -1;
		have++;
	}
	return 0;
}

/* The bytes of upload id into the arena (*len set), or NULL. */
static const char *photo_bytes(req_t *r, long long id, size_t *len)
{
	sqlite3_stmt *st = db_query("SELECT data FROM upload WHERE id = ?", "i", id);
	const char *out = NULL;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*len = (size_t)sqlite3_column_bytes(st, 0);
		char *p = arena_alloc(r->arena, *len + 1);
		if (*len)
			memcpy(p, sqlite3_column_blob(st, 0), *len);
		out = p;
	}
	sqlite3_reset(st);
	return out;
}

void photos_serve(req_t *r)
{
	long long id = param_id(r, "photo_id");
	json_t *row = id ? db_row("SELECT p.hidden, u.sha256, u.content_type, COALESCE(rp.handler_org_id, 0) AS org "
				  "FROM report_photo p JOIN upload u ON u.id = p.upload_id "
				  "JOIN report rp ON rp.id = p.report_id WHERE p.upload_id = ?",
				  "i", id)
			 : NULL;
	int hidden = row && json_integer_value(json_object_get(row, "hidden"));
	if (!row || (hidden && !report_visible_to(r->user, json_integer_value(json_object_get(row, "org"))))) {
		json_decref(row);
		reply_error(r, 404, "Cette photo n'existe pas.", NULL);
		return;
	}
	const char *etag = arena_printf(r->arena, "\"%s\"", json_string_value(json_object_get(row, "sha256")));
	const char *type = arena_strdup(r->arena, json_string_value(json_object_get(row, "content_type")));
	json_decref(row);
	reply_header(r, "ETag", etag);
	/* no-cache: kept, but checked again (304 by the ETag) each time, so that a
	 * photo hidden by moderation stops being shown, by any cache */
	reply_header(r, "Cache-Control", hidden ? "private, no-cache" : "public, no-cache");
	reply_header(r, "Content-Disposition", "inline");
	const char *inm = req_header(r, "If-None-Match");
	if (inm && strstr(inm, etag)) {
		reply_raw(r, 304, NULL, "", 0);
		return;
	}
	size_t len = 0;
	const char *data = photo_bytes(r, id, &len);
	if (!data) {
		reply_error(r, 404, "Cette photo n'existe pas.", NULL);
		return;
	}
	reply_raw(r, 200, type, data, len);
}
