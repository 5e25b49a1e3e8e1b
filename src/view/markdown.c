/* markdown.c — see markdown.h. */
#include "view/markdown.h"

#include <md4c-html.h>
#include <string.h>

static void append(const MD_CHAR *text, MD_SIZE size, void *userdata)
{
	buf_append(userdata, text, size);
}

/* The HTML in a writable arena buffer. */
static char *render(arena_t *a, const char *text)
{
	buf_t out;
	buf_init(&out, a, 1024);
	if (!text)
		return out.data;
	/* MD_FLAG_NOHTML: HTML in the source is shown as text, never run. */
	md_html(text, (MD_SIZE)strlen(text), append, &out, MD_DIALECT_COMMONMARK | MD_FLAG_NOHTML, 0);
	return out.data;
}

const char *markdown_html(arena_t *a, const char *text)
{
	return render(a, text);
}

/* The digit of the heading tag at p ("<h2>", "</h2>"), or NULL. */
static char *heading_digit(char *p)
{
	if (p[0] != '<')
		return NULL;
	char *d = p[1] == '/' ? p + 2 : p + 1;
	return d[0] == 'h' && d[1] >= '1' && d[1] <= '6' && d[2] == '>' ? d + 1 : NULL;
}

const char *markdown_html_under(arena_t *a, const char *text, int level)
{
	char *html = render(a, text);
	if (level < 1 || level > 5)
		return html;
	/* Raw HTML is disabled: every "<hN>" or "</hN>" in the output is a
	 * heading md4c wrote (typed ones come out as &lt;h1&gt;). The highest
	 * one used becomes level + 1, the others follow; digits are rewritten
	 * in place. */
	int top = 7;
	for (char *p = html; *p; p++) {
		char *d = heading_digit(p);
		if (d && *d - '0' < top)
			top = *d - '0';
	}
	if (top == 7)
		return html;
	int shift = level + 1 - top;
	for (char *p = html; *p; p++) {
		char *d = heading_digit(p);
		if (d) {
			int n = *d - '0' + shift;
			*d = (char)('0' + (n > 6 ? 6 : n < 1 ? 1 : n));
		}
	}
	return html;
}
