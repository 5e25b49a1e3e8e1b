/* organizations.c — see organizations.h. Pages under /partenaires and the
 * API under /api/v1/organizations share the model functions above the
 * handlers; validation is one field table for both. */
#include "modules/organizations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/api.h"
#include "http/session.h"
#include "modules/directory_search.h"
#include "modules/interactions.h"
#include "view/helpers.h"

#define PER_PAGE 25

const char *dir_status_message(dir_status_t st)
{
	switch (st) {
	case DIR_OK:
		return "C'est fait.";
	case DIR_NOT_FOUND:
		return "Cette fiche n'existe pas.";
	case DIR_NAME_TAKEN:
		return "Une organisation porte déjà ce nom.";
	case DIR_HAS_ACCOUNTS:
		return "Cette organisation ne peut pas être supprimée : des comptes partenaires y sont rattachés. "
		       "Rattachez-les à une autre organisation ou supprimez-les d'abord.";
	case DIR_IN_USE:
		return "Cette fiche ne peut pas être supprimée : d'autres données s'y rapportent.";
	case DIR_DB_ERROR:
		break;
	}
	return "L'enregistrement a échoué ; rien n'a été modifié.";
}

/* ---- model ---- */

static int set_projects(long long id, const long long *projects, size_t n)
{
	int rc = db_exec("DELETE FROM organization_project WHERE organization_id = ?", "i", id);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = db_exec("INSERT OR IGNORE INTO organization_project (organization_id, project_id) VALUES (?, ?)",
			     "ii", id, projects[i]);
	return rc;
}

dir_status_t org_save(req_t *r, long long id, const org_input_t *in, long long *out_id)
{
	int own = !db_in_transaction();
	if (own && db_begin() != 0)
		return DIR_DB_ERROR;
	dir_status_t st = DIR_OK;
	int creating = id == 0;
	if (id && !db_int(0, "SELECT 1 FROM organization WHERE id = ?", "i", id))
		st = DIR_NOT_FOUND;
	else if (db_int(0, "SELECT 1 FROM organization WHERE name = ? AND id <> ?", "ti", in->name, id))
		st = DIR_NAME_TAKEN;
	char now[21];
	db_now(now);
	int rc = 0;
	if (st == DIR_OK && !id) {
		rc = db_exec(
		    "INSERT INTO organization (kind, name, address, postal_code, city, website, email, phone, notes, "
		    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    "ttttttttttt", in->kind, in->name, in->address ? in->address : "",
		    in->postal_code ? in->postal_code : "", in->city ? in->city : "", in->website, in->email, in->phone,
		    in->notes ? in->notes : "", now, now);
		id = db_last_id();
	} else if (st == DIR_OK) {
		rc = db_exec(
		    "UPDATE organization SET kind = ?, name = ?, address = ?, postal_code = ?, city = ?, website = ?, "
		    "email = ?, phone = ?, notes = ?, updated_at = ? WHERE id = ?",
		    "tttttttttti", in->kind, in->name, in->address ? in->address : "",
		    in->postal_code ? in->postal_code : "", in->city ? in->city : "", in->website, in->email, in->phone,
		    in->notes ? in->notes : "", now, id);
	}
	if (st == DIR_OK && (rc != 0 || directory_tags_set(0, id, in->tags, in->ntags) != 0 ||
			     set_projects(id, in->projects, in->nprojects) != 0))
		st = DIR_DB_ERROR;
	if (st == DIR_OK && audit_record(r, creating ? "organization.create" : "organization.update", "organization",
					 id, "%s, type %s, %zu étiquette(s), %zu projet(s)", in->name, in->kind,
					 in->ntags, in->nprojects) != 0)
		st = DIR_DB_ERROR;
	if (st == DIR_OK && out_id)
		*out_id = id;
	if (own) {
		if (st == DIR_OK && db_commit() != 0)
			st = DIR_DB_ERROR;
		if (st != DIR_OK)
			db_rollback();
	}
	return st;
}

