/* accounts.c — accounts: creation, password reset, disabling, and the
 * administration pages that do it (/admin/comptes). */
#include "modules/accounts.h"

#include <sodium.h>
#include <string.h>

#include "core/audit.h"
#include "core/password.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/session.h"
#include "view/helpers.h"

#define PER_PAGE 25

const char *account_status_message(account_status_t st)
{
	switch (st) {
	case ACCOUNT_OK:
		return "C'est fait.";
	case ACCOUNT_EMAIL_TAKEN:
		return "Un compte existe déjà avec cette adresse électronique.";
	case ACCOUNT_NEEDS_ORG:
		return "Un compte partenaire doit être rattaché à une organisation.";
	case ACCOUNT_BAD_ORG:
		return "Cette organisation n'existe pas.";
	case ACCOUNT_BAD_ROLE:
		return "Rôle inconnu : admin, staff, partner ou member.";
	case ACCOUNT_NOT_FOUND:
		return "Ce compte n'existe pas.";
	case ACCOUNT_SELF:
		return "Vous ne pouvez ni désactiver votre propre compte ni changer votre propre rôle.";
	case ACCOUNT_DB_ERROR:
		break;
	}
	return "L'enregistrement a échoué ; rien n'a été modifié.";
}

long long account_find(const char *email)
{
	return db_int(0, "SELECT id FROM account WHERE email = ?", "t", email);
}

/* Begins a transaction unless the caller already holds one (demo loading). */
static int tx_begin(int *own)
{
	*own = !db_in_transaction();
	return *own ? db_begin() : 0;
}

static account_status_t tx_end(int own, account_status_t st)
{
	if (!own)
		return st;
	if (st == ACCOUNT_OK && db_commit() == 0)
		return ACCOUNT_OK;
	db_rollback();
	return st == ACCOUNT_OK ? ACCOUNT_DB_ERROR : st;
}

/* The rules on a role and its organisation that hold before any write. */
static account_status_t check_role(const char *role, long long organization_id)
{
	if (!role_bit(role))
		return ACCOUNT_BAD_ROLE;
	if (strcmp(role, "partner") == 0 && !organization_id)
		return ACCOUNT_NEEDS_ORG;
	return ACCOUNT_OK;
}

/* 1 if the organisation exists (0 = none is fine). */
static int organization_ok(long long organization_id)
{
	return !organization_id || db_int(0, "SELECT 1 FROM organization WHERE id = ?", "i", organization_id);
}

account_status_t account_create(req_t *r, const char *email, const char *name, const char *role,
				long long organization_id, const char *password, long long *id)
{
	account_status_t st = check_role(role, organization_id);
	if (st != ACCOUNT_OK)
		return st; /* before the slow hash */
	char hash[PASSWORD_HASH_LEN];
	if (password_hash(password, hash) != 0)
		return ACCOUNT_DB_ERROR;
	return account_create_hashed(r, email, name, role, organization_id, hash, id);
}

account_status_t account_create_hashed(req_t *r, const char *email, const char *name, const char *role,
				       long long organization_id, const char *hash, long long *id)
{
	account_status_t st = check_role(role, organization_id);
	if (st != ACCOUNT_OK)
		return st;
	int own;
	if (tx_begin(&own) != 0)
		return ACCOUNT_DB_ERROR;
	if (!organization_ok(organization_id))
		st = ACCOUNT_BAD_ORG;
	else if (account_find(email))
		st = ACCOUNT_EMAIL_TAKEN;
	char now[21];
	db_now(now);
	if (st == ACCOUNT_OK &&
	    db_exec("INSERT INTO account (email, name, role, organization_id, password_hash, created_at, "
		    "updated_at, password_changed_at) VALUES (?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?)",
		    "tttitttt", email, name, role, organization_id, hash, now, now, now) != 0)
		st = ACCOUNT_DB_ERROR;
	if (st == ACCOUNT_OK) {
		*id = db_last_id();
		if (audit_record(r, "account.create", "account", *id, "%s, rôle %s%s", email, role_label(role),
				 organization_id ? ", avec organisation" : "") != 0)
			st = ACCOUNT_DB_ERROR;
	}
	return tx_end(own, st);
}

