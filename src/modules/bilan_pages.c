/* bilan_pages.c — see bilan.h: the staff pages of the bilans (list,
 * create, edit the texts, sign off the conclusions, adopt, delete). The
 * page of one bilan is bilan_public.c's, shared by staff and public. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/session.h"
#include "modules/bilan.h"
#include "view/helpers.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define NOT_FOUND_MSG "Ce bilan n'existe pas."
#define FROZEN_MSG "Ce bilan est adopté : il ne peut plus être modifié ni supprimé."

/* The legal frame offered to a new bilan (Markdown, editable). */
static const char default_legal_frame[] =
    "La concertation sur le projet de renouvellement urbain est conduite en application :\n\n"
    "- des **articles L. 103-2 et suivants du Code de l'urbanisme**, qui prévoient une concertation associant, "
    "pendant toute la durée de l'élaboration du projet, les habitants, les associations locales et les autres "
    "personnes concernées, et dont l'autorité compétente arrête le bilan à son issue (article L. 103-6) ;\n"
    "- de la **loi n° 2014-173 du 21 février 2014** de programmation pour la ville et la cohésion urbaine, dont "
    "l'article 2 inscrit la politique de la ville dans une démarche de co-construction avec les habitants, et "
    "qui institue les conseils citoyens, associés à l'élaboration, à la mise en œuvre et à l'évaluation des "
    "projets de renouvellement urbain (article 7) ;\n"
    "- du **règlement général de l'ANRU** relatif au nouveau programme national de renouvellement urbain "
    "(NPNRU), qui demande que les habitants soient associés au projet tout au long de son élaboration et de sa "
    "mise en œuvre, notamment au sein d'une Maison du Projet.\n\n"
    "Le présent bilan rend compte des modalités de la concertation, des observations recueillies et des suites "
    "qui leur ont été données.\n";

static const field_spec_t bilan_fields[] = {
    {"project_id", "Projet", FIELD_INT, 1, 1, 1LL << 60, NULL},
    {"title", "Intitulé", FIELD_TEXT, 1, 3, 200, NULL},
    {"period_start", "Début de la période", FIELD_DATE, 1, 0, 0, NULL},
    {"period_end", "Fin de la période", FIELD_DATE, 1, 0, 0, NULL},
    {"legal_frame", "Cadre légal", FIELD_TEXTAREA, 0, 0, 20000, NULL},
    {"arrangements", "Dispositif de concertation", FIELD_TEXTAREA, 0, 0, 20000, NULL},
    {"conclusions", "Conclusions", FIELD_TEXTAREA, 0, 0, 50000, NULL},
};

/* ---- states ---- */

const char *bilan_state_label(req_t *r, json_t *report)
{
	if (bilan_is_frozen(report))
		return arena_printf(r->arena, "Adopté le %s",
				    bilan_day_fr(r, json_string_value(json_object_get(report, "adopted_on"))));
	if (json_string_value(json_object_get(report, "signed_off_at")))
		return "Conclusions signées";
	return "Brouillon";
}

/* The bilan of the path's {bilan_id}, or a 404 answered. */
json_t *bilan_or_404(req_t *r)
{
	long long id = param_id(r, "bilan_id");
	json_t *b = id ? bilan_load(id) : NULL;
	if (!b)
		reply_error(r, 404, NOT_FOUND_MSG, NULL);
	return b;
}

/* ---- the list ---- */

void bilans_list(req_t *r)
{
	json_t *rows = db_rows("SELECT r.id, r.title, r.period_start, r.period_end, r.signed_off_at, r.adopted_on, "
			       "r.frozen_at, p.name AS project_name, p.slug AS project_slug FROM consultation_report "
			       "r JOIN project p ON p.id = r.project_id ORDER BY r.period_end DESC, r.id DESC",
			       NULL);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_object_set_new(row, "period_fr", json_string(bilan_period_fr(r, row)));
		json_object_set_new(row, "state_label", json_string(bilan_state_label(r, row)));
		json_object_set_new(row, "is_frozen", json_boolean(bilan_is_frozen(row)));
	}
	render(r, 200, "bilans_list",
	       json_pack("{s:{s:s}, s:o}", "page", "title", "Bilans de la concertation", "items", rows));
}

/* ---- forms ---- */

