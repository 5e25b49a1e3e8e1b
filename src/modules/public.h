/* public.h — the public pages: the home page (project pages: projects.h). */
#ifndef QUARTIER_PUBLIC_H
#define QUARTIER_PUBLIC_H

#include "http/request.h"

void public_home(req_t *r);

#endif
