/* report_pages.c — what residents read: the private follow-up page of their
 * report (/suivi/{token}, with « Le problème n'est pas résolu » and the
 * unsubscribe button), the public list of reports and the public page of
 * one report. Only report_public_json() and public events ever reach these
 * pages: never the reporter, never an internal comment. Declared in
 * report_intake.h. */
#include <string.h>

#include "core/audit.h"
#include "core/config.h"
#include "db/db.h"
#include "http/session.h"
#include "modules/report_intake.h"
#include "view/helpers.h"

#define PER_PAGE 25

/* ---- the follow-up page ---- */

/* The report of this request's {follow_token}, or 0 with a 404 sent. */
static long long follow_report(req_t *r)
{
	long long id = report_id_by_follow_token(r, req_param(r, "follow_token"));
	if (!id)
		reply_error(r, 404, "Ce lien de suivi ne correspond à aucun signalement. Vérifiez l'adresse reçue.",
			    NULL);
	return id;
}

/* Renders the follow-up page; errors (stolen, may be NULL) for the reopen
 * form, comment the text typed. */
static void render_follow(req_t *r, int status, long long id, json_t *errors, const char *comment)
{
	if (r->want_json && status >= 400) { /* the API's error format */
		reply_error(r, status, "Le signalement n'a pas été rouvert : corrigez les champs indiqués.", errors);
		return;
	}
	json_t *report = report_public_json(r, id);
	const char *st = json_string_value(json_object_get(report, "status"));
	int notify = (int)db_int(0, "SELECT notify FROM report WHERE id = ? AND reporter_email IS NOT NULL", "i", id);
	json_t *view = json_pack(
	    "{s:{s:s}, s:s, s:s, s:o, s:o, s:b, s:b, s:o, s:s}", "page", "title",
	    arena_printf(r->arena, "Suivi du signalement %s", json_string_value(json_object_get(report, "ref"))),
	    "csrf", csrf_token(r), "token", req_param(r, "follow_token"), "report", report, "events",
	    report_events(r, id, 0), "can_reopen", strcmp(st, "resolved") == 0, "notify", notify, "errors",
	    errors ? errors : json_object(), "comment", comment ? comment : "");
	reply_header(r, "X-Robots-Tag", "noindex, nofollow");
	reply_header(r, "Cache-Control", "no-store");
	render(r, status, "report_follow", view);
}

void follow_page(req_t *r)
{
	long long id = follow_report(r);
	if (id)
		render_follow(r, 200, id, NULL, NULL);
}

static const field_spec_t reopen_fields[] = {
    {"comment", "Ce qui n'est pas résolu", FIELD_TEXTAREA, 1, 3, 2000, NULL},
};

void follow_reopen(req_t *r)
{
	long long id = follow_report(r);
	if (!id)
		return;
	form_t f;
	form_validate(r->arena, reopen_fields, 1, &r->form, &f);
	json_decref(f.input);
	const char *comment = kv_get(&r->form, "comment");
	if (json_object_size(f.errors)) {
		render_follow(r, 422, id, f.errors, comment);
		return;
	}
	json_decref(f.errors);
	const char *message = NULL;
	if (db_begin() != 0) {
		reply_error(r, 500, NULL, NULL);
		return;
	}
	report_result_t rr =
	    report_change_status(r, id, ACTOR_REPORTER, "routed", form_text(&f, "comment"), NULL, NULL, &message);
	if (rr != REPORT_OK || db_commit() != 0) {
		db_rollback();
		if (rr == REPORT_DB_ERROR || rr == REPORT_OK) {
			reply_error(r, 500, NULL, NULL);
			return;
		}
		render_follow(
		    r, 422, id,
		    json_pack("{s:s}", "comment",
			      message ? message : "Ce signalement ne peut être rouvert que lorsqu'il est résolu."),
		    comment);
		return;
	}
	flash_set(r, "Merci : le signalement est rouvert et transmis de nouveau.");
	redirect(r, arena_printf(r->arena, "/suivi/%s", req_param(r, "follow_token")));
}

