/* markdown.c — see markdown.h. */
#include "view/markdown.h"

#include <md4c-html.h>
#include <string.h>

static void append(const MD_CHAR *text, MD_SIZE size, void *userdata)
{
	buf_append(userdata, text, size);
}

const char *markdown_html(arena_t *a, const char *text)
{
	buf_t out;
	buf_init(&out, a, 1024);
	if (!text)
		return out.data;
	/* MD_FLAG_NOHTML: HTML in the source is shown as text, never run. */
	md_html(text, (MD_SIZE)strlen(text), append, &out, MD_DIALECT_COMMONMARK | MD_FLAG_NOHTML, 0);
	return out.data;
}
