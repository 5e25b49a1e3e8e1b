/* report_categories.c — see report_categories.h. */
#include "modules/report_categories.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/session.h"
#include "modules/report_model.h"
#include "view/helpers.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define GET_S(o, k) json_string_value(json_object_get(o, k))
#define GET_I(o, k) ((long long)json_integer_value(json_object_get(o, k)))

static const char *const strand_values[] = {"corrective", "works", "watch", NULL};
static const char *const strand_pairs[][2] = {
    {"corrective", "Volet correctif"},
    {"works", "Nuisances de travaux"},
    {"watch", "Veille et anticipation"},
};
static const char *const unit_values[] = {"hours", "days", NULL};
static const char *const unit_pairs[][2] = {{"hours", "heures"}, {"days", "jours"}};
static const char *const datatype_values[] = {"string",		 "number",	   "datetime", "text",
					      "singlevaluelist", "multivaluelist", NULL};
static const char *const datatype_pairs[][2] = {
    {"string", "Texte court"},
    {"text", "Texte long"},
    {"number", "Nombre"},
    {"datetime", "Date et heure"},
    {"singlevaluelist", "Liste, un choix"},
    {"multivaluelist", "Liste, plusieurs choix"},
};

static const field_spec_t category_fields[] = {
    {"code", "Code", FIELD_TEXT, 1, 1, 40, NULL},
    {"strand", "Volet", FIELD_ENUM, 1, 0, 0, strand_values},
    {"name", "Nom", FIELD_TEXT, 1, 2, 100, NULL},
    {"description", "Description", FIELD_TEXTAREA, 0, 0, 2000, NULL},
    {"keywords", "Mots-clés", FIELD_TEXT, 0, 0, 300, NULL},
    {"default_org_id", "Gestionnaire par défaut", FIELD_INT, 0, 1, 1LL << 60, NULL},
    {"deadline", "Délai", FIELD_INT, 1, 1, 8760, NULL},
    {"deadline_unit", "Unité du délai", FIELD_ENUM, 1, 0, 0, unit_values},
    {"active", "Active", FIELD_BOOL, 0, 0, 0, NULL},
    {"position", "Ordre d'affichage", FIELD_INT, 0, 0, 100000, NULL},
};

static const field_spec_t question_fields[] = {
    {"code", "Code", FIELD_TEXT, 1, 1, 40, NULL},
    {"datatype", "Type de réponse", FIELD_ENUM, 1, 0, 0, datatype_values},
    {"label", "Question", FIELD_TEXT, 1, 2, 300, NULL},
    {"required", "Réponse obligatoire", FIELD_BOOL, 0, 0, 0, NULL},
    {"choices", "Choix", FIELD_TEXTAREA, 0, 0, 5000, NULL},
    {"position", "Ordre", FIELD_INT, 0, 0, 100000, NULL},
};

#define CODE_MESSAGE "Le code ne peut contenir que des lettres minuscules sans accent, des chiffres, « _ » et « - »."
#define QCODE_MESSAGE "Le code ne peut contenir que des lettres minuscules sans accent, des chiffres et « _ »."
#define SAVE_FAILED "L'enregistrement a échoué ; rien n'a été modifié."
#define NO_CATEGORY "Cette catégorie n'existe pas."

/* 1 if every byte of s is in [a-z0-9] or in extra. */
static int code_ok(const char *s, const char *extra)
{
	for (; s && *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || strchr(extra, *s)))
			return 0;
	return 1;
}

/* "48 heures", "3 jours", "1 jour". Arena string. */
static const char *deadline_fr(req_t *r, long long hours)
{
	if (hours % 24 == 0)
		return arena_printf(r->arena, "%lld jour%s", hours / 24, hours == 24 ? "" : "s");
	return arena_printf(r->arena, "%lld heure%s", hours, hours == 1 ? "" : "s");
}

/* [{value, label, selected}] of organisations, by name. New reference. */
static json_t *org_options(long long selected)
{
	json_t *rows = db_rows("SELECT id AS value, name AS label FROM organization ORDER BY name", "");
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_object_set_new(row, "selected", json_boolean(GET_I(row, "value") == selected));
	}
	return rows;
}

/* A positive integer from an input object (integer or text), or 0. */
static long long input_int(json_t *input, const char *key)
{
	json_t *v = json_object_get(input, key);
	if (json_is_integer(v))
		return json_integer_value(v);
	const char *s = json_string_value(v);
	return s ? atoll(s) : 0;
}

/* ---- the list ---- */

