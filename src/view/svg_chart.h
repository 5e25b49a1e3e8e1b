/* svg_chart.h — accessible horizontal bar charts as inline SVG, written on
 * the server (no JavaScript): role="img" with <title> and <desc> named by
 * aria-labelledby/aria-describedby, one bar per row with its label and its
 * value written as text beside it (the meaning never rests on colour), dark
 * ink on white (print stylesheets may turn the bars grey: class "bar").
 * Every label is HTML-escaped; a label too long is cut on a UTF-8 character
 * boundary with « … ». A page must follow each chart with the data table
 * that says the same (the chart is a picture of it).
 */
#ifndef QUARTIER_SVG_CHART_H
#define QUARTIER_SVG_CHART_H

#include <stddef.h>

#include "core/arena.h"

/* One bar: its label and its value (negative values are drawn as 0). */
typedef struct svg_bar {
	const char *label;
	long long value;
} svg_bar_t;

/* Longest label drawn, in characters (the table gives it whole). */
#define SVG_LABEL_MAX 28

/* Appends to out the chart of n bars. id: a prefix unique in the page
 * ([a-z0-9-], used for the ids of the title and description); title and
 * desc: what the chart shows, in words. With n = 0 the chart says that
 * there is nothing to draw. */
void svg_bar_chart(buf_t *out, const char *id, const char *title, const char *desc, const svg_bar_t *bars, size_t n);

/* The label as drawn: at most max characters, else cut to max - 1 and
 * « … » added. Arena string (or s itself when short enough). */
const char *svg_label_cut(arena_t *a, const char *s, size_t max);

/* The length in pixels of a bar of value v when the longest (vmax) is
 * width pixels: 0 for v <= 0 or vmax <= 0, at least 1 for v > 0. */
int svg_bar_length(long long v, long long vmax, int width);

#endif
