/* report_notify.c — see report_notify.h and report_model.h. The e-mails
 * about reports, in French, plain text, short, with absolute links built
 * from --base-url; one outbox_enqueue per recipient, inside the caller's
 * transaction. The handler never learns who reported; the reporter never
 * reads an internal comment. */
#include "modules/report_notify.h"

#include <string.h>

#include "core/config.h"
#include "core/outbox.h"
#include "db/db.h"
#include "modules/report_model.h"
#include "view/helpers.h"

/* Longest description quoted in the reporter's summary, in bytes. */
#define SUMMARY_BYTES 300

/* What the messages say about a report (arena strings, "" when unknown). */
typedef struct notice {
	long long id;
	const char *ref, *category, *address, *sector, *description, *status, *due_at, *email;
	int notify, has_token, has_point;
	double lat, lon;
} notice_t;

/* A string column of row, copied into the arena ("" for NULL). */
static const char *col(req_t *r, json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));
	return arena_strdup(r->arena, s ? s : "");
}

/* Loads what the messages need. 0, or -1 when there is no such report. */
static int notice_load(req_t *r, long long report_id, notice_t *n)
{
	json_t *row =
	    db_row("SELECT r.ref, c.name AS category, r.address, s.name AS sector, r.description, "
		   "r.status, r.due_at, r.reporter_email, r.notify, r.follow_token_hash IS NOT NULL AS has_token, "
		   "r.lat, r.lon, r.lat IS NOT NULL AS has_point "
		   "FROM report r JOIN report_category c ON c.id = r.category_id "
		   "LEFT JOIN sector s ON s.id = r.sector_id WHERE r.id = ?",
		   "i", report_id);
	if (!row)
		return -1;
	n->id = report_id;
	n->ref = col(r, row, "ref");
	n->category = col(r, row, "category");
	n->address = col(r, row, "address");
	n->sector = col(r, row, "sector");
	n->description = col(r, row, "description");
	n->status = col(r, row, "status");
	n->due_at = col(r, row, "due_at");
	n->email = col(r, row, "reporter_email");
	n->notify = json_integer_value(json_object_get(row, "notify")) != 0;
	n->has_token = json_integer_value(json_object_get(row, "has_token")) != 0;
	n->has_point = json_integer_value(json_object_get(row, "has_point")) != 0;
	n->lat = json_number_value(json_object_get(row, "lat"));
	n->lon = json_number_value(json_object_get(row, "lon"));
	json_decref(row);
	return 0;
}

/* --base-url without its trailing slashes. Arena string. */
static const char *base_url(req_t *r)
{
	const char *b = g_config.base_url ? g_config.base_url : "";
	size_t n = strlen(b);
	while (n > 0 && b[n - 1] == '/')
		n--;
	return arena_strndup(r->arena, b, n);
}

/* The place in words: address, sector, position. Arena string. */
static const char *notice_place(req_t *r, const notice_t *n)
{
	buf_t b;
	buf_init(&b, r->arena, 128);
	if (*n->address)
		buf_puts(&b, n->address);
	if (*n->sector)
		buf_printf(&b, "%s %s", b.len ? ", secteur" : "Secteur", n->sector);
	if (n->has_point)
		buf_printf(&b, "%s(position %.6f, %.6f)", b.len ? " " : "", n->lat, n->lon);
	return b.len ? b.data : "non précisé";
}

/* The first SUMMARY_BYTES bytes of s, cut on a character boundary, with
 * « … » when shortened. Arena string. */
static const char *summary(req_t *r, const char *s)
{
	size_t len = strlen(s);
	if (len <= SUMMARY_BYTES)
		return s;
	size_t n = SUMMARY_BYTES;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return arena_printf(r->arena, "%.*s…", (int)n, s);
}

/* The private follow-up link of a report, or NULL when it has none. */
static const char *follow_url(req_t *r, const notice_t *n, const char *token)
{
	if (!token && n->has_token)
		token = report_follow_token(r, n->ref);
	return token ? arena_printf(r->arena, "%s/suivi/%s", base_url(r), token) : NULL;
}

/* ---- to the handler organisation ---- */

/* The addresses told of a routing to org_id: the organisation's own, then
 * its active partner accounts, without repeats (case aside). */
static json_t *handler_addresses(long long org_id)
{
	return db_rows("SELECT email FROM (SELECT email, 0 AS k FROM organization WHERE id = ?1 "
		       "AND email IS NOT NULL AND email <> '' "
		       "UNION ALL SELECT email, 1 FROM account WHERE organization_id = ?1 AND role = 'partner' "
		       "AND disabled_at IS NULL) GROUP BY lower(email) ORDER BY min(k), lower(email)",
		       "i", org_id);
}