void categories_list(req_t *r)
{
	json_t *groups = json_array();
	for (size_t k = 0; k < NELEM(strand_pairs); k++) {
		json_t *rows = db_rows(
		    "SELECT c.id, c.code, c.name, c.deadline_hours, c.active, c.position, "
		    "o.name AS default_org_name, (SELECT count(*) FROM report r WHERE r.category_id = c.id) "
		    "AS report_count, (SELECT count(*) FROM report_routing x WHERE x.category_id = c.id) "
		    "AS routing_count FROM report_category c LEFT JOIN organization o ON o.id = c.default_org_id "
		    "WHERE c.strand = ? ORDER BY c.position, c.name",
		    "t", strand_pairs[k][0]);
		size_t i;
		json_t *row;
		json_array_foreach(rows, i, row)
		{
			json_object_set_new(row, "deadline_fr",
					    json_string(deadline_fr(r, GET_I(row, "deadline_hours"))));
			json_object_set_new(row, "is_active", json_boolean(GET_I(row, "active")));
		}
		json_array_append_new(groups, json_pack("{s:s, s:s, s:o}", "strand", strand_pairs[k][0], "strand_label",
							strand_pairs[k][1], "categories", rows));
	}
	render(r, 200, "categories_list",
	       json_pack("{s:{s:s}, s:o}", "page", "title", "Catégories de signalement", "strands", groups));
}

/* ---- the category page ---- */

/* 1 if the BOOL input value is ticked (the rule of FIELD_BOOL). */
static int ticked(json_t *input, const char *key)
{
	json_t *v = json_object_get(input, key);
	if (json_is_boolean(v))
		return json_is_true(v);
	if (json_is_integer(v))
		return json_integer_value(v) != 0;
	const char *s = json_string_value(v);
	return s && *s && strcmp(s, "0") && strcmp(s, "off") && strcmp(s, "false");
}

/* What the page shows besides the category form, after a refused POST. */
typedef struct page_extra {
	json_t *routing_errors;	    /* sector field -> message (stolen), or NULL */
	long long question_id;	    /* the question whose form is refused; 0 for the new one */
	json_t *q_input, *q_errors; /* stolen, or NULL */
	json_t *delete_errors;	    /* stolen, or NULL */
} page_extra_t;

/* Routing rows: [{project, sectors: [{id, name, field, options, error}]}]. */
static json_t *routing_view(req_t *r, long long id, json_t *category, json_t *errors)
{
	const char *dflt = GET_S(category, "default_org_name");
	const char *dflt_label = arena_printf(r->arena, "par défaut (%s)", dflt ? dflt : "aucun gestionnaire");
	json_t *projects = db_rows("SELECT id, name FROM project ORDER BY position, id", "");
	size_t i;
	json_t *p;
	json_array_foreach(projects, i, p)
	{
		json_t *sectors = db_rows("SELECT s.id, s.name, COALESCE(x.org_id, 0) AS org_id FROM sector s "
					  "LEFT JOIN report_routing x ON x.sector_id = s.id AND x.category_id = ? "
					  "WHERE s.project_id = ? ORDER BY s.position, s.name",
					  "ii", id, GET_I(p, "id"));
		size_t j;
		json_t *s;
		json_array_foreach(sectors, j, s)
		{
			const char *field = arena_printf(r->arena, "sector_%lld", GET_I(s, "id"));
			const char *typed = kv_get(&r->form, field);
			long long sel = typed ? atoll(typed) : GET_I(s, "org_id");
			json_object_set_new(s, "field", json_string(field));
			json_object_set_new(s, "default_label", json_string(dflt_label));
			json_object_set_new(s, "options", org_options(sel));
			json_object_set_new(s, "is_default", json_boolean(sel == 0));
			const char *err = errors ? GET_S(errors, field) : NULL;
			if (err)
				json_object_set_new(s, "error", json_string(err));
		}
		json_object_set_new(p, "sectors", sectors);
	}
	return projects;
}

/* The extra questions of a category, each with its edit form (the one refused
 * in x keeps what was typed and its errors). New reference. */
