/* report_intake.h — entering a report: the public form /signaler, the back
 * office's quick entry, and the findings of a walking diagnostic share the
 * same fields and checks. */
#ifndef QUARTIER_REPORT_INTAKE_H
#define QUARTIER_REPORT_INTAKE_H

#include <jansson.h>

#include "http/request.h"
#include "modules/report_model.h"

/* Validates the common fields of r->form — category (code), description,
 * location (coords "lat,lon" or lat/lon, or an address/landmark in words),
 * the category's extra questions (attr_<code>), photos — and creates the
 * report with its answers and photos in one transaction (source "web",
 * "staff" or "walk"; walk_id 0 unless a finding). Returns 0 with *out
 * filled; 1 when the input is refused, with *errors (new reference: field
 * name -> French message) and nothing written; -1 on a database error. */
int report_intake_submit(req_t *r, const char *source, long long walk_id, report_created_t *out, json_t **errors);

#endif
