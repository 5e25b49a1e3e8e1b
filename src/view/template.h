/* template.h — the logic-less template language (Mustache-like) that turns a
 * view model (a jansson value) into HTML.
 *
 *   {{name}} {{a.b.c}} {{.}}   value, HTML-escaped (text and attribute contexts)
 *   {{{name_html}}}            raw value; only names ending in _html are accepted,
 *                              and only HTML the app itself produced goes there
 *   {{#name}}...{{/name}}      section: array -> once per item; object -> once with
 *                              it pushed on the context; truthy -> once
 *   {{^name}}...{{/name}}      inverted section: when falsy/absent/empty array
 *   {{> partial}}              another template of the set, same context
 *   {{! comment}}
 *
 * Escaping by construction, checked when a template is compiled: a variable
 * inside a tag must be inside a quoted attribute value; a variable that starts
 * an href/src/action/formaction value (after nothing but spaces, control chars
 * and character references) is checked as a URL when rendered (only relative
 * URLs, http:, https:, mailto:, tel:; anything else becomes "#").
 *
 * Details (template.c):
 * - Output: strings as they are, integers with %lld, reals in their shortest
 *   round-trip form (%.15g, else %.17g), true/false as "true"/"false"; null,
 *   absent, objects and arrays print nothing.
 * - Falsy for sections: absent, null, false, 0, 0.0, "", [] and {}.
 * - Compile errors: variables outside text and quoted attribute values, inside
 *   <script>/<style> (and xmp, iframe, noscript...), comments, on* and srcdoc
 *   attributes; raw variables anywhere but text; partials anywhere but text
 *   (not in <title> or <textarea> either); in <title> or <textarea>, a variable
 *   right after "<" or "</tit" (its value could end the element); a section
 *   that changes the HTML context (only text-only sections may add
 *   attributes: <input{{#on}} checked{{/on}}>); a template ending inside a tag;
 *   "<!--" inside <script> (browsers then read "</script>" differently); a
 *   NUL byte.
 * - Inside style="...", a value that is not a plain CSS token
 *   (letters, digits, space . , % # - _) prints nothing.
 * - Partials: at most 32 deep. On -1, out is restored to its length before
 *   the call.
 */
#ifndef QUARTIER_TEMPLATE_H
#define QUARTIER_TEMPLATE_H

#include <jansson.h>
#include <stddef.h>

#include "../core/arena.h"

typedef struct tmpl_set tmpl_set_t;

/* A new, empty set. The caller owns it (tmpl_set_free). */
tmpl_set_t *tmpl_set_new(void);
void tmpl_set_free(tmpl_set_t *set);

/* Compiles src[0..len) and adds it to the set under name (replacing any
 * template of that name). src is copied. Returns 0, or -1 with a message
 * naming the line in err. */
int tmpl_set_add(tmpl_set_t *set, const char *name, const char *src, size_t len, char *err,
		 size_t errlen);

/* 1 if the set has a template of that name. */
int tmpl_exists(const tmpl_set_t *set, const char *name);

/* Renders template `name` with view into out. Returns 0, or -1 if the
 * template (or a partial it uses) does not exist. Thread-safe: a set is
 * read-only once built. */
int tmpl_render(const tmpl_set_t *set, const char *name, json_t *view, buf_t *out);

/* Appends s[0..n) to out with & < > " ' ` = escaped as entities. */
void html_escape(buf_t *out, const char *s, size_t n);

#endif