static json_t *questions_view(req_t *r, long long id, const page_extra_t *x)
{
	json_t *rows = db_rows("SELECT id, code, datatype, label, required, choices, position FROM "
			       "report_category_attribute WHERE category_id = ? ORDER BY position, id",
			       "i", id);
	size_t i;
	json_t *q;
	json_array_foreach(rows, i, q)
	{
		long long qid = GET_I(q, "id");
		int refused = x && x->question_id == qid && x->q_errors;
		json_t *input = refused ? json_incref(x->q_input) : json_deep_copy(q);
		json_object_set_new(q, "datatype_label", json_string(GET_S(q, "datatype")));
		for (size_t k = 0; k < NELEM(datatype_pairs); k++)
			if (strcmp(datatype_pairs[k][0], GET_S(q, "datatype")) == 0)
				json_object_set_new(q, "datatype_label", json_string(datatype_pairs[k][1]));
		json_object_set_new(q, "is_required", json_boolean(GET_I(q, "required")));
		json_object_set_new(q, "datatypes",
				    options_json(datatype_pairs, NELEM(datatype_pairs), GET_S(input, "datatype")));
		json_object_set_new(q, "required_checked", json_boolean(ticked(input, "required")));
		json_object_set_new(q, "input", input);
		json_object_set_new(q, "errors", refused ? json_incref(x->q_errors) : json_object());
		json_object_set_new(
		    q, "action", json_string(arena_printf(r->arena, "/admin/categories/%lld/questions/%lld", id, qid)));
		json_object_set_new(q, "open", json_boolean(refused));
	}
	return rows;
}

/* The new-question form's model. New reference. */
static json_t *new_question_view(req_t *r, long long id, const page_extra_t *x)
{
	int refused = x && x->question_id == 0 && x->q_errors;
	json_t *input = refused ? json_incref(x->q_input) : json_pack("{s:s}", "datatype", "string");
	int checked = ticked(input, "required");
	return json_pack(
	    "{s:o, s:o, s:o, s:b, s:s}", "input", input, "errors", refused ? json_incref(x->q_errors) : json_object(),
	    "datatypes", options_json(datatype_pairs, NELEM(datatype_pairs), GET_S(input, "datatype")),
	    "required_checked", checked, "action", arena_printf(r->arena, "/admin/categories/%lld/questions", id));
}

/* The stored category with its default handler's name, or NULL. New reference. */
static json_t *category_row(long long id)
{
	return db_row(
	    "SELECT c.*, o.name AS default_org_name, (SELECT count(*) FROM report r WHERE r.category_id = "
	    "c.id) AS report_count FROM report_category c LEFT JOIN organization o ON o.id = c.default_org_id "
	    "WHERE c.id = ?",
	    "i", id);
}

/* The form values of a stored category. New reference. */
static json_t *input_of(req_t *r, json_t *c)
{
	long long hours = GET_I(c, "deadline_hours");
	int days = hours % 24 == 0;
	json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "code", GET_S(c, "code"), "strand",
			       GET_S(c, "strand"), "name", GET_S(c, "name"), "description", GET_S(c, "description"),
			       "keywords", GET_S(c, "keywords"), "default_org_id",
			       arena_printf(r->arena, "%lld", GET_I(c, "default_org_id")), "deadline",
			       arena_printf(r->arena, "%lld", days ? hours / 24 : hours), "deadline_unit",
			       days ? "days" : "hours", "active", GET_I(c, "active") ? "1" : "", "position",
			       arena_printf(r->arena, "%lld", GET_I(c, "position")));
	return in;
}

/* Renders the category page (or the new form when id is 0). Steals input,
 * errors and x's objects. */
static void render_category(req_t *r, int status, long long id, json_t *input, json_t *errors, page_extra_t *x)
{
	json_t *c = id ? category_row(id) : NULL;
	json_t *view =
	    json_pack("{s:{s:s}, s:I, s:b, s:s, s:o, s:o, s:o, s:o, s:o, s:b}", "page", "title",
		      id ? arena_printf(r->arena, "Catégorie : %s", GET_S(c, "name")) : "Nouvelle catégorie", "id",
		      (json_int_t)id, "is_new", id == 0, "action",
		      id ? arena_printf(r->arena, "/admin/categories/%lld", id) : "/admin/categories", "input", input,
		      "errors", errors ? errors : json_object(), "strands",
		      options_json(strand_pairs, NELEM(strand_pairs), GET_S(input, "strand")), "units",
		      options_json(unit_pairs, NELEM(unit_pairs), GET_S(input, "deadline_unit")), "organizations",
		      org_options(input_int(input, "default_org_id")), "active_checked", ticked(input, "active"));
	if (c) {
		json_object_set_new(view, "category", json_incref(c));
		json_object_set_new(view, "deadline_fr", json_string(deadline_fr(r, GET_I(c, "deadline_hours"))));
		json_object_set_new(view, "used", json_boolean(GET_I(c, "report_count") > 0));
		json_object_set_new(view, "routing", routing_view(r, id, c, x ? x->routing_errors : NULL));
		json_object_set_new(view, "routing_errors",
				    x && x->routing_errors ? json_incref(x->routing_errors) : json_object());
		json_object_set_new(view, "questions", questions_view(r, id, x));
		json_object_set_new(view, "new_question", new_question_view(r, id, x));
		json_object_set_new(view, "delete_errors",
				    x && x->delete_errors ? json_incref(x->delete_errors) : json_object());
	}
	if (x) {
		json_decref(x->routing_errors);
		json_decref(x->q_input);
		json_decref(x->q_errors);
		json_decref(x->delete_errors);
	}
	json_decref(c);
	render(r, status, "report_category", view);
}

