/* reports_backoffice.c — one report's page in the back office and what is
 * done there (state, routing, comments, moderation, photos), the bulk change
 * of the list, and the same actions in the JSON API. See
 * reports_backoffice.h; the rules themselves are in report_model.c. Every
 * write is one transaction with its audit entry; a report that the user may
 * not see answers 404, so that a partner agent never learns that another
 * organisation's report exists. */
#include "modules/reports_backoffice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/api.h"
#include "http/session.h"
#include "modules/directory_search.h"
#include "modules/report_intake.h"
#include "modules/report_model.h"
#include "view/helpers.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- finding the report ---- */

/* The handler organisation of a report (0: none), or -1 when it does not exist. */
static long long handler_of(long long id)
{
	return db_int(-1, "SELECT COALESCE(handler_org_id, 0) FROM report WHERE id = ?", "i", id);
}

/* The id of a report the user may see, from the path ({report_id} or
 * {ref}), or 0 after answering 404. */
static long long visible_id(req_t *r)
{
	long long id = req_param(r, "ref") ? report_id_by_ref(req_param(r, "ref")) : param_id(r, "report_id");
	long long org = id ? handler_of(id) : -1;
	if (org < 0 || !report_visible_to(r->user, org)) {
		reply_error(r, 404, "Ce signalement n'existe pas.", NULL);
		return 0;
	}
	return id;
}

/* What an event was, in French: « Transmis à ACM Habitat », « État : Résolu ». */
static const char *event_label(req_t *r, json_t *e)
{
	const char *kind = json_string_value(json_object_get(e, "kind"));
	const char *to = json_string_value(json_object_get(e, "to_status_label"));
	const char *org = json_string_value(json_object_get(e, "handler_name"));
	if (!kind)
		return "";
	if (strcmp(kind, "created") == 0)
		return "Création";
	if (strcmp(kind, "routed") == 0)
		return arena_printf(r->arena, "Transmis à %s", org ? org : "une organisation");
	if (strcmp(kind, "reopened") == 0)
		return arena_printf(r->arena, "Rouvert : %s", to ? to : "");
	if (strcmp(kind, "status") == 0)
		return arena_printf(r->arena, "État : %s", to ? to : "");
	return "Commentaire";
}

/* report_load with its events (internal ones included), without what only
 * staff may see (the reporter) for partner agents. New reference. */
static json_t *report_for(req_t *r, long long id)
{
	json_t *o = report_load(r, id);
	if (!o)
		return NULL;
	if (report_scope_org(r->user) != 0) {
		json_object_del(o, "reporter_email");
		json_object_del(o, "reporter_name");
	}
	json_t *events = report_events(r, id, 1);
	size_t i;
	json_t *e;
	json_array_foreach(events, i, e)
	{
		json_object_set_new(e, "kind_label", json_string(event_label(r, e)));
	}
	json_object_set_new(o, "events", events);
	return o;
}

/* HTTP status of a model result. */
static int status_of(report_result_t rc)
{
	switch (rc) {
	case REPORT_OK:
		return 200;
	case REPORT_NOT_FOUND:
		return 404;
	case REPORT_FORBIDDEN:
		return 403;
	case REPORT_INVALID:
		return 422;
	case REPORT_DB_ERROR:
		break;
	}
	return 500;
}

/* ---- the page ---- */

/* Organisations for the re-routing form, the routing's suggestion selected. */
static json_t *route_options(json_t *rep)
{
	long long cat = json_integer_value(json_object_get(rep, "category_id"));
	long long sector = json_integer_value(json_object_get(rep, "sector_id"));
	long long suggested = report_route_for(cat, sector);
	json_t *orgs = db_rows("SELECT id AS value, name AS label FROM organization ORDER BY name COLLATE NOCASE", "");
	size_t i;
	json_t *o;
	json_array_foreach(orgs, i, o)
	{
		long long v = json_integer_value(json_object_get(o, "value"));
		json_object_set_new(o, "selected", json_boolean(v == suggested));
		json_object_set_new(o, "suggested", json_boolean(v == suggested));
	}
	return orgs;
}

