/* reports_list.c — the one filtered query of the back office's report list
 * (see reports_backoffice.h): the page, the map's GeoJSON, the exports and
 * the API list all read their rows here, within the user's scope.
 *
 * Statements are prepared once and cached by the address of their text, so
 * the SQL is a handful of literals. Each optional filter is written
 * "(?N IS NULL OR …)", which SQLite cannot use to pick an index; hence one
 * variant per "driving" condition written literally — full text, overdue
 * (the partial indexes on open reports), a handler organisation — the
 * others stay optional terms. Ids are selected first (no join), then the
 * page's rows are read by id in that order (json_each). */
#include "modules/reports_backoffice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/api.h"
#include "modules/directory_search.h"
#include "modules/exports.h"
#include "modules/geojson.h"
#include "modules/report_model.h"
#include "view/helpers.h"

#define OPEN_STATES "('new', 'routed', 'acknowledged', 'scheduled', 'in_progress')"

/* Parameters, the same numbers in every variant:
 * ?1 fts, ?2 strand, ?3 category id, ?4 sector id, ?5 handler, ?6 status,
 * ?7 open only, ?8 closed only, ?9 overdue, ?10 now, ?11 from, ?12 to,
 * ?13 walk, ?14 source, ?15 limit, ?16 offset. */
#define RL_FILTERS                                                                                                     \
	"(?1 IS NULL OR rp.id IN (SELECT rowid FROM report_fts WHERE report_fts MATCH ?1)) "                           \
	"AND (?2 IS NULL OR rp.category_id IN (SELECT id FROM report_category WHERE strand = ?2)) "                    \
	"AND (?3 = 0 OR rp.category_id = ?3) AND (?4 = 0 OR rp.sector_id = ?4) "                                       \
	"AND (?5 = 0 OR rp.handler_org_id = ?5) AND (?6 IS NULL OR rp.status = ?6) "                                   \
	"AND (?7 = 0 OR rp.status IN " OPEN_STATES ") AND (?8 = 0 OR rp.status NOT IN " OPEN_STATES ") "               \
	"AND (?9 = 0 OR (rp.status IN " OPEN_STATES " AND rp.due_at < ?10)) "                                          \
	"AND (?11 IS NULL OR rp.created_at >= ?11) AND (?12 IS NULL OR rp.created_at < ?12) "                          \
	"AND (?13 = 0 OR rp.walk_id = ?13) AND (?14 IS NULL OR rp.source = ?14) "

/* The driving condition of each variant, with its FROM. Overdue reports
 * are read from the covering partial indexes of migration 0009 (INDEXED BY: without
 * statistics SQLite would take report_status_created and read the table). */
#define D_ALL "FROM report rp WHERE "
#define D_FTS "FROM report rp WHERE rp.id IN (SELECT rowid FROM report_fts WHERE report_fts MATCH ?1) AND "
#define D_LATE_DUE                                                                                                     \
	"FROM report rp INDEXED BY report_open_due_cover WHERE rp.status IN " OPEN_STATES " AND rp.due_at < ?10 AND "
#define D_LATE_NEW                                                                                                     \
	"FROM report rp INDEXED BY report_open_created_cover WHERE rp.status IN " OPEN_STATES                          \
	" AND rp.due_at < ?10 AND "
#define D_OPEN_DUE "FROM report rp INDEXED BY report_open_due_cover WHERE rp.status IN " OPEN_STATES " AND "
#define D_OPEN_NEW "FROM report rp INDEXED BY report_open_created_cover WHERE rp.status IN " OPEN_STATES " AND "
#define D_PERIOD "FROM report rp WHERE rp.created_at >= ?11 AND rp.created_at < ?12 AND "
#define D_ORG "FROM report rp WHERE rp.handler_org_id = ?5 AND "

#define BY_RECENT "ORDER BY rp.created_at DESC, rp.id DESC LIMIT ?15 OFFSET ?16"
#define BY_DUE "ORDER BY rp.due_at, rp.id LIMIT ?15 OFFSET ?16"

#define IDS(driver, order) "SELECT rp.id " driver RL_FILTERS order
/* Counts stop at REPORT_COUNT_CAP + 1 matches: exact up to the cap, "more
 * than" beyond (counting tens of thousands of overdue reports on every page would cost
 * more than the page). */
