/* contribution_attachments.c — see contributions.h. Files kept with a
 * contribution (a scanned page of the paper register, a letter, a photo):
 * staff only. An image is checked and cleaned of its metadata by
 * core/image.c; a PDF is recognised by its first bytes and kept as
 * received, which is why nothing here is ever shown to the public. */
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/image.h"
#include "db/db.h"
#include "http/session.h"
#include "modules/contributions.h"
#include "modules/uploads.h"
#include "view/helpers.h"

#define NOT_FOUND_MSG "Cette pièce jointe n'existe pas."

json_t *contribution_attachments_json(req_t *r, long long contribution_id)
{
	json_t *rows = db_rows("SELECT id, filename, content_type, size, created_at FROM contribution_attachment "
			       "WHERE contribution_id = ? ORDER BY id",
			       "i", contribution_id);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_object_set_new(row, "size_fr",
				    json_string(bytes_fr(r->arena, json_integer_value(json_object_get(row, "size")))));
		json_object_set_new(row, "created_fr",
				    json_string(time_fr(r, json_string_value(json_object_get(row, "created_at")))));
		json_object_set_new(row, "is_pdf", json_boolean(strcmp(json_string_value(json_object_get(
									   row, "content_type")),
								   "application/pdf") == 0));
	}
	return rows;
}

/* The bytes to keep of one file part, their type and *len; NULL with
 * *refused (French) when the file is not accepted. */
static const unsigned char *accepted_bytes(req_t *r, const kv_t *kv, const char **type, size_t *len,
					   const char **refused)
{
	const unsigned char *p = (const unsigned char *)kv->value;
	if (kv->value_len >= 5 && memcmp(p, "%PDF-", 5) == 0) {
		*type = "application/pdf";
		*len = kv->value_len;
		return p;
	}
	if (image_sniff(p, kv->value_len) == IMAGE_NONE) {
		*refused = "Ce fichier n'est ni un PDF ni une image JPEG, PNG ou WebP.";
		return NULL;
	}
	image_t img;
	*refused = image_clean(r->arena, p, kv->value_len, &img);
	if (*refused)
		return NULL;
	*type = img.mime;
	*len = img.len;
	return img.data;
}

/* The file name as sent, reduced to what staff need to recognise it:
 * without a path, at most 120 bytes of valid UTF-8. Arena string. */
static const char *display_name(req_t *r, const char *sent)
{
	const char *base = sent ? strrchr(sent, '/') : NULL;
	const char *back = sent ? strrchr(sent, '\\') : NULL;
	const char *name = back && (!base || back > base) ? back + 1 : base ? base + 1 : sent;
	if (!name || !*name || !utf8_valid(name, strlen(name)))
		return "fichier";
	size_t n = strlen(name);
	while (n > 120 || (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80))
		n--;
	return arena_strndup(r->arena, name, n);
}

/* Stores one file; 0 or -1. */
static int store(req_t *r, long long contribution_id, const char *filename, const char *type,
		 const unsigned char *data, size_t len)
{
	char now[21];
	db_now(now);
	sqlite3_stmt *st = db_query("INSERT INTO contribution_attachment (contribution_id, filename, content_type, size, "
				    "sha256, created_by, created_at, data) VALUES (?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?)",
				    "ittitit", contribution_id, filename, type, (long long)len,
				    uploads_sha256_hex(r->arena, data, len), r->user ? r->user->id : 0LL, now);
	int ok = st && sqlite3_bind_blob(st, 8, data, (int)len, SQLITE_STATIC) == SQLITE_OK &&
		 sqlite3_step(st) == SQLITE_DONE;
	if (st)
		sqlite3_reset(st);
	return ok ? 0 : -1;
}

/* Checks and stores every file part "file" of the form, inside the
 * caller's transaction. 0 with *added; 1 with *message when one is refused;
 * -1 on a database error. */
static int attach_all(req_t *r, long long id, int *added, const char **message)
{
	long long have = db_int(0, "SELECT count(*) FROM contribution_attachment WHERE contribution_id = ?", "i", id);
	*added = 0;
	for (const kv_t *kv = r->form.head; kv; kv = kv->next) {
		if (strcmp(kv->name, "file") != 0 || !kv->filename || (kv->value_len == 0 && !*kv->filename))
			continue;
		const char *name = display_name(r, kv->filename);
		if (have + *added >= CONTRIBUTION_ATTACHMENTS_MAX) {
			*message = arena_printf(r->arena, "Une contribution garde au plus %d pièces jointes.",
						CONTRIBUTION_ATTACHMENTS_MAX);
			return 1;
		}
		if ((long long)kv->value_len > CONTRIBUTION_ATTACHMENT_MAX_BYTES) {
			*message = arena_printf(r->arena, "« %s » est trop lourd : %s au plus par fichier.", name,
						bytes_fr(r->arena, CONTRIBUTION_ATTACHMENT_MAX_BYTES));
			return 1;
		}
		const char *type = NULL, *refused = NULL;
		size_t len = 0;
		const unsigned char *data = accepted_bytes(r, kv, &type, &len, &refused);
		if (!data) {
			*message = arena_printf(r->arena, "« %s » : %s", name, refused);
			return 1;
		}
		if (store(r, id, name, type, data, len) != 0)
			return -1;
		(*added)++;
	}
	if (*added == 0) {
		*message = "Choisissez un fichier à joindre (PDF, JPEG, PNG ou WebP).";
		return 1;
	}
	return 0;
}

