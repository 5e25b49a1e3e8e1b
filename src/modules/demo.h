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

#endif