/* The projects with `selected` for the form. New reference. */
static json_t *project_options(json_t *input)
{
	const char *pv = json_string_value(json_object_get(input, "project_id"));
	long long chosen = pv ? atoll(pv) : 0;
	json_t *rows = db_rows("SELECT id, name FROM project ORDER BY position, name", NULL), *row;
	size_t i;
	json_array_foreach(rows, i, row) json_object_set_new(
	    row, "selected", json_boolean(json_integer_value(json_object_get(row, "id")) == chosen));
	return rows;
}

/* Renders the creation form; input and errors stolen (NULL: empty). */
static void render_new(req_t *r, int status, json_t *input, json_t *errors)
{
	if (r->want_json && status >= 400) {
		json_decref(input);
		reply_error(r, status, "Le bilan n'a pas été créé : corrigez les champs signalés.", errors);
		return;
	}
	if (!input)
		input = json_pack("{s:s}", "legal_frame", default_legal_frame);
	json_t *view = json_pack("{s:{s:s}, s:s, s:o, s:o, s:b}", "page", "title", "Nouveau bilan de la concertation",
				 "csrf", csrf_token(r), "projects", project_options(input), "errors",
				 errors ? errors : json_object(), "has_errors", errors && json_object_size(errors) > 0);
	json_object_set_new(view, "input", input);
	render(r, status, "bilan_new", view);
}

void bilans_new_form(req_t *r)
{
	render_new(r, 200, NULL, NULL);
}

/* Checks across fields (period, project). Returns the number of errors. */
static int check_bilan(form_t *f, int with_project)
{
	const char *from = form_text(f, "period_start"), *to = form_text(f, "period_end");
	int errors = form_year_outside(f, "period_start", from) + form_year_outside(f, "period_end", to);
	if (!errors && from && to && strcmp(to, from) < 0) {
		form_set_error(f, "period_end", "La fin de la période ne peut pas précéder son début.");
		errors++;
	}
	long long project = form_int(f, "project_id");
	if (with_project && project && !db_int(0, "SELECT 1 FROM project WHERE id = ?", "i", project)) {
		form_set_error(f, "project_id", "Ce projet n'existe pas.");
		errors++;
	}
	return errors;
}

void bilans_create(req_t *r)
{
	form_t f;
	int invalid = form_validate(r->arena, bilan_fields, NELEM(bilan_fields), &r->form, &f);
	invalid += check_bilan(&f, 1);
	if (invalid) {
		render_new(r, 422, f.input, f.errors);
		return;
	}
	json_decref(f.input);
	json_decref(f.errors);
	char now[21];
	db_now(now);
	const char *title = form_text(&f, "title");
	long long id = 0;
	if (db_begin() != 0 ||
	    db_exec(
		"INSERT INTO consultation_report (project_id, title, period_start, period_end, legal_frame, "
		"arrangements, conclusions, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, COALESCE(?, ''), "
		"COALESCE(?, ''), COALESCE(?, ''), NULLIF(?, 0), ?, ?)",
		"ittttttitt", form_int(&f, "project_id"), title, form_text(&f, "period_start"),
		form_text(&f, "period_end"), form_text(&f, "legal_frame"), form_text(&f, "arrangements"),
		form_text(&f, "conclusions"), r->user ? r->user->id : 0LL, now, now) != 0 ||
	    (id = db_last_id(), audit_record(r, "consultation_report.create", "consultation_report", id,
					     "« %s », projet %lld, du %s au %s", title, form_int(&f, "project_id"),
					     form_text(&f, "period_start"), form_text(&f, "period_end"))) != 0 ||
	    db_commit() != 0) {
		db_rollback();
		reply_error(r, 500, NULL, NULL);
		return;
	}
	reply_saved(r, 1, id, arena_printf(r->arena, "/equipe/bilans/%lld", id),
		    "Bilan créé : relisez-le, complétez le dispositif et écrivez les conclusions.");
}

/* ---- the edit page: texts, sign-off, adoption, deletion ---- */

/* The form's values of a bilan row. New reference. */
static json_t *input_of(json_t *b)
{
	static const char *const keys[] = {"title",	   "period_start", "period_end", "legal_frame",
					   "arrangements", "conclusions",  "signatory"};
	json_t *in = json_object();
	for (size_t i = 0; i < NELEM(keys); i++) {
		const char *v = json_string_value(json_object_get(b, keys[i]));
		json_object_set_new(in, keys[i], json_string(v ? v : ""));
	}
	return in;
}

/* Renders the edit page of bilan b (borrowed); input and errors stolen
 * (NULL: the bilan's values, no error). */
