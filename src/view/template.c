/* template.c — see template.h.
 *
 * A template is compiled once into a flat array of nodes: literal text,
 * variables (escaped or raw), sections (their body is the nodes that follow,
 * up to `end`) and partials. Names are split into segments at compile time.
 * Rendering walks the nodes with a context stack that lives on the C stack,
 * so it allocates nothing but the output buffer.
 *
 * While compiling, the literal text is run through a small model of the HTML
 * tokenizer (html_t) so that each variable knows its context: text, quoted
 * attribute value (and which attribute), or a place where no value may go
 * (inside a tag outside quotes, comments, <script>, <style>, event-handler
 * attributes). Sections must leave the context as they found it; the one
 * exception is literal-only sections that add attributes to a tag
 * (`<input{{#on}} checked{{/on}}>`).
 *
 * Each template owns an arena holding its name, its source copy, its nodes and
 * its name segments; replacing or freeing a template frees that arena.
 */
#include "template.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NEST 64          /* sections open at once in one template */
#define MAX_SEGS 32          /* segments in a dotted name */
#define MAX_PARTIAL_DEPTH 32 /* partials inside partials when rendering */
#define HNAME_LEN 15         /* tag and attribute names kept for checks */

/* ------------------------------------------------------------------ */
/* Compiled form                                                       */

enum node_kind { N_TEXT, N_VAR, N_RAW, N_SECTION, N_INVERTED, N_PARTIAL };

enum node_flag {
	F_URL = 1, /* the value starts a URL attribute: must be a safe URL */
	F_CSS = 2, /* the value is inside style="...": must be a plain CSS token */
};

typedef struct seg {
	const char *key; /* NUL-terminated object key */
	long index;      /* >= 0 when the segment is all digits: also an array index */
} seg_t;

typedef struct node {
	unsigned char kind;  /* enum node_kind */
	unsigned char flags; /* enum node_flag, for N_VAR */
	unsigned short nseg; /* segments of the name; 0 means "." */
	uint32_t hash;       /* N_PARTIAL: hash of the partial's name */
	const char *text;    /* N_TEXT: the literal; N_PARTIAL: the partial's name */
	size_t len;          /* length of text */
	const seg_t *seg;    /* N_VAR, N_RAW, sections */
	size_t end;          /* sections: index of the first node after the body */
} node_t;

typedef struct tmpl {
	arena_t *arena; /* owns everything below, and the tmpl_t itself */
	const char *name;
	uint32_t hash;
	node_t *nodes;
	size_t n, cap;
} tmpl_t;

struct tmpl_set {
	tmpl_t **items;
	size_t n, cap;
};

/* FNV-1a hash of a NUL-terminated string. */
static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int is_ws(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
}

static int is_alpha(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static int is_digit(unsigned char ch)
{
	return ch >= '0' && ch <= '9';
}

static unsigned char to_lower(unsigned char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch + 32) : ch;
}

/* ------------------------------------------------------------------ */
/* HTML context model (compile time)                                   */

enum hstate {
	H_DATA,        /* text */
	H_RCDATA,      /* inside <title> or <textarea>: text, no tags */
	H_RAWTEXT,     /* inside <script>, <style>, ...: no variables */
	H_TAG_OPEN,    /* after "<" */
	H_END_OPEN,    /* after "</" */
	H_MD0,         /* after "<!" */
	H_MD1,         /* after "<!-" */
	H_COMMENT,     /* inside <!-- --> (see comment_step) */
	H_BOGUS,       /* <!DOCTYPE ...>, <?...>: until ">" */
	H_TAG_NAME,    /* reading a tag name */
	H_BEFORE_ATTR, /* between attributes */
	H_ATTR_NAME,   /* reading an attribute name */
	H_AFTER_ATTR,  /* spaces after an attribute name: "=" may follow */
	H_PENDING,     /* after a section that added attributes: space or ">" must follow */
	H_AMBIG,       /* spaces after H_PENDING: like H_AFTER_ATTR, but "=" is refused */
	H_BEFORE_VALUE,
	H_VALUE_DQ,
	H_VALUE_SQ,
	H_VALUE_UQ,
};

typedef struct html {
	unsigned char st;       /* enum hstate */
	unsigned char endtag;   /* the tag being read is an end tag */
	unsigned char nonempty; /* the attribute value has literal text (see value_blank) */
	unsigned char ref;      /* value_blank: inside a leading character reference */
	unsigned char dashes;   /* H_COMMENT: see comment_step; H_RAWTEXT: see script_escape_step */
	unsigned char match;    /* H_RAWTEXT/H_RCDATA: how much of "</tag" was seen */
	unsigned char foreign;  /* <svg>/<math> nesting; 255: unknown, assume inside */
	unsigned char tlen, alen; /* HNAME_LEN + 1: name too long, truncated */
	char tag[HNAME_LEN + 1];  /* tag name (lowercase); in RAWTEXT/RCDATA the one to close */
	char attr[HNAME_LEN + 1]; /* current attribute name (lowercase) */
} html_t;

enum attr_kind { A_PLAIN, A_URL, A_CSS, A_SCRIPT };

