/* agenda.c — see meetings.h: the public agenda, a meeting's public page,
 * the iCalendar feeds (core/ical.h) and the JSON API of meetings. Private
 * meetings (is_public = 0) are shown to staff only: 404 to anyone else, and
 * never in a feed. */
#include "modules/meetings.h"

#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/ical.h"
#include "db/db.h"
#include "http/api.h"
#include "modules/bodies.h"
#include "view/helpers.h"
#include "view/markdown.h"
#include "modules/registrations.h"

#define NOT_FOUND_MSG "Cette réunion n'existe pas."

/* ---- helpers ---- */

/* The configured base URL without its trailing slashes (arena string). */
static const char *base_url(req_t *r)
{
	const char *b = g_config.base_url ? g_config.base_url : "";
	size_t n = strlen(b);
	while (n && b[n - 1] == '/')
		n--;
	return arena_strndup(r->arena, b, n);
}

/* The host of the base URL, for UIDs ("localhost" when there is none). */
static const char *base_host(req_t *r)
{
	const char *b = base_url(r), *p = strstr(b, "://");
	p = p ? p + 3 : b;
	size_t n = strcspn(p, "/:?#");
	return n ? arena_strndup(r->arena, p, n) : "localhost";
}

/* A query parameter, NULL when absent or empty. */
static const char *query(req_t *r, const char *name)
{
	const char *v = kv_get(&r->query, name);
	return v && *v ? v : NULL;
}

/* The meeting of the path's {meeting_id} if the viewer may see it
 * (public, or staff); NULL after answering 404. */
static json_t *visible_meeting(req_t *r, long long *id)
{
	*id = param_id(r, "meeting_id");
	json_t *m = *id ? meeting_load(r, *id) : NULL;
	if (m && !json_integer_value(json_object_get(m, "is_public")) && !meeting_viewer_is_staff(r) &&
	    !body_viewer_is_member(r, *id)) {
		json_decref(m);
		m = NULL;
	}
	if (!m)
		reply_error(r, 404, NOT_FOUND_MSG, NULL);
	return m;
}

/* ---- the public agenda ---- */

#define AGENDA_WHERE                                                                                                   \
	"m.is_public = 1 AND (?1 IS NULL OR p.slug = ?1) AND (?2 IS NULL OR m.kind = ?2) AND (?3 IS NULL OR EXISTS "   \
	"(SELECT 1 FROM meeting_sector ms JOIN sector s ON s.id = ms.sector_id WHERE ms.meeting_id = m.id AND s.slug " \
	"= ?3)) "

/* The public meetings matching the filters, upcoming (soonest first) or
 * past (latest first). New reference. */
static json_t *agenda_rows(req_t *r, const char *slug, const char *kind, const char *sector, int past)
{
	char now[21];
	db_now(now);
	json_t *rows = db_rows(
	    past ? "SELECT m.id, m.title, m.kind, m.starts_at, m.ends_at, m.status, m.place, m.online_url, p.slug AS "
		   "project_slug, p.name AS project_name FROM meeting m LEFT JOIN project p ON p.id = m.project_id "
		   "WHERE " AGENDA_WHERE "AND m.ends_at < ?4 ORDER BY m.starts_at DESC, m.id LIMIT 200"
		 : "SELECT m.id, m.title, m.kind, m.starts_at, m.ends_at, m.status, m.place, m.online_url, p.slug AS "
		   "project_slug, p.name AS project_name FROM meeting m LEFT JOIN project p ON p.id = m.project_id "
		   "WHERE " AGENDA_WHERE "AND m.ends_at >= ?4 ORDER BY m.starts_at, m.id LIMIT 200",
	    "tttt", slug, kind, sector, now);
	rows_add_time_fr(r, rows, "starts_at");
	json_t *row;
	size_t i;
	json_array_foreach(rows, i, row)
	{
		const char *st = json_string_value(json_object_get(row, "status"));
		json_object_set_new(row, "kind_label",
				    json_string(meeting_kind_label(json_string_value(json_object_get(row, "kind")))));
		json_object_set_new(row, "status_label", json_string(meeting_status_label(st)));
		json_object_set_new(row, "is_cancelled", json_boolean(st && strcmp(st, "cancelled") == 0));
	}
	return rows;
}