#define COUNT(driver) "SELECT count(*) FROM (SELECT 1 " driver RL_FILTERS "LIMIT 1001)"

enum { DRIVE_ALL, DRIVE_FTS, DRIVE_LATE, DRIVE_OPEN, DRIVE_PERIOD, DRIVE_ORG, DRIVES };

static const char *const ids_recent[DRIVES] = {IDS(D_ALL, BY_RECENT),	   IDS(D_FTS, BY_RECENT),
					       IDS(D_LATE_NEW, BY_RECENT), IDS(D_OPEN_NEW, BY_RECENT),
					       IDS(D_PERIOD, BY_RECENT),   IDS(D_ORG, BY_RECENT)};
static const char *const ids_due[DRIVES] = {IDS(D_ALL, BY_DUE),	     IDS(D_FTS, BY_DUE),    IDS(D_LATE_DUE, BY_DUE),
					    IDS(D_OPEN_DUE, BY_DUE), IDS(D_PERIOD, BY_DUE), IDS(D_ORG, BY_DUE)};
static const char *const counts[DRIVES] = {COUNT(D_ALL),      COUNT(D_FTS),    COUNT(D_LATE_DUE),
					   COUNT(D_OPEN_DUE), COUNT(D_PERIOD), COUNT(D_ORG)};

/* The count of overdue reports when no other filter than the handler is
 * set: the index alone, without the optional terms (twice as fast). */
static const char count_late_only[] =
    "SELECT count(*) FROM (SELECT 1 FROM report rp INDEXED BY report_open_due_cover "
    "WHERE rp.status IN " OPEN_STATES " AND rp.due_at < ?1 AND (?2 = 0 OR rp.handler_org_id = ?2) "
    "LIMIT 1001)";

/* The rows of a page, from a JSON array of ids, in that order. */
static const char rows_sql[] =
    "SELECT rp.id, rp.ref, c.code AS category_code, c.name AS category_name, c.strand, s.slug AS sector_slug, "
    "s.name AS sector_name, p.name AS project_name, rp.address, rp.status, rp.handler_org_id, "
    "o.name AS handler_name, rp.due_at, rp.created_at, rp.lat, rp.lon, rp.source, rp.walk_id, "
    "(rp.status IN " OPEN_STATES " AND rp.due_at < ?2) AS overdue "
    "FROM json_each(?1) j JOIN report rp ON rp.id = j.value JOIN report_category c ON c.id = rp.category_id "
    "LEFT JOIN sector s ON s.id = rp.sector_id LEFT JOIN project p ON p.id = rp.project_id "
    "LEFT JOIN organization o ON o.id = rp.handler_org_id ORDER BY j.key";

/* ---- reading the filters ---- */

static const char *const etat_extra[] = {"ouverts", "fermes", NULL};

static const field_spec_t filter_fields[] = {
    {"q", "Recherche", FIELD_TEXT, 0, 0, 200, NULL},
    {"volet", "Volet", FIELD_ENUM, 0, 0, 0, report_strands},
    {"categorie", "Catégorie", FIELD_TEXT, 0, 0, 40, NULL},
    {"secteur", "Secteur", FIELD_TEXT, 0, 0, 100, NULL},
    {"gestionnaire", "Gestionnaire", FIELD_INT, 0, 1, 1LL << 60, NULL},
    {"etat", "État", FIELD_TEXT, 0, 0, 20, NULL},
    {"retard", "En retard", FIELD_BOOL, 0, 0, 0, NULL},
    {"du", "Du", FIELD_DATE, 0, 0, 0, NULL},
    {"au", "Au", FIELD_DATE, 0, 0, 0, NULL},
    {"diagnostic", "Diagnostic en marchant", FIELD_INT, 0, 1, 1LL << 60, NULL},
    {"source", "Origine", FIELD_ENUM, 0, 0, 0, report_sources},
    {"tri", "Tri", FIELD_TEXT, 0, 0, 20, NULL},
};
#define NFILTERS (sizeof filter_fields / sizeof filter_fields[0])

/* 1 if s is one of the NULL-terminated set. */
static int in_list(const char *s, const char *const *set)
{
	for (; s && *set; set++)
		if (strcmp(s, *set) == 0)
			return 1;
	return 0;
}