/* Appends ch, lowercased, to a tag or attribute name. */
static void name_push(char *buf, unsigned char *len, unsigned char ch)
{
	if (*len < HNAME_LEN) {
		buf[(*len)++] = (char)to_lower(ch);
		buf[*len] = '\0';
	} else {
		*len = HNAME_LEN + 1;
	}
}

static int name_is(const char *buf, unsigned char len, const char *s)
{
	return len <= HNAME_LEN && strcmp(buf, s) == 0;
}

static int tag_is_any(const html_t *h, const char *const *names)
{
	for (; *names; names++)
		if (name_is(h->tag, h->tlen, *names))
			return 1;
	return 0;
}

static const char *const rawtext_tags[] = {"script",  "style",    "xmp",      "iframe",    "noembed",
					   "noframes", "noscript", "plaintext", NULL};
static const char *const rcdata_tags[] = {"title", "textarea", NULL};
static const char *const foreign_tags[] = {"svg", "math", NULL};

/* What a variable inside the value of the current attribute must respect. */
static enum attr_kind attr_kind(const html_t *h)
{
	static const char *const url_attrs[] = {"href", "src", "action", "formaction", "xlink:href", NULL};
	if (h->alen >= 2 && h->attr[0] == 'o' && h->attr[1] == 'n')
		return A_SCRIPT;
	if (name_is(h->attr, h->alen, "srcdoc"))
		return A_SCRIPT;
	if (name_is(h->attr, h->alen, "style"))
		return A_CSS;
	for (const char *const *a = url_attrs; *a; a++)
		if (name_is(h->attr, h->alen, *a))
			return A_URL;
	return A_PLAIN;
}

static void tag_start(html_t *h, unsigned char ch, int endtag)
{
	h->st = H_TAG_NAME;
	h->endtag = (unsigned char)endtag;
	h->tlen = 0;
	h->tag[0] = '\0';
	name_push(h->tag, &h->tlen, ch);
}

static void attr_start(html_t *h, unsigned char ch)
{
	h->st = H_ATTR_NAME;
	h->alen = 0;
	h->attr[0] = '\0';
	name_push(h->attr, &h->alen, ch);
}

/* The ">" of a tag: back to text, or into the raw content of <script> etc. */
static void tag_end(html_t *h)
{
	int svg = tag_is_any(h, foreign_tags);
	h->st = H_DATA;
	h->match = 0;
	h->dashes = 0;
	if (h->endtag) {
		if (svg && h->foreign > 0 && h->foreign < 255)
			h->foreign--;
	} else if (svg) {
		if (h->foreign < 254)
			h->foreign++;
	} else if (tag_is_any(h, rawtext_tags)) {
		h->st = H_RAWTEXT;
	} else if (!h->foreign && tag_is_any(h, rcdata_tags)) {
		h->st = H_RCDATA;
	}
}

/* Inside <!-- -->. dashes: 0 text, 1 "-", 2 "--", 3 "--!", 4 just opened,
 * 5 just opened then "-". ">" closes in states 2 to 5 (as browsers do). */
static void comment_step(html_t *h, unsigned char ch)
{
	static const unsigned char after_dash[] = {1, 2, 2, 1, 5, 2};
	if (ch == '>' && h->dashes >= 2)
		h->st = H_DATA;
	else if (ch == '-')
		h->dashes = after_dash[h->dashes];
	else if (ch == '!' && h->dashes == 2)
		h->dashes = 3;
	else
		h->dashes = 0;
}

/* Inside <script>, <title>...: looks for "</tag" followed by a space, "/" or ">". */
static void raw_step(html_t *h, unsigned char ch)
{
	size_t tl = strlen(h->tag);
	if (h->match == 1 && ch == '/') {
		h->match = 2;
	} else if (h->match >= 2 && (size_t)h->match - 2 < tl && to_lower(ch) == (unsigned char)h->tag[h->match - 2]) {
		h->match++;
	} else if (h->match >= 2 && (size_t)h->match - 2 == tl && (is_ws(ch) || ch == '/' || ch == '>')) {
		h->endtag = 1;
		h->match = 0;
		if (ch == '>')
			tag_end(h);
		else
			h->st = H_BEFORE_ATTR;
	} else {
		h->match = ch == '<';
	}
}

/* Inside <script>, "<!--" leads browsers into the "escaped" states where
 * "<script>" ... "</script>" no longer ends the element: not modelled, so
 * refused. dashes counts how much of "<!--" was seen. 1 on "<!--". */
static int script_escape_step(html_t *h, unsigned char ch)
{
	static const char open[] = "<!--";
	if (!name_is(h->tag, h->tlen, "script"))
		return 0;
	if (ch == (unsigned char)open[h->dashes])
		h->dashes++;
	else
		h->dashes = ch == '<';
	return h->dashes == 4;
}

/* Between attributes (or after an attribute name when after_name): one char. */
static void attrs_step(html_t *h, unsigned char ch, int after_name)
{
	if (is_ws(ch))
		return;
	if (ch == '/')
		h->st = H_BEFORE_ATTR;
	else if (ch == '>')
		tag_end(h);
	else if (ch == '=' && after_name)
		h->st = H_BEFORE_VALUE;
	else
		attr_start(h, ch);
}

