/* contacts.c — see contacts.h. */
#include "modules/contacts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/api.h"
#include "http/session.h"
#include "modules/bodies.h"
#include "modules/directory_search.h"
#include "modules/interactions.h"
#include "view/helpers.h"

#define PER_PAGE 25

/* ---- model ---- */

static int set_memberships(long long id, const contact_membership_t *m, size_t n)
{
	int rc = db_exec("DELETE FROM membership WHERE contact_id = ?", "i", id);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = db_exec(
		    "INSERT OR REPLACE INTO membership (contact_id, organization_id, position) VALUES (?, ?, ?)", "iit",
		    id, m[i].organization_id, m[i].position ? m[i].position : "");
	return rc;
}

/* Names of the fields that differ between before (a row) and in, for the
 * audit summary: "nom, courriel". Arena string. */
static const char *changed_fields(req_t *r, json_t *before, const contact_input_t *in)
{
	const struct {
		const char *col, *label, *value;
	} cols[] = {
	    {"first_name", "prénom", in->first_name},
	    {"last_name", "nom", in->last_name},
	    {"function", "fonction", in->function},
	    {"email", "courriel", in->email},
	    {"phone", "téléphone", in->phone},
	    {"notes", "notes", in->notes},
	    {"consent_basis", "base légale", in->consent_basis},
	    {"consent_at", "date du consentement", in->consent_at},
	};
	buf_t b;
	buf_init(&b, r ? r->arena : NULL, 64);
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		const char *old = json_string_value(json_object_get(before, cols[i].col));
		const char *new = cols[i].value ? cols[i].value : "";
		if (strcmp(old ? old : "", new) != 0)
			buf_printf(&b, "%s%s", b.len ? ", " : "", cols[i].label);
	}
	if (json_integer_value(json_object_get(before, "is_resident")) != in->is_resident)
		buf_printf(&b, "%shabitant", b.len ? ", " : "");
	return b.len ? b.data : "aucun champ de la fiche";
}

