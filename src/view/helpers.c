/* helpers.c — see helpers.h. */
#include "view/helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/validate.h"
#include "http/api.h"

json_t *options_json(const char *const (*pairs)[2], size_t n, const char *selected)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:b}", "value", pairs[i][0], "label", pairs[i][1],
						     "selected", selected && strcmp(selected, pairs[i][0]) == 0));
	return arr;
}

int query_page(const req_t *r)
{
	const char *p = kv_get(&r->query, "page");
	if (!p)
		return 1;
	char *end;
	long n = strtol(p, &end, 10);
	return (*end || n < 1 || n > 1000000) ? 1 : (int)n;
}

/* The current path with every query parameter but page, then page=N. */
static json_t *page_url(req_t *r, int page)
{
	buf_t b;
	buf_init(&b, r->arena, 128);
	buf_puts(&b, r->path);
	char sep = '?';
	for (const kv_t *kv = r->query.head; kv; kv = kv->next) {
		if (strcmp(kv->name, "page") == 0)
			continue;
		buf_putc(&b, sep);
		sep = '&';
		for (int part = 0; part < 2; part++) {
			const unsigned char *s = (const unsigned char *)(part ? kv->value : kv->name);
			if (part)
				buf_putc(&b, '=');
			for (; *s; s++) {
				if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
				    strchr("-_.~", *s))
					buf_putc(&b, (char)*s);
				else
					buf_printf(&b, "%%%02X", *s);
			}
		}
	}
	buf_printf(&b, "%cpage=%d", sep, page);
	return json_string(b.data);
}

json_t *pagination_json(req_t *r, long long total, int page, int per_page)
{
	long long pages = total ? (total + per_page - 1) / per_page : 1;
	json_t *p = json_pack("{s:i, s:I, s:I}", "page", page, "pages", (json_int_t)pages, "total", (json_int_t)total);
	if (page > 1)
		json_object_set_new(p, "prev_url", page_url(r, page - 1));
	if (page < pages)
		json_object_set_new(p, "next_url", page_url(r, page + 1));
	json_object_set_new(p, "several", json_boolean(pages > 1));
	return p;
}

int form_confirmed(req_t *r, const char *field)
{
	static const field_spec_t box = {"confirm", "Confirmation", FIELD_BOOL, 0, 0, 0, NULL};
	field_value_t v;
	validate_field(r->arena, &box, kv_get(&r->form, field), &v);
	return v.integer != 0;
}

long long param_id(const req_t *r, const char *name)
{
	const char *s = req_param(r, name);
	if (!s || !*s || strlen(s) > 18)
		return 0;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	long long n = atoll(s);
	return n > 0 ? n : 0;
}

void reply_saved(req_t *r, int created, long long id, const char *url, const char *message)
{
	if (r->want_json && created) {
		api_created(r, json_pack("{s:I, s:s}", "id", (json_int_t)id, "url", url), url);
		return;
	}
	flash_set(r, message);
	redirect(r, url);
}

void form_read_ids(req_t *r, const char *name, size_t max, id_list_t *out)
{
	out->ids = arena_calloc(r->arena, max ? max : 1, sizeof *out->ids);
	out->n = 0;
	out->bad = 0;
	for (const kv_t *kv = r->form.head; kv; kv = kv->next) {
		if (strcmp(kv->name, name) != 0)
			continue;
		for (const char *p = kv->value; *p;) {
			while (*p == ' ' || *p == ',')
				p++;
			if (!*p)
				break;
			char *end;
			long long v = strtoll(p, &end, 10);
			if (end == p || v <= 0 || (*end && *end != ',' && *end != ' ') || out->n >= max) {
				out->bad = 1;
				return;
			}
			p = end;
			size_t i = 0;
			while (i < out->n && out->ids[i] != v)
				i++;
			if (i == out->n)
				out->ids[out->n++] = v;
		}
	}
}

json_t *id_list_json(const id_list_t *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, json_integer(l->ids[i]));
	return a;
}

int utc_to_paris(arena_t *a, const char *iso, const char **date, const char **time)
{
	struct tm tm = {0};
	if (!iso || !strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return -1;
	time_t t = timegm(&tm);
	struct tm local;
	localtime_r(&t, &local); /* TZ is Europe/Paris, set in main() */
	*date = arena_printf(a, "%04d-%02d-%02d", local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
	*time = arena_printf(a, "%02d:%02d", local.tm_hour, local.tm_min);
	return 0;
}

/* "HH:MM" (or "H:MM", or "HH:MM:00" as some browsers send it) to hour and
 * minute; 0, or -1 when malformed. */
static int parse_hhmm(const char *s, int *h, int *m)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 8 && strcmp(s + 5, ":00") == 0)
		n = 5;
	if (n != 4 && n != 5)
		return -1;
	size_t colon = n - 3;
	for (size_t i = 0; i < n; i++)
		if (i == colon ? s[i] != ':' : (s[i] < '0' || s[i] > '9'))
			return -1;
	*h = atoi(s);
	*m = atoi(s + colon + 1);
	return *h <= 23 && *m <= 59 ? 0 : -1;
}

