/* hotspots.c — see hotspots.h.
 *
 * A report with a point looks for the reports of its category around it:
 * the R*Tree report_geo gives the candidates inside a bounding box, a
 * haversine check keeps those within --hotspot-radius metres, and the
 * period keeps those created within --hotspot-days days before it. With at
 * least --hotspot-count of them (itself included) they all join a hotspot
 * of that category: the nearest whose centre is within the radius, or a new
 * one. The hotspot's centre, count, dates and sector are then recomputed
 * from its reports. Rejected reports (not a real problem) never count. */
#include "modules/hotspots.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/config.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/session.h"
#include "modules/projects.h"
#include "modules/report_model.h"
#include "view/helpers.h"

#define EARTH_RADIUS_M 6371008.8
#define METRES_PER_DEGREE 111320.0

double hotspot_distance_m(double lat1, double lon1, double lat2, double lon2)
{
	double rad = M_PI / 180.0;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double a = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
	return 2 * EARTH_RADIUS_M * atan2(sqrt(a), sqrt(1 - a));
}

/* ISO time `days` days before iso, into buf[21]; iso itself if unparsable. */
static void iso_minus_days(const char *iso, long long days, char buf[21])
{
	struct tm tm = {0};
	if (!iso || !strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm)) {
		snprintf(buf, 21, "%s", iso ? iso : "");
		return;
	}
	time_t t = timegm(&tm) - (time_t)(days * 86400);
	gmtime_r(&t, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The bounding box of a circle of `metres` around (lat, lon). */
static void bbox(double lat, double lon, double metres, double box[4])
{
	double dlat = metres / METRES_PER_DEGREE;
	double c = cos(lat * M_PI / 180.0);
	double dlon = metres / (METRES_PER_DEGREE * (c > 0.01 ? c : 0.01));
	box[0] = lat - dlat;
	box[1] = lat + dlat;
	box[2] = lon - dlon;
	box[3] = lon + dlon;
}

#define GET_D(o, k) json_number_value(json_object_get(o, k))
#define GET_I(o, k) ((long long)json_integer_value(json_object_get(o, k)))
#define GET_S(o, k) json_string_value(json_object_get(o, k))

/* The reports of the category within the radius and the period before
 * `created_at` (including the report itself): [{id, hotspot_id}]. New
 * reference. */
static json_t *neighbours(long long category_id, double lat, double lon, const char *created_at)
{
	double box[4], radius = (double)g_config.hotspot_radius;
	char since[21];
	bbox(lat, lon, radius, box);
	iso_minus_days(created_at, g_config.hotspot_days, since);
	json_t *rows =
	    db_rows("SELECT r.id, r.lat, r.lon, COALESCE(r.hotspot_id, 0) AS hotspot_id FROM report_geo g "
		    "JOIN report r ON r.id = g.id WHERE g.min_lat >= ? AND g.max_lat <= ? AND g.min_lon >= ? "
		    "AND g.max_lon <= ? AND r.category_id = ? AND r.created_at >= ? AND r.created_at <= ? "
		    "AND r.status <> 'rejected'",
		    "ddddi"
		    "tt",
		    box[0], box[1], box[2], box[3], category_id, since, created_at);
	json_t *near = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		if (hotspot_distance_m(lat, lon, GET_D(row, "lat"), GET_D(row, "lon")) <= radius)
			json_array_append(near, row);
	}
	json_decref(rows);
	return near;
}

/* The nearest hotspot of the category whose centre is within the radius,
 * or 0. */
static long long nearest_hotspot(long long category_id, double lat, double lon)
{
	double box[4], radius = (double)g_config.hotspot_radius, best_d = radius + 1;
	bbox(lat, lon, radius, box);
	json_t *rows = db_rows("SELECT id, lat, lon FROM hotspot WHERE category_id = ? AND lat BETWEEN ? AND ? "
			       "AND lon BETWEEN ? AND ?",
			       "idddd", category_id, box[0], box[1], box[2], box[3]);
	long long best = 0;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		double d = hotspot_distance_m(lat, lon, GET_D(row, "lat"), GET_D(row, "lon"));
		if (d <= radius && d < best_d) {
			best_d = d;
			best = GET_I(row, "id");
		}
	}
	json_decref(rows);
	return best;
}

/* Recomputes a hotspot's centre, count, dates and sector (the sector most
 * of its reports are in) from its reports. 0 or -1. */
static int hotspot_refresh(long long id, const char *now)
{
	return db_exec(
		   "UPDATE hotspot SET lat = s.lat, lon = s.lon, report_count = s.n, first_at = s.first_at, "
		   "last_at = s.last_at, sector_id = (SELECT sector_id FROM report WHERE hotspot_id = ?1 AND "
		   "sector_id IS NOT NULL GROUP BY sector_id ORDER BY count(*) DESC, sector_id LIMIT 1), "
		   "updated_at = ?2 FROM (SELECT round(avg(lat), 6) AS lat, round(avg(lon), 6) AS lon, count(*) AS n, "
		   "min(created_at) AS first_at, max(created_at) AS last_at FROM report WHERE hotspot_id = ?1) AS s "
		   "WHERE hotspot.id = ?1",
		   "it", id, now) == 0
		   ? 0
		   : -1;
}

