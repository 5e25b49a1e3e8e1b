/* bilan_data.c — see bilan.h: the figures of a bilan, computed with
 * aggregate SQL over the indexes of the contributions (GROUP BY on
 * contribution_project (project_id, received_on), never a query per
 * contribution), the rows of its annex, and the freeze. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "modules/bilan.h"
#include "modules/contributions.h"
#include "modules/meetings.h"
#include "view/helpers.h"

/* Answers shown per theme in the synthesis; the others are in the annex. */
#define ANSWERS_PER_THEME 10

/* The contributions of a bilan: its project, received within its period,
 * not rejected by moderation. Bind "itt": project, first day, last day. */
#define IN_PERIOD "c.project_id = ?1 AND c.received_on BETWEEN ?2 AND ?3 AND c.moderation <> 'rejected'"

json_t *bilan_load(long long id)
{
	return db_row("SELECT r.*, p.slug AS project_slug, p.name AS project_name FROM consultation_report r "
		      "JOIN project p ON p.id = r.project_id WHERE r.id = ?",
		      "i", id);
}

int bilan_is_frozen(json_t *report)
{
	return json_string_value(json_object_get(report, "frozen_at")) != NULL;
}

const char *bilan_day_fr(req_t *r, const char *s)
{
	return s && strlen(s) == 10 ? arena_printf(r->arena, "%.2s/%.2s/%.4s", s + 8, s + 5, s) : (s ? s : "");
}

/* The three bindings of IN_PERIOD. */
typedef struct period {
	long long project;
	const char *from, *to;
} period_t;

static period_t period_of(json_t *report)
{
	period_t p = {json_integer_value(json_object_get(report, "project_id")),
		      json_string_value(json_object_get(report, "period_start")),
		      json_string_value(json_object_get(report, "period_end"))};
	return p;
}

/* "12,5 %" of n in total ("0 %" when total is 0). */
static json_t *share(long long n, long long total)
{
	char s[32];
	if (total <= 0)
		return json_string("0 %");
	long long tenths = (n * 1000 + total / 2) / total;
	if (tenths % 10)
		snprintf(s, sizeof s, "%lld,%lld %%", tenths / 10, tenths % 10);
	else
		snprintf(s, sizeof s, "%lld %%", tenths / 10);
	return json_string(s);
}

/* A series entry {label, count, share}. */
static json_t *entry(const char *label, long long n, long long total)
{
	return json_pack("{s:s, s:I, s:o}", "label", label, "count", (json_int_t)n, "share", share(n, total));
}

static long long row_int(json_t *row, const char *key)
{
	return json_integer_value(json_object_get(row, key));
}

static const char *row_text(json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));
	return s ? s : "";
}

/* ---- participation: statuses, channels, months ---- */

static const char *const month_names[] = {"janvier", "février", "mars",	     "avril",	"mai",	    "juin",
					  "juillet", "août",	"septembre", "octobre", "novembre", "décembre"};

/* The states and channels in the order the bilan lists them. */
static const char *const status_order[] = {"received", "in_review", "answered", "taken_into_account", "out_of_scope"};
#define NSTATUS (sizeof status_order / sizeof status_order[0])
static const char *const channel_order[] = {"office_hours", "meeting",	    "online",  "paper_register",
					    "mail",	    "social_media", "outreach"};
#define NCHANNEL (sizeof channel_order / sizeof channel_order[0])

/* Index of s in list (n entries), or -1. */
static int index_in(const char *const *list, size_t n, const unsigned char *s)
{
	for (size_t i = 0; s && i < n; i++)
		if (strcmp(list[i], (const char *)s) == 0)
			return (int)i;
	return -1;
}

/* Each figure below reads its rows with the statement stepped here and
 * tallies them in C: SQLite's GROUP BY would sort 100,000 rows in a
 * temporary B-tree, about three times the cost of reading them. Returns
 * 0, or -1 when the statement failed. */
