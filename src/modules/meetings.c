/* meetings.c — see meetings.h: the model of a meeting (validation, writes
 * with their audit entries) and the staff pages (list, form, create,
 * update, cancel, delete, agenda items). */
#include "modules/meetings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/audit.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/session.h"
#include "modules/bodies.h"
#include "modules/registrations.h"
#include "modules/contributions.h"
#include "view/helpers.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_LINKS 500 /* sectors or organisations of one meeting */
#define NOT_FOUND_MSG "Cette réunion n'existe pas."

/* ---- French labels (GLOSSARY.md) ---- */

static const char *const kind_labels[][2] = {
    {"public_meeting", "Réunion publique"},
    {"workshop", "Atelier"},
    {"event", "Événement"},
    {"walk", "Balade urbaine"},
    {"committee_session", "Séance de comité"},
};
static const char *const kind_values[] = {"public_meeting", "workshop", "event", "walk", "committee_session", NULL};
static const char *const status_labels[][2] = {
    {"scheduled", "Programmée"},
    {"held", "Tenue"},
    {"cancelled", "Annulée"},
};
static const char *const status_values[] = {"scheduled", "held", "cancelled", NULL};

/* The label of key in a table of pairs; key itself when unknown. */
static const char *label_of(const char *const (*pairs)[2], size_t n, const char *key)
{
	for (size_t i = 0; key && i < n; i++)
		if (strcmp(pairs[i][0], key) == 0)
			return pairs[i][1];
	return key ? key : "";
}

const char *meeting_kind_label(const char *kind)
{
	return label_of(kind_labels, NELEM(kind_labels), kind);
}

const char *meeting_status_label(const char *status)
{
	return label_of(status_labels, NELEM(status_labels), status);
}

json_t *meeting_kind_options(const char *selected)
{
	return options_json(kind_labels, NELEM(kind_labels), selected);
}

int meeting_viewer_is_staff(const req_t *r)
{
	return r->user && (r->user->role_bit & CAP_STAFF);
}

/* ---- reading a meeting ---- */

/* Adds the Paris date and time of the UTC time at key `iso_key` as
 * date_key and time_key. */
static void add_paris(req_t *r, json_t *m, const char *iso_key, const char *date_key, const char *time_key)
{
	const char *date = "", *time = "";
	utc_to_paris(r->arena, json_string_value(json_object_get(m, iso_key)), &date, &time);
	json_object_set_new(m, date_key, json_string(date));
	json_object_set_new(m, time_key, json_string(time));
}

/* "YYYY-MM-DD" as "DD/MM/YYYY" and "HH:MM" as "HH h MM" (arena strings). */
static const char *day_fr(req_t *r, const char *d)
{
	return strlen(d) == 10 ? arena_printf(r->arena, "%.2s/%.2s/%.4s", d + 8, d + 5, d) : d;
}

static const char *hour_fr(req_t *r, const char *t)
{
	return strlen(t) == 5 ? arena_printf(r->arena, "%d h %.2s", atoi(t), t + 3) : t;
}

/* The meeting's span in words, Paris time: « le 12/06/2029 de 18 h 00 à
 * 20 h 00 », or « du … à … au … à … » over several days. */
static const char *when_fr(req_t *r, json_t *m)
{
	const char *d1 = json_string_value(json_object_get(m, "date")),
		   *t1 = json_string_value(json_object_get(m, "start_time")),
		   *d2 = json_string_value(json_object_get(m, "end_date")),
		   *t2 = json_string_value(json_object_get(m, "end_time"));
	if (strcmp(d1, d2) == 0)
		return arena_printf(r->arena, "le %s de %s à %s", day_fr(r, d1), hour_fr(r, t1), hour_fr(r, t2));
	return arena_printf(r->arena, "du %s à %s au %s à %s", day_fr(r, d1), hour_fr(r, t1), day_fr(r, d2),
			    hour_fr(r, t2));
}

