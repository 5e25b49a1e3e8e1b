/* markdown.h — Markdown (CommonMark) to HTML with md4c, raw HTML disabled:
 * the only way text written by people becomes HTML. */
#ifndef QUARTIER_MARKDOWN_H
#define QUARTIER_MARKDOWN_H

#include "core/arena.h"

/* HTML for the Markdown text, as an arena string ("" for NULL). */
const char *markdown_html(arena_t *a, const char *text);

#endif
