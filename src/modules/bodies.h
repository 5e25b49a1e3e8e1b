/* bodies.h — bodies (instances, GLOSSARY.md: `body`), their members, their
 * sessions (meetings of kind committee_session with meeting.body_id), the
 * convocation, the attendance per college and the quorum, and the decisions
 * of any meeting followed from session to session (`decision`,
 * `decision_followup`). Schema: migrations/0012_concertation.sql.
 *
 * bodies.c: labels, the body model and the staff pages of a body;
 * body_members.c: members; body_sessions.c: convocation, attendance, quorum,
 * the iCalendar feed of a body; decisions.c: the relevé de décisions and the
 * follow-up; bodies_public.c: the public pages, the member's home and the
 * JSON API. The quorum arithmetic is in quorum.c (pure, unit-tested).
 */
#ifndef QUARTIER_BODIES_H
#define QUARTIER_BODIES_H

#include <jansson.h>

#include "http/request.h"

/* ---- staff pages of bodies (bodies.c) ---- */

/* GET /equipe/instances: kind, project, members, next session, open decisions. */
void bodies_list(req_t *r);
/* GET /equipe/instances/nouvelle; POST /equipe/instances. */
void bodies_new_form(req_t *r);
void bodies_create(req_t *r);
/* GET /equipe/instances/{body_id}: members by college, sessions, open decisions. */
void bodies_show(req_t *r);
/* GET /equipe/instances/{body_id}/modifier; POST /equipe/instances/{body_id}. */
void bodies_edit_form(req_t *r);
void bodies_update(req_t *r);
/* POST /equipe/instances/{body_id}/supprimer (ticked `confirm`): deleted, or
 * made inactive when it has sessions. */
void bodies_delete(req_t *r);

/* ---- members (body_members.c) ---- */

/* POST /equipe/instances/{body_id}/membres: add a member. */
void body_members_add(req_t *r);
/* GET/POST /equipe/instances/{body_id}/membres/{member_id}: edit. */
void body_members_edit_form(req_t *r);
void body_members_update(req_t *r);
/* POST …/membres/{member_id}/fin: the mandate ends today (Paris). */
void body_members_end(req_t *r);
/* POST …/membres/{member_id}/retirer (ticked `confirm`): removed. */
void body_members_remove(req_t *r);

/* ---- sessions (body_sessions.c) ---- */

/* GET/POST /equipe/reunions/{meeting_id}/convocation: who gets it, and the
 * sending (again only with `confirm` ticked). */
void body_convocation_page(req_t *r);
void body_convocation_send(req_t *r);
/* GET/POST /equipe/reunions/{meeting_id}/emargement: attendance per member. */
void body_attendance_page(req_t *r);
void body_attendance_save(req_t *r);
/* GET /instances/{body_slug}.ics: the public sessions of a public body. */
void body_ics(req_t *r);

/* ---- decisions (decisions.c) ---- */

/* GET/POST /equipe/reunions/{meeting_id}/decisions: the relevé de décisions
 * of a meeting, and the follow-up of the body's earlier open decisions. */
void decisions_page(req_t *r);
void decisions_add(req_t *r);
/* GET/POST /equipe/decisions/{decision_id}: edit a decision; its history. */
void decisions_edit_form(req_t *r);
void decisions_update(req_t *r);
/* POST /equipe/decisions/{decision_id}/suite: a follow-up (meeting_id,
 * status, note). */
void decisions_followup(req_t *r);

/* ---- public pages, member's home, API (bodies_public.c) ---- */

/* GET /instances; GET /instances/{body_slug} (public bodies; 404 otherwise). */
void bodies_public_list(req_t *r);
void bodies_public_page(req_t *r);
/* GET /api/v1/bodies, /api/v1/bodies/{body_id}, …/decisions; /api/v1/decisions (staff). */
void api_bodies_list(req_t *r);
void api_body_get(req_t *r);
void api_body_decisions(req_t *r);
void api_decisions_list(req_t *r);

