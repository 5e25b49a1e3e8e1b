/* contributions.c — see contributions.h: the model of a contribution
 * (labels, validation, the write with its audit entry, the JSON of one
 * contribution, the filters shared by the lists). */
#include "modules/contributions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "db/db.h"
#include "modules/directory_search.h"
#include "view/helpers.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_LINKS 100 /* themes or sectors of one contribution */

/* ---- French labels (GLOSSARY.md) ---- */

static const char *const channel_labels[][2] = {
    {"office_hours", "Permanence"},
    {"meeting", "Réunion publique"},
    {"online", "En ligne"},
    {"paper_register", "Registre papier"},
    {"mail", "Courrier"},
    {"social_media", "Réseaux sociaux"},
    {"outreach", "Aller-vers (porte-à-porte, stand)"},
};
static const char *const status_labels[][2] = {
    {"received", "Reçue"},
    {"in_review", "À l'étude"},
    {"answered", "Réponse apportée"},
    {"taken_into_account", "Prise en compte"},
    {"out_of_scope", "Hors du champ du projet"},
};
static const char *const moderation_labels[][2] = {
    {"pending", "En attente de modération"},
    {"published", "Publiée"},
    {"rejected", "Refusée"},
};

/* The label of key in a table of pairs; key itself when unknown. */
static const char *label_in(const char *const (*t)[2], size_t n, const char *key)
{
	for (size_t i = 0; key && i < n; i++)
		if (strcmp(t[i][0], key) == 0)
			return t[i][1];
	return key ? key : "";
}

/* 1 if key is a value of the table of pairs. */
static int value_in(const char *const (*t)[2], size_t n, const char *key)
{
	for (size_t i = 0; key && i < n; i++)
		if (strcmp(t[i][0], key) == 0)
			return 1;
	return 0;
}

const char *contribution_channel_label(const char *v)
{
	return label_in(channel_labels, NELEM(channel_labels), v);
}
const char *contribution_status_label(const char *v)
{
	return label_in(status_labels, NELEM(status_labels), v);
}
const char *contribution_moderation_label(const char *v)
{
	return label_in(moderation_labels, NELEM(moderation_labels), v);
}
json_t *contribution_channel_options(const char *s)
{
	return options_json(channel_labels, NELEM(channel_labels), s);
}
json_t *contribution_status_options(const char *s)
{
	return options_json(status_labels, NELEM(status_labels), s);
}
json_t *contribution_moderation_options(const char *s)
{
	return options_json(moderation_labels, NELEM(moderation_labels), s);
}
int contribution_channel_ok(const char *v)
{
	return value_in(channel_labels, NELEM(channel_labels), v);
}
int contribution_status_ok(const char *v)
{
	return value_in(status_labels, NELEM(status_labels), v);
}
int contribution_moderation_ok(const char *v)
{
	return value_in(moderation_labels, NELEM(moderation_labels), v);
}

/* ---- validation ---- */

static const char *const channel_values[] = {"office_hours", "meeting",	     "online",	 "paper_register",
					     "mail",	     "social_media", "outreach", NULL};
static const char *const status_values[] = {"received",		  "in_review",	  "answered",
					    "taken_into_account", "out_of_scope", NULL};
static const char *const moderation_values[] = {"published", "pending", "rejected", NULL};

/* What a resident types online. */
static const field_spec_t public_fields[] = {
    {"body", "Votre contribution", FIELD_TEXTAREA, 1, 10, 5000, NULL},
    {"author_name", "Votre nom", FIELD_TEXT, 0, 0, 200, NULL},
    {"author_email", "Votre courriel", FIELD_EMAIL, 0, 0, 0, NULL},
    {"consent", "Consentement", FIELD_BOOL, 0, 0, 0, NULL},
};

/* What staff enter. */
static const field_spec_t staff_fields[] = {
    {"project_id", "Projet", FIELD_INT, 1, 1, 1LL << 60, NULL},
    {"received_on", "Date", FIELD_DATE, 1, 0, 0, NULL},
    {"channel", "Canal", FIELD_ENUM, 1, 0, 0, channel_values},
    {"body", "Contribution", FIELD_TEXTAREA, 1, 3, 5000, NULL},
    {"status", "État", FIELD_ENUM, 0, 0, 0, status_values},
    {"moderation", "Publication", FIELD_ENUM, 0, 0, 0, moderation_values},
    {"author_name", "Nom", FIELD_TEXT, 0, 0, 200, NULL},
    {"author_email", "Courriel", FIELD_EMAIL, 0, 0, 0, NULL},
    {"author_phone", "Téléphone", FIELD_TEXT, 0, 0, 40, NULL},
    {"consent", "Consentement", FIELD_BOOL, 0, 0, 0, NULL},
    {"meeting_id", "Recueillie lors de", FIELD_INT, 0, 1, 1LL << 60, NULL},
};

