/* contributions_staff.c — the staff register of the concertation: the
 * filtered list with its exports, the entry form, the page of one
 * contribution with its moderation and its answer. Declared in
 * contributions.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "db/db.h"
#include "http/session.h"
#include "modules/contributions.h"
#include "modules/exports.h"
#include "view/helpers.h"

#define PER_PAGE 25

/* ---- the list ---- */

/* Marks `selected` on rows whose `id` is sel. */
static json_t *mark_id(json_t *rows, long long sel)
{
	size_t i;
	json_t *o;
	json_array_foreach(rows, i, o)
	    json_object_set_new(o, "selected", json_boolean(json_integer_value(json_object_get(o, "id")) == sel));
	return rows;
}

/* The filter selects of the staff list. New reference. */
static json_t *filters_view(req_t *r, const contribution_filter_t *fl)
{
	json_t *projects = db_rows("SELECT slug, name, slug = ? AS selected FROM project ORDER BY position, name", "t",
				   fl->project ? fl->project : "");
	json_t *themes = mark_id(db_rows("SELECT id, name FROM theme ORDER BY position, name", NULL), fl->theme);
	json_t *sectors = mark_id(db_rows("SELECT s.id, p.name || ' — ' || s.name AS name FROM sector s JOIN project p "
					  "ON p.id = s.project_id ORDER BY p.position, p.name, s.position, s.name",
					  NULL),
				  fl->sector);
	const char *typed = kv_get(&r->query, "q");
	return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:o}", "q",
			 typed && utf8_valid(typed, strlen(typed)) ? typed : "", "projects", projects, "themes", themes,
			 "sectors", sectors, "channels", contribution_channel_options(fl->channel), "statuses",
			 contribution_status_options(fl->status), "moderations",
			 contribution_moderation_options(fl->moderation), "from", fl->from ? fl->from : "", "to",
			 fl->to ? fl->to : "", "meeting_groups", contribution_meeting_options(r, fl->meeting, 1));
}

/* The contributions of ids (rows {id}) as JSON, staff or public. New reference. */
static json_t *load_all(req_t *r, json_t *ids, int staff)
{
	json_t *items = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(ids, i, row)
	{
		json_t *c = contribution_json(r, json_integer_value(json_object_get(row, "id")), staff);
		if (c)
			json_array_append_new(items, c);
	}
	json_decref(ids);
	return items;
}

/* The query string of the current filters ("" or "?…"), for export links. */
static const char *query_of(req_t *r)
{
	const char *qs = strchr(r->raw_uri ? r->raw_uri : "", '?');
	return qs ? arena_strdup(r->arena, qs) : "";
}

void contributions_list(req_t *r)
{
	contribution_filter_t fl;
	contribution_filter_read(r, &fl);
	int page = query_page(r);
	long long total = contribution_count(&fl);
	json_t *items = load_all(r, contribution_ids(&fl, PER_PAGE, (long long)(page - 1) * PER_PAGE), 1);
	render(r, 200, "contributions_list",
	       json_pack("{s:{s:s}, s:o, s:I, s:o, s:o, s:s}", "page", "title", "Registre de la concertation", "items",
			 items, "total", (json_int_t)total, "filters", filters_view(r, &fl), "pagination",
			 pagination_json(r, total, page, PER_PAGE), "query", query_of(r)));
}

/* ---- exports: never the author's name, e-mail or phone ---- */

static const export_column_t export_columns[] = {
    {"Numéro", "id"},		{"Projet", "project_name"},   {"Date", "received_on"},
    {"Canal", "channel_label"}, {"Thèmes", "themes_text"},    {"Secteurs", "sectors_text"},
    {"Contribution", "body"},	{"État", "status_label"},     {"Publication", "moderation_label"},
    {"Réponse", "answer"},	{"Réunion", "meeting_title"}, {"Date de la réunion", "meeting_date"},
};
#define NCOLUMNS (sizeof export_columns / sizeof export_columns[0])

