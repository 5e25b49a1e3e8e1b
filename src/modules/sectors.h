/* sectors.h — the sectors of a project: model (validated, audited; the
 * outline is a GeoJSON Polygon or MultiPolygon checked by geojson.h) and
 * the staff pages /equipe/projets/{slug}/secteurs... */
#ifndef QUARTIER_SECTORS_H
#define QUARTIER_SECTORS_H

#include "core/validate.h"
#include "http/request.h"

extern const field_spec_t sector_fields[];
extern const size_t sector_fields_count;

typedef enum sector_status { SECTOR_OK, SECTOR_INVALID, SECTOR_NOT_FOUND, SECTOR_DB_ERROR } sector_status_t;

/* Creates (id 0) or updates a sector of project_id from a validated form:
 * slug format and uniqueness in the project, GeoJSON outline; audited. */
sector_status_t sector_save(req_t *r, long long project_id, long long id, form_t *f, long long *out_id);

/* Deletes a sector (its operations stay, without sector); audited. */
sector_status_t sector_delete(req_t *r, long long id);

void sectors_new_form(req_t *r);
void sectors_create(req_t *r);
void sectors_edit_form(req_t *r);
void sectors_update(req_t *r);
void sectors_delete(req_t *r);

#endif