/* The category id of the path, or 0 (404 sent). */
static long long category_or_404(req_t *r)
{
	long long id = param_id(r, "category_id");
	if (!id || !db_int(0, "SELECT 1 FROM report_category WHERE id = ?", "i", id)) {
		reply_error(r, 404, NO_CATEGORY, NULL);
		return 0;
	}
	return id;
}

void categories_new_form(req_t *r)
{
	render_category(r, 200, 0,
			json_pack("{s:s, s:s, s:s, s:s, s:s}", "strand", "corrective", "deadline", "3", "deadline_unit",
				  "days", "active", "1", "position", "0"),
			NULL, NULL);
}

void categories_show(req_t *r)
{
	long long id = category_or_404(r);
	if (!id)
		return;
	json_t *c = category_row(id);
	json_t *in = input_of(r, c);
	json_decref(c);
	render_category(r, 200, id, in, NULL, NULL);
}

/* ---- saving a category ---- */

/* Checks that need the database or several fields; adds errors to f.
 * Returns the number of errors. Inside the transaction. */
static int check_category(req_t *r, form_t *f, long long id, long long *hours)
{
	int n = 0;
	const char *code = form_text(f, "code");
	if (code && !code_ok(code, "_-")) {
		form_set_error(f, "code", CODE_MESSAGE);
		n++;
	} else if (code && db_int(0, "SELECT 1 FROM report_category WHERE code = ? AND id <> ?", "ti", code, id)) {
		form_set_error(f, "code", "Ce code est déjà celui d'une autre catégorie.");
		n++;
	} else if (code && id) {
		long long used = db_int(0, "SELECT count(*) FROM report WHERE category_id = ?", "i", id);
		json_t *old = db_row("SELECT code FROM report_category WHERE id = ?", "i", id);
		if (used && old && strcmp(GET_S(old, "code"), code) != 0) {
			form_set_error(f, "code",
				       arena_printf(r->arena,
						    "Des signalements utilisent déjà ce code (%lld) : il "
						    "ne peut plus changer.",
						    used));
			n++;
		}
		json_decref(old);
	}
	long long org = form_int(f, "default_org_id");
	if (org && !db_int(0, "SELECT 1 FROM organization WHERE id = ?", "i", org)) {
		form_set_error(f, "default_org_id", "Cette organisation n'existe pas.");
		n++;
	}
	const char *unit = form_text(f, "deadline_unit");
	long long d = form_int(f, "deadline");
	*hours = unit && strcmp(unit, "days") == 0 ? d * 24 : d;
	if (d && unit && *hours > 8760) {
		form_set_error(f, "deadline", "Le délai ne peut pas dépasser un an (365 jours ou 8 760 heures).");
		n++;
	}
	return n;
}

typedef enum { SAVE_OK, SAVE_INVALID, SAVE_ERROR } save_t;

