/* jobs.h — the background tasks: what must happen without a request
 * (retention purges, reminder e-mails). One table in jobs.c says which, and
 * how often; the outbox's thread runs them when due (serve), and
 * « quartier maintain » runs them all once (cron, tests).
 *
 * A job is idempotent and short: it does what is due now, in its own
 * transaction(s), and records its work in the audit log when it changed
 * anything. It must be safe to run while requests are being served, and by
 * two instances at once (several instances sharing one database). */
#ifndef QUARTIER_JOBS_H
#define QUARTIER_JOBS_H

#include <time.h>

typedef struct job {
	const char *name;   /* for the logs, in French */
	int period_seconds; /* runs at start, then this often */
	void (*run)(void);
} job_t;

/* Runs the jobs that are due at `now`; returns the seconds until the next
 * one is due (at least 1). Called by one thread only. */
long jobs_run_due(time_t now);

/* Runs every job once, now. 0 (jobs log their own failures). */
int jobs_run_all(void);

/* The table, for tests and « quartier maintain ». */
extern const job_t g_jobs[];
extern const int g_jobs_count;

#endif
