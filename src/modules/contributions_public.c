/* contributions_public.c — what residents see of the concertation: the
 * form /projets/{slug}/contribuer (honeypot, rate limit per address shared
 * with /signaler's helpers, consent for any detail; the contribution waits
 * for moderation) and the list of published contributions with their
 * answers, never the author. Declared in contributions.h. */
#include <string.h>

#include "core/config.h"
#include "db/db.h"
#include "http/session.h"
#include "modules/contributions.h"
#include "modules/report_intake.h"
#include "view/helpers.h"

#define PER_PAGE 25
#define HONEYPOT "site_web" /* a field people never see nor fill */

/* The project of {slug} as {id, slug, name}, or NULL with a 404 sent. */
static json_t *project_or_404(req_t *r)
{
	json_t *p = db_row("SELECT id, slug, name FROM project WHERE slug = ?", "t", req_param(r, "slug"));
	if (!p)
		reply_error(r, 404, "Ce projet n'existe pas.", NULL);
	return p;
}

/* The project's sectors [{id, name, selected}] for the form. New reference. */
static json_t *sector_options(long long project_id, json_t *input)
{
	json_t *rows =
	    db_rows("SELECT id, name FROM sector WHERE project_id = ? ORDER BY position, name", "i", project_id);
	json_t *chosen = json_array_get(json_object_get(input, "sectors"), 0);
	size_t i;
	json_t *o;
	json_array_foreach(rows, i, o) json_object_set_new(
	    o, "selected",
	    json_boolean(chosen && json_integer_value(chosen) == json_integer_value(json_object_get(o, "id"))));
	return rows;
}

/* Renders the form of project p (stolen); input, errors stolen (NULL: empty). */
static void render_contribute(req_t *r, int status, json_t *p, json_t *input, json_t *errors, const char *notice)
{
	if (r->want_json && status >= 400) {
		json_decref(p);
		json_decref(input);
		reply_error(r, status, notice, errors);
		return;
	}
	if (!input)
		input = json_object();
	if (!errors)
		errors = json_object();
	long long pid = json_integer_value(json_object_get(p, "id"));
	json_t *view = json_pack(
	    "{s:{s:s}, s:s, s:o, s:o, s:o, s:b}", "page", "title",
	    arena_printf(r->arena, "Contribuer : %s", json_string_value(json_object_get(p, "name"))), "csrf",
	    csrf_token(r), "themes", contribution_theme_choices(json_object_get(input, "themes")), "sectors",
	    sector_options(pid, input), "errors", errors, "consent", json_object_get(input, "consent") != NULL);
	json_object_set_new(view, "input", input);
	json_object_set_new(view, "project", p);
	json_object_set_new(view, "retention_days", json_integer(g_config.contributor_retention_days));
	if (notice)
		json_object_set_new(view, "notice", json_string(notice));
	render(r, status, "contribute", view);
}

void contribute_form(req_t *r)
{
	json_t *p = project_or_404(r);
	if (p)
		render_contribute(r, 200, p, NULL, NULL, NULL);
}

/* The text fields typed, to fill the form again after a refusal. New reference. */
static json_t *typed_input(req_t *r)
{
	static const char *const names[] = {"body", "author_name", "author_email"};
	json_t *in = json_object();
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *v = kv_get(&r->form, names[i]);
		json_object_set_new(in, names[i], json_string(v && utf8_valid(v, strlen(v)) ? v : ""));
	}
	return in;
}

void contribute_submit(req_t *r)
{
	json_t *p = project_or_404(r);
	if (!p)
		return;
	const char *trap = kv_get(&r->form, HONEYPOT);
	if (trap && *trap) {
		render_contribute(r, 422, p, typed_input(r), NULL,
				  "Votre contribution n'a pas été enregistrée : le champ « Ne pas remplir ce champ » a "
				  "été rempli. Il sert à reconnaître les envois automatiques ; laissez-le vide et "
				  "envoyez à nouveau.");
		return;
	}
	if (intake_rate_refused(r, "contribution", "Trop de contributions ont été envoyées")) {
		json_decref(p);
		return;
	}
	contribution_input_t in = {json_integer_value(json_object_get(p, "id")), "online", "pending", 0, 0};
	form_t f;
	long long id = 0;
	int rc = contribution_create(r, &in, &f, &id);
	if (rc == 1) {
		render_contribute(r, 422, p, f.input, f.errors,
				  "Votre contribution n'a pas été enregistrée : corrigez les champs signalés.");
		return;
	}
	json_decref(f.input);
	json_decref(f.errors);
	if (rc != 0) {
		json_decref(p);
		reply_error(r, 500, NULL, NULL);
		return;
	}
	intake_rate_count(r, "contribution");
	json_t *view = json_pack("{s:{s:s}, s:o}", "page", "title", "Merci pour votre contribution", "project", p);
	render(r, 200, "contribute_done", view);
}

/* Turns the integer `selected` of each row into a boolean. Returns rows. */
static json_t *bool_selected(json_t *rows)
{
	size_t i;
	json_t *o;
	json_array_foreach(rows, i, o)
	    json_object_set_new(o, "selected", json_boolean(json_integer_value(json_object_get(o, "selected"))));
	return rows;
}

void contributions_public_list(req_t *r)
{
	json_t *p = project_or_404(r);
	if (!p)
		return;
	contribution_filter_t fl;
	contribution_filter_read(r, &fl);
	contribution_filter_t pub = {.project = json_string_value(json_object_get(p, "slug")),
				     .theme = fl.theme,
				     .sector = fl.sector,
				     .meeting = fl.meeting,
				     .search = fl.search,
				     .public_only = 1};
	int page = query_page(r);
	long long total = contribution_count(&pub);
	json_t *ids = contribution_ids(&pub, PER_PAGE, (long long)(page - 1) * PER_PAGE);
	json_t *items = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(ids, i, row)
	{
		json_t *c = contribution_json(r, json_integer_value(json_object_get(row, "id")), 0);
		if (c)
			json_array_append_new(items, c);
	}
	json_decref(ids);
	json_t *themes = bool_selected(db_rows(
	    "SELECT id, name, id = ? AS selected FROM theme WHERE active = 1 ORDER BY position, name", "i", fl.theme));
	json_t *sectors =
	    bool_selected(db_rows("SELECT id, name, id = ? AS selected FROM sector WHERE project_id = ? ORDER BY "
				  "position, name",
				  "ii", fl.sector, json_integer_value(json_object_get(p, "id"))));
	const char *typed = kv_get(&r->query, "q");
	json_t *view = json_pack(
	    "{s:{s:s}, s:o, s:I, s:o, s:o, s:o, s:s}", "page", "title",
	    arena_printf(r->arena, "Contributions : %s", json_string_value(json_object_get(p, "name"))), "items", items,
	    "total", (json_int_t)total, "themes", themes, "sectors", sectors, "pagination",
	    pagination_json(r, total, page, PER_PAGE), "q", typed && utf8_valid(typed, strlen(typed)) ? typed : "");
	json_object_set_new(view, "project", p);
	render(r, 200, "contributions_public", view);
}
