/* reports_demo.c — see reports_demo.h. */
#include "modules/reports_demo.h"

#include "core/embedded.h"
#include "db/db.h"

int reports_demo_load(int scale)
{
	(void)scale;
	const embedded_file_t *sql = embedded_find(embedded_demo, embedded_demo_count, "reports.sql");
	return sql && db_exec_script((const char *)sql->data) == 0 ? 0 : -1;
}