dir_status_t org_delete(req_t *r, long long id)
{
	int own = !db_in_transaction();
	if (own && db_begin() != 0)
		return DIR_DB_ERROR;
	dir_status_t st = DIR_OK;
	char name[256] = "";
	json_t *row = db_row("SELECT name FROM organization WHERE id = ?", "i", id);
	if (!row)
		st = DIR_NOT_FOUND;
	else
		snprintf(name, sizeof name, "%s", json_string_value(json_object_get(row, "name")));
	json_decref(row);
	if (st == DIR_OK && db_int(0, "SELECT count(*) FROM account WHERE organization_id = ?", "i", id) > 0)
		st = DIR_HAS_ACCOUNTS;
	if (st == DIR_OK) {
		int rc = db_exec("DELETE FROM organization WHERE id = ?", "i", id);
		if (rc == SQLITE_CONSTRAINT)
			st = DIR_IN_USE;
		else if (rc != 0)
			st = DIR_DB_ERROR;
	}
	if (st == DIR_OK && audit_record(r, "organization.delete", "organization", id, "%s supprimée", name) != 0)
		st = DIR_DB_ERROR;
	if (own) {
		if (st == DIR_OK && db_commit() != 0)
			st = DIR_DB_ERROR;
		if (st != DIR_OK)
			db_rollback();
	}
	return st;
}

/* ---- list ---- */

#define ORG_WHERE                                                                                                      \
	"(?1 IS NULL OR o.id IN (SELECT rowid FROM organization_fts WHERE organization_fts MATCH ?1)) "                \
	"AND (?2 IS NULL OR o.kind = ?2) "                                                                             \
	"AND (?3 IS NULL OR EXISTS (SELECT 1 FROM organization_project op JOIN project p ON p.id = op.project_id "     \
	"WHERE op.organization_id = o.id AND p.slug = ?3)) "                                                           \
	"AND (?4 IS NULL OR EXISTS (SELECT 1 FROM organization_tag ot JOIN tag t ON t.id = ot.tag_id "                 \
	"WHERE ot.organization_id = o.id AND t.name = ?4)) "

void org_filters_read(req_t *r, org_filters_t *f)
{
	const char *kind = kv_get(&r->query, "type");
	const char *project = kv_get(&r->query, "projet");
	const char *tag = kv_get(&r->query, "etiquette");
	const char *sort = kv_get(&r->query, "tri");
	f->fts = directory_fts_query(r->arena, kv_get(&r->query, "q"));
	f->kind = NULL;
	for (size_t i = 0; kind && org_kind_values[i]; i++)
		if (strcmp(kind, org_kind_values[i]) == 0)
			f->kind = kind;
	f->project = project && *project ? project : NULL;
	f->tag = tag && *tag ? tag : NULL;
	f->sort = sort && (strcmp(sort, "type") == 0 || strcmp(sort, "echange") == 0) ? sort : "nom";
}

