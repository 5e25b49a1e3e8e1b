/* walks.h — walking diagnostics (diagnostics en marchant, GLOSSARY.md: `walk`).
 *
 * Staff plan a walk through a project's neighbourhood: title, date and time
 * (typed in Paris time, stored in UTC), meeting point, route in words, the
 * sectors walked, the partner organisations and people invited (partners'
 * staff, and residents only with their recorded consent), status and notes.
 * During the walk each finding becomes a report with walk_id set (entered
 * from the back office's entry form); the walk's page lists its findings
 * with their current status, on a map too, prints for the follow-up meeting
 * and exports them as CSV. Schema: walk, walk_sector, walk_organization,
 * walk_contact in migrations/0008_reports.sql; deleting a walk keeps its
 * findings (report.walk_id ON DELETE SET NULL).
 *
 * walks.c: the model (validation, writes with their audit entries) and the
 * planning pages; walk_findings.c: the walk's page, its findings, CSV,
 * GeoJSON and the JSON API.
 */
#ifndef QUARTIER_WALKS_H
#define QUARTIER_WALKS_H

#include <jansson.h>

#include "http/request.h"

/* ---- route handlers (src/routes/walks.inc) ---- */

/* GET /equipe/diagnostics: upcoming walks first (soonest first), then past
 * ones (latest first); ?projet=SLUG, ?statut=planned|done|cancelled. */
void walks_list(req_t *r);
/* GET /equipe/diagnostics/nouveau: the empty form. */
void walks_new_form(req_t *r);
/* POST /equipe/diagnostics: create; 422 with the form again when invalid. */
void walks_create(req_t *r);
/* GET /equipe/diagnostics/{walk_id}/modifier: the form, filled. */
void walks_edit_form(req_t *r);
/* POST /equipe/diagnostics/{walk_id}: update. */
void walks_update(req_t *r);
/* POST /equipe/diagnostics/{walk_id}/supprimer: delete (ticked `confirm`);
 * the findings stay, without walk. */
void walks_delete(req_t *r);
/* GET /equipe/diagnostics/{walk_id}: the walk, its invitees and findings. */
void walks_show(req_t *r);
/* GET /equipe/diagnostics/{walk_id}/constats.geojson: findings with a point. */
void walks_findings_geojson(req_t *r);
/* GET /equipe/diagnostics/{walk_id}/constats.csv: findings, no reporter data. */
void walks_findings_csv(req_t *r);
/* GET /api/v1/walks (page, per_page, ?project=SLUG, ?status=). */
void api_walks_list(req_t *r);
/* GET /api/v1/walks/{walk_id}: with its findings. */
void api_walk_get(req_t *r);

/* ---- shared by walks.c and walk_findings.c ---- */

/* French label of a walk status (planned, done, cancelled); the key itself
 * when unknown. Static string. */
const char *walk_status_label(const char *status);

/* A walk with its project (project_slug, project_name), status_label, its
 * time in Paris (starts_fr, date, time), and its sectors, organizations and
 * contacts as arrays; NULL when there is none. New reference. */
json_t *walk_load(req_t *r, long long walk_id);

/* The walk of the path's {walk_id}, as walk_load(); NULL after answering 404. */
json_t *walk_or_404(req_t *r, long long *walk_id);

#endif