dir_status_t contact_save(req_t *r, long long id, const contact_input_t *in, long long *out_id)
{
	int own = !db_in_transaction();
	if (own && db_begin() != 0)
		return DIR_DB_ERROR;
	dir_status_t st = DIR_OK;
	int creating = id == 0;
	json_t *before = id ? db_row("SELECT * FROM contact WHERE id = ?", "i", id) : NULL;
	if (id && !before)
		st = DIR_NOT_FOUND;
	for (size_t i = 0; st == DIR_OK && i < in->nmemberships; i++)
		if (!db_int(0, "SELECT 1 FROM organization WHERE id = ?", "i", in->memberships[i].organization_id))
			st = DIR_NOT_FOUND;
	char now[21];
	db_now(now);
	const char *basis = in->consent_basis;
	int rc = 0;
	if (st == DIR_OK && creating) {
		rc = db_exec(
		    "INSERT INTO contact (first_name, last_name, function, email, phone, notes, is_resident, "
		    "consent_basis, consent_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    "ttttttitttt", in->first_name ? in->first_name : "", in->last_name,
		    in->function ? in->function : "", in->email, in->phone, in->notes ? in->notes : "",
		    (long long)in->is_resident, basis, in->consent_at, now, now);
		id = db_last_id();
	} else if (st == DIR_OK) {
		rc = db_exec(
		    "UPDATE contact SET first_name = ?, last_name = ?, function = ?, email = ?, phone = ?, notes = ?, "
		    "is_resident = ?, consent_basis = ?, consent_at = ?, updated_at = ? WHERE id = ?",
		    "ttttttittti", in->first_name ? in->first_name : "", in->last_name,
		    in->function ? in->function : "", in->email, in->phone, in->notes ? in->notes : "",
		    (long long)in->is_resident, basis, in->consent_at, now, id);
	}
	if (st == DIR_OK && (rc != 0 || directory_tags_set(1, id, in->tags, in->ntags) != 0 ||
			     set_memberships(id, in->memberships, in->nmemberships) != 0))
		st = DIR_DB_ERROR;
	/* Ids and field names only: the audit log holds no personal data. */
	if (st == DIR_OK && (creating ? audit_record(r, "contact.create", "contact", id,
						     "contact n° %lld créé, %zu organisation(s), "
						     "%zu étiquette(s)%s",
						     id, in->nmemberships, in->ntags,
						     in->is_resident ? ", habitant (consentement noté)" : "")
				      : audit_record(r, "contact.update", "contact", id,
						     "contact n° %lld : %s modifié(s), %zu organisation(s)", id,
						     changed_fields(r, before, in), in->nmemberships)) != 0)
		st = DIR_DB_ERROR;
	json_decref(before);
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

dir_status_t contact_delete(req_t *r, long long id)
{
	int own = !db_in_transaction();
	if (own && db_begin() != 0)
		return DIR_DB_ERROR;
	dir_status_t st = DIR_OK;
	/* An exchange with this person alone would be left pointing at nobody. */
	int rc = db_exec("DELETE FROM interaction WHERE contact_id = ? AND organization_id IS NULL", "i", id);
	if (rc == 0)
		rc = db_exec("DELETE FROM contact WHERE id = ?", "i", id);
	if (rc == SQLITE_CONSTRAINT)
		st = DIR_IN_USE;
	else if (rc != 0)
		st = DIR_DB_ERROR;
	else if (db_changes() == 0)
		st = DIR_NOT_FOUND;
	if (st == DIR_OK && audit_record(r, "contact.delete", "contact", id, "contact n° %lld supprimé", id) != 0)
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

#define CONTACT_WHERE                                                                                                  \
	"(?1 IS NULL OR c.id IN (SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?1)) "                          \
	"AND (?2 IS NULL OR EXISTS (SELECT 1 FROM membership m JOIN organization o ON o.id = m.organization_id "       \
	"WHERE m.contact_id = c.id AND o.kind = ?2)) "                                                                 \
	"AND (?3 IS NULL OR EXISTS (SELECT 1 FROM membership m JOIN organization_project op "                          \
	"ON op.organization_id = m.organization_id JOIN project p ON p.id = op.project_id "                            \
	"WHERE m.contact_id = c.id AND p.slug = ?3)) "                                                                 \
	"AND (?4 IS NULL OR EXISTS (SELECT 1 FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "                      \
	"WHERE ct.contact_id = c.id AND t.name = ?4) OR EXISTS (SELECT 1 FROM membership m JOIN organization_tag ot "  \
	"ON ot.organization_id = m.organization_id JOIN tag t ON t.id = ot.tag_id WHERE m.contact_id = c.id "          \
	"AND t.name = ?4)) "                                                                                           \
	"AND (?5 = 0 OR EXISTS (SELECT 1 FROM membership m WHERE m.contact_id = c.id AND m.organization_id = ?5)) "

void contact_filters_read(req_t *r, contact_filters_t *f)
{
	const char *kind = kv_get(&r->query, "type");
	const char *project = kv_get(&r->query, "projet");
	const char *tag = kv_get(&r->query, "etiquette");
	const char *org = kv_get(&r->query, "organisation");
	const char *sort = kv_get(&r->query, "tri");
	f->fts = directory_fts_query(r->arena, kv_get(&r->query, "q"));
	f->kind = NULL;
	for (size_t i = 0; kind && org_kind_values[i]; i++)
		if (strcmp(kind, org_kind_values[i]) == 0)
			f->kind = kind;
	f->project = project && *project ? project : NULL;
	f->tag = tag && *tag ? tag : NULL;
	f->organization = org && strlen(org) < 18 && strspn(org, "0123456789") == strlen(org) ? atoll(org) : 0;
	f->sort = sort && (strcmp(sort, "organisation") == 0 || strcmp(sort, "echange") == 0) ? sort : "nom";
}

json_t *contact_list_query(req_t *r, const contact_filters_t *f, long long limit, long long offset, long long *total)
{
	if (total)
		*total = db_int(0, "SELECT count(*) FROM contact c WHERE " CONTACT_WHERE, "tttti", f->fts, f->kind,
				f->project, f->tag, f->organization);
	json_t *rows = db_rows(
	    "SELECT c.id, c.first_name, c.last_name, trim(c.first_name || ' ' || c.last_name) AS name, c.function, "
	    "c.email, c.phone, c.notes, c.is_resident, "
	    "COALESCE((SELECT group_concat(label, ', ') FROM (SELECT o.name || CASE WHEN m.position <> '' "
	    "THEN ' (' || m.position || ')' ELSE '' END AS label FROM membership m JOIN organization o "
	    "ON o.id = m.organization_id WHERE m.contact_id = c.id ORDER BY o.name)), '') AS organizations, "
	    "COALESCE((SELECT group_concat(name, ', ') FROM (SELECT t.name FROM contact_tag ct JOIN tag t "
	    "ON t.id = ct.tag_id WHERE ct.contact_id = c.id ORDER BY t.name)), '') AS tags, "
	    "(SELECT max(i.happened_on) FROM interaction i WHERE i.contact_id = c.id) AS last_interaction "
	    "FROM contact c WHERE " CONTACT_WHERE "ORDER BY "
	    "CASE WHEN ?6 = 'organisation' THEN (SELECT min(o.name) FROM membership m JOIN organization o "
	    "ON o.id = m.organization_id WHERE m.contact_id = c.id) IS NULL END, "
	    "CASE WHEN ?6 = 'organisation' THEN (SELECT min(o.name) FROM membership m JOIN organization o "
	    "ON o.id = m.organization_id WHERE m.contact_id = c.id) END COLLATE NOCASE, "
	    "CASE WHEN ?6 = 'echange' THEN (SELECT max(i.happened_on) FROM interaction i WHERE i.contact_id = c.id) "
	    "IS NULL END, "
	    "CASE WHEN ?6 = 'echange' THEN (SELECT max(i.happened_on) FROM interaction i WHERE i.contact_id = c.id) "
	    "END DESC, c.last_name COLLATE NOCASE, c.first_name COLLATE NOCASE, c.id LIMIT ?7 OFFSET ?8",
	    "ttttitii", f->fts, f->kind, f->project, f->tag, f->organization, f->sort, limit, offset);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_object_set_new(row, "last_interaction_fr",
				    json_string(directory_date_fr(
					r->arena, json_string_value(json_object_get(row, "last_interaction")))));
	}
	return rows;
}

json_t *contact_get(req_t *r, long long id)
{
	json_t *c = db_row(
	    "SELECT id, first_name, last_name, trim(first_name || ' ' || last_name) AS name, function, email, "
	    "phone, notes, is_resident, consent_basis, consent_at, created_at, updated_at FROM contact WHERE id = ?",
	    "i", id);
	if (!c)
		return NULL;
	json_object_set_new(c, "is_resident", json_boolean(json_integer_value(json_object_get(c, "is_resident"))));
	const char *basis = json_string_value(json_object_get(c, "consent_basis"));
	json_object_set_new(c, "consent_basis_label", json_string(basis ? consent_basis_label(basis) : ""));
	json_object_set_new(
	    c, "consent_at_fr",
	    json_string(directory_date_fr(r->arena, json_string_value(json_object_get(c, "consent_at")))));
	json_object_set_new(c, "tags",
			    db_rows("SELECT t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
				    "WHERE ct.contact_id = ? ORDER BY t.name COLLATE NOCASE",
				    "i", id));
	json_t *orgs = db_rows("SELECT o.id, o.name, o.kind, m.position FROM membership m JOIN organization o "
			       "ON o.id = m.organization_id WHERE m.contact_id = ? ORDER BY o.name COLLATE NOCASE",
			       "i", id);
	size_t i;
	json_t *o;
	json_array_foreach(orgs, i, o)
	{
		json_object_set_new(o, "kind_label",
				    json_string(org_kind_label(json_string_value(json_object_get(o, "kind")))));
	}
	json_object_set_new(c, "organizations", orgs);
	return c;
}

/* ---- input ---- */

static const field_spec_t contact_fields[] = {
    {"first_name", "Prénom", FIELD_TEXT, 0, 0, 100, NULL},
    {"last_name", "Nom", FIELD_TEXT, 1, 1, 100, NULL},
    {"function", "Fonction", FIELD_TEXT, 0, 0, 150, NULL},
    {"email", "Adresse électronique", FIELD_EMAIL, 0, 0, 0, NULL},
    {"phone", "Téléphone", FIELD_TEXT, 0, 0, 40, NULL},
    {"notes", "Notes", FIELD_TEXTAREA, 0, 0, 5000, NULL},
    {"is_resident", "Habitant", FIELD_BOOL, 0, 0, 0, NULL},
    {"consent_basis", "Base légale", FIELD_ENUM, 0, 0, 0, consent_basis_values},
    {"consent_at", "Date du consentement", FIELD_DATE, 0, 0, 0, NULL},
    {"tags", "Étiquettes", FIELD_TEXT, 0, 0, 1000, NULL},
};
#define CONTACT_FIELDS (sizeof contact_fields / sizeof contact_fields[0])

static const field_spec_t membership_org = {"org", "Organisation", FIELD_INT, 0, 1, 1LL << 60, NULL};
static const field_spec_t membership_pos = {"position", "Rôle dans l'organisation", FIELD_TEXT, 0, 0, 150, NULL};

/* Reads org_N / position_N (N = 1..CONTACT_MEMBERSHIPS_MAX). */
static int read_memberships(req_t *r, form_t *f, contact_membership_t *m, size_t *n)
{
	int errors = 0;
	*n = 0;
	for (int k = 1; k <= CONTACT_MEMBERSHIPS_MAX; k++) {
		char on[32], pn[32];
		snprintf(on, sizeof on, "org_%d", k);
		snprintf(pn, sizeof pn, "position_%d", k);
		const char *raw_org = kv_get(&r->form, on), *raw_pos = kv_get(&r->form, pn);
		if (raw_org)
			json_object_set_new(f->input, on, json_string(raw_org));
		if (raw_pos)
			json_object_set_new(f->input, pn, json_string(raw_pos));
		field_value_t vo, vp;
		const char *msg = validate_field(r->arena, &membership_org, raw_org, &vo);
		const char *msg2 = validate_field(r->arena, &membership_pos, raw_pos, &vp);
		if (msg || msg2) {
			form_set_error(f, msg ? on : pn, msg ? msg : msg2);
			errors++;
			continue;
		}
		if (!vo.present)
			continue;
		if (!db_int(0, "SELECT 1 FROM organization WHERE id = ?", "i", vo.integer)) {
			form_set_error(f, on, "Cette organisation n'existe pas.");
			errors++;
			continue;
		}
		int dup = 0;
		for (size_t i = 0; i < *n; i++)
			dup |= m[i].organization_id == vo.integer;
		if (!dup)
			m[(*n)++] = (contact_membership_t){vo.integer, vp.present ? vp.text : ""};
	}
	return errors;
}

/* Validates the contact form (page or API) into *in; number of errors. */
static int contact_read_input(req_t *r, form_t *f, contact_input_t *in)
{
	int errors = directory_form_validate(r, contact_fields, CONTACT_FIELDS, f, "phone", NULL);
	const char **tags = NULL;
	size_t ntags = 0;
	const char *msg =
	    form_text(f, "tags") ? directory_tags_parse(r->arena, form_text(f, "tags"), &tags, &ntags) : NULL;
	if (msg) {
		form_set_error(f, "tags", msg);
		errors++;
	}
	if (!tags)
		directory_tags_parse(r->arena, NULL, &tags, &ntags);
	contact_membership_t *m = arena_calloc(r->arena, CONTACT_MEMBERSHIPS_MAX, sizeof *m);
	size_t nm;
	errors += read_memberships(r, f, m, &nm);
	int resident = (int)form_int(f, "is_resident");
	char today[11];
	directory_today(today);
	const char *consent_at = form_text(f, "consent_at");
	if (resident && !form_text(f, "consent_basis") && !json_object_get(f->errors, "consent_basis")) {
		form_set_error(f, "consent_basis",
			       "Pour un habitant, indiquez la base légale qui permet de garder ses coordonnées.");
		errors++;
	}
	if (resident && !consent_at && !json_object_get(f->errors, "consent_at")) {
		form_set_error(f, "consent_at",
			       "Pour un habitant, indiquez la date à laquelle il a accepté d'être contacté.");
		errors++;
	}
	if (consent_at && strcmp(consent_at, today) > 0) {
		form_set_error(f, "consent_at", "La date du consentement ne peut pas être dans le futur.");
		errors++;
	}
	*in = (contact_input_t){
	    .first_name = form_text(f, "first_name"),
	    .last_name = form_text(f, "last_name"),
	    .function = form_text(f, "function"),
	    .email = form_text(f, "email"),
	    .phone = form_text(f, "phone"),
	    .notes = form_text(f, "notes"),
	    .is_resident = resident,
	    .consent_basis = form_text(f, "consent_basis"),
	    .consent_at = consent_at,
	    .tags = tags,
	    .ntags = ntags,
	    .memberships = m,
	    .nmemberships = nm,
	};
	return errors;
}

/* ---- pages ---- */

static const char *const sort_choices[][2] = {
    {"nom", "Nom"},
    {"organisation", "Organisation"},
    {"echange", "Dernier échange"},
};

void contacts_list(req_t *r)
{
	contact_filters_t f;
	contact_filters_read(r, &f);
	int page = query_page(r);
	long long total;
	json_t *rows = contact_list_query(r, &f, PER_PAGE, (long long)(page - 1) * PER_PAGE, &total);
	json_t *projects = directory_project_options(NULL, 0);
	size_t i;
	json_t *p;
	json_array_foreach(projects, i, p)
	{
		const char *slug = json_string_value(json_object_get(p, "slug"));
		json_object_set_new(p, "selected", json_boolean(f.project && slug && strcmp(slug, f.project) == 0));
	}
	json_t *view = json_pack("{s:{s:s}, s:o, s:{s:s?, s:s?, s:s?, s:s?, s:s}, s:o, s:o, s:o, s:o, s:o, s:s}",
				 "page", "title", "Contacts", "contacts", rows, "filters", "q", kv_get(&r->query, "q"),
				 "type", f.kind, "projet", f.project, "etiquette", f.tag, "tri", f.sort, "kinds",
				 org_kind_options(f.kind), "projects", projects, "tags", directory_tag_options(f.tag),
				 "sorts", options_json(sort_choices, 3, f.sort), "pagination",
				 pagination_json(r, total, page, PER_PAGE), "export_query", directory_filters_query(r));
	json_object_set_new(view, "directory_contacts", json_true());
	if (f.organization) {
		json_t *org = db_row("SELECT id, name FROM organization WHERE id = ?", "i", f.organization);
		if (org)
			json_object_set_new(view, "organization", org);
	}
	render(r, 200, "contacts_list", view);
}

/* Rows of the membership part of the form, from input (raw org_N / position_N). */
static json_t *membership_rows(json_t *input, json_t *errors)
{
	json_t *orgs = db_rows("SELECT id, name FROM organization ORDER BY name COLLATE NOCASE", NULL);
	json_t *rows = json_array();
	for (int k = 1; k <= CONTACT_MEMBERSHIPS_MAX; k++) {
		char on[32], pn[32];
		snprintf(on, sizeof on, "org_%d", k);
		snprintf(pn, sizeof pn, "position_%d", k);
		const char *sel = json_string_value(json_object_get(input, on));
		long long sel_id = sel ? atoll(sel) : 0;
		json_t *opts = json_array();
		size_t i;
		json_t *o;
		json_array_foreach(orgs, i, o)
		{
			long long id = json_integer_value(json_object_get(o, "id"));
			json_array_append_new(opts, json_pack("{s:I, s:O, s:b}", "id", (json_int_t)id, "name",
							      json_object_get(o, "name"), "selected", id == sel_id));
		}
		const char *pos = json_string_value(json_object_get(input, pn));
		const char *err = json_string_value(json_object_get(errors, on));
		if (!err)
			err = json_string_value(json_object_get(errors, pn));
		json_array_append_new(rows, json_pack("{s:i, s:o, s:s, s:s?}", "n", k, "options", opts, "position",
						      pos ? pos : "", "error", err));
	}
	json_decref(orgs);
	return rows;
}

static void render_form(req_t *r, int status, long long id, json_t *input, json_t *errors)
{
	if (!input)
		input = json_object();
	if (!errors)
		errors = json_object();
	const char *basis = json_string_value(json_object_get(input, "consent_basis"));
	const char *res = json_string_value(json_object_get(input, "is_resident"));
	int resident = json_is_true(json_object_get(input, "is_resident")) || (res && *res && strcmp(res, "0") != 0);
	json_t *view = json_pack("{s:{s:s}, s:o, s:o, s:b, s:o, s:s, s:b}", "page", "title",
				 id ? "Modifier un contact" : "Nouveau contact", "errors", errors, "memberships",
				 membership_rows(input, errors), "resident", resident, "bases",
				 consent_basis_options(basis), "csrf", csrf_token(r), "editing", id != 0);
	json_object_set_new(view, "input", input);
	json_object_set_new(view, "action",
			    json_string(id ? arena_printf(r->arena, "/contacts/%lld", id) : "/contacts"));
	if (id)
		json_object_set_new(view, "id", json_integer(id));
	render(r, status, "contact_form", view);
}

void contacts_new_form(req_t *r)
{
	json_t *input = json_object();
	const char *org = kv_get(&r->query, "organisation");
	if (org)
		json_object_set_new(input, "org_1", json_string(org));
	render_form(r, 200, 0, input, NULL);
}

static long long contact_id_or_404(req_t *r)
{
	long long id = param_id(r, "id");
	if (!id || !db_int(0, "SELECT 1 FROM contact WHERE id = ?", "i", id)) {
		reply_error(r, 404, "Ce contact n'existe pas.", NULL);
		return 0;
	}
	return id;
}

void contacts_edit_form(req_t *r)
{
	long long id = contact_id_or_404(r);
	if (!id)
		return;
	json_t *c = contact_get(r, id);
	buf_t b;
	buf_init(&b, r->arena, 64);
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(c, "tags"), i, t)
	{
		buf_printf(&b, "%s%s", i ? ", " : "", json_string_value(json_object_get(t, "name")));
	}
	json_object_set_new(c, "tags", json_string(b.data));
	json_array_foreach(json_object_get(c, "organizations"), i, t)
	{
		if (i >= CONTACT_MEMBERSHIPS_MAX)
			break;
		json_object_set_new(c, arena_printf(r->arena, "org_%zu", i + 1),
				    json_string(arena_printf(r->arena, "%lld",
							     (long long)json_integer_value(json_object_get(t, "id")))));
		json_object_set(c, arena_printf(r->arena, "position_%zu", i + 1), json_object_get(t, "position"));
	}
	render_form(r, 200, id, c, NULL);
}