/* Sectors for the edit form: [{value, label, selected}]. */
static json_t *sector_options(long long selected)
{
	json_t *rows = db_rows("SELECT s.id AS value, p.name || ' — ' || s.name AS label FROM sector s JOIN project p "
			       "ON p.id = s.project_id ORDER BY p.position, p.id, s.position, s.name",
			       "");
	size_t i;
	json_t *o;
	json_array_foreach(rows, i, o)
	{
		json_object_set_new(o, "selected",
				    json_boolean(json_integer_value(json_object_get(o, "value")) == selected));
	}
	return rows;
}

/* The values of the edit form (view.edit): what was typed when a form was
 * refused, else the report's own. */
static void edit_values(json_t *view, json_t *rep, const char *coords)
{
	json_t *input = json_object_get(view, "input");
	json_t *edit = json_object();
	if (json_object_get(input, "description")) {
		json_object_update(edit, input);
	} else {
		json_object_set_new(edit, "coords", json_string(coords));
		json_object_set(edit, "address", json_object_get(rep, "address"));
		json_object_set(edit, "description", json_object_get(rep, "description"));
	}
	json_object_set_new(view, "edit", edit);
}

/* The page of report id, with status (200, or the error of a form), a
 * message (NULL) and the form's errors and input (stolen, may be NULL). */
static void render_show(req_t *r, long long id, int status, const char *message, json_t *errors, json_t *input)
{
	json_t *rep = report_for(r, id);
	if (!rep) {
		json_decref(errors);
		json_decref(input);
		reply_error(r, 404, "Ce signalement n'existe pas.", NULL);
		return;
	}
	long long org = json_integer_value(json_object_get(rep, "handler_org_id"));
	report_actor_kind_t actor = report_actor_for(r->user, org);
	int staff = actor == ACTOR_STAFF;
	const char *code = json_string_value(json_object_get(rep, "category_code"));
	json_t *view = json_pack("{s:{s:s+}, s:o, s:o, s:b, s:o, s:o, s:s}", "page", "title", "Signalement ",
				 json_string_value(json_object_get(rep, "ref")), "report", rep, "next_states",
				 report_next_states(actor, json_string_value(json_object_get(rep, "status"))),
				 "is_staff", staff, "errors", errors ? errors : json_object(), "input",
				 input ? input : json_object(), "csrf", csrf_token(r));
	if (message)
		json_object_set_new(view, "message", json_string(message));
	json_object_set_new(view, "has_attributes", json_boolean(json_array_size(json_object_get(rep, "attributes"))));
	json_object_set_new(view, "has_photos", json_boolean(json_array_size(json_object_get(rep, "photos"))));
	json_object_set_new(view, "has_next_states",
			    json_boolean(json_array_size(json_object_get(view, "next_states"))));
	if (staff) {
		json_object_set_new(view, "organizations", route_options(rep));
		json_object_set_new(view, "categories", report_categories_by_strand(code));
		/* a deactivated category is not in that list: offered on its own,
		 * so that saving the form does not change it silently */
		json_t *inactive = db_row("SELECT code, name FROM report_category WHERE code = ? AND active = 0", "t", code);
		if (inactive)
			json_object_set_new(view, "inactive_category", inactive);
		json_object_set_new(view, "sectors",
				    sector_options(json_integer_value(json_object_get(rep, "sector_id"))));
		json_t *lat = json_object_get(rep, "lat"), *lon = json_object_get(rep, "lon");
		const char *coords =
		    json_is_number(lat) && json_is_number(lon)
			? arena_printf(r->arena, "%.6f, %.6f", json_number_value(lat), json_number_value(lon))
			: "";
		if (*coords)
			json_object_set_new(view, "coords", json_string(coords));
		edit_values(view, rep, coords);
	}
	render(r, status, "report_show", view);
}

/* GET /gestion/signalements/{report_id}: everything about a report the user may see. */
void report_show(req_t *r)
{
	long long id = visible_id(r);
	if (id)
		render_show(r, id, 200, NULL, NULL, NULL);
}

/* ---- running an action ---- */

typedef struct action {
	const char *to; /* status */
	const char *public_comment;
	const char *internal_comment;
	const char *duplicate_of;
	long long org_id; /* route */
	report_actor_kind_t actor;
} action_t;

typedef report_result_t (*action_fn)(req_t *r, long long id, const action_t *a, const char **message);

/* The model calls behind the forms and the API, inside run_action()'s transaction. */
static report_result_t do_status(req_t *r, long long id, const action_t *a, const char **message)
{
	return report_change_status(r, id, a->actor, a->to, a->public_comment, a->internal_comment, a->duplicate_of,
				    message);
}

