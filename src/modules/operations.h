/* operations.h — the operations of a project (demolition, rehabilitation,
 * new housing, public space, facility): their French labels, the model
 * (create, update, delete, with validation and audit, used by the staff
 * pages and the JSON API alike), and the handlers of both. */
#ifndef QUARTIER_OPERATIONS_H
#define QUARTIER_OPERATIONS_H

#include <jansson.h>

#include "core/validate.h"
#include "http/request.h"

/* French labels (GLOSSARY.md): "demolition" -> "Démolition"; the key itself
 * when unknown. The tables are the single place for these words. */
const char *operation_kind_label(const char *kind);
const char *operation_phase_label(const char *phase);
const char *operation_status_label(const char *status);

/* [{value, label, selected}] for a <select> of kinds. New reference. */
json_t *operation_kind_options(const char *selected);

/* "2024-03" -> "mars 2024", "2024-03-15" -> "15 mars 2024" (arena string;
 * "" for NULL or malformed). */
const char *operation_date_fr(arena_t *a, const char *date);

/* Outcome of a write. On OP_INVALID the form holds the French messages. */
typedef enum op_status { OP_OK, OP_INVALID, OP_NOT_FOUND, OP_DB_ERROR } op_status_t;

/* The fields of an operation, for form_validate. */
extern const field_spec_t operation_fields[];
extern const size_t operation_fields_count;

/* Creates (id 0, in project_id) or updates (id) an operation from a validated
 * form: checks what needs the database (dates, sector of the project, owner),
 * writes and records the audit entry in one transaction. *out_id gets the id. */
op_status_t operation_save(req_t *r, long long project_id, long long id, form_t *f, long long *out_id);

/* Deletes an operation (and records it). */
op_status_t operation_delete(req_t *r, long long id);

/* Adds kind_label, phase_label, status_label, start_fr, end_fr to each row. */
void operation_rows_decorate(req_t *r, json_t *rows);

/* The operations of a project with their sector and owner, ordered by start
 * date (undated last), optionally filtered by sector slug and kind (NULL =
 * any). New reference. */
json_t *operation_list(long long project_id, const char *sector_slug, const char *kind);

/* Staff pages: /equipe/projets/{slug}/operations/nouvelle, /equipe/operations/{op}. */
void operations_new_form(req_t *r);
void operations_create(req_t *r);
void operations_edit_form(req_t *r);
void operations_update(req_t *r);
void operations_delete(req_t *r);

/* JSON API: /api/v1/projects/{slug}/operations and /api/v1/operations/{op}. */
void api_operations_list(req_t *r);
void api_operations_create(req_t *r);
void api_operation_get(req_t *r);
void api_operation_update(req_t *r);
void api_operation_delete(req_t *r);

#endif