/* A Paris date (YYYY-MM-DD, already valid) and time to a UTC ISO time
 * (arena string); NULL when that time does not exist in Paris (the hour
 * skipped when summer time starts). An ambiguous autumn time takes the
 * system's choice. */
static const char *paris_to_utc(arena_t *a, const char *date, int hour, int minute)
{
	struct tm tm = {0};
	tm.tm_year = atoi(date) - 1900;
	tm.tm_mon = atoi(date + 5) - 1;
	tm.tm_mday = atoi(date + 8);
	tm.tm_hour = hour;
	tm.tm_min = minute;
	tm.tm_isdst = -1;
	time_t t = mktime(&tm);
	if (t == (time_t)-1 || tm.tm_hour != hour || tm.tm_min != minute)
		return NULL;
	struct tm u;
	gmtime_r(&t, &u);
	return arena_printf(a, "%04d-%02d-%02dT%02d:%02d:00Z", u.tm_year + 1900, u.tm_mon + 1, u.tm_mday, u.tm_hour,
			    u.tm_min);
}

const char *bytes_fr(arena_t *a, long long bytes)
{
	if (bytes >= 1048576 && bytes % 1048576 == 0)
		return arena_printf(a, "%lld Mo", bytes / 1048576);
	if (bytes >= 1048576) { /* one decimal, French comma */
		long long tenths = (bytes * 10 + 524288) / 1048576;
		return arena_printf(a, "%lld,%lld Mo", tenths / 10, tenths % 10);
	}
	if (bytes >= 1024)
		return arena_printf(a, "%lld Ko", bytes / 1024);
	return arena_printf(a, "%lld octets", bytes);
}

int form_year_outside(form_t *f, const char *field, const char *date)
{
	if (!date || (atoi(date) >= 2000 && atoi(date) <= 2100))
		return 0;
	form_set_error(f, field, "Indiquez une date entre l'an 2000 et l'an 2100.");
	return 1;
}

const char *form_paris_time(req_t *r, form_t *f, const char *date, const char *time_field)
{
	const char *time = form_text(f, time_field), *utc = NULL;
	int h, m;
	if (!time)
		return NULL;
	if (parse_hhmm(time, &h, &m) != 0)
		form_set_error(f, time_field, "Indiquez l'heure au format HH:MM, par exemple 18:30.");
	else if (date && !(utc = paris_to_utc(r->arena, date, h, m)))
		form_set_error(f, time_field, "Cette heure n'existe pas à Paris ce jour-là (passage à l'heure d'été).");
	return utc;
}

const char *paris_day_utc(arena_t *a, const char *date, int days)
{
	struct tm tm = {0};
	if (!date || !strptime(date, "%Y-%m-%d", &tm))
		return NULL;
	tm.tm_mday += days;
	tm.tm_isdst = -1;
	time_t t = mktime(&tm); /* TZ is Europe/Paris, set in main() */
	struct tm utc;
	gmtime_r(&t, &utc);
	char *iso = arena_alloc(a, 21);
	strftime(iso, 21, "%Y-%m-%dT%H:%M:%SZ", &utc);
	return iso;
}

const char *time_fr(req_t *r, const char *iso)
{
	struct tm tm = {0};
	if (!iso || !strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return "";
	time_t t = timegm(&tm);
	struct tm local;
	localtime_r(&t, &local); /* TZ is Europe/Paris, set in main() */
	return arena_printf(r->arena, "%02d/%02d/%04d à %d h %02d", local.tm_mday, local.tm_mon + 1,
			    local.tm_year + 1900, local.tm_hour, local.tm_min);
}

void rows_add_time_fr(req_t *r, json_t *rows, const char *key)
{
	size_t i;
	json_t *row;
	char fr_key[64];
	snprintf(fr_key, sizeof fr_key, "%s_fr", key);
	json_array_foreach(rows, i, row)
	{
		const char *iso = json_string_value(json_object_get(row, key));
		if (iso)
			json_object_set_new(row, fr_key, json_string(time_fr(r, iso)));
	}
}