/* Writes the category (insert when *id is 0) with its audit entry. */
static save_t category_write(req_t *r, long long *id, form_t *f, long long hours)
{
	char now[21];
	db_now(now);
	const char *desc = form_text(f, "description"), *kw = form_text(f, "keywords");
	long long active = form_int(f, "active"), pos = form_int(f, "position");
	int creating = *id == 0;
	int rc =
	    creating
		? db_exec("INSERT INTO report_category (code, strand, name, description, keywords, default_org_id, "
			  "deadline_hours, active, position, created_at, updated_at) VALUES (?, ?, ?, COALESCE(?, ''), "
			  "COALESCE(?, ''), NULLIF(?, 0), ?, ?, ?, ?, ?)",
			  "tttttiiiitt", form_text(f, "code"), form_text(f, "strand"), form_text(f, "name"), desc, kw,
			  form_int(f, "default_org_id"), hours, active, pos, now, now)
		: db_exec("UPDATE report_category SET code = ?, strand = ?, name = ?, description = COALESCE(?, ''), "
			  "keywords = COALESCE(?, ''), default_org_id = NULLIF(?, 0), deadline_hours = ?, active = ?, "
			  "position = ?, updated_at = ? WHERE id = ?",
			  "tttttiiiiti", form_text(f, "code"), form_text(f, "strand"), form_text(f, "name"), desc, kw,
			  form_int(f, "default_org_id"), hours, active, pos, now, *id);
	if (rc != 0)
		return SAVE_ERROR;
	if (creating)
		*id = db_last_id();
	if (audit_record(r, creating ? "category.create" : "category.update", "report_category", *id,
			 "« %s » (%s, %s, délai %lld h, %s)", form_text(f, "code"), form_text(f, "strand"),
			 form_text(f, "name"), hours, active ? "active" : "inactive") != 0)
		return SAVE_ERROR;
	return SAVE_OK;
}

/* Validates r->form and saves the category in one transaction. */
static save_t category_save(req_t *r, long long *id, form_t *f)
{
	if (form_validate(r->arena, category_fields, NELEM(category_fields), &r->form, f))
		return SAVE_INVALID;
	if (db_begin() != 0)
		return SAVE_ERROR;
	long long hours = 0;
	save_t st = check_category(r, f, *id, &hours) ? SAVE_INVALID : category_write(r, id, f, hours);
	if (st == SAVE_OK && db_commit() == 0)
		return SAVE_OK;
	db_rollback();
	return st == SAVE_OK ? SAVE_ERROR : st;
}

/* A category as JSON clients get it after a write. New reference. */
static json_t *category_json(long long id)
{
	json_t *c = category_row(id);
	json_t *q =
	    db_rows("SELECT id, code, datatype, label, required, choices, position FROM report_category_attribute "
		    "WHERE category_id = ? ORDER BY position, id",
		    "i", id);
	json_t *rt =
	    db_rows("SELECT sector_id, org_id FROM report_routing WHERE category_id = ? ORDER BY sector_id", "i", id);
	json_object_set_new(c, "questions", q);
	json_object_set_new(c, "routing", rt);
	return c;
}

/* Answers a change to category id that went through: its JSON with
 * `status`, or for a browser the flash message and a redirect to its page. */
static void category_done(req_t *r, long long id, int status, const char *flash)
{
	if (r->want_json) {
		reply_json(r, status, category_json(id));
		return;
	}
	flash_set(r, flash);
	redirect(r, arena_printf(r->arena, "/admin/categories/%lld", id));
}

/* Answers a refused or failed save of the category form. Steals f's objects. */
static void category_failed(req_t *r, save_t st, long long id, form_t *f)
{
	if (st == SAVE_INVALID && !r->want_json) {
		render_category(r, 422, id, f->input, f->errors, NULL);
		return;
	}
	json_decref(f->input);
	if (st == SAVE_INVALID) {
		reply_error(r, 422, NULL, f->errors);
		return;
	}
	json_decref(f->errors);
	reply_error(r, 500, SAVE_FAILED, NULL);
}

void categories_create(req_t *r)
{
	long long id = 0;
	form_t f;
	save_t st = category_save(r, &id, &f);
	if (st != SAVE_OK) {
		category_failed(r, st, 0, &f);
		return;
	}
	json_decref(f.input);
	json_decref(f.errors);
	if (r->want_json)
		reply_header(r, "Location", arena_printf(r->arena, "/admin/categories/%lld", id));
	category_done(r, id, 201, "Catégorie créée.");
}

void categories_update(req_t *r)
{
	long long id = category_or_404(r);
	if (!id)
		return;
	form_t f;
	save_t st = category_save(r, &id, &f);
	if (st != SAVE_OK) {
		category_failed(r, st, id, &f);
		return;
	}
	json_decref(f.input);
	json_decref(f.errors);
	category_done(r, id, 200, "Catégorie enregistrée.");
}

/* Re-renders the category page after a refused POST on one of its parts. */
static void render_refused(req_t *r, long long id, page_extra_t *x)
{
	json_t *c = category_row(id);
	json_t *in = input_of(r, c);
	json_decref(c);
	render_category(r, 422, id, in, NULL, x);
}

