/* open311_requests.c — Open311 service requests: the list with its filters,
 * one request, tokens, and creating a request (see open311.h).
 *
 * The list is chosen by an index of migrations/0008 — report_category_created
 * with service_code, report_created otherwise — in a subquery that keeps only
 * the ids of the page, then each request's public fields are read for those
 * ids alone and written straight into the answer. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/docwriter.h"
#include "db/db.h"
#include "modules/open311.h"
#include "modules/report_model.h"

#define MAX_REQUESTS 1000	    /* the spec's "first 1000 requests" */
#define WINDOW_SECONDS (90 * 86400) /* the spec's "span of 90 days" */
#define MAX_PAGE 1000000

/* The public fields of a request, in the order of write_request(). The
 * status notes are the last public comment; the date of a closed request
 * is when it was closed; media_url the first photo that is not hidden. */
#define REQUEST_COLUMNS                                                                                                \
	"r.ref, r.status, "                                                                                            \
	"(SELECT e.public_comment FROM report_event e WHERE e.report_id = r.id AND e.is_public = 1 "                   \
	"AND e.public_comment <> '' ORDER BY e.at DESC, e.id DESC LIMIT 1), "                                          \
	"c.name, c.code, r.description, o.name, r.created_at, "                                                        \
	"CASE r.status WHEN 'resolved' THEN COALESCE(r.resolved_at, r.updated_at) "                                    \
	"WHEN 'closed' THEN COALESCE(r.closed_at, r.updated_at) WHEN 'rejected' THEN COALESCE(r.closed_at, "           \
	"r.updated_at) "                                                                                               \
	"WHEN 'duplicate' THEN COALESCE(r.closed_at, r.updated_at) ELSE r.updated_at END, "                            \
	"r.due_at, r.address, r.lat, r.lon, "                                                                          \
	"(SELECT p.upload_id FROM report_photo p WHERE p.report_id = r.id AND p.hidden = 0 "                           \
	"ORDER BY p.position, p.upload_id LIMIT 1) "
#define REQUEST_JOINS                                                                                                  \
	"JOIN report_category c ON c.id = r.category_id LEFT JOIN organization o ON o.id = r.handler_org_id "
/* ?3 (or ?4): 0 any status, 1 open only, 2 closed only */
#define STATUS_FILTER(n)                                                                                               \
	"AND (?" n " = 0 OR (status IN ('new', 'routed', 'acknowledged', 'scheduled', 'in_progress')) = (?" n " = "    \
	"1)) "
#define PAGE_ORDER "ORDER BY created_at DESC, id DESC "
#define PAGE_JOIN                                                                                                      \
	"SELECT " REQUEST_COLUMNS "FROM sel JOIN report r ON r.id = sel.id " REQUEST_JOINS                             \
	"ORDER BY sel.created_at DESC, sel.id DESC"

/* Column i of the current row as text (SQLite's, valid until the next step),
 * NULL when SQL NULL. */
static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* One request from the current row of a statement selecting REQUEST_COLUMNS. */
static void write_request(req_t *r, docw_t *w, sqlite3_stmt *st, const char *base)
{
	const char *status = col(st, 1);
	const char *address = col(st, 10);
	docw_object(w, NULL);
	docw_text(w, "service_request_id", col(st, 0));
	docw_text(w, "status", report_status_is_open(status) ? "open" : "closed");
	docw_text(w, "status_notes", col(st, 2));
	docw_text(w, "service_name", col(st, 3));
	docw_text(w, "service_code", col(st, 4));
	docw_text(w, "description", col(st, 5));
	docw_text(w, "agency_responsible", col(st, 6));
	docw_text(w, "service_notice", report_status_label(status));
	docw_text(w, "requested_datetime", col(st, 7));
	docw_text(w, "updated_datetime", col(st, 8));
	docw_text(w, "expected_datetime", col(st, 9));
	docw_text(w, "address", address && *address ? address : NULL);
	docw_text(w, "address_id", NULL);
	docw_text(w, "zipcode", NULL);
	if (sqlite3_column_type(st, 11) == SQLITE_NULL) {
		docw_literal(w, "lat", NULL);
		docw_literal(w, "long", NULL);
	} else {
		docw_real(w, "lat", sqlite3_column_double(st, 11));
		docw_real(w, "long", sqlite3_column_double(st, 12));
	}
	if (sqlite3_column_type(st, 13) == SQLITE_NULL)
		docw_text(w, "media_url", NULL);
	else
		docw_text(w, "media_url", arena_printf(r->arena, "%s/photos/%lld", base, sqlite3_column_int64(st, 13)));
	docw_end(w);
}

