/* contributions.h — the register of the concertation (registre de la
 * concertation, GLOSSARY.md: `contribution`, `theme`).
 *
 * Everything residents say about a project, by any channel (office hours,
 * meetings, online, the paper register, mail, social media, outreach),
 * kept as said, with its themes and sectors. Staff enter what was said
 * elsewhere; residents contribute online (/projets/{slug}/contribuer), and
 * their contribution waits for moderation. Staff publish or reject it and
 * give the answer (« réponse apportée / suite donnée ») with its state;
 * published contributions and their answers are public. The author's name,
 * e-mail and phone are kept only with their consent, seen only by staff,
 * never exported nor shown publicly. Schema: migrations/0011_contributions.sql.
 *
 * contributions.c: the model (labels, validation, writes with their audit
 * entries); contributions_staff.c: the staff register, its exports and the
 * page of one contribution; contributions_public.c: the public form and
 * list; contributions_api.c: the JSON API; themes.c: the themes editor.
 */
#ifndef QUARTIER_CONTRIBUTIONS_H
#define QUARTIER_CONTRIBUTIONS_H

#include <jansson.h>

#include "core/validate.h"
#include "http/request.h"

/* ---- route handlers (src/routes/contributions.inc) ---- */

/* GET /equipe/contributions: filtered (?projet, theme, canal, secteur,
 * statut, moderation, reunion, du, au in Paris days), 25 a page. */
void contributions_list(req_t *r);
/* GET /equipe/contributions/export.csv and .xlsx: the filtered list,
 * without the author's personal data. */
void contributions_export_csv(req_t *r);
void contributions_export_xlsx(req_t *r);
/* GET /equipe/contributions/nouvelle: the staff entry form. */
void contributions_new_form(req_t *r);
/* POST /equipe/contributions/nouvelle: create; 422 with the form again. */
void contributions_create(req_t *r);
/* GET /equipe/contributions/{contribution_id}: one contribution. */
void contributions_show(req_t *r);
/* POST /equipe/contributions/{contribution_id}/moderation: publish or reject. */
void contributions_moderate(req_t *r);
/* POST /equipe/contributions/{contribution_id}/reponse: the answer and state. */
void contributions_answer(req_t *r);

/* ---- attachments (contribution_attachments.c): staff only ---- */

/* POST /equipe/contributions/{contribution_id}/pieces-jointes: the file
 * parts named "file" (PDF, JPEG, PNG or WebP, by their bytes; images
 * without their metadata; at most CONTRIBUTION_ATTACHMENT_MAX_BYTES each,
 * CONTRIBUTION_ATTACHMENTS_MAX per contribution); 303 back, or the page
 * again with the French message at the field (422). Audited. */
void contribution_attachments_add(req_t *r);
/* GET …/pieces-jointes/{attachment_id}: the file, as a download. */
void contribution_attachment_get(req_t *r);
/* POST …/pieces-jointes/{attachment_id}/supprimer (confirm=1). Audited. */
void contribution_attachment_delete(req_t *r);
/* The attachments of a contribution for its page: [{id, filename,
 * content_type, size_fr, created_fr}]. New reference. */
json_t *contribution_attachments_json(req_t *r, long long contribution_id);

#define CONTRIBUTION_ATTACHMENT_MAX_BYTES (8LL * 1024 * 1024)
#define CONTRIBUTION_ATTACHMENTS_MAX 10

/* The page of contribution id again (contributions_staff.c), with errors
 * (stolen, may be NULL) at their fields; answer: the text typed, or NULL. */
void contributions_render_show(req_t *r, int status, long long id, json_t *errors, const char *answer);
/* GET, POST /projets/{slug}/contribuer: the public form. */
void contribute_form(req_t *r);
void contribute_submit(req_t *r);
/* GET /projets/{slug}/contributions: published contributions and answers. */
void contributions_public_list(req_t *r);
/* GET /api/v1/contributions, GET /api/v1/contributions/{contribution_id},
 * POST /api/v1/contributions (staff). */
void api_contributions_list(req_t *r);
void api_contribution_get(req_t *r);
void api_contributions_create(req_t *r);
/* GET /admin/themes; POST /admin/themes (add);
 * POST /admin/themes/{theme_id} (rename, move, (de)activate). */
void themes_page(req_t *r);
void themes_create(req_t *r);
void themes_update(req_t *r);