static void render_edit(req_t *r, int status, json_t *b, json_t *input, json_t *errors, const char *message)
{
	if (r->want_json && status >= 400) {
		json_decref(input);
		reply_error(r, status, message ? message : "Corrigez les champs signalés.", errors);
		return;
	}
	if (!input)
		input = input_of(b);
	if (!json_object_get(input, "adopted_on"))
		json_object_set_new(input, "adopted_on", json_string(""));
	long long id = json_integer_value(json_object_get(b, "id"));
	int frozen = bilan_is_frozen(b), signed_off = json_string_value(json_object_get(b, "signed_off_at")) != NULL;
	json_t *view = json_pack(
	    "{s:{s:s}, s:s, s:o, s:o, s:b, s:s, s:s, s:b, s:b, s:s, s:s, s:I, s:I, s:s?}", "page", "title",
	    arena_printf(r->arena, "Modifier le bilan « %s »", json_string_value(json_object_get(b, "title"))), "csrf",
	    csrf_token(r), "input", input, "errors", errors ? errors : json_object(), "has_errors",
	    errors && json_object_size(errors) > 0, "project_name",
	    json_string_value(json_object_get(b, "project_name")), "state_label", bilan_state_label(r, b), "is_frozen",
	    frozen, "is_signed", signed_off, "signed_fr",
	    signed_off ? time_fr(r, json_string_value(json_object_get(b, "signed_off_at"))) : "", "url",
	    arena_printf(r->arena, "/equipe/bilans/%lld", id), "id", (json_int_t)id, "pending",
	    (json_int_t)(frozen ? 0 : bilan_pending_count(b)), "message", message);
	render(r, status, "bilan_edit", view);
}

void bilans_edit_form(req_t *r)
{
	json_t *b = bilan_or_404(r);
	if (!b)
		return;
	render_edit(r, 200, b, NULL, NULL, NULL);
	json_decref(b);
}

/* 1 with the answer given when the bilan is adopted: 409 to a JSON client;
 * a form sent from a page opened before the adoption goes back to the
 * bilan with the message. */
static int refuse_frozen(req_t *r, json_t *b)
{
	if (!bilan_is_frozen(b))
		return 0;
	if (r->want_json) {
		reply_error(r, 409, FROZEN_MSG, NULL);
		return 1;
	}
	flash_set(r, FROZEN_MSG);
	redirect(
	    r, arena_printf(r->arena, "/equipe/bilans/%lld", (long long)json_integer_value(json_object_get(b, "id"))));
	return 1;
}

/* The bilan of the path when it is still a draft; NULL with the answer
 * given otherwise (404, or the adopted bilan's refusal). */
static json_t *draft_or_answer(req_t *r)
{
	json_t *b = bilan_or_404(r);
	if (b && refuse_frozen(r, b)) {
		json_decref(b);
		return NULL;
	}
	return b;
}

/* Right after db_begin(): 1 with the answer given (rolled back, b
 * released) when another request adopted the bilan since it was read; the
 * write transaction keeps it from happening later. */
static int adopted_meanwhile(req_t *r, json_t *b)
{
	if (!db_int(0, "SELECT frozen_at IS NOT NULL FROM consultation_report WHERE id = ?", "i",
		    (long long)json_integer_value(json_object_get(b, "id"))))
		return 0;
	db_rollback();
	json_object_set_new(b, "frozen_at", json_string("")); /* for refuse_frozen */
	refuse_frozen(r, b);
	json_decref(b);
	return 1;
}

/* Ends a failed write: rollback, 500. Releases b. */
static void fail(req_t *r, json_t *b)
{
	db_rollback();
	json_decref(b);
	reply_error(r, 500, NULL, NULL);
}

/* The edit page again (422) with the field `key` as typed and the form's
 * errors, after a refused signature or adoption. Releases f's values. */
static void refused(req_t *r, json_t *b, form_t *f, const char *key, const char *message)
{
	json_t *in = input_of(b);
	json_object_set(in, key, json_object_get(f->input, key));
	json_decref(f->input);
	render_edit(r, 422, b, in, f->errors, message);
}

/* 1 if the text of key differs between the row and the form. */
static int changed(json_t *b, form_t *f, const char *key)
{
	const char *old = json_string_value(json_object_get(b, key)), *now = form_text(f, key);
	return strcmp(old ? old : "", now ? now : "") != 0;
}