json_t *meeting_load(req_t *r, long long id)
{
	json_t *m = db_row(
	    "SELECT m.id, m.project_id, p.slug AS project_slug, p.name AS project_name, m.kind, m.title, m.place, "
	    "m.lat, m.lon, m.online_url, m.starts_at, m.ends_at, m.is_public, m.status, m.description, m.capacity, "
	    "m.reserved_places, m.organizer_id, o.name AS organizer_name, m.sequence, m.created_at, m.updated_at, "
	    "m.body_id, b.name AS body_name, b.slug AS body_slug, m.convened_at "
	    "FROM meeting m LEFT JOIN project p ON p.id = m.project_id LEFT JOIN organization o ON o.id = "
	    "m.organizer_id LEFT JOIN body b ON b.id = m.body_id WHERE m.id = ?",
	    "i", id);
	if (!m)
		return NULL;
	add_paris(r, m, "starts_at", "date", "start_time");
	add_paris(r, m, "ends_at", "end_date", "end_time");
	json_object_set_new(m, "starts_fr",
			    json_string(time_fr(r, json_string_value(json_object_get(m, "starts_at")))));
	json_object_set_new(m, "ends_fr", json_string(time_fr(r, json_string_value(json_object_get(m, "ends_at")))));
	json_object_set_new(m, "when_fr", json_string(when_fr(r, m)));
	json_object_set_new(m, "kind_label",
			    json_string(meeting_kind_label(json_string_value(json_object_get(m, "kind")))));
	json_object_set_new(m, "status_label",
			    json_string(meeting_status_label(json_string_value(json_object_get(m, "status")))));
	json_object_set_new(m, "is_cancelled",
			    json_boolean(strcmp(json_string_value(json_object_get(m, "status")), "cancelled") == 0));
	json_object_set_new(m, "sectors",
			    db_rows("SELECT s.id, s.slug, s.name FROM meeting_sector ms JOIN sector s ON s.id = "
				    "ms.sector_id WHERE ms.meeting_id = ? ORDER BY s.position, s.name",
				    "i", id));
	json_object_set_new(m, "organizations",
			    db_rows("SELECT o.id, o.name FROM meeting_organization mo JOIN organization o ON o.id = "
				    "mo.organization_id WHERE mo.meeting_id = ? ORDER BY o.name",
				    "i", id));
	json_object_set_new(
	    m, "agenda_items",
	    db_rows("SELECT id, position, title, duration_minutes FROM agenda_item WHERE meeting_id = ? "
		    "ORDER BY position, id",
		    "i", id));
	json_object_set_new(m, "has_items", json_boolean(json_array_size(json_object_get(m, "agenda_items")) > 0));
	return m;
}

/* The meeting of the path's {meeting_id}, or a 404 answered. */
json_t *meeting_or_404(req_t *r, long long *id)
{
	*id = param_id(r, "meeting_id");
	json_t *m = *id ? meeting_load(r, *id) : NULL;
	if (!m)
		reply_error(r, 404, NOT_FOUND_MSG, NULL);
	return m;
}

/* ---- the model ---- */

static const field_spec_t meeting_fields[] = {
    {"title", "Intitulé", FIELD_TEXT, 1, 2, 200, NULL},
    {"kind", "Type", FIELD_ENUM, 1, 0, 0, kind_values},
    {"project_id", "Projet", FIELD_INT, 1, 1, 1LL << 60, NULL},
    {"date", "Date", FIELD_DATE, 1, 0, 0, NULL},
    {"start_time", "Heure de début", FIELD_TEXT, 1, 1, 8, NULL},
    {"end_date", "Date de fin", FIELD_DATE, 0, 0, 0, NULL},
    {"end_time", "Heure de fin", FIELD_TEXT, 1, 1, 8, NULL},
    {"place", "Lieu", FIELD_TEXT, 0, 0, 300, NULL},
    {"point", "Point sur la carte", FIELD_COORDS, 0, 0, 0, NULL},
    {"online_url", "Lien de participation en ligne", FIELD_TEXT, 0, 0, 500, NULL},
    {"is_public", "Réunion publique", FIELD_BOOL, 0, 0, 0, NULL},
    {"status", "État", FIELD_ENUM, 1, 0, 0, status_values},
    {"description", "Description", FIELD_TEXTAREA, 0, 0, 20000, NULL},
    {"capacity", "Capacité", FIELD_INT, 0, 0, 100000, NULL},
    {"reserved_places", "Places réservées", FIELD_INT, 0, 0, 100000, NULL},
    {"organizer_id", "Organisateur", FIELD_INT, 0, 1, 1LL << 60, NULL},
    {"body_id", "Instance", FIELD_INT, 0, 1, 1LL << 60, NULL},
};

/* Checks the sectors against the project. Returns the number of errors. */
static int check_sectors(form_t *f, const id_list_t *l, long long project_id)
{
	int bad = l->bad;
	for (size_t i = 0; !bad && i < l->n; i++)
		bad = !db_int(0, "SELECT 1 FROM sector WHERE id = ? AND (? = 0 OR project_id = ?)", "iii", l->ids[i],
			      project_id, project_id);
	if (bad)
		form_set_error(f, "sectors",
			       "Un des secteurs choisis n'existe pas ou n'appartient pas au projet choisi.");
	return bad;
}

/* Checks that the partner organisations exist. Returns the number of errors. */
static int check_organizations(form_t *f, const id_list_t *l)
{
	int bad = l->bad;
	for (size_t i = 0; !bad && i < l->n; i++)
		bad = !db_int(0, "SELECT 1 FROM organization WHERE id = ?", "i", l->ids[i]);
	if (bad)
		form_set_error(f, "organizations", "Une des organisations choisies n'existe pas.");
	return bad;
}

/* A committee session belongs to a body (bodies.h), other kinds to none.
 * Returns the number of errors. */