/* The names of an array of {name} joined by ", ". Arena string. */
static const char *names_of(req_t *r, json_t *arr)
{
	buf_t b;
	buf_init(&b, r->arena, 64);
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o)
	    buf_printf(&b, "%s%s", i ? ", " : "", json_string_value(json_object_get(o, "name")));
	return b.data ? b.data : "";
}

/* Every filtered contribution as export rows. New reference. */
static json_t *export_rows(req_t *r)
{
	contribution_filter_t fl;
	contribution_filter_read(r, &fl);
	json_t *items = load_all(r, contribution_ids(&fl, 100000, 0), 1);
	size_t i;
	json_t *c;
	json_array_foreach(items, i, c)
	{
		json_object_set_new(c, "themes_text", json_string(names_of(r, json_object_get(c, "themes"))));
		json_object_set_new(c, "sectors_text", json_string(names_of(r, json_object_get(c, "sectors"))));
		json_object_del(c, "author_name");
		json_object_del(c, "author_email");
		json_object_del(c, "author_phone");
		if (json_is_null(json_object_get(c, "meeting_title")))
			json_object_set_new(c, "meeting_title", json_string(""));
	}
	return items;
}

void contributions_export_csv(req_t *r)
{
	export_csv_reply(r, "contributions", export_columns, NCOLUMNS, export_rows(r));
}

void contributions_export_xlsx(req_t *r)
{
	export_xlsx_reply(r, "contributions", "Contributions", export_columns, NCOLUMNS, export_rows(r));
}

/* ---- the entry form ---- */

/* The projects with `selected` for the form. New reference. */
static json_t *project_options(json_t *input)
{
	const char *pv = json_string_value(json_object_get(input, "project_id"));
	long long chosen = 0;
	if (pv)
		sscanf(pv, "%lld", &chosen);
	return mark_id(db_rows("SELECT id, name FROM project ORDER BY position, name", NULL), chosen);
}

/* Sectors of every project, `checked` when in input.sectors. New reference. */
static json_t *sector_checks(json_t *input)
{
	json_t *rows = db_rows("SELECT s.id, p.name || ' — ' || s.name AS name FROM sector s JOIN project p ON "
			       "p.id = s.project_id ORDER BY p.position, p.name, s.position, s.name",
			       NULL);
	json_t *chosen = json_object_get(input, "sectors");
	size_t i, j;
	json_t *row, *v;
	json_array_foreach(rows, i, row)
	{
		int checked = 0;
		json_array_foreach(chosen, j, v) checked |=
		    json_integer_value(v) == json_integer_value(json_object_get(row, "id"));
		json_object_set_new(row, "checked", json_boolean(checked));
	}
	return rows;
}

/* Renders the entry form; input and errors stolen (NULL: empty). */
static void render_form(req_t *r, int status, json_t *input, json_t *errors)
{
	if (r->want_json && status >= 400) {
		json_decref(input);
		reply_error(r, status, "La contribution n'a pas été enregistrée : corrigez les champs signalés.",
			    errors);
		return;
	}
	if (!input)
		input = json_object();
	if (!errors)
		errors = json_object();
	const char *ch = json_string_value(json_object_get(input, "channel"));
	const char *st = json_string_value(json_object_get(input, "status"));
	const char *mo = json_string_value(json_object_get(input, "moderation"));
	long long meeting = 0;
	json_t *mv = json_object_get(input, "meeting_id");
	if (json_is_string(mv))
		sscanf(json_string_value(mv), "%lld", &meeting);
	else if (json_is_integer(mv))
		meeting = json_integer_value(mv);
	json_t *view = json_pack("{s:{s:s}, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o}", "page", "title",
				 "Saisir une contribution", "csrf", csrf_token(r), "projects", project_options(input),
				 "channels", contribution_channel_options(ch ? ch : "office_hours"), "statuses",
				 contribution_status_options(st ? st : "received"), "moderations",
				 contribution_moderation_options(mo ? mo : "published"), "themes",
				 contribution_theme_choices(json_object_get(input, "themes")), "sectors",
				 sector_checks(input), "errors", errors, "has_errors", json_object_size(errors) > 0,
				 "meeting_groups", contribution_meeting_options(r, meeting, 0));
	json_object_set_new(view, "input", input);
	render(r, status, "contribution_form", view);
}