static report_result_t do_route(req_t *r, long long id, const action_t *a, const char **message)
{
	if (a->actor != ACTOR_STAFF) {
		*message = "Seule l'équipe projet transmet un signalement.";
		return REPORT_FORBIDDEN;
	}
	return report_route(r, id, a->org_id, a->internal_comment, message);
}

static report_result_t do_comment(req_t *r, long long id, const action_t *a, const char **message)
{
	return report_comment(r, id, a->actor, a->public_comment, a->internal_comment, message);
}

/* Runs fn in one transaction. 0 when committed, else the HTTP status,
 * with *message (French) when the model gave one. */
static int run_action(req_t *r, long long id, action_fn fn, const action_t *a, const char **message)
{
	*message = NULL;
	if (db_begin() != 0)
		return 500;
	report_result_t rc = fn(r, id, a, message);
	if (rc == REPORT_OK && db_commit() == 0)
		return 0;
	db_rollback();
	return rc == REPORT_OK ? 500 : status_of(rc);
}

static const field_spec_t action_fields[] = {
    {"status", "Nouvel état", FIELD_ENUM, 0, 0, 0, report_statuses},
    {"public_comment", "Commentaire public", FIELD_TEXTAREA, 0, 0, 5000, NULL},
    {"internal_comment", "Commentaire interne", FIELD_TEXTAREA, 0, 0, 5000, NULL},
    {"duplicate_of", "Doublon de (référence)", FIELD_TEXT, 0, 0, 20, NULL},
    {"org_id", "Organisation", FIELD_INT, 0, 1, 1LL << 60, NULL},
};

/* Validates the action fields of r->form into *a (for report id); `need`
 * names a field that must be present ("status", "org_id" or NULL). Returns
 * the number of errors (form->errors). */
static int action_read(req_t *r, long long id, const char *need, form_t *form, action_t *a)
{
	int errors = form_validate(r->arena, action_fields, NELEM(action_fields), &r->form, form);
	if (need && !json_object_get(form->errors, need) && !form_text(form, need)) {
		form_set_error(form, need,
			       strcmp(need, "status") == 0 ? "Choisissez le nouvel état."
							   : "Choisissez une organisation.");
		errors++;
	}
	*a = (action_t){
	    .to = form_text(form, "status"),
	    .public_comment = form_text(form, "public_comment"),
	    .internal_comment = form_text(form, "internal_comment"),
	    .duplicate_of = form_text(form, "duplicate_of"),
	    .org_id = form_int(form, "org_id"),
	    .actor = report_actor_for(r->user, handler_of(id)),
	};
	return errors;
}

/* A form of the page: validates, runs, then redirects with `done` or shows
 * the page again with the error. */
static void page_action(req_t *r, const char *need, action_fn fn, const char *done)
{
	long long id = visible_id(r);
	if (!id)
		return;
	form_t form;
	action_t a;
	int errors = action_read(r, id, need, &form, &a);
	/* the comment form and the state form share field names: say which was sent */
	if (fn == do_comment)
		json_object_set_new(form.input, "from_comment", json_true());
	if (errors > 0) {
		render_show(r, id, 422, "L'action n'a pas été enregistrée : corrigez les champs indiqués.", form.errors,
			    form.input);
		return;
	}
	const char *message;
	int status = run_action(r, id, fn, &a, &message);
	if (status == 0) {
		json_decref(form.errors);
		json_decref(form.input);
		flash_set(r, done);
		redirect(r, arena_printf(r->arena, "/gestion/signalements/%lld", id));
		return;
	}
	render_show(r, id, status, message ? message : "L'enregistrement a échoué ; rien n'a été modifié.", form.errors,
		    form.input);
}

/* POST …/etat, …/transmettre (staff), …/commentaire: the page's forms. */
void report_post_status(req_t *r)
{
	page_action(r, "status", do_status, "État du signalement modifié.");
}

void report_post_route(req_t *r)
{
	page_action(r, "org_id", do_route, "Signalement transmis.");
}

void report_post_comment(req_t *r)
{
	page_action(r, NULL, do_comment, "Commentaire ajouté.");
}

/* ---- moderation (staff) ---- */

