/* bilan_public.c — see bilan.h: the page of a bilan (the same view for
 * staff and, once adopted, for everyone), its paginated annex, its
 * downloads (CSV, XLSX), and the JSON API. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "http/api.h"
#include "modules/bilan.h"
#include "modules/exports.h"
#include "view/helpers.h"
#include "view/markdown.h"
#include "view/svg_chart.h"

/* Up to this many rows the annex is shown on the page of the bilan; beyond,
 * on its own pages, ANNEX_PER_PAGE at a time. */
#define ANNEX_INLINE_MAX 500
#define ANNEX_PER_PAGE 100
#define PUBLIC_NOT_FOUND "Ce bilan n'existe pas ou n'a pas encore été adopté."

static const char *text_of(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

const char *bilan_period_fr(req_t *r, json_t *row)
{
	return arena_printf(r->arena, "du %s au %s", bilan_day_fr(r, text_of(row, "period_start")),
			    bilan_day_fr(r, text_of(row, "period_end")));
}

/* The address of the bilan's page: the staff's, or the public one. */
static const char *base_url(req_t *r, json_t *b, int staff)
{
	long long id = json_integer_value(json_object_get(b, "id"));
	return staff ? arena_printf(r->arena, "/equipe/bilans/%lld", id)
		     : arena_printf(r->arena, "/projets/%s/bilans/%lld", text_of(b, "project_slug"), id);
}

/* A chart and its table: {id, title, column, chart_html, rows}. series
 * ({label, count, share}) borrowed. */
static json_t *chart(req_t *r, const char *id, const char *title, const char *column, json_t *series, long long total)
{
	size_t n = json_array_size(series), i;
	svg_bar_t *bars = arena_calloc(r->arena, n ? n : 1, sizeof *bars);
	json_t *o;
	json_array_foreach(series, i, o)
	{
		bars[i].label = text_of(o, "label");
		bars[i].value = json_integer_value(json_object_get(o, "count"));
	}
	buf_t b;
	buf_init(&b, r->arena, 1024);
	const char *desc = arena_printf(r->arena,
					"%s, en nombre de contributions (%lld contributions sur la période ; une "
					"contribution peut porter sur plusieurs thèmes ou secteurs). Le tableau qui "
					"suit donne les mêmes chiffres.",
					title, total);
	svg_bar_chart(&b, id, title, desc, bars, n);
	buf_putc(&b, '\0');
	return json_pack("{s:s, s:s, s:s, s:s, s:O}", "id", id, "title", title, "column", column, "chart_html", b.data,
			 "rows", series);
}

/* The bilan's own fields as the page shows them. New reference. */
static json_t *report_view(req_t *r, json_t *b)
{
	const char *signed_at = json_string_value(json_object_get(b, "signed_off_at"));
	const char *conclusions = text_of(b, "conclusions"), *arrangements = text_of(b, "arrangements");
	return json_pack(
	    "{s:I, s:s, s:s, s:s, s:b, s:b, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b}", "id",
	    (json_int_t)json_integer_value(json_object_get(b, "id")), "title", text_of(b, "title"), "period_fr",
	    bilan_period_fr(r, b), "state_label", bilan_state_label(r, b), "is_frozen", bilan_is_frozen(b), "is_signed",
	    signed_at != NULL, "signatory", text_of(b, "signatory"), "signed_fr",
	    signed_at ? time_fr(r, signed_at) : "", "adopted_fr", bilan_day_fr(r, text_of(b, "adopted_on")),
	    "legal_frame_html", markdown_html(r->arena, text_of(b, "legal_frame")), "arrangements_html",
	    markdown_html(r->arena, arrangements), "conclusions_html", markdown_html(r->arena, conclusions),
	    "has_arrangements", *arrangements != 0, "has_conclusions", *conclusions != 0);
}

static void render_page(req_t *r, json_t *b, int staff)
{
	json_t *data = bilan_figures(r, b);
	if (!data) {
		reply_error(r, 500, NULL, NULL);
		return;
	}
	long long total = json_integer_value(json_object_get(json_object_get(data, "figures"), "total"));
	json_t *charts = json_array();
	json_array_append_new(charts, chart(r, "graphique-themes", "Contributions par thème", "Thème",
					    json_object_get(data, "by_theme"), total));
	json_array_append_new(charts, chart(r, "graphique-canaux", "Contributions par canal", "Canal",
					    json_object_get(data, "by_channel"), total));
	json_array_append_new(charts, chart(r, "graphique-secteurs", "Contributions par secteur", "Secteur",
					    json_object_get(data, "by_sector"), total));
	json_array_append_new(charts, chart(r, "graphique-mois", "Contributions par mois", "Mois",
					    json_object_get(data, "by_month"), total));
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(data, "synthesis"), i, o)
	    json_object_set_new(o, "has_answers", json_boolean(json_array_size(json_object_get(o, "answers")) > 0));
	/* a draft's annex is its contributions: their number is already known */
	long long count = bilan_is_frozen(b) ? bilan_annex_count(b) : total;
	const char *url = base_url(r, b, staff);
	int inline_annex = count <= ANNEX_INLINE_MAX;
	json_t *annex =
	    json_pack("{s:I, s:b, s:s, s:s, s:s}", "count", (json_int_t)count, "inline", inline_annex, "url",
		      arena_printf(r->arena, "%s/annexe", url), "csv_url", arena_printf(r->arena, "%s/annexe.csv", url),
		      "xlsx_url", arena_printf(r->arena, "%s/annexe.xlsx", url));
	if (inline_annex)
		json_object_set_new(annex, "rows", bilan_annex_rows(r, b, -1, 0));
	json_t *view = json_pack(
	    "{s:{s:s}, s:o, s:o, s:o, s:o, s:b, s:b, s:s, s:s, s:s}", "page", "title", text_of(b, "title"), "report",
	    report_view(r, b), "data", data, "charts", charts, "annex", annex, "is_staff", staff, "has_channels",
	    json_array_size(json_object_get(data, "channels_open")) > 0, "url", url, "figures_csv_url",
	    arena_printf(r->arena, "%s/chiffres.csv", url), "public_url", bilan_is_frozen(b) ? base_url(r, b, 0) : "");
	render(r, 200, "bilan", view);
}