static int step_done(sqlite3_stmt *st, int rc)
{
	sqlite3_reset(st); /* ends its read at once, whatever happened */
	return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- participation: states, channels, months, office hours ---- */

typedef struct tallies {
	long long total, published, pending, online, office_days;
	long long status[NSTATUS], channel[NCHANNEL];
	long long *month; /* one per month of the period */
	int months, y0, m0;
} tallies_t;

/* Counts of one row (day, moderation, channel, state, n) into t. */
static void tally_row(tallies_t *t, const char *day, const char *moderation, int channel, int status, long long n)
{
	t->total += n;
	t->published += strcmp(moderation, "published") == 0 ? n : 0;
	t->pending += strcmp(moderation, "pending") == 0 ? n : 0;
	if (channel >= 0)
		t->channel[channel] += n;
	if (status >= 0)
		t->status[status] += n;
	int k = (atoi(day) - t->y0) * 12 + (atoi(day + 5) - t->m0);
	if (k >= 0 && k < t->months)
		t->month[k] += n;
}

/* Reads the period's contributions grouped in the order of the covering
 * index contribution_bilan (0013: day, moderation, channel, state), which
 * SQLite aggregates as it reads, without sorting. */
static int tally_participation(req_t *r, period_t p, tallies_t *t)
{
	memset(t, 0, sizeof *t);
	t->y0 = atoi(p.from);
	t->m0 = atoi(p.from + 5);
	t->months = (atoi(p.to) - t->y0) * 12 + atoi(p.to + 5) - t->m0 + 1;
	if (t->months < 1 || t->months > 1200 || t->m0 < 1 || t->m0 > 12)
		t->months = 0;
	t->month = arena_calloc(r->arena, (size_t)t->months + 1, sizeof *t->month);
	sqlite3_stmt *st =
	    db_query("SELECT c.received_on, c.moderation, c.channel, c.status, count(*) FROM contribution c "
		     "WHERE " IN_PERIOD " GROUP BY c.received_on, c.moderation, c.channel, c.status",
		     "itt", p.project, p.from, p.to);
	char last_office[11] = "";
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *day = (const char *)sqlite3_column_text(st, 0);
		int channel = index_in(channel_order, NCHANNEL, sqlite3_column_text(st, 2));
		long long n = sqlite3_column_int64(st, 4);
		if (!day || strlen(day) != 10)
			continue;
		tally_row(t, day, (const char *)sqlite3_column_text(st, 1), channel,
			  index_in(status_order, NSTATUS, sqlite3_column_text(st, 3)), n);
		if (channel >= 0 && strcmp(channel_order[channel], "online") == 0)
			t->online += n;
		if (channel >= 0 && strcmp(channel_order[channel], "office_hours") == 0 &&
		    strcmp(last_office, day) != 0) {
			t->office_days++; /* rows come by day */
			memcpy(last_office, day, 11);
		}
	}
	return step_done(st, rc);
}

/* figures (total, published, pending, online, by_status), by_channel (most
 * used first), channels_open, office_hours_days and by_month (every month
 * of the period, empty ones included). */
static int participation(req_t *r, json_t *out, period_t p)
{
	tallies_t t;
	if (tally_participation(r, p, &t) != 0)
		return -1;
	json_t *by_status = json_array();
	for (size_t k = 0; k < NSTATUS; k++)
		json_array_append_new(by_status,
				      entry(contribution_status_label(status_order[k]), t.status[k], t.total));
	json_object_set_new(out, "figures",
			    json_pack("{s:I, s:I, s:I, s:I, s:o}", "total", (json_int_t)t.total, "published",
				      (json_int_t)t.published, "pending", (json_int_t)t.pending, "online",
				      (json_int_t)t.online, "by_status", by_status));
	json_t *by_channel = json_array(), *open = json_array();
	for (;;) { /* most used first, then in the order of the list */
		size_t best = NCHANNEL;
		for (size_t k = 0; k < NCHANNEL; k++)
			if (t.channel[k] > 0 && (best == NCHANNEL || t.channel[k] > t.channel[best]))
				best = k;
		if (best == NCHANNEL)
			break;
		const char *label = contribution_channel_label(channel_order[best]);
		json_array_append_new(by_channel, entry(label, t.channel[best], t.total));
		json_array_append_new(open,
				      json_pack("{s:s, s:I}", "label", label, "count", (json_int_t)t.channel[best]));
		t.channel[best] = 0;
	}
	json_object_set_new(out, "by_channel", by_channel);
	json_object_set_new(out, "channels_open", open);
	json_object_set_new(out, "office_hours_days", json_integer(t.office_days));
	json_t *months = json_array();
	for (int k = 0; k < t.months; k++)
		json_array_append_new(months, entry(arena_printf(r->arena, "%s %d", month_names[(t.m0 - 1 + k) % 12],
								 t.y0 + (t.m0 - 1 + k) / 12),
						    t.month[k], t.total));
	json_object_set_new(out, "by_month", months);
	return 0;
}

