/* svg_chart.c — see svg_chart.h. */
#include "view/svg_chart.h"

#include <string.h>

#include "view/template.h"

/* Geometry, in user units of the viewBox (the SVG scales to its box). */
#define CHART_W 640
#define LABEL_W 230 /* labels, right-aligned at LABEL_W - 8 */
#define VALUE_W 70  /* the value written after the bar */
#define ROW_H 26
#define BAR_H 18
#define TOP 8

const char *svg_label_cut(arena_t *a, const char *s, size_t max)
{
	if (!s)
		return "";
	size_t chars = 0, i = 0, cut = 0;
	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue; /* continuation byte */
		if (chars == (max ? max - 1 : 0))
			cut = i;
		chars++;
	}
	if (chars <= max)
		return s;
	return arena_printf(a, "%.*s…", (int)cut, s);
}

int svg_bar_length(long long v, long long vmax, int width)
{
	if (v <= 0 || vmax <= 0 || width <= 0)
		return 0;
	long long len = v >= vmax ? width : (long long)((double)v * width / (double)vmax + 0.5);
	return len < 1 ? 1 : (int)len;
}

/* Appends s escaped. */
static void esc(buf_t *out, const char *s)
{
	html_escape(out, s ? s : "", s ? strlen(s) : 0);
}

void svg_bar_chart(buf_t *out, const char *id, const char *title, const char *desc, const svg_bar_t *bars, size_t n)
{
	long long vmax = 0;
	for (size_t i = 0; i < n; i++)
		if (bars[i].value > vmax)
			vmax = bars[i].value;
	int rows = n ? (int)n : 1;
	int height = TOP * 2 + rows * ROW_H;
	buf_printf(out,
		   "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
		   "height=\"%d\" role=\"img\" aria-labelledby=\"",
		   CHART_W, height, CHART_W, height);
	esc(out, id);
	buf_puts(out, "-t\" aria-describedby=\"");
	esc(out, id);
	buf_puts(out, "-d\" preserveAspectRatio=\"xMinYMin meet\"><title id=\"");
	esc(out, id);
	buf_puts(out, "-t\">");
	esc(out, title);
	buf_puts(out, "</title><desc id=\"");
	esc(out, id);
	buf_puts(out, "-d\">");
	esc(out, desc);
	buf_puts(out, "</desc>");
	if (n == 0)
		buf_printf(
		    out,
		    "<text x=\"8\" y=\"%d\" font-size=\"14\" fill=\"#1b1f24\">Aucune donnée sur la période.</text>",
		    TOP + 18);
	/* An axis line, so that a zero bar still reads as « nothing ». */
	buf_printf(out,
		   "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1b1f24\" "
		   "stroke-width=\"1\"/>",
		   LABEL_W, TOP, LABEL_W, TOP + rows * ROW_H);
	arena_t *a = out->arena;
	int barw = CHART_W - LABEL_W - VALUE_W;
	for (size_t i = 0; i < n; i++) {
		int y = TOP + (int)i * ROW_H;
		int len = svg_bar_length(bars[i].value, vmax, barw);
		buf_printf(out, "<g><text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"13\" fill=\"#1b1f24\">",
			   LABEL_W - 8, y + 17);
		esc(out, svg_label_cut(a, bars[i].label, SVG_LABEL_MAX));
		buf_puts(out, "</text>");
		if (len > 0)
			buf_printf(out,
				   "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#1d4e89\" "
				   "stroke=\"#1b1f24\" stroke-width=\"0.5\"/>",
				   LABEL_W, y + (ROW_H - BAR_H) / 2, len, BAR_H);
		buf_printf(
		    out,
		    "<text x=\"%d\" y=\"%d\" font-size=\"13\" font-weight=\"bold\" fill=\"#1b1f24\">%lld</text></g>",
		    LABEL_W + len + 6, y + 17, bars[i].value < 0 ? 0 : bars[i].value);
	}
	buf_puts(out, "</svg>");
}