/* Inside a tag: one char. Returns NULL, or an error message. */
static const char *tag_step(html_t *h, unsigned char ch)
{
	switch (h->st) {
	case H_TAG_NAME:
		if (is_ws(ch) || ch == '/')
			h->st = H_BEFORE_ATTR;
		else if (ch == '>')
			tag_end(h);
		else
			name_push(h->tag, &h->tlen, ch);
		return NULL;
	case H_BEFORE_ATTR:
		attrs_step(h, ch, 0);
		return NULL;
	case H_ATTR_NAME:
		if (is_ws(ch))
			h->st = H_AFTER_ATTR;
		else if (ch == '/' || ch == '>' || ch == '=')
			attrs_step(h, ch, 1);
		else
			name_push(h->attr, &h->alen, ch);
		return NULL;
	case H_AFTER_ATTR:
		attrs_step(h, ch, 1);
		return NULL;
	case H_PENDING:
		if (is_ws(ch))
			h->st = H_AMBIG;
		else if (ch == '/' || ch == '>')
			attrs_step(h, ch, 0);
		else
			return "after a section that adds attributes, write a space, \"/\" or \">\"";
		return NULL;
	case H_AMBIG:
		if (ch == '=')
			return "\"=\" after a section that adds attributes is ambiguous";
		attrs_step(h, ch, 0);
		return NULL;
	default:
		return NULL;
	}
}

/* 1 if ch, at the start of an attribute value, leaves it blank: browsers strip
 * leading spaces and control chars from URLs, and character references
 * ("&#9;", "&Tab;") may stand for them, so these do not count as literal text
 * and a variable after them still starts the value. */
static int value_blank(html_t *h, unsigned char ch)
{
	if (h->ref && (is_alpha(ch) || is_digit(ch) || ch == '#'))
		return 1;
	if (h->ref && ch == ';') {
		h->ref = 0;
		return 1;
	}
	h->ref = ch == '&';
	return ch <= 0x20 || ch == '&';
}

/* Inside an attribute value: one char. */
static void value_step(html_t *h, unsigned char ch)
{
	switch (h->st) {
	case H_BEFORE_VALUE:
		h->nonempty = 0;
		h->ref = 0;
		if (ch == '"')
			h->st = H_VALUE_DQ;
		else if (ch == '\'')
			h->st = H_VALUE_SQ;
		else if (ch == '>')
			tag_end(h);
		else if (!is_ws(ch)) {
			h->st = H_VALUE_UQ;
			h->nonempty = 1;
		}
		break;
	case H_VALUE_DQ:
	case H_VALUE_SQ:
		if (ch == (h->st == H_VALUE_DQ ? '"' : '\''))
			h->st = H_BEFORE_ATTR;
		else if (!h->nonempty && !value_blank(h, ch))
			h->nonempty = 1;
		break;
	default: /* H_VALUE_UQ */
		if (is_ws(ch))
			h->st = H_BEFORE_ATTR;
		else if (ch == '>')
			tag_end(h);
		break;
	}
}

/* Advances the model by one char of literal template text. Returns NULL, or
 * an error message (a static string). */
static const char *html_step(html_t *h, unsigned char ch)
{
	switch (h->st) {
	case H_DATA:
		if (ch == '<')
			h->st = H_TAG_OPEN;
		return NULL;
	case H_RCDATA:
	case H_RAWTEXT:
		if (h->st == H_RAWTEXT && script_escape_step(h, ch))
			return "\"<!--\" inside <script> is not supported";
		raw_step(h, ch);
		return NULL;
	case H_TAG_OPEN:
		if (ch == '!')
			h->st = H_MD0;
		else if (ch == '/')
			h->st = H_END_OPEN;
		else if (ch == '?')
			h->st = H_BOGUS;
		else if (is_alpha(ch))
			tag_start(h, ch, 0);
		else {
			h->st = H_DATA;
			return html_step(h, ch);
		}
		return NULL;
	case H_END_OPEN:
		if (is_alpha(ch))
			tag_start(h, ch, 1);
		else
			h->st = ch == '>' ? H_DATA : H_BOGUS;
		return NULL;
	case H_MD0:
	case H_MD1:
		if (ch == '-' && h->st == H_MD0) {
			h->st = H_MD1;
		} else if (ch == '-') {
			h->st = H_COMMENT;
			h->dashes = 4;
		} else {
			h->st = H_BOGUS;
			return html_step(h, ch);
		}
		return NULL;
	case H_COMMENT:
		comment_step(h, ch);
		return NULL;
	case H_BOGUS:
		if (ch == '>')
			h->st = H_DATA;
		return NULL;
	case H_BEFORE_VALUE:
	case H_VALUE_DQ:
	case H_VALUE_SQ:
	case H_VALUE_UQ:
		value_step(h, ch);
		return NULL;
	default:
		return tag_step(h, ch);
	}
}

/* 1 for the states inside a tag, outside any attribute value, where a
 * section adding attributes may start or end. */
static int html_between(const html_t *h)
{
	switch (h->st) {
	case H_TAG_NAME:
	case H_BEFORE_ATTR:
	case H_ATTR_NAME:
	case H_AFTER_ATTR:
	case H_PENDING:
	case H_AMBIG:
		return 1;
	default:
		return 0;
	}
}

static int html_same_tag(const html_t *a, const html_t *b)
{
	return a->endtag == b->endtag && a->tlen == b->tlen && strcmp(a->tag, b->tag) == 0;
}