/* ---- themes and sectors ---- */

/* Contributions counted per item of a list (themes, sectors) and state;
 * the last slot counts those linked to none. */
typedef struct counter {
	json_t *items;			 /* rows {id, name}, in the list's order (owned) */
	size_t n;			 /* items */
	long long max_id;		 /* largest id */
	long long *slot;		 /* id -> index + 1 (0: not an item) */
	long long (*count)[NSTATUS + 1]; /* per item (and none): per state, then the whole */
	size_t *order;			 /* items by count, most first, then the list's order */
} counter_t;

static void counter_init(req_t *r, counter_t *c, json_t *items)
{
	size_t i;
	json_t *o;
	c->items = items;
	c->n = json_array_size(items);
	c->max_id = 0;
	json_array_foreach(items, i, o) if (row_int(o, "id") > c->max_id) c->max_id = row_int(o, "id");
	c->slot = arena_calloc(r->arena, (size_t)c->max_id + 1, sizeof *c->slot);
	json_array_foreach(items, i, o) c->slot[row_int(o, "id")] = (long long)i + 1;
	c->count = arena_calloc(r->arena, c->n + 1, sizeof *c->count);
	c->order = arena_calloc(r->arena, c->n + 1, sizeof *c->order);
}

/* Reads rows (id or NULL, state) from st into c. */
static int counter_read(counter_t *c, sqlite3_stmt *st)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t k = c->n; /* none */
		if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
			long long id = sqlite3_column_int64(st, 0);
			if (id < 1 || id > c->max_id || !c->slot[id])
				continue; /* deleted meanwhile */
			k = (size_t)c->slot[id] - 1;
		}
		int status = index_in(status_order, NSTATUS, sqlite3_column_text(st, 1));
		if (status >= 0)
			c->count[k][status]++;
		c->count[k][NSTATUS]++;
	}
	return step_done(st, rc);
}

/* Sorts the items with a count: most first, then in the list's order.
 * Returns how many. */
static size_t counter_sort(counter_t *c)
{
	size_t m = 0;
	for (size_t i = 0; i < c->n; i++)
		if (c->count[i][NSTATUS] > 0)
			c->order[m++] = i;
	for (size_t i = 1; i < m; i++) /* insertion sort: a few dozen items */
		for (size_t j = i; j > 0 && c->count[c->order[j]][NSTATUS] > c->count[c->order[j - 1]][NSTATUS]; j--) {
			size_t x = c->order[j];
			c->order[j] = c->order[j - 1];
			c->order[j - 1] = x;
		}
	return m;
}

/* The series {label, count, share} of a counter, « none » last when some
 * have none. New reference. */
static json_t *counter_series(counter_t *c, size_t m, const char *none, long long total)
{
	json_t *series = json_array();
	for (size_t i = 0; i < m; i++)
		json_array_append_new(series, entry(row_text(json_array_get(c->items, c->order[i]), "name"),
						    c->count[c->order[i]][NSTATUS], total));
	if (c->count[c->n][NSTATUS])
		json_array_append_new(series, entry(none, c->count[c->n][NSTATUS], total));
	return series;
}