void contributions_new_form(req_t *r)
{
	/* From a meeting's page (?reunion=ID): its project, day and channel. */
	const char *mv = kv_get(&r->query, "reunion");
	json_t *m = mv ? db_row("SELECT id, project_id, starts_at FROM meeting WHERE id = ?", "i", atoll(mv)) : NULL;
	json_t *input = NULL;
	if (m) {
		const char *date = "", *hm;
		if (utc_to_paris(r->arena, json_string_value(json_object_get(m, "starts_at")), &date, &hm) != 0)
			date = "";
		input = json_pack(
		    "{s:s, s:s, s:s, s:s}", "meeting_id",
		    arena_printf(r->arena, "%lld", (long long)json_integer_value(json_object_get(m, "id"))),
		    "project_id",
		    arena_printf(r->arena, "%lld", (long long)json_integer_value(json_object_get(m, "project_id"))),
		    "channel", "meeting", "received_on", date);
		json_decref(m);
	}
	render_form(r, 200, input, NULL);
}

void contributions_create(req_t *r)
{
	contribution_input_t in = {0, NULL, NULL, 1, 0};
	form_t f;
	long long id = 0;
	int rc = contribution_create(r, &in, &f, &id);
	if (rc == 1) {
		render_form(r, 422, f.input, f.errors);
		return;
	}
	json_decref(f.input);
	json_decref(f.errors);
	if (rc != 0) {
		reply_error(r, 500, NULL, NULL);
		return;
	}
	flash_set(r, arena_printf(r->arena, "Contribution n° %lld enregistrée.", id));
	redirect(r, arena_printf(r->arena, "/equipe/contributions/%lld", id));
}

/* ---- one contribution ---- */

/* Renders the page of contribution id; errors (stolen, may be NULL) of the
 * answer form, answer the text typed. */
void contributions_render_show(req_t *r, int status, long long id, json_t *errors, const char *answer)
{
	if (r->want_json && status >= 400) {
		reply_error(r, status, "La réponse n'a pas été enregistrée : corrigez les champs signalés.", errors);
		return;
	}
	json_t *c = contribution_json(r, id, 1);
	if (!c) {
		json_decref(errors);
		reply_error(r, 404, "Cette contribution n'existe pas.", NULL);
		return;
	}
	const char *st = json_string_value(json_object_get(c, "status"));
	const char *mo = json_string_value(json_object_get(c, "moderation"));
	const char *text = answer ? answer : json_string_value(json_object_get(c, "answer"));
	json_t *view = json_pack("{s:{s:s}, s:s, s:o, s:o, s:s, s:o, s:b, s:b}", "page", "title",
				 arena_printf(r->arena, "Contribution n° %lld", id), "csrf", csrf_token(r), "statuses",
				 contribution_status_options(st), "errors", errors ? errors : json_object(),
				 "answer_text", text ? text : "", "contribution", c, "is_pending",
				 strcmp(mo, "pending") == 0, "is_published", strcmp(mo, "published") == 0);
	json_t *attachments = contribution_attachments_json(r, id);
	json_object_set_new(view, "has_attachments", json_boolean(json_array_size(attachments) > 0));
	json_object_set_new(view, "attachments", attachments);
	json_object_set_new(view, "attachments_max_mb",
			    json_integer(CONTRIBUTION_ATTACHMENT_MAX_BYTES / (1024 * 1024)));
	render(r, status, "contribution_show", view);
}

void contributions_show(req_t *r)
{
	long long id = param_id(r, "contribution_id");
	contributions_render_show(r, 200, id, NULL, NULL);
}