static void render_annex(req_t *r, json_t *b, int staff)
{
	int page = query_page(r);
	long long count = bilan_annex_count(b);
	const char *url = base_url(r, b, staff);
	json_t *rows = bilan_annex_rows(r, b, ANNEX_PER_PAGE, (long long)(page - 1) * ANNEX_PER_PAGE);
	render(r, 200, "bilan_annex",
	       json_pack("{s:{s:s}, s:o, s:o, s:I, s:o, s:s, s:s, s:s, s:b}", "page", "title",
			 arena_printf(r->arena, "Annexe : %s", text_of(b, "title")), "report", report_view(r, b),
			 "rows", rows, "count", (json_int_t)count, "pagination",
			 pagination_json(r, count, page, ANNEX_PER_PAGE), "url", url, "csv_url",
			 arena_printf(r->arena, "%s/annexe.csv", url), "xlsx_url",
			 arena_printf(r->arena, "%s/annexe.xlsx", url), "is_staff", staff));
}

/* ---- downloads: never an author's name, e-mail or phone (the annex has none) ---- */

static const export_column_t annex_columns[] = {
    {"N° de contribution", "number"}, {"Date", "received_on"},
    {"Canal", "channel_label"},	      {"Thèmes", "themes"},
    {"Secteurs", "sectors"},	      {"Contribution", "body"},
    {"État", "status_label"},	      {"Réponse apportée", "answer"},
};
#define NANNEX (sizeof annex_columns / sizeof annex_columns[0])

