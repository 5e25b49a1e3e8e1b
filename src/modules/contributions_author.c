/* contributions_author.c — what the register does with an author's
 * details, which exist only with their consent: the answer e-mailed to them
 * (through the outbox, inside the writer's transaction) and the erasure of
 * the details some time after the answer (a job of src/jobs.c, option
 * --contributor-retention-days). Declared in contributions.h. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/config.h"
#include "core/log.h"
#include "core/outbox.h"
#include "db/db.h"
#include "modules/contributions.h"

/* Longest quotation of the contribution in the e-mail, in bytes. */
#define QUOTE_BYTES 280

/* 1 for the states that carry an answer the author is told of. */
static int answer_state(const char *status)
{
	return status && (strcmp(status, "answered") == 0 || strcmp(status, "taken_into_account") == 0 ||
			  strcmp(status, "out_of_scope") == 0);
}

/* The beginning of s, at most QUOTE_BYTES bytes, cut after a whole word
 * when one ends in the second half, with « … » when shortened. Arena string. */
static const char *quote(req_t *r, const char *s)
{
	size_t len = strlen(s);
	if (len <= QUOTE_BYTES)
		return s;
	size_t n = QUOTE_BYTES;
	while (n > QUOTE_BYTES / 2 && s[n] != ' ')
		n--;
	if (s[n] != ' ')
		for (n = QUOTE_BYTES; n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80; n--)
			;
	return arena_printf(r->arena, "%.*s…", (int)n, s);
}

/* A string column of row ("" for NULL). Borrowed from row. */
static const char *col(json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));
	return s ? s : "";
}

/* The public list of the project's contributions, absolute. Arena string. */
static const char *public_list_url(req_t *r, const char *slug)
{
	const char *b = g_config.base_url ? g_config.base_url : "";
	size_t n = strlen(b);
	while (n > 0 && b[n - 1] == '/')
		n--;
	return arena_printf(r->arena, "%.*s/projets/%s/contributions", (int)n, b, slug);
}

/* The text of the e-mail. Arena string. */
static const char *answer_mail(req_t *r, json_t *c, int update)
{
	const char *name = col(c, "author_name"), *day = col(c, "received_on");
	int published = strcmp(col(c, "moderation"), "published") == 0;
	return arena_printf(
	    r->arena,
	    "Bonjour%s%s,\n\n"
	    "%s"
	    "Le %.2s/%.2s/%.4s, vous avez apporté cette contribution à la concertation sur le projet %s :\n\n"
	    "« %s »\n\n"
	    "État : %s\n"
	    "Réponse apportée / suite donnée par l'équipe du projet :\n\n%s\n\n"
	    "%s%s%s"
	    "Vous recevez ce courriel parce que vous avez laissé votre adresse pour recevoir la réponse. "
	    "Vos coordonnées seront effacées %lld jours après la réponse.\n\n"
	    "-- \nquartier, concertation des projets de renouvellement urbain\n"
	    "Message automatique : merci de ne pas y répondre.\n",
	    *name ? " " : "", name, update ? "La réponse à votre contribution a été mise à jour.\n\n" : "", day + 8,
	    day + 5, day, col(c, "project_name"), quote(r, col(c, "body")), contribution_status_label(col(c, "status")),
	    col(c, "answer"),
	    published ? "Votre contribution et sa réponse sont publiées, sans votre nom ni vos coordonnées :\n" : "",
	    published ? public_list_url(r, col(c, "slug")) : "", published ? "\n\n" : "",
	    g_config.contributor_retention_days);
}

int contribution_notify_answer(req_t *r, long long id, const char *previous)
{
	json_t *c = db_row("SELECT c.body, c.received_on, c.status, c.answer, c.author_name, c.author_email, "
			   "c.author_consent_at IS NOT NULL AS consent, c.answer_notified_at IS NOT NULL AS told, "
			   "c.moderation, p.slug, p.name AS project_name FROM contribution c JOIN project p ON "
			   "p.id = c.project_id WHERE c.id = ?",
			   "i", id);
	if (!c)
		return 0;
	const char *email = col(c, "author_email"), *answer = col(c, "answer");
	int told = json_integer_value(json_object_get(c, "told")) != 0;
	int rc = 0;
	/* No consent or no address: nothing. Told already of this very text: nothing. */
	if (json_integer_value(json_object_get(c, "consent")) && *email && *answer && answer_state(col(c, "status")) &&
	    !(told && previous && strcmp(previous, answer) == 0)) {
		char now[21];
		db_now(now);
		rc = outbox_enqueue(email,
				    told ? "Réponse mise à jour à votre contribution" : "Réponse à votre contribution",
				    answer_mail(r, c, told), "contribution", id);
		if (rc == 0)
			rc = db_exec("UPDATE contribution SET answer_notified_at = ? WHERE id = ?", "ti", now, id);
	}
	json_decref(c);
	return rc;
}

void contributions_retention_purge(void)
{
	time_t before_t = time(NULL) - (time_t)g_config.contributor_retention_days * 86400;
	struct tm tm;
	char before[21];
	gmtime_r(&before_t, &tm);
	strftime(before, sizeof before, "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* Freed pages are zeroed: erased addresses do not linger in the file. */
	db_exec("PRAGMA secure_delete = ON", NULL);
	if (db_begin() != 0)
		return;
	/* author_consent_at too: the table's CHECK wants no details without it. */
	int ok = db_exec("UPDATE contribution SET author_name = NULL, author_email = NULL, author_phone = NULL, "
			 "author_consent_at = NULL WHERE answered_at IS NOT NULL AND answered_at < ? AND "
			 "(author_name IS NOT NULL OR author_email IS NOT NULL OR author_phone IS NOT NULL OR "
			 "author_consent_at IS NOT NULL)",
			 "t", before) == 0;
	int n = ok ? db_changes() : 0;
	if (ok && n)
		ok = audit_record(NULL, "retention.purge", "contribution", 0,
				  "coordonnées de l'auteur effacées sur %d contribution(s) ayant reçu leur réponse "
				  "depuis plus de %lld jours",
				  n, g_config.contributor_retention_days) == 0;
	if (ok && db_commit() == 0) {
		if (n)
			log_info("conservation : coordonnées effacées sur %d contribution(s)", n);
		return;
	}
	db_rollback();
	log_error(
	    "conservation : l'effacement des coordonnées des contributions a échoué, nouvel essai dans une heure");
}