void bilans_update(req_t *r)
{
	json_t *b = draft_or_answer(r);
	if (!b)
		return;
	long long id = json_integer_value(json_object_get(b, "id"));
	form_t f;
	/* every field but the project, which does not change */
	int invalid = form_validate(r->arena, bilan_fields + 1, NELEM(bilan_fields) - 1, &r->form, &f);
	invalid += check_bilan(&f, 0);
	if (invalid) {
		render_edit(r, 422, b, f.input, f.errors,
			    "Le bilan n'a pas été enregistré : corrigez les champs signalés.");
		json_decref(b);
		return;
	}
	json_decref(f.input);
	json_decref(f.errors);
	int was_signed = json_string_value(json_object_get(b, "signed_off_at")) != NULL;
	int unsign = was_signed &&
		     (changed(b, &f, "conclusions") || changed(b, &f, "period_start") || changed(b, &f, "period_end"));
	char now[21];
	db_now(now);
	if (db_begin() != 0) {
		fail(r, b);
		return;
	}
	if (adopted_meanwhile(r, b))
		return;
	if (db_exec("UPDATE consultation_report SET title = ?1, period_start = ?2, period_end = ?3, legal_frame = "
		    "COALESCE(?4, ''), arrangements = COALESCE(?5, ''), conclusions = COALESCE(?6, ''), signed_off_by "
		    "= CASE WHEN ?7 THEN NULL ELSE signed_off_by END, signed_off_at = CASE WHEN ?7 THEN NULL ELSE "
		    "signed_off_at END, updated_at = ?8 WHERE id = ?9 AND frozen_at IS NULL",
		    "ttttttiti", form_text(&f, "title"), form_text(&f, "period_start"), form_text(&f, "period_end"),
		    form_text(&f, "legal_frame"), form_text(&f, "arrangements"), form_text(&f, "conclusions"),
		    (long long)unsign, now, id) != 0 ||
	    audit_record(r, "consultation_report.update", "consultation_report", id, "« %s », du %s au %s%s",
			 form_text(&f, "title"), form_text(&f, "period_start"), form_text(&f, "period_end"),
			 unsign ? " ; signature des conclusions retirée" : "") != 0 ||
	    db_commit() != 0) {
		fail(r, b);
		return;
	}
	json_decref(b);
	reply_saved(r, 0, id, arena_printf(r->arena, "/equipe/bilans/%lld/modifier", id),
		    unsign ? "Bilan enregistré. Attention : les conclusions ou la période ont changé, leur signature "
			     "a été retirée ; signez-les de nouveau."
			   : "Bilan enregistré.");
}

static const field_spec_t sign_fields[] = {
    {"signatory", "Signataire (nom et qualité)", FIELD_TEXT, 1, 3, 200, NULL},
};

void bilans_sign(req_t *r)
{
	json_t *b = draft_or_answer(r);
	if (!b)
		return;
	long long id = json_integer_value(json_object_get(b, "id"));
	form_t f;
	form_validate(r->arena, sign_fields, NELEM(sign_fields), &r->form, &f);
	const char *conclusions = json_string_value(json_object_get(b, "conclusions"));
	if (!json_object_size(f.errors) && (!conclusions || !*conclusions))
		form_set_error(&f, "signatory", "Écrivez et enregistrez les conclusions avant de les signer.");
	if (json_object_size(f.errors)) {
		refused(r, b, &f, "signatory", "Les conclusions n'ont pas été signées : corrigez les champs signalés.");
		json_decref(b);
		return;
	}
	json_decref(f.input);
	json_decref(f.errors);
	char now[21];
	db_now(now);
	const char *who = form_text(&f, "signatory");
	if (db_begin() != 0) {
		fail(r, b);
		return;
	}
	if (adopted_meanwhile(r, b))
		return;
	if (db_exec("UPDATE consultation_report SET signatory = ?, signed_off_by = NULLIF(?, 0), signed_off_at = ?, "
		    "updated_at = ? WHERE id = ? AND frozen_at IS NULL",
		    "titti", who, r->user ? r->user->id : 0LL, now, now, id) != 0 ||
	    audit_record(r, "consultation_report.sign", "consultation_report", id, "conclusions signées par %s", who) !=
		0 ||
	    db_commit() != 0) {
		fail(r, b);
		return;
	}
	json_decref(b);
	reply_saved(r, 0, id, arena_printf(r->arena, "/equipe/bilans/%lld/modifier", id),
		    "Conclusions signées. Le bilan peut maintenant être adopté.");
}

static const field_spec_t adopt_fields[] = {
    {"adopted_on", "Date d'adoption", FIELD_DATE, 1, 0, 0, NULL},
};

