/* report_intake.h — entering a report: the public form /signaler, the back
 * office's quick entry, and the findings of a walking diagnostic share the
 * same fields and checks. */
#ifndef QUARTIER_REPORT_INTAKE_H
#define QUARTIER_REPORT_INTAKE_H

#include <jansson.h>

#include "core/validate.h"
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

/* The common fields, for forms that show them (name, label, type, limits). */
extern const field_spec_t report_intake_fields[];
extern const size_t report_intake_fields_count;

/* The active categories, grouped by strand: [{strand, strand_label,
 * categories: [{id, code, name, description, selected}]}]. New reference. */
json_t *report_categories_by_strand(const char *selected_code);

/* The extra questions of a category: [{code, datatype, label, required,
 * choices: [{key, name}], name (the form field), value (from r->form, if
 * any)}], in order. The form field is prefix + code + suffix ("attr_" and
 * "" for the pages). New reference. */
json_t *report_attributes_of(req_t *r, long long category_id, const char *prefix, const char *suffix);

/* Reads and checks the answers to category_id's extra questions from r->form
 * under the names prefix + code + suffix: "attr_" + code for the pages,
 * "attribute[" + code + "]" for Open311 (a multivaluelist may repeat the
 * name, or use name + "[]").
 * number: an integer or decimal; datetime: ISO 8601; lists: keys of the
 * choices. Fills *answers (code -> value, lists joined by ",") and returns
 * 0, or returns the number of errors and adds them to errors (field name ->
 * French message). *answers is a new reference in both cases. */
int report_attributes_read(req_t *r, long long category_id, const char *prefix, const char *suffix, json_t **answers,
			   json_t *errors);

/* Stores the answers for report_id. Inside the transaction. 0 or -1. */
int report_attributes_save(long long report_id, json_t *answers);

/* POST /api/v1/reports: the same fields as JSON (or a form); 201 with the
 * report as staff see it, Location /api/v1/reports/{ref}. */
void reports_api_create(req_t *r);

/* GET /api/v1/reports/{ref}: the public view, or everything but the token
 * for staff and the handler. */
void reports_api_get(req_t *r);

/* ---- pages (intake_pages.c) ---- */

/* GET /signaler: step 1, the categories by strand as links
 * /signaler?categorie=CODE; step 2 (a known category), the form. */
/* Seconds before this client address may send again in scope ("intake"
 * for reports, "contribution" for the concertation…), or 0: at most
 * --intake-limit sendings an hour, counted under a keyed hash of the
 * address. */
long long intake_rate_wait(req_t *r, const char *scope);
/* When intake_rate_wait() says wait: answers 429 with Retry-After and
 * « {too_many} depuis votre connexion en une heure. Réessayez dans N
 * minutes. » (too_many: « Trop de signalements ont été envoyés ») and
 * returns 1; else 0, nothing sent. */
int intake_rate_refused(req_t *r, const char *scope, const char *too_many);
/* Counts one sending of this address in scope (a new window after an hour). */
void intake_rate_count(req_t *r, const char *scope);
void intake_form(req_t *r);

/* POST /signaler: honeypot, rate limit per address (--intake-limit an hour,
 * 429 with Retry-After), report_intake_submit(source "web"); 422 with the
 * form again, or 303 to /suivi/{token} with a flash message. */
void intake_submit(req_t *r);

/* GET /gestion/signalements/nouveau[?diagnostic=WALK]: the back office's
 * quick entry (source "staff"), or a walk's findings (source "walk"). */
void intake_staff_form(req_t *r);

/* POST /gestion/signalements/nouveau[?diagnostic=WALK]: saves, then shows
 * the form again, empty but for the category and sector, with a message
 * linking to the new report. */
void intake_staff_submit(req_t *r);

/* ---- follow-up and public pages (report_pages.c) ---- */

/* GET /suivi/{follow_token}: the report as the public sees it, for the
 * reporter, never cached, not indexed. */
void follow_page(req_t *r);

/* POST /suivi/{follow_token}/rouvrir: « Le problème n'est pas résolu »
 * (comment required), only from resolved. */
void follow_reopen(req_t *r);

/* POST /suivi/{follow_token}/desabonner: no more e-mails (notify = 0). */
void follow_unsubscribe(req_t *r);

/* GET /signalements: the public list (filters categorie, volet,
 * etat=ouverts|fermes, secteur; page) and its map. */
void reports_public_list(req_t *r);

/* GET /signalements/{ref}: the public page of one report. */
void report_public_page(req_t *r);

#endif