/* Writes every row of st as <service_requests><request>… (resets st).
 * Returns the number of requests. */
static int write_requests(req_t *r, docw_t *w, sqlite3_stmt *st)
{
	const char *base = open311_base_url(r);
	int n = 0;
	docw_list(w, "service_requests", "request");
	while (sqlite3_step(st) == SQLITE_ROW) {
		write_request(r, w, st, base);
		n++;
	}
	sqlite3_reset(st);
	docw_end(w);
	return n;
}

/* ---- GET requests: the filters ---- */

typedef struct requests_query {
	const char *refs;      /* JSON array of service_request_id, or NULL */
	json_t *categories;    /* category ids of service_code, or NULL for all */
	char from[21], to[21]; /* requested_datetime in [from, to), UTC */
	long long status;      /* 0 any, 1 open, 2 closed */
	long long limit, offset;
} requests_query_t;

/* A query parameter, NULL when absent or empty ("Optional" in the spec: an
 * empty parameter is the same as none). */
static const char *param(req_t *r, const char *name)
{
	const char *v = kv_get(&r->query, name);
	return v && *v ? v : NULL;
}

/* The comma-separated values of s, trimmed, empty ones left out: a JSON
 * array of strings (new reference). */
static json_t *split_list(const char *s)
{
	json_t *out = json_array();
	while (s && *s) {
		const char *end = strchr(s, ',');
		size_t n = end ? (size_t)(end - s) : strlen(s);
		const char *a = s;
		while (n && *a == ' ')
			a++, n--;
		while (n && a[n - 1] == ' ')
			n--;
		if (n)
			json_array_append_new(out, json_stringn(a, n));
		s = end ? end + 1 : NULL;
	}
	return out;
}

/* service_code: the ids of the categories; 0, or -1 after answering 400. */
static int read_codes(req_t *r, requests_query_t *q)
{
	const char *codes = param(r, "service_code");
	if (!codes)
		return 0;
	json_t *list = split_list(codes);
	q->categories = json_array();
	size_t i;
	json_t *c;
	json_array_foreach(list, i, c)
	{
		long long id = db_int(0, "SELECT id FROM report_category WHERE code = ?", "t", json_string_value(c));
		if (!id) {
			reply_error(r, 400, arena_printf(r->arena, "service_code inconnu : %s.", json_string_value(c)),
				    NULL);
			json_decref(list);
			return -1;
		}
		json_array_append_new(q->categories, json_integer(id));
	}
	json_decref(list);
	return 0;
}

/* status: open, closed or both; 0, or -1 after answering 400. */
static int read_status(req_t *r, requests_query_t *q)
{
	json_t *list = split_list(param(r, "status"));
	int open = 0, closed = 0, rc = 0;
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		const char *s = json_string_value(v);
		if (strcmp(s, "open") == 0) {
			open = 1;
		} else if (strcmp(s, "closed") == 0) {
			closed = 1;
		} else {
			reply_error(r, 400, arena_printf(r->arena, "status inconnu : %s (open ou closed).", s), NULL);
			rc = -1;
			break;
		}
	}
	json_decref(list);
	q->status = open == closed ? 0 : open ? 1 : 2;
	return rc;
}