account_status_t account_update(req_t *r, long long id, const char *name, const char *role,
				long long organization_id)
{
	account_status_t st = check_role(role, organization_id);
	if (st != ACCOUNT_OK)
		return st;
	int own;
	if (tx_begin(&own) != 0)
		return ACCOUNT_DB_ERROR;
	json_t *before = db_row("SELECT name, role, organization_id FROM account WHERE id = ?", "i", id);
	const char *old_role = json_string_value(json_object_get(before, "role"));
	if (!before)
		st = ACCOUNT_NOT_FOUND;
	else if (r && r->user && r->user->id == id && strcmp(old_role, role) != 0)
		st = ACCOUNT_SELF;
	else if (!organization_ok(organization_id))
		st = ACCOUNT_BAD_ORG;
	char now[21];
	db_now(now);
	if (st == ACCOUNT_OK &&
	    db_exec("UPDATE account SET name = ?, role = ?, organization_id = NULLIF(?, 0), updated_at = ? WHERE id = ?",
		    "ttiti", name, role, organization_id, now, id) != 0)
		st = ACCOUNT_DB_ERROR;
	/* A new role takes effect at the next login: close open sessions. */
	if (st == ACCOUNT_OK && strcmp(old_role, role) != 0 &&
	    db_exec("DELETE FROM session WHERE account_id = ?", "i", id) != 0)
		st = ACCOUNT_DB_ERROR;
	if (st == ACCOUNT_OK &&
	    audit_record(r, "account.update", "account", id, "nom « %s » → « %s » ; rôle %s → %s ; organisation %lld → %lld",
			 json_string_value(json_object_get(before, "name")), name, old_role, role,
			 (long long)json_integer_value(json_object_get(before, "organization_id")), organization_id) != 0)
		st = ACCOUNT_DB_ERROR;
	json_decref(before);
	return tx_end(own, st);
}

account_status_t account_set_password(req_t *r, long long id, const char *password)
{
	char hash[PASSWORD_HASH_LEN];
	if (password_hash(password, hash) != 0)
		return ACCOUNT_DB_ERROR;
	int own;
	if (tx_begin(&own) != 0)
		return ACCOUNT_DB_ERROR;
	char now[21];
	db_now(now);
	account_status_t st = ACCOUNT_OK;
	if (db_exec("UPDATE account SET password_hash = ?, password_changed_at = ?, updated_at = ? WHERE id = ?",
		    "ttti", hash, now, now, id) != 0)
		st = ACCOUNT_DB_ERROR;
	else if (db_changes() == 0)
		st = ACCOUNT_NOT_FOUND;
	/* A new password ends every open session of the account. */
	if (st == ACCOUNT_OK && (db_exec("DELETE FROM session WHERE account_id = ?", "i", id) != 0 ||
				 audit_record(r, "account.password", "account", id, "mot de passe changé") != 0))
		st = ACCOUNT_DB_ERROR;
	return tx_end(own, st);
}

account_status_t account_set_disabled(req_t *r, long long id, int disabled)
{
	if (disabled && r && r->user && r->user->id == id)
		return ACCOUNT_SELF;
	int own;
	if (tx_begin(&own) != 0)
		return ACCOUNT_DB_ERROR;
	char now[21];
	db_now(now);
	account_status_t st = ACCOUNT_OK;
	int rc = disabled ? db_exec("UPDATE account SET disabled_at = COALESCE(disabled_at, ?), updated_at = ? "
				    "WHERE id = ?",
				    "tti", now, now, id)
			  : db_exec("UPDATE account SET disabled_at = NULL, updated_at = ? WHERE id = ?", "ti", now, id);
	if (rc != 0)
		st = ACCOUNT_DB_ERROR;
	else if (db_changes() == 0)
		st = ACCOUNT_NOT_FOUND;
	if (st == ACCOUNT_OK && disabled && db_exec("DELETE FROM session WHERE account_id = ?", "i", id) != 0)
		st = ACCOUNT_DB_ERROR;
	if (st == ACCOUNT_OK &&
	    audit_record(r, disabled ? "account.disable" : "account.enable", "account", id, "%s",
			 disabled ? "compte désactivé" : "compte réactivé") != 0)
		st = ACCOUNT_DB_ERROR;
	return tx_end(own, st);
}

