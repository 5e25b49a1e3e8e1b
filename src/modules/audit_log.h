/* audit_log.h — the audit log page (/admin/journal). */
#ifndef QUARTIER_AUDIT_LOG_H
#define QUARTIER_AUDIT_LOG_H

#include "http/request.h"

void audit_log_page(req_t *r);

#endif
