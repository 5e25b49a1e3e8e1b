/* helpers.h — small pieces of view models that many pages share. */
#ifndef QUARTIER_VIEW_HELPERS_H
#define QUARTIER_VIEW_HELPERS_H

#include <jansson.h>

#include "core/validate.h"
#include "http/request.h"

/* A choice list for a <select>: [{value, label, selected}], new reference.
 * pairs holds n {value, label} pairs. */
json_t *options_json(const char *const (*pairs)[2], size_t n, const char *selected);

/* The page number asked in ?page= (1 when absent or invalid). */
int query_page(const req_t *r);

/* {page, pages, total, prev_url, next_url} for a list of total items shown
 * per_page at a time; the links keep the other query parameters. */
json_t *pagination_json(req_t *r, long long total, int page, int per_page);

/* 1 if the form's checkbox `field` is ticked, by the rule of FIELD_BOOL
 * (absent, "", "0", "off", "false" are not). Deletions and erasures ask
 * for one, so that no POST without it destroys anything. */
int form_confirmed(req_t *r, const char *field);

/* The French message of an unticked confirmation box. */
#define CONFIRM_MESSAGE "Cochez la case pour confirmer la suppression."

/* A strictly positive integer from a path parameter, or 0. */
long long param_id(const req_t *r, const char *name);

/* Local time in Europe/Paris, in French, from a UTC ISO time:
 * "29/11/2026 à 15 h 05". Arena string; "" for NULL. */
const char *time_fr(req_t *r, const char *iso_utc);

/* The answer to a successful save of the record at url: a JSON client that
 * created it gets 201 {"id", "url"} with Location (api_created); everyone
 * else the flash message and a redirect to url. */
void reply_saved(req_t *r, int created, long long id, const char *url, const char *message);

/* The ids chosen in a form's list (checkboxes, or comma-separated in a JSON
 * body), without repeats. Arena memory. */
typedef struct id_list {
	long long *ids;
	size_t n;
	int bad; /* a value was not a positive integer, or more than the maximum */
} id_list_t;

/* Reads every value of the form's field `name` (each may hold several ids
 * separated by commas or spaces) into out, at most max of them. */
void form_read_ids(req_t *r, const char *name, size_t max, id_list_t *out);

/* The list as a JSON array of integers, to refill a form. New reference. */
json_t *id_list_json(const id_list_t *l);

/* UTC ISO time (2026-12-03T17:30:00Z) to Paris date "2026-12-03" and time
 * "18:30" (arena strings). 0, or -1 when iso does not parse. */
int utc_to_paris(arena_t *a, const char *iso, const char **date, const char **time);

/* The form's time field time_field ("HH:MM", "H:MM" or "HH:MM:00") on the
 * Paris day date (YYYY-MM-DD, already valid; NULL: only the time is checked)
 * as a UTC ISO time (arena string). NULL when absent or refused, with the
 * field's French error set: malformed, or an hour that does not exist in
 * Paris that day (skipped when summer time starts). */
const char *form_paris_time(req_t *r, form_t *f, const char *date, const char *time_field);

/* 1 when the date (YYYY-MM-DD, already valid, or NULL: 0) of the form's
 * field is outside the years 2000..2100 that quartier's records live in,
 * with the field's French error set. The validator accepts any calendar
 * date; a meeting, a bilan, a due date or a mandate wants a plausible one. */
int form_year_outside(form_t *f, const char *field, const char *date);

/* A size in words: « 5 Mo », « 300 Ko », « 12 octets ». Arena string. */
const char *bytes_fr(arena_t *a, long long bytes);

/* The UTC ISO time of the first second of the Paris day `date` (YYYY-MM-DD)
 * plus `days` days (across daylight-saving changes): the bounds of a
 * « du … au … » filter in Paris days. Arena string, or NULL when date is not
 * a date. */
const char *paris_day_utc(arena_t *a, const char *date, int days);

/* Adds "<key>_fr" beside each ISO time field of every object in rows. */
void rows_add_time_fr(req_t *r, json_t *rows, const char *key);

#endif