static const field_spec_t edit_fields[] = {
    {"category", "Catégorie", FIELD_TEXT, 1, 1, 40, NULL},
    {"sector_id", "Secteur", FIELD_INT, 0, 1, 1LL << 60, NULL},
    {"coords", "Position (latitude, longitude)", FIELD_COORDS, 0, 0, 0, NULL},
    {"address", "Adresse ou repère", FIELD_TEXT, 0, 0, 300, NULL},
    {"description", "Description", FIELD_TEXTAREA, 1, 10, 5000, NULL},
};

/* Checks that need the database; returns the number of errors added. */
static int edit_check(form_t *f, long long *category_id)
{
	int errors = 0;
	const char *code = form_text(f, "category");
	*category_id = code ? db_int(0, "SELECT id FROM report_category WHERE code = ?", "t", code) : 0;
	if (code && !*category_id) {
		form_set_error(f, "category", "Choisissez une catégorie de la liste.");
		errors++;
	}
	long long sector = form_int(f, "sector_id");
	if (sector && !db_int(0, "SELECT 1 FROM sector WHERE id = ?", "i", sector)) {
		form_set_error(f, "sector_id", "Choisissez un secteur de la liste.");
		errors++;
	}
	const field_value_t *c = form_value(f, "coords");
	const char *address = form_text(f, "address");
	if (!json_object_get(f->errors, "coords") && !(c && c->present) && !(address && *address)) {
		form_set_error(f, "address", "Indiquez une position ou une adresse.");
		errors++;
	}
	return errors;
}

/* The names of the fields that change, comma-separated ("" when none). */
static const char *edit_changes(req_t *r, long long id, form_t *f, long long category_id)
{
	const field_value_t *c = form_value(f, "coords");
	int has = c && c->present;
	json_t *row =
	    db_row("SELECT category_id <> ? AS category, COALESCE(sector_id, 0) <> ? AS sector, "
		   "(lat IS NULL) <> (? = 0) OR (? AND (abs(lat - ?) > 1e-7 OR abs(lon - ?) > 1e-7)) AS place, "
		   "address <> ? AS address, description <> ? AS description FROM report WHERE id = ?",
		   "iiiiddtti", category_id, form_int(f, "sector_id"), (long long)has, (long long)has,
		   has ? c->lat : 0.0, has ? c->lon : 0.0, form_text(f, "address") ? form_text(f, "address") : "",
		   form_text(f, "description"), id);
	buf_t b;
	buf_init(&b, r->arena, 64);
	const char *keys[] = {"category", "sector", "place", "address", "description"};
	for (size_t i = 0; row && i < NELEM(keys); i++)
		if (json_integer_value(json_object_get(row, keys[i])))
			buf_printf(&b, "%s%s", b.len ? ", " : "", keys[i]);
	json_decref(row);
	return b.len ? b.data : "";
}

/* The public reference of a report. Arena string ("" when none). */
static const char *ref_of(req_t *r, long long id)
{
	json_t *row = db_row("SELECT ref FROM report WHERE id = ?", "i", id);
	const char *ref = arena_strdup(r->arena, row ? json_string_value(json_object_get(row, "ref")) : "");
	json_decref(row);
	return ref;
}

/* Writes the moderated fields and the audit entry (field names only). 0 or -1. */
static int edit_write(req_t *r, long long id, form_t *f, long long category_id, const char *changes)
{
	const field_value_t *c = form_value(f, "coords");
	long long has = c && c->present;
	long long sector = form_int(f, "sector_id");
	const char *address = form_text(f, "address");
	char now[21];
	db_now(now);
	if (db_exec("UPDATE report SET category_id = ?, sector_id = NULLIF(?, 0), "
		    "project_id = COALESCE((SELECT project_id FROM sector WHERE id = NULLIF(?, 0)), project_id), "
		    "lat = CASE WHEN ? THEN ? END, lon = CASE WHEN ? THEN ? END, address = ?, description = ?, "
		    "updated_at = ? WHERE id = ?",
		    "iiiididttti", category_id, sector, sector, has, has ? c->lat : 0.0, has, has ? c->lon : 0.0,
		    address ? address : "", form_text(f, "description"), now, id) != 0)
		return -1;
	return audit_record(r, "report.update", "report", id, "%s : champs modifiés : %s", ref_of(r, id), changes) == 0
		   ? 0
		   : -1;
}

