/* markdown.h — Markdown (CommonMark) to HTML with md4c, raw HTML disabled:
 * the only way text written by people becomes HTML. */
#ifndef QUARTIER_MARKDOWN_H
#define QUARTIER_MARKDOWN_H

#include "core/arena.h"

/* HTML for the Markdown text, as an arena string ("" for NULL). */
const char *markdown_html(arena_t *a, const char *text);

/* The same, for text shown under a heading of level `level` (1..5): its
 * headings move so that the highest one it uses becomes level + 1 (minutes
 * written with « ## » and « ### » under the page's <h2> get <h3> and <h4>),
 * capped at <h6>, so that the page's outline stays in order. */
const char *markdown_html_under(arena_t *a, const char *text, int level);

#endif