/* The sectors that have public meetings, for the filter. New reference. */
static json_t *sector_choices(const char *selected)
{
	return db_rows(
	    "SELECT DISTINCT s.slug, s.name, p.name AS project_name, s.slug = ?1 AS selected FROM sector s "
	    "JOIN project p ON p.id = s.project_id JOIN meeting_sector ms ON ms.sector_id = s.id JOIN meeting "
	    "m ON m.id = ms.meeting_id WHERE m.is_public = 1 ORDER BY p.position, s.position, s.name",
	    "t", selected ? selected : "");
}

void agenda_page(req_t *r)
{
	const char *slug = query(r, "projet"), *kind = query(r, "type"), *sector = query(r, "secteur");
	int only_past = query(r, "passees") && strcmp(query(r, "passees"), "0") != 0;
	if (kind && strcmp(meeting_kind_label(kind), kind) == 0)
		kind = "?"; /* unknown kind: nothing matches */
	json_t *upcoming = only_past ? json_array() : agenda_rows(r, slug, kind, sector, 0);
	json_t *past = agenda_rows(r, slug, kind, sector, 1);
	json_t *projects = db_rows("SELECT slug, name, slug = ? AS selected FROM project ORDER BY position, name", "t",
				   slug ? slug : "");
	const char *ics = slug ? arena_printf(r->arena, "/projets/%s/agenda.ics", slug) : "/agenda.ics";
	int has_upcoming = json_array_size(upcoming) > 0, has_past = json_array_size(past) > 0;
	render(r, 200, "agenda",
	       json_pack("{s:{s:s}, s:o, s:o, s:b, s:b, s:b, s:o, s:o, s:o, s:{s:s?, s:s?, s:s?}, s:s}", "page",
			 "title", only_past ? "Agenda : réunions passées" : "Agenda de la concertation", "upcoming",
			 upcoming, "past", past, "has_upcoming", has_upcoming, "has_past", has_past, "only_past",
			 only_past, "projects", projects, "kinds", meeting_kind_options(kind), "sectors",
			 sector_choices(sector), "filters", "projet", slug, "type", kind, "secteur", sector, "ics_url",
			 ics));
}

void agenda_meeting_page(req_t *r)
{
	long long id;
	json_t *m = visible_meeting(r, &id);
	if (!m)
		return;
	json_object_set_new(m, "description_html",
			    json_string(markdown_html(r->arena, json_string_value(json_object_get(m, "description")))));
	json_object_set_new(m, "is_private", json_boolean(!json_integer_value(json_object_get(m, "is_public"))));
	json_object_set_new(m, "is_staff", json_boolean(meeting_viewer_is_staff(r)));
	json_object_del(m, "sequence");
	json_object_set_new(m, "has_organizations",
			    json_boolean(json_array_size(json_object_get(m, "organizations")) > 0));
	json_t *quorum = body_session_quorum(r, id); /* a body's session: colleges and quorum */
	if (quorum)
		json_object_set_new(m, "body_session", quorum);
	/* registrations, minutes, decisions, figures (registrations.h) */
	if (json_integer_value(json_object_get(m, "is_public")))
		json_object_set_new(m, "registration", registration_public_json(r, m));
	json_object_set_new(m, "record", minutes_public_json(r, m));
	json_t *view = json_pack("{s:{s:s}, s:o}", "page", "title",
				 arena_strdup(r->arena, json_string_value(json_object_get(m, "title"))), "meeting", m);
	render(r, 200, "meeting_public", view);
}

/* ---- iCalendar ---- */

