/* bilan.h — the bilan de la concertation (GLOSSARY.md: `consultation_report`).
 *
 * For a project and a period (Paris days, inclusive), a report generated
 * from the data: the project and the legal frame, the arrangements
 * (meetings held with attendance, office-hour days, channels open, and the
 * staff's « dispositif » text), participation figures, contributions by
 * theme, channel, sector and month (accessible SVG charts, each followed by
 * its data table), a synthesis per theme with the answers given, the
 * conclusions signed off by staff, and the annex: every contribution of the
 * period, anonymised. Rejected contributions (moderation « refusée »: spam,
 * insults, off-topic) are left out; a bilan cannot be adopted while some of
 * its period still wait for moderation, since its annex becomes public.
 *
 * Adopting (« adopter », adopted_on) freezes it, in one transaction: every
 * figure goes to consultation_report.snapshot (JSON) and the annex to
 * consultation_report_annex; from then on its pages and downloads read only
 * those, nothing in it changes, and it is public at
 * /projets/{slug}/bilans/{bilan_id}. Schema: migrations/0012.
 *
 * bilan_data.c: the figures (aggregate SQL), the annex rows, the freeze;
 * bilan_pages.c: the staff pages (list, create, edit, sign off, adopt,
 * delete); bilan_public.c: the page of a bilan and its annex (for staff,
 * and for everyone once adopted), the downloads (CSV, XLSX) and the JSON
 * API.
 */
#ifndef QUARTIER_BILAN_H
#define QUARTIER_BILAN_H

#include <jansson.h>

#include "http/request.h"

/* ---- route handlers (src/routes/bilan.inc) ---- */

/* GET /equipe/bilans: every bilan with its project, period and state. */
void bilans_list(req_t *r);
/* GET /equipe/bilans/nouveau; POST /equipe/bilans (422 with the form again). */
void bilans_new_form(req_t *r);
void bilans_create(req_t *r);
/* GET /equipe/bilans/{bilan_id}: the bilan, generated or frozen;
 * GET /projets/{slug}/bilans/{bilan_id}: the same once adopted. */
void bilan_page(req_t *r);
/* GET /equipe/bilans/{bilan_id}/modifier: texts, sign-off, adoption, deletion. */
void bilans_edit_form(req_t *r);
/* POST /equipe/bilans/{bilan_id}: the texts; changing the conclusions or
 * the period clears their sign-off. 409 once adopted. */
void bilans_update(req_t *r);
/* POST /equipe/bilans/{bilan_id}/signer: signatory (name and quality). */
void bilans_sign(req_t *r);
/* POST /equipe/bilans/{bilan_id}/adopter: adopted_on, confirm; freezes. */
void bilans_adopt(req_t *r);
/* POST /equipe/bilans/{bilan_id}/supprimer: confirm; never an adopted one. */
void bilans_delete(req_t *r);
/* GET /equipe/bilans/{bilan_id}/annexe (paginated), annexe.csv and
 * annexe.xlsx (one handler: the suffix says which), chiffres.csv. The same
 * handlers (and bilan_page) serve the public's copies under
 * /projets/{slug}/bilans/{bilan_id}: adopted bilans only, 404 otherwise. */
void bilan_annex_page(req_t *r);
void bilan_annex_file(req_t *r);
void bilan_figures_csv(req_t *r);
/* GET /api/v1/consultation-reports (staff: all; others: adopted ones) and
 * /api/v1/consultation-reports/{bilan_id} (its figures). */
void api_bilans_list(req_t *r);
void api_bilan_get(req_t *r);

/* ---- shared by the files of this feature ---- */

/* The bilan row with project_slug and project_name, or NULL. New reference. */
json_t *bilan_load(long long id);

/* 1 once adopted (frozen). */
int bilan_is_frozen(json_t *report);

/* The figures of the bilan: its snapshot when frozen, else computed from
 * the data now. NULL on a database error. New reference. */
json_t *bilan_figures(req_t *r, json_t *report);

/* Number of rows of its annex. */
long long bilan_annex_count(json_t *report);

/* Rows of its annex in order ({number, received_on, received_fr, channel,
 * channel_label, themes, sectors, body, status, status_label, answer}),
 * limit/offset (limit < 0: all). New reference. */
json_t *bilan_annex_rows(req_t *r, json_t *report, long long limit, long long offset);

/* Number of contributions of the period waiting for moderation. */
long long bilan_pending_count(json_t *report);

/* Freezes the bilan inside the caller's transaction: snapshot, annex rows,
 * adopted_on, frozen_at. 0 or an SQLite error code. */
int bilan_freeze(req_t *r, json_t *report, const char *adopted_on);

/* "YYYY-MM-DD" as "DD/MM/YYYY" (arena string; s itself otherwise). */
const char *bilan_day_fr(req_t *r, const char *s);

/* « du 01/01/2026 au 31/12/2026 » from a row's period_start, period_end. */
const char *bilan_period_fr(req_t *r, json_t *row);

/* « Brouillon », « Conclusions signées » or « Adopté le 12/01/2027 ». */
const char *bilan_state_label(req_t *r, json_t *report);

/* The bilan of the path's {bilan_id}, or NULL with a 404 answered. */
json_t *bilan_or_404(req_t *r);

#endif