/* ---- administration pages ---- */

static const char *const role_choices[][2] = {
	{"admin", "Administrateur"},
	{"staff", "Équipe projet"},
	{"partner", "Partenaire"},
	{"member", "Membre d'instance"},
};
static const char *const role_values[] = {"admin", "staff", "partner", "member", NULL};

static const field_spec_t create_fields[] = {
	{"email", "Adresse électronique", FIELD_EMAIL, 1, 0, 0, NULL},
	{"name", "Nom", FIELD_TEXT, 1, 2, 120, NULL},
	{"role", "Rôle", FIELD_ENUM, 1, 0, 0, role_values},
	{"organization_id", "Organisation", FIELD_INT, 0, 1, 1LL << 60, NULL},
	{"password", "Mot de passe initial", FIELD_PASSWORD, 1, 12, 1024, NULL},
};

static const field_spec_t update_fields[] = {
	{"name", "Nom", FIELD_TEXT, 1, 2, 120, NULL},
	{"role", "Rôle", FIELD_ENUM, 1, 0, 0, role_values},
	{"organization_id", "Organisation", FIELD_INT, 0, 1, 1LL << 60, NULL},
};

static const field_spec_t password_fields[] = {
	{"password", "Nouveau mot de passe", FIELD_PASSWORD, 1, 12, 1024, NULL},
};

/* [{id, name, selected}] of every organisation, for the partner's choice. */
static json_t *organization_options(long long selected)
{
	json_t *orgs = db_rows("SELECT id, name FROM organization ORDER BY name", NULL);
	size_t i;
	json_t *o;
	json_array_foreach(orgs, i, o)
	{
		json_object_set_new(o, "selected", json_boolean(json_integer_value(json_object_get(o, "id")) == selected));
	}
	return orgs;
}

void accounts_list(req_t *r)
{
	const char *role = kv_get(&r->query, "role");
	const char *state = kv_get(&r->query, "etat");
	const char *q = kv_get(&r->query, "q");
	if (role && !role_bit(role))
		role = NULL;
	if (state && strcmp(state, "actif") != 0 && strcmp(state, "desactive") != 0)
		state = NULL;
	const char *like = q && *q ? db_like_contains(r->arena, q) : NULL;
	int page = query_page(r);
	/* One statement for every filter: a NULL parameter means "any". */
	long long total = db_int(0, "SELECT count(*) FROM account a WHERE (?1 IS NULL OR a.role = ?1) "
				    "AND (?2 IS NULL OR (?2 = 'actif') = (a.disabled_at IS NULL)) "
				    "AND (?3 IS NULL OR a.email LIKE ?3 ESCAPE '\\' OR a.name LIKE ?3 ESCAPE '\\') ",
				 "ttt", role, state, like);
	json_t *rows = db_rows("SELECT a.id, a.email, a.name, a.role, o.name AS organization_name, a.disabled_at, "
			       "a.last_login_at, a.created_at FROM account a "
			       "LEFT JOIN organization o ON o.id = a.organization_id "
			       "WHERE (?1 IS NULL OR a.role = ?1) "
			       "AND (?2 IS NULL OR (?2 = 'actif') = (a.disabled_at IS NULL)) "
			       "AND (?3 IS NULL OR a.email LIKE ?3 ESCAPE '\\' OR a.name LIKE ?3 ESCAPE '\\') "
			       "ORDER BY a.name COLLATE NOCASE, a.id LIMIT ?4 OFFSET ?5",
			       "tttii", role, state, like, (long long)PER_PAGE, (long long)(page - 1) * PER_PAGE);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_object_set_new(row, "role_label", json_string(role_label(json_string_value(json_object_get(row, "role")))));
	}
	rows_add_time_fr(r, rows, "last_login_at");
	json_t *view = json_pack("{s:{s:s}, s:o, s:o, s:{s:s?, s:s?, s:s?}, s:o, s:o}", "page", "title",
				 "Comptes", "accounts", rows, "roles", options_json(role_choices, 4, role), "filters",
				 "role", role, "etat", state, "q", q, "pagination",
				 pagination_json(r, total, page, PER_PAGE), "states",
				 json_pack("[{s:s,s:s,s:b},{s:s,s:s,s:b}]", "value", "actif", "label", "Actifs", "selected",
					   state && strcmp(state, "actif") == 0, "value", "desactive", "label",
					   "Désactivés", "selected", state && strcmp(state, "desactive") == 0));
	render(r, 200, "accounts_list", view);
}

