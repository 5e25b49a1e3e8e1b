/* quorum.h — whether a session of a body (instance) has its quorum, from the
 * counts per college (GLOSSARY.md: collège élus, techniciens, société
 * civile). Pure arithmetic, no database: bodies' session pages feed it the
 * counts of attendance rows, tests/unit/test_quorum.c checks it.
 *
 * Rules (migrations/0012_concertation.sql, table body):
 * - the base is the full members (titulaires) whose mandate is current on the
 *   day of the session;
 * - in each college, a substitute (suppléant) present replaces a full member
 *   absent: effective present = full present + min(substitutes present,
 *   full members not present);
 * - a college is represented when at least one of its members (full or
 *   substitute) is present;
 * - with a quorum_percent, the quorum is met when the effective presents
 *   reach that share of the full members (rounded up); with
 *   quorum_all_colleges, every college that has full members must also be
 *   represented. A body with neither has no quorum rule.
 */
#ifndef QUARTIER_QUORUM_H
#define QUARTIER_QUORUM_H

enum { QUORUM_COLLEGES = 3 }; /* elected, technical, civil_society, in that order */

typedef struct quorum_college {
	int full;                /* full members with a current mandate */
	int full_present;        /* of them, present */
	int substitutes_present; /* substitutes present */
} quorum_college_t;

typedef struct quorum_result {
	int represented[QUORUM_COLLEGES]; /* someone of the college is present */
	int effective[QUORUM_COLLEGES];   /* full present + substitutes standing in */
	int full_total;                   /* full members, all colleges */
	int effective_total;              /* effective presents, all colleges */
	int required;                     /* effective presents needed by the percent (0: no percent) */
	int has_rule;                     /* the body defines a quorum (percent or all colleges) */
	int met;                          /* the rule is satisfied (0 when has_rule is 0) */
} quorum_result_t;

/* Computes the quorum of one session. percent: 1..100, or 0 when the body
 * sets none; all_colleges: 1 when each college with full members must be
 * represented. Fills *out. */
void quorum_compute(const quorum_college_t colleges[QUORUM_COLLEGES], int percent, int all_colleges,
		    quorum_result_t *out);

#endif