int hotspot_check(req_t *r, long long report_id)
{
	(void)r;
	json_t *rep = db_row("SELECT category_id, lat, lon, created_at FROM report WHERE id = ? AND lat IS NOT NULL",
			     "i", report_id);
	if (!rep)
		return 0;
	long long category = GET_I(rep, "category_id");
	double lat = GET_D(rep, "lat"), lon = GET_D(rep, "lon");
	const char *created = GET_S(rep, "created_at");
	json_t *near = neighbours(category, lat, lon, created);
	int rc = 0;
	if ((long long)json_array_size(near) >= g_config.hotspot_count) {
		char now[21];
		db_now(now);
		long long hs = nearest_hotspot(category, lat, lon);
		if (!hs) {
			if (db_exec(
				"INSERT INTO hotspot (category_id, lat, lon, report_count, first_at, last_at, status, "
				"created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?, 'active', ?, ?)",
				"iddtttt", category, lat, lon, created, created, now, now) != 0)
				rc = -1;
			hs = rc == 0 ? db_last_id() : 0;
		} else if (db_exec("UPDATE hotspot SET status = 'active' WHERE id = ? AND status <> 'active'", "i",
				   hs) != 0) {
			rc = -1; /* a handled point noir that comes back is active again */
		}
		size_t i;
		json_t *row;
		json_array_foreach(near, i, row)
		{
			long long other = GET_I(row, "hotspot_id");
			if (rc == 0 && (other == 0 || other == hs) &&
			    db_exec("UPDATE report SET hotspot_id = ? WHERE id = ?", "ii", hs, GET_I(row, "id")) != 0)
				rc = -1;
		}
		if (rc == 0)
			rc = hotspot_refresh(hs, now);
	}
	json_decref(near);
	json_decref(rep);
	return rc;
}

/* ---- staff pages ---- */

static const char *const status_labels[][2] = {
    {"active", "À traiter"},
    {"handled", "Traité"},
};
static const char *const status_values[] = {"active", "handled", NULL};

static const char *status_label(const char *s)
{
	for (size_t i = 0; s && i < sizeof status_labels / sizeof status_labels[0]; i++)
		if (strcmp(status_labels[i][0], s) == 0)
			return status_labels[i][1];
	return s ? s : "";
}

/* Adds status_label, is_active and the French dates to hotspot rows. */
static void decorate(req_t *r, json_t *rows)
{
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		const char *st = GET_S(row, "status");
		json_object_set_new(row, "status_label", json_string(status_label(st)));
		json_object_set_new(row, "is_active", json_boolean(st && strcmp(st, "active") == 0));
	}
	rows_add_time_fr(r, rows, "first_at");
	rows_add_time_fr(r, rows, "last_at");
	rows_add_time_fr(r, rows, "updated_at");
}

/* A filter value from the query, or NULL when empty. */
static const char *filter(req_t *r, const char *key)
{
	const char *v = kv_get(&r->query, key);
	return v && *v ? v : NULL;
}

/* [{value, label, selected}] from rows of (value, label). Steals rows. */
static json_t *choice_list(json_t *rows, const char *selected)
{
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		const char *v = GET_S(row, "value");
		json_object_set_new(row, "selected", json_boolean(selected && v && strcmp(v, selected) == 0));
	}
	return rows;
}

void hotspots_list(req_t *r)
{
	const char *cat = filter(r, "categorie"), *sec = filter(r, "secteur"), *st = filter(r, "etat");
	json_t *rows = db_rows(
	    "SELECT h.id, h.lat, h.lon, h.report_count, h.first_at, h.last_at, h.status, h.note, h.updated_at, "
	    "c.code AS category_code, c.name AS category_name, s.slug AS sector_slug, s.name AS sector_name, "
	    "p.name AS project_name FROM hotspot h JOIN report_category c ON c.id = h.category_id "
	    "LEFT JOIN sector s ON s.id = h.sector_id LEFT JOIN project p ON p.id = s.project_id "
	    "WHERE (?1 IS NULL OR c.code = ?1) AND (?2 IS NULL OR s.slug = ?2) AND (?3 IS NULL OR h.status = ?3) "
	    "ORDER BY h.status = 'active' DESC, h.report_count DESC, h.last_at DESC, h.id",
	    "ttt", cat, sec, st);
	decorate(r, rows);
	json_t *cats =
	    db_rows("SELECT code AS value, name AS label FROM report_category ORDER BY strand, position, name", "");
	json_t *secs = db_rows("SELECT s.slug AS value, p.name || ' — ' || s.name AS label FROM sector s "
			       "JOIN project p ON p.id = s.project_id ORDER BY p.position, p.id, s.position, s.name",
			       "");
	json_t *view =
	    json_pack("{s:{s:s}, s:o, s:I, s:{s:s?, s:s?, s:s?}, s:o, s:o, s:o}", "page", "title", "Points noirs",
		      "hotspots", rows, "count", (json_int_t)json_array_size(rows), "filters", "categorie", cat,
		      "secteur", sec, "etat", st, "categories", choice_list(cats, cat), "sectors",
		      choice_list(secs, sec), "statuses", options_json(status_labels, 2, st));
	json_object_set_new(view, "map", projects_map_sources());
	render(r, 200, "hotspots_list", view);
}

