/* privacy.c — personal data of contacts (RGPD), staff only: what quartier
 * holds about one person (a page and a JSON export), erasing a person, and
 * the contacts to review (no interaction for a configurable number of
 * months).
 *
 * Erasing removes the contact row, its memberships and tags; interactions
 * with an organisation stay (the organisation's counts do not change) but
 * lose the person and their note; interactions with that person only are
 * deleted and counted in the audit entry; audit entries about the person
 * keep their action and date but lose their summary; import batches that
 * still hold the person's details are dropped; full-text indexes (FTS5) are
 * optimised so that no deleted term stays in their shadow tables. */
#include "modules/privacy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/config.h"
#include "db/db.h"
#include "http/session.h"
#include "modules/bodies.h"
#include "view/helpers.h"

#define ERASED_NOTE "[contenu effacé]"
#define ERASED_SUMMARY "[effacé]"
#define REVIEW_PER_PAGE 50

static const char *const basis_labels[][2] = {
	{"consent", "Consentement"},
	{"legitimate_interest", "Intérêt légitime"},
	{"public_task", "Mission de service public"},
	{"contract", "Contrat"},
};

static const char *const interaction_labels[][2] = {
	{"meeting", "Réunion"}, {"call", "Appel"}, {"email", "Courriel"}, {"visit", "Visite"}, {"event", "Événement"},
};

static const char *label_in(const char *const (*table)[2], size_t n, const char *key)
{
	for (size_t i = 0; key && i < n; i++)
		if (strcmp(table[i][0], key) == 0)
			return table[i][1];
	return key ? key : "";
}

/* The contact of the path's {id}, or NULL with a 404 sent. New reference. */
static json_t *contact_or_404(req_t *r, long long *id)
{
	*id = param_id(r, "contact_id");
	json_t *c = *id ? db_row("SELECT id, first_name, last_name, function, email, phone, notes, is_resident, "
				 "consent_basis, consent_at, created_at, updated_at FROM contact WHERE id = ?",
				 "i", *id)
			: NULL;
	if (!c)
		reply_error(r, 404, "Ce contact n'existe pas (ou a été effacé).", NULL);
	return c;
}

/* Everything held about contact id, as one JSON object (new reference). */
static json_t *person_data(json_t *contact, long long id)
{
	json_t *memberships = db_rows("SELECT m.organization_id, o.name AS organization_name, m.position FROM membership m "
				      "JOIN organization o ON o.id = m.organization_id WHERE m.contact_id = ? ORDER BY o.name",
				      "i", id);
	json_t *tags = db_rows("SELECT t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id WHERE ct.contact_id = ? "
			       "ORDER BY t.name",
			       "i", id);
	json_t *interactions = db_rows("SELECT i.id, i.happened_on AS date, i.kind, i.note, a.name AS author, o.name AS "
				       "organization_name FROM interaction i LEFT JOIN account a ON a.id = i.author_id "
				       "LEFT JOIN organization o ON o.id = i.organization_id WHERE i.contact_id = ? "
				       "ORDER BY i.happened_on, i.id",
				       "i", id);
	json_t *audit = db_rows("SELECT at AS date, action, actor, summary FROM audit WHERE (entity = 'contact' AND entity_id = ?1) "
				"OR (entity = 'interaction' AND entity_id IN (SELECT id FROM interaction WHERE contact_id = ?1)) "
				"ORDER BY id",
				"i", id);
	json_t *walks = db_rows("SELECT w.id, w.title, w.starts_at FROM walk_contact wc JOIN walk w ON w.id = wc.walk_id "
				"WHERE wc.contact_id = ? ORDER BY w.starts_at",
				"i", id);
	/* Contributions to the concertation's register left with this address (and consent). */
	json_t *contributions = db_rows("SELECT c.id, c.received_on, p.name AS project_name, c.author_name, c.author_phone, "
					"c.body, c.status, c.answer, c.answer_notified_at FROM contribution c JOIN project p "
					"ON p.id = c.project_id WHERE ?1 <> '' AND c.author_email = ?1 COLLATE NOCASE ORDER BY c.id",
					"t", json_string_value(json_object_get(contact, "email")) ? json_string_value(json_object_get(contact, "email")) : "");
	char now[21];
	db_now(now);
	return json_pack("{s:s, s:O, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "exported_at", now, "contact", contact,
			 "memberships", memberships, "tags", tags, "interactions", interactions, "walks", walks,
			 "contributions", contributions, "audit", audit, "body_memberships", body_memberships_of_contact(id));
}