json_t *org_list_query(req_t *r, const org_filters_t *f, long long limit, long long offset, long long *total)
{
	if (total)
		*total = db_int(0, "SELECT count(*) FROM organization o WHERE " ORG_WHERE, "tttt", f->fts, f->kind,
				f->project, f->tag);
	json_t *rows = db_rows(
	    "SELECT o.id, o.kind, o.name, o.address, o.postal_code, o.city, o.website, o.email, o.phone, o.notes, "
	    "(SELECT max(i.happened_on) FROM interaction i WHERE i.organization_id = o.id) AS last_interaction, "
	    "COALESCE((SELECT group_concat(name, ', ') FROM (SELECT t.name FROM organization_tag ot JOIN tag t "
	    "ON t.id = ot.tag_id WHERE ot.organization_id = o.id ORDER BY t.name)), '') AS tags, "
	    "COALESCE((SELECT group_concat(name, ', ') FROM (SELECT p.name FROM organization_project op JOIN project p "
	    "ON p.id = op.project_id WHERE op.organization_id = o.id ORDER BY p.position)), '') AS projects, "
	    "(SELECT count(*) FROM membership m WHERE m.organization_id = o.id) AS contacts_count "
	    "FROM organization o WHERE " ORG_WHERE "ORDER BY CASE WHEN ?5 = 'type' THEN o.kind END, "
	    "CASE WHEN ?5 = 'echange' THEN (SELECT max(i.happened_on) FROM interaction i WHERE i.organization_id = "
	    "o.id) "
	    "IS NULL END, "
	    "CASE WHEN ?5 = 'echange' THEN (SELECT max(i.happened_on) FROM interaction i WHERE i.organization_id = "
	    "o.id) "
	    "END DESC, o.name COLLATE NOCASE, o.id LIMIT ?6 OFFSET ?7",
	    "tttttii", f->fts, f->kind, f->project, f->tag, f->sort, limit, offset);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_object_set_new(row, "kind_label",
				    json_string(org_kind_label(json_string_value(json_object_get(row, "kind")))));
		json_object_set_new(row, "last_interaction_fr",
				    json_string(directory_date_fr(
					r->arena, json_string_value(json_object_get(row, "last_interaction")))));
	}
	return rows;
}

json_t *org_get(req_t *r, long long id)
{
	json_t *org =
	    db_row("SELECT id, kind, name, address, postal_code, city, website, email, phone, notes, created_at, "
		   "updated_at FROM organization WHERE id = ?",
		   "i", id);
	if (!org)
		return NULL;
	json_object_set_new(org, "kind_label",
			    json_string(org_kind_label(json_string_value(json_object_get(org, "kind")))));
	json_object_set_new(org, "tags",
			    db_rows("SELECT t.name FROM organization_tag ot JOIN tag t ON t.id = ot.tag_id "
				    "WHERE ot.organization_id = ? ORDER BY t.name COLLATE NOCASE",
				    "i", id));
	json_object_set_new(org, "projects",
			    db_rows("SELECT p.id, p.slug, p.name FROM organization_project op JOIN project p "
				    "ON p.id = op.project_id WHERE op.organization_id = ? ORDER BY p.position",
				    "i", id));
	json_object_set_new(
	    org, "contacts",
	    db_rows("SELECT c.id, c.first_name, c.last_name, c.function, c.email, c.phone, m.position "
		    "FROM membership m JOIN contact c ON c.id = m.contact_id WHERE m.organization_id = ? "
		    "ORDER BY c.last_name COLLATE NOCASE, c.first_name COLLATE NOCASE",
		    "i", id));
	json_object_set_new(org, "accounts_count",
			    json_integer(db_int(0, "SELECT count(*) FROM account WHERE organization_id = ?", "i", id)));
	(void)r;
	return org;
}

/* ---- input ---- */

static const field_spec_t org_fields[] = {
    {"name", "Nom", FIELD_TEXT, 1, 2, 200, NULL},
    {"kind", "Type", FIELD_ENUM, 1, 0, 0, org_kind_values},
    {"address", "Adresse", FIELD_TEXT, 0, 0, 200, NULL},
    {"postal_code", "Code postal", FIELD_TEXT, 0, 0, 10, NULL},
    {"city", "Commune", FIELD_TEXT, 0, 0, 100, NULL},
    {"website", "Site web", FIELD_TEXT, 0, 0, 300, NULL},
    {"email", "Adresse électronique", FIELD_EMAIL, 0, 0, 0, NULL},
    {"phone", "Téléphone", FIELD_TEXT, 0, 0, 40, NULL},
    {"notes", "Notes", FIELD_TEXTAREA, 0, 0, 5000, NULL},
    {"tags", "Étiquettes", FIELD_TEXT, 0, 0, 1000, NULL},
};
#define ORG_FIELDS (sizeof org_fields / sizeof org_fields[0])

