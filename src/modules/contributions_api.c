/* contributions_api.c — the JSON API of the concertation's register:
 * published contributions with their public fields for everyone,
 * everything for staff; staff create. Declared in contributions.h. */
#include "db/db.h"
#include "http/api.h"
#include "modules/contributions.h"
#include "view/helpers.h"

/* 1 if the request comes from staff (or an administrator). */
static int is_staff(const req_t *r)
{
	return r->user && (r->user->role_bit & CAP_STAFF);
}

void api_contributions_list(req_t *r)
{
	r->want_json = 1;
	api_page_t pg;
	if (api_page(r, &pg) != 0)
		return;
	contribution_filter_t fl;
	contribution_filter_read(r, &fl);
	int staff = is_staff(r);
	if (!staff) {
		fl.public_only = 1;
		fl.moderation = NULL;
	}
	long long total = contribution_count(&fl);
	json_t *ids = contribution_ids(&fl, pg.per_page, pg.offset);
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
	api_list_reply(r, items, total, &pg);
}

void api_contribution_get(req_t *r)
{
	r->want_json = 1;
	long long id = param_id(r, "contribution_id");
	json_t *c = id ? contribution_json(r, id, is_staff(r)) : NULL;
	if (!c) {
		reply_error(r, 404, "Cette contribution n'existe pas.", NULL);
		return;
	}
	reply_json(r, 200, c);
}

void api_contributions_create(req_t *r)
{
	r->want_json = 1;
	contribution_input_t in = {0, NULL, NULL, 1, 0};
	form_t f;
	long long id = 0;
	int rc = contribution_create(r, &in, &f, &id);
	json_decref(f.input);
	if (rc == 1) {
		reply_error(r, 422, "La contribution n'a pas été enregistrée : corrigez les champs signalés.",
			    f.errors);
		return;
	}
	json_decref(f.errors);
	if (rc != 0) {
		reply_error(r, 500, NULL, NULL);
		return;
	}
	api_created(r, contribution_json(r, id, 1), arena_printf(r->arena, "/api/v1/contributions/%lld", id));
}