/* 1 if the state after a section body (b) behaves like the state before it
 * (a), so that rendering the body 0, 1 or n times leaves the same context. */
static int html_same(const html_t *a, const html_t *b)
{
	if (a->st != b->st)
		return 0;
	switch (a->st) {
	case H_DATA:
	case H_TAG_OPEN:
	case H_END_OPEN:
	case H_MD0:
	case H_MD1:
	case H_BOGUS:
		return 1;
	case H_COMMENT:
		return a->dashes == b->dashes;
	case H_RCDATA:
	case H_RAWTEXT:
		return a->match == b->match && a->dashes == b->dashes && strcmp(a->tag, b->tag) == 0;
	case H_TAG_NAME:
	case H_BEFORE_ATTR:
	case H_PENDING:
	case H_AMBIG:
		return html_same_tag(a, b);
	default: /* attribute name and value states */
		return html_same_tag(a, b) && a->alen == b->alen && strcmp(a->attr, b->attr) == 0 &&
		       !(a->nonempty && !b->nonempty);
	}
}

/* A short description of where the model is, for error messages. */
static const char *html_where(const html_t *h)
{
	switch (h->st) {
	case H_DATA:
		return "text";
	case H_RCDATA:
	case H_RAWTEXT:
		return "the content of an element such as <script>, <style> or <title>";
	case H_COMMENT:
	case H_MD0:
	case H_MD1:
	case H_BOGUS:
		return "an HTML comment or declaration";
	case H_VALUE_DQ:
	case H_VALUE_SQ:
		return "a quoted attribute value";
	default:
		return "a tag";
	}
}

/* ------------------------------------------------------------------ */
/* Compiler                                                            */

typedef struct open_sec {
	size_t node;      /* index of the section node */
	const char *name; /* name as written (in the source copy) */
	size_t nlen;
	int line;
	html_t h; /* HTML context where the section starts */
} open_sec_t;

typedef struct compiler {
	tmpl_t *t;
	const char *p, *end; /* what is left of the source copy */
	int line;            /* line of p */
	html_t h;
	open_sec_t open[MAX_NEST];
	int depth;
	char *err;
	size_t errlen;
} compiler_t;

/* Writes "<template>: line <line>: <message>" into the caller's err buffer.
 * Returns -1. */
