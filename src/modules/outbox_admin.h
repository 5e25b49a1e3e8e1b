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

#endif
