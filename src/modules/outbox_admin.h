/* outbox_admin.h — the administrators' view of the outbox (/admin/courriels):
 * mails pending, sent and given up, one mail in full, and a new attempt. */
#ifndef QUARTIER_OUTBOX_ADMIN_H
#define QUARTIER_OUTBOX_ADMIN_H

#include "http/request.h"

/* GET /admin/courriels: newest first, ?etat=en-attente|envoye|echec, ?page=. */
void outbox_admin_list(req_t *r);

/* GET /admin/courriels/{mail_id}: one mail, headers and body. */
void outbox_admin_show(req_t *r);

/* POST /admin/courriels/{mail_id}/reessayer: a pending or given-up mail
 * becomes due now, its attempts reset (audit outbox.retry). */
void outbox_admin_retry(req_t *r);

/* POST /api/v1/reports/{ref}/status (status, public_comment,
 * internal_comment, duplicate_of): a change of state by staff or the handler's
 * agent. Provisional, in report_status_api.c, until the back office's own
 * status route lands. */
void outbox_api_report_status(req_t *r);

#endif