/* The answers of a theme (rows of the query below). New reference. */
static json_t *theme_answers(json_t *answers, long long theme, long long *answered)
{
	json_t *out = json_array(), *o;
	size_t j;
	*answered = 0;
	json_array_foreach(answers, j, o)
	{
		if (row_int(o, "theme_id") != theme)
			continue;
		*answered = row_int(o, "answered");
		json_array_append_new(out, json_pack("{s:s, s:I, s:s}", "answer", row_text(o, "answer"), "count",
						     (json_int_t)row_int(o, "n"), "last", row_text(o, "last")));
	}
	return out;
}

/* by_theme (« Sans thème » last when some have none) and the synthesis per
 * theme: count, breakdown by state, the answers given (the most frequent,
 * then the most recent, ANSWERS_PER_THEME at most, with how many other
 * answered contributions the annex holds). */
static int themes(req_t *r, json_t *out, period_t p, long long total)
{
	counter_t c;
	counter_init(r, &c, db_rows("SELECT id, name FROM theme ORDER BY position, name", NULL));
	int rc =
	    counter_read(&c, db_query("SELECT ct.theme_id, c.status FROM contribution c LEFT JOIN contribution_theme "
				      "ct ON ct.contribution_id = c.id WHERE " IN_PERIOD,
				      "itt", p.project, p.from, p.to));
	json_t *answers = db_rows(
	    "SELECT theme_id, answer, n, last, answered FROM (SELECT ct.theme_id, c.answer, count(*) AS n, "
	    "max(c.received_on) AS last, row_number() OVER (PARTITION BY ct.theme_id ORDER BY count(*) DESC, "
	    "max(c.received_on) DESC, c.answer) AS rank, sum(count(*)) OVER (PARTITION BY ct.theme_id) AS answered "
	    "FROM contribution c JOIN contribution_theme ct ON ct.contribution_id = c.id WHERE " IN_PERIOD
	    " AND c.answer IS NOT NULL GROUP BY ct.theme_id, c.answer) WHERE rank <= ?4 ORDER BY theme_id, rank",
	    "itti", p.project, p.from, p.to, (long long)ANSWERS_PER_THEME);
	size_t m = counter_sort(&c);
	json_t *synthesis = json_array();
	for (size_t i = 0; i < m; i++) {
		json_t *item = json_array_get(c.items, c.order[i]);
		long long *n = c.count[c.order[i]], answered = 0, shown = 0;
		json_t *ans = theme_answers(answers, row_int(item, "id"), &answered), *o, *st = json_array();
		size_t j;
		json_array_foreach(ans, j, o) shown += row_int(o, "count");
		for (size_t k = 0; k < NSTATUS; k++)
			if (n[k])
				json_array_append_new(
				    st, entry(contribution_status_label(status_order[k]), n[k], n[NSTATUS]));
		json_array_append_new(
		    synthesis, json_pack("{s:s, s:I, s:o, s:o, s:I, s:I}", "theme", row_text(item, "name"), "count",
					 (json_int_t)n[NSTATUS], "by_status", st, "answers", ans, "answered",
					 (json_int_t)answered, "answered_elsewhere", (json_int_t)(answered - shown)));
	}
	json_object_set_new(out, "by_theme", counter_series(&c, m, "Sans thème", total));
	json_object_set_new(out, "synthesis", synthesis);
	json_decref(answers);
	json_decref(c.items);
	return rc;
}

static int sectors(req_t *r, json_t *out, period_t p, long long total)
{
	counter_t c;
	counter_init(r, &c,
		     db_rows("SELECT id, name FROM sector ORDER BY project_id <> ?, position, name", "i", p.project));
	int rc = counter_read(&c, db_query("SELECT cs.sector_id, c.status FROM contribution c LEFT JOIN "
					   "contribution_sector cs ON cs.contribution_id = c.id WHERE " IN_PERIOD,
					   "itt", p.project, p.from, p.to));
	json_object_set_new(out, "by_sector", counter_series(&c, counter_sort(&c), "Sans secteur désigné", total));
	json_decref(c.items);
	return rc;
}

/* ---- meetings held ---- */

