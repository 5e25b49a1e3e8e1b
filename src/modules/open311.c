/* open311.c — see open311.h. Documents are written by core/docwriter.h, in
 * JSON or XML from one description; the list of requests is read row by row
 * from SQLite and written straight into the answer. */
#include "modules/open311.h"

#include <string.h>

#include "app.h"
#include "core/config.h"
#include "core/docwriter.h"
#include "db/db.h"
#include "modules/report_intake.h"
#include "modules/report_model.h"

#define SPEC_URL "http://wiki.open311.org/GeoReport_v2"

/* ---- dates ---- */

/* Reads exactly n decimal digits of s into *out. 0, or -1 on anything else. */
static int parse_digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static long long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Days in month m (1..12) of year y, leap years counted. */
static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/* The time zone designator at s: Z or ±hh:mm, as seconds east of UTC; the
 * whole rest of the string must be it. 0 or -1. */
static int parse_tzd(const char *s, long long *offset)
{
	if (strcmp(s, "Z") == 0) {
		*offset = 0;
		return 0;
	}
	int hh, mm;
	if ((s[0] != '+' && s[0] != '-') || strlen(s) != 6 || s[3] != ':' || parse_digits(s + 1, 2, &hh) ||
	    parse_digits(s + 4, 2, &mm) || hh > 23 || mm > 59)
		return -1;
	*offset = (s[0] == '-' ? -1 : 1) * (hh * 3600LL + mm * 60LL);
	return 0;
}