/* POST …/modifier (staff): moderation of the public fields. */
void report_post_update(req_t *r)
{
	long long id = visible_id(r);
	if (!id)
		return;
	form_t f;
	long long category_id = 0;
	int errors = form_validate(r->arena, edit_fields, NELEM(edit_fields), &r->form, &f);
	errors += edit_check(&f, &category_id);
	if (errors) {
		render_show(r, id, 422, "Les modifications n'ont pas été enregistrées : corrigez les champs indiqués.",
			    f.errors, f.input);
		return;
	}
	const char *changes = edit_changes(r, id, &f, category_id);
	int rc = 0;
	if (*changes) {
		rc = db_begin() == 0 && edit_write(r, id, &f, category_id, changes) == 0 && db_commit() == 0 ? 0 : -1;
		if (rc != 0)
			db_rollback();
	}
	if (rc != 0) {
		render_show(r, id, 500, "L'enregistrement a échoué ; rien n'a été modifié.", f.errors, f.input);
		return;
	}
	json_decref(f.errors);
	json_decref(f.input);
	flash_set(r, *changes ? "Signalement modifié." : "Aucune modification.");
	redirect(r, arena_printf(r->arena, "/gestion/signalements/%lld", id));
}

/* POST …/photos/{photo_id}/masquer (staff): hides or shows a photo publicly. */
void report_post_photo(req_t *r)
{
	long long id = visible_id(r);
	if (!id)
		return;
	long long photo = param_id(r, "photo_id");
	long long hidden =
	    db_int(-1, "SELECT hidden FROM report_photo WHERE report_id = ? AND upload_id = ?", "ii", id, photo);
	if (hidden < 0) {
		reply_error(r, 404, "Cette photo n'existe pas.", NULL);
		return;
	}
	char now[21];
	db_now(now);
	int ok = db_begin() == 0 &&
		 db_exec("UPDATE report_photo SET hidden = 1 - hidden WHERE report_id = ? AND upload_id = ?", "ii", id,
			 photo) == 0 &&
		 db_exec("UPDATE report SET updated_at = ? WHERE id = ?", "ti", now, id) == 0 &&
		 audit_record(r, "report.photo", "report", id, "%s : photo %lld %s", ref_of(r, id), photo,
			      hidden ? "affichée" : "masquée") == 0 &&
		 db_commit() == 0;
	if (!ok) {
		db_rollback();
		reply_error(r, 500, "L'enregistrement a échoué ; rien n'a été modifié.", NULL);
		return;
	}
	flash_set(r, hidden ? "La photo est de nouveau publique." : "La photo est masquée au public.");
	redirect(r, arena_printf(r->arena, "/gestion/signalements/%lld", id));
}

/* ---- bulk change ---- */

/* Checks every id of the bulk form: visible to the user and the transition
 * allowed. Fills ids (arena) and returns their number; problems are added
 * to refused as {report, reason} (a report the user may not see is named by
 * the number typed, never by its reference). */
static size_t bulk_check(req_t *r, const char *to, long long **ids, json_t *refused)
{
	const char **raw;
	size_t n = directory_form_list(r->arena, &r->form, "ids", &raw);
	*ids = arena_calloc(r->arena, n + 1, sizeof **ids);
	for (size_t i = 0; i < n; i++) {
		char *end;
		long long id = strtoll(raw[i], &end, 10);
		json_t *row = *end || id <= 0
				  ? NULL
				  : db_row("SELECT ref, status, COALESCE(handler_org_id, 0) AS org FROM report "
					   "WHERE id = ?",
					   "i", id);
		long long org = row ? json_integer_value(json_object_get(row, "org")) : 0;
		if (!row || !report_visible_to(r->user, org)) {
			json_array_append_new(
			    refused, json_pack("{s:s, s:s}", "report", raw[i], "reason", "signalement introuvable."));
		} else if (!report_transition_allowed(report_actor_for(r->user, org),
						      json_string_value(json_object_get(row, "status")), to)) {
			json_array_append_new(
			    refused, json_pack("{s:O, s:s}", "report", json_object_get(row, "ref"), "reason",
					       arena_printf(r->arena, "ne peut pas passer de « %s » à « %s ».",
							    report_status_label(
								json_string_value(json_object_get(row, "status"))),
							    report_status_label(to))));
		}
		json_decref(row);
		(*ids)[i] = id;
	}
	return n;
}

/* Changes every report in one transaction; 0, or the HTTP status with the
 * refusal added to refused. */