/* ---- shared ---- */

/* French labels; the key itself when unknown. */
const char *body_kind_label(const char *kind);
const char *body_college_label(const char *college);
const char *body_seat_label(const char *seat);
const char *decision_status_label(const char *status);

/* Options of a <select> of the bodies (id, name, selected), active ones and
 * the one selected. New reference. */
json_t *body_choices(long long selected);

/* 1 when the request's account is a member (body_member.account_id) of the
 * meeting's body with a mandate current today or on the meeting's day. */
int body_viewer_is_member(const req_t *r, long long meeting_id);

/* The members of body_id current on the Paris day `day` (YYYY-MM-DD), each
 * with name, college, seat, position, email, and attendance status at
 * meeting_id (0: none). New reference. */
json_t *body_members_on(long long body_id, const char *day, long long meeting_id);

/* The colleges and quorum of a session (committee_session with a body):
 * {colleges: [{label, full, full_present, substitutes_present, effective,
 * represented}], has_rule, met, text}; NULL for other meetings. New
 * reference. */
json_t *body_session_quorum(req_t *r, long long meeting_id);

/* The line of a meeting's staff page about its body (meeting m as
 * meeting_load gives it; templates/meeting_session_summary.html):
 * {is_session, body_id, body_name, convened_fr, decisions, quorum}. New
 * reference. */
json_t *body_session_summary(req_t *r, json_t *m);

/* The current memberships of a contact (body name, college, seat, position,
 * mandate), for the contact's page. New reference. */
json_t *body_memberships_of_contact(long long contact_id);

/* The bodies and sessions (private included) of the account's
 * memberships, for /membre: {bodies, upcoming, past}. New reference. */
json_t *body_member_home(req_t *r);

/* The Paris day (YYYY-MM-DD) of a UTC ISO time, or today when NULL. Arena string. */
const char *body_paris_day(req_t *r, const char *iso_utc);

/* The rows of the decisions of a body, with status_label, due_fr, overdue,
 * meeting title/date and history (follow-ups). where: "open" (open,
 * in_progress) or NULL (all). New reference. */
json_t *body_decisions(req_t *r, long long body_id, int only_open);

/* Decorates decision rows: status_label, is_overdue, due_fr, followups. */
void decisions_decorate(req_t *r, json_t *rows, int with_history);

/* A body by id with kind_label, project, description_html, quorum_fr;
 * NULL when none. New reference. */
json_t *body_load(req_t *r, long long id);
/* The body of the path's {body_id}, or NULL after a 404. New reference. */
json_t *body_or_404(req_t *r, long long *id);
/* Options of a table of {value, label} pairs (as options_json), by kind. */
json_t *body_kind_options(const char *selected);
json_t *body_college_options(const char *selected);
json_t *body_seat_options(const char *selected);
json_t *decision_status_options(const char *selected);
/* "YYYY-MM-DD" as "DD/MM/YYYY" (arena string); "" for NULL. */
const char *body_day_fr(req_t *r, const char *day);
/* The sessions of a body (all to staff or members, public ones otherwise),
 * split into {upcoming, past}. New reference. */
json_t *body_sessions(req_t *r, long long body_id, int with_private);
/* Members of a body grouped by college: [{key, label, members}], current
 * only (today) when current_only. New reference. */
json_t *body_members_by_college(req_t *r, long long body_id, int current_only);
/* The choices of the member form: {contacts, colleges, seats, accounts},
 * with the given values selected. New reference. */
json_t *body_member_choices(long long contact, const char *college, const char *seat, long long account);
/* Renders the staff page of body id (b borrowed), with the member form's
 * input and errors (stolen, may be NULL) when a member could not be saved. */
void bodies_show_render(req_t *r, int status, long long id, json_t *b, json_t *member_input, json_t *member_errors);

#endif