/* Validates the organisation form (page or API) into *in. Returns the
 * number of errors; f->errors names them. */
static int org_read_input(req_t *r, form_t *f, org_input_t *in)
{
	int errors = directory_form_validate(r, org_fields, ORG_FIELDS, f, "phone", "website");
	const char *msg = NULL;
	const char **tags = NULL;
	size_t ntags = 0;
	if (form_text(f, "tags"))
		msg = directory_tags_parse(r->arena, form_text(f, "tags"), &tags, &ntags);
	if (msg) {
		form_set_error(f, "tags", msg);
		errors++;
	}
	const char *postal = form_text(f, "postal_code");
	if (postal && (strlen(postal) != 5 || strspn(postal, "0123456789") != 5)) {
		form_set_error(f, "postal_code", "Le champ « Code postal » doit compter 5 chiffres (exemple : 34080).");
		errors++;
	}
	const char **slugs;
	size_t nslugs = directory_form_list(r->arena, &r->form, "projects", &slugs);
	long long *projects = arena_calloc(r->arena, nslugs + 1, sizeof *projects);
	size_t np = 0;
	for (size_t i = 0; i < nslugs; i++) {
		long long pid = db_int(0, "SELECT id FROM project WHERE slug = ?", "t", slugs[i]);
		if (!pid) {
			form_set_error(f, "projects", arena_printf(r->arena, "Projet inconnu : « %s ».", slugs[i]));
			errors++;
		} else {
			projects[np++] = pid;
		}
	}
	*in = (org_input_t){
	    .kind = form_text(f, "kind"),
	    .name = form_text(f, "name"),
	    .address = form_text(f, "address"),
	    .postal_code = form_text(f, "postal_code"),
	    .city = form_text(f, "city"),
	    .website = form_text(f, "website"),
	    .email = form_text(f, "email"),
	    .phone = form_text(f, "phone"),
	    .notes = form_text(f, "notes"),
	    .tags = tags,
	    .ntags = ntags,
	    .projects = projects,
	    .nprojects = np,
	};
	return errors;
}

/* ---- pages ---- */

static const char *const sort_choices[][2] = {
    {"nom", "Nom"},
    {"type", "Type"},
    {"echange", "Dernier échange"},
};

void organizations_list(req_t *r)
{
	org_filters_t f;
	org_filters_read(r, &f);
	int page = query_page(r);
	long long total;
	json_t *rows = org_list_query(r, &f, PER_PAGE, (long long)(page - 1) * PER_PAGE, &total);
	const char *q = kv_get(&r->query, "q");
	json_t *view = json_pack(
	    "{s:{s:s}, s:o, s:{s:s?, s:s?, s:s?, s:s?, s:s}, s:o, s:o, s:o, s:o, s:o, s:s}", "page", "title",
	    "Partenaires", "organizations", rows, "filters", "q", q, "type", f.kind, "projet", f.project, "etiquette",
	    f.tag, "tri", f.sort, "kinds", org_kind_options(f.kind), "projects", directory_project_options(NULL, 0),
	    "tags", directory_tag_options(f.tag), "sorts", options_json(sort_choices, 3, f.sort), "pagination",
	    pagination_json(r, total, page, PER_PAGE), "export_query", directory_filters_query(r));
	json_t *projects = json_object_get(view, "projects");
	size_t i;
	json_t *p;
	json_array_foreach(projects, i, p)
	{
		const char *slug = json_string_value(json_object_get(p, "slug"));
		json_object_set_new(p, "selected", json_boolean(f.project && slug && strcmp(slug, f.project) == 0));
	}
	json_object_set_new(view, "directory_orgs", json_true());
	render(r, 200, "organizations_list", view);
}