static int check_body(form_t *f)
{
	long long body = form_int(f, "body_id");
	const char *kind = form_text(f, "kind");
	int session = kind && strcmp(kind, "committee_session") == 0;
	const char *msg = NULL;
	if (session && !body && !json_object_get(f->errors, "body_id"))
		msg = "Une séance de comité appartient à une instance : choisissez-la.";
	else if (!session && body)
		msg = "Seule une séance de comité appartient à une instance : choisissez le type « Séance de comité » ou "
		      "aucune instance.";
	else if (body && !db_int(0, "SELECT 1 FROM body WHERE id = ?", "i", body))
		msg = "Cette instance n'existe pas.";
	if (msg)
		form_set_error(f, "body_id", msg);
	return msg != NULL;
}

/* Checks the start and the end; fills *starts_at and *ends_at (UTC).
 * Returns the number of errors. */
static int check_times(req_t *r, form_t *f, const char **starts_at, const char **ends_at)
{
	const char *date = form_text(f, "date"), *end_date = form_text(f, "end_date");
	*starts_at = *ends_at = NULL;
	int errors = form_year_outside(f, "date", date) + form_year_outside(f, "end_date", end_date);
	if (errors)
		return errors;
	*starts_at = form_paris_time(r, f, date, "start_time");
	*ends_at = form_paris_time(r, f, end_date ? end_date : date, "end_time");
	if (date && form_text(f, "start_time") && !*starts_at)
		errors++;
	if (date && form_text(f, "end_time") && !*ends_at)
		errors++;
	if (*starts_at && *ends_at && strcmp(*ends_at, *starts_at) <= 0) {
		form_set_error(f, "end_time", "La fin doit être après le début.");
		errors++;
	}
	return errors;
}

/* The checks that need several fields or the database. Returns the number
 * of errors. */
static int check_meeting(req_t *r, form_t *f, const id_list_t *sectors, const id_list_t *orgs, const char **starts_at,
			 const char **ends_at)
{
	int errors = check_times(r, f, starts_at, ends_at);
	long long project_id = form_int(f, "project_id");
	if (project_id && !db_int(0, "SELECT 1 FROM project WHERE id = ?", "i", project_id)) {
		form_set_error(f, "project_id", "Ce projet n'existe pas.");
		project_id = 0;
		errors++;
	}
	const char *url = form_text(f, "online_url");
	if (url && strncasecmp(url, "https://", 8) != 0 && strncasecmp(url, "http://", 7) != 0) {
		form_set_error(f, "online_url", "Indiquez une adresse web commençant par http:// ou https://.");
		errors++;
	} else if (url && strpbrk(url, " \t<>\"")) {
		form_set_error(f, "online_url",
			       "Cette adresse web contient des caractères non permis (espace, guillemet).");
		errors++;
	}
	const field_value_t *cap = form_value(f, "capacity");
	if (cap && cap->present && form_int(f, "reserved_places") > cap->integer) {
		form_set_error(f, "reserved_places", "Les places réservées ne peuvent pas dépasser la capacité.");
		errors++;
	}
	long long org = form_int(f, "organizer_id");
	if (org && !db_int(0, "SELECT 1 FROM organization WHERE id = ?", "i", org)) {
		form_set_error(f, "organizer_id", "Cette organisation n'existe pas.");
		errors++;
	}
	errors += check_body(f);
	errors += check_sectors(f, sectors, project_id);
	errors += check_organizations(f, orgs);
	return errors;
}

/* Writes the meeting row: insert when id is 0 (sequence bumped on update).
 * 0 or an SQLite error code. */
