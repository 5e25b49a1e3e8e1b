/* self.h — a user's own account page (/compte). */
#ifndef QUARTIER_SELF_H
#define QUARTIER_SELF_H

#include <jansson.h>

#include "http/request.h"

void self_page(req_t *r);

/* Renders /compte with status; errors (password form) and tokens (the API
 * tokens part, tokens_view() of modules/tokens.h) are stolen, NULL for the
 * defaults. */
void self_render(req_t *r, int status, json_t *errors, json_t *tokens);
void self_change_password(req_t *r);

#endif
