/* open311_create.c — POST /open311/v2/requests.{format}: a service request
 * becomes a report (source open311), like the intake form's, in one
 * transaction with its answers (see open311.h).
 *
 * The api_key is the personal API token of an account allowed to create
 * reports (partner, staff, admin); no session cookie is ever used here. The
 * reporter's e-mail and name are kept private, as for every report; phone,
 * device_id and account_id are not kept; media_url is not fetched (photos
 * come through the site's own forms, where they are checked and stripped). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/docwriter.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/session.h"
#include "modules/open311.h"
#include "modules/report_intake.h"
#include "modules/report_model.h"
#include "view/helpers.h"

static const field_spec_t post_fields[] = {
    {"address_string", "address_string", FIELD_TEXT, 0, 0, 300, NULL},
    {"email", "email", FIELD_EMAIL, 0, 0, 0, NULL},
    {"first_name", "first_name", FIELD_TEXT, 0, 0, 100, NULL},
    {"last_name", "last_name", FIELD_TEXT, 0, 0, 100, NULL},
    {"description", "description", FIELD_TEXTAREA, 0, 0, 4000, NULL}, /* the spec's limit */
};

/* Authenticates by the api_key field. 0, or -1 after answering 403. */
static int check_api_key(req_t *r)
{
	const char *key = kv_get(&r->form, "api_key");
	if (!key || !*key) {
		reply_error(r, 403,
			    "api_key manquante : envoyez le jeton d'accès personnel (qrt_…) d'un compte autorisé.",
			    NULL);
		return -1;
	}
	if (session_load_bearer(r, key) != 0 || !(r->user->role_bit & CAP_PARTNER)) {
		r->user = NULL;
		reply_error(
		    r, 403,
		    "api_key invalide : jeton inconnu, révoqué, d'un compte désactivé ou non autorisé à créer des "
		    "signalements.",
		    NULL);
		return -1;
	}
	return 0;
}

/* A coordinate of the form: 1 absent, 0 read, -1 not a number in range. */
static int read_coordinate(req_t *r, const char *name, double limit, double *out)
{
	const char *v = kv_get(&r->form, name);
	if (!v || !*v)
		return 1;
	char *end;
	*out = strtod(v, &end);
	return *end || end == v || !isfinite(*out) || fabs(*out) > limit ? -1 : 0;
}

/* lat and long (together or not at all) into *in; errors into errors. */
static void read_point(req_t *r, report_input_t *in, json_t *errors)
{
	int lat = read_coordinate(r, "lat", 90, &in->lat);
	int lon = read_coordinate(r, "long", 180, &in->lon);
	if (lat < 0)
		json_object_set_new(errors, "lat", json_string("Une latitude WGS84 en degrés décimaux est attendue."));
	if (lon < 0)
		json_object_set_new(errors, "long",
				    json_string("Une longitude WGS84 en degrés décimaux est attendue."));
	if (lat >= 0 && lon >= 0 && lat != lon)
		json_object_set_new(errors, lat ? "lat" : "long", json_string("lat et long s'envoient ensemble."));
	in->has_point = lat == 0 && lon == 0;
}

/* Reads and checks every field into *in (arena strings) and *answers.
 * Returns the errors (field -> French message; empty when none). */
static json_t *read_request(req_t *r, long long category, report_input_t *in, json_t **answers)
{
	form_t f;
	form_validate(r->arena, post_fields, sizeof post_fields / sizeof post_fields[0], &r->form, &f);
	json_decref(f.input);
	json_t *errors = f.errors;
	read_point(r, in, errors);
	in->address = form_text(&f, "address_string");
	if (!in->has_point && !in->address && json_object_size(errors) == 0) {
		const char *id = kv_get(&r->form, "address_id");
		json_object_set_new(errors, "address_string",
				    json_string(id && *id
						    ? "address_id n'est pas pris en charge : envoyez lat et long, "
						      "ou address_string."
						    : "Le lieu est obligatoire : lat et long, ou address_string."));
	}
	report_attributes_read(r, category, "attribute[", "]", answers, errors);
	const char *first = form_text(&f, "first_name"), *last = form_text(&f, "last_name");
	in->category_id = category;
	in->description = form_text(&f, "description") ? form_text(&f, "description") : "";
	in->reporter_email = form_text(&f, "email");
	in->reporter_name = first || last ? arena_printf(r->arena, "%s%s%s", first ? first : "",
							 first && last ? " " : "", last ? last : "")
					  : NULL;
	in->notify = in->reporter_email != NULL; /* given to be kept informed */
	in->with_follow_token = in->reporter_email != NULL;
	in->source = "open311";
	return errors;
}

/* Creates the report and its answers in one transaction. 0 or -1. */
static int create_report(req_t *r, const report_input_t *in, json_t *answers, report_created_t *out)
{
	if (db_begin() != 0)
		return -1;
	if (report_create(r, in, out) == 0 && report_attributes_save(out->id, answers) == 0 && db_commit() == 0)
		return 0;
	db_rollback();
	return -1;
}

/* The spec's answer: [{service_request_id, service_notice, account_id}]. */
static void reply_created(req_t *r, int xml, const report_created_t *c)
{
	json_t *row = db_row("SELECT r.due_at, o.name AS org FROM report r LEFT JOIN organization o "
			     "ON o.id = r.handler_org_id WHERE r.id = ?",
			     "i", c->id);
	const char *org = json_string_value(json_object_get(row, "org"));
	const char *due = json_string_value(json_object_get(row, "due_at"));
	const char *notice = org ? arena_printf(r->arena, "Transmis à %s, à traiter d'ici le %s.", org, time_fr(r, due))
				 : "Enregistré : l'équipe projet va l'orienter vers le bon gestionnaire.";
	buf_t out;
	buf_init(&out, r->arena, 512);
	docw_t w;
	docw_init(&w, &out, xml);
	docw_list(&w, "service_requests", "request");
	docw_object(&w, NULL);
	docw_text(&w, "service_request_id", c->ref);
	docw_text(&w, "service_notice", notice);
	docw_int(&w, "account_id", r->user->id);
	docw_end(&w);
	docw_end(&w);
	json_decref(row);
	open311_reply(r, 200, &out, xml);
}

void open311_requests_create(req_t *r)
{
	int fmt = open311_format(r);
	if (!fmt || check_api_key(r) != 0)
		return;
	const char *code = kv_get(&r->form, "service_code");
	if (!code || !*code) {
		reply_error(r, 400, "service_code manquant : choisissez un service de services.json.", NULL);
		return;
	}
	long long category = db_int(0, "SELECT id FROM report_category WHERE code = ? AND active = 1", "t", code);
	if (!category) {
		reply_error(r, 404, arena_printf(r->arena, "service_code inconnu : %s.", code), NULL);
		return;
	}
	report_input_t in = {0};
	json_t *answers = NULL;
	json_t *errors = read_request(r, category, &in, &answers);
	if (json_object_size(errors) > 0) {
		json_decref(answers);
		reply_error(r, 400, "La demande n'a pas été enregistrée : corrigez les champs indiqués.", errors);
		return;
	}
	json_decref(errors);
	report_created_t c;
	int rc = create_report(r, &in, answers, &c);
	json_decref(answers);
	if (rc != 0) {
		reply_error(r, 500, NULL, NULL);
		return;
	}
	reply_created(r, fmt == 2, &c);
}
