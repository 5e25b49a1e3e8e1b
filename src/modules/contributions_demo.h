/* contributions_demo.h — the concertation at scale (`quartier demo --scale
 * N`): each step adds CONTRIBUTIONS_DEMO_MEETINGS_PER_STEP invented meetings
 * of both projects (past ones held, with people counted at the door and a
 * few walk-ins; upcoming ones with registrations) and
 * CONTRIBUTIONS_DEMO_PER_STEP invented contributions over the last 24
 * months, with themes, sectors, channels, moderation and answers consistent
 * with their state; a share collected at held meetings. Deterministic (a
 * seeded generator, times relative to now). */
#ifndef QUARTIER_CONTRIBUTIONS_DEMO_H
#define QUARTIER_CONTRIBUTIONS_DEMO_H

/* The 19 steps of --scale 20 (the benchmark's scale) give the first project
 * (Mosson, 60 % of them) more than 100,000 contributions: the bilan
 * « over 100,000 contributions » is that project's (171,060 in all). */
#define CONTRIBUTIONS_DEMO_PER_STEP 9000
#define CONTRIBUTIONS_DEMO_MEETINGS_PER_STEP 25

/* Adds (scale - 1) steps inside the demo's transaction (the caller begins
 * and commits it), after demo/meetings.sql and demo/contributions.sql: the
 * contributions are bulk-loaded with their per-row triggers and indexes set
 * aside, then the indexes and the full-text index are built once. 0 or -1. */
int contributions_demo_load(int scale);

/* What the last contributions_demo_load() wrote. */
long long contributions_demo_count(void);
long long contributions_demo_meetings(void);

#endif