/* The form page (new or edit) with input, errors (both stolen, may be NULL). */
static void render_form(req_t *r, int status, long long id, json_t *input, json_t *errors)
{
	if (!input)
		input = json_object();
	const char **slugs;
	size_t n = directory_form_list(r->arena, &r->form, "projects", &slugs);
	long long *ids = arena_calloc(r->arena, n + 8, sizeof *ids);
	size_t k = 0;
	if (!strcmp(r->method, "POST")) {
		for (size_t i = 0; i < n; i++)
			ids[k++] = db_int(0, "SELECT id FROM project WHERE slug = ?", "t", slugs[i]);
	} else {
		json_t *projects = json_object_get(input, "projects");
		size_t i;
		json_t *p;
		json_array_foreach(projects, i, p)
		{
			if (k < n + 8)
				ids[k++] = json_integer_value(json_object_get(p, "id"));
		}
	}
	const char *kind = json_string_value(json_object_get(input, "kind"));
	json_t *view =
	    json_pack("{s:{s:s}, s:o, s:o, s:o, s:o, s:s, s:b}", "page", "title",
		      id ? "Modifier une organisation" : "Nouvelle organisation", "input", input, "errors",
		      errors ? errors : json_object(), "kinds", org_kind_options(kind ? kind : "association"),
		      "projects", directory_project_options(ids, k), "csrf", csrf_token(r), "editing", id != 0);
	json_object_set_new(view, "action",
			    json_string(id ? arena_printf(r->arena, "/partenaires/%lld", id) : "/partenaires"));
	if (id)
		json_object_set_new(view, "id", json_integer(id));
	render(r, status, "organization_form", view);
}

void organizations_new_form(req_t *r)
{
	render_form(r, 200, 0, NULL, NULL);
}

/* The page's {id} organisation, or 0 after answering 404. */
static long long org_id_or_404(req_t *r)
{
	long long id = param_id(r, "id");
	if (!id || !db_int(0, "SELECT 1 FROM organization WHERE id = ?", "i", id)) {
		reply_error(r, 404, "Cette organisation n'existe pas.", NULL);
		return 0;
	}
	return id;
}

void organizations_edit_form(req_t *r)
{
	long long id = org_id_or_404(r);
	if (!id)
		return;
	json_t *org = org_get(r, id);
	json_t *tags = json_object_get(org, "tags");
	buf_t b;
	buf_init(&b, r->arena, 64);
	size_t i;
	json_t *t;
	json_array_foreach(tags, i, t)
	{
		buf_printf(&b, "%s%s", i ? ", " : "", json_string_value(json_object_get(t, "name")));
	}
	json_object_set_new(org, "tags", json_string(b.data));
	render_form(r, 200, id, org, NULL);
}

/* Saves the form of a page or the API (id 0: create); answers. */
static void save(req_t *r, long long id, int api)
{
	form_t f;
	org_input_t in;
	int errors = org_read_input(r, &f, &in);
	long long new_id = id;
	dir_status_t st = DIR_OK;
	if (!errors) {
		st = org_save(r, id, &in, &new_id);
		if (st == DIR_NAME_TAKEN) {
			form_set_error(&f, "name", dir_status_message(st));
			errors++;
		} else if (st != DIR_OK) {
			json_decref(f.errors);
			json_decref(f.input);
			reply_error(r, st == DIR_NOT_FOUND ? 404 : 500, dir_status_message(st), NULL);
			return;
		}
	}
	if (errors) {
		if (api || r->want_json) {
			json_decref(f.input);
			reply_error(r, 422, NULL, f.errors);
		} else {
			render_form(r, 422, id, f.input, f.errors);
		}
		return;
	}
	json_decref(f.errors);
	json_decref(f.input);
	const char *url = arena_printf(r->arena, "/partenaires/%lld", new_id);
	if (api || r->want_json) {
		json_t *org = org_get(r, new_id);
		if (id)
			reply_json(r, 200, org);
		else
			api_created(r, org, api ? arena_printf(r->arena, "/api/v1/organizations/%lld", new_id) : url);
		return;
	}
	flash_set(r, id ? "Organisation modifiée." : "Organisation créée.");
	redirect(r, url);
}