/* One of start_date / end_date: 1 when absent, 0 when read (*t is the first
 * second it covers, or for end_date the first second after it), -1 after
 * answering 400. */
static int read_date(req_t *r, const char *name, int is_end, time_t *t)
{
	const char *v = param(r, name);
	if (!v)
		return 1;
	int date_only;
	if (open311_parse_datetime(v, t, &date_only) != 0) {
		reply_error(r, 400,
			    arena_printf(r->arena,
					 "%s invalide : une date-heure W3C est attendue, avec son fuseau, par exemple "
					 "2026-01-01T00:00:00Z.",
					 name),
			    NULL);
		return -1;
	}
	if (is_end)
		*t += date_only ? 86400 : 1;
	return 0;
}

/* start_date and end_date: the spec's window (the last 90 days by default,
 * 90 days at most). 0, or -1 after answering 400. */
static int read_window(req_t *r, requests_query_t *q, int *dated)
{
	time_t start = 0, end = 0;
	int no_start = read_date(r, "start_date", 0, &start);
	if (no_start < 0)
		return -1;
	int no_end = read_date(r, "end_date", 1, &end);
	if (no_end < 0)
		return -1;
	*dated = !no_start || !no_end;
	if (no_start && no_end) {
		end = time(NULL) + 1;
		start = end - 1 - WINDOW_SECONDS;
	} else if (no_end) {
		end = start + WINDOW_SECONDS;
	} else if (no_start) {
		start = end - WINDOW_SECONDS;
	}
	if (end <= start) {
		reply_error(r, 400, "end_date doit suivre start_date.", NULL);
		return -1;
	}
	if (end - start > WINDOW_SECONDS + 1) {
		reply_error(r, 400, "start_date et end_date ne peuvent couvrir plus de 90 jours.", NULL);
		return -1;
	}
	open311_format_datetime(start, q->from);
	open311_format_datetime(end, q->to);
	return 0;
}

/* One of page / page_size within [1, max], or dflt when absent; -1 after
 * answering 400. */
static long long read_number(req_t *r, const char *name, long long max, long long dflt)
{
	const char *v = param(r, name);
	if (!v)
		return dflt;
	char *end;
	long long n = strtoll(v, &end, 10);
	if (*end || end == v || n < 1 || n > max || v[0] == '+' || v[0] == ' ') {
		reply_error(r, 400,
			    arena_printf(r->arena, "%s invalide : un entier de 1 à %lld est attendu.", name, max),
			    NULL);
		return -1;
	}
	return n;
}

/* Reads every filter; 0, or -1 after answering 400. */
static int read_filters(req_t *r, requests_query_t *q, int *dated)
{
	memset(q, 0, sizeof *q);
	*dated = 0;
	const char *ids = param(r, "service_request_id");
	if (ids) { /* "This overrides all other arguments." */
		json_t *list = split_list(ids);
		char *refs = json_dumps(list, JSON_COMPACT);
		q->refs = arena_strdup(r->arena, refs);
		free(refs);
		json_decref(list);
		*dated = 1;
		return 0;
	}
	if (read_codes(r, q) || read_status(r, q) || read_window(r, q, dated))
		return -1;
	long long page = read_number(r, "page", MAX_PAGE, 1);
	long long size = page < 0 ? -1 : read_number(r, "page_size", MAX_REQUESTS, MAX_REQUESTS);
	if (page < 0 || size < 0)
		return -1;
	q->limit = size;
	q->offset = (page - 1) * size;
	return 0;
}

/* The statement of the list: by reference, by one category (the index
 * gives the order), by several, or by date only. */