int open311_parse_datetime(const char *s, time_t *t, int *date_only)
{
	int y, mo, d, h = 0, mi = 0, sec = 0;
	if (!s || strlen(s) < 10 || parse_digits(s, 4, &y) || s[4] != '-' || parse_digits(s + 5, 2, &mo) ||
	    s[7] != '-' || parse_digits(s + 8, 2, &d) || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return -1;
	long long offset = 0;
	*date_only = s[10] == '\0';
	if (!*date_only) {
		const char *p = s + 11;
		if (s[10] != 'T' || strlen(p) < 5 || parse_digits(p, 2, &h) || p[2] != ':' ||
		    parse_digits(p + 3, 2, &mi) || h > 23 || mi > 59)
			return -1;
		p += 5;
		if (*p == ':') {
			if (parse_digits(p + 1, 2, &sec) || sec > 59)
				return -1;
			p += 3;
			if (*p == '.') {
				const char *q = p + 1;
				while (*q >= '0' && *q <= '9')
					q++;
				if (q == p + 1)
					return -1;
				p = q; /* fractions of a second: below our precision */
			}
		}
		if (parse_tzd(p, &offset) != 0)
			return -1;
	}
	*t = (time_t)(days_from_civil(y, mo, d) * 86400LL + h * 3600LL + mi * 60LL + sec - offset);
	return 0;
}

void open311_format_datetime(time_t t, char out[21])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- answers ---- */

int open311_format(req_t *r)
{
	const char *f = req_param(r, "format");
	if (f && strcmp(f, "json") == 0)
		return 1;
	if (f && strcmp(f, "xml") == 0)
		return 2;
	reply_error(r, 404, "Format inconnu : Open311 répond en .json ou en .xml.", NULL);
	return 0;
}

void open311_reply(req_t *r, int status, const buf_t *out, int xml)
{
	reply_raw(r, status, xml ? "text/xml; charset=utf-8" : "application/json; charset=utf-8", out->data, out->len);
}

const char *open311_base_url(req_t *r)
{
	const char *b = g_config.base_url ? g_config.base_url : "";
	size_t n = strlen(b);
	while (n && b[n - 1] == '/')
		n--;
	return arena_strndup(r->arena, b, n);
}

/* Column i of the current row as text, NULL when SQL NULL. */
static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* ---- discovery and services ---- */

void open311_discovery(req_t *r)
{
	int fmt = open311_format(r);
	if (!fmt)
		return;
	const char *base = open311_base_url(r);
	json_t *auth = json_object_get(g_site, "authority");
	const char *name = json_string_value(json_object_get(auth, "name"));
	sqlite3_stmt *st =
	    db_query("SELECT COALESCE(MAX(updated_at), '2026-01-01T00:00:00Z') FROM report_category", NULL);
	const char *changeset = sqlite3_step(st) == SQLITE_ROW ? arena_strdup(r->arena, col(st, 0)) : "";
	sqlite3_reset(st);
	buf_t out;
	buf_init(&out, r->arena, 2048);
	docw_t w;
	docw_init(&w, &out, fmt == 2);
	docw_object(&w, "discovery");
	docw_text(&w, "changeset", changeset);
	docw_text(
	    &w, "contact",
	    arena_printf(r->arena, "%s — équipe projet du renouvellement urbain : %s", name ? name : "quartier", base));
	docw_text(
	    &w, "key_service",
	    arena_printf(r->arena,
			 "La clé d'API (api_key) est le jeton d'accès personnel (qrt_…) d'un compte partenaire ou de "
			 "l'équipe projet, créé sur %s/compte (« Jetons d'accès à l'API ») ; demandez un compte à "
			 "l'équipe projet.",
			 base));
	docw_list(&w, "endpoints", "endpoint");
	docw_object(&w, NULL);
	docw_text(&w, "specification", SPEC_URL);
	docw_text(&w, "url", arena_printf(r->arena, "%s/open311/v2", base));
	docw_text(&w, "changeset", changeset);
	docw_text(&w, "type", "production");
	docw_list(&w, "formats", "format");
	docw_text(&w, NULL, "text/xml");
	docw_text(&w, NULL, "application/json");
	docw_end(&w);
	docw_end(&w);
	docw_end(&w);
	docw_end(&w);
	open311_reply(r, 200, &out, fmt == 2);
}

void open311_services(req_t *r)
{
	int fmt = open311_format(r);
	if (!fmt)
		return;
	buf_t out;
	buf_init(&out, r->arena, 8192);
	docw_t w;
	docw_init(&w, &out, fmt == 2);
	docw_list(&w, "services", "service");
	sqlite3_stmt *st = db_query(
	    "SELECT c.code, c.name, c.description, c.keywords, c.strand, "
	    "EXISTS (SELECT 1 FROM report_category_attribute a WHERE a.category_id = c.id) "
	    "FROM report_category c WHERE c.active = 1 "
	    "ORDER BY CASE c.strand WHEN 'corrective' THEN 0 WHEN 'works' THEN 1 ELSE 2 END, c.position, c.name",
	    NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		docw_object(&w, NULL);
		docw_text(&w, "service_code", col(st, 0));
		docw_text(&w, "service_name", col(st, 1));
		docw_text(&w, "description", col(st, 2));
		docw_bool(&w, "metadata", sqlite3_column_int(st, 5));
		docw_text(&w, "type", "realtime");
		docw_text(&w, "keywords", col(st, 3));
		docw_text(&w, "group", report_strand_label(col(st, 4)));
		docw_end(&w);
	}
	sqlite3_reset(st);
	docw_end(&w);
	open311_reply(r, 200, &out, fmt == 2);
}

/* What an attribute's datatype expects, in French (datatype_description). */
static const char *datatype_description(const char *datatype)
{
	static const char *const texts[][2] = {
	    {"string", "Un texte d'une ligne."},
	    {"text", "Un texte, sur plusieurs lignes si besoin."},
	    {"number", "Un nombre (entier ou décimal)."},
	    {"datetime", "Une date AAAA-MM-JJ, avec l'heure si besoin (AAAA-MM-JJThh:mm)."},
	    {"singlevaluelist", "Une des valeurs proposées (sa clé)."},
	    {"multivaluelist", "Une ou plusieurs des valeurs proposées (leurs clés : attribute[code][]=…)."},
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if (strcmp(texts[i][0], datatype) == 0)
			return texts[i][1];
	return NULL;
}

/* One attribute of a service definition, from report_attributes_of(). */
static void write_attribute(docw_t *w, json_t *a, int order)
{
	const char *datatype = json_string_value(json_object_get(a, "datatype"));
	docw_object(w, NULL);
	docw_bool(w, "variable", 1);
	docw_text(w, "code", json_string_value(json_object_get(a, "code")));
	docw_text(w, "datatype", datatype);
	docw_bool(w, "required", json_is_true(json_object_get(a, "required")));
	docw_text(w, "datatype_description", datatype_description(datatype));
	docw_int(w, "order", order);
	docw_text(w, "description", json_string_value(json_object_get(a, "label")));
	if (strstr(datatype, "list")) {
		docw_list(w, "values", "value");
		size_t i;
		json_t *c;
		json_array_foreach(json_object_get(a, "choices"), i, c)
		{
			docw_object(w, NULL);
			docw_text(w, "key", json_string_value(json_object_get(c, "key")));
			docw_text(w, "name", json_string_value(json_object_get(c, "name")));
			docw_end(w);
		}
		docw_end(w);
	}
	docw_end(w);
}

void open311_service_definition(req_t *r)
{
	int fmt = open311_format(r);
	if (!fmt)
		return;
	const char *code = req_param(r, "service_code");
	long long id = db_int(0, "SELECT id FROM report_category WHERE code = ? AND active = 1", "t", code);
	if (!id) {
		reply_error(r, 404, arena_printf(r->arena, "service_code inconnu : %s.", code), NULL);
		return;
	}
	json_t *attrs = report_attributes_of(r, id, "attribute[", "]");
	buf_t out;
	buf_init(&out, r->arena, 4096);
	docw_t w;
	docw_init(&w, &out, fmt == 2);
	docw_object(&w, "service_definition");
	docw_text(&w, "service_code", code);
	docw_list(&w, "attributes", "attribute");
	size_t i;
	json_t *a;
	json_array_foreach(attrs, i, a)
	{
		write_attribute(&w, a, (int)i + 1);
	}
	docw_end(&w);
	docw_end(&w);
	json_decref(attrs);
	open311_reply(r, 200, &out, fmt == 2);
}