void follow_unsubscribe(req_t *r)
{
	long long id = follow_report(r);
	if (!id)
		return;
	char now[21];
	db_now(now);
	const char *ref = arena_strdup(r->arena, "");
	json_t *row = db_row("SELECT ref FROM report WHERE id = ?", "i", id);
	if (row)
		ref = arena_strdup(r->arena, json_string_value(json_object_get(row, "ref")));
	json_decref(row);
	if (db_begin() != 0 ||
	    db_exec("UPDATE report SET notify = 0, updated_at = ? WHERE id = ?", "ti", now, id) != 0 ||
	    audit_record(r, "report.update", "report", id, "%s : plus de courriels au déclarant", ref) != 0 ||
	    db_commit() != 0) {
		db_rollback();
		reply_error(r, 500, NULL, NULL);
		return;
	}
	flash_set(r, "C'est noté : vous ne recevrez plus de courriel sur ce signalement. Cette page reste disponible.");
	redirect(r, arena_printf(r->arena, "/suivi/%s", req_param(r, "follow_token")));
}

/* ---- public list and page ---- */

/* A query parameter, "" when absent or not UTF-8. */
static const char *q(req_t *r, const char *name)
{
	const char *v = kv_get(&r->query, name);
	return v && utf8_valid(v, strlen(v)) ? v : "";
}

/* Options [{value, label, selected}] from rows {value, label}. */
static json_t *mark_selected(json_t *rows, const char *selected)
{
	size_t i;
	json_t *o;
	json_array_foreach(rows, i, o)
	{
		const char *v = json_string_value(json_object_get(o, "value"));
		json_object_set_new(o, "selected", json_boolean(strcmp(v, selected) == 0));
	}
	return rows;
}

/* The filter selects: categories, strands, states, sectors. New reference. */
static json_t *filters_json(req_t *r)
{
	json_t *strands = json_array();
	for (const char *const *s = report_strands; *s; s++)
		json_array_append_new(strands,
				      json_pack("{s:s, s:s, s:b}", "value", *s, "label", report_strand_label(*s),
						"selected", strcmp(*s, q(r, "volet")) == 0));
	return json_pack(
	    "{s:o, s:o, s:o, s:b, s:b}", "categories",
	    mark_selected(db_rows("SELECT code AS value, name AS label FROM report_category WHERE active = 1 "
				  "ORDER BY position, name",
				  NULL),
			  q(r, "categorie")),
	    "strands", strands, "sectors",
	    mark_selected(
		db_rows("SELECT s.slug AS value, p.name || ' — ' || s.name AS label FROM sector s "
			"JOIN project p ON p.id = s.project_id ORDER BY p.position, p.name, s.position, s.name",
			NULL),
		q(r, "secteur")),
	    "open", strcmp(q(r, "etat"), "ouverts") == 0, "closed", strcmp(q(r, "etat"), "fermes") == 0);
}

/* The list's filters, resolved to ids so that the report table's indexes
 * serve them (category_id, created_at) and (sector_id, created_at); -1 for
 * a code or slug that names nothing (then nothing matches). */
typedef struct list_filter {
	long long category; /* 0: any */
	const char *strand; /* "": any */
	long long sector;   /* 0: any */
	const char *etat;   /* "", "ouverts", "fermes" */
} list_filter_t;

static list_filter_t list_filter(req_t *r)
{
	list_filter_t f = {0, q(r, "volet"), 0, q(r, "etat")};
	if (*q(r, "categorie"))
		f.category = db_int(-1, "SELECT id FROM report_category WHERE code = ?", "t", q(r, "categorie"));
	if (*q(r, "secteur"))
		f.sector = db_int(-1, "SELECT id FROM sector WHERE slug = ? ORDER BY project_id LIMIT 1", "t",
				  q(r, "secteur"));
	if (strcmp(f.etat, "ouverts") != 0 && strcmp(f.etat, "fermes") != 0)
		f.etat = "";
	return f;
}

/* Three shapes of the same query, one per index that can drive it: by
 * category, by sector, or by date alone. ?1 category, ?2 strand, ?3 sector,
 * ?4 state. Counting stops past LIST_MAX: « plus de 10 000 ». */
#define LIST_MAX 10000
#define W_REST                                                                                                         \
	"AND (?2 = '' OR rp.category_id IN (SELECT id FROM report_category WHERE strand = ?2)) "                       \
	"AND (?4 = '' OR (?4 = 'ouverts') = (rp.status IN "                                                            \
	"('new','routed','acknowledged','scheduled','in_progress'))) "