__attribute__((format(printf, 3, 4))) static int fail(compiler_t *c, int line, const char *fmt, ...)
{
	if (!c->err || !c->errlen)
		return -1;
	int k = snprintf(c->err, c->errlen, "%s: line %d: ", c->t->name, line);
	if (k >= 0 && (size_t)k < c->errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(c->err + k, c->errlen - (size_t)k, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Appends a zeroed node to the template and returns it (owned by the
 * template's arena; valid until the next node_add). */
static node_t *node_add(tmpl_t *t, enum node_kind kind)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		node_t *nodes = arena_alloc(t->arena, cap * sizeof *nodes);
		if (t->n)
			memcpy(nodes, t->nodes, t->n * sizeof *nodes);
		t->nodes = nodes;
		t->cap = cap;
	}
	node_t *nd = &t->nodes[t->n++];
	memset(nd, 0, sizeof *nd);
	nd->kind = (unsigned char)kind;
	return nd;
}

/* Runs s[0..n) through the HTML model; counts lines when line is not NULL.
 * Returns NULL, or an error message. */
static const char *html_feed(html_t *h, const char *s, size_t n, int *line)
{
	for (size_t i = 0; i < n; i++) {
		const char *e = html_step(h, (unsigned char)s[i]);
		if (e)
			return e;
		if (line && s[i] == '\n')
			++*line;
	}
	return NULL;
}

/* Adds the literal s[0..n) and advances the HTML model over it. */
static int compile_text(compiler_t *c, const char *s, size_t n)
{
	node_t *nd = node_add(c->t, N_TEXT);
	nd->text = s;
	nd->len = n;
	const char *e = html_feed(&c->h, s, n, &c->line);
	if (e) /* c->line is the line of the offending char */
		return fail(c, c->line, "%s", e);
	return 0;
}

/* Parses one name segment s[0..n) into seg (key copied into the arena). */
static int seg_parse(compiler_t *c, int line, const char *s, size_t n, seg_t *seg)
{
	int digits = n > 0 && n <= 9;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (!is_alpha(ch) && !is_digit(ch) && ch != '_' && ch != '-')
			return fail(c, line, "invalid name \"%.*s\"", (int)n, s);
		digits = digits && is_digit(ch);
	}
	if (n == 0)
		return fail(c, line, "invalid name: empty segment");
	seg->key = arena_strndup(c->t->arena, s, n);
	seg->index = digits ? strtol(seg->key, NULL, 10) : -1;
	return 0;
}

/* Splits the name s[0..n) ("." or a.b.c) into nd->seg / nd->nseg. */
static int name_parse(compiler_t *c, int line, const char *s, size_t n, node_t *nd)
{
	if (n == 0)
		return fail(c, line, "empty tag name");
	if (n == 1 && s[0] == '.')
		return 0;
	size_t count = 1;
	for (size_t i = 0; i < n; i++)
		count += s[i] == '.';
	if (count > MAX_SEGS)
		return fail(c, line, "name \"%.*s\" has too many segments", (int)n, s);
	seg_t *segs = arena_alloc(c->t->arena, count * sizeof *segs);
	const char *start = s, *end = s + n;
	for (size_t k = 0; k < count; k++) {
		const char *dot = memchr(start, '.', (size_t)(end - start));
		const char *stop = dot ? dot : end;
		if (seg_parse(c, line, start, (size_t)(stop - start), &segs[k]) < 0)
			return -1;
		start = stop + 1;
	}
	nd->seg = segs;
	nd->nseg = (unsigned short)count;
	return 0;
}

/* Checks that a variable may appear where the HTML model is, and returns in
 * *flags the checks to apply when rendering. */
static int var_context(compiler_t *c, int line, int raw, const char *name, size_t n, unsigned char *flags)
{
	const html_t *h = &c->h;
	*flags = 0;
	if (raw && h->st != H_DATA)
		return fail(c, line, "raw variable {{{%.*s}}} is only allowed in text, not in %s", (int)n, name,
			    html_where(h));
	if (h->st == H_RCDATA && h->match)
		return fail(c, line, "variable {{%.*s}} after \"<\" inside <%s>: its value could end the element",
			    (int)n, name, h->tag);
	if (h->st == H_DATA || h->st == H_RCDATA)
		return 0;
	if (h->st == H_RAWTEXT)
		return fail(c, line, "variable {{%.*s}} inside <%s>: not allowed", (int)n, name, h->tag);
	if (h->st != H_VALUE_DQ && h->st != H_VALUE_SQ)
		return fail(c, line, "variable {{%.*s}} inside %s: only text and quoted attribute values may hold variables",
			    (int)n, name, html_where(h));
	switch (attr_kind(h)) {
	case A_SCRIPT:
		return fail(c, line, "variable {{%.*s}} inside the script attribute \"%s\": not allowed", (int)n, name,
			    h->attr);
	case A_URL:
		*flags = h->nonempty ? 0 : F_URL;
		return 0;
	case A_CSS:
		*flags = F_CSS;
		return 0;
	default:
		return 0;
	}
}

/* {{name}} or {{{name_html}}}. */
static int compile_var(compiler_t *c, int line, const char *s, size_t n, int raw)
{
	unsigned char flags;
	if (n == 0)
		return fail(c, line, "empty tag name");
	if (var_context(c, line, raw, s, n, &flags) < 0)
		return -1;
	node_t *nd = node_add(c->t, raw ? N_RAW : N_VAR);
	nd->flags = flags;
	if (name_parse(c, line, s, n, nd) < 0)
		return -1;
	if (raw) {
		const char *last = nd->nseg ? nd->seg[nd->nseg - 1].key : ".";
		size_t ll = strlen(last);
		if (ll < 5 || strcmp(last + ll - 5, "_html") != 0)
			return fail(c, line, "raw variable {{{%.*s}}}: only names ending in _html may be output raw",
				    (int)n, s);
	}
	return 0;
}

/* {{#name}} or {{^name}}. */
static int open_section(compiler_t *c, int line, int inverted, const char *s, size_t n)
{
	if (c->depth == MAX_NEST)
		return fail(c, line, "sections nested too deeply");
	size_t idx = c->t->n;
	node_t *nd = node_add(c->t, inverted ? N_INVERTED : N_SECTION);
	if (name_parse(c, line, s, n, nd) < 0)
		return -1;
	open_sec_t *o = &c->open[c->depth++];
	*o = (open_sec_t){.node = idx, .name = s, .nlen = n, .line = line, .h = c->h};
	return 0;
}

/* 1 if the nodes from `from` on are all literal text, and that text, rendered
 * again and again, keeps the model inside the same tag between attributes. */
static int body_repeats_in_tag(const tmpl_t *t, size_t from, const html_t *after)
{
	for (size_t i = from; i < t->n; i++)
		if (t->nodes[i].kind != N_TEXT)
			return 0;
	html_t h = *after;
	for (int round = 0; round < 8; round++) {
		for (size_t i = from; i < t->n; i++)
			if (html_feed(&h, t->nodes[i].text, t->nodes[i].len, NULL))
				return 0;
		if (!html_between(&h) || !html_same_tag(&h, after))
			return 0;
	}
	return 1;
}

/* Combines the HTML context after a section body with the one before it. */
static int merge_context(compiler_t *c, const open_sec_t *o)
{
	html_t *h = &c->h;
	if (h->foreign != o->h.foreign)
		h->foreign = 255;
	if (html_same(&o->h, h)) {
		h->nonempty = h->nonempty && o->h.nonempty;
		h->ref = h->ref || o->h.ref;
		return 0;
	}
	if (html_between(&o->h) && html_between(h) && html_same_tag(&o->h, h) &&
	    body_repeats_in_tag(c->t, o->node + 1, h)) {
		h->st = H_PENDING;
		return 0;
	}
	return fail(c, o->line,
		    "section {{#%.*s}} starts in %s and ends in %s: a section must leave the HTML context as it "
		    "found it (only plain text may add attributes to a tag)",
		    (int)o->nlen, o->name, html_where(&o->h), html_where(h));
}

/* {{/name}}. */
static int close_section(compiler_t *c, int line, const char *s, size_t n)
{
	if (c->depth == 0)
		return fail(c, line, "{{/%.*s}} closes no section", (int)n, s);
	const open_sec_t *o = &c->open[c->depth - 1];
	if (o->nlen != n || memcmp(o->name, s, n) != 0)
		return fail(c, line, "{{/%.*s}} does not close {{#%.*s}} opened at line %d", (int)n, s, (int)o->nlen,
			    o->name, o->line);
	if (merge_context(c, o) < 0)
		return -1;
	c->t->nodes[o->node].end = c->t->n;
	c->depth--;
	return 0;
}

/* {{> name}}. */
static int compile_partial(compiler_t *c, int line, const char *s, size_t n)
{
	if (n == 0)
		return fail(c, line, "empty partial name");
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (!is_alpha(ch) && !is_digit(ch) && !(ch && strchr("_-./", ch)))
			return fail(c, line, "invalid partial name \"%.*s\"", (int)n, s);
	}
	/* Not in <title> or <textarea> either: the partial is compiled as if in
	 * text, and its "</title>" would not be where the browser sees it. */
	if (c->h.st != H_DATA)
		return fail(c, line, "partial {{> %.*s}} inside %s: partials go in text", (int)n, s,
			    html_where(&c->h));
	node_t *nd = node_add(c->t, N_PARTIAL);
	nd->text = arena_strndup(c->t->arena, s, n);
	nd->len = n;
	nd->hash = hash_str(nd->text);
	return 0;
}

