/* walk_findings.c — see walks.h: a walk's page with its findings (reports
 * with walk_id = the walk) and their current status, the findings as
 * GeoJSON and CSV, and the JSON API of walks. No reporter data leaves here. */
#include "modules/walks.h"

#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "db/db.h"
#include "http/api.h"
#include "http/session.h"
#include "modules/exports.h"
#include "modules/geojson.h"
#include "modules/report_model.h"
#include "view/helpers.h"

/* The findings of a walk, oldest first: reference, category, strand, place,
 * first photo not hidden, status (current), handler, due date; never the
 * reporter. Labels, Paris times, overdue flag and back-office URL added.
 * New reference. */
static json_t *findings_of(req_t *r, long long walk_id)
{
	json_t *rows = db_rows(
	    "SELECT r.id, r.ref, c.code AS category_code, c.name AS category, c.strand, s.name AS sector, r.address, "
	    "r.lat, r.lon, r.description, r.status, o.name AS handler, r.due_at, r.created_at, r.updated_at, "
	    "(SELECT p.upload_id FROM report_photo p WHERE p.report_id = r.id AND p.hidden = 0 "
	    "ORDER BY p.position, p.upload_id LIMIT 1) AS photo_id "
	    "FROM report r JOIN report_category c ON c.id = r.category_id "
	    "LEFT JOIN sector s ON s.id = r.sector_id LEFT JOIN organization o ON o.id = r.handler_org_id "
	    "WHERE r.walk_id = ? ORDER BY r.created_at, r.id",
	    "i", walk_id);
	char now[21];
	db_now(now);
	size_t i;
	json_t *f;
	json_array_foreach(rows, i, f)
	{
#define STR(k) json_string_value(json_object_get(f, k))
		const char *status = STR("status"), *due = STR("due_at");
		int open = report_status_is_open(status);
		json_object_set_new(f, "status_label", json_string(report_status_label(status)));
		json_object_set_new(f, "strand_label", json_string(report_strand_label(STR("strand"))));
		json_object_set_new(f, "open", json_boolean(open));
		json_object_set_new(f, "overdue", json_boolean(open && due && strcmp(due, now) < 0));
		json_object_set_new(f, "due_fr", json_string(time_fr(r, due)));
		json_object_set_new(f, "created_fr", json_string(time_fr(r, STR("created_at"))));
		json_object_set_new(f, "url",
				    json_string(arena_printf(r->arena, "/gestion/signalements/%lld",
							     (long long)json_integer_value(json_object_get(f, "id")))));
		json_t *lat = json_object_get(f, "lat"), *lon = json_object_get(f, "lon");
		const char *place = STR("address");
		if ((!place || !*place) && json_is_number(lat))
			place = arena_printf(r->arena, "%.5f, %.5f", json_number_value(lat), json_number_value(lon));
		json_object_set_new(f, "place", json_string(place ? place : ""));
		json_t *photo = json_object_get(f, "photo_id");
		if (json_is_integer(photo))
			json_object_set_new(
			    f, "photo_url",
			    json_string(arena_printf(r->arena, "/photos/%lld", (long long)json_integer_value(photo))));
#undef STR
	}
	return rows;
}

/* [{status, label, count}] of the findings, in the order of the states,
 * only the states present. New reference. */
static json_t *counts_of(json_t *findings)
{
	json_t *counts = json_array();
	for (size_t k = 0; report_statuses[k]; k++) {
		long long n = 0;
		size_t i;
		json_t *f;
		json_array_foreach(findings, i, f) n +=
		    strcmp(json_string_value(json_object_get(f, "status")), report_statuses[k]) == 0;
		if (n)
			json_array_append_new(counts, json_pack("{s:s, s:s, s:I}", "status", report_statuses[k],
								"label", report_status_label(report_statuses[k]),
								"count", (json_int_t)n));
	}
	return counts;
}

/* ---- the walk's page ---- */

void walks_show(req_t *r)
{
	long long id;
	json_t *w = walk_or_404(r, &id);
	if (!w)
		return;
	json_t *findings = findings_of(r, id);
	char now[21];
	db_now(now);
	json_t *view =
	    json_pack("{s:{s:O}, s:o, s:o, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "page", "title",
		      json_object_get(w, "title"), "counts", counts_of(findings), "findings", findings,
		      "findings_total", (json_int_t)json_array_size(findings), "new_finding_url",
		      arena_printf(r->arena, "/gestion/signalements/nouveau?diagnostic=%lld", id), "csv_url",
		      arena_printf(r->arena, "/equipe/diagnostics/%lld/constats.csv", id), "geojson_url",
		      arena_printf(r->arena, "/equipe/diagnostics/%lld/constats.geojson", id), "edit_url",
		      arena_printf(r->arena, "/equipe/diagnostics/%lld/modifier", id), "printed_fr", time_fr(r, now),
		      "tiles", g_config.tiles_url ? g_config.tiles_url : "", "csrf", csrf_token(r));
	const char *slug = json_string_value(json_object_get(w, "project_slug"));
	json_object_set_new(view, "sectors_url",
			    json_string(slug ? arena_printf(r->arena, "/projets/%s/secteurs.geojson", slug) : ""));
	json_object_set_new(view, "walk", w);
	render(r, 200, "walk_show", view);
}

/* ---- GeoJSON and CSV ---- */