/* Checks the meeting the contribution was collected at (none: fine): it
 * must exist and belong to the project. Returns 1 when refused (error set
 * on `meeting_id`). */
static int check_meeting(form_t *f, long long meeting_id, long long project_id)
{
	if (!meeting_id)
		return 0;
	json_t *m = db_row("SELECT project_id FROM meeting WHERE id = ?", "i", meeting_id);
	const char *error = NULL;
	if (!m)
		error = "Cette réunion n'existe pas (ou a été supprimée) : choisissez-en une autre.";
	else if (project_id && json_integer_value(json_object_get(m, "project_id")) != project_id)
		error = "Cette réunion n'est pas une réunion du projet choisi.";
	json_decref(m);
	if (error)
		form_set_error(f, "meeting_id", error);
	return error != NULL;
}

/* Checks themes (active ones) and sectors (of the project). Returns the
 * number of errors. */
static int check_links(form_t *f, const id_list_t *themes, const id_list_t *sectors, long long project_id)
{
	int bad = themes->bad, errors = 0;
	for (size_t i = 0; !bad && i < themes->n; i++)
		bad = !db_int(0, "SELECT 1 FROM theme WHERE id = ? AND active = 1", "i", themes->ids[i]);
	if (bad) {
		form_set_error(f, "themes", "Un des thèmes choisis n'existe pas.");
		errors++;
	}
	bad = sectors->bad;
	for (size_t i = 0; !bad && i < sectors->n; i++)
		bad = !db_int(0, "SELECT 1 FROM sector WHERE id = ? AND project_id = ?", "ii", sectors->ids[i],
			      project_id);
	if (bad) {
		form_set_error(f, "sectors", "Un des secteurs choisis n'appartient pas au projet.");
		errors++;
	}
	return errors;
}

/* The consent rule: details only with the box ticked. Returns 1 when
 * broken (error set on `consent`). */
static int check_consent(form_t *f, int staff)
{
	int details = form_text(f, "author_name") || form_text(f, "author_email") || form_text(f, "author_phone");
	if (!details || form_int(f, "consent"))
		return 0;
	form_set_error(f, "consent",
		       staff ? "Cochez la case du consentement de la personne, ou laissez ses coordonnées vides."
			     : "Cochez la case « J'accepte que mes coordonnées soient conservées pour recevoir la "
			       "réponse », ou laissez votre nom et votre courriel vides.");
	return 1;
}

/* Today's day in Europe/Paris, YYYY-MM-DD. */
static void paris_today(char out[11])
{
	time_t t = time(NULL);
	struct tm local;
	localtime_r(&t, &local); /* TZ is Europe/Paris, set in main() */
	strftime(out, 11, "%Y-%m-%d", &local);
}

/* Inserts the row and its links. 0 or an SQLite error code. */
static int write_contribution(req_t *r, const contribution_input_t *in, const form_t *f, const char *day,
			      const id_list_t *themes, const id_list_t *sectors, long long *id)
{
	char now[21];
	db_now(now);
	int consent = form_int(f, "consent") &&
		      (form_text(f, "author_name") || form_text(f, "author_email") || form_text(f, "author_phone"));
	const char *status = form_text(f, "status");
	int rc =
	    db_exec("INSERT INTO contribution (project_id, received_on, channel, body, author_name, "
		    "author_email, author_phone, author_consent_at, status, moderation, created_by, created_at, "
		    "updated_at, meeting_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, NULLIF(?, 0))",
		    "itttttttttitti", in->project_id, day, in->channel, form_text(f, "body"),
		    consent ? form_text(f, "author_name") : NULL, consent ? form_text(f, "author_email") : NULL,
		    consent ? form_text(f, "author_phone") : NULL, consent ? now : NULL, status ? status : "received",
		    in->moderation, in->staff && r->user ? r->user->id : 0LL, now, now, in->meeting_id);
	if (rc != 0)
		return rc;
	*id = db_last_id();
	for (size_t i = 0; rc == 0 && i < themes->n; i++)
		rc = db_exec("INSERT INTO contribution_theme (contribution_id, theme_id) VALUES (?, ?)", "ii", *id,
			     themes->ids[i]);
	for (size_t i = 0; rc == 0 && i < sectors->n; i++)
		rc = db_exec("INSERT INTO contribution_sector (contribution_id, sector_id) VALUES (?, ?)", "ii", *id,
			     sectors->ids[i]);
	return rc;
}

