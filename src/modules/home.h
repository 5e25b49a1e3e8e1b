/* home.h — each role's home page, and /healthz. */
#ifndef QUARTIER_HOME_H
#define QUARTIER_HOME_H

#include "http/request.h"

void home_dispatch(req_t *r); /* /espace: to the user's home */
void home_admin(req_t *r);
void home_staff(req_t *r);
void home_partner(req_t *r);
void home_member(req_t *r);
void health_check(req_t *r);

#endif