void walks_findings_geojson(req_t *r)
{
	long long id;
	json_t *w = walk_or_404(r, &id);
	if (!w)
		return;
	json_decref(w);
	json_t *findings = findings_of(r, id), *features = json_array();
	size_t i;
	json_t *f;
	json_array_foreach(findings, i, f)
	{
		json_t *lat = json_object_get(f, "lat"), *lon = json_object_get(f, "lon");
		if (!json_is_number(lat) || !json_is_number(lon))
			continue;
		json_t *props =
		    json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "id", json_object_get(f, "id"), "ref",
			      json_object_get(f, "ref"), "category", json_object_get(f, "category"), "status",
			      json_object_get(f, "status"), "status_label", json_object_get(f, "status_label"), "open",
			      json_object_get(f, "open"), "handler", json_object_get(f, "handler"), "due_at",
			      json_object_get(f, "due_at"), "url", json_object_get(f, "url"));
		json_array_append_new(features, geojson_point(json_number_value(lon), json_number_value(lat), props));
	}
	json_decref(findings);
	geojson_reply(r, geojson_collection(features), 1);
}

/* The columns of the findings' CSV. */
static const export_column_t csv_columns[] = {
    {"Référence", "ref"}, {"Catégorie", "category"},	  {"Volet", "strand_label"}, {"Secteur", "sector"},
    {"Lieu", "place"},	  {"Description", "description"}, {"État", "status_label"},  {"Gestionnaire", "handler"},
    {"Délai", "due_fr"},  {"Signalé le", "created_fr"},
};

void walks_findings_csv(req_t *r)
{
	long long id;
	json_t *w = walk_or_404(r, &id);
	if (!w)
		return;
	json_decref(w);
	export_csv_download(r, arena_printf(r->arena, "diagnostic-%lld-constats.csv", id), csv_columns,
			    sizeof csv_columns / sizeof csv_columns[0], findings_of(r, id));
}

/* ---- JSON API ---- */

/* A finding as the API shows it: public-ish fields and the current status
 * (no reporter, no internal comment). Steals f; new reference. */
static json_t *api_finding(json_t *f)
{
	json_t *out = json_object();
	const char *keys[] = {"id",	    "ref",	    "category_code", "category", "strand",
			      "sector",	    "address",	    "lat",	     "lon",	 "description",
			      "status",	    "status_label", "handler",	     "due_at",	 "overdue",
			      "created_at", "updated_at",   "photo_url",     "url"};
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		json_t *v = json_object_get(f, keys[k]);
		json_object_set(out, keys[k], v ? v : json_null());
	}
	json_decref(f);
	return out;
}

/* A walk as the API shows it, with its findings when with_findings (else
 * their count). New reference, or NULL. */
static json_t *api_walk_json(req_t *r, long long id, int with_findings)
{
	json_t *w = walk_load(r, id);
	if (!w)
		return NULL;
	json_object_del(w, "project_id");
	json_object_set_new(w, "url", json_string(arena_printf(r->arena, "/equipe/diagnostics/%lld", id)));
	if (!with_findings) {
		json_object_set_new(w, "findings_count",
				    json_integer(db_int(0, "SELECT count(*) FROM report WHERE walk_id = ?", "i", id)));
		return w;
	}
	json_t *findings = findings_of(r, id);
	json_object_set_new(w, "counts", counts_of(findings));
	json_t *items = json_array();
	size_t i;
	json_t *f;
	json_array_foreach(findings, i, f) json_array_append_new(items, api_finding(json_incref(f)));
	json_decref(findings);
	json_object_set_new(w, "findings", items);
	return w;
}

void api_walks_list(req_t *r)
{
	r->want_json = 1;
	api_page_t pg;
	if (api_page(r, &pg) != 0)
		return;
	const char *slug = kv_get(&r->query, "project"), *status = kv_get(&r->query, "status");
	if (slug && !*slug)
		slug = NULL;
	if (status && !*status)
		status = NULL;
	char now[21];
	db_now(now);
	long long total = db_int(0,
				 "SELECT count(*) FROM walk w LEFT JOIN project p ON p.id = w.project_id "
				 "WHERE (?1 IS NULL OR p.slug = ?1) AND (?2 IS NULL OR w.status = ?2)",
				 "tt", slug, status);
	json_t *ids = db_rows("SELECT w.id FROM walk w LEFT JOIN project p ON p.id = w.project_id "
			      "WHERE (?1 IS NULL OR p.slug = ?1) AND (?2 IS NULL OR w.status = ?2) "
			      "ORDER BY w.starts_at < ?3, CASE WHEN w.starts_at >= ?3 THEN w.starts_at END, "
			      "w.starts_at DESC, w.id LIMIT ?4 OFFSET ?5",
			      "tttii", slug, status, now, (long long)pg.per_page, pg.offset);
	json_t *items = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(ids, i, row)
	{
		json_t *w = api_walk_json(r, json_integer_value(json_object_get(row, "id")), 0);
		if (w)
			json_array_append_new(items, w);
	}
	json_decref(ids);
	api_list_reply(r, items, total, &pg);
}

void api_walk_get(req_t *r)
{
	r->want_json = 1;
	long long id = param_id(r, "walk_id");
	json_t *w = id ? api_walk_json(r, id, 1) : NULL;
	if (!w) {
		reply_error(r, 404, "Ce diagnostic en marchant n'existe pas.", NULL);
		return;
	}
	reply_json(r, 200, w);
}
