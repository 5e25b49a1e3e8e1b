/* quorum.c — see quorum.h. */
#include "modules/quorum.h"

#include <string.h>

void quorum_compute(const quorum_college_t colleges[QUORUM_COLLEGES], int percent, int all_colleges,
		    quorum_result_t *out)
{
	memset(out, 0, sizeof *out);
	int all_there = 1;
	for (int c = 0; c < QUORUM_COLLEGES; c++) {
		const quorum_college_t *k = &colleges[c];
		int absent = k->full - k->full_present;
		if (absent < 0)
			absent = 0;
		int standing_in = k->substitutes_present < absent ? k->substitutes_present : absent;
		out->effective[c] = k->full_present + standing_in;
		out->represented[c] = k->full_present + k->substitutes_present > 0;
		out->full_total += k->full;
		out->effective_total += out->effective[c];
		if (k->full > 0 && !out->represented[c])
			all_there = 0;
	}
	if (percent > 0)
		out->required = (out->full_total * percent + 99) / 100; /* rounded up */
	out->has_rule = percent > 0 || all_colleges;
	if (!out->has_rule)
		return;
	out->met = (percent <= 0 || (out->full_total > 0 && out->effective_total >= out->required)) &&
		   (!all_colleges || all_there);
}
