/* bodies_public.c — see bodies.h: the public pages of the public bodies
 * (members by college with names and positions, public sessions, open
 * decisions), the home of member accounts, a contact's memberships, and the
 * JSON API. Members of a public body are public figures: their name,
 * college, seat and position are shown; never their e-mail or phone. */
#include "modules/bodies.h"

#include <string.h>

#include "db/db.h"
#include "http/api.h"
#include "modules/meetings.h"
#include "view/helpers.h"

#define NOT_FOUND_MSG "Cette instance n'existe pas."

/* Keeps only what the public may see of members grouped by college. */
static void strip_members(json_t *colleges)
{
	json_t *c, *m;
	size_t i, k;
	json_array_foreach(colleges, i, c) json_array_foreach(json_object_get(c, "members"), k, m)
	{
		static const char *const private_keys[] = {"contact_id",    "account_id",  "account_name",
							   "mandate_start", "mandate_end", "mandate_fr"};
		for (size_t j = 0; j < sizeof private_keys / sizeof private_keys[0]; j++)
			json_object_del(m, private_keys[j]);
	}
}

static void api_decisions_clean(req_t *r, json_t *rows);

/* ---- public pages ---- */

/* The public bodies with their kind label. New reference. */
static json_t *public_bodies(void)
{
	json_t *rows = db_rows("SELECT b.id, b.slug, b.name, b.kind, b.description, p.name AS project_name, p.slug AS "
			       "project_slug FROM body b LEFT JOIN project p ON p.id = b.project_id WHERE b.is_public = "
			       "1 AND b.active = 1 ORDER BY p.position, b.name",
			       NULL);
	json_t *row;
	size_t i;
	json_array_foreach(rows, i, row) json_object_set_new(
	    row, "kind_label", json_string(body_kind_label(json_string_value(json_object_get(row, "kind")))));
	return rows;
}

void bodies_public_list(req_t *r)
{
	json_t *rows = public_bodies();
	render(r, 200, "bodies_public",
	       json_pack("{s:{s:s}, s:o, s:b}", "page", "title", "Les instances de la concertation", "bodies", rows,
			 "has_bodies", json_array_size(rows) > 0));
}

void bodies_public_page(req_t *r)
{
	long long id = db_int(0, "SELECT id FROM body WHERE slug = ? AND is_public = 1", "t", req_param(r, "body_slug"));
	json_t *b = id ? body_load(r, id) : NULL;
	if (!b) {
		reply_error(r, 404, NOT_FOUND_MSG, NULL);
		return;
	}
	json_t *colleges = body_members_by_college(r, id, 1);
	strip_members(colleges);
	json_t *decisions = body_decisions(r, id, 1);
	/* decisions of private sessions are shown, their session's title is not
	 * (nor that of a follow-up's session), as in the API */
	api_decisions_clean(r, decisions);
	json_t *view = json_pack("{s:{s:s}, s:o, s:o, s:o, s:o, s:b, s:s}", "page", "title",
				 arena_strdup(r->arena, json_string_value(json_object_get(b, "name"))), "body", b,
				 "colleges", colleges, "sessions", body_sessions(r, id, 0), "decisions", decisions,
				 "has_decisions", json_array_size(decisions) > 0, "ics_url",
				 arena_printf(r->arena, "/instances/%s.ics", req_param(r, "body_slug")));
	render(r, 200, "body_public", view);
}

/* ---- the member's home and a contact's memberships ---- */

json_t *body_member_home(req_t *r)
{
	const char *today = body_paris_day(r, NULL);
	json_t *bodies = db_rows(
	    "SELECT DISTINCT b.id, b.slug, b.name, b.kind, b.is_public, bm.college, bm.seat, bm.position FROM "
	    "body_member bm JOIN body b ON b.id = bm.body_id WHERE bm.account_id = ?1 AND (bm.mandate_end IS NULL OR "
	    "bm.mandate_end >= ?2) ORDER BY b.name",
	    "it", r->user ? r->user->id : 0LL, today);
	json_t *row;
	size_t i;
	json_array_foreach(bodies, i, row)
	{
		json_object_set_new(row, "kind_label",
				    json_string(body_kind_label(json_string_value(json_object_get(row, "kind")))));
		json_object_set_new(row, "college_label",
				    json_string(body_college_label(json_string_value(json_object_get(row, "college")))));
		json_object_set_new(row, "seat_label",
				    json_string(body_seat_label(json_string_value(json_object_get(row, "seat")))));
		json_object_set_new(row, "sessions",
				    body_sessions(r, json_integer_value(json_object_get(row, "id")), 1));
	}
	return json_pack("{s:o, s:b}", "bodies", bodies, "has_bodies", json_array_size(bodies) > 0);
}