void privacy_page(req_t *r)
{
	long long id;
	json_t *c = contact_or_404(r, &id);
	if (!c)
		return;
	json_t *data = person_data(c, id);
	json_object_set_new(c, "consent_basis_label",
			    json_string(label_in(basis_labels, 4, json_string_value(json_object_get(c, "consent_basis")))));
	json_t *inter = json_object_get(data, "interactions");
	size_t i;
	json_t *row;
	json_array_foreach(inter, i, row)
	{
		json_object_set_new(row, "kind_label",
				    json_string(label_in(interaction_labels, 5, json_string_value(json_object_get(row, "kind")))));
	}
	json_t *audit = json_object_get(data, "audit");
	json_array_foreach(audit, i, row)
	{
		json_object_set_new(row, "action_label", json_string(audit_action_label(json_string_value(json_object_get(row, "action")))));
	}
	rows_add_time_fr(r, audit, "date");
	rows_add_time_fr(r, json_object_get(data, "walks"), "starts_at");
	const char *first = json_string_value(json_object_get(c, "first_name"));
	const char *name = arena_printf(r->arena, "%s%s%s", first, *first ? " " : "",
					json_string_value(json_object_get(c, "last_name")));
	json_object_set_new(data, "page", json_pack("{s:s}", "title", arena_printf(r->arena, "Données personnelles : %s", name)));
	json_object_set_new(data, "name", json_string(name));
	json_decref(c);
	render(r, 200, "privacy", data);
}

void privacy_export(req_t *r)
{
	long long id;
	json_t *c = contact_or_404(r, &id);
	if (!c)
		return;
	json_t *data = person_data(c, id);
	json_decref(c);
	char *dump = json_dumps(data, JSON_INDENT(2));
	json_decref(data);
	if (!dump) {
		reply_error(r, 500, NULL, NULL);
		return;
	}
	char *body = arena_strdup(r->arena, dump);
	free(dump);
	reply_header(r, "Content-Disposition", arena_printf(r->arena, "attachment; filename=\"contact-%lld.json\"", id));
	reply_raw(r, 200, "application/json; charset=utf-8", body, strlen(body));
}

/* The confirmation page of contact c (stolen), with an error when the box
 * was not ticked. */
static void render_erase_form(req_t *r, int status, long long id, json_t *c, const char *error)
{
	long long kept = db_int(0, "SELECT count(*) FROM interaction WHERE contact_id = ? AND organization_id IS NOT NULL", "i", id);
	long long dropped = db_int(0, "SELECT count(*) FROM interaction WHERE contact_id = ? AND organization_id IS NULL", "i", id);
	const char *first = json_string_value(json_object_get(c, "first_name"));
	const char *name = arena_printf(r->arena, "%s%s%s", first, *first ? " " : "",
					json_string_value(json_object_get(c, "last_name")));
	json_t *view = json_pack("{s:{s:s}, s:O, s:s, s:I, s:I, s:s}", "page", "title",
				 arena_printf(r->arena, "Effacer %s", name), "contact", c, "name", name, "kept",
				 (json_int_t)kept, "dropped", (json_int_t)dropped, "csrf", csrf_token(r));
	json_decref(c);
	if (error)
		json_object_set_new(view, "errors", json_pack("{s:s}", "confirmer", error));
	render(r, status, "privacy_erase", view);
}

void privacy_erase_form(req_t *r)
{
	long long id;
	json_t *c = contact_or_404(r, &id);
	if (c)
		render_erase_form(r, 200, id, c, NULL);
}

/* Runs 'optimize' on every FTS5 table, so that the terms of deleted rows
 * leave their shadow tables. The names come from sqlite_master, never from
 * input. 0 or an SQLite error code. */
static int fts_optimize(void)
{
	json_t *tables = db_rows("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' "
				 "AND lower(sql) LIKE '%using fts5%'",
				 NULL);
	int rc = 0;
	size_t i;
	json_t *t;
	json_array_foreach(tables, i, t)
	{
		char *sql = sqlite3_mprintf("INSERT INTO \"%w\"(\"%w\") VALUES('optimize')", json_string_value(json_object_get(t, "name")),
					    json_string_value(json_object_get(t, "name")));
		if (!sql || sqlite3_exec(db_conn(), sql, NULL, NULL, NULL) != SQLITE_OK)
			rc = SQLITE_ERROR;
		sqlite3_free(sql);
		if (rc)
			break;
	}
	json_decref(tables);
	return rc;
}

/* Drops unconfirmed import files that still hold value (when not empty). */
static int drop_batches_with(const char *value)
{
	if (!value || !*value)
		return 0;
	return db_exec("DELETE FROM import_batch WHERE instr(lower(content), lower(?)) > 0", "t", value);
}

