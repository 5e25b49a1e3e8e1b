/* self.c — a user's own account: who they are, and changing their password
 * (the current one is asked again: a session left open is not enough). The
 * page also lists the user's API tokens (modules/tokens.c). */
#include "modules/self.h"

#include <string.h>

#include "core/password.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/session.h"
#include "modules/accounts.h"
#include "modules/tokens.h"
#include "view/helpers.h"

static const field_spec_t password_fields[] = {
	{"current", "Mot de passe actuel", FIELD_PASSWORD, 1, 1, 1024, NULL},
	{"password", "Nouveau mot de passe", FIELD_PASSWORD, 1, 12, 1024, NULL},
	{"confirm", "Confirmation", FIELD_PASSWORD, 1, 1, 1024, NULL},
};

void self_render(req_t *r, int status, json_t *errors, json_t *tokens)
{
	json_t *acc = db_row("SELECT email, name, role, created_at, last_login_at, password_changed_at FROM account "
			     "WHERE id = ?",
			     "i", r->user->id);
	if (!acc)
		acc = json_object();
	json_object_set_new(acc, "role_label", json_string(role_label(r->user->role)));
	json_object_set_new(acc, "organization_name",
			    r->user->organization_name ? json_string(r->user->organization_name) : json_null());
	json_object_set_new(acc, "password_changed_at_fr",
			    json_string(time_fr(r, json_string_value(json_object_get(acc, "password_changed_at")))));
	json_t *view = json_pack("{s:{s:s}, s:o, s:o, s:s, s:o}", "page", "title", "Mon compte", "account", acc,
				 "errors", errors ? errors : json_object(), "csrf", csrf_token(r), "tokens",
				 tokens ? tokens : tokens_view(r, NULL, NULL, NULL));
	render(r, status, "self", view);
}

void self_page(req_t *r)
{
	self_render(r, 200, NULL, NULL);
}

void self_change_password(req_t *r)
{
	form_t f;
	int errors = form_validate(r->arena, password_fields, 3, &r->form, &f);
	json_decref(f.input);
	if (!errors && strcmp(form_text(&f, "password"), form_text(&f, "confirm")) != 0) {
		form_set_error(&f, "confirm", "La confirmation ne correspond pas au nouveau mot de passe.");
		errors++;
	}
	if (!errors) {
		json_t *row = db_row("SELECT password_hash FROM account WHERE id = ?", "i", r->user->id);
		int ok = row && password_verify(json_string_value(json_object_get(row, "password_hash")),
						 form_text(&f, "current"));
		json_decref(row);
		if (!ok) {
			form_set_error(&f, "current", "Mot de passe actuel incorrect.");
			errors++;
		}
	}
	if (errors) {
		if (r->want_json) {
			reply_error(r, 422, NULL, f.errors);
			return;
		}
		self_render(r, 422, f.errors, NULL);
		return;
	}
	json_decref(f.errors);
	account_status_t st = account_set_password(r, r->user->id, form_text(&f, "password"));
	if (st != ACCOUNT_OK) {
		reply_error(r, 500, account_status_message(st), NULL);
		return;
	}
	/* Every session was closed, this one included: open a fresh one. */
	r->session_token = NULL;
	if (session_start(r, r->user->id) != 0) {
		reply_error(r, 500, NULL, NULL);
		return;
	}
	flash_set(r, "Mot de passe changé. Vos autres sessions ont été fermées.");
	redirect(r, "/compte");
}