/* The hotspot of the path with its category and sector, or NULL (404 sent). */
static json_t *hotspot_or_404(req_t *r, long long *id)
{
	*id = param_id(r, "hotspot_id");
	json_t *rows =
	    *id ? db_rows("SELECT h.*, c.code AS category_code, c.name AS category_name, "
			  "s.slug AS sector_slug, s.name AS sector_name, p.name AS project_name FROM hotspot h "
			  "JOIN report_category c ON c.id = h.category_id LEFT JOIN sector s ON s.id = h.sector_id "
			  "LEFT JOIN project p ON p.id = s.project_id WHERE h.id = ?",
			  "i", *id)
		: NULL;
	json_t *h = rows && json_array_size(rows) ? json_incref(json_array_get(rows, 0)) : NULL;
	if (h)
		decorate(r, rows);
	json_decref(rows);
	if (!h)
		reply_error(r, 404, "Ce point noir n'existe pas.", NULL);
	return h;
}

/* Renders a hotspot's page (steals h and errors; errors may be NULL). */
static void render_show(req_t *r, int status, long long id, json_t *h, json_t *errors, json_t *input)
{
	json_t *reports =
	    db_rows("SELECT r.id, r.ref, r.status, r.description, r.address, r.created_at, r.lat, r.lon, "
		    "o.name AS handler_name FROM report r LEFT JOIN organization o ON o.id = r.handler_org_id "
		    "WHERE r.hotspot_id = ? ORDER BY r.created_at DESC, r.id DESC",
		    "i", id);
	size_t i;
	json_t *row;
	json_array_foreach(reports, i, row)
	{
		json_object_set_new(row, "status_label", json_string(report_status_label(GET_S(row, "status"))));
		json_object_set_new(row, "is_open", json_boolean(report_status_is_open(GET_S(row, "status"))));
	}
	rows_add_time_fr(r, reports, "created_at");
	const char *st = input ? GET_S(input, "status") : GET_S(h, "status");
	json_t *view = json_pack("{s:{s:s}, s:o, s:o, s:o, s:o, s:o, s:s}", "page", "title",
				 arena_printf(r->arena, "Point noir : %s", GET_S(h, "category_name")), "hotspot", h,
				 "reports", reports, "statuses", options_json(status_labels, 2, st), "errors",
				 errors ? errors : json_object(), "input",
				 input ? input : json_pack("{s:s}", "note", GET_S(h, "note") ? GET_S(h, "note") : ""),
				 "action", arena_printf(r->arena, "/equipe/points-noirs/%lld", id));
	render(r, status, "hotspot_show", view);
}

void hotspots_show(req_t *r)
{
	long long id;
	json_t *h = hotspot_or_404(r, &id);
	if (h)
		render_show(r, 200, id, h, NULL, NULL);
}

static const field_spec_t hotspot_fields[] = {
    {"status", "Suivi", FIELD_ENUM, 1, 0, 0, status_values},
    {"note", "Note", FIELD_TEXTAREA, 0, 0, 2000, NULL},
};

/* Writes the status and note with the audit entry, in one transaction. */
static int hotspot_save(req_t *r, long long id, const char *status, const char *note, const char *category)
{
	char now[21];
	db_now(now);
	if (db_begin() != 0)
		return -1;
	if (db_exec("UPDATE hotspot SET status = ?, note = ?, updated_at = ? WHERE id = ?", "ttti", status, note, now,
		    id) != 0 ||
	    audit_record(r, "hotspot.update", "hotspot", id, "point noir %lld (%s) : %s", id, category,
			 status_label(status)) != 0) {
		db_rollback();
		return -1;
	}
	return db_commit() == 0 ? 0 : -1;
}

void hotspots_update(req_t *r)
{
	long long id;
	json_t *h = hotspot_or_404(r, &id);
	if (!h)
		return;
	form_t f;
	if (form_validate(r->arena, hotspot_fields, 2, &r->form, &f)) {
		if (r->want_json) {
			json_decref(h);
			json_decref(f.input);
			reply_error(r, 422, NULL, f.errors);
			return;
		}
		render_show(r, 422, id, h, f.errors, f.input);
		return;
	}
	json_decref(f.input);
	json_decref(f.errors);
	const char *note = form_text(&f, "note");
	int rc = hotspot_save(r, id, form_text(&f, "status"), note ? note : "", GET_S(h, "category_code"));
	json_decref(h);
	if (rc != 0) {
		reply_error(r, 500, "L'enregistrement a échoué ; rien n'a été modifié.", NULL);
		return;
	}
	flash_set(r, "Suivi du point noir enregistré.");
	redirect(r, arena_printf(r->arena, "/equipe/points-noirs/%lld", id));
}
