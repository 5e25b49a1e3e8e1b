/* hotspots.h — points noirs: the same category reported again and again
 * near the same place. hotspot_check() is declared in report_model.h. */
#ifndef QUARTIER_HOTSPOTS_H
#define QUARTIER_HOTSPOTS_H

#include "http/request.h"

#endif
