/* report_model.c — see report_model.h. */
#include "modules/report_model.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "core/audit.h"
#include "db/db.h"
#include "http/session.h"
#include "modules/geojson.h"
#include "view/helpers.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- words (GLOSSARY.md) ---- */

const char *const report_statuses[] = {"new",      "routed", "acknowledged", "scheduled", "in_progress",
				       "resolved", "closed", "rejected",     "duplicate", NULL};
const char *const report_strands[] = {"corrective", "works", "watch", NULL};
const char *const report_sources[] = {"web", "staff", "walk", "open311", NULL};

static const char *const status_labels[][2] = {
	{"new", "Nouveau"},
	{"routed", "Transmis au gestionnaire"},
	{"acknowledged", "Pris en compte"},
	{"scheduled", "Intervention programmée"},
	{"in_progress", "En cours de traitement"},
	{"resolved", "Résolu"},
	{"closed", "Clos"},
	{"rejected", "Rejeté"},
	{"duplicate", "Doublon"},
};
static const char *const strand_labels[][2] = {
	{"corrective", "Volet correctif"},
	{"works", "Nuisances de travaux"},
	{"watch", "Veille et anticipation"},
};
static const char *const source_labels[][2] = {
	{"web", "Site (habitant)"},
	{"staff", "Saisie interne"},
	{"walk", "Diagnostic en marchant"},
	{"open311", "Open311"},
};

static const char *label_in(const char *const (*t)[2], size_t n, const char *key)
{
	for (size_t i = 0; key && i < n; i++)
		if (strcmp(t[i][0], key) == 0)
			return t[i][1];
	return key ? key : "";
}

const char *report_status_label(const char *s)
{
	return label_in(status_labels, NELEM(status_labels), s);
}

const char *report_strand_label(const char *s)
{
	return label_in(strand_labels, NELEM(strand_labels), s);
}

const char *report_source_label(const char *s)
{
	return label_in(source_labels, NELEM(source_labels), s);
}