int contribution_create(req_t *r, const contribution_input_t *in0, form_t *f, long long *id)
{
	contribution_input_t in = *in0;
	id_list_t *themes = arena_alloc(r->arena, sizeof *themes), *sectors = arena_alloc(r->arena, sizeof *sectors);
	form_read_ids(r, "themes", MAX_LINKS, themes);
	form_read_ids(r, "sectors", MAX_LINKS, sectors);
	int invalid = in.staff ? form_validate(r->arena, staff_fields, NELEM(staff_fields), &r->form, f)
			       : form_validate(r->arena, public_fields, NELEM(public_fields), &r->form, f);
	json_object_set_new(f->input, "themes", id_list_json(themes));
	json_object_set_new(f->input, "sectors", id_list_json(sectors));
	char day[11];
	paris_today(day);
	if (in.staff) {
		in.project_id = form_int(f, "project_id");
		in.channel = form_text(f, "channel");
		in.moderation = form_text(f, "moderation") ? form_text(f, "moderation") : "published";
		if (form_text(f, "received_on"))
			snprintf(day, sizeof day, "%s", form_text(f, "received_on"));
		if (in.project_id && !db_int(0, "SELECT 1 FROM project WHERE id = ?", "i", in.project_id)) {
			form_set_error(f, "project_id", "Ce projet n'existe pas.");
			invalid++;
		}
	}
	if (in.staff) {
		in.meeting_id = form_int(f, "meeting_id");
		invalid += check_meeting(f, in.meeting_id, in.project_id);
	}
	invalid += check_consent(f, in.staff);
	invalid += check_links(f, themes, sectors, in.project_id);
	if (invalid)
		return 1;
	if (db_begin() != 0)
		return -1;
	/* The meeting may have been deleted since it was checked: the form
	 * again rather than the trigger's error. */
	if (check_meeting(f, in.meeting_id, in.project_id)) {
		db_rollback();
		return 1;
	}
	if (write_contribution(r, &in, f, day, themes, sectors, id) != 0 ||
	    audit_record(r, "contribution.create", "contribution", *id,
			 "contribution du %s, projet %lld, canal %s, %zu thème(s), %s", day, in.project_id,
			 contribution_channel_label(in.channel), themes->n,
			 contribution_moderation_label(in.moderation)) != 0 ||
	    db_commit() != 0) {
		db_rollback();
		return -1;
	}
	return 0;
}

/* ---- reading ---- */

/* The Paris day (YYYY-MM-DD) of a UTC ISO time; "" for NULL. Arena string. */
static const char *paris_day(req_t *r, const char *iso)
{
	const char *date = "", *hm;
	if (iso && utc_to_paris(r->arena, iso, &date, &hm) != 0)
		date = "";
	return date;
}

/* A day YYYY-MM-DD as DD/MM/YYYY; "" otherwise. Arena string. */
static const char *day_fr(req_t *r, const char *d)
{
	return d && strlen(d) == 10 ? arena_printf(r->arena, "%.2s/%.2s/%.4s", d + 8, d + 5, d) : "";
}

json_t *contribution_meeting_options(req_t *r, long long selected, int with_contributions)
{
	char now[21];
	db_now(now);
	/* Per project, the meetings already begun (latest first), then the
	 * upcoming ones; cancelled ones only when already chosen. */
	json_t *rows = db_rows(
	    with_contributions
		? "SELECT m.id, m.title, m.starts_at, p.name AS project_name FROM meeting m JOIN project p ON "
		  "p.id = m.project_id WHERE m.id = ?1 OR EXISTS (SELECT 1 FROM contribution c WHERE c.meeting_id = "
		  "m.id) ORDER BY p.position, p.name, m.starts_at > ?2, CASE WHEN m.starts_at <= ?2 THEN m.starts_at "
		  "END DESC, m.starts_at, m.id"
		: "SELECT m.id, m.title, m.starts_at, p.name AS project_name FROM meeting m JOIN project p ON "
		  "p.id = m.project_id WHERE m.id = ?1 OR m.status <> 'cancelled' ORDER BY p.position, p.name, "
		  "m.starts_at > ?2, CASE WHEN m.starts_at <= ?2 THEN m.starts_at END DESC, m.starts_at, m.id",
	    "it", selected, now);
	/* Grouped by project for <optgroup>: [{project_name, meetings: [...]}]. */
	json_t *groups = json_array(), *group = NULL;
	const char *current = NULL;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		const char *pname = json_string_value(json_object_get(row, "project_name"));
		if (!current || strcmp(current, pname) != 0) {
			group = json_pack("{s:s, s:[]}", "project_name", pname, "meetings");
			json_array_append_new(groups, group);
			current = pname;
		}
		long long id = json_integer_value(json_object_get(row, "id"));
		const char *label = arena_printf(
		    r->arena, "%s — %s", day_fr(r, paris_day(r, json_string_value(json_object_get(row, "starts_at")))),
		    json_string_value(json_object_get(row, "title")));
		json_array_append_new(
		    json_object_get(group, "meetings"),
		    json_pack("{s:I, s:s, s:b}", "id", (json_int_t)id, "label", label, "selected", id == selected));
	}
	json_decref(rows);
	return groups;
}