void categories_delete(req_t *r)
{
	long long id = category_or_404(r);
	if (!id)
		return;
	if (!form_confirmed(r, "confirm")) {
		json_t *errors = json_pack("{s:s}", "confirm", CONFIRM_MESSAGE);
		if (r->want_json) {
			reply_error(r, 422, NULL, errors);
			return;
		}
		page_extra_t x = {.delete_errors = errors};
		render_refused(r, id, &x);
		return;
	}
	if (db_begin() != 0) {
		reply_error(r, 500, SAVE_FAILED, NULL);
		return;
	}
	json_t *c = db_row("SELECT code FROM report_category WHERE id = ?", "i", id);
	long long used = db_int(0, "SELECT count(*) FROM report WHERE category_id = ?", "i", id);
	char now[21];
	db_now(now);
	int rc = used ? db_exec("UPDATE report_category SET active = 0, updated_at = ? WHERE id = ?", "ti", now, id)
		      : db_exec("DELETE FROM report_category WHERE id = ?", "i", id);
	if (rc == 0)
		rc = used ? audit_record(r, "category.update", "report_category", id,
					 "« %s » désactivée au lieu d'être supprimée (%lld signalements)",
					 GET_S(c, "code"), used)
			  : audit_record(r, "category.delete", "report_category", id, "« %s » supprimée",
					 GET_S(c, "code"));
	json_decref(c);
	if (rc != 0 || db_commit() != 0) {
		db_rollback();
		reply_error(r, 500, SAVE_FAILED, NULL);
		return;
	}
	if (r->want_json) {
		reply_json(
		    r, 200,
		    json_pack("{s:s, s:I}", "result", used ? "deactivated" : "deleted", "reports", (json_int_t)used));
		return;
	}
	if (used) {
		flash_set(r, arena_printf(r->arena,
					  "Cette catégorie est utilisée par %lld signalement%s : elle a été "
					  "désactivée au lieu d'être supprimée.",
					  used, used > 1 ? "s" : ""));
		redirect(r, arena_printf(r->arena, "/admin/categories/%lld", id));
		return;
	}
	flash_set(r, "Catégorie supprimée.");
	redirect(r, "/admin/categories");
}

/* ---- routing by sector ---- */

/* Reads the sector_<id> fields sent: checks them into errors (field ->
 * message) and, when write is set, writes them. Returns the number of
 * sectors that change (or would), or -1 on a database error. */
static int routing_apply(req_t *r, long long id, json_t *errors, int write)
{
	json_t *sectors =
	    db_rows("SELECT s.id, COALESCE(x.org_id, 0) AS org_id FROM sector s LEFT JOIN report_routing x "
		    "ON x.sector_id = s.id AND x.category_id = ?",
		    "i", id);
	int changed = 0;
	size_t i;
	json_t *s;
	json_array_foreach(sectors, i, s)
	{
		long long sid = GET_I(s, "id");
		const char *field = arena_printf(r->arena, "sector_%lld", sid);
		const char *v = kv_get(&r->form, field);
		if (!v)
			continue;
		char *end = NULL;
		long long org = *v ? strtoll(v, &end, 10) : 0;
		if (*v && (*end || org <= 0 || !db_int(0, "SELECT 1 FROM organization WHERE id = ?", "i", org))) {
			json_object_set_new(errors, field, json_string("Choisissez une organisation de la liste."));
			continue;
		}
		if (org == GET_I(s, "org_id"))
			continue;
		if (!write) {
			changed++;
			continue;
		}
		int rc =
		    org ? db_exec("INSERT INTO report_routing (category_id, sector_id, org_id) VALUES (?, ?, ?) "
				  "ON CONFLICT(category_id, sector_id) DO UPDATE SET org_id = excluded.org_id",
				  "iii", id, sid, org)
			: db_exec("DELETE FROM report_routing WHERE category_id = ? AND sector_id = ?", "ii", id, sid);
		if (rc != 0) {
			changed = -1;
			break;
		}
		changed++;
	}
	json_decref(sectors);
	return changed;
}