#define W_CATEGORY "WHERE rp.category_id = ?1 AND (?3 = 0 OR rp.sector_id = ?3) " W_REST
#define W_SECTOR "WHERE rp.sector_id = ?3 " W_REST
#define W_ANY "WHERE ?1 = 0 AND ?3 = 0 " W_REST
#define COUNT_OF(w) "SELECT count(*) FROM (SELECT 1 FROM report rp " w "LIMIT 10001)"
#define ROWS_OF(w)                                                                                                     \
	"SELECT rp.ref, c.name AS category_name, rp.status, rp.address, s.name AS sector_name, "                       \
	"substr(rp.description, 1, 160) AS excerpt, length(rp.description) > 160 AS cut, rp.created_at, "              \
	"(SELECT count(*) FROM report_photo ph WHERE ph.report_id = rp.id AND ph.hidden = 0) AS photos "               \
	"FROM report rp JOIN report_category c ON c.id = rp.category_id LEFT JOIN sector s ON s.id = rp.sector_id " w  \
	"ORDER BY rp.created_at DESC, rp.id DESC LIMIT ?5 OFFSET ?6"

static const char *const list_count_sql[] = {COUNT_OF(W_CATEGORY), COUNT_OF(W_SECTOR), COUNT_OF(W_ANY)};
static const char *const list_rows_sql[] = {ROWS_OF(W_CATEGORY), ROWS_OF(W_SECTOR), ROWS_OF(W_ANY)};

/* The reports of one page, with their labels; *total set (at most
 * LIST_MAX + 1). New reference. */
static json_t *list_rows(req_t *r, const list_filter_t *f, int page, long long *total)
{
	int shape = f->category ? 0 : f->sector ? 1 : 2;
	*total = db_int(0, list_count_sql[shape], "itit", f->category, f->strand, f->sector, f->etat);
	json_t *rows = db_rows(list_rows_sql[shape], "ititii", f->category, f->strand, f->sector, f->etat,
			       (long long)PER_PAGE, (long long)(page - 1) * PER_PAGE);
	size_t i;
	json_t *o;
	json_array_foreach(rows, i, o)
	{
		json_object_set_new(o, "status_label",
				    json_string(report_status_label(json_string_value(json_object_get(o, "status")))));
		json_object_set_new(o, "cut", json_boolean(json_integer_value(json_object_get(o, "cut"))));
	}
	rows_add_time_fr(r, rows, "created_at");
	return rows;
}

/* The public GeoJSON's URL with the list's filters (the map's data). Arena. */
static const char *list_geojson_url(req_t *r, const char *etat)
{
	buf_t geo;
	buf_init(&geo, r->arena, 128);
	buf_puts(&geo, "/signalements.geojson");
	const char *const keys[] = {"categorie", "secteur", "etat"};
	for (size_t k = 0, n = 0; k < 3; k++) {
		const char *v = k == 2 ? etat : q(r, keys[k]);
		if (*v && strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789_-") == strlen(v))
			buf_printf(&geo, "%c%s=%s", n++ ? '&' : '?', keys[k], v);
	}
	return geo.data;
}

void reports_public_list(req_t *r)
{
	list_filter_t f = list_filter(r);
	int page = query_page(r);
	if (page > LIST_MAX / PER_PAGE)
		page = LIST_MAX / PER_PAGE;
	long long total;
	json_t *rows = list_rows(r, &f, page, &total);
	int more = total > LIST_MAX;
	if (more)
		total = LIST_MAX;
	json_t *view = json_pack("{s:{s:s}, s:o, s:I, s:b, s:o, s:o, s:s, s:s}", "page", "title", "Les signalements",
				 "reports", rows, "total", (json_int_t)total, "more", more, "pagination",
				 pagination_json(r, total, page, PER_PAGE), "filters", filters_json(r), "geojson",
				 list_geojson_url(r, f.etat), "tiles", g_config.tiles_url ? g_config.tiles_url : "");
	render(r, 200, "reports_public", view);
}

void report_public_page(req_t *r)
{
	long long id = report_id_by_ref(req_param(r, "ref"));
	json_t *report = id ? report_public_json(r, id) : NULL;
	if (!report) {
		reply_error(r, 404, "Ce signalement n'existe pas.", NULL);
		return;
	}
	json_t *view =
	    json_pack("{s:{s:s}, s:o, s:o}", "page", "title",
		      arena_printf(r->arena, "Signalement %s", json_string_value(json_object_get(report, "ref"))),
		      "report", report, "events", report_events(r, id, 0));
	render(r, 200, "report_public", view);
}
