/* sectors.c — see sectors.h. */
#include "modules/sectors.h"

#include <string.h>

#include "core/audit.h"
#include "db/db.h"
#include "http/session.h"
#include "modules/geojson.h"
#include "modules/projects.h"
#include "view/helpers.h"

const field_spec_t sector_fields[] = {
	{"slug", "Identifiant dans l'adresse", FIELD_TEXT, 1, 2, 60, NULL},
	{"name", "Nom", FIELD_TEXT, 1, 2, 120, NULL},
	{"summary", "Description courte", FIELD_TEXTAREA, 0, 0, 1000, NULL},
	{"geojson", "Contour (GeoJSON)", FIELD_TEXTAREA, 0, 0, 200000, NULL},
	{"position", "Ordre d'affichage", FIELD_INT, 0, 0, 1000, NULL},
};
const size_t sector_fields_count = sizeof sector_fields / sizeof sector_fields[0];

sector_status_t sector_save(req_t *r, long long project_id, long long id, form_t *f, long long *out_id)
{
	const char *slug = form_text(f, "slug");
	const char *geometry = NULL;
	const char *paste = form_text(f, "geojson");
	int bad = 0;
	if (!slug_ok(slug)) {
		form_set_error(f, "slug", SLUG_MESSAGE);
		bad++;
	}
	const char *msg = paste ? geojson_check_polygon(r->arena, paste, &geometry) : NULL;
	if (msg) {
		form_set_error(f, "geojson", msg);
		bad++;
	}
	if (bad)
		return SECTOR_INVALID;
	if (db_begin() != 0)
		return SECTOR_DB_ERROR;
	sector_status_t st = SECTOR_OK;
	if (id && !db_int(0, "SELECT 1 FROM sector WHERE id = ? AND project_id = ?", "ii", id, project_id))
		st = SECTOR_NOT_FOUND;
	else if (db_int(0, "SELECT 1 FROM sector WHERE project_id = ? AND slug = ? AND id <> ?", "iti", project_id, slug, id)) {
		form_set_error(f, "slug", "Un autre secteur du projet utilise déjà cet identifiant.");
		st = SECTOR_INVALID;
	}
	const char *summary = form_text(f, "summary") ? form_text(f, "summary") : "";
	int rc = 0;
	if (st == SECTOR_OK && !id)
		rc = db_exec("INSERT INTO sector (project_id, slug, name, summary, geojson, position) VALUES (?, ?, ?, ?, ?, ?)",
			     "itttti", project_id, slug, form_text(f, "name"), summary, geometry, form_int(f, "position"));
	else if (st == SECTOR_OK)
		rc = db_exec("UPDATE sector SET slug = ?, name = ?, summary = ?, geojson = ?, position = ? WHERE id = ?",
			     "ttttii", slug, form_text(f, "name"), summary, geometry, form_int(f, "position"), id);
	if (rc != 0)
		st = SECTOR_DB_ERROR;
	if (st == SECTOR_OK) {
		*out_id = id ? id : db_last_id();
		if (audit_record(r, id ? "sector.update" : "sector.create", "sector", *out_id, "%s (%s), projet %lld, %s",
				 form_text(f, "name"), slug, project_id, geometry ? "avec contour" : "sans contour") != 0)
			st = SECTOR_DB_ERROR;
	}
	if (st == SECTOR_OK && db_commit() == 0)
		return SECTOR_OK;
	db_rollback();
	return st == SECTOR_OK ? SECTOR_DB_ERROR : st;
}

sector_status_t sector_delete(req_t *r, long long id)
{
	if (db_begin() != 0)
		return SECTOR_DB_ERROR;
	json_t *s = db_row("SELECT name, slug, project_id FROM sector WHERE id = ?", "i", id);
	sector_status_t st = s ? SECTOR_OK : SECTOR_NOT_FOUND;
	if (st == SECTOR_OK && db_exec("DELETE FROM sector WHERE id = ?", "i", id) != 0)
		st = SECTOR_DB_ERROR;
	if (st == SECTOR_OK &&
	    audit_record(r, "sector.delete", "sector", id, "%s (%s) supprimé du projet %lld",
			 json_string_value(json_object_get(s, "name")), json_string_value(json_object_get(s, "slug")),
			 (long long)json_integer_value(json_object_get(s, "project_id"))) != 0)
		st = SECTOR_DB_ERROR;
	json_decref(s);
	if (st == SECTOR_OK && db_commit() == 0)
		return SECTOR_OK;
	db_rollback();
	return st == SECTOR_OK ? SECTOR_DB_ERROR : st;
}

/* ---- staff pages ---- */

/* Renders the sector form; project, input (stolen), errors (stolen, may be NULL). */
static void render_form(req_t *r, int status, json_t *project, json_t *sector, json_t *input, json_t *errors)
{
	const char *pslug = json_string_value(json_object_get(project, "slug"));
	const char *sslug = json_string_value(json_object_get(sector, "slug"));
	json_t *view = json_pack("{s:{s:s}, s:o, s:b, s:s, s:s?, s:o, s:o, s:s}", "page", "title",
				 sector ? "Modifier un secteur" : "Nouveau secteur", "project", project, "is_new",
				 sector == NULL, "action",
				 sector ? arena_printf(r->arena, "/equipe/projets/%s/secteurs/%s", pslug, sslug)
					: arena_printf(r->arena, "/equipe/projets/%s/secteurs", pslug),
				 "sector_slug", sslug, "input", input ? input : json_object(), "errors",
				 errors ? errors : json_object(), "csrf", csrf_token(r));
	render(r, status, "sector_form", view);
}

