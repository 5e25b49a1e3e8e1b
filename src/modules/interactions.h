/* interactions.h — the log of exchanges with partners (meeting, call,
 * e-mail, visit, event), per organisation and per contact: the model, the
 * rows the pages show, and the forms that log one. */
#ifndef QUARTIER_INTERACTIONS_H
#define QUARTIER_INTERACTIONS_H

#include <jansson.h>

#include "http/request.h"
#include "modules/organizations.h"

/* Records an interaction (organization_id and/or contact_id, 0 for none)
 * with its audit entry; *id receives its id. */
dir_status_t interaction_create(req_t *r, long long organization_id, long long contact_id, const char *date,
				const char *kind, const char *note, long long *id);

/* The interactions of an organisation or of a contact (contact = 1), newest
 * first, with kind_label, happened_on_fr, author_name and contact_name /
 * organization_name. New reference. */
json_t *interactions_rows(req_t *r, int contact, long long id);

/* Route handlers: POST /partenaires/{id}/echanges, POST /contacts/{id}/echanges. */
void organizations_log_interaction(req_t *r);
void contacts_log_interaction(req_t *r);

#endif