/* The public meetings of the project held in the period (started within
 * it, not cancelled, already over; a private session's title would be made
 * public with the bilan), grouped by kind: date (Paris), title, people
 * present (attendance rows 'present' + people counted at the door),
 * registrations. */
static void meetings(req_t *r, json_t *out, period_t p)
{
	char now[21];
	db_now(now);
	const char *from = paris_day_utc(r->arena, p.from, 0), *to = paris_day_utc(r->arena, p.to, 1);
	json_t *rows = db_rows(
	    "SELECT m.kind, m.title, m.starts_at, m.anonymous_attendees + (SELECT count(*) FROM attendance a WHERE "
	    "a.meeting_id = m.id AND a.status = 'present') AS present, (SELECT count(*) FROM registration g WHERE "
	    "g.meeting_id = m.id AND g.status = 'registered') AS registered FROM meeting m WHERE m.project_id = ?1 "
	    "AND m.is_public = 1 AND m.starts_at >= ?2 AND m.starts_at < ?3 AND m.status <> 'cancelled' AND "
	    "m.ends_at <= ?4 "
	    "ORDER BY CASE m.kind WHEN 'public_meeting' THEN 1 WHEN 'workshop' THEN 2 WHEN 'event' THEN 3 "
	    "WHEN 'walk' THEN 4 ELSE 5 END, m.starts_at, m.id",
	    "itttt", p.project, from ? from : "", to ? to : "", now);
	json_t *groups = json_array(), *group = NULL, *row;
	const char *kind = NULL;
	long long present = 0, registered = 0;
	size_t i;
	json_array_foreach(rows, i, row)
	{
		const char *k = row_text(row, "kind");
		if (!kind || strcmp(kind, k) != 0) {
			kind = k;
			group = json_pack("{s:s, s:I, s:I, s:[]}", "kind_label", meeting_kind_label(k), "count",
					  (json_int_t)0, "present", (json_int_t)0, "items");
			json_array_append_new(groups, group);
		}
		const char *date = "", *time = "";
		utc_to_paris(r->arena, row_text(row, "starts_at"), &date, &time);
		json_array_append_new(
		    json_object_get(group, "items"),
		    json_pack("{s:s, s:s, s:s, s:I, s:I}", "date_fr", bilan_day_fr(r, date), "time",
			      strlen(time) == 5 ? arena_printf(r->arena, "%d h %.2s", atoi(time), time + 3) : time,
			      "title", row_text(row, "title"), "present", (json_int_t)row_int(row, "present"),
			      "registered", (json_int_t)row_int(row, "registered")));
		json_object_set_new(group, "count", json_integer(row_int(group, "count") + 1));
		json_object_set_new(group, "present",
				    json_integer(row_int(group, "present") + row_int(row, "present")));
		present += row_int(row, "present");
		registered += row_int(row, "registered");
	}
	json_object_set_new(out, "meetings",
			    json_pack("{s:o, s:I, s:I, s:I}", "groups", groups, "count",
				      (json_int_t)json_array_size(rows), "present", (json_int_t)present, "registered",
				      (json_int_t)registered));
	json_decref(rows);
}

/* ---- the whole ---- */

/* Every figure of the bilan from the data now. New reference, or NULL on
 * a database error. */
static json_t *compute(req_t *r, json_t *report)
{
	period_t p = period_of(report);
	json_t *out = json_object();
	json_t *project = db_row("SELECT slug, name, territory, summary FROM project WHERE id = ?", "i", p.project);
	json_object_set_new(out, "project", project ? project : json_object());
	if (participation(r, out, p) != 0) {
		json_decref(out);
		return NULL;
	}
	long long total = row_int(json_object_get(out, "figures"), "total");
	meetings(r, out, p);
	if (themes(r, out, p, total) != 0 || sectors(r, out, p, total) != 0) {
		json_decref(out);
		return NULL;
	}
	json_object_set_new(out, "annex_count", json_integer(total));
	return out;
}

