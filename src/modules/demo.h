/* demo.h — `quartier demo`: demonstration data for an empty database. */
#ifndef QUARTIER_DEMO_H
#define QUARTIER_DEMO_H

#define DEMO_PASSWORD "quartier-demo"
#define DEMO_SCALE_MAX 1000

/* Loads the demo data and the demo accounts in one transaction. Refuses a
 * database that already holds projects or accounts. With scale N > 1, adds
 * (N - 1) times a set of invented records (organisations, accounts with the
 * demo password, audit entries) for benchmarks; the projects stay the real
 * two. 0 or -1 (message on stderr). */
int demo_load(int scale);

#include <stddef.h>
#include <jansson.h>

/* For a bulk load at --scale: drops the named per-row triggers (those that
 * exist) and the explicit indexes of the named tables, and answers what
 * they were (new reference, [{name, sql, type}]), or NULL on failure.
 * demo_bulk_restore() creates them again from their exact SQL, so that
 * what a later migration changes is kept: indexes are then built once by
 * sorting rather than updated row by row. Inside the load's transaction. */
json_t *demo_bulk_set_aside(const char *const *triggers, size_t ntriggers, const char *const *tables, size_t ntables);
/* 0 or -1. */
int demo_bulk_restore(json_t *saved);

#endif