/* A text filter of the validated form, NULL when empty or in error. */
static const char *filter_text(form_t *form, const char *name)
{
	const char *s = json_object_get(form->errors, name) ? NULL : form_text(form, name);
	return s && *s ? s : NULL;
}

/* The lookups that need the database: category code, sector slug. */
static void filters_resolve(req_t *r, report_filters_t *f)
{
	if (f->category) {
		f->category_id = db_int(0, "SELECT id FROM report_category WHERE code = ?", "t", f->category);
		if (!f->category_id) {
			json_object_set_new(f->errors, "categorie", json_string("Catégorie inconnue : filtre ignoré."));
			f->category = NULL;
		}
	}
	if (f->sector) {
		f->sector_id = db_int(0, "SELECT id FROM sector WHERE slug = ?", "t", f->sector);
		if (!f->sector_id) {
			json_object_set_new(f->errors, "secteur", json_string("Secteur inconnu : filtre ignoré."));
			f->sector = NULL;
		}
	}
	(void)r;
}

void report_filters_read(req_t *r, report_filters_t *f)
{
	form_t form;
	form_validate(r->arena, filter_fields, NFILTERS, &r->query, &form);
	memset(f, 0, sizeof *f);
	f->errors = json_incref(form.errors);
	f->q = filter_text(&form, "q");
	f->fts = directory_fts_query(r->arena, f->q);
	f->strand = filter_text(&form, "volet");
	f->category = filter_text(&form, "categorie");
	f->sector = filter_text(&form, "secteur");
	f->etat = filter_text(&form, "etat");
	if (f->etat && !in_list(f->etat, report_statuses) && !in_list(f->etat, etat_extra)) {
		json_object_set_new(f->errors, "etat", json_string("État inconnu : filtre ignoré."));
		f->etat = NULL;
	}
	f->overdue = form_int(&form, "retard") != 0;
	f->du = filter_text(&form, "du");
	f->au = filter_text(&form, "au");
	f->from_iso = f->du ? paris_day_utc(r->arena, f->du, 0) : NULL;
	f->to_iso = f->au ? paris_day_utc(r->arena, f->au, 1) : NULL;
	f->walk_id = json_object_get(form.errors, "diagnostic") ? 0 : form_int(&form, "diagnostic");
	f->source = filter_text(&form, "source");
	long long scope = report_scope_org(r->user);
	f->nothing = scope < 0;
	if (scope == 0)
		f->gestionnaire = json_object_get(form.errors, "gestionnaire") ? 0 : form_int(&form, "gestionnaire");
	f->handler = scope > 0 ? scope : f->gestionnaire;
	const char *tri = filter_text(&form, "tri");
	if (tri && strcmp(tri, "echeance") != 0 && strcmp(tri, "recent") != 0)
		tri = NULL;
	f->sort = tri ? tri : scope > 0 ? "echeance" : "recent";
	json_decref(form.input);
	json_decref(form.errors);
	filters_resolve(r, f);
}

/* ---- the query ---- */

/* The variant whose literal condition narrows f the most, in this order:
 * full text, overdue, open, period, handler, none. */
static int drive_of(const report_filters_t *f)
{
	if (f->fts)
		return DRIVE_FTS;
	if (f->overdue)
		return DRIVE_LATE;
	if (f->etat && (strcmp(f->etat, "ouverts") == 0 || report_status_is_open(f->etat)))
		return DRIVE_OPEN;
	if (f->from_iso || f->to_iso)
		return DRIVE_PERIOD;
	if (f->handler)
		return DRIVE_ORG;
	return DRIVE_ALL;
}

/* Binds the 16 parameters of a variant; returns the statement. */
static sqlite3_stmt *list_stmt(const char *sql, const report_filters_t *f, const char *now, long long limit,
			       long long offset)
{
	const char *status = f->etat && in_list(f->etat, report_statuses) ? f->etat : NULL;
	long long open = f->etat && strcmp(f->etat, "ouverts") == 0;
	long long closed = f->etat && strcmp(f->etat, "fermes") == 0;
	/* the period is always bound (open ends as extreme times): the period
	 * driver compares on it directly */
	return db_query(sql, "ttiiitiiitttitii", f->fts, f->strand, f->category_id, f->sector_id, f->handler, status,
			open, closed, (long long)f->overdue, now, f->from_iso ? f->from_iso : "",
			f->to_iso ? f->to_iso : "9999-12-31T23:59:59Z", f->walk_id, f->source, limit, offset);
}

