/* outbox_admin.h — handlers of this feature (see src/routes/). */
#ifndef QUARTIER_OUTBOX_ADMIN_H
#define QUARTIER_OUTBOX_ADMIN_H

#include "http/request.h"

#endif
