/* report_notify.c — see report_notify.h. (Placeholder until notifications land.) */
#include "modules/report_notify.h"

#include "modules/report_model.h"

int report_notify_routed(req_t *r, long long report_id, long long org_id)
{
	(void)r;
	(void)report_id;
	(void)org_id;
	return 0;
}

int report_notify_reporter(req_t *r, long long report_id, long long event_id)
{
	(void)r;
	(void)report_id;
	(void)event_id;
	return 0;
}

int report_notify_created(req_t *r, long long report_id, const char *follow_token)
{
	(void)r;
	(void)report_id;
	(void)follow_token;
	return 0;
}
