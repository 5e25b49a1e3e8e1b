/* report_intake.c — see report_intake.h. (Placeholder until the intake feature lands.) */
#include "modules/report_intake.h"

int report_intake_submit(req_t *r, const char *source, long long walk_id, report_created_t *out, json_t **errors)
{
	(void)r;
	(void)source;
	(void)walk_id;
	(void)out;
	*errors = json_pack("{s:s}", "category", "Saisie des signalements indisponible.");
	return 1;
}