/* The ids of the matches, as a JSON array text. Arena string. */
static const char *list_ids(req_t *r, const report_filters_t *f, const char *now, long long limit, long long offset)
{
	int d = drive_of(f);
	const char *sql = strcmp(f->sort, "echeance") == 0 ? ids_due[d] : ids_recent[d];
	sqlite3_stmt *st = list_stmt(sql, f, now, limit, offset);
	buf_t b;
	buf_init(&b, r->arena, 256);
	buf_putc(&b, '[');
	int n = 0;
	while (st && sqlite3_step(st) == SQLITE_ROW)
		buf_printf(&b, "%s%lld", n++ ? "," : "", (long long)sqlite3_column_int64(st, 0));
	buf_putc(&b, ']');
	if (st)
		sqlite3_reset(st);
	return b.data;
}

/* 1 when f filters on nothing but overdue (and the handler). */
static int late_only(const report_filters_t *f)
{
	return f->overdue && !f->fts && !f->strand && !f->category_id && !f->sector_id && !f->etat && !f->from_iso &&
	       !f->to_iso && !f->walk_id && !f->source;
}

static long long list_count(const report_filters_t *f, const char *now)
{
	if (late_only(f))
		return db_int(0, count_late_only, "ti", now, f->handler);
	sqlite3_stmt *st = list_stmt(counts[drive_of(f)], f, now, 0, 0);
	long long n = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	if (st)
		sqlite3_reset(st);
	return n;
}

/* Labels and Paris times of the list's rows. */
static void rows_decorate(req_t *r, json_t *rows)
{
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		const char *status = json_string_value(json_object_get(row, "status"));
		json_object_set_new(row, "status_label", json_string(report_status_label(status)));
		json_object_set_new(row, "is_open", json_boolean(report_status_is_open(status)));
		json_object_set_new(
		    row, "strand_label",
		    json_string(report_strand_label(json_string_value(json_object_get(row, "strand")))));
		json_object_set_new(row, "overdue", json_boolean(json_integer_value(json_object_get(row, "overdue"))));
		const char *sector = json_string_value(json_object_get(row, "sector_name"));
		const char *address = json_string_value(json_object_get(row, "address"));
		/* a report has a point or an address: without either here, its point is
		 * outside every sector */
		const char *place = arena_printf(r->arena, "%s%s%s", sector ? sector : "",
						 sector && address && *address ? " — " : "", address ? address : "");
		json_object_set_new(row, "place", json_string(*place ? place : "Point hors des secteurs"));
	}
	rows_add_time_fr(r, rows, "due_at");
	rows_add_time_fr(r, rows, "created_at");
}

json_t *report_list_query(req_t *r, const report_filters_t *f, long long limit, long long offset, long long *total)
{
	char now[21];
	db_now(now);
	if (f->nothing) {
		if (total)
			*total = 0;
		return json_array();
	}
	if (total)
		*total = list_count(f, now);
	if (limit < 0 || limit > REPORT_EXPORT_MAX)
		limit = REPORT_EXPORT_MAX;
	const char *ids = list_ids(r, f, now, limit, offset);
	json_t *rows = db_rows(rows_sql, "tt", ids, now);
	rows_decorate(r, rows);
	return rows;
}

/* ---- links and options ---- */

/* Appends "&name=value" (or "?…" first), value percent-encoded. */
static void query_add(buf_t *b, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	buf_putc(b, b->len ? '&' : '?');
	buf_puts(b, name);
	buf_putc(b, '=');
	for (const unsigned char *s = (const unsigned char *)value; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		    strchr("-_.~", *s))
			buf_putc(b, (char)*s);
		else
			buf_printf(b, "%%%02X", *s);
	}
}