json_t *contribution_meeting_summary(long long meeting_id)
{
	long long n = db_int(0, "SELECT count(*) FROM contribution WHERE meeting_id = ?", "i", meeting_id);
	char href[64];
	snprintf(href, sizeof href, "/equipe/contributions?reunion=%lld", meeting_id);
	return json_pack("{s:I, s:I, s:s, s:b}", "meeting_id", (json_int_t)meeting_id, "count", (json_int_t)n, "href",
			 href, "any", n > 0);
}

json_t *contribution_json(req_t *r, long long id, int staff)
{
	json_t *c =
	    db_row(staff ? "SELECT c.id, p.slug AS project, p.name AS project_name, c.received_on, c.channel, "
			   "c.body, c.status, c.answer, c.answered_at, c.moderation, c.author_name, "
			   "c.author_email, c.author_phone, c.author_consent_at, c.answer_notified_at, c.meeting_id, "
			   "m.title AS meeting_title, m.starts_at AS meeting_starts_at, "
			   "a.name AS answered_by, c.created_at, c.updated_at FROM contribution c JOIN project p "
			   "ON p.id = c.project_id LEFT JOIN account a ON a.id = c.answered_by "
			   "LEFT JOIN meeting m ON m.id = c.meeting_id WHERE c.id = ?"
			 /* the public sees the meeting only when it is public */
			 : "SELECT c.id, p.slug AS project, p.name AS project_name, c.received_on, c.channel, "
			   "c.body, c.status, c.answer, c.answered_at, m.id AS meeting_id, m.title AS meeting_title, "
			   "m.starts_at AS meeting_starts_at FROM contribution c JOIN project p ON "
			   "p.id = c.project_id LEFT JOIN meeting m ON m.id = c.meeting_id AND m.is_public = 1 "
			   "WHERE c.id = ? AND c.moderation = 'published'",
		   "i", id);
	if (!c)
		return NULL;
	const char *mday = paris_day(r, json_string_value(json_object_get(c, "meeting_starts_at")));
	json_object_set_new(c, "meeting_date", json_string(mday));
	json_object_set_new(c, "meeting_day_fr", json_string(day_fr(r, mday)));
	json_object_set_new(c, "received_fr",
			    json_string(day_fr(r, json_string_value(json_object_get(c, "received_on")))));
	json_object_set_new(c, "channel_label",
			    json_string(contribution_channel_label(json_string_value(json_object_get(c, "channel")))));
	json_object_set_new(c, "status_label",
			    json_string(contribution_status_label(json_string_value(json_object_get(c, "status")))));
	if (staff) {
		json_object_set_new(
		    c, "moderation_label",
		    json_string(contribution_moderation_label(json_string_value(json_object_get(c, "moderation")))));
		json_object_set_new(c, "answered_fr",
				    json_string(time_fr(r, json_string_value(json_object_get(c, "answered_at")))));
		json_object_set_new(
		    c, "answer_notified_fr",
		    json_string(time_fr(r, json_string_value(json_object_get(c, "answer_notified_at")))));
	}
	json_object_set_new(c, "themes",
			    db_rows("SELECT t.id, t.name FROM contribution_theme ct JOIN theme t ON t.id = ct.theme_id "
				    "WHERE ct.contribution_id = ? ORDER BY t.position, t.name",
				    "i", id));
	json_object_set_new(c, "sectors",
			    db_rows("SELECT s.id, s.slug, s.name FROM contribution_sector cs JOIN sector s ON "
				    "s.id = cs.sector_id WHERE cs.contribution_id = ? ORDER BY s.position, s.name",
				    "i", id));
	return c;
}