static int write_meeting(req_t *r, long long id, const form_t *f, const char *starts_at, const char *ends_at)
{
	char now[21];
	db_now(now);
	const field_value_t *pt = form_value(f, "point"), *cap = form_value(f, "capacity");
	int has_pt = pt && pt->present, has_cap = cap && cap->present;
	const char *place = form_text(f, "place"), *url = form_text(f, "online_url"),
		   *desc = form_text(f, "description");
	if (!id)
		return db_exec(
		    "INSERT INTO meeting (project_id, kind, title, place, lat, lon, online_url, starts_at, "
		    "ends_at, is_public, status, description, capacity, reserved_places, organizer_id, "
		    "created_by, created_at, updated_at, body_id) VALUES (?1, ?2, ?3, COALESCE(?4, ''), "
		    "CASE WHEN ?5 THEN ?6 END, CASE WHEN ?5 THEN ?7 END, COALESCE(?8, ''), ?9, ?10, ?11, ?12, "
		    "COALESCE(?13, ''), CASE WHEN ?14 THEN ?15 END, ?16, NULLIF(?17, 0), NULLIF(?18, 0), ?19, ?19, "
		    "NULLIF(?20, 0))",
		    "itttiddtttittiiiiiti", form_int(f, "project_id"), form_text(f, "kind"), form_text(f, "title"),
		    place, (long long)has_pt, has_pt ? pt->lat : 0.0, has_pt ? pt->lon : 0.0, url, starts_at, ends_at,
		    form_int(f, "is_public"), form_text(f, "status"), desc, (long long)has_cap, form_int(f, "capacity"),
		    form_int(f, "reserved_places"), form_int(f, "organizer_id"), r->user ? r->user->id : 0LL, now,
		    form_int(f, "body_id"));
	return db_exec("UPDATE meeting SET project_id = ?1, kind = ?2, title = ?3, place = COALESCE(?4, ''), "
		       "lat = CASE WHEN ?5 THEN ?6 END, lon = CASE WHEN ?5 THEN ?7 END, online_url = COALESCE(?8, ''), "
		       "starts_at = ?9, ends_at = ?10, is_public = ?11, status = ?12, description = COALESCE(?13, ''), "
		       "capacity = CASE WHEN ?14 THEN ?15 END, reserved_places = ?16, organizer_id = NULLIF(?17, 0), "
		       "sequence = sequence + 1, updated_at = ?18, body_id = NULLIF(?20, 0) WHERE id = ?19",
		       "itttiddtttittiiiitii", form_int(f, "project_id"), form_text(f, "kind"), form_text(f, "title"),
		       place, (long long)has_pt, has_pt ? pt->lat : 0.0, has_pt ? pt->lon : 0.0, url, starts_at,
		       ends_at, form_int(f, "is_public"), form_text(f, "status"), desc, (long long)has_cap,
		       form_int(f, "capacity"), form_int(f, "reserved_places"), form_int(f, "organizer_id"), now, id,
		       form_int(f, "body_id"));
}

/* Replaces the rows of one link table. 0 or an SQLite error code. */
static int write_links(long long id, const char *del, const char *ins, const id_list_t *l)
{
	int rc = db_exec(del, "i", id);
	for (size_t i = 0; rc == 0 && i < l->n; i++)
		rc = db_exec(ins, "ii", id, l->ids[i]);
	return rc;
}

typedef enum meeting_status { MEETING_OK, MEETING_INVALID, MEETING_NOT_FOUND, MEETING_DB_ERROR } meeting_status_t;

/* Ends a transaction: commits when st is MEETING_OK, else rolls back. */
static meeting_status_t finish(meeting_status_t st)
{
	if (st == MEETING_OK && db_commit() == 0)
		return MEETING_OK;
	db_rollback();
	return st == MEETING_OK ? MEETING_DB_ERROR : st;
}

/* Validates the request's form and saves the meeting, its links and its
 * audit entry in one transaction. *id: 0 to create, set on success. The
 * caller owns f->input and f->errors. */
static meeting_status_t meeting_save(req_t *r, long long *id, form_t *f)
{
	id_list_t sectors, orgs;
	form_read_ids(r, "sectors", MAX_LINKS, &sectors);
	form_read_ids(r, "organizations", MAX_LINKS, &orgs);
	int invalid = form_validate(r->arena, meeting_fields, NELEM(meeting_fields), &r->form, f);
	json_object_set_new(f->input, "sectors", id_list_json(&sectors));
	json_object_set_new(f->input, "organizations", id_list_json(&orgs));
	if (!json_object_get(f->input, "is_public"))
		json_object_set_new(f->input, "is_public", json_string(""));
	int creating = *id == 0;
	if (db_begin() != 0)
		return MEETING_DB_ERROR;
	meeting_status_t st = MEETING_OK;
	const char *starts_at = NULL, *ends_at = NULL;
	if (!creating && !db_int(0, "SELECT 1 FROM meeting WHERE id = ?", "i", *id))
		st = MEETING_NOT_FOUND;
	/* read under the write lock: cancelled by this save, or already before */
	int was_cancelled =
	    !creating && db_int(0, "SELECT 1 FROM meeting WHERE id = ? AND status = 'cancelled'", "i", *id);
	if (st == MEETING_OK && (check_meeting(r, f, &sectors, &orgs, &starts_at, &ends_at) || invalid))
		st = MEETING_INVALID;
	if (st == MEETING_OK && write_meeting(r, *id, f, starts_at, ends_at) != 0)
		st = MEETING_DB_ERROR;
	if (st == MEETING_OK && creating)
		*id = db_last_id();
	if (st == MEETING_OK &&
	    (write_links(*id, "DELETE FROM meeting_sector WHERE meeting_id = ?",
			 "INSERT INTO meeting_sector (meeting_id, sector_id) VALUES (?, ?)", &sectors) != 0 ||
	     write_links(*id, "DELETE FROM meeting_organization WHERE meeting_id = ?",
			 "INSERT INTO meeting_organization (meeting_id, organization_id) VALUES (?, ?)", &orgs) != 0))
		st = MEETING_DB_ERROR;
	/* more places: the first waiting get them (registrations.h) */
	if (st == MEETING_OK && !creating && registrations_fill_places(r, *id) != 0)
		st = MEETING_DB_ERROR;
	/* cancelled through the form's « État »: registrants told, as by « Annuler » */
	if (st == MEETING_OK && !creating && !was_cancelled && strcmp(form_text(f, "status"), "cancelled") == 0 &&
	    registrations_meeting_cancelled(r, *id) != 0)
		st = MEETING_DB_ERROR;
	if (st == MEETING_OK &&
	    audit_record(r, creating ? "meeting.create" : "meeting.update", "meeting", *id,
			 "« %s » (%s) du %s au %s, projet %lld, %s, %s ; %zu secteur(s), %zu partenaire(s)",
			 form_text(f, "title"), meeting_kind_label(form_text(f, "kind")), starts_at, ends_at,
			 form_int(f, "project_id"), form_int(f, "is_public") ? "publique" : "non publique",
			 meeting_status_label(form_text(f, "status")), sectors.n, orgs.n) != 0)
		st = MEETING_DB_ERROR;
	return finish(st);
}

