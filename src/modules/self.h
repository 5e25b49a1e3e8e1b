/* self.h — a user's own account page (/compte). */
#ifndef QUARTIER_SELF_H
#define QUARTIER_SELF_H

#include "http/request.h"

void self_page(req_t *r);
void self_change_password(req_t *r);

#endif
