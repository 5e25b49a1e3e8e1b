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

/* Adds n to the integer at key of obj. */
static void add_to(json_t *obj, const char *key, long long n)
{
	json_object_set_new(obj, key, json_integer(json_integer_value(json_object_get(obj, key)) + n));
}

/* Every month of the period with its count (zero months included);
 * months: "YYYY-MM" -> count. */
static json_t *by_month(req_t *r, period_t p, json_t *months, long long total)
{
	json_t *out = json_array();
	int y = atoi(p.from), m = atoi(p.from + 5), y2 = atoi(p.to), m2 = atoi(p.to + 5);
	for (int guard = 0; m >= 1 && m <= 12 && (y < y2 || (y == y2 && m <= m2)) && guard < 1200; guard++) {
		char key[16];
		snprintf(key, sizeof key, "%04d-%02d", y % 10000, m % 100);
		long long n = json_integer_value(json_object_get(months, key));
		json_array_append_new(out, entry(arena_printf(r->arena, "%s %d", month_names[m - 1], y), n, total));
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	return out;
}

/* figures (total, published, pending, online, by_status), by_channel,
 * channels_open, office_hours_days and by_month, from one GROUP BY read
 * from the covering index contribution_bilan (0013). */
static void participation(req_t *r, json_t *out, period_t p)
{
	json_t *rows = db_rows("SELECT c.status, c.channel, substr(c.received_on, 1, 7) AS month, c.moderation, "
			       "count(*) AS n FROM contribution c WHERE " IN_PERIOD " GROUP BY 1, 2, 3, 4",
			       "itt", p.project, p.from, p.to);
	json_t *statuses = json_object(), *channels = json_object(), *months = json_object(), *row;
	long long total = 0, published = 0, pending = 0, online = 0;
	size_t i;
	json_array_foreach(rows, i, row)
	{
		long long n = row_int(row, "n");
		const char *moderation = row_text(row, "moderation"), *channel = row_text(row, "channel");
		total += n;
		published += strcmp(moderation, "published") == 0 ? n : 0;
		pending += strcmp(moderation, "pending") == 0 ? n : 0;
		online += strcmp(channel, "online") == 0 ? n : 0;
		add_to(statuses, row_text(row, "status"), n);
		add_to(channels, channel, n);
		add_to(months, row_text(row, "month"), n);
	}
	json_decref(rows);
	static const char *const status_order[] = {"received", "in_review", "answered", "taken_into_account",
						   "out_of_scope"};
	json_t *by_status = json_array();
	for (size_t k = 0; k < sizeof status_order / sizeof status_order[0]; k++)
		json_array_append_new(by_status,
				      entry(contribution_status_label(status_order[k]),
					    json_integer_value(json_object_get(statuses, status_order[k])), total));
	json_object_set_new(out, "figures",
			    json_pack("{s:I, s:I, s:I, s:I, s:o}", "total", (json_int_t)total, "published",
				      (json_int_t)published, "pending", (json_int_t)pending, "online",
				      (json_int_t)online, "by_status", by_status));
	/* channels, most used first (then in the order of the list) */
	static const char *const channel_order[] = {"office_hours", "meeting",	    "online",  "paper_register",
						    "mail",	    "social_media", "outreach"};
	json_t *by_channel = json_array(), *open = json_array();
	for (long long best = 1; best > 0;) {
		best = 0;
		const char *pick = NULL;
		for (size_t k = 0; k < sizeof channel_order / sizeof channel_order[0]; k++) {
			long long n = json_integer_value(json_object_get(channels, channel_order[k]));
			if (n > best) {
				best = n;
				pick = channel_order[k];
			}
		}
		if (!pick)
			break;
		json_array_append_new(by_channel, entry(contribution_channel_label(pick), best, total));
		json_array_append_new(open, json_pack("{s:s, s:I}", "label", contribution_channel_label(pick), "count",
						      (json_int_t)best));
		json_object_del(channels, pick);
	}
	json_object_set_new(out, "by_channel", by_channel);
	json_object_set_new(out, "channels_open", open);
	json_object_set_new(
	    out, "office_hours_days",
	    json_integer(db_int(0,
				"SELECT count(DISTINCT c.received_on) FROM contribution c WHERE " IN_PERIOD
				" AND c.channel = 'office_hours'",
				"itt", p.project, p.from, p.to)));
	json_object_set_new(out, "by_month", by_month(r, p, months, total));
	json_decref(statuses);
	json_decref(channels);
	json_decref(months);
}

/* ---- themes and sectors ---- */

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

/* by_theme (with « Sans thème » last when some have none) and the
 * synthesis per theme: count, breakdown by status, the answers given (the
 * most frequent, then the most recent, ANSWERS_PER_THEME at most). Rows
 * come ordered by theme (most contributions first), then status. */
static void themes(json_t *out, period_t p, long long total)
{
	json_t *rows = db_rows(
	    "WITH g AS (SELECT ct.theme_id, c.status, count(*) AS n FROM contribution c LEFT JOIN contribution_theme "
	    "ct ON ct.contribution_id = c.id WHERE " IN_PERIOD " GROUP BY 1, 2) SELECT g.theme_id, t.name, g.status, "
	    "g.n, sum(g.n) OVER (PARTITION BY g.theme_id) AS total FROM g LEFT JOIN theme t ON t.id = g.theme_id "
	    "ORDER BY g.theme_id IS NULL, total DESC, t.position, t.name, g.status",
	    "itt", p.project, p.from, p.to);
	json_t *answers = db_rows(
	    "SELECT theme_id, answer, n, last, answered FROM (SELECT ct.theme_id, c.answer, count(*) AS n, "
	    "max(c.received_on) AS last, row_number() OVER (PARTITION BY ct.theme_id ORDER BY count(*) DESC, "
	    "max(c.received_on) DESC, c.answer) AS rank, sum(count(*)) OVER (PARTITION BY ct.theme_id) AS answered "
	    "FROM contribution c JOIN contribution_theme ct ON ct.contribution_id = c.id WHERE " IN_PERIOD
	    " AND c.answer IS NOT NULL GROUP BY ct.theme_id, c.answer) WHERE rank <= ?4 ORDER BY theme_id, rank",
	    "itti", p.project, p.from, p.to, (long long)ANSWERS_PER_THEME);
	json_t *series = json_array(), *synthesis = json_array(), *theme = NULL, *row;
	long long current = -1;
	size_t i;
	json_array_foreach(rows, i, row)
	{
		json_t *id = json_object_get(row, "theme_id");
		long long n = row_int(row, "total");
		if (json_is_null(id) || !id) {
			if (current != 0)
				json_array_append_new(series, entry("Sans thème", n, total));
			current = 0;
			continue;
		}
		if (json_integer_value(id) != current) {
			current = json_integer_value(id);
			long long answered = 0;
			json_t *ans = theme_answers(answers, current, &answered), *o;
			long long shown = 0;
			size_t j;
			json_array_foreach(ans, j, o) shown += row_int(o, "count");
			json_array_append_new(series, entry(row_text(row, "name"), n, total));
			theme = json_pack("{s:s, s:I, s:[], s:o, s:I, s:I}", "theme", row_text(row, "name"), "count",
					  (json_int_t)n, "by_status", "answers", ans, "answered", (json_int_t)answered,
					  "answered_elsewhere", (json_int_t)(answered - shown));
			json_array_append_new(synthesis, theme);
		}
		json_array_append_new(json_object_get(theme, "by_status"),
				      entry(contribution_status_label(row_text(row, "status")), row_int(row, "n"), n));
	}
	json_decref(rows);
	json_decref(answers);
	json_object_set_new(out, "by_theme", series);
	json_object_set_new(out, "synthesis", synthesis);
}

static void sectors(json_t *out, period_t p, long long total)
{
	json_t *rows = db_rows("SELECT cs.sector_id, s.name, count(*) AS n FROM contribution c LEFT JOIN "
			       "contribution_sector cs ON cs.contribution_id = c.id LEFT JOIN sector s ON s.id = "
			       "cs.sector_id WHERE " IN_PERIOD " GROUP BY cs.sector_id ORDER BY cs.sector_id IS NULL, "
			       "n DESC, s.position, s.name",
			       "itt", p.project, p.from, p.to);
	json_t *series = json_array(), *row;
	size_t i;
	json_array_foreach(rows, i, row)
	    json_array_append_new(series, entry(json_is_null(json_object_get(row, "sector_id")) ? "Sans secteur désigné"
												: row_text(row, "name"),
						row_int(row, "n"), total));
	json_decref(rows);
	json_object_set_new(out, "by_sector", series);
}

/* ---- meetings held ---- */

/* The meetings of the project held in the period (started within it, not
 * cancelled, already over), grouped by kind: date (Paris), title, people
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
	    "AND m.starts_at >= ?2 AND m.starts_at < ?3 AND m.status <> 'cancelled' AND m.ends_at <= ?4 "
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

/* Every figure of the bilan from the data now. New reference. */
static json_t *compute(req_t *r, json_t *report)
{
	period_t p = period_of(report);
	json_t *out = json_object();
	json_t *project = db_row("SELECT slug, name, territory, summary FROM project WHERE id = ?", "i", p.project);
	json_object_set_new(out, "project", project ? project : json_object());
	participation(r, out, p);
	long long total = row_int(json_object_get(out, "figures"), "total");
	meetings(r, out, p);
	themes(out, p, total);
	sectors(out, p, total);
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