void contributions_moderate(req_t *r)
{
	long long id = param_id(r, "contribution_id");
	const char *decision = kv_get(&r->form, "decision");
	if (!id || !db_int(0, "SELECT 1 FROM contribution WHERE id = ?", "i", id)) {
		reply_error(r, 404, "Cette contribution n'existe pas.", NULL);
		return;
	}
	if (!decision || !contribution_moderation_ok(decision)) {
		reply_error(r, 422,
			    "Choisissez de publier la contribution, de la refuser ou de la remettre en attente.",
			    json_pack("{s:s}", "decision", "Choisissez une décision de modération."));
		return;
	}
	char now[21];
	db_now(now);
	if (db_begin() != 0 ||
	    db_exec("UPDATE contribution SET moderation = ?, updated_at = ? WHERE id = ?", "tti", decision, now, id) !=
		0 ||
	    audit_record(r, "contribution.moderate", "contribution", id, "contribution n° %lld : %s", id,
			 contribution_moderation_label(decision)) != 0 ||
	    db_commit() != 0) {
		db_rollback();
		reply_error(r, 500, NULL, NULL);
		return;
	}
	flash_set(r, arena_printf(r->arena, "Contribution n° %lld : %s.", id, contribution_moderation_label(decision)));
	redirect(r, arena_printf(r->arena, "/equipe/contributions/%lld", id));
}

static const char *const answer_status_values[] = {"received",		 "in_review",	 "answered",
						   "taken_into_account", "out_of_scope", NULL};
static const field_spec_t answer_fields[] = {
    {"status", "État", FIELD_ENUM, 1, 0, 0, answer_status_values},
    {"answer", "Réponse apportée / suite donnée", FIELD_TEXTAREA, 0, 0, 10000, NULL},
};

/* 1 if this state needs an answer text (every state but received and in_review). */
static int needs_answer(const char *status)
{
	return status && strcmp(status, "received") != 0 && strcmp(status, "in_review") != 0;
}

void contributions_answer(req_t *r)
{
	long long id = param_id(r, "contribution_id");
	if (!id || !db_int(0, "SELECT 1 FROM contribution WHERE id = ?", "i", id)) {
		reply_error(r, 404, "Cette contribution n'existe pas.", NULL);
		return;
	}
	form_t f;
	form_validate(r->arena, answer_fields, 2, &r->form, &f);
	json_decref(f.input);
	const char *status = form_text(&f, "status"), *answer = form_text(&f, "answer");
	if (!json_object_size(f.errors) && needs_answer(status) && !answer)
		form_set_error(&f, "answer",
			       "Écrivez la réponse apportée ou la suite donnée : l'état choisi en demande une.");
	if (json_object_size(f.errors)) {
		const char *typed = kv_get(&r->form, "answer");
		contributions_render_show(r, 422, id, f.errors, typed && utf8_valid(typed, strlen(typed)) ? typed : "");
		return;
	}
	json_decref(f.errors);
	char now[21];
	db_now(now);
	int rc = db_begin();
	const char *previous = NULL;
	if (rc == 0) { /* read under the write lock: two saves at once tell the author once */
		json_t *before = db_row("SELECT answer FROM contribution WHERE id = ?", "i", id);
		previous = json_string_value(json_object_get(before, "answer"));
		previous = previous ? arena_strdup(r->arena, previous) : NULL;
		json_decref(before);
	}
	if (rc != 0 ||
	    db_exec("UPDATE contribution SET status = ?1, answer = ?2, answered_at = CASE WHEN ?2 IS NULL THEN NULL "
		    "ELSE ?3 END, answered_by = CASE WHEN ?2 IS NULL THEN NULL ELSE NULLIF(?4, 0) END, updated_at = ?3 "
		    "WHERE id = ?5",
		    "tttii", status, answer, now, r->user ? r->user->id : 0LL, id) != 0 ||
	    audit_record(r, "contribution.answer", "contribution", id, "contribution n° %lld : %s%s", id,
			 contribution_status_label(status), answer ? ", réponse écrite" : "") != 0 ||
	    contribution_notify_answer(r, id, previous) != 0 || db_commit() != 0) {
		db_rollback();
		reply_error(r, 500, NULL, NULL);
		return;
	}
	flash_set(r, "La réponse et l'état de la contribution sont enregistrés.");
	redirect(r, arena_printf(r->arena, "/equipe/contributions/%lld", id));
}