void contribution_attachments_add(req_t *r)
{
	long long id = param_id(r, "contribution_id");
	if (!id || !db_int(0, "SELECT 1 FROM contribution WHERE id = ?", "i", id)) {
		reply_error(r, 404, "Cette contribution n'existe pas.", NULL);
		return;
	}
	const char *message = NULL;
	int added = 0;
	int rc = db_begin() == 0 ? attach_all(r, id, &added, &message) : -1;
	if (rc == 0 && audit_record(r, "contribution.attach", "contribution", id,
				    "contribution n° %lld : %d pièce(s) jointe(s) ajoutée(s)", id, added) != 0)
		rc = -1;
	if (rc == 0 && db_commit() != 0)
		rc = -1;
	if (rc != 0)
		db_rollback();
	if (rc < 0) {
		reply_error(r, 500, "L'enregistrement a échoué ; rien n'a été ajouté.", NULL);
		return;
	}
	if (rc == 1) {
		json_t *errors = json_pack("{s:s}", "file", message);
		if (r->want_json)
			reply_error(r, 422, "La pièce jointe n'a pas été enregistrée.", errors);
		else
			contributions_render_show(r, 422, id, errors, NULL);
		return;
	}
	flash_set(r, added > 1 ? arena_printf(r->arena, "%d pièces jointes ajoutées.", added) : "Pièce jointe ajoutée.");
	redirect(r, arena_printf(r->arena, "/equipe/contributions/%lld#pieces-jointes", id));
}

/* The attachment of the path that belongs to the path's contribution, or
 * NULL (404 sent). New reference. */
static json_t *attachment_or_404(req_t *r)
{
	long long c = param_id(r, "contribution_id"), a = param_id(r, "attachment_id");
	json_t *row = c && a ? db_row("SELECT id, filename, content_type, sha256 FROM contribution_attachment "
				      "WHERE id = ? AND contribution_id = ?",
				      "ii", a, c)
			     : NULL;
	if (!row)
		reply_error(r, 404, NOT_FOUND_MSG, NULL);
	return row;
}

void contribution_attachment_get(req_t *r)
{
	json_t *row = attachment_or_404(r);
	if (!row)
		return;
	long long id = json_integer_value(json_object_get(row, "id"));
	const char *type = arena_strdup(r->arena, json_string_value(json_object_get(row, "content_type")));
	const char *ext = strcmp(type, "application/pdf") == 0 ? "pdf" : strchr(type, '/') + 1;
	json_decref(row);
	sqlite3_stmt *st = db_query("SELECT data FROM contribution_attachment WHERE id = ?", "i", id);
	if (!st || sqlite3_step(st) != SQLITE_ROW) {
		if (st)
			sqlite3_reset(st);
		reply_error(r, 404, NOT_FOUND_MSG, NULL);
		return;
	}
	size_t len = (size_t)sqlite3_column_bytes(st, 0);
	char *data = arena_alloc(r->arena, len + 1);
	if (len)
		memcpy(data, sqlite3_column_blob(st, 0), len);
	sqlite3_reset(st);
	/* A download under a name of our own: the name sent is shown on the page,
	 * never put in a header. Personal data: not kept by any cache. */
	reply_header(r, "Content-Disposition",
		     arena_printf(r->arena, "attachment; filename=\"piece-jointe-%lld.%s\"", id, ext));
	reply_header(r, "Cache-Control", "private, no-store");
	reply_raw(r, 200, type, data, len);
}

void contribution_attachment_delete(req_t *r)
{
	json_t *row = attachment_or_404(r);
	if (!row)
		return;
	long long c = param_id(r, "contribution_id"), id = json_integer_value(json_object_get(row, "id"));
	const char *name = arena_strdup(r->arena, json_string_value(json_object_get(row, "filename")));
	json_decref(row);
	if (!form_confirmed(r, "confirm")) {
		json_t *errors = json_pack("{s:s}", "file",
					   arena_printf(r->arena,
							"Cochez la case pour confirmer la suppression de « %s ».", name));
		if (r->want_json)
			reply_error(r, 422, "La suppression n'est pas confirmée.", errors);
		else
			contributions_render_show(r, 422, c, errors, NULL);
		return;
	}
	int rc = db_begin();
	if (rc == 0)
		rc = db_exec("DELETE FROM contribution_attachment WHERE id = ?", "i", id);
	if (rc == 0)
		rc = audit_record(r, "contribution.detach", "contribution", c,
				  "contribution n° %lld : une pièce jointe supprimée", c);
	if (rc == 0)
		rc = db_commit();
	if (rc != 0) {
		db_rollback();
		reply_error(r, 500, "La suppression a échoué ; rien n'a été modifié.", NULL);
		return;
	}
	flash_set(r, "Pièce jointe supprimée.");
	redirect(r, arena_printf(r->arena, "/equipe/contributions/%lld#pieces-jointes", c));
}