json_t *body_memberships_of_contact(long long contact_id)
{
	json_t *rows = db_rows("SELECT b.id AS body_id, b.name AS body_name, bm.college, bm.seat, bm.position, "
			       "bm.mandate_start, bm.mandate_end FROM body_member bm JOIN body b ON b.id = bm.body_id "
			       "WHERE bm.contact_id = ? ORDER BY b.name",
			       "i", contact_id);
	json_t *row;
	size_t i;
	json_array_foreach(rows, i, row)
	{
		json_object_set_new(row, "college_label",
				    json_string(body_college_label(json_string_value(json_object_get(row, "college")))));
		json_object_set_new(row, "seat_label",
				    json_string(body_seat_label(json_string_value(json_object_get(row, "seat")))));
	}
	return rows;
}

/* ---- JSON API ---- */

static int viewer_is_staff(const req_t *r)
{
	return meeting_viewer_is_staff(r);
}

/* A body for the API: public fields, URLs; members by college (public
 * figures: name, college, seat, position) when with_members. NULL when
 * absent or hidden from the viewer. New reference. */
static json_t *api_body_json(req_t *r, long long id, int with_members)
{
	json_t *b = body_load(r, id);
	if (b && !json_integer_value(json_object_get(b, "is_public")) && !viewer_is_staff(r)) {
		json_decref(b);
		return NULL;
	}
	if (!b)
		return NULL;
	json_object_del(b, "description_html");
	static const char *const flags[] = {"is_public", "quorum_all_colleges", "active"};
	for (size_t k = 0; k < 3; k++)
		json_object_set_new(b, flags[k], json_boolean(json_integer_value(json_object_get(b, flags[k]))));
	json_object_set_new(b, "url",
			    json_string(arena_printf(r->arena, "/instances/%s",
						     json_string_value(json_object_get(b, "slug")))));
	if (!with_members)
		return b;
	json_t *colleges = body_members_by_college(r, id, 1), *c, *m;
	strip_members(colleges);
	size_t i, k;
	json_array_foreach(colleges, i, c) json_array_foreach(json_object_get(c, "members"), k, m)
	{
		json_object_del(m, "is_substitute");
		json_object_del(m, "mandate_fr");
		json_object_del(m, "is_current");
		json_object_del(m, "seat_label");
	}
	json_object_set_new(b, "colleges", colleges);
	json_object_set_new(b, "sessions", body_sessions(r, id, viewer_is_staff(r)));
	return b;
}

void api_bodies_list(req_t *r)
{
	r->want_json = 1;
	api_page_t pg;
	if (api_page(r, &pg) != 0)
		return;
	long long all = viewer_is_staff(r);
	long long total = db_int(0, "SELECT count(*) FROM body WHERE ? OR is_public = 1", "i", all);
	json_t *ids = db_rows("SELECT id FROM body WHERE ?1 OR is_public = 1 ORDER BY name, id LIMIT ?2 OFFSET ?3",
			      "iii", all, (long long)pg.per_page, pg.offset);
	json_t *items = json_array(), *row;
	size_t i;
	json_array_foreach(ids, i, row)
	{
		json_t *b = api_body_json(r, json_integer_value(json_object_get(row, "id")), 0);
		if (b)
			json_array_append_new(items, b);
	}
	json_decref(ids);
	api_list_reply(r, items, total, &pg);
}

void api_body_get(req_t *r)
{
	r->want_json = 1;
	long long id = param_id(r, "body_id");
	json_t *b = id ? api_body_json(r, id, 1) : NULL;
	if (!b) {
		reply_error(r, 404, NOT_FOUND_MSG, NULL);
		return;
	}
	reply_json(r, 200, b);
}