/* Trims spaces around s[0..*n). */
static const char *trim(const char *s, size_t *n)
{
	while (*n && is_ws((unsigned char)*s)) {
		s++;
		--*n;
	}
	while (*n && is_ws((unsigned char)s[*n - 1]))
		--*n;
	return s;
}

/* Dispatches the content s[0..n) of a {{...}} tag on its sigil. */
static int compile_tag_body(compiler_t *c, int line, const char *s, size_t n)
{
	if (n == 0)
		return fail(c, line, "empty tag name");
	char sigil = s[0];
	size_t rn = n - 1;
	const char *rest = trim(s + 1, &rn);
	switch (sigil) {
	case '!':
		return 0;
	case '#':
	case '^':
		return open_section(c, line, sigil == '^', rest, rn);
	case '/':
		return close_section(c, line, rest, rn);
	case '>':
		return compile_partial(c, line, rest, rn);
	case '&':
		return fail(c, line, "{{&%.*s}} is not supported: use {{{name_html}}} for HTML the app produced",
			    (int)rn, rest);
	case '=':
		return fail(c, line, "delimiter changes {{=...=}} are not supported");
	default:
		return compile_var(c, line, s, n, 0);
	}
}

/* Compiles the tag starting at c->p ("{{"). */
static int compile_tag(compiler_t *c)
{
	int line = c->line;
	const char *body = c->p + 2;
	int triple = body < c->end && *body == '{';
	body += triple;
	size_t closelen = triple ? 3 : 2;
	const char *close = memmem(body, (size_t)(c->end - body), "}}}", closelen);
	if (!close)
		return fail(c, line, "unclosed %s", triple ? "{{{" : "{{");
	for (const char *q = c->p; q < close; q++)
		c->line += *q == '\n';
	c->p = close + closelen;
	size_t n = (size_t)(close - body);
	const char *s = trim(body, &n);
	if (triple)
		return compile_var(c, line, s, n, 1);
	return compile_tag_body(c, line, s, n);
}

/* Compiles the whole source of c->t. */
static int compile(compiler_t *c)
{
	/* Browsers read a NUL as U+FFFD ("<title\0>" is not <title>): refused
	 * rather than modelled. */
	const char *nul = memchr(c->p, '\0', (size_t)(c->end - c->p));
	if (nul) {
		int line = 1;
		for (const char *q = c->p; q < nul; q++)
			line += *q == '\n';
		return fail(c, line, "NUL byte in the template");
	}
	while (c->p < c->end) {
		const char *tag = memmem(c->p, (size_t)(c->end - c->p), "{{", 2);
		const char *stop = tag ? tag : c->end;
		if (stop > c->p && compile_text(c, c->p, (size_t)(stop - c->p)) < 0)
			return -1;
		c->p = stop;
		if (tag && compile_tag(c) < 0)
			return -1;
	}
	if (c->depth > 0) {
		const open_sec_t *o = &c->open[c->depth - 1];
		return fail(c, o->line, "section {{#%.*s}} is never closed", (int)o->nlen, o->name);
	}
	if (c->h.st != H_DATA)
		return fail(c, c->line, "template ends inside %s", html_where(&c->h));
	return 0;
}

/* ------------------------------------------------------------------ */
/* Set                                                                 */

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fputs("quartier: out of memory\n", stderr);
		abort();
	}
	return p;
}

tmpl_set_t *tmpl_set_new(void)
{
	tmpl_set_t *set = xrealloc(NULL, sizeof *set);
	*set = (tmpl_set_t){0};
	return set;
}

void tmpl_set_free(tmpl_set_t *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		arena_free(set->items[i]->arena);
	free(set->items);
	free(set);
}

/* The template called name (whose hash is h), or NULL. Owned by the set. */
static const tmpl_t *set_find(const tmpl_set_t *set, const char *name, uint32_t h)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->items[i]->hash == h && strcmp(set->items[i]->name, name) == 0)
			return set->items[i];
	return NULL;
}