static void render_new_form(req_t *r, int status, json_t *errors, json_t *input)
{
	const char *role = json_string_value(json_object_get(input, "role"));
	json_t *org = json_object_get(input, "organization_id");
	long long org_id = org ? atoll(json_string_value(org) ? json_string_value(org) : "0") : 0;
	json_t *view = json_pack("{s:{s:s}, s:o, s:o, s:o, s:o, s:s}", "page", "title", "Nouveau compte", "roles",
				 options_json(role_choices, 4, role ? role : "staff"), "organizations",
				 organization_options(org_id), "errors", errors ? errors : json_object(), "input",
				 input ? input : json_object(), "csrf", csrf_token(r));
	render(r, status, "account_new", view);
}

void accounts_new_form(req_t *r)
{
	render_new_form(r, 200, NULL, NULL);
}

void accounts_create(req_t *r)
{
	form_t f;
	int errors = form_validate(r->arena, create_fields, sizeof create_fields / sizeof create_fields[0], &r->form, &f);
	long long org = form_int(&f, "organization_id");
	const char *role = form_text(&f, "role");
	if (!errors && role && strcmp(role, "partner") == 0 && !org) {
		form_set_error(&f, "organization_id", account_status_message(ACCOUNT_NEEDS_ORG));
		errors++;
	}
	long long id = 0;
	account_status_t st = ACCOUNT_OK;
	if (!errors) {
		st = account_create(r, form_text(&f, "email"), form_text(&f, "name"), role, org,
				    form_text(&f, "password"), &id);
		if (st == ACCOUNT_EMAIL_TAKEN)
			form_set_error(&f, "email", account_status_message(st));
		else if (st == ACCOUNT_BAD_ORG || st == ACCOUNT_NEEDS_ORG)
			form_set_error(&f, "organization_id", account_status_message(st));
	}
	if (errors || st != ACCOUNT_OK) {
		if (st == ACCOUNT_DB_ERROR) {
			json_decref(f.errors);
			json_decref(f.input);
			reply_error(r, 500, account_status_message(st), NULL);
			return;
		}
		if (r->want_json) {
			json_decref(f.input);
			reply_error(r, 422, NULL, f.errors);
			return;
		}
		render_new_form(r, 422, f.errors, f.input);
		return;
	}
	json_decref(f.errors);
	json_decref(f.input);
	if (r->want_json) {
		reply_json(r, 201, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "email", form_text(&f, "email"),
					     "role", role));
		return;
	}
	flash_set(r, "Compte créé.");
	redirect(r, arena_printf(r->arena, "/admin/comptes/%lld", id));
}

/* The account of the path's {id}, as a view object, or NULL (404 sent). */
static json_t *account_or_404(req_t *r, long long *id)
{
	*id = param_id(r, "id");
	json_t *acc = *id ? db_row("SELECT a.id, a.email, a.name, a.role, a.organization_id, o.name AS "
				   "organization_name, a.disabled_at, a.created_at, a.last_login_at, "
				   "a.password_changed_at FROM account a LEFT JOIN organization o ON o.id = "
				   "a.organization_id WHERE a.id = ?",
				   "i", *id)
			  : NULL;
	if (!acc)
		reply_error(r, 404, "Ce compte n'existe pas.", NULL);
	return acc;
}

