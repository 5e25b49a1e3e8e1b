/* meetings.h — meetings (temps d'information et de concertation, GLOSSARY.md:
 * `meeting`, `agenda_item`) and the public agenda.
 *
 * Staff plan a meeting of a project: kind (public_meeting, workshop, event,
 * walk, committee_session), title, place (address and optional point) and/or
 * online link, start and end (typed in Paris time, stored in UTC), public or
 * not, status (scheduled, cancelled, held), description in Markdown,
 * capacity and places reserved, organiser, sectors and partner
 * organisations, and an ordered agenda (title, duration). A cancelled meeting
 * stays listed. Every change bumps `sequence` (iCalendar SEQUENCE).
 * Schema: migrations/0010_meetings.sql.
 *
 * meetings.c: the model and the staff pages; agenda.c: the public agenda,
 * the meeting's public page, the iCalendar feeds (core/ical.h) and the API.
 */
#ifndef QUARTIER_MEETINGS_H
#define QUARTIER_MEETINGS_H

#include <jansson.h>

#include "http/request.h"

/* ---- route handlers (src/routes/meetings.inc) ---- */

/* GET /equipe/reunions: upcoming meetings first (soonest first), then past
 * ones (latest first); ?projet=SLUG. */
void meetings_list(req_t *r);
/* GET /equipe/reunions/nouvelle: the empty form. */
void meetings_new_form(req_t *r);
/* POST /equipe/reunions: create; 422 with the form again when invalid. */
void meetings_create(req_t *r);
/* GET /equipe/reunions/{meeting_id}: the form, filled, and the agenda. */
void meetings_edit_form(req_t *r);
/* POST /equipe/reunions/{meeting_id}: update. */
void meetings_update(req_t *r);
/* POST /equipe/reunions/{meeting_id}/annuler: status cancelled. */
void meetings_cancel(req_t *r);
/* POST /equipe/reunions/{meeting_id}/supprimer: delete (ticked `confirm`). */
void meetings_delete(req_t *r);
/* POST /equipe/reunions/{meeting_id}/ordre-du-jour: add an agenda item
 * (item_title, item_duration in minutes). */
void meetings_item_add(req_t *r);
/* POST /equipe/reunions/{meeting_id}/ordre-du-jour/{item_id}/supprimer; an
 * item already removed redirects with a message (a second click). */
void meetings_item_remove(req_t *r);

/* GET /agenda: public upcoming meetings (?projet=, ?type=, ?secteur=), past
 * ones in a second list, or only them with ?passees=1. */
void agenda_page(req_t *r);
/* GET /agenda/{meeting_id}: a meeting's page (404 when private, but to staff). */
void agenda_meeting_page(req_t *r);
/* GET /agenda.ics: every public meeting. */
void agenda_ics(req_t *r);
/* GET /projets/{slug}/agenda.ics: a project's public meetings. */
void agenda_project_ics(req_t *r);
/* GET /agenda/{meeting_id}.ics: one public meeting. */
void agenda_meeting_ics(req_t *r);
/* GET /api/v1/meetings (page, per_page, ?project=SLUG, ?kind=), latest
 * first: public ones, all for staff. */
void api_meetings_list(req_t *r);
/* GET /api/v1/meetings/{meeting_id}. */
void api_meeting_get(req_t *r);

/* ---- shared by meetings.c and agenda.c ---- */

/* French label of a kind or a status; the key itself when unknown. */
const char *meeting_kind_label(const char *kind);
const char *meeting_status_label(const char *status);
/* The kinds as options (value, label, selected). New reference. */
json_t *meeting_kind_options(const char *selected);

/* 1 when the request's user is staff or admin. */
int meeting_viewer_is_staff(const req_t *r);

/* A meeting with its project, labels, Paris times (starts_fr, ends_fr,
 * date, start_time, end_date, end_time), organizer, sectors, organizations
 * and agenda_items; NULL when there is none. New reference. */
json_t *meeting_load(req_t *r, long long id);

/* The meeting of the path's {meeting_id} (meeting_load), or NULL after a
 * 404 « Cette réunion n'existe pas. »; *id set. New reference. */
json_t *meeting_or_404(req_t *r, long long *id);

/* The configured base URL without its trailing slashes (arena string). */
const char *agenda_base_url(req_t *r);

/* Answers an iCalendar feed named name of the public meetings among ids
 * (rows with "id"; private ones are skipped). */
void agenda_reply_calendar(req_t *r, const char *name, json_t *ids);

#endif
