/* registrations.h — registrations to meetings (inscriptions), attendance on
 * the day (émargement) and minutes (compte rendu): GLOSSARY.md
 * `registration`, `attendance`, `minutes`. Schema: migrations/0012.
 *
 * A resident registers without an account on the public page of a public,
 * scheduled, future meeting. Places are meeting.capacity − reserved_places
 * (NULL capacity: unlimited); beyond, registrations wait ('waiting') in id
 * order. The status is decided inside one write transaction (BEGIN
 * IMMEDIATE), so that no burst of simultaneous POSTs ever gives more places
 * than there are. The confirmation e-mail carries a cancellation link whose
 * token is an HMAC of the row (only its hash is stored); cancelling a place
 * promotes the first waiting, who is told by e-mail. Jobs send reminders
 * --registration-reminder-hours before the meeting and erase the
 * registrants' details --registration-retention-days after it.
 *
 * registration_model.c: the model, e-mails and jobs; registrations.c: the
 * public and staff pages and the API; attendance.c; minutes.c (also the
 * public page's minutes, decisions and figures, and the staff reminders of
 * meetings without minutes). */
#ifndef QUARTIER_REGISTRATIONS_H
#define QUARTIER_REGISTRATIONS_H

#include <jansson.h>

#include "http/request.h"

/* ---- the model (registration_model.c) ---- */

typedef enum reg_result {
	REG_OK,
	REG_INVALID,   /* a field refused (errors set) */
	REG_CLOSED,    /* the meeting takes no registration (message set) */
	REG_DUPLICATE, /* a live registration with this e-mail exists */
	REG_NOT_FOUND,
	REG_DB_ERROR,
} reg_result_t;

/* A new registration. email may be NULL for staff entries. */
typedef struct reg_new {
	long long meeting_id;
	const char *name, *email, *phone;
	const char *source; /* "online" or "staff" */
} reg_new_t;

typedef struct reg_created {
	long long id;
	int waiting;     /* 1: on the waiting list */
	long long rank;  /* place on the waiting list (1 = next) */
	const char *token; /* the cancellation token (arena string) */
} reg_created_t;

/* Why the meeting takes no registration (a French sentence), or NULL when
 * it does. m: a meeting row with status, starts_at; staff: 1 for a staff
 * entry (past meetings allowed, not cancelled ones). */
const char *registration_closed_reason(json_t *m, int staff);

/* Counts of a meeting: {places (null: unlimited), registered, waiting,
 * places_left (null: unlimited), full}. New reference. */
json_t *registration_counts(long long meeting_id);

/* Creates a registration in its own transaction: re-reads the meeting,
 * refuses (REG_CLOSED, *closed set) or finds a duplicate, decides
 * registered or waiting, queues the confirmation e-mail (when there is an
 * address) and the audit entry. */
reg_result_t registration_create(req_t *r, const reg_new_t *in, reg_created_t *out, const char **closed);

/* Cancels registration id (in its own transaction) and, when it held a
 * place, promotes the first waiting into the free places, e-mailing them.
 * REG_NOT_FOUND when there is none or it is already cancelled. */
reg_result_t registration_cancel(req_t *r, long long id);

/* The cancellation token of a registration row (id, meeting_id,
 * created_at). Arena string. */
const char *registration_token(arena_t *a, long long id, long long meeting_id, const char *created_at);

/* The id of the registration of a token, or 0. */
long long registration_by_token(req_t *r, const char *token);

/* Inside the caller's transaction, after a meeting's places changed (its
 * capacity or reserved places): gives the free places to the first waiting
 * and e-mails them. 0 or -1. */
int registrations_fill_places(req_t *r, long long meeting_id);

/* Inside the caller's transaction: e-mails the registered and waiting
 * people of a meeting being cancelled. 0 or -1. */
int registrations_meeting_cancelled(req_t *r, long long meeting_id);

/* Jobs (src/jobs.c). */
void registrations_remind(void);
void registrations_purge(void);

/* ---- pages and API (registrations.c) ---- */


/* The registration block of a meeting's public page: {open, closed_reason,
 * counts…, csrf}. New reference. */
json_t *registration_public_json(req_t *r, json_t *m);

/* POST /agenda/{meeting_id}/inscription: honeypot, rate limit, the form. */
void registration_submit(req_t *r);
/* GET /agenda/inscription/{registration_token}: the registration. */
void registration_show(req_t *r);
/* POST /agenda/inscription/{registration_token}/annuler. */
void registration_cancel_by_token(req_t *r);
/* GET /equipe/reunions/{meeting_id}/inscriptions. */
void registrations_staff_list(req_t *r);
/* POST /equipe/reunions/{meeting_id}/inscriptions: add by hand. */
void registrations_staff_add(req_t *r);
/* POST /equipe/reunions/{meeting_id}/inscriptions/{registration_id}/annuler. */
void registrations_staff_cancel(req_t *r);
/* GET /equipe/reunions/{meeting_id}/inscriptions.csv (audited). */
void registrations_export_csv(req_t *r);
/* GET /api/v1/meetings/{meeting_id}/registrations (staff). */
void api_registrations_list(req_t *r);
/* POST /api/v1/meetings/{meeting_id}/registrations (public). */
void api_registrations_create(req_t *r);

/* ---- attendance (attendance.c) ---- */

/* GET /equipe/reunions/{meeting_id}/presences. */
void attendance_page(req_t *r);
/* POST /equipe/reunions/{meeting_id}/presences: ticks, walk-ins, count. */
void attendance_save(req_t *r);
/* POST /equipe/reunions/{meeting_id}/presences/{registration_id}: one
 * tick (present=1) or untick, saved at once (static/attendance.js); JSON
 * {present, figures}, or a redirect to the page. */
void attendance_tick(req_t *r);
/* {present, named, registered, walkins, members, anonymous} of a meeting.
 * New reference. */
json_t *attendance_figures(long long meeting_id);

/* ---- minutes (minutes.c) ---- */

/* GET /equipe/reunions/{meeting_id}/compte-rendu. */
void minutes_form(req_t *r);
/* POST /equipe/reunions/{meeting_id}/compte-rendu (action=save|publish|unpublish). */
void minutes_save(req_t *r);
/* What the public page adds for meeting m: published minutes (html),
 * decisions, attendance figures of a held meeting. New reference. */
json_t *minutes_public_json(req_t *r, json_t *m);
/* Ended, not cancelled meetings without published minutes, latest first
 * (at most limit), for the staff home. New reference. */
json_t *minutes_missing(req_t *r, int limit);

#endif
