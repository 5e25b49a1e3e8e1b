/* registrations.c — see registrations.h: the registration form of a
 * meeting's public page, the registrant's own page (cancellation link), the
 * staff list (add by hand, cancel, CSV export) and the JSON API. */
#include <string.h>

#include "core/audit.h"
#include "core/config.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/api.h"
#include "http/session.h"
#include "modules/exports.h"
#include "modules/meetings.h"
#include "modules/registrations.h"
#include "modules/report_intake.h"
#include "view/helpers.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define NOT_FOUND_MSG "Cette réunion n'existe pas."
#define HONEYPOT "site_web" /* a field people never see nor fill */
#define RATE_SCOPE "registration"
#define DUPLICATE_MSG                                                                                                  \
	"Une inscription à cette réunion existe déjà pour cette adresse. Pour la retrouver ou l'annuler, utilisez le " \
	"lien reçu par courriel."

static const field_spec_t public_fields[] = {
    {"name", "Nom", FIELD_TEXT, 1, 2, 120, NULL},
    {"email", "Courriel", FIELD_EMAIL, 1, 0, 0, NULL},
    {"phone", "Téléphone", FIELD_TEXT, 0, 0, 30, NULL},
    {"consent", "Consentement", FIELD_BOOL, 0, 0, 0, NULL},
};

static const field_spec_t staff_fields[] = {
    {"name", "Nom", FIELD_TEXT, 1, 2, 120, NULL},
    {"email", "Courriel", FIELD_EMAIL, 0, 0, 0, NULL},
    {"phone", "Téléphone", FIELD_TEXT, 0, 0, 30, NULL},
    {"consent", "Consentement", FIELD_BOOL, 0, 0, 0, NULL},
};

/* ---- shared pieces ---- */

/* The meeting of {meeting_id} when the public may see it (public), or NULL
 * after a 404. Private meetings are 404 here even to staff: nobody
 * registers to them online. */
static json_t *public_meeting_or_404(req_t *r, long long *id)
{
	*id = param_id(r, "meeting_id");
	json_t *m = *id ? meeting_load(r, *id) : NULL;
	if (m && !json_integer_value(json_object_get(m, "is_public"))) {
		json_decref(m);
		m = NULL;
	}
	if (!m)
		reply_error(r, 404, NOT_FOUND_MSG, NULL);
	return m;
}

/* Checks what the field table cannot: the phone's characters, the consent
 * box. Returns the number of errors. */
static int check_registration(form_t *f, int staff)
{
	int errors = 0;
	const char *phone = form_text(f, "phone");
	if (phone && strspn(phone, "0123456789 +.-()") != strlen(phone)) {
		form_set_error(f, "phone", "Indiquez un numéro de téléphone : chiffres, espaces, +, points ou tirets.");
		errors++;
	}
	if (!form_int(f, "consent")) {
		form_set_error(f, "consent",
			       staff ? "Cochez la case : la personne doit avoir accepté que ses coordonnées soient "
				       "conservées pour cette réunion."
				     : "Cochez la case pour accepter que vos coordonnées soient conservées pour cette "
				       "réunion.");
		errors++;
	}
	return errors;
}

/* The typed input to refill a form (never the honeypot). New reference. */
static json_t *typed_input(req_t *r)
{
	static const char *const names[] = {"name", "email", "phone", "consent"};
	json_t *in = json_object();
	for (size_t i = 0; i < NELEM(names); i++) {
		const char *v = kv_get(&r->form, names[i]);
		json_object_set_new(in, names[i], json_string(v && utf8_valid(v, strlen(v)) ? v : ""));
	}
	return in;
}

/* Validates r->form and creates the registration. Returns the result;
 * *errors (new reference, or NULL) holds field messages; *message a
 * sentence for the whole form. */
