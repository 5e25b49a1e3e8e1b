/* reports_geojson.c — see reports_geojson.h.
 *
 * The query is driven by an index of migrations/0008: report_sector_created
 * with secteur, report_category_created with categorie, report_created
 * otherwise; the other filters are checked on the rows that index gives.
 * The features are written straight into the answer (core/docwriter.h). */
#include "modules/reports_geojson.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/docwriter.h"
#include "core/validate.h"
#include "db/db.h"
#include "modules/report_model.h"
#include "view/helpers.h"

static const char *const states[] = {"ouverts",	    "fermes",	"new",	  "routed",   "acknowledged", "scheduled",
				     "in_progress", "resolved", "closed", "rejected", "duplicate",    NULL};

static const field_spec_t filter_fields[] = {
    {"categorie", "Catégorie", FIELD_TEXT, 0, 0, 40, NULL},
    {"volet", "Volet", FIELD_ENUM, 0, 0, 0, report_strands},
    {"secteur", "Secteur", FIELD_TEXT, 0, 0, 100, NULL},
    {"etat", "État", FIELD_ENUM, 0, 0, 0, states},
    {"du", "Du", FIELD_DATE, 0, 0, 0, NULL},
    {"au", "Au", FIELD_DATE, 0, 0, 0, NULL},
};

/* The residual filters, after the driving one (?1) and the dates (?2, ?3):
 * category id (?4, 0 = any), strand (?5, '' = any), open/closed (?6: 0 any,
 * 1 open, 2 closed), one state (?7, '' = any). */
#define GEO_COLUMNS                                                                                                    \
	"SELECT r.ref, c.code, c.name, c.strand, r.status, r.created_at, r.updated_at, r.lat, r.lon "                  \
	"FROM report r CROSS JOIN report_category c ON c.id = r.category_id "
#define GEO_FILTERS                                                                                                    \
	"AND r.created_at >= ?2 AND r.created_at < ?3 AND r.lat IS NOT NULL AND (?4 = 0 OR r.category_id = ?4) "       \
	"AND (?5 = '' OR c.strand = ?5) "                                                                              \
	"AND (?6 = 0 OR (r.status IN ('new', 'routed', 'acknowledged', 'scheduled', 'in_progress')) = (?6 = 1)) "      \
	"AND (?7 = '' OR r.status = ?7) ORDER BY r.created_at DESC, r.id DESC LIMIT ?8"

typedef struct geo_query {
	const char *sector;  /* slug or NULL */
	long long sector_id; /* the sector of that slug, 0 when several projects use it */
	long long category;  /* 0: any */
	const char *strand;  /* "" any */
	long long open;	     /* 0 any, 1 open, 2 closed */
	const char *status;  /* "" any */
	char from[21], to[21];
} geo_query_t;

/* Reads the filters into *q. 0, or -1 after answering 400. */
static int read_filters(req_t *r, geo_query_t *q)
{
	form_t f;
	form_validate(r->arena, filter_fields, sizeof filter_fields / sizeof filter_fields[0], &r->query, &f);
	json_decref(f.input);
	const char *code = form_text(&f, "categorie");
	q->category = code ? db_int(0, "SELECT id FROM report_category WHERE code = ?", "t", code) : 0;
	if (code && !q->category && !json_object_get(f.errors, "categorie"))
		form_set_error(&f, "categorie", "Catégorie inconnue.");
	q->sector = form_text(&f, "secteur");
	long long sectors = q->sector ? db_int(0, "SELECT count(*) FROM sector WHERE slug = ?", "t", q->sector) : 0;
	q->sector_id = sectors == 1 ? db_int(0, "SELECT id FROM sector WHERE slug = ?", "t", q->sector) : 0;
	if (q->sector && !sectors && !json_object_get(f.errors, "secteur"))
		form_set_error(&f, "secteur", "Secteur inconnu.");
	if (json_object_size(f.errors) > 0) {
		reply_error(r, 400, "Filtre invalide.", f.errors);
		return -1;
	}
	json_decref(f.errors);
	q->strand = form_text(&f, "volet") ? form_text(&f, "volet") : "";
	const char *etat = form_text(&f, "etat") ? form_text(&f, "etat") : "";
	q->open = strcmp(etat, "ouverts") == 0 ? 1 : strcmp(etat, "fermes") == 0 ? 2 : 0;
	q->status = q->open ? "" : etat;
	const char *du = form_text(&f, "du"), *au = form_text(&f, "au");
	snprintf(q->from, sizeof q->from, "%s", du ? paris_day_utc(r->arena, du, 0) : "0000");
	snprintf(q->to, sizeof q->to, "%s", au ? paris_day_utc(r->arena, au, 1) : "9999");
	return 0;
}

