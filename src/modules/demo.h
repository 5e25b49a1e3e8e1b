/* demo.h — `quartier demo`: demonstration data for an empty database. */
#ifndef QUARTIER_DEMO_H
#define QUARTIER_DEMO_H

#define DEMO_PASSWORD "quartier-demo"

/* Loads the demo data and the demo accounts in one transaction. Refuses a
 * database that already holds projects or accounts. 0 or -1 (message on
 * stderr). */
int demo_load(void);

#endif