static reg_result_t register_from_form(req_t *r, long long meeting_id, int staff, reg_created_t *out,
				       json_t **errors, const char **message)
{
	form_t f = {0};
	*errors = NULL;
	*message = NULL;
	int invalid = form_validate(r->arena, staff ? staff_fields : public_fields,
				    staff ? NELEM(staff_fields) : NELEM(public_fields), &r->form, &f);
	invalid += check_registration(&f, staff);
	json_decref(f.input);
	if (invalid) {
		*errors = f.errors;
		*message = "L'inscription n'a pas été enregistrée : corrigez les champs signalés.";
		return REG_INVALID;
	}
	json_decref(f.errors);
	reg_new_t in = {meeting_id, form_text(&f, "name"), form_text(&f, "email"), form_text(&f, "phone"),
			staff ? "staff" : "online"};
	const char *closed = NULL;
	reg_result_t st = registration_create(r, &in, out, &closed);
	if (st == REG_CLOSED)
		*message = closed;
	else if (st == REG_DUPLICATE) {
		*errors = json_pack("{s:s}", "email", DUPLICATE_MSG);
		*message = DUPLICATE_MSG;
	}
	return st;
}

/* The flash sentence after a registration. Arena string. */
static const char *created_message(req_t *r, const reg_created_t *c, int staff)
{
	if (c->waiting)
		return arena_printf(r->arena,
				    "La réunion est complète : %s sur la liste d'attente, en position %lld. %s",
				    staff ? "la personne est inscrite" : "vous êtes inscrit·e", c->rank,
				    staff ? "" : "Si une place se libère, elle vous est attribuée et vous recevez un courriel.");
	return staff ? "Inscription enregistrée."
		     : "Votre inscription est enregistrée : une place vous est réservée. Un courriel de confirmation "
		       "vous a été envoyé.";
}

/* Cancels registration id and answers: a flash message (done, or « already
 * cancelled ») and a redirect to back; a 500 when the write failed. */
static void cancel_and_answer(req_t *r, long long id, const char *done, const char *back)
{
	reg_result_t st = registration_cancel(r, id);
	if (st == REG_DB_ERROR) {
		reply_error(r, 500, "L'annulation a échoué ; rien n'a été modifié.", NULL);
		return;
	}
	flash_set(r, st == REG_OK ? done : "Cette inscription était déjà annulée.");
	redirect(r, back);
}

/* ---- the public form ---- */

json_t *registration_public_json(req_t *r, json_t *m)
{
	long long id = json_integer_value(json_object_get(m, "id"));
	const char *closed = registration_closed_reason(m, 0);
	json_t *reg = registration_counts(id);
	json_object_set_new(reg, "meeting_id", json_integer(id));
	json_object_set_new(reg, "open", json_boolean(!closed));
	json_object_set_new(reg, "unlimited", json_boolean(json_is_null(json_object_get(reg, "places"))));
	json_object_set_new(reg, "retention_days", json_integer(g_config.registration_retention_days));
	if (closed)
		json_object_set_new(reg, "closed_reason", json_string(closed));
	else
		json_object_set_new(reg, "csrf", json_string(csrf_token(r)));
	return reg;
}

/* Renders the registration page of meeting m (stolen) with errors and
 * input (stolen, may be NULL) and a notice. */
static void render_form_again(req_t *r, int status, json_t *m, json_t *input, json_t *errors, const char *notice)
{
	json_t *reg = registration_public_json(r, m);
	json_object_set_new(reg, "input", input ? input : json_object());
	json_object_set_new(reg, "errors", errors ? errors : json_object());
	if (notice)
		json_object_set_new(reg, "notice", json_string(notice));
	json_t *view =
	    json_pack("{s:{s:s}, s:o}", "page", "title",
		      arena_printf(r->arena, "S'inscrire : %s", json_string_value(json_object_get(m, "title"))),
		      "registration", reg);
	json_object_set_new(view, "meeting", m);
	render(r, status, "registration_page", view);
}

