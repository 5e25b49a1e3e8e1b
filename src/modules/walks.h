/* walks.h — handlers of this feature (see src/routes/). */
#ifndef QUARTIER_WALKS_H
#define QUARTIER_WALKS_H

#include "http/request.h"

#endif