static sqlite3_stmt *requests_statement(req_t *r, const requests_query_t *q)
{
	if (q->refs)
		return db_query("SELECT " REQUEST_COLUMNS "FROM report r " REQUEST_JOINS
				"WHERE r.ref IN (SELECT value FROM json_each(?)) "
				"ORDER BY r.created_at DESC, r.id DESC LIMIT 1000",
				"t", q->refs);
	size_t n = q->categories ? json_array_size(q->categories) : 0;
	if (n == 1)
		return db_query("WITH sel AS (SELECT id, created_at FROM report WHERE category_id = ?1 "
				"AND created_at >= ?2 AND created_at < ?3 " STATUS_FILTER("4") PAGE_ORDER
				"LIMIT ?5 OFFSET ?6) " PAGE_JOIN,
				"ittiii", (long long)json_integer_value(json_array_get(q->categories, 0)), q->from,
				q->to, q->status, q->limit, q->offset);
	if (n > 1) {
		char *ids = json_dumps(q->categories, JSON_COMPACT);
		char *copy = arena_strdup(r->arena, ids);
		free(ids);
		return db_query(
		    "WITH sel AS (SELECT id, created_at FROM report WHERE category_id IN "
		    "(SELECT value FROM json_each(?1)) AND created_at >= ?2 AND created_at < ?3 " STATUS_FILTER("4")
			PAGE_ORDER "LIMIT ?5 OFFSET ?6) " PAGE_JOIN,
		    "tttiii", copy, q->from, q->to, q->status, q->limit, q->offset);
	}
	return db_query(
	    "WITH sel AS (SELECT id, created_at FROM report WHERE created_at >= ?1 AND created_at < ?2 " STATUS_FILTER(
		"3") PAGE_ORDER "LIMIT ?4 OFFSET ?5) " PAGE_JOIN,
	    "ttiii", q->from, q->to, q->status, q->limit, q->offset);
}

void open311_requests_list(req_t *r)
{
	int fmt = open311_format(r);
	if (!fmt)
		return;
	requests_query_t q;
	int dated;
	int rc = read_filters(r, &q, &dated);
	if (rc != 0) {
		json_decref(q.categories);
		return;
	}
	/* Without dates the window follows the clock: not for the page cache,
	 * which only knows about changes to the data. */
	if (!dated)
		r->cache_key = NULL;
	sqlite3_stmt *st = requests_statement(r, &q);
	json_decref(q.categories);
	buf_t out;
	buf_init(&out, r->arena, 64 * 1024);
	docw_t w;
	docw_init(&w, &out, fmt == 2);
	write_requests(r, &w, st);
	open311_reply(r, 200, &out, fmt == 2);
}

void open311_request_get(req_t *r)
{
	int fmt = open311_format(r);
	if (!fmt)
		return;
	const char *ref = req_param(r, "request_id");
	sqlite3_stmt *st =
	    db_query("SELECT " REQUEST_COLUMNS "FROM report r " REQUEST_JOINS "WHERE r.ref = ?", "t", ref);
	buf_t out;
	buf_init(&out, r->arena, 4096);
	docw_t w;
	docw_init(&w, &out, fmt == 2);
	if (write_requests(r, &w, st) == 0) {
		reply_error(r, 404, arena_printf(r->arena, "service_request_id inconnu : %s.", ref), NULL);
		return;
	}
	open311_reply(r, 200, &out, fmt == 2);
}

void open311_token_get(req_t *r)
{
	int fmt = open311_format(r);
	if (!fmt)
		return;
	const char *token = req_param(r, "open311_token");
	if (!report_id_by_ref(token)) {
		reply_error(r, 404, arena_printf(r->arena, "token inconnu : %s.", token), NULL);
		return;
	}
	buf_t out;
	buf_init(&out, r->arena, 512);
	docw_t w;
	docw_init(&w, &out, fmt == 2);
	docw_list(&w, "service_requests", "request");
	docw_object(&w, NULL);
	docw_text(&w, "service_request_id", token);
	docw_text(&w, "token", token);
	docw_end(&w);
	docw_end(&w);
	open311_reply(r, 200, &out, fmt == 2);
}