static int bulk_apply(req_t *r, const action_t *a, const long long *ids, size_t n, json_t *refused)
{
	if (db_begin() != 0)
		return 500;
	for (size_t i = 0; i < n; i++) {
		const char *message = NULL;
		action_t one = *a;
		one.actor = report_actor_for(r->user, handler_of(ids[i]));
		report_result_t rc = do_status(r, ids[i], &one, &message);
		if (rc != REPORT_OK) {
			db_rollback();
			json_array_append_new(refused, json_pack("{s:s, s:s}", "report", ref_of(r, ids[i]), "reason",
								 message ? message : "erreur d'enregistrement."));
			return status_of(rc) == 403 ? 422 : status_of(rc);
		}
	}
	if (audit_record(r, "report.bulk", "report", ids[0], "%zu signalement(s) → %s", n, a->to) != 0 ||
	    db_commit() != 0) {
		db_rollback();
		return 500;
	}
	return 0;
}

/* The bulk form refused: the list again (default filters) with the reasons. */
static void bulk_refused(req_t *r, int status, json_t *refused, json_t *errors)
{
	if (r->want_json) {
		json_object_set_new(errors, "ids", json_string("Aucun signalement n'a été modifié."));
		json_object_set_new(errors, "refused", refused);
		reply_error(r, status, "Aucun signalement n'a été modifié : certains ne peuvent pas changer d'état.",
			    errors);
		return;
	}
	report_filters_t f;
	report_filters_read(r, &f);
	json_t *view = report_list_view(r, &f);
	json_object_set_new(view, "bulk_failed", json_boolean(json_array_size(refused) > 0));
	json_object_set_new(view, "bulk_refused", refused);
	json_object_set_new(view, "bulk_errors", errors);
	render(r, status, "reports_list", view);
}

/* Where the bulk form goes back to: the partner's home, or the list with
 * the filters it was sent from (field retour: "/partenaire" or "?…"). */
static const char *bulk_return(req_t *r)
{
	const char *back = kv_get(&r->form, "retour");
	if (back && strcmp(back, "/partenaire") == 0)
		return back;
	int query = back && back[0] == '?' && !strpbrk(back, "\r\n\\") && strlen(back) < 1000;
	return arena_printf(r->arena, "/gestion/signalements%s", query ? back : "");
}

/* POST /gestion/signalements/lot: one state for every ticked report, or none. */
void reports_bulk(req_t *r)
{
	form_t form;
	action_t a;
	int errors = action_read(r, 0, "status", &form, &a);
	json_t *refused = json_array();
	long long *ids = NULL;
	size_t n = errors ? 0 : bulk_check(r, a.to, &ids, refused);
	json_decref(form.input);
	if (!errors && n == 0) {
		form_set_error(&form, "ids", "Cochez au moins un signalement.");
		errors++;
	}
	if (errors || json_array_size(refused)) {
		bulk_refused(r, 422, refused, form.errors);
		return;
	}
	int status = bulk_apply(r, &a, ids, n, refused);
	if (status) {
		bulk_refused(r, status, refused, form.errors);
		return;
	}
	json_decref(refused);
	json_decref(form.errors);
	flash_set(r, arena_printf(r->arena, "%zu signalement(s) modifié(s).", n));
	redirect(r, bulk_return(r));
}

/* ---- the API ---- */

/* An API action on /api/v1/reports/{ref}/…: 200 with the report as staff or
 * its handler see it, or a JSON error. */
static void api_action(req_t *r, const char *need, action_fn fn)
{
	r->want_json = 1;
	long long id = visible_id(r);
	if (!id)
		return;
	form_t form;
	action_t a;
	if (action_read(r, id, need, &form, &a) > 0) {
		json_decref(form.input);
		reply_error(r, 422, "Corrigez les champs indiqués.", form.errors);
		return;
	}
	json_decref(form.input);
	json_decref(form.errors);
	const char *message;
	int status = run_action(r, id, fn, &a, &message);
	if (status) {
		reply_error(r, status, message, NULL);
		return;
	}
	reply_json(r, 200, report_for(r, id));
}

/* POST /api/v1/reports/{ref}/status, /route (staff), /comments. */
void reports_api_status(req_t *r)
{
	api_action(r, "status", do_status);
}

void reports_api_route(req_t *r)
{
	api_action(r, "org_id", do_route);
}

void reports_api_comment(req_t *r)
{
	api_action(r, NULL, do_comment);
}
