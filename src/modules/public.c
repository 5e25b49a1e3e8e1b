/* public.c — what every visitor sees: the home page (the authority and its
 * projects) and a page per project. */
#include "modules/public.h"

#include "db/db.h"
#include "view/markdown.h"

void public_home(req_t *r)
{
	json_t *authority = db_row("SELECT name, short_name, website, intro FROM authority ORDER BY id LIMIT 1", NULL);
	json_t *projects = db_rows("SELECT slug, name, territory, summary FROM project ORDER BY position, name", NULL);
	json_t *view = json_pack("{s:{s:s}, s:o, s:o}", "page", "title", "Accueil", "authority",
				 authority ? authority : json_object(), "projects", projects);
	render(r, 200, "home", view);
}

void public_project(req_t *r)
{
	json_t *project = db_row("SELECT id, slug, name, territory, summary, description, updated_at FROM project "
				 "WHERE slug = ?",
				 "t", req_param(r, "slug"));
	if (!project) {
		reply_error(r, 404, "Ce projet n'existe pas.", NULL);
		return;
	}
	json_object_set_new(project, "description_html",
			    json_string(markdown_html(r->arena, json_string_value(json_object_get(project, "description")))));
	json_t *sectors = db_rows("SELECT slug, name, summary FROM sector WHERE project_id = ? ORDER BY position, name",
				  "i", (long long)json_integer_value(json_object_get(project, "id")));
	json_t *view = json_pack("{s:{s:O}, s:o, s:o}", "page", "title", json_object_get(project, "name"), "project",
				 project, "sectors", sectors);
	render(r, 200, "project", view);
}
