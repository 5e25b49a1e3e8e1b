/* reports_backoffice.h — the back office of GUSP problem reports: staff and
 * partner agents follow reports up at /gestion/signalements (list with
 * filters, map, exports, bulk change, one report's page with its forms) and
 * through the JSON API (/api/v1/reports...). One filtered query
 * (reports_list.c) serves the page, the exports, the private GeoJSON and the
 * API list, always within the user's scope (report_scope_org): a partner
 * agent sees only the reports handled by their organisation. */
#ifndef QUARTIER_REPORTS_BACKOFFICE_H
#define QUARTIER_REPORTS_BACKOFFICE_H

#include <jansson.h>

#include "http/request.h"

#define REPORT_LIST_PER_PAGE 25
#define REPORT_MAP_MAX 5000	/* points in the private GeoJSON */
#define REPORT_EXPORT_MAX 50000 /* rows in an export */
#define REPORT_COUNT_CAP 1000	/* counts are exact up to this, "more than" beyond */

/* The filters of a list, read from the query string (same names for the
 * page, the map, the exports and the API). Strings belong to the arena. */
typedef struct report_filters {
	const char *q; /* as typed; fts is its FTS5 query (NULL: none) */
	const char *fts;
	const char *strand;   /* volet: corrective, works, watch */
	const char *category; /* categorie: a code */
	long long category_id;
	const char *sector; /* secteur: a slug */
	long long sector_id;
	long long gestionnaire;	       /* handler asked for (staff only) */
	long long handler;	       /* handler filter applied: the partner's scope, or gestionnaire */
	const char *etat;	       /* a status, "ouverts", "fermes" or NULL */
	int overdue;		       /* retard=1 */
	const char *du, *au;	       /* Paris days YYYY-MM-DD as typed (valid) or NULL */
	const char *from_iso, *to_iso; /* their UTC bounds [from, to) */
	long long walk_id;	       /* diagnostic */
	const char *source;
	const char *sort; /* "echeance" or "recent" */
	int nothing;	  /* the user's scope holds no report at all */
	json_t *errors;	  /* parameter -> French message (new reference) */
} report_filters_t;

/* Reads the filters of r->query for r->user (scope, default sort: echeance
 * for partner agents, recent for staff). An invalid value is ignored and
 * named in f->errors. */
void report_filters_read(req_t *r, report_filters_t *f);

/* The reports matching f, in its order, limit rows from offset (limit -1:
 * up to REPORT_EXPORT_MAX), each with what the list shows: id, ref,
 * category_code/name, strand(+label), sector_slug/name, address, status(+label),
 * handler_org_id/handler_name, due_at, created_at (+ _fr), overdue, lat,
 * lon, source, walk_id. Never the reporter. *total (may be NULL) gets the
 * number of matches, exact up to REPORT_COUNT_CAP (REPORT_COUNT_CAP + 1
 * means more). New reference. */
json_t *report_list_query(req_t *r, const report_filters_t *f, long long limit, long long offset, long long *total);

/* The query string of f's filters ("?volet=works&retard=1" or ""), for the
 * links to the map, the exports and the pages. Arena string. */
const char *report_filters_query(req_t *r, const report_filters_t *f);

/* The view model pieces of the filter form: the options of every <select>,
 * each with its selected value. New reference. */
json_t *report_filter_options(req_t *r, const report_filters_t *f);

/* The list page's view model for f (rows of the page asked in ?page=,
 * options, pagination, links). New reference. */
json_t *report_list_view(req_t *r, const report_filters_t *f);

/* The states offered by the bulk form to u: [{value, label}]. New reference. */
json_t *report_bulk_states(const account_t *u);

/* Counts of the staff home: open, overdue, new (not routed), resolved this
 * month (Paris). New reference. */
json_t *report_home_counts(req_t *r);

/* Route handlers (src/routes/backoffice.inc). */
void reports_list_page(req_t *r);
void reports_map_geojson(req_t *r);
void reports_export_csv(req_t *r);
void reports_export_xlsx(req_t *r);
void reports_bulk(req_t *r);
void report_show(req_t *r);
void report_post_status(req_t *r);
void report_post_route(req_t *r);
void report_post_comment(req_t *r);
void report_post_update(req_t *r);
void report_post_photo(req_t *r);
void reports_api_list(req_t *r);
void reports_api_status(req_t *r);
void reports_api_route(req_t *r);
void reports_api_comment(req_t *r);

#endif