/* The DESCRIPTION of a meeting: kind, description, agenda and link. */
static const char *event_description(req_t *r, json_t *m, const char *url)
{
	buf_t d;
	buf_init(&d, r->arena, 256);
	buf_printf(&d, "%s", json_string_value(json_object_get(m, "kind_label")));
	const char *desc = json_string_value(json_object_get(m, "description"));
	if (desc && *desc)
		buf_printf(&d, "\n\n%s", desc);
	json_t *items = json_object_get(m, "agenda_items"), *it;
	size_t i;
	if (json_array_size(items))
		buf_puts(&d, "\n\nOrdre du jour :");
	json_array_foreach(items, i, it)
	{
		buf_printf(&d, "\n%zu. %s", i + 1, json_string_value(json_object_get(it, "title")));
		if (json_integer_value(json_object_get(it, "duration_minutes")))
			buf_printf(&d, " (%lld min)",
				   (long long)json_integer_value(json_object_get(it, "duration_minutes")));
	}
	const char *online = json_string_value(json_object_get(m, "online_url"));
	if (online && *online)
		buf_printf(&d, "\n\nEn ligne : %s", online);
	buf_printf(&d, "\n\n%s", url);
	return d.data;
}

/* Appends the VEVENT of meeting id (public only; nothing otherwise). */
static void put_event(req_t *r, buf_t *b, long long id)
{
	json_t *m = meeting_load(r, id);
	if (!m || !json_integer_value(json_object_get(m, "is_public"))) {
		json_decref(m);
		return;
	}
	char start[16], end[16], stamp[17];
	if (ical_paris_local(json_string_value(json_object_get(m, "starts_at")), start) != 0 ||
	    ical_paris_local(json_string_value(json_object_get(m, "ends_at")), end) != 0 ||
	    ical_utc(json_string_value(json_object_get(m, "updated_at")), stamp) != 0) {
		json_decref(m);
		return;
	}
	const char *url = arena_printf(r->arena, "%s/agenda/%lld", base_url(r), id);
	const char *place = json_string_value(json_object_get(m, "place"));
	const char *online = json_string_value(json_object_get(m, "online_url"));
	ical_line(b, "BEGIN", "VEVENT");
	ical_line(b, "UID", arena_printf(r->arena, "meeting-%lld@%s", id, base_host(r)));
	ical_line(b, "DTSTAMP", stamp);
	ical_line(b, "SEQUENCE",
		  arena_printf(r->arena, "%lld", (long long)json_integer_value(json_object_get(m, "sequence"))));
	ical_line(b, "DTSTART;TZID=Europe/Paris", start);
	ical_line(b, "DTEND;TZID=Europe/Paris", end);
	ical_text(b, "SUMMARY", json_string_value(json_object_get(m, "title")));
	if ((place && *place) || (online && *online))
		ical_text(b, "LOCATION", place && *place ? place : online);
	if (json_is_real(json_object_get(m, "lat")))
		ical_line(b, "GEO",
			  arena_printf(r->arena, "%.6f;%.6f", json_real_value(json_object_get(m, "lat")),
				       json_real_value(json_object_get(m, "lon"))));
	ical_text(b, "CATEGORIES", json_string_value(json_object_get(m, "kind_label")));
	ical_text(b, "DESCRIPTION", event_description(r, m, url));
	ical_line(b, "URL", url);
	ical_line(b, "STATUS", json_is_true(json_object_get(m, "is_cancelled")) ? "CANCELLED" : "CONFIRMED");
	ical_line(b, "END", "VEVENT");
	json_decref(m);
}

/* Answers a calendar of the public meetings of ids (rows with "id"). */
static void reply_calendar(req_t *r, const char *name, json_t *ids)
{
	buf_t b;
	buf_init(&b, r->arena, 4096);
	ical_begin(&b, name);
	json_t *row;
	size_t i;
	json_array_foreach(ids, i, row) put_event(r, &b, json_integer_value(json_object_get(row, "id")));
	ical_end(&b);
	reply_raw(r, 200, "text/calendar; charset=utf-8", b.data, b.len);
}

void agenda_ics(req_t *r)
{
	json_t *ids = db_rows("SELECT id FROM meeting WHERE is_public = 1 ORDER BY starts_at, id", NULL);
	reply_calendar(r, "Agenda de la concertation", ids);
	json_decref(ids);
}