const char *report_filters_query(req_t *r, const report_filters_t *f)
{
	buf_t b;
	buf_init(&b, r->arena, 128);
	query_add(&b, "q", f->q);
	query_add(&b, "volet", f->strand);
	query_add(&b, "categorie", f->category);
	query_add(&b, "secteur", f->sector);
	if (f->gestionnaire)
		query_add(&b, "gestionnaire", arena_printf(r->arena, "%lld", f->gestionnaire));
	query_add(&b, "etat", f->etat);
	if (f->overdue)
		query_add(&b, "retard", "1");
	query_add(&b, "du", f->du);
	query_add(&b, "au", f->au);
	if (f->walk_id)
		query_add(&b, "diagnostic", arena_printf(r->arena, "%lld", f->walk_id));
	query_add(&b, "source", f->source);
	query_add(&b, "tri", f->sort);
	return b.len ? b.data : "";
}

/* [{value, label, selected}] from rows of {value, label}. */
static json_t *rows_as_options(json_t *rows, const char *selected)
{
	size_t i;
	json_t *o;
	json_array_foreach(rows, i, o)
	{
		json_t *v = json_object_get(o, "value");
		const char *s = json_is_string(v) ? json_string_value(v) : NULL;
		int sel = selected && s && strcmp(s, selected) == 0;
		if (json_is_integer(v) && selected)
			sel = json_integer_value(v) == atoll(selected);
		json_object_set_new(o, "selected", json_boolean(sel));
	}
	return rows;
}

/* Choices of the state filter: the two groups, then every state. */
static json_t *etat_options(const char *selected)
{
	json_t *out = json_array();
	static const char *const groups[][2] = {{"ouverts", "Ouverts (à traiter)"}, {"fermes", "Terminés"}};
	for (size_t i = 0; i < 2; i++)
		json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "value", groups[i][0], "label", groups[i][1],
						     "selected", selected && strcmp(selected, groups[i][0]) == 0));
	for (const char *const *s = report_statuses; *s; s++)
		json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "value", *s, "label", report_status_label(*s),
						     "selected", selected && strcmp(selected, *s) == 0));
	return out;
}

/* Choices from a NULL-terminated list of keys and their label function. */
static json_t *key_options(const char *const *keys, const char *(*label)(const char *), const char *selected)
{
	json_t *out = json_array();
	for (; *keys; keys++)
		json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "value", *keys, "label", label(*keys),
						     "selected", selected && strcmp(selected, *keys) == 0));
	return out;
}

json_t *report_filter_options(req_t *r, const report_filters_t *f)
{
	static const char *const sorts[][2] = {{"recent", "Les plus récents"}, {"echeance", "Échéance la plus proche"}};
	const char *gest = f->gestionnaire ? arena_printf(r->arena, "%lld", f->gestionnaire) : NULL;
	const char *walk = f->walk_id ? arena_printf(r->arena, "%lld", f->walk_id) : NULL;
	json_t *o = json_pack(
	    "{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "strands",
	    key_options(report_strands, report_strand_label, f->strand), "categories",
	    rows_as_options(
		db_rows("SELECT code AS value, name AS label FROM report_category ORDER BY position, name", ""),
		f->category),
	    "sectors",
	    rows_as_options(
		db_rows("SELECT s.slug AS value, p.name || ' — ' || s.name AS label FROM sector s "
			"JOIN project p ON p.id = s.project_id ORDER BY p.position, p.id, s.position, s.name",
			""),
		f->sector),
	    "states", etat_options(f->etat), "sources", key_options(report_sources, report_source_label, f->source),
	    "sorts", options_json(sorts, 2, f->sort), "walks",
	    rows_as_options(
		db_rows("SELECT id AS value, title AS label FROM walk ORDER BY starts_at DESC LIMIT 200", ""), walk));
	if (report_scope_org(r->user) == 0)
		json_object_set_new(
		    o, "handlers",
		    rows_as_options(db_rows("SELECT DISTINCT o.id AS value, o.name AS label FROM organization o "
					    "WHERE o.id IN (SELECT default_org_id FROM report_category) "
					    "OR o.id IN (SELECT org_id FROM report_routing) "
					    "OR o.kind IN ('landlord', 'city_service', 'developer') "
					    "ORDER BY o.name COLLATE NOCASE",
					    ""),
				    gest));
	return o;
}