json_t *bilan_figures(req_t *r, json_t *report)
{
	if (!bilan_is_frozen(report))
		return compute(r, report);
	const char *snap = json_string_value(json_object_get(report, "snapshot"));
	return json_loads(snap ? snap : "", 0, NULL);
}

long long bilan_pending_count(json_t *report)
{
	period_t p = period_of(report);
	return db_int(0, "SELECT count(*) FROM contribution c WHERE " IN_PERIOD " AND c.moderation = 'pending'", "itt",
		      p.project, p.from, p.to);
}

long long bilan_annex_count(json_t *report)
{
	long long id = row_int(report, "id");
	if (bilan_is_frozen(report))
		return db_int(0, "SELECT count(*) FROM consultation_report_annex WHERE report_id = ?", "i", id);
	period_t p = period_of(report);
	return db_int(0, "SELECT count(*) FROM contribution c WHERE " IN_PERIOD, "itt", p.project, p.from, p.to);
}

/* The annex of the data now, in the order of the frozen one: by day, then
 * number. Themes and sectors as names joined by « ; ». */
#define LIVE_ANNEX                                                                                                     \
	"SELECT c.id AS number, c.received_on, c.channel, COALESCE((SELECT group_concat(name, ' ; ') FROM (SELECT "    \
	"t.name FROM contribution_theme ct JOIN theme t ON t.id = ct.theme_id WHERE ct.contribution_id = c.id "        \
	"ORDER BY t.position, t.name)), '') AS themes, COALESCE((SELECT group_concat(name, ' ; ') FROM (SELECT "       \
	"s.name FROM contribution_sector cs JOIN sector s ON s.id = cs.sector_id WHERE cs.contribution_id = c.id "     \
	"ORDER BY s.position, s.name)), '') AS sectors, c.body, c.status, c.answer FROM contribution c "               \
	"WHERE " IN_PERIOD " ORDER BY c.received_on, c.id"

json_t *bilan_annex_rows(req_t *r, json_t *report, long long limit, long long offset)
{
	json_t *rows;
	if (bilan_is_frozen(report))
		rows = db_rows("SELECT contribution_id AS number, received_on, channel, themes, sectors, body, status, "
			       "answer FROM consultation_report_annex WHERE report_id = ? ORDER BY position LIMIT ? "
			       "OFFSET ?",
			       "iii", row_int(report, "id"), limit, offset);
	else {
		period_t p = period_of(report);
		rows = db_rows(LIVE_ANNEX " LIMIT ?4 OFFSET ?5", "ittii", p.project, p.from, p.to, limit, offset);
	}
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_object_set_new(row, "received_fr", json_string(bilan_day_fr(r, row_text(row, "received_on"))));
		json_object_set_new(row, "channel_label",
				    json_string(contribution_channel_label(row_text(row, "channel"))));
		json_object_set_new(row, "status_label",
				    json_string(contribution_status_label(row_text(row, "status"))));
	}
	return rows;
}

int bilan_freeze(req_t *r, json_t *report, const char *adopted_on)
{
	json_t *figures = compute(r, report);
	if (!figures)
		return -1;
	char *snap = json_dumps(figures, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(figures);
	if (!snap)
		return -1;
	char now[21];
	db_now(now);
	long long id = row_int(report, "id");
	period_t p = period_of(report);
	int rc = db_exec("INSERT INTO consultation_report_annex (report_id, position, contribution_id, received_on, "
			 "channel, themes, sectors, body, status, answer) SELECT ?4, row_number() OVER (ORDER BY "
			 "received_on, number), number, received_on, channel, themes, sectors, body, status, answer "
			 "FROM (" LIVE_ANNEX ")",
			 "itti", p.project, p.from, p.to, id);
	if (rc == 0)
		rc = db_exec(
		    "UPDATE consultation_report SET snapshot = ?, adopted_on = ?, frozen_at = ?, updated_at = ? "
		    "WHERE id = ? AND frozen_at IS NULL",
		    "tttti", snap, adopted_on, now, now, id);
	if (rc == 0 && db_changes() != 1)
		rc = -1;
	free(snap);
	return rc;
}
