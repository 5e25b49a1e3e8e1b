/* directory_demo.h — the invented people of the demo's partner directory. */
#ifndef QUARTIER_DIRECTORY_DEMO_H
#define QUARTIER_DIRECTORY_DEMO_H

/* Adds about 150 invented contacts to the demo organisations (memberships
 * with positions, tags, a few residents with consent) and some
 * interactions authored by staff@demo.test. Runs inside demo_load()'s
 * transaction. Returns 0 or -1. */
int directory_demo_load(void);

#endif
