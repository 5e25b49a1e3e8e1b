/* public.c — what every visitor sees: the home page (the authority and its
 * projects). The project page is in projects.c. */
#include "modules/public.h"

#include "db/db.h"

void public_home(req_t *r)
{
	json_t *authority = db_row("SELECT name, short_name, website, intro FROM authority ORDER BY id LIMIT 1", NULL);
	json_t *projects = db_rows("SELECT slug, name, territory, summary FROM project ORDER BY position, name", NULL);
	json_t *view = json_pack("{s:{s:s}, s:o, s:o}", "page", "title", "Accueil", "authority",
				 authority ? authority : json_object(), "projects", projects);
	render(r, 200, "home", view);
}