static const char *routed_body(req_t *r, const notice_t *n)
{
	return arena_printf(r->arena,
			    "Bonjour,\n\n"
			    "Un signalement vous est transmis pour traitement.\n\n"
			    "Référence : %s\n"
			    "Catégorie : %s\n"
			    "Lieu : %s\n"
			    "À traiter avant le : %s (heure de Paris)\n\n"
			    "Description :\n%s\n\n"
			    "Voir et suivre ce signalement :\n%s/gestion/signalements/%lld\n\n"
			    "-- \nquartier, gestion urbaine et sociale de proximité\n"
			    "Message automatique : merci de ne pas y répondre.\n",
			    n->ref, n->category, notice_place(r, n), *n->due_at ? time_fr(r, n->due_at) : "non fixé",
			    n->description, base_url(r), n->id);
}

int report_notify_routed(req_t *r, long long report_id, long long org_id)
{
	notice_t n;
	if (notice_load(r, report_id, &n) != 0)
		return -1;
	json_t *to = handler_addresses(org_id);
	const char *subject = arena_printf(r->arena, "[quartier] Signalement %s à traiter : %s", n.ref, n.category);
	const char *body = routed_body(r, &n);
	int rc = 0;
	size_t i;
	json_t *row;
	json_array_foreach(to, i, row)
	{
		const char *addr = json_string_value(json_object_get(row, "email"));
		if (addr && outbox_enqueue(addr, subject, body, "report", report_id) != 0)
			rc = -1;
	}
	json_decref(to);
	return rc;
}

/* ---- to the reporter ---- */

/* 1 when the reporter asked for e-mails and left an address. */
static int reporter_wants_mail(const notice_t *n)
{
	return n->notify && *n->email;
}

int report_notify_created(req_t *r, long long report_id, const char *follow_token)
{
	notice_t n;
	if (notice_load(r, report_id, &n) != 0)
		return -1;
	if (!reporter_wants_mail(&n))
		return 0;
	const char *link = follow_url(r, &n, follow_token);
	const char *subject = arena_printf(r->arena, "[quartier] Votre signalement %s est enregistré", n.ref);
	const char *body = arena_printf(
	    r->arena,
	    "Bonjour,\n\n"
	    "Merci : votre signalement est enregistré sous la référence %s.\n\n"
	    "Catégorie : %s\n"
	    "Lieu : %s\n"
	    "Description : %s\n"
	    "État : %s\n\n"
	    "%s%s%s"
	    "Vous recevrez un courriel à chaque étape de son traitement.\n\n"
	    "-- \nquartier, gestion urbaine et sociale de proximité\n"
	    "Message automatique : merci de ne pas y répondre.\n",
	    n.ref, n.category, notice_place(r, &n), summary(r, n.description), report_status_label(n.status),
	    link ? "Suivez-le à cette adresse personnelle (ne la partagez pas) ; vous pourrez aussi y arrêter "
		   "ces courriels :\n"
		 : "",
	    link ? link : "", link ? "\n\n" : "");
	return outbox_enqueue(n.email, subject, body, "report", report_id) == 0 ? 0 : -1;
}

/* The public part of event_id of report_id: 0 with *to_status and
 * *comment set (arena strings), or -1 when the event is not public, not of
 * this report, or says nothing new to the reporter. */
static int public_event(req_t *r, long long report_id, long long event_id, const char **to_status, const char **comment)
{
	json_t *ev = db_row("SELECT kind, from_status, to_status, public_comment, is_public FROM report_event "
			    "WHERE id = ? AND report_id = ?",
			    "ii", event_id, report_id);
	if (!ev)
		return -1;
	const char *kind = col(r, ev, "kind");
	const char *from = col(r, ev, "from_status");
	*to_status = col(r, ev, "to_status");
	*comment = col(r, ev, "public_comment");
	int is_public = json_integer_value(json_object_get(ev, "is_public")) != 0;
	json_decref(ev);
	int changed = **to_status && strcmp(from, *to_status) != 0;
	if (!is_public || strcmp(kind, "created") == 0 || (!changed && !**comment))
		return -1;
	return 0;
}

int report_notify_reporter(req_t *r, long long report_id, long long event_id)
{
	notice_t n;
	if (notice_load(r, report_id, &n) != 0)
		return -1;
	const char *to_status, *comment;
	if (!reporter_wants_mail(&n) || public_event(r, report_id, event_id, &to_status, &comment) != 0)
		return 0;
	const char *label = report_status_label(*to_status ? to_status : n.status);
	const char *link = follow_url(r, &n, NULL);
	const char *subject = arena_printf(r->arena, "[quartier] Signalement %s : %s", n.ref, label);
	const char *body =
	    arena_printf(r->arena,
			 "Bonjour,\n\n"
			 "Votre signalement %s (%s) a du nouveau.\n\n"
			 "État : %s\n"
			 "%s%s%s\n"
			 "%s%s%s"
			 "-- \nquartier, gestion urbaine et sociale de proximité\n"
			 "Message automatique : merci de ne pas y répondre.\n",
			 n.ref, n.category, label, *comment ? "Commentaire : " : "", comment, *comment ? "\n" : "",
			 link ? "Suivre le signalement, ou ne plus recevoir ces courriels :\n" : "", link ? link : "",
			 link ? "\n\n" : "");
	return outbox_enqueue(n.email, subject, body, "report", report_id) == 0 ? 0 : -1;
}
