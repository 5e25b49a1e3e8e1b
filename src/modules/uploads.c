/* uploads.c — see uploads.h. (Placeholder until the intake feature lands.) */
#include "modules/uploads.h"

int uploads_attach_photos(req_t *r, long long report_id, const char **message)
{
	(void)r;
	(void)report_id;
	*message = NULL;
	return 0;
}

void photos_serve(req_t *r)
{
	reply_error(r, 404, NULL, NULL);
}