/* ---- shared by the files of this feature ---- */

/* French labels of channel, status and moderation values; the key itself
 * when unknown. Static strings. */
const char *contribution_channel_label(const char *channel);
const char *contribution_status_label(const char *status);
const char *contribution_moderation_label(const char *moderation);
/* Choice lists {value, label, selected} for a <select>. New references. */
json_t *contribution_channel_options(const char *selected);
json_t *contribution_status_options(const char *selected);
json_t *contribution_moderation_options(const char *selected);
/* 1 if v is one of the values of the list (channels, statuses, moderations). */
int contribution_channel_ok(const char *v);
int contribution_status_ok(const char *v);
int contribution_moderation_ok(const char *v);

/* What creates a contribution. */
typedef struct contribution_input {
	long long project_id;
	const char *channel;	/* one of the channels */
	const char *moderation; /* published, pending or rejected */
	int staff;		/* entered by staff (r->user), else online */
	long long meeting_id;	/* read from the staff form (meeting_id), 0: none */
} contribution_input_t;

/* Validates the form of a new contribution (body, received_on for staff,
 * themes[], sectors[], author_name, author_email, author_phone, consent)
 * into *f (caller owns f->input and f->errors) and, when valid, saves it
 * with its themes, sectors and audit entry in one transaction. Returns 0
 * with *id set, 1 when invalid (f->errors filled), -1 on a database error. */
int contribution_create(req_t *r, const contribution_input_t *in, form_t *f, long long *id);

/* A contribution for the public: id, project, day, channel, body, themes,
 * sectors, status, answer (only when published); never the author. With
 * staff set, everything (author with consent, moderation…). NULL when
 * none (or not published and !staff). New reference. */
json_t *contribution_json(req_t *r, long long id, int staff);

/* The active themes [{id, name, checked}], checked when id is in the
 * JSON array chosen (may be NULL). New reference. */
json_t *contribution_theme_choices(json_t *chosen);

/* The filters of a list read from the query (?projet=SLUG, theme, canal,
 * secteur, statut, moderation, reunion (or meeting_id), du, au, q: words
 * searched in the text and the answer). */
typedef struct contribution_filter {
	const char *project; /* slug or NULL */
	long long theme, sector;
	long long meeting;				       /* contributions collected at this meeting, or 0 */
	const char *channel, *status, *moderation, *from, *to; /* or NULL */
	const char *search;				       /* FTS5 query of ?q= (directory_fts_query) or NULL */
	int public_only;				       /* only published ones */
} contribution_filter_t;

/* Reads the filters from the query (unknown values are ignored). */
void contribution_filter_read(req_t *r, contribution_filter_t *fl);
/* Number of contributions matching fl. */
long long contribution_count(const contribution_filter_t *fl);
/* The ids matching fl, newest first, limit/offset. New reference: [{id}]. */
json_t *contribution_ids(const contribution_filter_t *fl, long long limit, long long offset);

/* The meetings for a « Recueillie lors de » select, grouped by project:
 * [{project_name, meetings: [{id, label "DD/MM/YYYY — title", selected}]}],
 * per project the meetings begun (latest first) then the upcoming ones.
 * with_contributions: only meetings that have some (the register's
 * filter); else all but cancelled ones (the entry form). The selected one
 * is always there. New reference. */
json_t *contribution_meeting_options(req_t *r, long long selected, int with_contributions);

/* The contributions collected at meeting id, for the staff meeting page
 * (templates/meeting_contributions_summary.html): {meeting_id, count, href, any}.
 * New reference. */
json_t *contribution_meeting_summary(long long meeting_id);

/* ---- answers e-mailed to their author (contributions_notify.c) ---- */

/* Inside the caller's transaction, after the answer of contribution id was
 * saved: queues the e-mail telling its author the answer when they gave
 * their consent and an address, the state is an answer (answered,
 * taken_into_account, out_of_scope) with a text, and the text changed since
 * they were last told (« réponse mise à jour » then), and sets
 * answer_notified_at. 0 (sent or nothing to send) or an SQLite error code. */
int contribution_notify_answer(req_t *r, long long id, const char *previous_answer);

/* ---- retention (a job of src/jobs.c) ---- */

/* Erases the author's name, e-mail, phone and consent of contributions
 * answered more than --contributor-retention-days days ago, with an audit
 * entry counting them. */
void contributions_retention_purge(void);

#endif