void agenda_project_ics(req_t *r)
{
	json_t *p = db_row("SELECT id, name FROM project WHERE slug = ?", "t", req_param(r, "slug"));
	if (!p) {
		reply_error(r, 404, "Ce projet n'existe pas.", NULL);
		return;
	}
	json_t *ids = db_rows("SELECT id FROM meeting WHERE is_public = 1 AND project_id = ? ORDER BY starts_at, id",
			      "i", (long long)json_integer_value(json_object_get(p, "id")));
	reply_calendar(r, arena_printf(r->arena, "Agenda : %s", json_string_value(json_object_get(p, "name"))), ids);
	json_decref(ids);
	json_decref(p);
}

void agenda_meeting_ics(req_t *r)
{
	long long id = param_id(r, "meeting_id");
	if (!id || !db_int(0, "SELECT 1 FROM meeting WHERE id = ? AND is_public = 1", "i", id)) {
		reply_error(r, 404, NOT_FOUND_MSG, NULL);
		return;
	}
	json_t *ids = json_pack("[{s:I}]", "id", (json_int_t)id);
	reply_calendar(r, NULL, ids);
	json_decref(ids);
}

/* ---- the JSON API ---- */

/* A meeting for the API, with its public URL; NULL when absent or hidden
 * from this viewer. New reference. */
static json_t *api_meeting_json(req_t *r, long long id)
{
	json_t *m = meeting_load(r, id);
	if (m && !json_integer_value(json_object_get(m, "is_public")) && !meeting_viewer_is_staff(r)) {
		json_decref(m);
		return NULL;
	}
	if (!m)
		return NULL;
	json_object_set_new(m, "is_public", json_boolean(json_integer_value(json_object_get(m, "is_public"))));
	json_object_set_new(m, "url", json_string(arena_printf(r->arena, "/agenda/%lld", id)));
	json_object_set_new(m, "ics_url", json_string(arena_printf(r->arena, "/agenda/%lld.ics", id)));
	json_object_set_new(m, "registrations", registration_counts(id)); /* counts only, never names */
	return m;
}

void api_meetings_list(req_t *r)
{
	r->want_json = 1;
	api_page_t pg;
	if (api_page(r, &pg) != 0)
		return;
	long long all = meeting_viewer_is_staff(r);
	const char *slug = query(r, "project"), *kind = query(r, "kind");
	long long total =
	    db_int(0,
		   "SELECT count(*) FROM meeting m LEFT JOIN project p ON p.id = m.project_id WHERE (?1 OR "
		   "m.is_public = 1) AND (?2 IS NULL OR p.slug = ?2) AND (?3 IS NULL OR m.kind = ?3)",
		   "itt", all, slug, kind);
	json_t *ids = db_rows("SELECT m.id FROM meeting m LEFT JOIN project p ON p.id = m.project_id WHERE (?1 OR "
			      "m.is_public = 1) AND (?2 IS NULL OR p.slug = ?2) AND (?3 IS NULL OR m.kind = ?3) "
			      "ORDER BY m.starts_at DESC, m.id LIMIT ?4 OFFSET ?5",
			      "ittii", all, slug, kind, (long long)pg.per_page, pg.offset);
	json_t *items = json_array(), *row;
	size_t i;
	json_array_foreach(ids, i, row)
	{
		json_t *m = api_meeting_json(r, json_integer_value(json_object_get(row, "id")));
		if (m)
			json_array_append_new(items, m);
	}
	json_decref(ids);
	api_list_reply(r, items, total, &pg);
}

void api_meeting_get(req_t *r)
{
	r->want_json = 1;
	long long id = param_id(r, "meeting_id");
	json_t *m = id ? api_meeting_json(r, id) : NULL;
	if (!m) {
		reply_error(r, 404, NOT_FOUND_MSG, NULL);
		return;
	}
	reply_json(r, 200, m);
}

/* ---- shared with the bodies' feeds and e-mails (meetings.h) ---- */

const char *agenda_base_url(req_t *r)
{
	return base_url(r);
}

void agenda_reply_calendar(req_t *r, const char *name, json_t *ids)
{
	reply_calendar(r, name, ids);
}
