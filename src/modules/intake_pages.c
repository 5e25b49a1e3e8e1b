/* intake_pages.c — the pages that enter reports: the public form /signaler
 * (two steps: the category, then the form), and the back office's quick
 * entry /gestion/signalements/nouveau, also used during a walking
 * diagnostic (?diagnostic=WALK). Both show the same template
 * (report_intake.html) and save through report_intake_submit(). Declared in
 * report_intake.h. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "core/config.h"
#include "db/db.h"
#include "http/session.h"
#include "modules/projects.h"
#include "modules/report_intake.h"
#include "view/helpers.h"

/* The honeypot: a field people never see nor fill. */
#define HONEYPOT "site_web"

/* What kind of form is shown. */
typedef struct intake_mode {
	int staff;		/* the back office's quick entry */
	long long walk_id;	/* a walk's findings (staff only), else 0 */
	const char *walk_title; /* arena */
	const char *action;	/* the form's action (arena or static) */
} intake_mode_t;

/* The sectors as options [{value, label, selected}], « Projet — Secteur ».
 * New reference. */
static json_t *sector_options(long long selected)
{
	json_t *rows = db_rows("SELECT s.id AS value, p.name || ' — ' || s.name AS label, s.id = ? AS selected "
			       "FROM sector s JOIN project p ON p.id = s.project_id "
			       "ORDER BY p.position, p.name, s.position, s.name",
			       "i", selected);
	size_t i;
	json_t *o;
	json_array_foreach(rows, i, o)
	{
		json_object_set_new(o, "selected", json_boolean(json_integer_value(json_object_get(o, "selected"))));
	}
	return rows;
}

/* The values typed, to fill the form again. New reference. */
static json_t *typed_input(req_t *r)
{
	static const char *const names[] = {"description", "coords", "address", "sector_id", "email", "name", "notify"};
	json_t *in = json_object();
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *v = kv_get(&r->form, names[i]);
		json_object_set_new(in, names[i], json_string(v && utf8_valid(v, strlen(v)) ? v : ""));
	}
	return in;
}

/* The active category with this code as {id, code, name, description,
 * strand_label}, or NULL. New reference. */
static json_t *category_json(const char *code)
{
	if (!code || !*code)
		return NULL;
	json_t *c = db_row(
	    "SELECT id, code, name, description, strand FROM report_category WHERE code = ? AND active = 1", "t", code);
	if (c)
		json_object_set_new(c, "strand_label",
				    json_string(report_strand_label(json_string_value(json_object_get(c, "strand")))));
	return c;
}

/* The category's extra questions for the form, each with its field name
 * (`field`), its error if any and `invalid` ("true"/"false", for
 * aria-invalid). New reference. */
static json_t *attributes_json(req_t *r, long long category_id, json_t *errors)
{
	json_t *attrs = report_attributes_of(r, category_id, "attr_", "");
	size_t i;
	json_t *a;
	json_array_foreach(attrs, i, a)
	{
		json_object_set(a, "field", json_object_get(a, "name"));
		json_t *e = json_object_get(errors, json_string_value(json_object_get(a, "name")));
		if (e)
			json_object_set(a, "error", e);
		json_object_set_new(a, "invalid", json_string(e ? "true" : "false"));
	}
	return attrs;
}

/* Adds view.saved {ref, url} when ?enregistre= names a report just saved
 * by the quick entry. */
static void saved_notice(req_t *r, json_t *view)
{
	const char *saved = kv_get(&r->query, "enregistre");
	long long id = saved ? report_id_by_ref(saved) : 0;
	if (id)
		json_object_set_new(view, "saved",
				    json_pack("{s:s, s:s}", "ref", saved, "url",
					      arena_printf(r->arena, "/gestion/signalements/%lld", id)));
}

/* Renders the form (or, public without a category, the list of categories).
 * input and errors are stolen (NULL: empty); notice is a general message
 * (NULL: none); saved_ref a report just saved by the quick entry. */