/* ---- the list ---- */

void meetings_list(req_t *r)
{
	const char *slug = kv_get(&r->query, "projet");
	if (slug && !*slug)
		slug = NULL;
	/* « sans compte rendu »: ended, not cancelled, no published minutes */
	const char *nm = kv_get(&r->query, "sans_compte_rendu");
	long long no_minutes = nm && *nm && strcmp(nm, "0") != 0;
	char now[21];
	db_now(now);
	json_t *rows = db_rows(
	    "SELECT m.id, m.title, m.kind, m.starts_at, m.status, m.is_public, m.place, p.slug AS project_slug, "
	    "p.name AS project_name, m.ends_at >= ?2 AS upcoming, (SELECT count(*) FROM agenda_item a WHERE "
	    "a.meeting_id = m.id) AS items FROM meeting m LEFT JOIN project p ON p.id = m.project_id "
	    "WHERE (?1 IS NULL OR p.slug = ?1) AND (?3 = 0 OR (m.ends_at < ?2 AND m.status <> 'cancelled' AND NOT "
	    "EXISTS (SELECT 1 FROM minutes mi WHERE mi.meeting_id = m.id AND mi.published_at IS NOT NULL))) "
	    "ORDER BY m.ends_at < ?2, CASE WHEN m.ends_at >= ?2 THEN m.starts_at END, m.starts_at DESC, m.id",
	    "tti", slug, now, no_minutes);
	rows_add_time_fr(r, rows, "starts_at");
	json_t *upcoming = json_array(), *past = json_array(), *row;
	size_t i;
	json_array_foreach(rows, i, row)
	{
		json_object_set_new(row, "kind_label",
				    json_string(meeting_kind_label(json_string_value(json_object_get(row, "kind")))));
		json_object_set_new(
		    row, "status_label",
		    json_string(meeting_status_label(json_string_value(json_object_get(row, "status")))));
		json_array_append(json_integer_value(json_object_get(row, "upcoming")) ? upcoming : past, row);
	}
	json_decref(rows);
	json_t *projects = db_rows("SELECT slug, name, slug = ? AS selected FROM project ORDER BY position, name", "t",
				   slug ? slug : "");
	render(r, 200, "meetings_list",
	       json_pack("{s:{s:s}, s:o, s:o, s:o, s:{s:s?, s:b}}", "page", "title", "Réunions et concertation", "upcoming",
			 upcoming, "past", past, "projects", projects, "filters", "projet", slug, "sans_compte_rendu",
			 no_minutes));
}

/* ---- the form ---- */

/* 1 if id is in the JSON array of integers ids. */
static int in_ids(json_t *ids, long long id)
{
	size_t i;
	json_t *v;
	json_array_foreach(ids, i, v) if (json_integer_value(v) == id) return 1;
	return 0;
}

/* Sets "checked" on each row whose id is in the input's array `key`. */
static json_t *mark_checked(json_t *rows, json_t *input, const char *key)
{
	json_t *ids = json_object_get(input, key), *row;
	size_t i;
	json_array_foreach(rows, i, row) json_object_set_new(
	    row, "checked", json_boolean(in_ids(ids, json_integer_value(json_object_get(row, "id")))));
	return rows;
}

/* An integer input value, typed (string) or stored (integer). */
static long long input_int(json_t *input, const char *key)
{
	json_t *v = json_object_get(input, key);
	return json_is_integer(v) ? json_integer_value(v) : (json_string_value(v) ? atoll(json_string_value(v)) : 0);
}

/* The projects with their sectors (checkboxes). New reference. */
static json_t *project_choices(json_t *input)
{
	json_t *projects = db_rows("SELECT id, slug, name FROM project ORDER BY position, name", NULL), *p;
	long long chosen = input_int(input, "project_id");
	size_t i;
	json_array_foreach(projects, i, p)
	{
		long long pid = json_integer_value(json_object_get(p, "id"));
		json_object_set_new(p, "selected", json_boolean(pid == chosen));
		json_t *sectors =
		    db_rows("SELECT id, name FROM sector WHERE project_id = ? ORDER BY position, name", "i", pid);
		json_object_set_new(p, "has_sectors", json_boolean(json_array_size(sectors) > 0));
		json_object_set_new(p, "sectors", mark_checked(sectors, input, "sectors"));
	}
	return projects;
}

