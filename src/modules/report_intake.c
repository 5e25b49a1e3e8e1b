/* report_intake.c — see report_intake.h. */
#include "modules/report_intake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "http/api.h"
#include "modules/uploads.h"
#include "view/helpers.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const field_spec_t report_intake_fields[] = {
	{"category", "Catégorie", FIELD_TEXT, 1, 1, 40, NULL},
	{"description", "Description du problème", FIELD_TEXTAREA, 1, 10, 5000, NULL},
	{"coords", "Position sur la carte (latitude, longitude)", FIELD_COORDS, 0, 0, 0, NULL},
	{"address", "Adresse ou repère", FIELD_TEXT, 0, 0, 300, NULL},
	{"sector_id", "Secteur", FIELD_INT, 0, 1, 1LL << 60, NULL},
	{"email", "Courriel", FIELD_EMAIL, 0, 0, 0, NULL},
	{"name", "Nom", FIELD_TEXT, 0, 0, 100, NULL},
	{"notify", "Me tenir informé par courriel", FIELD_BOOL, 0, 0, 0, NULL},
};
const size_t report_intake_fields_count = NELEM(report_intake_fields);

json_t *report_categories_by_strand(const char *selected_code)
{
	json_t *groups = json_array();
	for (const char *const *s = report_strands; *s; s++) {
		json_t *cats = db_rows("SELECT id, code, name, description FROM report_category "
				       "WHERE active = 1 AND strand = ? ORDER BY position, name",
				       "t", *s);
		size_t i;
		json_t *c;
		json_array_foreach(cats, i, c)
		{
			const char *code = json_string_value(json_object_get(c, "code"));
			json_object_set_new(c, "selected", json_boolean(selected_code && strcmp(code, selected_code) == 0));
		}
		if (json_array_size(cats) == 0) {
			json_decref(cats);
			continue;
		}
		json_array_append_new(groups, json_pack("{s:s, s:s, s:o}", "strand", *s, "strand_label",
							report_strand_label(*s), "categories", cats));
	}
	return groups;
}

/* "key|name" lines as [{key, name}]. */
static json_t *parse_choices(const char *text)
{
	json_t *out = json_array();
	while (text && *text) {
		const char *end = strchr(text, '\n');
		size_t len = end ? (size_t)(end - text) : strlen(text);
		const char *bar = memchr(text, '|', len);
		if (bar && bar > text) {
			json_t *o = json_object();
			json_object_set_new(o, "key", json_stringn(text, (size_t)(bar - text)));
			size_t nlen = len - (size_t)(bar + 1 - text);
			while (nlen && (bar[nlen] == '\r'))
				nlen--;
			json_object_set_new(o, "name", json_stringn(bar + 1, nlen));
			json_array_append_new(out, o);
		}
		text = end ? end + 1 : NULL;
	}
	return out;
}

static int choice_exists(json_t *choices, const char *key)
{
	size_t i;
	json_t *c;
	json_array_foreach(choices, i, c)
	{
		if (strcmp(json_string_value(json_object_get(c, "key")), key) == 0)
			return 1;
	}
	return 0;
}

json_t *report_attributes_of(req_t *r, long long category_id, const char *prefix, const char *suffix)
{
	json_t *rows = db_rows("SELECT code, datatype, label, required, choices FROM report_category_attribute "
			       "WHERE category_id = ? ORDER BY position, id",
			       "i", category_id);
	size_t i;
	json_t *a;
	json_array_foreach(rows, i, a)
	{
		const char *code = json_string_value(json_object_get(a, "code"));
		const char *name = arena_printf(r->arena, "%s%s%s", prefix, code, suffix);
		json_t *choices = parse_choices(json_string_value(json_object_get(a, "choices")));
		const char *value = kv_get(&r->form, name);
		/* mark the chosen entries, for lists shown again */
		size_t k;
		json_t *c;
		json_array_foreach(choices, k, c)
		{
			const char *key = json_string_value(json_object_get(c, "key"));
			int chosen = 0;
			for (const kv_t *kv = r->form.head; kv; kv = kv->next)
				if (strcmp(kv->name, name) == 0 && strcmp(kv->value, key) == 0)
					chosen = 1;
			json_object_set_new(c, "selected", json_boolean(chosen));
		}
		json_object_set_new(a, "choices", choices);
		json_object_set_new(a, "name", json_string(name));
		json_object_set_new(a, "value", json_string(value ? value : ""));
		json_object_set_new(a, "required", json_boolean(json_integer_value(json_object_get(a, "required"))));
		const char *dt = json_string_value(json_object_get(a, "datatype"));
		json_object_set_new(a, "is_list", json_boolean(strstr(dt, "list") != NULL));
		json_object_set_new(a, "is_multi", json_boolean(strcmp(dt, "multivaluelist") == 0));
		json_object_set_new(a, "is_text", json_boolean(strcmp(dt, "text") == 0));
	}
	return rows;
}

