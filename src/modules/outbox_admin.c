/* outbox_admin.c — see outbox_admin.h. A mail is pending (not sent, fewer
 * than OUTBOX_MAX_ATTEMPTS attempts), sent, or given up (« échec
 * définitif »: that many attempts failed). */
#include "modules/outbox_admin.h"

#include <string.h>

#include "core/audit.h"
#include "core/outbox.h"
#include "db/db.h"
#include "view/helpers.h"

#define PER_PAGE 50

/* The ?etat= filter: its value in the URL, its label, its SQL state. */
static const char *const state_choices[][2] = {
    {"en-attente", "En attente"},
    {"envoye", "Envoyés"},
    {"echec", "Échec définitif"},
};

/* The state of a mail ("pending", "sent", "failed") from its columns. */
static const char *mail_state(json_t *row)
{
	if (json_is_string(json_object_get(row, "sent_at")))
		return "sent";
	return json_integer_value(json_object_get(row, "attempts")) >= OUTBOX_MAX_ATTEMPTS ? "failed" : "pending";
}

static const char *mail_state_label(const char *state)
{
	if (strcmp(state, "sent") == 0)
		return "Envoyé";
	return strcmp(state, "failed") == 0 ? "Échec définitif" : "En attente";
}

/* Adds state, state_label and the Paris times to a mail row. */
static void mail_decorate(req_t *r, json_t *row)
{
	const char *state = mail_state(row);
	json_object_set_new(row, "state", json_string(state));
	json_object_set_new(row, "state_label", json_string(mail_state_label(state)));
	json_object_set_new(row, "is_sent", json_boolean(strcmp(state, "sent") == 0));
	json_object_set_new(row, "is_failed", json_boolean(strcmp(state, "failed") == 0));
	const char *keys[] = {"created_at", "sent_at", "next_attempt_at"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char *iso = json_string_value(json_object_get(row, keys[i]));
		char fr[32];
		snprintf(fr, sizeof fr, "%s_fr", keys[i]);
		if (iso)
			json_object_set_new(row, fr, json_string(time_fr(r, iso)));
	}
}

/* The ?etat= value as a mail state, or NULL for all. */
static const char *state_filter(const char *etat)
{
	if (!etat)
		return NULL;
	if (strcmp(etat, "en-attente") == 0)
		return "pending";
	if (strcmp(etat, "envoye") == 0)
		return "sent";
	return strcmp(etat, "echec") == 0 ? "failed" : NULL;
}

/* One line about the sender, for the page. Static string. */
static const char *smtp_line(void)
{
	return outbox_smtp_configured()
		   ? "Un serveur SMTP est configuré : les courriels en attente partent d'eux-mêmes."
		   : "Aucun serveur SMTP n'est configuré (--smtp-url) : les courriels restent dans "
		     "cette file sans être envoyés.";
}

/* SQL condition of a state, shared by the count and the page. ?1 is the
 * state or NULL; ?2 the number of attempts that means a failure. */
#define STATE_WHERE                                                                                                    \
	"(?1 IS NULL OR (?1 = 'sent' AND sent_at IS NOT NULL) OR (?1 = 'pending' AND sent_at IS NULL AND attempts < "  \
	"?2) "                                                                                                         \
	"OR (?1 = 'failed' AND sent_at IS NULL AND attempts >= ?2))"

