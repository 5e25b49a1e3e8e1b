/* report_model.h — GUSP problem reports (signalements): the rules every page,
 * the API and Open311 share. States and who may move a report between them,
 * routing to a handler organisation by category and sector, public reference
 * numbers, events, and who may see what. Schema: migrations/0008_reports.sql.
 *
 * Writes happen inside the caller's transaction (db_begin ... db_commit), so
 * that a report, its photos, its events, its audit entry and its e-mails are
 * written together or not at all. Each function says so.
 */
#ifndef QUARTIER_REPORT_MODEL_H
#define QUARTIER_REPORT_MODEL_H

#include <jansson.h>

#include "http/request.h"

/* States, in their natural order, NULL-terminated. */
extern const char *const report_statuses[];
/* Strands (volets), NULL-terminated: corrective, works, watch. */
extern const char *const report_strands[];
/* Sources of a report: web, staff, walk, open311. */
extern const char *const report_sources[];

/* French labels (the key itself when unknown; "" for NULL). Static strings. */
const char *report_status_label(const char *status);
const char *report_strand_label(const char *strand);
const char *report_source_label(const char *source);

/* 1 for new, routed, acknowledged, scheduled, in_progress (Open311 "open"). */
int report_status_is_open(const char *status);

/* Who acts on a report. */
typedef enum report_actor_kind {
	ACTOR_STAFF,    /* staff or admin: every transition */
	ACTOR_PARTNER,  /* an agent of the handler organisation */
	ACTOR_REPORTER, /* the resident, through the private follow-up link */
	ACTOR_NONE,     /* anyone else: nothing */
} report_actor_kind_t;

/* The kind of actor u is for a report handled by handler_org_id (0: none);
 * u may be NULL (anonymous: ACTOR_NONE, the follow-up page passes
 * ACTOR_REPORTER itself). A partner of another organisation is ACTOR_NONE. */
report_actor_kind_t report_actor_for(const account_t *u, long long handler_org_id);

/* 1 if `actor` may move a report from `from` to `to`. The graph:
 *   staff: new -> rejected, duplicate (routing is report_route());
 *          routed, acknowledged -> acknowledged, scheduled, in_progress,
 *            resolved, rejected, duplicate, new (sent back);
 *          scheduled, in_progress -> scheduled, in_progress, resolved,
 *            rejected, duplicate;
 *          resolved -> closed; and reopening: resolved, closed, rejected,
 *            duplicate -> routed (or new when there is no handler);
 *   partner (handler only): routed -> acknowledged; routed, acknowledged ->
 *          scheduled; routed, acknowledged, scheduled -> in_progress;
 *          routed, acknowledged, scheduled, in_progress -> resolved;
 *          routed, acknowledged -> new ("not ours": back to the officer,
 *          internal comment required);
 *   reporter: resolved -> routed (or new) (« ce n'est pas résolu »).
 * A transition to the same state is never allowed. */
int report_transition_allowed(report_actor_kind_t actor, const char *from, const char *to);

/* The states `actor` may move a report in state `from` to, as a JSON array
 * of {value, label} (for the status form). New reference. */
json_t *report_next_states(report_actor_kind_t actor, const char *from);

/* What a new report is made of. Strings belong to the caller. */
typedef struct report_input {
	long long category_id;     /* required, an active category */
	long long sector_id;       /* 0: found from the point (point-in-polygon), if any */
	long long project_id;      /* 0: the sector's project */
	int has_point;
	double lat, lon;
	const char *address;        /* "" or NULL when none; a point or an address is required */
	const char *description;    /* required */
	const char *reporter_email; /* NULL or "" when none */
	const char *reporter_name;  /* NULL or "" when none */
	int notify;                 /* e-mail the reporter on public changes (needs reporter_email) */
	long long walk_id;          /* 0 unless a finding of a walking diagnostic */
	const char *source;         /* "web", "staff", "walk", "open311" */
	int with_follow_token;      /* create a private follow-up token (web and open311) */
} report_input_t;

typedef struct report_created {
	long long id;
	const char *ref;          /* S-2026-00042 (arena) */
	const char *follow_token; /* the follow-up token (arena); NULL if none */
	const char *status;       /* "routed" when a handler was found, else "new" */
	long long handler_org_id; /* 0 when none */
} report_created_t;

/* Creates a report: reference number, sector from the point, project,
 * handler from the routing (report_route_for), due date from the category's
 * deadline, events 'created' (and 'routed'), hotspot check, audit entry
 * report.create, e-mail to the handler (report_notify_routed). Must be called
 * inside a transaction; returns 0, or -1 (then roll back) — the caller has
 * validated the input (category active, point or address, lengths). */
int report_create(req_t *r, const report_input_t *in, report_created_t *out);