void registration_submit(req_t *r)
{
	long long id;
	json_t *m = public_meeting_or_404(r, &id);
	if (!m)
		return;
	const char *trap = kv_get(&r->form, HONEYPOT);
	if (trap && *trap) {
		render_form_again(r, 422, m, typed_input(r), NULL,
				  "Votre inscription n'a pas été enregistrée : le champ « Ne pas remplir ce champ » a "
				  "été rempli. Il sert à reconnaître les envois automatiques ; laissez-le vide et "
				  "envoyez à nouveau.");
		return;
	}
	if (intake_rate_refused(r, RATE_SCOPE, "Trop d'inscriptions ont été envoyées")) {
		json_decref(m);
		return;
	}
	reg_created_t c;
	json_t *errors;
	const char *message;
	reg_result_t st = register_from_form(r, id, 0, &c, &errors, &message);
	if (st == REG_INVALID || st == REG_CLOSED || st == REG_DUPLICATE) {
		render_form_again(r, 422, m, typed_input(r), errors, message);
		return;
	}
	json_decref(m);
	if (st != REG_OK) {
		reply_error(r, st == REG_NOT_FOUND ? 404 : 500,
			    st == REG_NOT_FOUND ? NOT_FOUND_MSG : "L'inscription a échoué ; rien n'a été enregistré.",
			    NULL);
		return;
	}
	intake_rate_count(r, RATE_SCOPE);
	flash_set(r, created_message(r, &c, 0));
	redirect(r, arena_printf(r->arena, "/agenda/inscription/%s", c.token));
}

/* ---- the registrant's page ---- */

/* The registration of {registration_token} with its public meeting, or
 * NULL after a 404 (unknown token, private meeting, details erased). */
static json_t *registration_of_token(req_t *r, json_t **meeting)
{
	const char *token = req_param(r, "registration_token");
	long long id = registration_by_token(r, token);
	json_t *reg = id ? db_row("SELECT id, meeting_id, name, email, phone, status, created_at FROM registration "
				  "WHERE id = ? AND name <> ''",
				  "i", id)
			 : NULL;
	json_t *m = reg ? meeting_load(r, json_integer_value(json_object_get(reg, "meeting_id"))) : NULL;
	if (!m || !json_integer_value(json_object_get(m, "is_public"))) {
		json_decref(reg);
		json_decref(m);
		reply_error(r, 404, "Cette inscription n'existe pas ou plus.", NULL);
		return NULL;
	}
	*meeting = m;
	return reg;
}

void registration_show(req_t *r)
{
	json_t *m, *reg = registration_of_token(r, &m);
	if (!reg)
		return;
	const char *status = json_string_value(json_object_get(reg, "status"));
	long long id = json_integer_value(json_object_get(reg, "id"));
	json_object_set_new(reg, "is_registered", json_boolean(strcmp(status, "registered") == 0));
	json_object_set_new(reg, "is_waiting", json_boolean(strcmp(status, "waiting") == 0));
	json_object_set_new(reg, "is_cancelled", json_boolean(strcmp(status, "cancelled") == 0));
	json_object_set_new(reg, "can_cancel",
			    json_boolean(strcmp(status, "cancelled") != 0 && !registration_closed_reason(m, 0)));
	if (strcmp(status, "waiting") == 0)
		json_object_set_new(reg, "rank",
				    json_integer(db_int(0,
							"SELECT count(*) FROM registration WHERE meeting_id = ? AND "
							"status = 'waiting' AND id <= ?",
							"ii", (long long)json_integer_value(json_object_get(m, "id")), id)));
	json_object_set_new(reg, "created_fr",
			    json_string(time_fr(r, json_string_value(json_object_get(reg, "created_at")))));
	json_object_set_new(reg, "token", json_string(req_param(r, "registration_token")));
	json_object_set_new(reg, "retention_days", json_integer(g_config.registration_retention_days));
	json_t *view = json_pack("{s:{s:s}, s:o, s:s}", "page", "title", "Mon inscription", "registration", reg,
				 "csrf", csrf_token(r));
	json_object_set_new(view, "meeting", m);
	reply_header(r, "X-Robots-Tag", "noindex");
	reply_header(r, "Cache-Control", "no-store");
	render(r, 200, "registration_show", view);
}

void registration_cancel_by_token(req_t *r)
{
	json_t *m, *reg = registration_of_token(r, &m);
	if (!reg)
		return;
	long long id = json_integer_value(json_object_get(reg, "id"));
	const char *back = arena_printf(r->arena, "/agenda/inscription/%s", req_param(r, "registration_token"));
	int closed = registration_closed_reason(m, 0) != NULL;
	json_decref(reg);
	json_decref(m);
	if (closed) {
		flash_set(r, "La réunion a commencé ou est annulée : l'inscription ne peut plus être annulée.");
		redirect(r, back);
		return;
	}
	cancel_and_answer(r, id, "Votre inscription est annulée. Merci de nous avoir prévenus.", back);
}

