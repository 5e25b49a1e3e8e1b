/* open311.h — handlers of this feature (see src/routes/). */
#ifndef QUARTIER_OPEN311_H
#define QUARTIER_OPEN311_H

#include "http/request.h"

#endif
