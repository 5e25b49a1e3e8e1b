/* hotspots.c — see hotspots.h. (Placeholder until the hotspot feature lands.) */
#include "modules/hotspots.h"

#include "modules/report_model.h"

int hotspot_check(req_t *r, long long report_id)
{
	(void)r;
	(void)report_id;
	return 0;
}