/* The organisations, for the organiser's select. New reference. */
static json_t *organizer_choices(json_t *input)
{
	return db_rows("SELECT id, name, id = ? AS selected FROM organization ORDER BY name", "i",
		       input_int(input, "organizer_id"));
}

/* Renders the meeting form. input (stolen): the values as typed or read;
 * errors and item_errors (stolen) may be NULL; id is 0 for a new meeting,
 * m (borrowed) the stored meeting otherwise. */
static void render_form(req_t *r, int status, long long id, json_t *m, json_t *input, json_t *errors,
			json_t *item_errors, json_t *item_input)
{
	const char *title = id ? "Modifier une réunion" : "Nouvelle réunion";
	json_t *view = json_pack(
	    "{s:{s:s}, s:I, s:b, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:o}", "page", "title", title, "id",
	    (json_int_t)id, "is_new", id == 0, "action",
	    id ? arena_printf(r->arena, "/equipe/reunions/%lld", id) : "/equipe/reunions", "errors",
	    errors ? errors : json_object(), "projects", project_choices(input), "kinds",
	    meeting_kind_options(json_string_value(json_object_get(input, "kind"))), "statuses",
	    options_json(status_labels, NELEM(status_labels), json_string_value(json_object_get(input, "status"))),
	    "organizers", organizer_choices(input), "organizations",
	    mark_checked(db_rows("SELECT id, name FROM organization ORDER BY name", NULL), input, "organizations"),
	    "input", input, "csrf", csrf_token(r), "item_errors", item_errors ? item_errors : json_object(),
	    "item_input", item_input ? item_input : json_object());
	if (m)
		json_object_set(view, "meeting", m);
	json_object_set_new(view, "bodies", body_choices(input_int(input, "body_id")));
	if (id && m) { /* templates/meeting_session_summary.html, meeting_contributions_summary.html */
		json_object_set_new(view, "session_summary", body_session_summary(r, m));
		json_object_set_new(view, "meeting_contributions", contribution_meeting_summary(id));
	}
	render(r, status, "meeting_form", view);
}

/* The form values of a stored meeting (from meeting_load). New reference. */
static json_t *input_of(json_t *m)
{
	static const char *const keys[] = {"title",	  "kind",     "project_id",	 "date",	"start_time",
					   "end_date",	  "end_time", "place",		 "online_url",	"status",
					   "description", "capacity", "reserved_places", "organizer_id", "body_id"};
	json_t *in = json_object();
	for (size_t k = 0; k < NELEM(keys); k++) {
		json_t *v = json_object_get(m, keys[k]);
		if (v && !json_is_null(v))
			json_object_set(in, keys[k], v);
	}
	if (json_is_real(json_object_get(m, "lat")))
		json_object_set_new(in, "point",
				    json_sprintf("%.6f,%.6f", json_real_value(json_object_get(m, "lat")),
						 json_real_value(json_object_get(m, "lon"))));
	json_object_set_new(in, "is_public",
			    json_string(json_integer_value(json_object_get(m, "is_public")) ? "1" : ""));
	const char *lists[] = {"sectors", "organizations"};
	for (size_t k = 0; k < NELEM(lists); k++) {
		json_t *ids = json_array(), *row;
		size_t i;
		json_array_foreach(json_object_get(m, lists[k]), i, row)
		    json_array_append(ids, json_object_get(row, "id"));
		json_object_set_new(in, lists[k], ids);
	}
	return in;
}

void meetings_new_form(req_t *r)
{
	json_t *input = json_pack("{s:s, s:s, s:s, s:s, s:s}", "status", "scheduled", "kind", "public_meeting",
				  "start_time", "18:00", "end_time", "20:00", "is_public", "1");
	/* « Nouvelle séance » of a body: the body, its project and visibility chosen */
	const char *body = kv_get(&r->query, "body_id");
	json_t *b = body ? db_row("SELECT id AS body_id, project_id, is_public FROM body WHERE id = ?", "i",
				  atoll(body))
			 : NULL;
	if (b) {
		json_object_set_new(input, "kind", json_string("committee_session"));
		json_object_set(input, "body_id", json_object_get(b, "body_id"));
		if (json_is_integer(json_object_get(b, "project_id")))
			json_object_set(input, "project_id", json_object_get(b, "project_id"));
		json_object_set_new(input, "is_public",
				    json_string(json_integer_value(json_object_get(b, "is_public")) ? "1" : ""));
		json_decref(b);
	}
	render_form(r, 200, 0, NULL, input, NULL, NULL, NULL);
}

/* Renders the edit form of meeting id again with errors (stolen), or
 * answers them as JSON. */