/* The annex as CSV, or XLSX when the path asks for it. */
static void annex_download(req_t *r, json_t *b, int staff)
{
	(void)staff;
	int xlsx = strcmp(r->path + strlen(r->path) - 5, ".xlsx") == 0;
	long long id = json_integer_value(json_object_get(b, "id"));
	json_t *rows = bilan_annex_rows(r, b, -1, 0);
	if (xlsx)
		export_xlsx_reply(r, arena_printf(r->arena, "bilan-%lld-annexe", id), "Annexe", annex_columns, NANNEX,
				  rows);
	else
		export_csv_download(r, arena_printf(r->arena, "bilan-%lld-annexe.csv", id), annex_columns, NANNEX,
				    rows);
}

/* Appends {section, label, count, share} rows of a series. */
static void add_series(json_t *rows, const char *section, json_t *series)
{
	size_t i;
	json_t *o;
	json_array_foreach(series, i, o) json_array_append_new(
	    rows, json_pack("{s:s, s:s, s:O, s:O}", "section", section, "label", text_of(o, "label"), "count",
			    json_object_get(o, "count"), "share", json_object_get(o, "share")));
}

static void add_figure(json_t *rows, const char *label, json_t *n)
{
	json_array_append_new(rows, json_pack("{s:s, s:s, s:o, s:s}", "section", "Participation", "label", label,
					      "count", n ? json_incref(n) : json_integer(0), "share", ""));
}

static const export_column_t figure_columns[] = {
    {"Rubrique", "section"}, {"Libellé", "label"}, {"Nombre", "count"}, {"Part", "share"}};

static void figures_download(req_t *r, json_t *b, int staff)
{
	(void)staff;
	json_t *data = bilan_figures(r, b);
	if (!data) {
		reply_error(r, 500, NULL, NULL);
		return;
	}
	json_t *rows = json_array(), *fig = json_object_get(data, "figures"), *m = json_object_get(data, "meetings");
	add_figure(rows, "Contributions", json_object_get(fig, "total"));
	add_figure(rows, "Contributions publiées", json_object_get(fig, "published"));
	add_figure(rows, "Contributions en ligne", json_object_get(fig, "online"));
	add_figure(rows, "Réunions tenues", json_object_get(m, "count"));
	add_figure(rows, "Personnes présentes aux réunions", json_object_get(m, "present"));
	add_figure(rows, "Inscriptions aux réunions", json_object_get(m, "registered"));
	add_figure(rows, "Jours de permanence avec contributions", json_object_get(data, "office_hours_days"));
	add_series(rows, "État", json_object_get(fig, "by_status"));
	add_series(rows, "Thème", json_object_get(data, "by_theme"));
	add_series(rows, "Canal", json_object_get(data, "by_channel"));
	add_series(rows, "Secteur", json_object_get(data, "by_sector"));
	add_series(rows, "Mois", json_object_get(data, "by_month"));
	json_decref(data);
	export_csv_download(
	    r,
	    arena_printf(r->arena, "bilan-%lld-chiffres.csv", (long long)json_integer_value(json_object_get(b, "id"))),
	    figure_columns, sizeof figure_columns / sizeof figure_columns[0], rows);
}

/* ---- route handlers: staff (any bilan) and public (adopted ones) ---- */

/* The adopted bilan of the path (its project's slug and id), or NULL with
 * a 404 answered: a draft does not exist for the public. */
static json_t *public_or_404(req_t *r)
{
	long long id = param_id(r, "bilan_id");
	json_t *b = id ? bilan_load(id) : NULL;
	const char *slug = req_param(r, "slug");
	if (!b || !bilan_is_frozen(b) || !slug || strcmp(slug, text_of(b, "project_slug")) != 0) {
		json_decref(b);
		reply_error(r, 404, PUBLIC_NOT_FOUND, NULL);
		return NULL;
	}
	return b;
}

typedef void (*bilan_view_fn)(req_t *r, json_t *b, int staff);

/* Answers with fn on the bilan of the path: under /projets/{slug}/ the
 * public's (adopted ones only), under /equipe/ the staff's (any). */