void categories_routing_update(req_t *r)
{
	long long id = category_or_404(r);
	if (!id)
		return;
	json_t *errors = json_object();
	int to_change = routing_apply(r, id, errors, 0);
	if (json_object_size(errors)) {
		if (r->want_json) {
			reply_error(r, 422, NULL, errors);
			return;
		}
		page_extra_t x = {.routing_errors = errors};
		render_refused(r, id, &x);
		return;
	}
	json_decref(errors);
	if (to_change == 0) { /* nothing to write, nothing to audit */
		category_done(r, id, 200, "Aiguillage inchangé.");
		return;
	}
	if (db_begin() != 0) {
		reply_error(r, 500, SAVE_FAILED, NULL);
		return;
	}
	json_t *scratch = json_object();
	int changed = routing_apply(r, id, scratch, 1);
	json_decref(scratch);
	json_t *c = db_row("SELECT code FROM report_category WHERE id = ?", "i", id);
	int rc = changed < 0 ? -1
			     : audit_record(r, "routing.update", "report_category", id,
					    "aiguillage de « %s » : %d secteur%s modifié%s", GET_S(c, "code"), changed,
					    changed > 1 ? "s" : "", changed > 1 ? "s" : "");
	json_decref(c);
	if (rc != 0 || db_commit() != 0) {
		db_rollback();
		reply_error(r, 500, SAVE_FAILED, NULL);
		return;
	}
	category_done(r, id, 200, "Aiguillage enregistré.");
}

/* ---- extra questions ---- */

/* Normalises "key|name" lines (trimmed, empty lines dropped) into *out
 * (arena string). Returns NULL, or a French message naming the line. */
static const char *choices_check(req_t *r, const char *text, const char **out)
{
	char *norm = arena_strdup(r->arena, "");
	json_t *keys = json_object();
	const char *msg = NULL;
	int line = 0, count = 0;
	while (text && *text && !msg) {
		line++;
		const char *end = strchr(text, '\n');
		size_t len = end ? (size_t)(end - text) : strlen(text);
		while (len && (*text == ' ' || *text == '\t')) {
			text++;
			len--;
		}
		while (len && (text[len - 1] == ' ' || text[len - 1] == '\r' || text[len - 1] == '\t'))
			len--;
		if (len) {
			const char *bar = memchr(text, '|', len);
			char *key = bar ? arena_strndup(r->arena, text, (size_t)(bar - text)) : NULL;
			if (!bar || bar == text || bar + 1 == text + len || !code_ok(key, "_-"))
				msg = arena_printf(r->arena,
						   "Ligne %d : écrivez « clé|libellé », la clé en lettres minuscules "
						   "sans accent, chiffres, « _ » ou « - ».",
						   line);
			else if (json_object_get(keys, key))
				msg = arena_printf(r->arena, "Ligne %d : la clé « %s » est déjà utilisée.", line, key);
			else {
				json_object_set_new(keys, key, json_true());
				norm = arena_printf(r->arena, "%s%s%.*s", norm, count ? "\n" : "", (int)len, text);
				count++;
			}
		}
		text = end ? end + 1 : NULL;
	}
	json_decref(keys);
	if (!msg && !count)
		msg = "Indiquez au moins un choix, une ligne « clé|libellé » par choix.";
	*out = norm;
	return msg;
}

/* Checks the question form beyond the fields; adds errors. *choices gets
 * the normalised choices ("" for types without). Returns the error count. */
static int check_question(req_t *r, form_t *f, long long cat, long long qid, const char **choices)
{
	int n = 0;
	const char *code = form_text(f, "code"), *type = form_text(f, "datatype");
	*choices = "";
	if (code && !code_ok(code, "_")) {
		form_set_error(f, "code", QCODE_MESSAGE);
		n++;
	} else if (code &&
		   db_int(0, "SELECT 1 FROM report_category_attribute WHERE category_id = ? AND code = ? AND id <> ?",
			  "iti", cat, code, qid)) {
		form_set_error(f, "code", "Cette catégorie a déjà une question avec ce code.");
		n++;
	} else if (code && qid) {
		json_t *old = db_row("SELECT code FROM report_category_attribute WHERE id = ?", "i", qid);
		if (old && strcmp(GET_S(old, "code"), code) != 0 &&
		    db_int(0,
			   "SELECT 1 FROM report_attribute_value v JOIN report x ON x.id = v.report_id "
			   "WHERE x.category_id = ? AND v.code = ? LIMIT 1",
			   "it", cat, GET_S(old, "code"))) {
			form_set_error(
			    f, "code",
			    "Des signalements ont répondu à cette question : son code ne peut plus changer.");
			n++;
		}
		json_decref(old);
	}
	if (type && strstr(type, "list")) {
		const char *msg = choices_check(r, form_text(f, "choices"), choices);
		if (msg) {
			form_set_error(f, "choices", msg);
			n++;
		}
	}
	return n;
}

/* Validates and writes a question (insert when qid is 0) with its audit
 * entry, in one transaction. */