static void form_again(req_t *r, long long id, json_t *input, json_t *errors, json_t *item_errors, json_t *item_input)
{
	if (r->want_json) {
		json_decref(input);
		json_decref(item_input);
		if (item_errors) {
			json_decref(errors);
			errors = item_errors;
		}
		reply_error(r, 422, NULL, errors);
		return;
	}
	json_t *m = id ? meeting_load(r, id) : NULL;
	render_form(r, 422, id, m, input ? input : input_of(m), errors, item_errors, item_input);
	json_decref(m);
}

/* After a failed save: the form again (422) or JSON errors; 404; 500.
 * Takes f's objects. */
static void save_failed(req_t *r, meeting_status_t st, long long id, form_t *f)
{
	if (st == MEETING_INVALID && !r->want_json) {
		json_t *m = id ? meeting_load(r, id) : NULL;
		render_form(r, 422, id, m, f->input, f->errors, NULL, NULL);
		json_decref(m);
		return;
	}
	json_decref(f->input);
	if (st == MEETING_INVALID) {
		reply_error(r, 422, NULL, f->errors);
		return;
	}
	json_decref(f->errors);
	if (st == MEETING_NOT_FOUND)
		reply_error(r, 404, NOT_FOUND_MSG, NULL);
	else
		reply_error(r, 500, "L'enregistrement a échoué ; rien n'a été modifié.", NULL);
}

/* Saves from the request (create when id is 0) and answers. */
static void save_and_answer(req_t *r, long long id)
{
	form_t f = {0};
	int creating = id == 0;
	meeting_status_t st = meeting_save(r, &id, &f);
	if (st != MEETING_OK) {
		save_failed(r, st, creating ? 0 : id, &f);
		return;
	}
	json_decref(f.input);
	json_decref(f.errors);
	reply_saved(r, creating, id, arena_printf(r->arena, "/equipe/reunions/%lld", id),
		    creating ? "Réunion créée." : "Réunion enregistrée.");
}

void meetings_create(req_t *r)
{
	save_and_answer(r, 0);
}

void meetings_edit_form(req_t *r)
{
	long long id;
	json_t *m = meeting_or_404(r, &id);
	if (!m)
		return;
	render_form(r, 200, id, m, input_of(m), NULL, NULL, NULL);
	json_decref(m);
}

void meetings_update(req_t *r)
{
	long long id = param_id(r, "meeting_id");
	if (!id || !db_int(0, "SELECT 1 FROM meeting WHERE id = ?", "i", id)) {
		reply_error(r, 404, NOT_FOUND_MSG, NULL);
		return;
	}
	save_and_answer(r, id);
}

/* ---- cancel, delete ---- */

void meetings_cancel(req_t *r)
{
	long long id;
	json_t *m = meeting_or_404(r, &id);
	if (!m)
		return;
	char now[21];
	db_now(now);
	meeting_status_t st = db_begin() == 0 ? MEETING_OK : MEETING_DB_ERROR;
	/* read under the write lock: two cancellations at once tell people once */
	int was_cancelled =
	    st == MEETING_OK && db_int(0, "SELECT 1 FROM meeting WHERE id = ? AND status = 'cancelled'", "i", id);
	if (st == MEETING_OK && db_exec("UPDATE meeting SET status = 'cancelled', sequence = sequence + 1, "
					"updated_at = ? WHERE id = ?",
					"ti", now, id) != 0)
		st = MEETING_DB_ERROR;
	/* registered and waiting people are told (registrations.h), once */
	if (st == MEETING_OK && !was_cancelled && registrations_meeting_cancelled(r, id) != 0)
		st = MEETING_DB_ERROR;
	if (st == MEETING_OK && audit_record(r, "meeting.cancel", "meeting", id, "« %s » du %s annulée",
					     json_string_value(json_object_get(m, "title")),
					     json_string_value(json_object_get(m, "starts_at"))) != 0)
		st = MEETING_DB_ERROR;
	json_decref(m);
	if (finish(st) != MEETING_OK) {
		reply_error(r, 500, "L'annulation a échoué ; rien n'a été modifié.", NULL);
		return;
	}
	flash_set(r, "Réunion annulée ; elle reste dans l'agenda, marquée comme annulée.");
	redirect(r, arena_printf(r->arena, "/equipe/reunions/%lld", id));
}