/* The erasure itself, inside the caller's transaction. 0 or an error. */
static int erase_contact(req_t *r, long long id, json_t *c)
{
	long long kept = db_int(0, "SELECT count(*) FROM interaction WHERE contact_id = ? AND organization_id IS NOT NULL", "i", id);
	long long dropped = db_int(0, "SELECT count(*) FROM interaction WHERE contact_id = ? AND organization_id IS NULL", "i", id);
	const char *email = json_string_value(json_object_get(c, "email"));
	const char *phone = json_string_value(json_object_get(c, "phone"));
	const char *last = json_string_value(json_object_get(c, "last_name"));
	if (db_exec("UPDATE audit SET summary = ?1 WHERE (entity = 'contact' AND entity_id = ?2) OR (entity = 'interaction' "
		    "AND entity_id IN (SELECT id FROM interaction WHERE contact_id = ?2))",
		    "ti", ERASED_SUMMARY, id) != 0 ||
	    db_exec("UPDATE interaction SET contact_id = NULL, note = ? WHERE contact_id = ? AND organization_id IS NOT NULL", "ti",
		    ERASED_NOTE, id) != 0 ||
	    db_exec("DELETE FROM interaction WHERE contact_id = ? AND organization_id IS NULL", "i", id) != 0 ||
	    /* memberships and tags first, so that index triggers never see them after the contact */
	    db_exec("DELETE FROM membership WHERE contact_id = ?", "i", id) != 0 ||
	    db_exec("DELETE FROM contact_tag WHERE contact_id = ?", "i", id) != 0 ||
	    db_exec("DELETE FROM contact WHERE id = ?", "i", id) != 0 || drop_batches_with(email) != 0 ||
	    drop_batches_with(phone) != 0 || drop_batches_with(last) != 0)
		return -1;
	/* The same address as author of contributions: they stay, anonymous;
	 * their attachments go (a letter carries its author's name). */
	int contributions = 0;
	if (email && *email) {
		if (db_exec("DELETE FROM contribution_attachment WHERE contribution_id IN (SELECT id FROM contribution "
			    "WHERE author_email = ? COLLATE NOCASE)",
			    "t", email) != 0)
			return -1;
		if (db_exec("UPDATE contribution SET author_name = NULL, author_email = NULL, author_phone = NULL, "
			    "author_consent_at = NULL WHERE author_email = ? COLLATE NOCASE",
			    "t", email) != 0)
			return -1;
		contributions = db_changes();
	}
	if (fts_optimize() != 0)
		return -1;
	return audit_record(r, "contact.erase", "contact", id,
			    "contact effacé ; %lld interaction(s) anonymisée(s), %lld interaction(s) sans organisation supprimée(s)%s",
			    kept, dropped,
			    contributions ? arena_printf(r->arena, " ; %d contribution(s) rendue(s) anonyme(s)", contributions) : "");
}

void privacy_erase(req_t *r)
{
	long long id;
	json_t *c = contact_or_404(r, &id);
	if (!c)
		return;
	if (!form_confirmed(r, "confirmer")) {
		if (r->want_json) {
			json_decref(c);
			reply_error(r, 422, NULL, json_pack("{s:s}", "confirmer", "Cochez la case pour confirmer l'effacement."));
			return;
		}
		render_erase_form(r, 422, id, c, "Cochez la case pour confirmer l'effacement.");
		return;
	}
	/* Freed pages are overwritten with zeros, so that the erased text does
	 * not linger in the database file either (the setting stays on for this
	 * thread's connection: it only makes deletions a little slower). */
	db_exec("PRAGMA secure_delete = ON", NULL);
	int rc = db_begin();
	if (rc == 0 && erase_contact(r, id, c) == 0 && db_commit() == 0)
		rc = 0;
	else {
		db_rollback();
		rc = -1;
	}
	json_decref(c);
	if (rc != 0) {
		reply_error(r, 500, "L'effacement a échoué ; rien n'a été modifié.", NULL);
		return;
	}
	if (r->want_json) {
		reply_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "erased", 1));
		return;
	}
	flash_set(r, "La personne a été effacée. Ses échanges avec les organisations restent comptés, sans son nom ni leur contenu.");
	redirect(r, "/contacts/a-revoir");
}

void privacy_review(req_t *r)
{
	long long months = g_config.review_months ? g_config.review_months : 24;
	const char *since = arena_printf(r->arena, "-%lld months", months);
	int page = query_page(r);
	long long total = db_int(0, "SELECT count(*) FROM contact c WHERE c.created_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?1) "
				    "AND NOT EXISTS (SELECT 1 FROM interaction i WHERE i.contact_id = c.id AND "
				    "i.happened_on >= date('now', ?1))",
				 "t", since);
	json_t *rows = db_rows("SELECT c.id, c.first_name, c.last_name, c.created_at, (SELECT max(i.happened_on) FROM interaction i "
			       "WHERE i.contact_id = c.id) AS last_interaction, (SELECT group_concat(o.name, ', ') FROM membership m "
			       "JOIN organization o ON o.id = m.organization_id WHERE m.contact_id = c.id) AS organizations "
			       "FROM contact c WHERE c.created_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?1) AND NOT EXISTS "
			       "(SELECT 1 FROM interaction i WHERE i.contact_id = c.id AND i.happened_on >= date('now', ?1)) "
			       "ORDER BY last_interaction IS NOT NULL, last_interaction, c.last_name COLLATE NOCASE, c.id "
			       "LIMIT ?2 OFFSET ?3",
			       "tii", since, (long long)REVIEW_PER_PAGE, (long long)(page - 1) * REVIEW_PER_PAGE);
	rows_add_time_fr(r, rows, "created_at");
	json_t *view = json_pack("{s:{s:s}, s:o, s:I, s:o, s:s}", "page", "title", "Contacts à revoir", "contacts", rows,
				 "months", (json_int_t)months, "pagination", pagination_json(r, total, page, REVIEW_PER_PAGE),
				 "csrf", csrf_token(r));
	render(r, 200, "privacy_review", view);
}