/* ---- staff ---- */

/* The registrations of a meeting in one status, oldest first, with their
 * rank and Paris time. New reference. */
static json_t *rows_of(req_t *r, long long meeting_id, const char *status)
{
	json_t *rows = db_rows("SELECT g.id, g.name, g.email, g.phone, g.status, g.source, g.created_at, "
			       "g.promoted_at, g.reminded_at, g.cancelled_at, (SELECT count(*) FROM attendance a WHERE "
			       "a.registration_id = g.id) AS present FROM registration g WHERE g.meeting_id = ? AND "
			       "g.status = ? ORDER BY g.id",
			       "it", meeting_id, status);
	rows_add_time_fr(r, rows, "created_at");
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_object_set_new(row, "rank", json_integer((json_int_t)i + 1));
		json_object_set_new(row, "source_label",
				    json_string(strcmp(json_string_value(json_object_get(row, "source")), "staff") == 0
						    ? "Équipe"
						    : "En ligne"));
	}
	return rows;
}

/* Renders the staff page of meeting m (stolen); input and errors stolen
 * (NULL: empty form). */
static void render_staff(req_t *r, int status, json_t *m, json_t *input, json_t *errors, const char *notice)
{
	long long id = json_integer_value(json_object_get(m, "id"));
	json_t *view = json_pack(
	    "{s:{s:s}, s:o, s:o, s:o, s:I, s:o, s:o, s:s}", "page", "title",
	    arena_printf(r->arena, "Inscriptions : %s", json_string_value(json_object_get(m, "title"))), "registered",
	    rows_of(r, id, "registered"), "waiting", rows_of(r, id, "waiting"), "counts", registration_counts(id),
	    "cancelled", (json_int_t)db_int(0, "SELECT count(*) FROM registration WHERE meeting_id = ? AND status = "
					       "'cancelled'",
					    "i", id),
	    "input", input ? input : json_object(), "errors", errors ? errors : json_object(), "csrf", csrf_token(r));
	if (notice)
		json_object_set_new(view, "notice", json_string(notice));
	json_object_set_new(view, "tab_registrations", json_true());
	json_object_set_new(view, "tab_other", json_true());
	json_object_set_new(view, "retention_days", json_integer(g_config.registration_retention_days));
	json_object_set_new(view, "meeting", m);
	render(r, status, "registrations_staff", view);
}

void registrations_staff_list(req_t *r)
{
	long long id;
	json_t *m = meeting_or_404(r, &id);
	if (m)
		render_staff(r, 200, m, NULL, NULL, NULL);
}

void registrations_staff_add(req_t *r)
{
	long long id;
	json_t *m = meeting_or_404(r, &id);
	if (!m)
		return;
	reg_created_t c;
	json_t *errors;
	const char *message;
	reg_result_t st = register_from_form(r, id, 1, &c, &errors, &message);
	if (st == REG_INVALID || st == REG_CLOSED || st == REG_DUPLICATE) {
		if (r->want_json) {
			json_decref(m);
			reply_error(r, 422, message, errors);
			return;
		}
		render_staff(r, 422, m, typed_input(r), errors, message);
		return;
	}
	json_decref(m);
	if (st != REG_OK) {
		reply_error(r, 500, "L'inscription a échoué ; rien n'a été enregistré.", NULL);
		return;
	}
	flash_set(r, created_message(r, &c, 1));
	redirect(r, arena_printf(r->arena, "/equipe/reunions/%lld/inscriptions", id));
}

void registrations_staff_cancel(req_t *r)
{
	long long id = param_id(r, "meeting_id"), reg = param_id(r, "registration_id");
	if (!id || !reg || !db_int(0, "SELECT 1 FROM registration WHERE id = ? AND meeting_id = ?", "ii", reg, id)) {
		reply_error(r, 404, "Cette inscription n'existe pas.", NULL);
		return;
	}
	cancel_and_answer(r, reg, "Inscription annulée ; la première personne en attente, s'il y en a, a reçu la place.",
			  arena_printf(r->arena, "/equipe/reunions/%lld/inscriptions", id));
}