void meetings_delete(req_t *r)
{
	long long id;
	json_t *m = meeting_or_404(r, &id);
	if (!m)
		return;
	if (!form_confirmed(r, "confirm")) {
		form_again(r, id, input_of(m), json_pack("{s:s}", "confirm", CONFIRM_MESSAGE), NULL, NULL);
		json_decref(m);
		return;
	}
	char now[21];
	db_now(now);
	meeting_status_t st = db_begin() == 0 ? MEETING_OK : MEETING_DB_ERROR;
	/* A meeting still to come goes with its registrations: they are told,
	 * as for a cancellation (once: not when it was cancelled already). */
	if (st == MEETING_OK &&
	    db_int(0, "SELECT count(*) FROM meeting WHERE id = ? AND status = 'scheduled' AND ends_at > ?", "it", id,
		   now) &&
	    registrations_meeting_cancelled(r, id) != 0)
		st = MEETING_DB_ERROR;
	if (st == MEETING_OK && db_exec("DELETE FROM meeting WHERE id = ?", "i", id) != 0)
		st = MEETING_DB_ERROR;
	if (st == MEETING_OK && audit_record(r, "meeting.delete", "meeting", id, "« %s » du %s supprimée",
					     json_string_value(json_object_get(m, "title")),
					     json_string_value(json_object_get(m, "starts_at"))) != 0)
		st = MEETING_DB_ERROR;
	json_decref(m);
	if (finish(st) != MEETING_OK) {
		reply_error(r, 500, "La suppression a échoué ; rien n'a été modifié.", NULL);
		return;
	}
	flash_set(r, "Réunion supprimée.");
	redirect(r, "/equipe/reunions");
}

/* ---- agenda items ---- */

static const field_spec_t item_fields[] = {
    {"item_title", "Point de l'ordre du jour", FIELD_TEXT, 1, 2, 200, NULL},
    {"item_duration", "Durée (minutes)", FIELD_INT, 0, 1, 1440, NULL},
};

/* Bumps the meeting's sequence and writes an audit entry; 0 or an error. */
static int touch_meeting(req_t *r, long long id, const char *action, const char *title)
{
	char now[21];
	db_now(now);
	if (db_exec("UPDATE meeting SET sequence = sequence + 1, updated_at = ? WHERE id = ?", "ti", now, id) != 0)
		return -1;
	return audit_record(r, action, "meeting", id, "point « %s »", title);
}

void meetings_item_add(req_t *r)
{
	long long id;
	json_t *m = meeting_or_404(r, &id);
	if (!m)
		return;
	json_decref(m);
	form_t f = {0};
	if (form_validate(r->arena, item_fields, NELEM(item_fields), &r->form, &f)) {
		form_again(r, id, NULL, NULL, f.errors, f.input);
		return;
	}
	json_decref(f.input);
	json_decref(f.errors);
	meeting_status_t st = db_begin() == 0 ? MEETING_OK : MEETING_DB_ERROR;
	if (st == MEETING_OK &&
	    db_exec(
		"INSERT INTO agenda_item (meeting_id, position, title, duration_minutes) VALUES (?1, "
		"(SELECT COALESCE(max(position), 0) + 1 FROM agenda_item WHERE meeting_id = ?1), ?2, NULLIF(?3, 0))",
		"iti", id, form_text(&f, "item_title"), form_int(&f, "item_duration")) != 0)
		st = MEETING_DB_ERROR;
	if (st == MEETING_OK && touch_meeting(r, id, "meeting.agenda_add", form_text(&f, "item_title")) != 0)
		st = MEETING_DB_ERROR;
	if (finish(st) != MEETING_OK) {
		reply_error(r, 500, "L'enregistrement a échoué ; rien n'a été modifié.", NULL);
		return;
	}
	flash_set(r, "Point ajouté à l'ordre du jour.");
	redirect(r, arena_printf(r->arena, "/equipe/reunions/%lld#ordre-du-jour", id));
}

void meetings_item_remove(req_t *r)
{
	long long id = param_id(r, "meeting_id"), item = param_id(r, "item_id");
	json_t *it =
	    id && item ? db_row("SELECT title FROM agenda_item WHERE id = ? AND meeting_id = ?", "ii", item, id) : NULL;
	if (!it && id && db_int(0, "SELECT 1 FROM meeting WHERE id = ?", "i", id)) {
		/* already removed (a second click): nothing to do */
		flash_set(r, "Ce point n'est plus à l'ordre du jour.");
		redirect(r, arena_printf(r->arena, "/equipe/reunions/%lld#ordre-du-jour", id));
		return;
	}
	if (!it) {
		reply_error(r, 404, NOT_FOUND_MSG, NULL);
		return;
	}
	meeting_status_t st = db_begin() == 0 ? MEETING_OK : MEETING_DB_ERROR;
	if (st == MEETING_OK && db_exec("DELETE FROM agenda_item WHERE id = ?", "i", item) != 0)
		st = MEETING_DB_ERROR;
	if (st == MEETING_OK &&
	    touch_meeting(r, id, "meeting.agenda_remove", json_string_value(json_object_get(it, "title"))) != 0)
		st = MEETING_DB_ERROR;
	json_decref(it);
	if (finish(st) != MEETING_OK) {
		reply_error(r, 500, "La suppression a échoué ; rien n'a été modifié.", NULL);
		return;
	}
	flash_set(r, "Point retiré de l'ordre du jour.");
	redirect(r, arena_printf(r->arena, "/equipe/reunions/%lld#ordre-du-jour", id));
}
