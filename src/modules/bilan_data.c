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

/* Every month of the period with its count (zero months included). */
static json_t *by_month(req_t *r, period_t p, long long total)
{
	json_t *rows = db_rows("SELECT substr(c.received_on, 1, 7) AS month, count(*) AS n FROM contribution c WHERE " IN_PERIOD
			       " GROUP BY month ORDER BY month",
			       "itt", p.project, p.from, p.to);
	json_t *out = json_array();
	int y = atoi(p.from), m = atoi(p.from + 5), y2 = atoi(p.to), m2 = atoi(p.to + 5);
	size_t k = 0;
	for (int guard = 0; m >= 1 && m <= 12 && (y < y2 || (y == y2 && m <= m2)) && guard < 1200; guard++) {
		char key[16];
		snprintf(key, sizeof key, "%04d-%02d", y % 10000, m % 100);
		long long n = 0;
		json_t *row = json_array_get(rows, k);
		if (row && strcmp(row_text(row, "month"), key) == 0) {
			n = row_int(row, "n");
			k++;
		}
		json_array_append_new(out, entry(arena_printf(r->arena, "%s %d", month_names[m - 1], y), n, total));
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	json_decref(rows);
	return out;
}

/* figures: total, published, pending, online, by_status; by_channel,
 * channels_open, office_hours_days. */
static void participation(json_t *out, period_t p)
{
	json_t *st = db_rows("SELECT c.status, count(*) AS n, sum(c.moderation = 'published') AS published, "
			     "sum(c.moderation = 'pending') AS pending, sum(c.channel = 'online') AS online "
			     "FROM contribution c WHERE " IN_PERIOD " GROUP BY c.status",
			     "itt", p.project, p.from, p.to);
	long long total = 0, published = 0, pending = 0, online = 0;
	size_t i;
	json_t *row;
	json_array_foreach(st, i, row)
	{
		total += row_int(row, "n");
		published += row_int(row, "published");
		pending += row_int(row, "pending");
		online += row_int(row, "online");
	}
	static const char *const statuses[] = {"received", "in_review", "answered", "taken_into_account",
					       "out_of_scope"};
	json_t *by_status = json_array();
	for (size_t s = 0; s < sizeof statuses / sizeof statuses[0]; s++) {
		long long n = 0;
		json_array_foreach(st, i, row) if (strcmp(row_text(row, "status"), statuses[s]) == 0) n =
		    row_int(row, "n");
		json_array_append_new(by_status, entry(contribution_status_label(statuses[s]), n, total));
	}
	json_decref(st);
	json_object_set_new(out, "figures",
			    json_pack("{s:I, s:I, s:I, s:I, s:o}", "total", (json_int_t)total, "published",
				      (json_int_t)published, "pending", (json_int_t)pending, "online",
				      (json_int_t)online, "by_status", by_status));

	json_t *ch = db_rows("SELECT c.channel, count(*) AS n, count(DISTINCT c.received_on) AS days FROM "
			     "contribution c WHERE " IN_PERIOD " GROUP BY c.channel ORDER BY n DESC, c.channel",
			     "itt", p.project, p.from, p.to);
	json_t *by_channel = json_array(), *open = json_array();
	long long office_days = 0;
	json_array_foreach(ch, i, row)
	{
		const char *code = row_text(row, "channel");
		json_array_append_new(by_channel, entry(contribution_channel_label(code), row_int(row, "n"), total));
		json_array_append_new(open, json_pack("{s:s, s:I}", "label", contribution_channel_label(code), "count",
						      (json_int_t)row_int(row, "n")));
		if (strcmp(code, "office_hours") == 0)
			office_days = row_int(row, "days");
	}
	json_decref(ch);
	json_object_set_new(out, "by_channel", by_channel);
	json_object_set_new(out, "channels_open", open);
	json_object_set_new(out, "office_hours_days", json_integer(office_days));
}

/* ---- themes and sectors ---- */

/* by_theme (with « Sans thème » when some have none) and the synthesis per
 * theme: count, breakdown by status, the answers given. */
static void themes(json_t *out, period_t p, long long total)
{
	json_t *rows = db_rows("SELECT t.id, t.name, count(*) AS n, count(c.answer) AS answered FROM contribution c "
			       "JOIN contribution_theme ct ON ct.contribution_id = c.id JOIN theme t ON t.id = "
			       "ct.theme_id WHERE " IN_PERIOD " GROUP BY t.id ORDER BY n DESC, t.position, t.name",
			       "itt", p.project, p.from, p.to);
	json_t *status_rows =
	    db_rows("SELECT ct.theme_id, c.status, count(*) AS n FROM contribution c JOIN contribution_theme ct ON "
		    "ct.contribution_id = c.id WHERE " IN_PERIOD " GROUP BY ct.theme_id, c.status",
		    "itt", p.project, p.from, p.to);
	json_t *answers = db_rows(
	    "SELECT theme_id, answer, n, last FROM (SELECT ct.theme_id, c.answer, count(*) AS n, max(c.received_on) "
	    "AS last, row_number() OVER (PARTITION BY ct.theme_id ORDER BY count(*) DESC, max(c.received_on) DESC, "
	    "c.answer) AS rank FROM contribution c JOIN contribution_theme ct ON ct.contribution_id = c.id WHERE " IN_PERIOD
	    " AND c.answer IS NOT NULL GROUP BY ct.theme_id, c.answer) WHERE rank <= ?4 ORDER BY theme_id, rank",
	    "itti", p.project, p.from, p.to, (long long)ANSWERS_PER_THEME);
	long long none = db_int(0,
				"SELECT count(*) FROM contribution c WHERE " IN_PERIOD
				" AND NOT EXISTS (SELECT 1 FROM contribution_theme ct WHERE ct.contribution_id = c.id)",
				"itt", p.project, p.from, p.to);
	json_t *series = json_array(), *synthesis = json_array();
	size_t i, j;
	json_t *row, *o;
	json_array_foreach(rows, i, row)
	{
		long long id = row_int(row, "id"), n = row_int(row, "n");
		json_array_append_new(series, entry(row_text(row, "name"), n, total));
		json_t *st = json_array(), *ans = json_array();
		json_array_foreach(status_rows, j, o) if (row_int(o, "theme_id") == id) json_array_append_new(
		    st, entry(contribution_status_label(row_text(o, "status")), row_int(o, "n"), n));
		long long shown = 0;
		json_array_foreach(answers, j, o) if (row_int(o, "theme_id") == id)
		{
			shown += row_int(o, "n");
			json_array_append_new(ans, json_pack("{s:s, s:I, s:s}", "answer", row_text(o, "answer"), "count",
							     (json_int_t)row_int(o, "n"), "last", row_text(o, "last")));
		}
		json_array_append_new(synthesis,
				      json_pack("{s:s, s:I, s:o, s:o, s:I, s:I}", "theme", row_text(row, "name"),
						"count", (json_int_t)n, "by_status", st, "answers", ans, "answered",
						(json_int_t)row_int(row, "answered"), "answered_elsewhere",
						(json_int_t)(row_int(row, "answered") - shown)));
	}
	if (none)
		json_array_append_new(series, entry("Sans thème", none, total));
	json_decref(rows);
	json_decref(status_rows);
	json_decref(answers);
	json_object_set_new(out, "by_theme", series);
	json_object_set_new(out, "synthesis", synthesis);
}

static void sectors(json_t *out, period_t p, long long total)
{
	json_t *rows = db_rows("SELECT s.name, count(*) AS n FROM contribution c JOIN contribution_sector cs ON "
			       "cs.contribution_id = c.id JOIN sector s ON s.id = cs.sector_id WHERE " IN_PERIOD
			       " GROUP BY s.id ORDER BY n DESC, s.position, s.name",
			       "itt", p.project, p.from, p.to);
	long long none = db_int(0,
				"SELECT count(*) FROM contribution c WHERE " IN_PERIOD
				" AND NOT EXISTS (SELECT 1 FROM contribution_sector cs WHERE cs.contribution_id = c.id)",
				"itt", p.project, p.from, p.to);
	json_t *series = json_array(), *row;
	size_t i;
	json_array_foreach(rows, i, row)
	    json_array_append_new(series, entry(row_text(row, "name"), row_int(row, "n"), total));
	if (none)
		json_array_append_new(series, entry("Sans secteur désigné", none, total));
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
		json_array_append_new(json_object_get(group, "items"),
				      json_pack("{s:s, s:s, s:s, s:I, s:I}", "date_fr", bilan_day_fr(r, date), "time",
						strlen(time) == 5 ? arena_printf(r->arena, "%d h %.2s", atoi(time), time + 3) : time, "title", row_text(row, "title"), "present",
						(json_int_t)row_int(row, "present"), "registered",
						(json_int_t)row_int(row, "registered")));
		json_object_set_new(group, "count", json_integer(row_int(group, "count") + 1));
		json_object_set_new(group, "present", json_integer(row_int(group, "present") + row_int(row, "present")));
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
	participation(out, p);
	long long total = row_int(json_object_get(out, "figures"), "total");
	meetings(r, out, p);
	themes(out, p, total);
	sectors(out, p, total);
	json_object_set_new(out, "by_month", by_month(r, p, total));
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
#define LIVE_ANNEX                                                                                                 \
	"SELECT c.id AS number, c.received_on, c.channel, COALESCE((SELECT group_concat(name, ' ; ') FROM (SELECT "  \
	"t.name FROM contribution_theme ct JOIN theme t ON t.id = ct.theme_id WHERE ct.contribution_id = c.id "      \
	"ORDER BY t.position, t.name)), '') AS themes, COALESCE((SELECT group_concat(name, ' ; ') FROM (SELECT "     \
	"s.name FROM contribution_sector cs JOIN sector s ON s.id = cs.sector_id WHERE cs.contribution_id = c.id "   \
	"ORDER BY s.position, s.name)), '') AS sectors, c.body, c.status, c.answer FROM contribution c WHERE "       \
	IN_PERIOD " ORDER BY c.received_on, c.id"

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
		json_object_set_new(row, "status_label", json_string(contribution_status_label(row_text(row, "status"))));
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
		rc = db_exec("UPDATE consultation_report SET snapshot = ?, adopted_on = ?, frozen_at = ?, updated_at = ? "
			     "WHERE id = ? AND frozen_at IS NULL",
			     "tttti", snap, adopted_on, now, now, id);
	if (rc == 0 && db_changes() != 1)
		rc = -1;
	free(snap);
	return rc;
}