static void on_bilan(req_t *r, bilan_view_fn fn)
{
	int staff = req_param(r, "slug") == NULL;
	json_t *b = staff ? bilan_or_404(r) : public_or_404(r);
	if (b)
		fn(r, b, staff);
	json_decref(b);
}

void bilan_page(req_t *r)
{
	on_bilan(r, render_page);
}

void bilan_annex_page(req_t *r)
{
	on_bilan(r, render_annex);
}

void bilan_annex_file(req_t *r)
{
	on_bilan(r, annex_download);
}

void bilan_figures_csv(req_t *r)
{
	on_bilan(r, figures_download);
}

/* ---- JSON API ---- */

static int viewer_is_staff(const req_t *r)
{
	return r->user && (r->user->role_bit & CAP_STAFF);
}

/* A bilan as the API lists it. New reference. */
static json_t *api_item(req_t *r, json_t *b)
{
	int frozen = bilan_is_frozen(b);
	const char *state = frozen						     ? "adopted"
			    : json_string_value(json_object_get(b, "signed_off_at")) ? "signed"
										     : "draft";
	return json_pack("{s:I, s:s, s:{s:s, s:s}, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s}", "id",
			 (json_int_t)json_integer_value(json_object_get(b, "id")), "title", text_of(b, "title"),
			 "project", "slug", text_of(b, "project_slug"), "name", text_of(b, "project_name"),
			 "period_start", text_of(b, "period_start"), "period_end", text_of(b, "period_end"), "state",
			 state, "state_label", bilan_state_label(r, b), "adopted_on",
			 json_string_value(json_object_get(b, "adopted_on")), "signed_off_at",
			 json_string_value(json_object_get(b, "signed_off_at")), "url", base_url(r, b, !frozen));
}

void api_bilans_list(req_t *r)
{
	api_page_t pg;
	if (api_page(r, &pg) != 0)
		return;
	int staff = viewer_is_staff(r);
	long long total = db_int(0, "SELECT count(*) FROM consultation_report WHERE ? OR frozen_at IS NOT NULL", "i",
				 (long long)staff);
	json_t *ids = db_rows("SELECT id FROM consultation_report WHERE ? OR frozen_at IS NOT NULL ORDER BY "
			      "period_end DESC, id DESC LIMIT ? OFFSET ?",
			      "iii", (long long)staff, (long long)pg.per_page, pg.offset);
	json_t *items = json_array(), *row;
	size_t i;
	json_array_foreach(ids, i, row)
	{
		json_t *b = bilan_load(json_integer_value(json_object_get(row, "id")));
		if (b)
			json_array_append_new(items, api_item(r, b));
		json_decref(b);
	}
	json_decref(ids);
	api_list_reply(r, items, total, &pg);
}

void api_bilan_get(req_t *r)
{
	long long id = param_id(r, "bilan_id");
	json_t *b = id ? bilan_load(id) : NULL;
	int staff = viewer_is_staff(r);
	if (!b || (!staff && !bilan_is_frozen(b))) {
		json_decref(b);
		reply_error(r, 404, PUBLIC_NOT_FOUND, NULL);
		return;
	}
	json_t *data = bilan_figures(r, b);
	if (!data) {
		json_decref(b);
		reply_error(r, 500, NULL, NULL);
		return;
	}
	json_t *item = api_item(r, b);
	json_object_set_new(item, "legal_frame", json_string(text_of(b, "legal_frame")));
	json_object_set_new(item, "arrangements", json_string(text_of(b, "arrangements")));
	json_object_set_new(item, "conclusions", json_string(text_of(b, "conclusions")));
	json_object_set_new(item, "signatory", json_string(text_of(b, "signatory")));
	json_object_set_new(item, "frozen", json_boolean(bilan_is_frozen(b)));
	json_object_set_new(item, "figures", data);
	json_object_set_new(item, "annex_csv_url",
			    json_string(arena_printf(r->arena, "%s/annexe.csv", text_of(item, "url"))));
	json_decref(b);
	reply_json(r, 200, item);
}