static void render_show(req_t *r, int status, json_t *acc, json_t *errors)
{
	const char *fields[] = {"created_at", "last_login_at", "password_changed_at", "disabled_at"};
	for (size_t i = 0; i < 4; i++) {
		char key[64];
		snprintf(key, sizeof key, "%s_fr", fields[i]);
		json_object_set_new(acc, key,
				    json_string(time_fr(r, json_string_value(json_object_get(acc, fields[i])))));
	}
	json_object_set_new(acc, "role_label", json_string(role_label(json_string_value(json_object_get(acc, "role")))));
	json_t *history = db_rows("SELECT at, actor, action, entity, entity_id, summary FROM audit WHERE entity = 'account' AND "
				  "entity_id = ? ORDER BY id DESC LIMIT 20",
				  "i", (long long)json_integer_value(json_object_get(acc, "id")));
	audit_rows_decorate(r, history);
	json_t *view = json_pack("{s:{s:s}, s:o, s:o, s:o, s:s, s:b, s:o, s:o}", "page", "title",
				 json_string_value(json_object_get(acc, "name")), "account", acc, "history", history,
				 "errors", errors ? errors : json_object(), "csrf", csrf_token(r), "is_self",
				 r->user && r->user->id == json_integer_value(json_object_get(acc, "id")), "roles",
				 options_json(role_choices, 4, json_string_value(json_object_get(acc, "role"))),
				 "organizations",
				 organization_options(json_integer_value(json_object_get(acc, "organization_id"))));
	render(r, status, "account_show", view);
}

/* A form of the account page was invalid: 422, as JSON or as the page with
 * the errors shown. Steals acc and errors. */
static void show_invalid(req_t *r, json_t *acc, json_t *errors)
{
	if (r->want_json) {
		json_decref(acc);
		reply_error(r, 422, NULL, errors);
		return;
	}
	render_show(r, 422, acc, errors);
}

void accounts_show(req_t *r)
{
	long long id;
	json_t *acc = account_or_404(r, &id);
	if (acc)
		render_show(r, 200, acc, NULL);
}

void accounts_update(req_t *r)
{
	long long id;
	json_t *acc = account_or_404(r, &id);
	if (!acc)
		return;
	form_t f;
	int errors = form_validate(r->arena, update_fields, 3, &r->form, &f);
	json_decref(f.input);
	account_status_t st = ACCOUNT_OK;
	if (!errors) {
		st = account_update(r, id, form_text(&f, "name"), form_text(&f, "role"), form_int(&f, "organization_id"));
		if (st == ACCOUNT_NEEDS_ORG || st == ACCOUNT_BAD_ORG)
			form_set_error(&f, "organization_id", account_status_message(st));
		else if (st == ACCOUNT_SELF)
			form_set_error(&f, "role", account_status_message(st));
		else if (st != ACCOUNT_OK) {
			json_decref(f.errors);
			json_decref(acc);
			reply_error(r, 500, account_status_message(st), NULL);
			return;
		}
	}
	if (errors || st != ACCOUNT_OK) {
		show_invalid(r, acc, f.errors);
		return;
	}
	json_decref(f.errors);
	json_decref(acc);
	flash_set(r, "Compte modifié.");
	redirect(r, arena_printf(r->arena, "/admin/comptes/%lld", id));
}

void accounts_reset_password(req_t *r)
{
	long long id;
	json_t *acc = account_or_404(r, &id);
	if (!acc)
		return;
	form_t f;
	if (form_validate(r->arena, password_fields, 1, &r->form, &f)) {
		json_decref(f.input);
		show_invalid(r, acc, f.errors);
		return;
	}
	json_decref(f.errors);
	json_decref(f.input);
	json_decref(acc);
	account_status_t st = account_set_password(r, id, form_text(&f, "password"));
	if (st != ACCOUNT_OK) {
		reply_error(r, 500, account_status_message(st), NULL);
		return;
	}
	flash_set(r, "Mot de passe réinitialisé ; les sessions ouvertes de ce compte ont été fermées.");
	redirect(r, arena_printf(r->arena, "/admin/comptes/%lld", id));
}

static void set_disabled(req_t *r, int disabled)
{
	long long id;
	json_t *acc = account_or_404(r, &id);
	if (!acc)
		return;
	json_decref(acc);
	account_status_t st = account_set_disabled(r, id, disabled);
	if (st == ACCOUNT_SELF) {
		reply_error(r, 403, account_status_message(st), NULL);
		return;
	}
	if (st != ACCOUNT_OK) {
		reply_error(r, 500, account_status_message(st), NULL);
		return;
	}
	flash_set(r, disabled ? "Compte désactivé ; ses sessions ont été fermées." : "Compte réactivé.");
	redirect(r, arena_printf(r->arena, "/admin/comptes/%lld", id));
}

void accounts_disable(req_t *r)
{
	set_disabled(r, 1);
}

void accounts_enable(req_t *r)
{
	set_disabled(r, 0);
}