void organizations_create(req_t *r)
{
	save(r, 0, 0);
}

void organizations_update(req_t *r)
{
	long long id = org_id_or_404(r);
	if (id)
		save(r, id, 0);
}

void organizations_render_show(req_t *r, int status, long long id, json_t *errors, json_t *input)
{
	json_t *org = org_get(r, id);
	json_t *contacts = json_object_get(org, "contacts");
	char today[11];
	directory_today(today);
	if (!input)
		input = json_pack("{s:s}", "happened_on", today);
	const char *kind = json_string_value(json_object_get(input, "kind"));
	const char *chosen = json_string_value(json_object_get(input, "contact_id"));
	size_t i;
	json_t *c;
	json_array_foreach(contacts, i, c)
	{
		json_object_set_new(
		    c, "selected",
		    json_boolean(chosen && atoll(chosen) == json_integer_value(json_object_get(c, "id"))));
	}
	json_t *view = json_pack("{s:{s:s}, s:o, s:o, s:o, s:o, s:O, s:s}", "page", "title",
				 json_string_value(json_object_get(org, "name")), "organization", org, "interactions",
				 interactions_rows(r, 0, id), "errors", errors ? errors : json_object(), "input", input,
				 "interaction_contacts", contacts, "csrf", csrf_token(r));
	json_object_set_new(view, "interaction_kinds", interaction_kind_options(kind ? kind : "meeting"));
	render(r, status, "organization_show", view);
}

void organizations_show(req_t *r)
{
	long long id = org_id_or_404(r);
	if (id)
		organizations_render_show(r, 200, id, NULL, NULL);
}

/* Deletes {id} when confirmed; answers. */
static void delete_org(req_t *r, int api)
{
	long long id = org_id_or_404(r);
	if (!id)
		return;
	if (!form_confirmed(r, "confirm")) {
		reply_error(r, 422, "Confirmez la suppression : cochez « Je confirme la suppression ».",
			    json_pack("{s:s}", "confirm", CONFIRM_MESSAGE));
		return;
	}
	dir_status_t st = org_delete(r, id);
	if (st == DIR_HAS_ACCOUNTS || st == DIR_IN_USE) {
		reply_error(r, 422, dir_status_message(st), json_pack("{s:s}", "confirm", dir_status_message(st)));
		return;
	}
	if (st != DIR_OK) {
		reply_error(r, st == DIR_NOT_FOUND ? 404 : 500, dir_status_message(st), NULL);
		return;
	}
	if (api) {
		api_no_content(r);
		return;
	}
	flash_set(r, "Organisation supprimée.");
	redirect(r, "/partenaires");
}

void organizations_delete(req_t *r)
{
	delete_org(r, 0);
}

/* ---- JSON API ---- */

void organizations_api_list(req_t *r)
{
	api_page_t p;
	if (api_page(r, &p) != 0)
		return;
	org_filters_t f;
	org_filters_read(r, &f);
	long long total;
	json_t *rows = org_list_query(r, &f, p.per_page, p.offset, &total);
	api_list_reply(r, rows, total, &p);
}

void organizations_api_create(req_t *r)
{
	save(r, 0, 1);
}

void organizations_api_get(req_t *r)
{
	long long id = org_id_or_404(r);
	if (id)
		reply_json(r, 200, org_get(r, id));
}

void organizations_api_update(req_t *r)
{
	long long id = org_id_or_404(r);
	if (!id)
		return;
	/* A partial update: the fields left out keep their values. */
	static const char *const keys[] = {"name",  "kind",  "address", "postal_code", "city",	   "website",
					   "email", "phone", "notes",	"tags",	       "projects", NULL};
	json_t *org = org_get(r, id);
	directory_form_merge(r, org, keys);
	json_decref(org);
	save(r, id, 1);
}

void organizations_api_delete(req_t *r)
{
	delete_org(r, 1);
}