json_t *contribution_theme_choices(json_t *chosen)
{
	json_t *rows = db_rows("SELECT id, name FROM theme WHERE active = 1 ORDER BY position, name", NULL);
	size_t i, j;
	json_t *row, *v;
	json_array_foreach(rows, i, row)
	{
		long long tid = json_integer_value(json_object_get(row, "id"));
		int checked = 0;
		json_array_foreach(chosen, j, v) checked |= json_integer_value(v) == tid;
		json_object_set_new(row, "checked", json_boolean(checked));
	}
	return rows;
}

/* ---- filters ---- */

/* A query parameter, NULL when absent, empty or not UTF-8. */
static const char *qv(req_t *r, const char *name)
{
	const char *v = kv_get(&r->query, name);
	return v && *v && utf8_valid(v, strlen(v)) ? v : NULL;
}

/* A positive id from the query, or 0. */
static long long q_id(req_t *r, const char *name)
{
	const char *v = qv(r, name);
	char *end;
	long long n = v ? strtoll(v, &end, 10) : 0;
	return v && !*end && n > 0 ? n : 0;
}

/* A day YYYY-MM-DD from the query, or NULL. */
static const char *q_day(req_t *r, const char *name)
{
	const char *v = qv(r, name);
	field_value_t out;
	static const field_spec_t spec = {"day", "Date", FIELD_DATE, 1, 0, 0, NULL};
	return v && !validate_field(r->arena, &spec, v, &out) ? out.text : NULL;
}

void contribution_filter_read(req_t *r, contribution_filter_t *fl)
{
	memset(fl, 0, sizeof *fl);
	fl->project = qv(r, "projet");
	fl->theme = q_id(r, "theme");
	fl->sector = q_id(r, "secteur");
	fl->meeting = q_id(r, "reunion") ? q_id(r, "reunion") : q_id(r, "meeting_id");
	fl->channel = contribution_channel_ok(qv(r, "canal")) ? qv(r, "canal") : NULL;
	fl->status = contribution_status_ok(qv(r, "statut")) ? qv(r, "statut") : NULL;
	fl->moderation = contribution_moderation_ok(qv(r, "moderation")) ? qv(r, "moderation") : NULL;
	fl->from = q_day(r, "du");
	fl->to = q_day(r, "au");
	fl->search = directory_fts_query(r->arena, qv(r, "q"));
}

/* The WHERE clause of the lists, its parameters numbered ?1..?11. */
#define FILTER_WHERE                                                                                                   \
	"WHERE (?1 IS NULL OR p.slug = ?1) AND (?2 = 0 OR EXISTS (SELECT 1 FROM contribution_theme ct WHERE "          \
	"ct.contribution_id = c.id AND ct.theme_id = ?2)) AND (?3 = 0 OR EXISTS (SELECT 1 FROM "                       \
	"contribution_sector cs WHERE cs.contribution_id = c.id AND cs.sector_id = ?3)) AND (?4 IS NULL OR "           \
	"c.channel = ?4) AND (?5 IS NULL OR c.status = ?5) AND (?6 IS NULL OR c.moderation = ?6) AND (?7 IS NULL OR "  \
	"c.received_on >= ?7) AND (?8 IS NULL OR c.received_on <= ?8) AND (?9 = 0 OR c.moderation = 'published') "     \
	"AND (?10 IS NULL OR c.id IN (SELECT rowid FROM contribution_fts WHERE contribution_fts MATCH ?10)) "          \
	"AND (?11 = 0 OR c.meeting_id = ?11) "

long long contribution_count(const contribution_filter_t *fl)
{
	return db_int(0, "SELECT count(*) FROM contribution c JOIN project p ON p.id = c.project_id " FILTER_WHERE,
		      "tiittttti"
		      "ti",
		      fl->project, fl->theme, fl->sector, fl->channel, fl->status, fl->moderation, fl->from, fl->to,
		      (long long)fl->public_only, fl->search, fl->meeting);
}

json_t *contribution_ids(const contribution_filter_t *fl, long long limit, long long offset)
{
	return db_rows("SELECT c.id FROM contribution c JOIN project p ON p.id = c.project_id " FILTER_WHERE
		       "ORDER BY c.received_on DESC, c.id DESC LIMIT ?12 OFFSET ?13",
		       "tiittttti"
		       "tiii",
		       fl->project, fl->theme, fl->sector, fl->channel, fl->status, fl->moderation, fl->from, fl->to,
		       (long long)fl->public_only, fl->search, fl->meeting, limit, offset);
}
