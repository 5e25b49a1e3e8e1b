/* public.h — the public pages: home and project pages. */
#ifndef QUARTIER_PUBLIC_H
#define QUARTIER_PUBLIC_H

#include "http/request.h"

void public_home(req_t *r);
void public_project(req_t *r);

#endif