json_t *report_home_counts(req_t *r)
{
	char now[21], month[11];
	db_now(now);
	time_t t = time(NULL);
	struct tm local;
	localtime_r(&t, &local);
	strftime(month, sizeof month, "%Y-%m-01", &local);
	const char *month_iso = paris_day_utc(r->arena, month, 0);
	long long overdue = db_int(0, count_late_only, "ti", now, 0LL);
	return json_pack(
	    "{s:I, s:I, s:b, s:I, s:I, s:s}", "open",
	    (json_int_t)db_int(
		0, "SELECT count(*) FROM report INDEXED BY report_open_due_cover WHERE status IN " OPEN_STATES, ""),
	    "overdue", (json_int_t)overdue, "overdue_more", overdue > REPORT_COUNT_CAP, "new",
	    (json_int_t)db_int(0, "SELECT count(*) FROM report WHERE status = 'new'", ""), "resolved_month",
	    (json_int_t)db_int(0, "SELECT count(*) FROM report WHERE resolved_at >= ?", "t", month_iso), "month",
	    month);
}

/* ---- the list page, its map, its exports, the API list ---- */

/* The states a user may choose in the bulk form: for staff every state but
 * those that need what the bulk form does not ask (duplicate: the original;
 * back to new: the internal reason), the work states for partner agents
 * (each report is checked on submission). */
json_t *report_bulk_states(const account_t *u)
{
	static const char *const partner[] = {"acknowledged", "scheduled", "in_progress", "resolved", NULL};
	static const char *const staff_states[] = {"routed",   "acknowledged", "scheduled", "in_progress",
						   "resolved", "closed",       "rejected",  NULL};
	int staff = report_scope_org(u) == 0;
	json_t *out = json_array();
	for (const char *const *s = staff ? staff_states : partner; *s; s++)
		json_array_append_new(out, json_pack("{s:s, s:s}", "value", *s, "label", report_status_label(*s)));
	return out;
}

json_t *report_list_view(req_t *r, const report_filters_t *f)
{
	int page = query_page(r);
	long long total;
	json_t *rows =
	    report_list_query(r, f, REPORT_LIST_PER_PAGE, (long long)(page - 1) * REPORT_LIST_PER_PAGE, &total);
	const char *fq = report_filters_query(r, f);
	const char *vue = kv_get(&r->query, "vue");
	int map = vue && strcmp(vue, "carte") == 0;
	json_t *view = json_pack(
	    "{s:{s:s}, s:o, s:I, s:{s:s?, s:s?, s:s?, s:s?, s:s?, s:b, s:s?, s:s?, s:s?, s:s}, s:o, s:o, s:o, s:s, "
	    "s:s, "
	    "s:s, s:b, s:b, s:o}",
	    "page", "title", "Signalements", "reports", rows, "total", (json_int_t)total, "filters", "q", f->q, "volet",
	    f->strand, "categorie", f->category, "secteur", f->sector, "etat", f->etat, "retard", f->overdue, "du",
	    f->du, "au", f->au, "source", f->source, "tri", f->sort, "options", report_filter_options(r, f), "errors",
	    f->errors, "pagination", pagination_json(r, total, page, REPORT_LIST_PER_PAGE), "filters_query", fq,
	    "map_url", arena_printf(r->arena, "/gestion/signalements/carte.geojson%s", fq), "list_url",
	    arena_printf(r->arena, "/gestion/signalements%s", fq), "map_view", map, "is_staff",
	    report_scope_org(r->user) == 0, "bulk_states", report_bulk_states(r->user));
	json_object_set_new(
	    view, "map_view_url",
	    json_string(arena_printf(r->arena, "/gestion/signalements%s%svue=carte", fq, *fq ? "&" : "?")));
	json_object_set_new(view, "tiles", json_string(g_config.tiles_url ? g_config.tiles_url : ""));
	json_object_set_new(view, "has_reports", json_boolean(json_array_size(json_object_get(view, "reports")) > 0));
	json_object_set_new(view, "total_more", json_boolean(total > REPORT_COUNT_CAP));
	if (f->gestionnaire)
		json_object_set_new(json_object_get(view, "filters"), "gestionnaire", json_integer(f->gestionnaire));
	if (f->walk_id)
		json_object_set_new(json_object_get(view, "filters"), "diagnostic", json_integer(f->walk_id));
	return view;
}

