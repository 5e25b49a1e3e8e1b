/* login.h — /connexion and /deconnexion. */
#ifndef QUARTIER_LOGIN_H
#define QUARTIER_LOGIN_H

#include "http/request.h"

void login_form(req_t *r);
void login_submit(req_t *r);
void logout_submit(req_t *r);

#endif
