/* jobs.c — see jobs.h. The table of background tasks: add a line here for
 * a new one (its function lives with its feature). */
#include "jobs.h"

#include "core/log.h"
#include "core/outbox.h"
#include "modules/contributions.h"
#include "modules/registrations.h"

const job_t g_jobs[] = {
	{"conservation (déclarants, courriels)", 3600, outbox_purge},
	{"rappels aux inscrits des réunions", 300, registrations_remind},
	{"conservation (inscrits des réunions)", 3600, registrations_purge},
	{"conservation (auteurs des contributions)", 3600, contributions_retention_purge},
};
const int g_jobs_count = (int)(sizeof g_jobs / sizeof g_jobs[0]);

/* Next due time of each job (0: at the first call). One thread only. */
static time_t g_next_due[sizeof g_jobs / sizeof g_jobs[0]];

long jobs_run_due(time_t now)
{
	time_t next = now + 3600;
	for (int i = 0; i < g_jobs_count; i++) {
		if (now >= g_next_due[i]) {
			g_jobs[i].run();
			g_next_due[i] = now + g_jobs[i].period_seconds;
		}
		if (g_next_due[i] < next)
			next = g_next_due[i];
	}
	return next > now ? (long)(next - now) : 1;
}

int jobs_run_all(void)
{
	for (int i = 0; i < g_jobs_count; i++) {
		log_info("tâche : %s", g_jobs[i].name);
		g_jobs[i].run();
	}
	return 0;
}