/* Puts t in the set, replacing (and freeing) a template of the same name. */
static void set_put(tmpl_set_t *set, tmpl_t *t)
{
	for (size_t i = 0; i < set->n; i++) {
		if (set->items[i]->hash == t->hash && strcmp(set->items[i]->name, t->name) == 0) {
			arena_free(set->items[i]->arena);
			set->items[i] = t;
			return;
		}
	}
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 16;
		set->items = xrealloc(set->items, set->cap * sizeof *set->items);
	}
	set->items[set->n++] = t;
}

int tmpl_set_add(tmpl_set_t *set, const char *name, const char *src, size_t len, char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	if (!set || !name || (!src && len)) {
		if (err && errlen)
			snprintf(err, errlen, "tmpl_set_add: invalid arguments");
		return -1;
	}
	arena_t *a = arena_new(0);
	tmpl_t *t = arena_calloc(a, 1, sizeof *t);
	t->arena = a;
	t->name = arena_strdup(a, name);
	t->hash = hash_str(name);
	const char *copy = arena_strndup(a, src ? src : "", len);
	compiler_t *c = calloc(1, sizeof *c); /* large: keep it off the stack */
	if (!c)
		abort();
	*c = (compiler_t){.t = t, .p = copy, .end = copy + len, .line = 1, .err = err, .errlen = errlen};
	int rc = compile(c);
	free(c);
	if (rc < 0) {
		arena_free(a);
		return -1;
	}
	set_put(set, t);
	return 0;
}

int tmpl_exists(const tmpl_set_t *set, const char *name)
{
	return set && name && set_find(set, name, hash_str(name)) != NULL;
}

/* ------------------------------------------------------------------ */
/* Rendering                                                           */

typedef struct ctx {
	json_t *v;
	const struct ctx *up; /* enclosing context, NULL at the root */
} ctx_t;

typedef struct render {
	const tmpl_set_t *set;
	buf_t *out;
	int depth; /* partials being rendered */
} render_t;

/* seg inside v: object member, or array element for a numeric segment.
 * Borrowed reference, or NULL. */
static json_t *seg_get(json_t *v, const seg_t *seg)
{
	if (json_is_object(v))
		return json_object_get(v, seg->key);
	if (json_is_array(v) && seg->index >= 0)
		return json_array_get(v, (size_t)seg->index);
	return NULL;
}

/* Resolves the name of nd: "." is the current context; otherwise the first
 * segment is looked up from the innermost context outwards, the others
 * inside what it found. Borrowed reference, or NULL. */
static json_t *lookup(const ctx_t *cx, const node_t *nd)
{
	if (nd->nseg == 0)
		return cx->v;
	json_t *v = NULL;
	for (; cx && !v; cx = cx->up)
		if (json_is_object(cx->v))
			v = json_object_get(cx->v, nd->seg[0].key);
	for (unsigned i = 1; v && i < nd->nseg; i++)
		v = seg_get(v, &nd->seg[i]);
	return v;
}

/* Mustache truthiness: false, null, absent, 0, "", [] and {} are false. */
static int truthy(const json_t *v)
{
	switch (v ? json_typeof(v) : JSON_NULL) {
	case JSON_TRUE:
		return 1;
	case JSON_INTEGER:
		return json_integer_value(v) != 0;
	case JSON_REAL:
		return json_real_value(v) != 0.0;
	case JSON_STRING:
		return json_string_length(v) > 0;
	case JSON_ARRAY:
		return json_array_size(v) > 0;
	case JSON_OBJECT:
		return json_object_size(v) > 0;
	default:
		return 0;
	}
}

/* Shortest of %.15g / %.17g that reads back as d. */
static size_t format_real(char *b, size_t cap, double d)
{
	int k = snprintf(b, cap, "%.15g", d);
	if (strtod(b, NULL) != d)
		k = snprintf(b, cap, "%.17g", d);
	return k > 0 ? (size_t)k : 0;
}

/* The text of a scalar: points *s into v or into num. 0 when v prints
 * nothing (absent, null, object, array). */
static int scalar_text(const json_t *v, char *num, size_t cap, const char **s, size_t *n)
{
	switch (v ? json_typeof(v) : JSON_NULL) {
	case JSON_STRING:
		*s = json_string_value(v);
		*n = json_string_length(v);
		return 1;
	case JSON_INTEGER:
		*s = num;
		*n = (size_t)snprintf(num, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return 1;
	case JSON_REAL:
		*s = num;
		*n = format_real(num, cap, json_real_value(v));
		return 1;
	case JSON_TRUE:
		*s = "true";
		*n = 4;
		return 1;
	case JSON_FALSE:
		*s = "false";
		*n = 5;
		return 1;
	default:
		return 0;
	}
}

static int has_prefix_ci(const char *s, size_t n, const char *prefix)
{
	size_t pl = strlen(prefix);
	if (n < pl)
		return 0;
	for (size_t i = 0; i < pl; i++)
		if (to_lower((unsigned char)s[i]) != (unsigned char)prefix[i])
			return 0;
	return 1;
}

/* 1 if s[0..n) is a URL we let through: "/path" (not "//" or "/\"), "#...",
 * "?...", http:, https:, mailto:, tel:, or a relative path with no ":" before
 * its first "/", "?" or "#". Leading spaces and control chars are ignored;
 * control chars elsewhere (which browsers strip) make it unsafe. */
static int url_is_safe(const char *s, size_t n)
{
	while (n && (unsigned char)*s <= 0x20) {
		s++;
		n--;
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	if (n == 0)
		return 1;
	if (s[0] == '/')
		return n == 1 || (s[1] != '/' && s[1] != '\\');
	if (s[0] == '#' || s[0] == '?')
		return 1;
	if (has_prefix_ci(s, n, "http:") || has_prefix_ci(s, n, "https:") || has_prefix_ci(s, n, "mailto:") ||
	    has_prefix_ci(s, n, "tel:"))
		return 1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ':' || s[i] == '\\')
			return 0;
		if (s[i] == '/' || s[i] == '?' || s[i] == '#')
			return 1;
	}
	return 1;
}