/* 1 if s is an integer or a decimal number ("12", "-3.5", "2,5"). */
static int is_number(const char *s)
{
	int digits = 0, sep = 0;
	if (*s == '-' || *s == '+')
		s++;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if ((*s == '.' || *s == ',') && !sep)
			sep = 1;
		else
			return 0;
	}
	return digits > 0;
}

/* 1 if s is an ISO 8601 date or date-time (YYYY-MM-DD[THH:MM[:SS][Z|±HH:MM]]). */
static int is_datetime(const char *s)
{
	static const char pat[] = "dddd-dd-dd";
	size_t n = strlen(s);
	if (n < 10)
		return 0;
	for (size_t i = 0; i < 10; i++)
		if (pat[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != pat[i])
			return 0;
	if (n == 10)
		return 1;
	if (s[10] != 'T' && s[10] != ' ')
		return 0;
	for (size_t i = 11; i < n; i++)
		if (!strchr("0123456789:+-.Z", s[i]))
			return 0;
	return n >= 16;
}

int report_attributes_read(req_t *r, long long category_id, const char *prefix, const char *suffix, json_t **answers, json_t *errors)
{
	*answers = json_object();
	json_t *attrs = report_attributes_of(r, category_id, prefix, suffix);
	int n_errors = 0;
	size_t i;
	json_t *a;
	json_array_foreach(attrs, i, a)
	{
		const char *code = json_string_value(json_object_get(a, "code"));
		const char *name = json_string_value(json_object_get(a, "name"));
		const char *label = json_string_value(json_object_get(a, "label"));
		const char *dt = json_string_value(json_object_get(a, "datatype"));
		const char *multi_name = arena_printf(r->arena, "%s[]", name);
		json_t *choices = json_object_get(a, "choices");
		buf_t value;
		buf_init(&value, r->arena, 64);
		const char *bad = NULL;
		int count = 0;
		for (const kv_t *kv = r->form.head; kv && !bad; kv = kv->next) {
			if (strcmp(kv->name, name) != 0 && strcmp(kv->name, multi_name) != 0)
				continue;
			const char *v = kv->value;
			while (*v == ' ')
				v++;
			if (!*v)
				continue;
			if (count && strcmp(dt, "multivaluelist") != 0)
				continue; /* one value: the first one counts */
			if (strstr(dt, "list") && !choice_exists(choices, v))
				bad = "Choisissez une des réponses proposées.";
			else if (strcmp(dt, "number") == 0 && !is_number(v))
				bad = "Indiquez un nombre.";
			else if (strcmp(dt, "datetime") == 0 && !is_datetime(v))
				bad = "Indiquez une date (AAAA-MM-JJ, avec l'heure si besoin).";
			else if (utf8_valid(v, strlen(v)) && strlen(v) > (strcmp(dt, "text") == 0 ? 5000u : 500u))
				bad = "Cette réponse est trop longue.";
			if (count)
				buf_putc(&value, ',');
			buf_puts(&value, v);
			count++;
		}
		if (!bad && !count && json_is_true(json_object_get(a, "required")))
			bad = arena_printf(r->arena, "Répondez à la question « %s ».", label);
		if (bad) {
			json_object_set_new(errors, name, json_string(bad));
			n_errors++;
		} else if (count) {
			json_object_set_new(*answers, code, json_string(value.data));
		}
	}
	json_decref(attrs);
	return n_errors;
}

int report_attributes_save(long long report_id, json_t *answers)
{
	const char *code;
	json_t *v;
	json_object_foreach(answers, code, v)
	{
		if (db_exec("INSERT INTO report_attribute_value (report_id, code, value) VALUES (?, ?, ?)", "itt", report_id,
			    code, json_string_value(v)) != 0)
			return -1;
	}
	return 0;
}

int report_intake_submit(req_t *r, const char *source, long long walk_id, report_created_t *out, json_t **errors)
{
	form_t f;
	form_validate(r->arena, report_intake_fields, report_intake_fields_count, &r->form, &f);
	json_decref(f.input);
	*errors = f.errors;
	const char *code = form_text(&f, "category");
	long long category = code ? db_int(0, "SELECT id FROM report_category WHERE code = ? AND active = 1", "t", code)
				  : 0;
	if (code && !category)
		form_set_error(&f, "category", "Choisissez une catégorie de la liste.");
	const field_value_t *coords = form_value(&f, "coords");
	const char *address = form_text(&f, "address");
	if (!json_object_get(*errors, "coords") && !json_object_get(*errors, "address") &&
	    !(coords && coords->present) && !address)
		form_set_error(&f, "address", "Indiquez le lieu : un point sur la carte, ou une adresse ou un repère.");
	long long sector = form_int(&f, "sector_id");
	if (sector && !db_int(0, "SELECT 1 FROM sector WHERE id = ?", "i", sector))
		form_set_error(&f, "sector_id", "Choisissez un secteur de la liste.");
	const char *email = form_text(&f, "email");
	int notify = (int)form_int(&f, "notify");
	if (notify && !email && !json_object_get(*errors, "email"))
		form_set_error(&f, "email", "Indiquez votre courriel pour être tenu informé.");
	json_t *answers = NULL;
	if (category)
		report_attributes_read(r, category, "attr_", "", &answers, *errors);
	if (json_object_size(*errors) > 0) {
		json_decref(answers);
		return 1;
	}
	report_input_t in = {
		.category_id = category,
		.sector_id = sector,
		.has_point = coords && coords->present,
		.lat = coords ? coords->lat : 0,
		.lon = coords ? coords->lon : 0,
		.address = address,
		.description = form_text(&f, "description"),
		.reporter_email = email,
		.reporter_name = form_text(&f, "name"),
		.notify = notify,
		.walk_id = walk_id,
		.source = source,
		.with_follow_token = strcmp(source, "web") == 0 || (email != NULL),
	};
	if (db_begin() != 0) {
		json_decref(answers);
		json_decref(*errors);
		*errors = NULL;
		return -1;
	}
	const char *photo_message = NULL;
	int rc = report_create(r, &in, out) == 0 && report_attributes_save(out->id, answers) == 0 ? 0 : -1;
	if (rc == 0)
		rc = uploads_attach_photos(r, out->id, &photo_message);
	json_decref(answers);
	if (rc == 0 && db_commit() == 0) {
		json_decref(*errors);
		*errors = NULL;
		return 0;
	}
	db_rollback();
	if (rc == 1) {
		json_object_set_new(*errors, "photo",
				    json_string(photo_message ? photo_message : "Cette photo ne peut pas être acceptée."));
		return 1;
	}
	json_decref(*errors);
	*errors = NULL;
	return -1;
}

/* ---- JSON API ---- */

/* Removes the reporter's e-mail and name from o (a report_load) unless u is
 * staff: only staff see who reported, as on the report's page. */
static void strip_reporter(const account_t *u, json_t *o)
{
	if (report_scope_org(u) != 0) {
		json_object_del(o, "reporter_email");
		json_object_del(o, "reporter_name");
	}
}

void reports_api_create(req_t *r)
{
	r->want_json = 1;
	report_created_t c;
	json_t *errors = NULL;
	const char *source = r->user && (r->user->role_bit & (ROLE_STAFF | ROLE_ADMIN | ROLE_PARTNER)) ? "staff" : "web";
	int rc = report_intake_submit(r, source, 0, &c, &errors);
	if (rc == 1) {
		reply_error(r, 422, "Le signalement n'a pas été enregistré : corrigez les champs indiqués.", errors);
		return;
	}
	if (rc != 0) {
		reply_error(r, 500, NULL, NULL);
		return;
	}
	json_t *o = report_load(r, c.id);
	strip_reporter(r->user, o);
	if (c.follow_token)
		json_object_set_new(o, "follow_url", json_string(arena_printf(r->arena, "/suivi/%s", c.follow_token)));
	api_created(r, o, arena_printf(r->arena, "/api/v1/reports/%s", c.ref));
}

void reports_api_get(req_t *r)
{
	r->want_json = 1;
	long long id = report_id_by_ref(req_param(r, "ref"));
	if (!id) {
		reply_error(r, 404, "Ce signalement n'existe pas.", NULL);
		return;
	}
	long long org = db_int(0, "SELECT COALESCE(handler_org_id, 0) FROM report WHERE id = ?", "i", id);
	if (report_visible_to(r->user, org)) {
		json_t *o = report_load(r, id);
		strip_reporter(r->user, o);
		json_object_set_new(o, "events", report_events(r, id, 1));
		reply_json(r, 200, o);
		return;
	}
	json_t *o = report_public_json(r, id);
	json_object_set_new(o, "events", report_events(r, id, 0));
	reply_json(r, 200, o);
}
