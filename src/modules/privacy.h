/* privacy.h — personal data of contacts (RGPD), staff only: see privacy.c. */
#ifndef QUARTIER_PRIVACY_H
#define QUARTIER_PRIVACY_H

#include "http/request.h"

/* GET /contacts/{id}/donnees: what quartier holds about the person, with
 * the export and erase actions. */
void privacy_page(req_t *r);

/* GET /contacts/{id}/export.json: the same, as a JSON attachment. */
void privacy_export(req_t *r);

/* GET /contacts/{id}/effacer: the confirmation page. */
void privacy_erase_form(req_t *r);

/* POST /contacts/{id}/effacer: erases the person (see privacy.c). */
void privacy_erase(req_t *r);

/* GET /contacts/a-revoir: contacts with no interaction for --review-months. */
void privacy_review(req_t *r);

#endif