/* 1 if s[0..n) is a harmless CSS value: letters, digits, spaces, . , % # - _ */
static int css_is_safe(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (!is_alpha(ch) && !is_digit(ch) && !(ch && strchr(" .,%#-_", ch)))
			return 0;
	}
	return 1;
}

/* Outputs the value of a variable node. */
static void put_var(buf_t *out, const node_t *nd, const json_t *v)
{
	char num[64];
	const char *s;
	size_t n;
	if (!scalar_text(v, num, sizeof num, &s, &n))
		return;
	if (nd->kind == N_RAW) {
		buf_append(out, s, n);
		return;
	}
	if ((nd->flags & F_URL) && !url_is_safe(s, n)) {
		s = "#";
		n = 1;
	}
	if ((nd->flags & F_CSS) && !css_is_safe(s, n))
		return;
	html_escape(out, s, n);
}

static int render_nodes(render_t *r, const tmpl_t *t, size_t from, size_t to, const ctx_t *cx);

/* Renders the section or inverted section at t->nodes[i]. */
static int render_section(render_t *r, const tmpl_t *t, size_t i, const ctx_t *cx)
{
	const node_t *nd = &t->nodes[i];
	json_t *v = lookup(cx, nd);
	if (nd->kind == N_INVERTED)
		return truthy(v) ? 0 : render_nodes(r, t, i + 1, nd->end, cx);
	if (!truthy(v))
		return 0;
	if (json_is_array(v)) {
		for (size_t k = 0; k < json_array_size(v); k++) {
			ctx_t item = {json_array_get(v, k), cx};
			if (render_nodes(r, t, i + 1, nd->end, &item) < 0)
				return -1;
		}
		return 0;
	}
	ctx_t sub = {v, cx};
	return render_nodes(r, t, i + 1, nd->end, &sub);
}

/* Renders the partial named by nd with the current context stack. */
static int render_partial(render_t *r, const node_t *nd, const ctx_t *cx)
{
	const tmpl_t *p = set_find(r->set, nd->text, nd->hash);
	if (!p || r->depth >= MAX_PARTIAL_DEPTH)
		return -1;
	r->depth++;
	int rc = render_nodes(r, p, 0, p->n, cx);
	r->depth--;
	return rc;
}

/* Renders t->nodes[from..to). */
static int render_nodes(render_t *r, const tmpl_t *t, size_t from, size_t to, const ctx_t *cx)
{
	size_t i = from;
	while (i < to) {
		const node_t *nd = &t->nodes[i];
		switch (nd->kind) {
		case N_TEXT:
			buf_append(r->out, nd->text, nd->len);
			break;
		case N_VAR:
		case N_RAW:
			put_var(r->out, nd, lookup(cx, nd));
			break;
		case N_PARTIAL:
			if (render_partial(r, nd, cx) < 0)
				return -1;
			break;
		default:
			if (render_section(r, t, i, cx) < 0)
				return -1;
			i = nd->end;
			continue;
		}
		i++;
	}
	return 0;
}

int tmpl_render(const tmpl_set_t *set, const char *name, json_t *view, buf_t *out)
{
	if (!set || !name)
		return -1;
	const tmpl_t *t = set_find(set, name, hash_str(name));
	if (!t)
		return -1;
	size_t start = out->len;
	render_t r = {.set = set, .out = out, .depth = 0};
	ctx_t root = {view, NULL};
	if (render_nodes(&r, t, 0, t->n, &root) < 0) {
		out->len = start;
		out->data[start] = '\0';
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Escaping                                                            */

typedef struct entity {
	const char *s;
	unsigned char n;
} entity_t;

static const entity_t html_entities[256] = {
	['&'] = {"&amp;", 5},  ['<'] = {"&lt;", 4},  ['>'] = {"&gt;", 4},  ['"'] = {"&quot;", 6},
	['\''] = {"&#39;", 5}, ['`'] = {"&#96;", 5}, ['='] = {"&#61;", 5},
};

void html_escape(buf_t *out, const char *s, size_t n)
{
	if (n == 0)
		return;
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		const entity_t *e = &html_entities[(unsigned char)s[i]];
		if (!e->n)
			continue;
		buf_append(out, s + run, i - run);
		buf_append(out, e->s, e->n);
		run = i + 1;
	}
	buf_append(out, s + run, n - run);
}