/* Today in Paris, YYYY-MM-DD (arena string). */
static const char *paris_today(req_t *r)
{
	char now[21];
	db_now(now);
	const char *date = "", *time = "";
	utc_to_paris(r->arena, now, &date, &time);
	return date;
}

/* The checks of an adoption; errors set on adopted_on or confirm. */
static void check_adoption(req_t *r, json_t *b, form_t *f)
{
	const char *on = form_text(f, "adopted_on");
	const char *end = json_string_value(json_object_get(b, "period_end"));
	long long pending = bilan_pending_count(b);
	if (on && strcmp(on, end) < 0)
		form_set_error(f, "adopted_on",
			       "La date d'adoption ne peut pas précéder la fin de la période de concertation.");
	else if (on && strcmp(on, paris_today(r)) > 0)
		form_set_error(f, "adopted_on", "La date d'adoption ne peut pas être dans le futur.");
	if (!json_string_value(json_object_get(b, "signed_off_at")))
		form_set_error(f, "adopted_on",
			       "Signez d'abord les conclusions : un bilan s'adopte avec ses conclusions signées.");
	else if (pending > 0)
		form_set_error(
		    f, "adopted_on",
		    arena_printf(r->arena,
				 "%lld contribution(s) de la période attendent la modération : publiez-les ou "
				 "refusez-les avant d'adopter le bilan, dont l'annexe sera publique.",
				 pending));
	if (!form_confirmed(r, "confirm"))
		form_set_error(f, "confirm", "Cochez la case pour confirmer l'adoption : elle est définitive.");
}

void bilans_adopt(req_t *r)
{
	json_t *b = draft_or_answer(r);
	if (!b)
		return;
	long long id = json_integer_value(json_object_get(b, "id"));
	form_t f;
	form_validate(r->arena, adopt_fields, NELEM(adopt_fields), &r->form, &f);
	if (db_begin() != 0) {
		json_decref(f.input);
		json_decref(f.errors);
		json_decref(b);
		reply_error(r, 500, NULL, NULL);
		return;
	}
	/* The checks and the freeze see the same data: one write transaction. */
	if (adopted_meanwhile(r, b)) {
		json_decref(f.input);
		json_decref(f.errors);
		return;
	}
	check_adoption(r, b, &f);
	if (json_object_size(f.errors)) {
		db_rollback();
		refused(r, b, &f, "adopted_on", "Le bilan n'a pas été adopté : corrigez les champs signalés.");
		json_decref(b);
		return;
	}
	json_decref(f.input);
	json_decref(f.errors);
	const char *on = form_text(&f, "adopted_on");
	if (bilan_freeze(r, b, on) != 0 ||
	    audit_record(r, "consultation_report.adopt", "consultation_report", id,
			 "bilan adopté le %s, %lld contribution(s) en annexe", on,
			 (long long)db_int(0, "SELECT count(*) FROM consultation_report_annex WHERE report_id = ?", "i",
					   id)) != 0 ||
	    db_commit() != 0) {
		fail(r, b);
		return;
	}
	json_decref(b);
	reply_saved(r, 0, id, arena_printf(r->arena, "/equipe/bilans/%lld", id),
		    "Bilan adopté : il est figé et publié sur la page du projet.");
}

void bilans_delete(req_t *r)
{
	json_t *b = draft_or_answer(r);
	if (!b)
		return;
	long long id = json_integer_value(json_object_get(b, "id"));
	if (!form_confirmed(r, "confirm")) {
		render_edit(r, 422, b, NULL, json_pack("{s:s}", "delete_confirm", CONFIRM_MESSAGE), CONFIRM_MESSAGE);
		json_decref(b);
		return;
	}
	if (db_begin() != 0) {
		fail(r, b);
		return;
	}
	if (adopted_meanwhile(r, b))
		return;
	if (db_exec("DELETE FROM consultation_report WHERE id = ? AND frozen_at IS NULL", "i", id) != 0 ||
	    audit_record(r, "consultation_report.delete", "consultation_report", id, "« %s »",
			 json_string_value(json_object_get(b, "title"))) != 0 ||
	    db_commit() != 0) {
		fail(r, b);
		return;
	}
	json_decref(b);
	if (r->want_json) {
		reply_json(r, 200, json_pack("{s:b}", "deleted", 1));
		return;
	}
	flash_set(r, "Bilan supprimé.");
	redirect(r, "/equipe/bilans");
}