/* Drops the private session of each decision row for non-staff viewers. */
static void api_decisions_clean(req_t *r, json_t *rows)
{
	int staff = viewer_is_staff(r);
	json_t *d;
	size_t i;
	json_array_foreach(rows, i, d)
	{
		json_t *h;
		size_t k;
		json_array_foreach(json_object_get(d, "history"), k, h)
		{
			json_object_del(h, "meeting_starts_at");
			/* a follow-up noted at a private session: not its title */
			if (!staff && !json_integer_value(json_object_get(h, "meeting_public"))) {
				json_object_del(h, "meeting_title");
				json_object_del(h, "meeting_id");
			}
			json_object_del(h, "meeting_public");
		}
		json_object_del(d, "has_history");
		json_object_set_new(d, "meeting_public", json_boolean(json_integer_value(json_object_get(d, "meeting_public"))));
		if (!staff && !json_is_true(json_object_get(d, "meeting_public"))) {
			json_object_del(d, "meeting_title");
			json_object_del(d, "meeting_id");
		}
	}
}

void api_body_decisions(req_t *r)
{
	r->want_json = 1;
	long long id = param_id(r, "body_id");
	if (!id || !db_int(0, "SELECT 1 FROM body WHERE id = ? AND (? OR is_public = 1)", "ii", id,
			   (long long)viewer_is_staff(r))) {
		reply_error(r, 404, NOT_FOUND_MSG, NULL);
		return;
	}
	const char *status = kv_get(&r->query, "status");
	json_t *rows = body_decisions(r, id, status && strcmp(status, "open") == 0);
	api_decisions_clean(r, rows);
	reply_json(r, 200, json_pack("{s:o, s:I}", "items", rows, "total", (json_int_t)json_array_size(rows)));
}

void api_decisions_list(req_t *r)
{
	r->want_json = 1;
	api_page_t pg;
	if (api_page(r, &pg) != 0)
		return;
	const char *status = kv_get(&r->query, "status"), *overdue = kv_get(&r->query, "overdue");
	const char *body = kv_get(&r->query, "body");
	if (status && !*status)
		status = NULL;
	if (status && strcmp(decision_status_label(status), status) == 0 && strcmp(status, "open_any") != 0) {
		reply_error(r, 422, "État inconnu : open, in_progress, done, dropped ou open_any.",
			    json_pack("{s:s}", "status", "État inconnu."));
		return;
	}
	long long body_id = 0;
	if (body && *body) {
		body_id = db_int(0, "SELECT id FROM body WHERE id = ? OR slug = ?", "it", atoll(body), body);
		if (!body_id) {
			reply_error(r, 422, "Instance inconnue.", json_pack("{s:s}", "body", "Instance inconnue."));
			return;
		}
	}
	long long late = overdue && *overdue && strcmp(overdue, "0") != 0;
	const char *today = body_paris_day(r, NULL);
#define DECISIONS_WHERE                                                                                                \
	"WHERE (?1 IS NULL OR d.status = ?1 OR (?1 = 'open_any' AND d.status IN ('open', 'in_progress'))) AND (?2 = " \
	"0 OR d.body_id = ?2) AND (?3 = 0 OR (d.status IN ('open', 'in_progress') AND d.due_on < ?4)) "
	long long total = db_int(0, "SELECT count(*) FROM decision d " DECISIONS_WHERE, "tiit", status, body_id, late,
				 today);
	json_t *rows = db_rows(
	    "SELECT d.id, d.meeting_id, d.body_id, b.name AS body_name, d.text, d.owner_organization_id, o.name AS "
	    "owner_organization, d.owner_name, d.due_on, d.status, d.closed_at, d.created_at, d.updated_at FROM "
	    "decision d LEFT JOIN body b ON b.id = d.body_id LEFT JOIN organization o ON o.id = "
	    "d.owner_organization_id " DECISIONS_WHERE "ORDER BY d.due_on IS NULL, d.due_on, d.id LIMIT ?5 OFFSET ?6",
	    "tiitii", status, body_id, late, today, (long long)pg.per_page, pg.offset);
	decisions_decorate(r, rows, 0);
	api_list_reply(r, rows, total, &pg);
}
