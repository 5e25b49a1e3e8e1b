/* interactions.c — see interactions.h. */
#include "modules/interactions.h"

#include <string.h>

#include "core/audit.h"
#include "core/validate.h"
#include "db/db.h"
#include "modules/contacts.h"
#include "modules/directory_search.h"
#include "view/helpers.h"

dir_status_t interaction_create(req_t *r, long long organization_id, long long contact_id, const char *date,
				const char *kind, const char *note, long long *id)
{
	int own = !db_in_transaction();
	if (own && db_begin() != 0)
		return DIR_DB_ERROR;
	char now[21];
	db_now(now);
	dir_status_t st = DIR_OK;
	if (db_exec(
		"INSERT INTO interaction (organization_id, contact_id, happened_on, kind, note, author_id, created_at) "
		"VALUES (NULLIF(?, 0), NULLIF(?, 0), ?, ?, ?, NULLIF(?, 0), ?)",
		"iitttit", organization_id, contact_id, date, kind, note ? note : "", r && r->user ? r->user->id : 0LL,
		now) != 0)
		st = DIR_DB_ERROR;
	if (st == DIR_OK) {
		*id = db_last_id();
		/* No personal data in the summary: ids and the kind only. */
		if (audit_record(r, "interaction.create", organization_id ? "organization" : "contact",
				 organization_id ? organization_id : contact_id, "échange n° %lld (%s) du %s%s", *id,
				 interaction_kind_label(kind), date, contact_id ? ", avec un contact" : "") != 0)
			st = DIR_DB_ERROR;
	}
	if (own) {
		if (st == DIR_OK && db_commit() != 0)
			st = DIR_DB_ERROR;
		if (st != DIR_OK)
			db_rollback();
	}
	return st;
}

json_t *interactions_rows(req_t *r, int contact, long long id)
{
	json_t *rows =
	    contact ? db_rows("SELECT i.id, i.happened_on, i.kind, i.note, a.name AS author_name, i.organization_id, "
			      "o.name AS organization_name, i.contact_id, NULL AS contact_name FROM interaction i "
			      "LEFT JOIN account a ON a.id = i.author_id "
			      "LEFT JOIN organization o ON o.id = i.organization_id WHERE i.contact_id = ? "
			      "ORDER BY i.happened_on DESC, i.id DESC LIMIT 200",
			      "i", id)
		    : db_rows("SELECT i.id, i.happened_on, i.kind, i.note, a.name AS author_name, i.organization_id, "
			      "NULL AS organization_name, i.contact_id, "
			      "trim(c.first_name || ' ' || c.last_name) AS contact_name FROM interaction i "
			      "LEFT JOIN account a ON a.id = i.author_id "
			      "LEFT JOIN contact c ON c.id = i.contact_id WHERE i.organization_id = ? "
			      "ORDER BY i.happened_on DESC, i.id DESC LIMIT 200",
			      "i", id);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_object_set_new(
		    row, "kind_label",
		    json_string(interaction_kind_label(json_string_value(json_object_get(row, "kind")))));
		json_object_set_new(
		    row, "happened_on_fr",
		    json_string(directory_date_fr(r->arena, json_string_value(json_object_get(row, "happened_on")))));
	}
	return rows;
}

static const field_spec_t interaction_fields[] = {
    {"happened_on", "Date", FIELD_DATE, 1, 0, 0, NULL},
    {"kind", "Type d'échange", FIELD_ENUM, 1, 0, 0, interaction_kind_values},
    {"note", "Note", FIELD_TEXTAREA, 0, 0, 5000, NULL},
    {"contact_id", "Contact", FIELD_INT, 0, 1, 1LL << 60, NULL},
    {"organization_id", "Organisation", FIELD_INT, 0, 1, 1LL << 60, NULL},
};

/* Logs an interaction for the page's {id} (an organisation, or a contact). */
static void log_for(req_t *r, int contact)
{
	long long id = param_id(r, "id");
	if (!id || !(contact ? db_int(0, "SELECT 1 FROM contact WHERE id = ?", "i", id)
			     : db_int(0, "SELECT 1 FROM organization WHERE id = ?", "i", id))) {
		reply_error(r, 404, contact ? "Ce contact n'existe pas." : "Cette organisation n'existe pas.", NULL);
		return;
	}
	form_t f;
	int errors = form_validate(r->arena, interaction_fields, 5, &r->form, &f);
	char today[11];
	directory_today(today);
	const char *date = form_text(&f, "happened_on");
	if (date && strcmp(date, today) > 0) {
		form_set_error(&f, "happened_on", "La date d'un échange ne peut pas être dans le futur.");
		errors++;
	}
	long long org = contact ? form_int(&f, "organization_id") : id;
	long long person = contact ? id : form_int(&f, "contact_id");
	if (!contact && person &&
	    !db_int(0, "SELECT 1 FROM membership WHERE contact_id = ? AND organization_id = ?", "ii", person, id)) {
		form_set_error(&f, "contact_id", "Ce contact n'appartient pas à cette organisation.");
		errors++;
	}
	if (contact && org &&
	    !db_int(0, "SELECT 1 FROM membership WHERE contact_id = ? AND organization_id = ?", "ii", id, org)) {
		form_set_error(&f, "organization_id", "Ce contact n'appartient pas à cette organisation.");
		errors++;
	}
	long long new_id = 0;
	if (!errors) {
		dir_status_t st =
		    interaction_create(r, org, person, date, form_text(&f, "kind"), form_text(&f, "note"), &new_id);
		if (st != DIR_OK) {
			json_decref(f.errors);
			json_decref(f.input);
			reply_error(r, 500, dir_status_message(st), NULL);
			return;
		}
	}
	if (errors) {
		if (r->want_json) {
			json_decref(f.input);
			reply_error(r, 422, NULL, f.errors);
		} else if (contact) {
			contacts_render_show(r, 422, id, f.errors, f.input);
		} else {
			organizations_render_show(r, 422, id, f.errors, f.input);
		}
		return;
	}
	json_decref(f.errors);
	json_decref(f.input);
	if (r->want_json) {
		reply_json(r, 201, json_pack("{s:I}", "id", (json_int_t)new_id));
		return;
	}
	flash_set(r, "Échange enregistré.");
	redirect(r, arena_printf(r->arena, contact ? "/contacts/%lld" : "/partenaires/%lld", id));
}

void organizations_log_interaction(req_t *r)
{
	log_for(r, 0);
}

void contacts_log_interaction(req_t *r)
{
	log_for(r, 1);
}
