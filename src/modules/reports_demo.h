/* reports_demo.h — demo data of GUSP reports: categories and routing
 * (demo/reports.sql), about 300 invented reports over the last twelve
 * months with their events, two walking diagnostics and a point noir;
 * --scale N adds (N - 1) × REPORTS_DEMO_PER_STEP generated reports over
 * five years (benchmarks). Deterministic: a seeded generator, times
 * relative to now. */
#ifndef QUARTIER_REPORTS_DEMO_H
#define QUARTIER_REPORTS_DEMO_H

/* Generated reports added by each step of --scale: 20 steps give at least
 * 1,000,000 with the demo's own. */
#define REPORTS_DEMO_PER_STEP 52632

/* Loads the reports' demo data inside the demo's transaction (the caller
 * begins and commits it). 0 or -1. */
int reports_demo_load(int scale);

/* The number of reports the last reports_demo_load() wrote. */
long long reports_demo_count(void);

#endif
