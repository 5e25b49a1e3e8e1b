/* reports_backoffice.h — handlers of this feature (see src/routes/). */
#ifndef QUARTIER_REPORTS_BACKOFFICE_H
#define QUARTIER_REPORTS_BACKOFFICE_H

#include "http/request.h"

#endif