/* The project and sector of the path, or NULL (404 sent). *project gets a new reference. */
static json_t *sector_or_404(req_t *r, json_t **project)
{
	*project = project_or_404(r);
	if (!*project)
		return NULL;
	json_t *s = db_row("SELECT * FROM sector WHERE project_id = ? AND slug = ?", "it",
			   (long long)json_integer_value(json_object_get(*project, "id")), req_param(r, "sector"));
	if (!s) {
		json_decref(*project);
		*project = NULL;
		reply_error(r, 404, "Ce secteur n'existe pas.", NULL);
	}
	return s;
}

/* Answers a failed save: the form again (HTML), 422 JSON, 404 or 500.
 * Steals project, sector and f's objects. */
static void save_failed(req_t *r, sector_status_t st, json_t *project, json_t *sector, form_t *f)
{
	if (st == SECTOR_INVALID && !r->want_json) {
		render_form(r, 422, project, sector, f->input, f->errors);
		json_decref(sector);
		return;
	}
	json_decref(project);
	json_decref(sector);
	json_decref(f->input);
	if (st == SECTOR_INVALID) {
		reply_error(r, 422, NULL, f->errors);
		return;
	}
	json_decref(f->errors);
	reply_error(r, st == SECTOR_NOT_FOUND ? 404 : 500,
		    st == SECTOR_NOT_FOUND ? "Ce secteur n'existe pas." : "L'enregistrement a échoué ; rien n'a été modifié.",
		    NULL);
}

void sectors_new_form(req_t *r)
{
	json_t *project = project_or_404(r);
	if (project)
		render_form(r, 200, project, NULL, NULL, NULL);
}

/* Validates and saves; the status, with f filled. */
static sector_status_t validate_and_save(req_t *r, long long project_id, long long *id, form_t *f)
{
	if (form_validate(r->arena, sector_fields, sector_fields_count, &r->form, f)) {
		/* Say what is wrong with the outline too, not only the missing name. */
		const char *paste = form_text(f, "geojson");
		const char *msg = paste ? geojson_check_polygon(r->arena, paste, NULL) : NULL;
		if (msg)
			form_set_error(f, "geojson", msg);
		return SECTOR_INVALID;
	}
	return sector_save(r, project_id, *id, f, id);
}

void sectors_create(req_t *r)
{
	json_t *project = project_or_404(r);
	if (!project)
		return;
	form_t f;
	long long id = 0;
	sector_status_t st = validate_and_save(r, json_integer_value(json_object_get(project, "id")), &id, &f);
	if (st != SECTOR_OK) {
		save_failed(r, st, project, NULL, &f);
		return;
	}
	const char *slug = arena_strdup(r->arena, json_string_value(json_object_get(project, "slug")));
	json_decref(project);
	json_decref(f.input);
	json_decref(f.errors);
	flash_set(r, "Secteur créé.");
	redirect(r, arena_printf(r->arena, "/equipe/projets/%s", slug));
}

void sectors_edit_form(req_t *r)
{
	json_t *project;
	json_t *s = sector_or_404(r, &project);
	if (!s)
		return;
	render_form(r, 200, project, s, json_deep_copy(s), NULL);
	json_decref(s);
}

void sectors_update(req_t *r)
{
	json_t *project;
	json_t *s = sector_or_404(r, &project);
	if (!s)
		return;
	form_t f;
	long long id = json_integer_value(json_object_get(s, "id"));
	sector_status_t st = validate_and_save(r, json_integer_value(json_object_get(project, "id")), &id, &f);
	if (st != SECTOR_OK) {
		save_failed(r, st, project, s, &f);
		return;
	}
	const char *slug = arena_strdup(r->arena, json_string_value(json_object_get(project, "slug")));
	json_decref(project);
	json_decref(s);
	json_decref(f.input);
	json_decref(f.errors);
	flash_set(r, "Secteur enregistré.");
	redirect(r, arena_printf(r->arena, "/equipe/projets/%s", slug));
}

void sectors_delete(req_t *r)
{
	json_t *project;
	json_t *s = sector_or_404(r, &project);
	if (!s)
		return;
	if (!form_confirmed(r, "confirm")) {
		json_t *errors = json_pack("{s:s}", "confirm", CONFIRM_MESSAGE);
		if (r->want_json) {
			json_decref(project);
			json_decref(s);
			reply_error(r, 422, NULL, errors);
			return;
		}
		render_form(r, 422, project, s, json_deep_copy(s), errors);
		json_decref(s);
		return;
	}
	const char *slug = arena_strdup(r->arena, json_string_value(json_object_get(project, "slug")));
	long long id = json_integer_value(json_object_get(s, "id"));
	json_decref(project);
	json_decref(s);
	if (sector_delete(r, id) != SECTOR_OK) {
		reply_error(r, 500, "La suppression a échoué ; rien n'a été modifié.", NULL);
		return;
	}
	flash_set(r, "Secteur supprimé ; ses opérations restent dans le projet, sans secteur.");
	redirect(r, arena_printf(r->arena, "/equipe/projets/%s", slug));
}