static void render_intake(req_t *r, int status, const intake_mode_t *m, const char *code, json_t *input, json_t *errors,
			  const char *notice)
{
	if (r->want_json && status >= 400) { /* the API's error format */
		json_decref(input);
		reply_error(r, status, notice, errors);
		return;
	}
	json_t *cat = category_json(code);
	if (!input)
		input = json_object();
	if (!errors)
		errors = json_object();
	int has_errors = json_object_size(errors) > 0 || notice;
	const char *title =
	    m->walk_id ? arena_printf(r->arena, "Constat : %s", m->walk_title)
	    : m->staff ? "Saisir un signalement"
	    : cat ? arena_printf(r->arena, "Signaler un problème : %s", json_string_value(json_object_get(cat, "name")))
		  : "Signaler un problème";
	json_t *view =
	    json_pack("{s:{s:s}, s:s, s:s, s:b, s:b, s:b, s:o, s:o, s:o, s:I, s:o}", "page", "title", title, "csrf",
		      csrf_token(r), "action", m->action, "is_staff", m->staff, "has_errors", has_errors, "choose",
		      !m->staff && !cat, "groups", report_categories_by_strand(code), "input", input, "errors", errors,
		      "retention_days", (json_int_t)g_config.reporter_retention_days, "map", projects_map_sources());
	if (notice)
		json_object_set_new(view, "notice", json_string(notice));
	if (m->walk_id)
		json_object_set_new(view, "walk",
				    json_pack("{s:I, s:s}", "id", (json_int_t)m->walk_id, "title", m->walk_title));
	long long sector = 0;
	const char *sv = json_string_value(json_object_get(input, "sector_id"));
	if (sv)
		sscanf(sv, "%lld", &sector);
	json_object_set_new(view, "sectors", sector_options(sector));
	if (cat) {
		json_object_set_new(view, "attributes",
				    attributes_json(r, json_integer_value(json_object_get(cat, "id")), errors));
		json_object_del(cat, "id");
		json_object_set_new(view, "category", cat);
	}
	if (m->staff)
		saved_notice(r, view);
	render(r, status, "report_intake", view);
}

/* ---- rate limit: --intake-limit sendings an hour per client address and
 * per scope ("intake" for reports, "contribution"…), counted under a keyed
 * hash of the address (never the address itself) ---- */

/* The rate_limit key of this request's address in scope. Arena string. */
static const char *rate_key(req_t *r, const char *scope)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char msg[300];
	int n = snprintf(msg, sizeof msg, "%s:%s", scope, r->client_ip ? r->client_ip : "");
	crypto_auth_hmacsha256(mac, (const unsigned char *)msg, (unsigned long long)(n < 0 ? 0 : n), g_secret);
	char *hex = arena_alloc(r->arena, sizeof mac * 2 + 1);
	sodium_bin2hex(hex, sizeof mac * 2 + 1, mac, sizeof mac);
	return hex;
}

long long intake_rate_wait(req_t *r, const char *scope)
{
	json_t *row = db_row("SELECT count, CAST(strftime('%s', window_start) AS INTEGER) + 3600 - "
			     "CAST(strftime('%s', 'now') AS INTEGER) AS remaining FROM rate_limit WHERE key = ?",
			     "t", rate_key(r, scope));
	long long wait = 0;
	if (row && json_integer_value(json_object_get(row, "remaining")) > 0 &&
	    json_integer_value(json_object_get(row, "count")) >= g_config.intake_limit)
		wait = json_integer_value(json_object_get(row, "remaining"));
	json_decref(row);
	return wait;
}

int intake_rate_refused(req_t *r, const char *scope, const char *too_many)
{
	long long wait = intake_rate_wait(r, scope);
	if (wait <= 0)
		return 0;
	long long minutes = (wait + 59) / 60;
	reply_header(r, "Retry-After", arena_printf(r->arena, "%lld", wait));
	reply_error(r, 429,
		    arena_printf(r->arena, "%s depuis votre connexion en une heure. Réessayez dans %lld minute%s.",
				 too_many, minutes, minutes > 1 ? "s" : ""),
		    NULL);
	return 1;
}

void intake_rate_count(req_t *r, const char *scope)
{
	char now[21];
	db_now(now);
	if (db_begin() != 0)
		return;
	if (db_exec("DELETE FROM rate_limit WHERE window_start < strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 hour')",
		    NULL) != 0 ||
	    db_exec("INSERT INTO rate_limit (key, window_start, count) VALUES (?, ?, 1) "
		    "ON CONFLICT (key) DO UPDATE SET count = count + 1",
		    "tt", rate_key(r, scope), now) != 0) {
		db_rollback();
		return;
	}
	db_commit();
}

/* Creates the report of the form posted in mode m (source: web, staff or
 * walk). Refused: the form again with its errors (422); failed: a 500.
 * Returns 0 with *c filled when created, else -1 (the answer is sent). */
static int intake_create(req_t *r, const intake_mode_t *m, const char *source, const char *code,
			 report_created_t *c)
{
	json_t *errors = NULL;
	int rc = report_intake_submit(r, source, m->walk_id, c, &errors);
	if (rc == 1)
		render_intake(r, 422, m, code, typed_input(r), errors,
			      "Le signalement n'a pas été enregistré : corrigez les champs signalés.");
	else if (rc != 0)
		reply_error(r, 500, NULL, NULL);
	return rc == 0 ? 0 : -1;
}