static void save(req_t *r, long long id, int api)
{
	form_t f;
	contact_input_t in;
	int errors = contact_read_input(r, &f, &in);
	long long new_id = id;
	if (!errors) {
		dir_status_t st = contact_save(r, id, &in, &new_id);
		if (st != DIR_OK) {
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
	const char *url = arena_printf(r->arena, "/contacts/%lld", new_id);
	if (api || r->want_json) {
		json_t *c = contact_get(r, new_id);
		if (id)
			reply_json(r, 200, c);
		else
			api_created(r, c, api ? arena_printf(r->arena, "/api/v1/contacts/%lld", new_id) : url);
		return;
	}
	flash_set(r, id ? "Contact modifié." : "Contact créé.");
	redirect(r, url);
}

void contacts_create(req_t *r)
{
	save(r, 0, 0);
}

void contacts_update(req_t *r)
{
	long long id = contact_id_or_404(r);
	if (id)
		save(r, id, 0);
}

void contacts_render_show(req_t *r, int status, long long id, json_t *errors, json_t *input)
{
	json_t *c = contact_get(r, id);
	char today[11];
	directory_today(today);
	if (!input)
		input = json_pack("{s:s}", "happened_on", today);
	const char *kind = json_string_value(json_object_get(input, "kind"));
	const char *chosen = json_string_value(json_object_get(input, "organization_id"));
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(c, "organizations"), i, o)
	{
		json_object_set_new(
		    o, "selected",
		    json_boolean(chosen && atoll(chosen) == json_integer_value(json_object_get(o, "id"))));
	}
	json_t *view = json_pack("{s:{s:s}, s:o, s:o, s:o, s:o, s:s}", "page", "title",
				 json_string_value(json_object_get(c, "name")), "contact", c, "interactions",
				 interactions_rows(r, 1, id), "errors", errors ? errors : json_object(), "input", input,
				 "csrf", csrf_token(r));
	json_object_set_new(view, "interaction_kinds", interaction_kind_options(kind ? kind : "meeting"));
	json_object_set_new(view, "body_memberships", body_memberships_of_contact(id));
	render(r, status, "contact_show", view);
}

void contacts_show(req_t *r)
{
	long long id = contact_id_or_404(r);
	if (id)
		contacts_render_show(r, 200, id, NULL, NULL);
}

static void delete_contact(req_t *r, int api)
{
	long long id = contact_id_or_404(r);
	if (!id)
		return;
	if (!form_confirmed(r, "confirm")) {
		reply_error(r, 422, "Confirmez la suppression : cochez « Je confirme la suppression ».",
			    json_pack("{s:s}", "confirm", CONFIRM_MESSAGE));
		return;
	}
	dir_status_t st = contact_delete(r, id);
	if (st != DIR_OK) {
		reply_error(r, st == DIR_NOT_FOUND ? 404 : st == DIR_IN_USE ? 422 : 500, dir_status_message(st), NULL);
		return;
	}
	if (api) {
		api_no_content(r);
		return;
	}
	flash_set(r, "Contact supprimé.");
	redirect(r, "/contacts");
}

void contacts_delete(req_t *r)
{
	delete_contact(r, 0);
}

/* ---- JSON API ---- */

void contacts_api_list(req_t *r)
{
	api_page_t p;
	if (api_page(r, &p) != 0)
		return;
	contact_filters_t f;
	contact_filters_read(r, &f);
	long long total;
	json_t *rows = contact_list_query(r, &f, p.per_page, p.offset, &total);
	api_list_reply(r, rows, total, &p);
}

void contacts_api_create(req_t *r)
{
	save(r, 0, 1);
}

void contacts_api_get(req_t *r)
{
	long long id = contact_id_or_404(r);
	if (id)
		reply_json(r, 200, contact_get(r, id));
}

void contacts_api_update(req_t *r)
{
	long long id = contact_id_or_404(r);
	if (!id)
		return;
	/* A partial update: the fields left out keep their values; the
	 * organisations too, unless the body names any org_N or position_N. */
	static const char *const keys[] = {"first_name",  "last_name",	   "function",	 "email", "phone", "notes",
					   "is_resident", "consent_basis", "consent_at", "tags",  NULL};
	json_t *c = contact_get(r, id);
	directory_form_merge(r, c, keys);
	int names_orgs = 0;
	for (const kv_t *kv = r->form.head; kv; kv = kv->next)
		names_orgs |= !strncmp(kv->name, "org_", 4) || !strncmp(kv->name, "position_", 9);
	size_t i;
	json_t *o;
	json_array_foreach(names_orgs ? NULL : json_object_get(c, "organizations"), i, o)
	{
		if (i >= CONTACT_MEMBERSHIPS_MAX)
			break;
		const char *org =
		    arena_printf(r->arena, "%lld", (long long)json_integer_value(json_object_get(o, "id")));
		const char *pos = json_string_value(json_object_get(o, "position"));
		kv_add(r->arena, &r->form, arena_printf(r->arena, "org_%zu", i + 1), org, strlen(org));
		kv_add(r->arena, &r->form, arena_printf(r->arena, "position_%zu", i + 1), pos ? pos : "",
		       pos ? strlen(pos) : 0);
	}
	json_decref(c);
	save(r, id, 1);
}

void contacts_api_delete(req_t *r)
{
	delete_contact(r, 1);
}
