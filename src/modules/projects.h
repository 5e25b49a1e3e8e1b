/* projects.h — projects: the model (create, update, delete, validated and
 * audited, used by the staff pages and the JSON API alike), the public
 * project page with its timeline and map, its GeoJSON, the staff pages and
 * the API. Sectors are in sectors.h, operations in operations.h. */
#ifndef QUARTIER_PROJECTS_H
#define QUARTIER_PROJECTS_H

#include <jansson.h>

#include "core/validate.h"
#include "http/request.h"

/* The project of the path's {slug} (id, slug, name and the other columns),
 * or NULL after answering 404. New reference. */
json_t *project_or_404(req_t *r);

/* Deletions need the field confirm set (a checkbox, or true in JSON). */

/* 1 if s is a slug: 2 to 60 of [a-z0-9-], not starting or ending with '-'. */
int slug_ok(const char *s);
#define SLUG_MESSAGE "Utilisez de 2 à 60 lettres minuscules sans accent, chiffres ou tirets (ex. : grand-mail)."

/* For API updates: every field of specs that the request does not send is
 * taken from row (the stored record), so that a client sends only what
 * changes. Strings and integers are copied as text; nulls stay absent. */
void form_fill_missing(req_t *r, const field_spec_t *specs, size_t n, json_t *row);

typedef enum prj_status { PRJ_OK, PRJ_INVALID, PRJ_NOT_FOUND, PRJ_DB_ERROR } prj_status_t;

extern const field_spec_t project_fields[];
extern const size_t project_fields_count;

/* Creates (id 0) or updates a project from a validated form (slug format and
 * uniqueness checked here), with its audit entry, in one transaction. */
prj_status_t project_save(req_t *r, long long id, form_t *f, long long *out_id);

/* Deletes a project with its sectors and operations (audited). */
prj_status_t project_delete(req_t *r, long long id);

/* Public: /projets/{slug} and its two GeoJSON files. */
void project_page(req_t *r);
void project_sectors_geojson(req_t *r);
void project_operations_geojson(req_t *r);

/* The sources of a map over every project (report intake, points noirs):
 * {"sectors": the projects' secteurs.geojson URLs, space-separated, "tiles":
 * --tiles-url or ""}. New reference. */
json_t *projects_map_sources(void);

/* Staff: /equipe/projets... */
void projects_staff_list(req_t *r);
void projects_new_form(req_t *r);
void projects_create(req_t *r);
void projects_edit_form(req_t *r);
void projects_update(req_t *r);
void projects_delete(req_t *r);

/* JSON API: /api/v1/projects... */
void api_projects_list(req_t *r);
void api_projects_create(req_t *r);
void api_project_get(req_t *r);
void api_project_update(req_t *r);
void api_project_delete(req_t *r);

#endif