/* The statement, driven by the most selective index the filters allow. */
static sqlite3_stmt *geo_statement(const geo_query_t *q)
{
	long long limit = REPORTS_GEOJSON_MAX + 1; /* one more: truncated? */
	if (q->sector_id)			   /* the index gives the order too */
		return db_query(GEO_COLUMNS "WHERE r.sector_id = ?1 " GEO_FILTERS, "ittititi", q->sector_id, q->from,
				q->to, q->category, q->strand, q->open, q->status, limit);
	if (q->sector)
		return db_query(GEO_COLUMNS "WHERE r.sector_id IN (SELECT id FROM sector WHERE slug = ?1) " GEO_FILTERS,
				"tttititi", q->sector, q->from, q->to, q->category, q->strand, q->open, q->status,
				limit);
	if (q->category)
		return db_query(GEO_COLUMNS "WHERE r.category_id = ?1 " GEO_FILTERS, "ittititi", q->category, q->from,
				q->to, q->category, q->strand, q->open, q->status, limit);
	return db_query(GEO_COLUMNS "WHERE ?1 IS NULL " GEO_FILTERS, "nttititi", q->from, q->to, q->category, q->strand,
			q->open, q->status, limit);
}

/* A coordinate with 6 decimals (about 10 cm, as RFC 7946 §11.2 advises for
 * the size of the text), trailing zeros left out; integer arithmetic, so
 * neither the locale nor printf's float formatting is involved. */
static void write_coordinate(docw_t *w, double v)
{
	long long m = llround(v * 1e6);
	unsigned long long a = m < 0 ? (unsigned long long)(-m) : (unsigned long long)m;
	char num[32];
	int n = snprintf(num, sizeof num, "%s%llu.%06llu", m < 0 ? "-" : "", a / 1000000, a % 1000000);
	while (num[n - 1] == '0' && num[n - 2] != '.')
		num[--n] = '\0';
	docw_literal(w, NULL, num);
}

/* One Point feature from the current row of geo_statement(). */
static void write_feature(req_t *r, docw_t *w, sqlite3_stmt *st)
{
	const char *ref = (const char *)sqlite3_column_text(st, 0);
	const char *strand = (const char *)sqlite3_column_text(st, 3);
	const char *status = (const char *)sqlite3_column_text(st, 4);
	docw_object(w, NULL);
	docw_text(w, "type", "Feature");
	docw_object(w, "geometry");
	docw_text(w, "type", "Point");
	docw_list(w, "coordinates", NULL);
	write_coordinate(w, sqlite3_column_double(st, 8)); /* [longitude, latitude] */
	write_coordinate(w, sqlite3_column_double(st, 7));
	docw_end(w);
	docw_end(w);
	docw_object(w, "properties");
	docw_text(w, "ref", ref);
	docw_text(w, "category", (const char *)sqlite3_column_text(st, 1));
	docw_text(w, "category_name", (const char *)sqlite3_column_text(st, 2));
	docw_text(w, "strand", strand);
	docw_text(w, "status", status);
	docw_text(w, "status_label", report_status_label(status));
	docw_text(w, "state", report_status_is_open(status) ? "open" : "closed");
	docw_text(w, "created_at", (const char *)sqlite3_column_text(st, 5));
	docw_text(w, "updated_at", (const char *)sqlite3_column_text(st, 6));
	docw_text(w, "url", arena_printf(r->arena, "/signalements/%s", ref));
	docw_end(w);
	docw_end(w);
}

void reports_geojson(req_t *r)
{
	r->want_json = 1; /* errors in JSON, as for a program */
	geo_query_t q;
	if (read_filters(r, &q) != 0)
		return;
	sqlite3_stmt *st = geo_statement(&q);
	buf_t out;
	buf_init(&out, r->arena, 256 * 1024);
	docw_t w;
	docw_init(&w, &out, 0);
	docw_object(&w, NULL);
	docw_text(&w, "type", "FeatureCollection");
	docw_list(&w, "features", NULL);
	int n = 0, truncated = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == REPORTS_GEOJSON_MAX) {
			truncated = 1;
			break;
		}
		write_feature(r, &w, st);
		n++;
	}
	sqlite3_reset(st);
	docw_end(&w);
	docw_int(&w, "limit", REPORTS_GEOJSON_MAX);
	docw_bool(&w, "truncated", truncated);
	docw_end(&w);
	reply_raw(r, 200, "application/geo+json", out.data, out.len);
}