void outbox_admin_list(req_t *r)
{
	const char *etat = kv_get(&r->query, "etat");
	const char *state = state_filter(etat);
	if (!state)
		etat = NULL;
	int page = query_page(r);
	long long max = OUTBOX_MAX_ATTEMPTS;
	long long total = db_int(0, "SELECT count(*) FROM outbox WHERE " STATE_WHERE, "ti", state, max);
	json_t *rows = db_rows("SELECT id, to_addr, subject, entity, entity_id, created_at, attempts, next_attempt_at, "
			       "sent_at, last_error FROM outbox WHERE " STATE_WHERE
			       " ORDER BY created_at DESC, id DESC LIMIT ?3 OFFSET ?4",
			       "tiii", state, max, (long long)PER_PAGE, (long long)(page - 1) * PER_PAGE);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		mail_decorate(r, row);
	}
	json_t *view =
	    json_pack("{s:{s:s}, s:o, s:I, s:o, s:{s:s?}, s:b, s:s, s:o}", "page", "title", "Courriels", "mails", rows,
		      "total", (json_int_t)total, "states", options_json(state_choices, 3, etat), "filters", "etat",
		      etat, "smtp_configured", outbox_smtp_configured(), "smtp_status", smtp_line(), "pagination",
		      pagination_json(r, total, page, PER_PAGE));
	render(r, 200, "outbox_list", view);
}

/* The mail of the {mail_id} path parameter, or NULL after a 404. */
static json_t *mail_or_404(req_t *r, long long *id)
{
	*id = param_id(r, "mail_id");
	json_t *row = *id ? db_row("SELECT id, to_addr, subject, body, entity, entity_id, created_at, attempts, "
				   "next_attempt_at, sent_at, last_error FROM outbox WHERE id = ?",
				   "i", *id)
			  : NULL;
	if (!row)
		reply_error(r, 404,
			    "Ce courriel n'existe pas (ou plus : les courriels envoyés sont effacés après "
			    "30 jours).",
			    NULL);
	return row;
}

void outbox_admin_show(req_t *r)
{
	long long id;
	json_t *mail = mail_or_404(r, &id);
	if (!mail)
		return;
	mail_decorate(r, mail);
	const char *entity = json_string_value(json_object_get(mail, "entity"));
	long long entity_id = json_integer_value(json_object_get(mail, "entity_id"));
	if (entity && strcmp(entity, "report") == 0 && entity_id)
		json_object_set_new(mail, "entity_url",
				    json_string(arena_printf(r->arena, "/gestion/signalements/%lld", entity_id)));
	json_t *view = json_pack("{s:{s:s}, s:o, s:b, s:s}", "page", "title", "Courriel", "mail", mail,
				 "smtp_configured", outbox_smtp_configured(), "smtp_status", smtp_line());
	render(r, 200, "outbox_show", view);
}

/* Makes mail id due now with no attempt counted, with its audit entry, in
 * one transaction. 0, or -1 (rolled back). */
static int outbox_retry(req_t *r, long long id)
{
	char now[21];
	db_now(now);
	if (db_begin() != 0)
		return -1;
	int ok = db_exec("UPDATE outbox SET attempts = 0, last_error = NULL, next_attempt_at = ? "
			 "WHERE id = ? AND sent_at IS NULL",
			 "ti", now, id) == 0 &&
		 db_changes() == 1 &&
		 audit_record(r, "outbox.retry", "outbox", id, "courriel %lld remis en file d'envoi", id) == 0;
	if (ok && db_commit() == 0)
		return 0;
	db_rollback();
	return -1;
}

void outbox_admin_retry(req_t *r)
{
	long long id;
	json_t *mail = mail_or_404(r, &id);
	if (!mail)
		return;
	int sent = json_is_string(json_object_get(mail, "sent_at"));
	json_decref(mail);
	if (sent) {
		reply_error(r, 409, "Ce courriel est déjà envoyé.", NULL);
		return;
	}
	if (outbox_retry(r, id) != 0) {
		reply_error(r, 500, "Le courriel n'a pas pu être remis en file ; réessayez.", NULL);
		return;
	}
	outbox_wake();
	flash_set(r, outbox_smtp_configured() ? "Le courriel est remis en file : il part dans un instant."
					      : "Le courriel est remis en file ; il partira quand un serveur SMTP sera "
						"configuré.");
	redirect(r, arena_printf(r->arena, "/admin/courriels/%lld", id));
}
