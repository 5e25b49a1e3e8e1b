/* report_categories.h — handlers of this feature (see src/routes/). */
#ifndef QUARTIER_REPORT_CATEGORIES_H
#define QUARTIER_REPORT_CATEGORIES_H

#include "http/request.h"

#endif