/* The handler organisation of category_id in sector_id (0: none): the
 * sector's routing if any, else the category's default. 0 when none. */
long long report_route_for(long long category_id, long long sector_id);

/* The sector containing the point (the first by project then position), or 0. */
long long report_sector_at(double lat, double lon);

typedef enum report_result {
	REPORT_OK,
	REPORT_NOT_FOUND,
	REPORT_FORBIDDEN, /* not allowed for this actor */
	REPORT_INVALID,   /* *message says why, in French */
	REPORT_DB_ERROR,
} report_result_t;

/* A change of state, with optional comments ("" or NULL), by `actor` (the
 * request's user; ACTOR_REPORTER for the follow-up page). Checks
 * report_transition_allowed; rejected needs a public comment (the reason);
 * duplicate needs duplicate_of_ref (another existing report, not itself a
 * duplicate: no chain, no cycle); "not ours" (partner -> new) needs an
 * internal comment. Reopening (from an end state or
 * resolved) records a 'reopened' event and goes to routed (new without
 * handler). Sets resolved_at / closed_at. Records the event, the audit entry
 * report.status, tells the reporter (report_notify_reporter) when public.
 * Inside a transaction. */
report_result_t report_change_status(req_t *r, long long report_id, report_actor_kind_t actor, const char *to,
				     const char *public_comment, const char *internal_comment,
				     const char *duplicate_of_ref, const char **message);

/* Routes (or re-routes) a report to org_id (staff only; the caller checks):
 * state routed (the new handler has acknowledged nothing), 'routed' event,
 * audit report.route, e-mail to the organisation. Inside a transaction. */
report_result_t report_route(req_t *r, long long report_id, long long org_id, const char *internal_comment,
			     const char **message);

/* A comment without change of state (public and/or internal). Inside a
 * transaction. */
report_result_t report_comment(req_t *r, long long report_id, report_actor_kind_t actor, const char *public_comment,
			       const char *internal_comment, const char **message);

/* Adds an event row; returns its id or 0. Inside a transaction. actor_label
 * NULL: the request's user name, else « Système ». */
long long report_event_add(req_t *r, long long report_id, const char *kind, const char *from, const char *to,
			   long long handler_org_id, const char *public_comment, const char *internal_comment,
			   int is_public, const char *actor_label);

/* The report id of a public reference ("S-2026-00042"), or 0. */
long long report_id_by_ref(const char *ref);

/* The private follow-up token of a report: HMAC-SHA256 of "suivi:" + ref
 * under the database's secret key, base64url (43 characters), so that every
 * e-mail to the reporter can carry the link; the database keeps only its
 * hash (for the lookup). Arena string. */
const char *report_follow_token(req_t *r, const char *ref);

/* The report id of a follow-up token, or 0. */
long long report_id_by_follow_token(req_t *r, const char *token);

/* A report as staff or its handler see it (every column but the token
 * hash, with category, strand, sector, handler names and French labels,
 * times in Paris), or NULL. New reference. */
json_t *report_load(req_t *r, long long report_id);

/* The public view of a report: ref, category (code, name), strand, status
 * (+label, open/closed), lat, lon, address, description, sector, handler
 * organisation name, due_at, created_at, updated_at, last public comment,
 * visible photos' URLs. Never the reporter, never internal comments. NULL if
 * none. New reference. */
json_t *report_public_json(req_t *r, long long report_id);

/* The events of a report, oldest first; internal comments and non-public
 * events only when with_internal. New reference. */
json_t *report_events(req_t *r, long long report_id, int with_internal);

/* 1 if u may see the report's private details (staff, admin, or a partner
 * of the handler organisation). */
int report_visible_to(const account_t *u, long long handler_org_id);

/* The organisation whose reports u may list: 0 for staff/admin (all), the
 * partner's organisation, or -1 (none: members, anonymous). */
long long report_scope_org(const account_t *u);

/* --- hooks implemented elsewhere (one feature per file) --- */

/* hotspots.c: after a report is created with a point, flags it (and its
 * neighbours) as a hotspot when the same category was reported at least
 * --hotspot-count times within --hotspot-radius metres and
 * --hotspot-days days. Inside the transaction. 0 or -1. */
int hotspot_check(req_t *r, long long report_id);

/* report_notify.c: e-mails through the outbox, inside the transaction.
 * The handler organisation's address and its active partner accounts are
 * told of a routing; the reporter (notify=1 with an e-mail) of a public
 * event. 0 or -1. */
int report_notify_routed(req_t *r, long long report_id, long long org_id);
/* The reporter (with an e-mail) gets the reference and the private
 * follow-up link (the token exists only now, at creation). */
int report_notify_created(req_t *r, long long report_id, const char *follow_token);
int report_notify_reporter(req_t *r, long long report_id, long long event_id);

#endif