static int is(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static int one_of(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (is(s, *set))
			return 1;
	return 0;
}

int report_status_is_open(const char *s)
{
	static const char *const open[] = {"new", "routed", "acknowledged", "scheduled", "in_progress", NULL};
	return one_of(s, open);
}

/* ---- who may do what ---- */

report_actor_kind_t report_actor_for(const account_t *u, long long handler_org_id)
{
	if (!u)
		return ACTOR_NONE;
	if (u->role_bit & (ROLE_STAFF | ROLE_ADMIN))
		return ACTOR_STAFF;
	if ((u->role_bit & ROLE_PARTNER) && handler_org_id && u->organization_id == handler_org_id)
		return ACTOR_PARTNER;
	return ACTOR_NONE;
}

int report_visible_to(const account_t *u, long long handler_org_id)
{
	return report_actor_for(u, handler_org_id) != ACTOR_NONE;
}

long long report_scope_org(const account_t *u)
{
	if (!u)
		return -1;
	if (u->role_bit & (ROLE_STAFF | ROLE_ADMIN))
		return 0;
	if ((u->role_bit & ROLE_PARTNER) && u->organization_id)
		return u->organization_id;
	return -1;
}

/* A reopening goes back to the handler (routed), or to the officer (new)
 * when there is none: both targets count as "reopen". */
static int is_reopen(const char *from, const char *to)
{
	static const char *const ended[] = {"resolved", "closed", "rejected", "duplicate", NULL};
	return one_of(from, ended) && (is(to, "routed") || is(to, "new"));
}

int report_transition_allowed(report_actor_kind_t actor, const char *from, const char *to)
{
	static const char *const taken[] = {"routed", "acknowledged", NULL};
	static const char *const working[] = {"routed", "acknowledged", "scheduled", "in_progress", NULL};
	static const char *const ends_for_staff[] = {"rejected", "duplicate", NULL};
	if (!from || !to || is(from, to) || !one_of(to, report_statuses))
		return 0;
	switch (actor) {
	case ACTOR_STAFF:
		if (is(from, "new"))
			return one_of(to, ends_for_staff);
		if (one_of(from, working)) {
			if (one_of(to, ends_for_staff) || is(to, "resolved") || is(to, "scheduled") || is(to, "in_progress"))
				return 1;
			if (one_of(from, taken))
				return is(to, "acknowledged") || is(to, "new");
			return 0;
		}
		if (is(from, "resolved") && is(to, "closed"))
			return 1;
		return is_reopen(from, to);
	case ACTOR_PARTNER:
		if (is(to, "acknowledged"))
			return is(from, "routed");
		if (is(to, "scheduled"))
			return one_of(from, taken);
		if (is(to, "in_progress"))
			return one_of(from, taken) || is(from, "scheduled");
		if (is(to, "resolved"))
			return one_of(from, working);
		if (is(to, "new"))
			return one_of(from, taken);
		return 0;
	case ACTOR_REPORTER:
		return is(from, "resolved") && (is(to, "routed") || is(to, "new"));
	case ACTOR_NONE:
		break;
	}
	return 0;
}

json_t *report_next_states(report_actor_kind_t actor, const char *from)
{
	json_t *out = json_array();
	for (const char *const *s = report_statuses; *s; s++) {
		if (!report_transition_allowed(actor, from, *s))
			continue;
		const char *label = report_status_label(*s);
		if (is_reopen(from, *s))
			label = is(*s, "new") ? "Rouvrir (vers l'équipe projet)" : "Rouvrir (vers le gestionnaire)";
		else if (is(*s, "new"))
			label = "Renvoyer à l'équipe projet (hors de notre ressort)";
		json_array_append_new(out, json_pack("{s:s, s:s}", "value", *s, "label", label));
	}
	return out;
}

/* ---- small helpers ---- */

/* now + hours, as UTC ISO 8601, into buf[21]. */
static void iso_plus_hours(const char *from_iso, long long hours, char buf[21])
{
	struct tm tm = {0};
	if (!from_iso || !strptime(from_iso, "%Y-%m-%dT%H:%M:%SZ", &tm)) {
		db_now(buf);
		return;
	}
	time_t t = timegm(&tm) + (time_t)(hours * 3600);
	gmtime_r(&t, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The next public reference of the year of `now`: S-2026-00042. */
static const char *next_ref(req_t *r, const char *now)
{
	long long year = strtoll(now, NULL, 10);
	if (db_exec("INSERT INTO report_counter (year, n) VALUES (?, 1) "
		    "ON CONFLICT(year) DO UPDATE SET n = n + 1",
		    "i", year) != 0)
		return NULL;
	long long n = db_int(0, "SELECT n FROM report_counter WHERE year = ?", "i", year);
	return arena_printf(r->arena, "S-%lld-%05lld", year, n);
}

const char *report_follow_token(req_t *r, const char *ref)
{
	static const char domain[] = "suivi:";
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, g_secret, sizeof g_secret);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)domain, sizeof domain - 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)ref, strlen(ref));
	crypto_auth_hmacsha256_final(&st, mac);
	size_t len = sodium_base64_ENCODED_LEN(sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(r->arena, len);
	sodium_bin2base64(out, len, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

static const char *actor_name(req_t *r)
{
	return r && r->user ? r->user->name : "Système";
}

/* ---- routing ---- */

long long report_route_for(long long category_id, long long sector_id)
{
	if (sector_id) {
		long long org = db_int(0, "SELECT org_id FROM report_routing WHERE category_id = ? AND sector_id = ?",
				       "ii", category_id, sector_id);
		if (org)
			return org;
	}
	return db_int(0, "SELECT default_org_id FROM report_category WHERE id = ?", "i", category_id);
}

long long report_sector_at(double lat, double lon)
{
	json_t *rows = db_rows("SELECT s.id, s.geojson FROM sector s JOIN project p ON p.id = s.project_id "
			       "WHERE s.geojson IS NOT NULL ORDER BY p.position, p.id, s.position, s.id",
			       "");
	long long found = 0;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		if (geojson_contains(json_string_value(json_object_get(row, "geojson")), lon, lat)) {
			found = json_integer_value(json_object_get(row, "id"));
			break;
		}
	}
	json_decref(rows);
	return found;
}

/* ---- events ---- */

long long report_event_add(req_t *r, long long report_id, const char *kind, const char *from, const char *to,
			   long long handler_org_id, const char *public_comment, const char *internal_comment,
			   int is_public, const char *actor_label)
{
	char now[21];
	db_now(now);
	long long actor_id = r && r->user ? r->user->id : 0;
	int rc = db_exec("INSERT INTO report_event (report_id, at, actor_id, actor_label, kind, from_status, to_status, "
			 "handler_org_id, public_comment, internal_comment, is_public) "
			 "VALUES (?, ?, NULLIF(?, 0), ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?)",
			 "itittttitti", report_id, now, actor_id, actor_label ? actor_label : actor_name(r), kind, from,
			 to, handler_org_id, public_comment ? public_comment : "",
			 internal_comment ? internal_comment : "", (long long)(is_public ? 1 : 0));
	return rc == 0 ? db_last_id() : 0;
}

/* ---- creation ---- */

int report_create(req_t *r, const report_input_t *in, report_created_t *out)
{
	char now[21], due[21];
	db_now(now);
	memset(out, 0, sizeof *out);
	long long deadline = db_int(0, "SELECT deadline_hours FROM report_category WHERE id = ?", "i", in->category_id);
	if (!deadline)
		return -1;
	long long sector = in->sector_id;
	if (!sector && in->has_point)
		sector = report_sector_at(in->lat, in->lon);
	long long project = in->project_id;
	if (!project && sector)
		project = db_int(0, "SELECT project_id FROM sector WHERE id = ?", "i", sector);
	long long org = report_route_for(in->category_id, sector);
	iso_plus_hours(now, deadline, due);
	const char *ref = next_ref(r, now);
	if (!ref)
		return -1;
	const char *token = in->with_follow_token ? report_follow_token(r, ref) : NULL;
	const char *email = in->reporter_email && *in->reporter_email ? in->reporter_email : NULL;
	const char *name = in->reporter_name && *in->reporter_name ? in->reporter_name : NULL;
	const char *status = org ? "routed" : "new";
	long long has_point = in->has_point ? 1 : 0;
	long long notify = in->notify && email ? 1 : 0;
	long long entered_by = r && r->user ? r->user->id : 0;
	/* lat and lon are NULL without a point: CASE WHEN has_point THEN value END */
	int rc = db_exec(
		"INSERT INTO report (ref, category_id, project_id, sector_id, lat, lon, address, description, status, "
		"handler_org_id, due_at, walk_id, source, reporter_email, reporter_name, reporter_account_id, notify, "
		"follow_token_hash, created_at, updated_at) "
		"VALUES (?, ?, NULLIF(?, 0), NULLIF(?, 0), CASE WHEN ? THEN ? END, CASE WHEN ? THEN ? END, ?, ?, ?, "
		"NULLIF(?, 0), ?, NULLIF(?, 0), ?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?)",
		"tiiiididtttititttiittt", ref, in->category_id, project, sector, has_point, in->lat, has_point, in->lon,
		in->address ? in->address : "", in->description, status, org, due, in->walk_id, in->source, email, name,
		entered_by, notify, token ? token_hash_hex(r->arena, token) : NULL, now, now);
	if (rc != 0)
		return -1;
	long long id = db_last_id();
	const char *who = r && r->user ? r->user->name : "Habitant";
	if (!report_event_add(r, id, "created", NULL, "new", 0, NULL, NULL, 1, who))
		return -1;
	if (org) {
		if (!report_event_add(r, id, "routed", "new", "routed", org, NULL, NULL, 1, "Système") ||
		    report_notify_routed(r, id, org) != 0)
			return -1;
	}
	if (has_point && hotspot_check(r, id) != 0)
		return -1;
	if (token && email && report_notify_created(r, id, token) != 0)
		return -1;
	if (audit_record(r, "report.create", "report", id, "%s créé (%s), source %s", ref, status, in->source) != 0)
		return -1;
	out->id = id;
	out->ref = ref;
	out->follow_token = token;
	out->status = status;
	out->handler_org_id = org;
	return 0;
}

/* ---- changes ---- */

typedef struct report_state {
	long long id;
	const char *ref;
	const char *status;
	long long handler_org_id;
} report_state_t;

/* Reads the fields the rules need. 0, or -1 when there is no such report. */
static int state_load(req_t *r, long long id, report_state_t *st)
{
	json_t *row = db_row("SELECT id, ref, status, COALESCE(handler_org_id, 0) AS org FROM report WHERE id = ?", "i", id);
	if (!row)
		return -1;
	st->id = id;
	st->ref = arena_strdup(r->arena, json_string_value(json_object_get(row, "ref")));
	st->status = arena_strdup(r->arena, json_string_value(json_object_get(row, "status")));
	st->handler_org_id = json_integer_value(json_object_get(row, "org"));
	json_decref(row);
	return 0;
}

static int empty(const char *s)
{
	return !s || !*s;
}

/* Tells the reporter of a public event. */
static int tell_reporter(req_t *r, long long report_id, long long event_id, int is_public)
{
	return is_public ? report_notify_reporter(r, report_id, event_id) : 0;
}

report_result_t report_change_status(req_t *r, long long report_id, report_actor_kind_t actor, const char *to,
				     const char *public_comment, const char *internal_comment,
				     const char *duplicate_of_ref, const char **message)
{
	report_state_t st;
	*message = NULL;
	if (state_load(r, report_id, &st) != 0)
		return REPORT_NOT_FOUND;
	if (!report_transition_allowed(actor, st.status, to)) {
		*message = arena_printf(r->arena, "Ce signalement ne peut pas passer de « %s » à « %s ».",
					report_status_label(st.status), report_status_label(to));
		return REPORT_FORBIDDEN;
	}
	int reopen = is_reopen(st.status, to);
	if (reopen)
		to = st.handler_org_id ? "routed" : "new";
	long long duplicate_of = 0;
	if (is(to, "rejected") && empty(public_comment)) {
		*message = "Indiquez la raison du rejet dans le commentaire public.";
		return REPORT_INVALID;
	}
	if (is(to, "new") && !reopen && empty(internal_comment)) {
		*message = "Expliquez dans le commentaire interne pourquoi ce signalement n'est pas de votre ressort.";
		return REPORT_INVALID;
	}
	if (is(to, "duplicate")) {
		duplicate_of = empty(duplicate_of_ref) ? 0 : report_id_by_ref(duplicate_of_ref);
		if (!duplicate_of || duplicate_of == report_id) {
			*message = "Indiquez la référence d'un autre signalement existant (S-AAAA-NNNNN).";
			return REPORT_INVALID;
		}
		/* the original, never another duplicate: no chain, no cycle */
		if (db_int(0, "SELECT 1 FROM report WHERE id = ? AND status = 'duplicate'", "i", duplicate_of)) {
			*message = arena_printf(r->arena,
						"%s est lui-même un doublon : indiquez la référence du signalement "
						"d'origine.",
						duplicate_of_ref);
			return REPORT_INVALID;
		}
	}
	char now[21];
	db_now(now);
	long long resolved = is(to, "resolved"), ended = is(to, "closed") || is(to, "rejected") || is(to, "duplicate");
	if (db_exec("UPDATE report SET status = ?, updated_at = ?, duplicate_of = NULLIF(?, 0), "
		    "resolved_at = CASE WHEN ? THEN ? WHEN ? = 'resolved' OR ? = 'closed' THEN resolved_at END, "
		    "closed_at = CASE WHEN ? THEN ? END, "
		    "handler_org_id = CASE WHEN ? = 'new' THEN NULL ELSE handler_org_id END WHERE id = ?",
		    "ttiitttitti", to, now, duplicate_of, resolved, now, to, to, ended, now, to, report_id) != 0)
		return REPORT_DB_ERROR;
	const char *who = actor == ACTOR_REPORTER ? "Habitant" : NULL;
	long long ev = report_event_add(r, report_id, reopen ? "reopened" : "status", st.status, to, 0, public_comment,
					internal_comment, 1, who);
	if (!ev || tell_reporter(r, report_id, ev, 1) != 0)
		return REPORT_DB_ERROR;
	/* a reopened report goes back to its handler, who must hear of it */
	if (reopen && st.handler_org_id && report_notify_routed(r, report_id, st.handler_org_id) != 0)
		return REPORT_DB_ERROR;
	if (audit_record(r, "report.status", "report", report_id, "%s : %s → %s", st.ref, st.status, to) != 0)
		return REPORT_DB_ERROR;
	return REPORT_OK;
}

report_result_t report_route(req_t *r, long long report_id, long long org_id, const char *internal_comment,
			     const char **message)
{
	report_state_t st;
	*message = NULL;
	if (state_load(r, report_id, &st) != 0)
		return REPORT_NOT_FOUND;
	if (!report_status_is_open(st.status)) {
		*message = "Un signalement terminé ne peut pas être transmis : rouvrez-le d'abord.";
		return REPORT_INVALID;
	}
	if (!db_int(0, "SELECT 1 FROM organization WHERE id = ?", "i", org_id)) {
		*message = "Choisissez une organisation existante.";
		return REPORT_INVALID;
	}
	if (org_id == st.handler_org_id) {
		*message = "Ce signalement est déjà transmis à cette organisation.";
		return REPORT_INVALID;
	}
	/* the new handler has not acknowledged anything yet */
	const char *to = "routed";
	char now[21];
	db_now(now);
	if (db_exec("UPDATE report SET handler_org_id = ?, status = ?, updated_at = ? WHERE id = ?", "itti", org_id, to,
		    now, report_id) != 0)
		return REPORT_DB_ERROR;
	long long ev = report_event_add(r, report_id, "routed", st.status, to, org_id, NULL, internal_comment, 1, NULL);
	if (!ev || report_notify_routed(r, report_id, org_id) != 0 || tell_reporter(r, report_id, ev, 1) != 0)
		return REPORT_DB_ERROR;
	if (audit_record(r, "report.route", "report", report_id, "%s transmis à l'organisation %lld (avant : %lld)",
			 st.ref, org_id, st.handler_org_id) != 0)
		return REPORT_DB_ERROR;
	return REPORT_OK;
}

report_result_t report_comment(req_t *r, long long report_id, report_actor_kind_t actor, const char *public_comment,
			       const char *internal_comment, const char **message)
{
	report_state_t st;
	*message = NULL;
	if (state_load(r, report_id, &st) != 0)
		return REPORT_NOT_FOUND;
	if (actor != ACTOR_STAFF && actor != ACTOR_PARTNER)
		return REPORT_FORBIDDEN;
	if (empty(public_comment) && empty(internal_comment)) {
		*message = "Écrivez un commentaire, public ou interne.";
		return REPORT_INVALID;
	}
	int pub = !empty(public_comment);
	long long ev = report_event_add(r, report_id, "comment", NULL, NULL, 0, public_comment, internal_comment, pub,
					NULL);
	char now[21];
	db_now(now);
	if (!ev || db_exec("UPDATE report SET updated_at = ? WHERE id = ?", "ti", now, report_id) != 0 ||
	    tell_reporter(r, report_id, ev, pub) != 0)
		return REPORT_DB_ERROR;
	if (audit_record(r, "report.comment", "report", report_id, "%s : commentaire %s", st.ref,
			 pub ? "public" : "interne") != 0)
		return REPORT_DB_ERROR;
	return REPORT_OK;
}

/* ---- reading ---- */

long long report_id_by_ref(const char *ref)
{
	return ref ? db_int(0, "SELECT id FROM report WHERE ref = ?", "t", ref) : 0;
}

long long report_id_by_follow_token(req_t *r, const char *token)
{
	if (!token || strlen(token) != 43)
		return 0;
	return db_int(0, "SELECT id FROM report WHERE follow_token_hash = ?", "t", token_hash_hex(r->arena, token));
}

/* Adds status_label, strand_label, source_label and the Paris times. */
static void decorate(req_t *r, json_t *o)
{
	json_object_set_new(o, "status_label",
			    json_string(report_status_label(json_string_value(json_object_get(o, "status")))));
	json_object_set_new(o, "is_open", json_boolean(report_status_is_open(json_string_value(json_object_get(o, "status")))));
	if (json_object_get(o, "strand"))
		json_object_set_new(o, "strand_label",
				    json_string(report_strand_label(json_string_value(json_object_get(o, "strand")))));
	if (json_object_get(o, "source"))
		json_object_set_new(o, "source_label",
				    json_string(report_source_label(json_string_value(json_object_get(o, "source")))));
	static const char *const times[] = {"created_at", "updated_at", "due_at", "resolved_at", "closed_at", NULL};
	for (const char *const *t = times; *t; t++) {
		const char *v = json_string_value(json_object_get(o, *t));
		if (v)
			json_object_set_new(o, arena_printf(r->arena, "%s_fr", *t), json_string(time_fr(r, v)));
	}
}

json_t *report_load(req_t *r, long long report_id)
{
	json_t *o = db_row(
		"SELECT rp.id, rp.ref, rp.category_id, c.code AS category_code, c.name AS category_name, c.strand, "
		"rp.project_id, p.name AS project_name, p.slug AS project_slug, rp.sector_id, s.name AS sector_name, "
		"rp.lat, rp.lon, rp.address, rp.description, rp.status, rp.handler_org_id, o.name AS handler_name, "
		"rp.due_at, rp.duplicate_of, d.ref AS duplicate_of_ref, rp.walk_id, w.title AS walk_title, rp.hotspot_id, "
		"rp.source, rp.reporter_email, rp.reporter_name, rp.notify, rp.created_at, rp.updated_at, rp.resolved_at, "
		"rp.closed_at, "
		"(rp.due_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now') AND rp.status IN "
		"('new','routed','acknowledged','scheduled','in_progress')) AS overdue "
		"FROM report rp JOIN report_category c ON c.id = rp.category_id "
		"LEFT JOIN project p ON p.id = rp.project_id LEFT JOIN sector s ON s.id = rp.sector_id "
		"LEFT JOIN organization o ON o.id = rp.handler_org_id LEFT JOIN report d ON d.id = rp.duplicate_of "
		"LEFT JOIN walk w ON w.id = rp.walk_id WHERE rp.id = ?",
		"i", report_id);
	if (!o)
		return NULL;
	decorate(r, o);
	json_object_set_new(o, "overdue", json_boolean(json_integer_value(json_object_get(o, "overdue"))));
	json_object_set_new(o, "attributes",
			    db_rows("SELECT v.code, COALESCE(a.label, v.code) AS label, v.value FROM report_attribute_value v "
				    "LEFT JOIN report_category_attribute a ON a.category_id = ? AND a.code = v.code "
				    "WHERE v.report_id = ? ORDER BY a.position, v.code",
				    "ii", json_integer_value(json_object_get(o, "category_id")), report_id));
	json_t *photos = db_rows("SELECT upload_id AS id, hidden FROM report_photo WHERE report_id = ? ORDER BY position, upload_id",
				 "i", report_id);
	size_t i;
	json_t *ph;
	json_array_foreach(photos, i, ph)
	{
		json_object_set_new(ph, "url", json_string(arena_printf(r->arena, "/photos/%lld",
									 (long long)json_integer_value(json_object_get(ph, "id")))));
		json_object_set_new(ph, "hidden", json_boolean(json_integer_value(json_object_get(ph, "hidden"))));
	}
	json_object_set_new(o, "photos", photos);
	return o;
}

json_t *report_public_json(req_t *r, long long report_id)
{
	json_t *o = db_row(
		"SELECT rp.ref, c.code AS category_code, c.name AS category_name, c.strand, rp.status, rp.lat, rp.lon, "
		"rp.address, rp.description, s.name AS sector_name, p.slug AS project_slug, p.name AS project_name, "
		"o.name AS handler_name, rp.due_at, rp.created_at, rp.updated_at, "
		"(SELECT e.public_comment FROM report_event e WHERE e.report_id = rp.id AND e.public_comment <> '' "
		" ORDER BY e.at DESC, e.id DESC LIMIT 1) AS status_notes, d.ref AS duplicate_of_ref "
		"FROM report rp JOIN report_category c ON c.id = rp.category_id "
		"LEFT JOIN sector s ON s.id = rp.sector_id LEFT JOIN project p ON p.id = rp.project_id "
		"LEFT JOIN organization o ON o.id = rp.handler_org_id LEFT JOIN report d ON d.id = rp.duplicate_of "
		"WHERE rp.id = ?",
		"i", report_id);
	if (!o)
		return NULL;
	decorate(r, o);
	json_t *photos = db_rows("SELECT '/photos/' || upload_id AS url FROM report_photo WHERE report_id = ? AND hidden = 0 "
				 "ORDER BY position, upload_id",
				 "i", report_id);
	json_object_set_new(o, "photos", photos);
	return o;
}

json_t *report_events(req_t *r, long long report_id, int with_internal)
{
	json_t *rows = with_internal
			       ? db_rows("SELECT e.id, e.at, e.actor_label, e.kind, e.from_status, e.to_status, "
					 "o.name AS handler_name, e.public_comment, e.internal_comment, e.is_public "
					 "FROM report_event e LEFT JOIN organization o ON o.id = e.handler_org_id "
					 "WHERE e.report_id = ? ORDER BY e.at, e.id",
					 "i", report_id)
			       : db_rows("SELECT e.id, e.at, e.kind, e.from_status, e.to_status, o.name AS handler_name, "
					 "e.public_comment FROM report_event e "
					 "LEFT JOIN organization o ON o.id = e.handler_org_id "
					 "WHERE e.report_id = ? AND e.is_public = 1 ORDER BY e.at, e.id",
					 "i", report_id);
	size_t i;
	json_t *e;
	json_array_foreach(rows, i, e)
	{
		json_object_set_new(e, "at_fr", json_string(time_fr(r, json_string_value(json_object_get(e, "at")))));
		const char *to = json_string_value(json_object_get(e, "to_status"));
		if (to)
			json_object_set_new(e, "to_status_label", json_string(report_status_label(to)));
		if (json_object_get(e, "is_public"))
			json_object_set_new(e, "is_public", json_boolean(json_integer_value(json_object_get(e, "is_public"))));
	}
	return rows;
}