/* GET /gestion/signalements: the filtered list (JSON by Accept). */
void reports_list_page(req_t *r)
{
	report_filters_t f;
	report_filters_read(r, &f);
	render(r, 200, "reports_list", report_list_view(r, &f));
}

/* GET /gestion/signalements/carte.geojson: the list's located reports, at
 * most REPORT_MAP_MAX, as a FeatureCollection (private: same scope). */
void reports_map_geojson(req_t *r)
{
	report_filters_t f;
	report_filters_read(r, &f);
	json_decref(f.errors);
	json_t *rows = report_list_query(r, &f, REPORT_MAP_MAX, 0, NULL);
	json_t *features = json_array();
	size_t i;
	json_t *o;
	json_array_foreach(rows, i, o)
	{
		json_t *lat = json_object_get(o, "lat"), *lon = json_object_get(o, "lon");
		if (!json_is_number(lat) || !json_is_number(lon))
			continue;
		json_t *props =
		    json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:s}", "id", json_object_get(o, "id"), "ref",
			      json_object_get(o, "ref"), "category", json_object_get(o, "category_name"), "status",
			      json_object_get(o, "status"), "status_label", json_object_get(o, "status_label"),
			      "handler", json_object_get(o, "handler_name"), "due_at_fr",
			      json_object_get(o, "due_at_fr"), "overdue", json_object_get(o, "overdue"), "url",
			      arena_printf(r->arena, "/gestion/signalements/%lld",
					   (long long)json_integer_value(json_object_get(o, "id"))));
		json_array_append_new(features, geojson_point(json_number_value(lon), json_number_value(lat), props));
	}
	json_decref(rows);
	geojson_reply(r, geojson_collection(features), 1);
}

/* The columns of the exports. No reporter name or e-mail: data minimisation
 * (an export leaves the application; the reporter's address is for staff
 * only, on the report's page). */
static const export_column_t report_columns[] = {
    {"Référence", "ref"},	  {"Catégorie", "category_name"},
    {"Volet", "strand_label"},	  {"Projet", "project_name"},
    {"Secteur", "sector_name"},	  {"Adresse ou repère", "address"},
    {"État", "status_label"},	  {"Gestionnaire", "handler_name"},
    {"Échéance", "due_at_fr"},	  {"En retard", "overdue"},
    {"Créé le", "created_at_fr"}, {"Origine", "source_label"},
    {"Latitude", "lat"},	  {"Longitude", "lon"},
};
#define NREPORT_COLUMNS (sizeof report_columns / sizeof report_columns[0])

/* Every match of the list's filters (up to REPORT_EXPORT_MAX), with the
 * labels the exports show. New reference. */
static json_t *export_rows_of(req_t *r)
{
	report_filters_t f;
	report_filters_read(r, &f);
	json_decref(f.errors);
	json_t *rows = report_list_query(r, &f, -1, 0, NULL);
	size_t i;
	json_t *o;
	json_array_foreach(rows, i, o)
	{
		json_object_set_new(o, "source_label",
				    json_string(report_source_label(json_string_value(json_object_get(o, "source")))));
	}
	return rows;
}

/* GET /gestion/signalements/export.csv and .xlsx: the filtered list. */
void reports_export_csv(req_t *r)
{
	export_csv_reply(r, "signalements", report_columns, NREPORT_COLUMNS, export_rows_of(r));
}

void reports_export_xlsx(req_t *r)
{
	export_xlsx_reply(r, "signalements", "Signalements", report_columns, NREPORT_COLUMNS, export_rows_of(r));
}

/* GET /api/v1/reports: the list with the page's filters, page/per_page. */
void reports_api_list(req_t *r)
{
	r->want_json = 1;
	api_page_t p;
	if (api_page(r, &p) != 0)
		return;
	report_filters_t f;
	report_filters_read(r, &f);
	if (json_object_size(f.errors)) {
		reply_error(r, 400, "Un des filtres est invalide.", f.errors);
		return;
	}
	json_decref(f.errors);
	long long total;
	json_t *rows = report_list_query(r, &f, p.per_page, p.offset, &total);
	api_list_reply(r, rows, total, &p);
}