/* ---- public form ---- */

static const intake_mode_t public_mode = {0, 0, NULL, "/signaler"};

void intake_form(req_t *r)
{
	render_intake(r, 200, &public_mode, kv_get(&r->query, "categorie"), NULL, NULL, NULL);
}

void intake_submit(req_t *r)
{
	const char *code = kv_get(&r->form, "category");
	const char *trap = kv_get(&r->form, HONEYPOT);
	if (trap && *trap) {
		render_intake(
		    r, 422, &public_mode, code, typed_input(r), NULL,
		    "Votre signalement n'a pas été enregistré : le champ « Ne pas remplir ce champ » a été "
		    "rempli. Il sert à reconnaître les envois automatiques ; laissez-le vide et envoyez à nouveau.");
		return;
	}
	if (intake_rate_refused(r, "intake", "Trop de signalements ont été envoyés"))
		return;
	report_created_t c;
	if (intake_create(r, &public_mode, "web", code, &c) != 0)
		return;
	intake_rate_count(r, "intake");
	flash_set(r,
		  arena_printf(r->arena,
			       "Merci, votre signalement est enregistré sous la référence %s. Gardez l'adresse de "
			       "cette page (ajoutez-la à vos favoris) : elle seule permet de suivre votre signalement.",
			       c.ref));
	redirect(r, arena_printf(r->arena, "/suivi/%s", c.follow_token));
}

/* ---- back office quick entry, and walks ---- */

/* Fills m for this request; 0, or -1 when ?diagnostic= names no walk (the
 * 404 is sent). */
static int staff_mode(req_t *r, intake_mode_t *m)
{
	*m = (intake_mode_t){1, 0, NULL, "/gestion/signalements/nouveau"};
	const char *w = kv_get(&r->query, "diagnostic");
	if (!w)
		return 0;
	long long id = 0;
	char extra;
	json_t *row = sscanf(w, "%lld%c", &id, &extra) == 1 && id > 0
			  ? db_row("SELECT id, title FROM walk WHERE id = ?", "i", id)
			  : NULL;
	if (!row) {
		reply_error(r, 404, "Ce diagnostic en marchant n'existe pas.", NULL);
		return -1;
	}
	/* a partner agent records findings only for a walk its organisation was invited to */
	if (report_scope_org(r->user) > 0 &&
	    !db_int(0, "SELECT 1 FROM walk_organization WHERE walk_id = ? AND organization_id = ?", "ii", id,
		    r->user->organization_id)) {
		json_decref(row);
		reply_error(r, 403, "Votre organisation n'est pas invitée à ce diagnostic en marchant.", NULL);
		return -1;
	}
	m->walk_id = id;
	m->walk_title = arena_strdup(r->arena, json_string_value(json_object_get(row, "title")));
	m->action = arena_printf(r->arena, "/gestion/signalements/nouveau?diagnostic=%lld", id);
	json_decref(row);
	return 0;
}

void intake_staff_form(req_t *r)
{
	intake_mode_t m;
	if (staff_mode(r, &m) != 0)
		return;
	json_t *input = json_object();
	const char *sector = kv_get(&r->query, "secteur");
	json_object_set_new(input, "sector_id",
			    json_string(sector && utf8_valid(sector, strlen(sector)) ? sector : ""));
	render_intake(r, 200, &m, kv_get(&r->query, "categorie"), input, NULL, NULL);
}

void intake_staff_submit(req_t *r)
{
	intake_mode_t m;
	if (staff_mode(r, &m) != 0)
		return;
	const char *code = kv_get(&r->form, "category");
	report_created_t c;
	if (intake_create(r, &m, m.walk_id ? "walk" : "staff", code, &c) != 0)
		return;
	long long sector = db_int(0, "SELECT COALESCE(sector_id, 0) FROM report WHERE id = ?", "i", c.id);
	buf_t url;
	buf_init(&url, r->arena, 128);
	buf_printf(&url, "/gestion/signalements/nouveau?enregistre=%s", c.ref);
	if (m.walk_id)
		buf_printf(&url, "&diagnostic=%lld", m.walk_id);
	if (code && db_int(0, "SELECT 1 FROM report_category WHERE code = ?", "t", code))
		buf_printf(&url, "&categorie=%s", code); /* codes are [a-z0-9_-] */
	if (sector)
		buf_printf(&url, "&secteur=%lld", sector);
	redirect(r, url.data);
}