static save_t question_save(req_t *r, long long cat, long long qid, form_t *f)
{
	if (form_validate(r->arena, question_fields, NELEM(question_fields), &r->form, f))
		return SAVE_INVALID;
	if (db_begin() != 0)
		return SAVE_ERROR;
	const char *choices;
	save_t st = check_question(r, f, cat, qid, &choices) ? SAVE_INVALID : SAVE_OK;
	if (st == SAVE_OK) {
		int rc =
		    qid ? db_exec(
			      "UPDATE report_category_attribute SET code = ?, datatype = ?, label = ?, required = ?, "
			      "choices = ?, position = ? WHERE id = ? AND category_id = ?",
			      "tttitiii", form_text(f, "code"), form_text(f, "datatype"), form_text(f, "label"),
			      form_int(f, "required"), choices, form_int(f, "position"), qid, cat)
			: db_exec(
			      "INSERT INTO report_category_attribute (category_id, code, datatype, label, required, "
			      "choices, position) VALUES (?, ?, ?, ?, ?, ?, ?)",
			      "itttiti", cat, form_text(f, "code"), form_text(f, "datatype"), form_text(f, "label"),
			      form_int(f, "required"), choices, form_int(f, "position"));
		if (rc != 0 ||
		    audit_record(r, "category.update", "report_category", cat, "question « %s » %s (%s%s)",
				 form_text(f, "code"), qid ? "modifiée" : "ajoutée", form_text(f, "datatype"),
				 form_int(f, "required") ? ", obligatoire" : "") != 0)
			st = SAVE_ERROR;
	}
	if (st == SAVE_OK && db_commit() == 0)
		return SAVE_OK;
	db_rollback();
	return st == SAVE_OK ? SAVE_ERROR : st;
}

/* Answers a question POST (create when qid is 0). */
static void question_submit(req_t *r, long long cat, long long qid)
{
	form_t f;
	save_t st = question_save(r, cat, qid, &f);
	if (st == SAVE_INVALID && !r->want_json) {
		page_extra_t x = {.question_id = qid, .q_input = f.input, .q_errors = f.errors};
		render_refused(r, cat, &x);
		return;
	}
	json_decref(f.input);
	if (st != SAVE_OK) {
		if (st == SAVE_INVALID)
			reply_error(r, 422, NULL, f.errors);
		else {
			json_decref(f.errors);
			reply_error(r, 500, SAVE_FAILED, NULL);
		}
		return;
	}
	json_decref(f.errors);
	category_done(r, cat, qid ? 200 : 201, qid ? "Question enregistrée." : "Question ajoutée.");
}

void categories_question_create(req_t *r)
{
	long long cat = category_or_404(r);
	if (cat)
		question_submit(r, cat, 0);
}

/* The question id of the path within the category, or 0 (404 sent). */
static long long question_or_404(req_t *r, long long cat)
{
	long long qid = param_id(r, "attribute_id");
	if (!qid ||
	    !db_int(0, "SELECT 1 FROM report_category_attribute WHERE id = ? AND category_id = ?", "ii", qid, cat)) {
		reply_error(r, 404, "Cette question n'existe pas.", NULL);
		return 0;
	}
	return qid;
}

void categories_question_update(req_t *r)
{
	long long cat = category_or_404(r);
	long long qid = cat ? question_or_404(r, cat) : 0;
	if (qid)
		question_submit(r, cat, qid);
}

void categories_question_delete(req_t *r)
{
	long long cat = category_or_404(r);
	long long qid = cat ? question_or_404(r, cat) : 0;
	if (!qid)
		return;
	if (!form_confirmed(r, "confirm")) {
		json_t *errors = json_pack("{s:s}", "confirm", CONFIRM_MESSAGE);
		if (r->want_json) {
			reply_error(r, 422, NULL, errors);
			return;
		}
		page_extra_t x = {.question_id = qid,
				  .q_input = db_row("SELECT * FROM report_category_attribute WHERE id = ?", "i", qid),
				  .q_errors = errors};
		render_refused(r, cat, &x);
		return;
	}
	json_t *q = db_row("SELECT code FROM report_category_attribute WHERE id = ?", "i", qid);
	int ok = db_begin() == 0;
	ok = ok && db_exec("DELETE FROM report_category_attribute WHERE id = ?", "i", qid) == 0;
	ok = ok && audit_record(r, "category.update", "report_category", cat, "question « %s » supprimée",
				GET_S(q, "code")) == 0;
	json_decref(q);
	if (!ok || db_commit() != 0) {
		db_rollback();
		reply_error(r, 500, SAVE_FAILED, NULL);
		return;
	}
	category_done(r, cat, 200, "Question supprimée.");
}
