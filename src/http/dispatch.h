/* dispatch.h — the dispatcher: from a received request to a handler's reply,
 * with every central check on the way (DESIGN.md §2). */
#ifndef QUARTIER_DISPATCH_H
#define QUARTIER_DISPATCH_H

#include "http/request.h"

/* Runs the checks and the handler; afterwards r holds the reply. */
void dispatch(req_t *r);

/* Computes the ETags of the embedded static files. Call once at start-up. */
void static_init(void);

#endif