void registrations_export_csv(req_t *r)
{
	long long id;
	json_t *m = meeting_or_404(r, &id);
	if (!m)
		return;
	static const export_column_t cols[] = {
	    {"N°", "id"},	     {"Statut", "status_label"},   {"Rang d'attente", "rank"},
	    {"Nom", "name"},	     {"Courriel", "email"},	   {"Téléphone", "phone"},
	    {"Origine", "source_label"}, {"Inscrit le", "created_at_fr"}, {"Présent", "present"},
	};
	json_t *rows = rows_of(r, id, "registered"), *waiting = rows_of(r, id, "waiting"), *row;
	size_t i;
	json_array_foreach(rows, i, row)
	{
		json_object_set_new(row, "status_label", json_string("Inscrit"));
		json_object_set_new(row, "rank", json_string(""));
	}
	json_array_foreach(waiting, i, row) json_object_set_new(row, "status_label", json_string("Liste d'attente"));
	json_array_extend(rows, waiting);
	json_decref(waiting);
	json_array_foreach(rows, i, row)
	    json_object_set_new(row, "present", json_boolean(json_integer_value(json_object_get(row, "present"))));
	/* Personal data leaves the application: say who took it. */
	if (db_begin() != 0 ||
	    audit_record(r, "registration.export", "meeting", id, "export CSV de %zu inscription(s)", json_array_size(rows)) !=
		0 ||
	    db_commit() != 0) {
		db_rollback();
		json_decref(rows);
		json_decref(m);
		reply_error(r, 500, NULL, NULL);
		return;
	}
	json_decref(m);
	export_csv_download(r, arena_printf(r->arena, "inscriptions-reunion-%lld.csv", id), cols, NELEM(cols), rows);
}

/* ---- API ---- */

void api_registrations_list(req_t *r)
{
	r->want_json = 1;
	long long id = param_id(r, "meeting_id");
	if (!id || !db_int(0, "SELECT 1 FROM meeting WHERE id = ?", "i", id)) {
		reply_error(r, 404, NOT_FOUND_MSG, NULL);
		return;
	}
	json_t *items = db_rows("SELECT id, name, email, phone, status, source, created_at, promoted_at, reminded_at, "
				"cancelled_at FROM registration WHERE meeting_id = ? ORDER BY status = 'cancelled', "
				"status = 'waiting', id",
				"i", id);
	json_t *view = registration_counts(id);
	json_object_set_new(view, "items", items);
	reply_json(r, 200, view);
}

void api_registrations_create(req_t *r)
{
	r->want_json = 1;
	long long id;
	json_t *m = public_meeting_or_404(r, &id);
	if (!m)
		return;
	json_decref(m);
	const char *trap = kv_get(&r->form, HONEYPOT);
	if (trap && *trap) {
		reply_error(r, 422, "Le champ « site_web » doit rester vide.", json_pack("{s:s}", HONEYPOT, "Laissez ce champ vide."));
		return;
	}
	if (intake_rate_refused(r, RATE_SCOPE, "Trop d'inscriptions ont été envoyées"))
		return;
	reg_created_t c;
	json_t *errors;
	const char *message;
	reg_result_t st = register_from_form(r, id, 0, &c, &errors, &message);
	if (st == REG_INVALID || st == REG_CLOSED || st == REG_DUPLICATE) {
		reply_error(r, 422, message, errors);
		return;
	}
	if (st != REG_OK) {
		reply_error(r, 500, "L'inscription a échoué ; rien n'a été enregistré.", NULL);
		return;
	}
	intake_rate_count(r, RATE_SCOPE);
	const char *url = arena_printf(r->arena, "/agenda/inscription/%s", c.token);
	json_t *obj = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)c.id, "status", c.waiting ? "waiting" : "registered",
				"url", url);
	if (c.waiting)
		json_object_set_new(obj, "waiting_rank", json_integer(c.rank));
	api_created(r, obj, url);
}
