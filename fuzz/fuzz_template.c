/* fuzz_template.c — libFuzzer harness for the template engine
 * (tmpl_set_add, tmpl_render).
 *
 * The input is a template, compiled as "fuzz input" (a name no partial tag
 * can reach). A NUL byte splits it: what follows is compiled too, as the
 * partial "fz" that the first part may include (fz may not name itself). The
 * set also holds two fixed partials and every real template (the embedded
 * templates/ files), so the real templates work as seeds. When the input compiles, it is rendered with a
 * fixed view full of HTML specials, hostile URLs and CSS, arrays, objects,
 * booleans, numbers and null.
 *
 * Invariants checked, beyond "no crash":
 * 1. Escaping, by a differential render: the view is rendered again with
 *    every string (but values under *_html keys, which are output raw) having
 *    its HTML specials < > " ' ` = replaced by letters. The two outputs must
 *    hold each special the same number of times: no special of a view string
 *    ever reaches the output unescaped, in any context.
 * 2. Context, by tokenizing the output as a browser would (WHATWG tokenizer
 *    states: data, RCDATA, RAWTEXT, script data with its escapes, PLAINTEXT,
 *    comments, tags, attributes). Every view string carries the marker "zQx"
 *    and no template text does (inputs holding it are skipped), so a marker in
 *    the output comes from the view. It may only be in text, RCDATA or a
 *    quoted attribute value; never in a tag, an unquoted value, a comment,
 *    script or raw text, an on* / srcdoc / style attribute. A URL attribute
 *    (href, src, action, formaction, xlink:href) never starts, after leading
 *    spaces and controls (or character references to them, "&#9;"), with one
 *    of the view's unsafe URLs (javascript:, data:, vbscript:, //host,
 *    /\host). Skipped when the output holds <svg or <math (foreign content
 *    changes the tokenizer and is not modelled). A failure means that the
 *    engine's compile-time HTML model and the browser's tokenizer disagree
 *    about where a view value lands.
 * 3. Rendering is deterministic, and a failed render (missing partial) leaves
 *    the buffer as it was.
 * To keep rendering time bounded, inputs with more than 6 sections are
 * compiled but not rendered (arrays in the view have up to 3 items, so nested
 * sections multiply the output).
 */
#include <jansson.h>
#include <strings.h>

#include "core/arena.h"
#include "core/embedded.h"
#include "fuzz_common.h"
#include "view/template.h"

#define MAIN_NAME "fuzz input"
#define MARK "zQx"
#define MAX_SECTIONS 6

/* The view. Every string but the *_html ones holds MARK and a character that
 * is not a plain CSS token; the unsafe URLs begin with the markers of
 * unsafe_prefixes. */
static const char view_json[] =
	"{"
	"\"title\": \"<b>zQx</b> & \\\"Mosson\\\" 'C\\u00e9vennes' `x` =y\","
	"\"name\": \"<script>alert('zQx')</script>\","
	"\"attr\": \"\\\" onmouseover=alert(1) zQx='\","
	"\"empty\": \"\", \"space\": \" \","
	"\"zero\": 0, \"one\": 1, \"neg\": -42, \"real\": 0.1, \"big\": 1e300, \"half\": 0.5,"
	"\"yes\": true, \"no\": false, \"nothing\": null,"
	"\"url\": \"jAvAsCrIpT:alert('zQx')\","
	"\"url2\": \" \\t\\u0001jAvAsCrIpT:alert('zQx')\","
	"\"url3\": \"dAtA:text/html,<script>zQx</script>\","
	"\"url4\": \"//eViL.example/zQx\","
	"\"url5\": \"/\\\\eViL.example/zQx\","
	"\"url6\": \"vBsCrIpT:zQx\","
	"\"good_url\": \"/projets/mosson?zQx=1&b=<2>\","
	"\"css\": \"red;background:url(zQx)\","
	"\"css2\": \"x:eXpReSsIoN(zQx)\","
	"\"body_html\": \"<p>Texte <strong>s\\u00fbr</strong> <a href=\\\"/aide\\\">aide</a></p>\","
	"\"list\": [\"<i>zQx</i>\", \"b\\\"zQx\", \"jAvAsCrIpT:zQx\"],"
	"\"items\": ["
	" {\"name\": \"<u>zQx</u>\", \"url\": \"jAvAsCrIpT:zQx\", \"ok\": true, \"n\": 1,"
	"  \"tags\": [\"'zQx'\", \"=zQx`\"]},"
	" {\"name\": \"'zQx' & \\\"co\\\"\", \"url\": \"/admin/comptes/2?zQx=<3>\", \"ok\": false, \"n\": 0,"
	"  \"tags\": []},"
	" {\"name\": \"=zQx`\", \"url\": \"//eViL.example/zQx\", \"ok\": null, \"n\": 2.5}"
	"],"
	"\"obj\": {\"name\": \"<em>zQx</em>\", \"inner\": {\"deep\": \"<x y=\\\"zQx\\\">\", \"url\": "
	"\"dAtA:zQx\"}, \"n\": 3, \"desc_html\": \"<em>ok</em>\"},"
	"\"emptylist\": [], \"emptyobj\": {},"
	"\"matrix\": [[\"<a>zQx\", 1], [true, \"</textarea>zQx\"]],"
	"\"page\": {\"title\": \"</title><script>zQx</script>\"},"
	"\"site\": {\"authority\": {\"name\": \"Montpellier <M\\u00e9diterran\\u00e9e> zQx\", \"short_name\": "
	"\"3M<zQx>\"}, \"version\": \"1.0 <zQx>\"},"
	"\"me\": {\"name\": \"Ana <zQx>\", \"is_admin\": true, \"home_url\": \"jAvAsCrIpT:zQx\"},"
	"\"csrf\": \"tok\\\"en'zQx\","
	"\"flash\": \"<img src=x onerror=alert('zQx')>\","
	"\"project\": {\"name\": \"Mosson <zQx>\", \"summary\": \"<zQx>\", \"territory\": \"'zQx'\","
	" \"description_html\": \"<p>Description</p>\"},"
	"\"sectors\": [{\"name\": \"<zQx>\", \"summary\": \"\\\"zQx\\\"\"}],"
	"\"pagination\": {\"several\": true, \"page\": 2, \"pages\": 3, \"prev_url\": \"jAvAsCrIpT:zQx\","
	" \"next_url\": \"?page=3&zQx=<1>\"},"
	"\"errors\": {\"email\": \"<zQx>\", \"password\": \"'zQx'\"},"
	"\"input\": {\"email\": \"\\\"><svg onload=zQx>\", \"name\": \"</textarea>zQx\"},"
	"\"accounts\": [{\"id\": 7, \"email\": \"a@b.c<zQx>\", \"name\": \"`zQx`\", \"role_label\": \"<zQx>\"}]"
	"}";

/* Unsafe URL beginnings, as the view writes them (see invariant 2). */
static const char *const unsafe_prefixes[] = {"jAvAsCrIpT:", "dAtA:", "vBsCrIpT:", "//eViL.", "/\\eViL.",
					      NULL};
/* What template text must not hold for invariant 2 to be sound. */
static const char *const text_markers[] = {MARK, "AvAsCrIpT", "dAtA", "BsCrIpT", "eViL", NULL};

/* Two partials of our own: a list with a URL and attributes, an object. */
static const char partial_row[] =
	"<li class=\"{{#ok}}ok{{/ok}}\" data-n=\"{{n}}\"><a href=\"{{url}}\" title='{{name}}'>{{name}}</a>"
	"{{#tags}}<span>{{.}}</span>{{/tags}}</li>\n";
static const char partial_box[] =
	"<div style=\"color: {{css}}\"><textarea name=\"t\">{{name}}</textarea>{{#inner}}<p>{{deep}}</p>"
	"<img src=\"{{url}}\" alt=\"{{deep}}\">{{/inner}}{{{desc_html}}}</div>\n";

static tmpl_set_t *g_set;
static json_t *g_view, *g_view_plain;
static int g_debug; /* FUZZ_DEBUG=1: print compile errors and outputs */

/* A deep copy of v where the HTML specials of every string not under a
 * *_html key are replaced by letters. */
static json_t *plain_copy(json_t *v, int raw)
{
	if (json_is_object(v)) {
		json_t *o = json_object();
		const char *k;
		json_t *x;
		json_object_foreach(v, k, x)
		{
			size_t kl = strlen(k);
			int is_html = kl >= 5 && strcmp(k + kl - 5, "_html") == 0;
			json_object_set_new(o, k, plain_copy(x, is_html));
		}
		return o;
	}
	if (json_is_array(v)) {
		json_t *a = json_array();
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) json_array_append_new(a, plain_copy(x, 0));
		return a;
	}
	if (json_is_string(v) && !raw) {
		size_t n = json_string_length(v);
		char *s = malloc(n + 1);
		memcpy(s, json_string_value(v), n + 1);
		for (size_t i = 0; i < n; i++)
			if (strchr("<>\"'`=", s[i]) && s[i])
				s[i] = 'Q';
		json_t *r = json_stringn(s, n);
		free(s);
		return r;
	}
	return json_deep_copy(v);
}

static void add_or_die(const char *name, const char *src, size_t len)
{
	char err[256];
	if (tmpl_set_add(g_set, name, src, len, err, sizeof err) != 0) {
		fprintf(stderr, "fuzz_template: %s does not compile: %s\n", name, err);
		abort();
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	g_set = tmpl_set_new();
	for (size_t i = 0; i < embedded_templates_count; i++) {
		const embedded_file_t *f = &embedded_templates[i];
		char name[128];
		snprintf(name, sizeof name, "%.*s", (int)(strlen(f->name) - 5), f->name);
		add_or_die(name, (const char *)f->data, f->len);
	}
	add_or_die("p_row", partial_row, sizeof partial_row - 1);
	add_or_die("p_box", partial_box, sizeof partial_box - 1);
	json_error_t je;
	g_view = json_loads(view_json, 0, &je);
	if (!g_view) {
		fprintf(stderr, "fuzz_template: view: %s at %d\n", je.text, je.position);
		abort();
	}
	g_view_plain = plain_copy(g_view, 0);
	g_debug = getenv("FUZZ_DEBUG") != NULL;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Output tokenizer (a subset of the WHATWG HTML tokenizer)            */

enum tk {
	T_DATA, T_RCDATA, T_RAWTEXT, T_PLAINTEXT,
	T_SCRIPT, T_SCRIPT_ESC, T_SCRIPT_DESC, /* script data, escaped, double escaped */
	T_TAG_OPEN, T_END_OPEN, T_TAG_NAME, T_BEFORE_ATTR, T_ATTR_NAME, T_AFTER_ATTR,
	T_BEFORE_VALUE, T_VALUE_DQ, T_VALUE_SQ, T_VALUE_UQ, T_AFTER_VALUE, T_SELF_CLOSING,
	T_COMMENT, T_BOGUS,
};

typedef struct tok {
	enum tk st;
	int endtag;
	char tag[32], attr[32], raw_end[32]; /* raw_end: element whose end tag ends raw text */
	size_t tlen, alen;
	int value_blank; /* the attribute value so far is only spaces and controls */
	enum tk raw_st; /* state to go back to after a failed "</x" in raw text */
} tok_t;

static int tk_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int tk_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char tk_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

static void name_add(char *b, size_t *n, char c)
{
	if (c == '\0')
		c = '\x7f'; /* browsers read U+FFFD: matches no name */
	if (*n < 31)
		b[(*n)++] = tk_lower(c);
	else
		*n = 32; /* too long: matches nothing */
	b[*n < 32 ? *n : 31] = '\0';
}

static int name_eq(const char *b, size_t n, const char *s)
{
	return n < 32 && strcmp(b, s) == 0;
}

/* 1 if s[i..n) starts with "</name" followed by a space, '/' or '>'. */
static int end_tag_at(const char *s, size_t i, size_t n, const char *name)
{
	size_t l = strlen(name);
	if (n - i < l + 3 || s[i] != '<' || s[i + 1] != '/' || strncasecmp(s + i + 2, name, l) != 0)
		return 0;
	char c = s[i + 2 + l];
	return tk_ws(c) || c == '/' || c == '>';
}

/* The ">" that ends a tag: back to data, or into the element's raw text. */
static void tk_emit(tok_t *t)
{
	static const char *const rawtext[] = {"style", "xmp", "iframe", "noembed", "noframes", "noscript", NULL};
	t->st = T_DATA;
	if (t->endtag)
		return;
	if (name_eq(t->tag, t->tlen, "title") || name_eq(t->tag, t->tlen, "textarea"))
		t->st = T_RCDATA;
	else if (name_eq(t->tag, t->tlen, "script"))
		t->st = T_SCRIPT;
	else if (name_eq(t->tag, t->tlen, "plaintext"))
		t->st = T_PLAINTEXT;
	for (const char *const *r = rawtext; *r; r++)
		if (name_eq(t->tag, t->tlen, *r))
			t->st = T_RAWTEXT;
	if (t->st != T_DATA)
		snprintf(t->raw_end, sizeof t->raw_end, "%s", t->tag);
}

/* Length of a character reference at s[i..n) that stands for a space or a
 * control char (which URL parsing strips at the start), or 0. */
static size_t blank_ref(const char *s, size_t i, size_t n)
{
	if (n - i >= 5 && memcmp(s + i, "&Tab;", 5) == 0)
		return 5;
	if (n - i >= 9 && memcmp(s + i, "&NewLine;", 9) == 0)
		return 9;
	if (n - i < 3 || s[i] != '&' || s[i + 1] != '#')
		return 0;
	int hex = s[i + 2] == 'x' || s[i + 2] == 'X';
	size_t j = i + 2 + (size_t)hex, start = j;
	unsigned long code = 0;
	for (; j < n; j++) {
		char c = s[j];
		int d = c >= '0' && c <= '9' ? c - '0'
			: hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
			: hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
			: -1;
		if (d < 0)
			break;
		if (code < 0x110000)
			code = code * (hex ? 16 : 10) + (unsigned long)d;
	}
	if (j == start || code == 0 || code > 0x20)
		return 0;
	return j < n && s[j] == ';' ? j + 1 - i : j - i;
}

static void attr_begin(tok_t *t, char c)
{
	t->st = T_ATTR_NAME;
	t->alen = 0;
	t->attr[0] = '\0';
	name_add(t->attr, &t->alen, c);
}

/* Advances over s[i]; returns how many chars were consumed (>= 1). */
static size_t tk_step(tok_t *t, const char *s, size_t i, size_t n)
{
	char c = s[i];
	switch (t->st) {
	case T_DATA:
		if (c == '<')
			t->st = T_TAG_OPEN;
		return 1;
	case T_PLAINTEXT:
		return 1;
	case T_RCDATA:
	case T_RAWTEXT:
	case T_SCRIPT:
	case T_SCRIPT_ESC:
		if (t->st != T_SCRIPT_DESC && end_tag_at(s, i, n, t->raw_end)) {
			t->endtag = 1;
			t->tlen = 0;
			t->tag[0] = '\0';
			for (const char *p = t->raw_end; *p; p++)
				name_add(t->tag, &t->tlen, *p);
			t->st = T_TAG_NAME;
			return 2 + strlen(t->raw_end);
		}
		if (t->st == T_SCRIPT && n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
			t->st = T_SCRIPT_ESC;
			return 2; /* the dashes may also begin "-->": "<!-->" */
		}
		if (t->st == T_SCRIPT_ESC) {
			if (n - i >= 3 && memcmp(s + i, "-->", 3) == 0) {
				t->st = T_SCRIPT;
				return 3;
			}
			/* "<script" then a space, "/" or ">": double escaped. */
			if (n - i >= 8 && s[i] == '<' && strncasecmp(s + i + 1, "script", 6) == 0 &&
			    (tk_ws(s[i + 7]) || s[i + 7] == '/' || s[i + 7] == '>')) {
				t->st = T_SCRIPT_DESC;
				return 8;
			}
		}
		return 1;
	case T_SCRIPT_DESC:
		if (n - i >= 3 && memcmp(s + i, "-->", 3) == 0) {
			t->st = T_SCRIPT;
			return 3;
		}
		if (n - i >= 9 && s[i] == '<' && s[i + 1] == '/' && strncasecmp(s + i + 2, "script", 6) == 0 &&
		    (tk_ws(s[i + 8]) || s[i + 8] == '/' || s[i + 8] == '>')) {
			t->st = T_SCRIPT_ESC;
			return 8;
		}
		return 1;
	case T_TAG_OPEN:
		if (c == '!') {
			if (n - i >= 3 && s[i + 1] == '-' && s[i + 2] == '-') {
				/* "<!--": ends at "-->" (which may overlap the opening
				 * dashes: "<!-->", "<!--->") or at "--!>". */
				size_t j = i + 1;
				for (; j + 2 < n; j++) {
					if (s[j] == '-' && s[j + 1] == '-' && s[j + 2] == '>')
						break;
					if (j >= i + 4 && j + 3 < n && memcmp(s + j, "--!>", 4) == 0) {
						j++;
						break;
					}
				}
				t->st = j + 2 < n ? T_DATA : T_COMMENT;
				return j + 2 < n ? j + 3 - i : n - i;
			}
			t->st = T_BOGUS;
		} else if (c == '/') {
			t->st = T_END_OPEN;
		} else if (c == '?') {
			t->st = T_BOGUS;
		} else if (tk_alpha(c)) {
			t->st = T_TAG_NAME;
			t->endtag = 0;
			t->tlen = 0;
			name_add(t->tag, &t->tlen, c);
		} else {
			t->st = T_DATA;
			return 0; /* reconsume */
		}
		return 1;
	case T_END_OPEN:
		if (tk_alpha(c)) {
			t->st = T_TAG_NAME;
			t->endtag = 1;
			t->tlen = 0;
			name_add(t->tag, &t->tlen, c);
		} else {
			t->st = c == '>' ? T_DATA : T_BOGUS;
		}
		return 1;
	case T_BOGUS:
		if (c == '>')
			t->st = T_DATA;
		return 1;
	case T_COMMENT:
		return 1;
	case T_TAG_NAME:
		if (tk_ws(c))
			t->st = T_BEFORE_ATTR;
		else if (c == '/')
			t->st = T_SELF_CLOSING;
		else if (c == '>')
			tk_emit(t);
		else
			name_add(t->tag, &t->tlen, c);
		return 1;
	case T_BEFORE_ATTR:
		if (tk_ws(c))
			return 1;
		if (c == '/' || c == '>') {
			t->st = T_AFTER_ATTR;
			return 0;
		}
		attr_begin(t, c);
		return 1;
	case T_ATTR_NAME:
		if (tk_ws(c) || c == '/' || c == '>') {
			t->st = T_AFTER_ATTR;
			return 0;
		}
		if (c == '=')
			t->st = T_BEFORE_VALUE;
		else
			name_add(t->attr, &t->alen, c);
		return 1;
	case T_AFTER_ATTR:
		if (tk_ws(c))
			return 1;
		if (c == '/')
			t->st = T_SELF_CLOSING;
		else if (c == '=')
			t->st = T_BEFORE_VALUE;
		else if (c == '>')
			tk_emit(t);
		else
			attr_begin(t, c);
		return 1;
	case T_BEFORE_VALUE:
		if (tk_ws(c))
			return 1;
		if (c == '"' || c == '\'') {
			t->st = c == '"' ? T_VALUE_DQ : T_VALUE_SQ;
			t->value_blank = 1;
			return 1;
		}
		if (c == '>') {
			tk_emit(t);
			return 1;
		}
		t->st = T_VALUE_UQ;
		t->value_blank = 1;
		return 0;
	case T_VALUE_DQ:
	case T_VALUE_SQ:
		if (c == (t->st == T_VALUE_DQ ? '"' : '\'')) {
			t->st = T_AFTER_VALUE;
		} else if (t->value_blank && blank_ref(s, i, n)) {
			return blank_ref(s, i, n);
		} else if ((unsigned char)c > 0x20) {
			t->value_blank = 0;
		}
		return 1;
	case T_VALUE_UQ:
		if (t->value_blank && blank_ref(s, i, n))
			return blank_ref(s, i, n);
		if ((unsigned char)c > 0x20)
			t->value_blank = 0;
		if (tk_ws(c))
			t->st = T_BEFORE_ATTR;
		else if (c == '>')
			tk_emit(t);
		return 1;
	case T_AFTER_VALUE:
		if (tk_ws(c)) {
			t->st = T_BEFORE_ATTR;
		} else if (c == '/') {
			t->st = T_SELF_CLOSING;
		} else if (c == '>') {
			tk_emit(t);
		} else {
			t->st = T_BEFORE_ATTR;
			return 0;
		}
		return 1;
	case T_SELF_CLOSING:
		if (c == '>') {
			tk_emit(t);
			return 1;
		}
		t->st = T_BEFORE_ATTR;
		return 0;
	}
	return 1;
}

static int attr_is(const tok_t *t, const char *const *names)
{
	for (; *names; names++)
		if (name_eq(t->attr, t->alen, *names))
			return 1;
	return 0;
}

/* Invariant 2 at position i of the output, where the tokenizer is in t. */
static void check_position(const tok_t *t, const char *s, size_t i, size_t n)
{
	static const char *const url_attrs[] = {"href", "src", "action", "formaction", "xlink:href", NULL};
	int in_value = t->st == T_VALUE_DQ || t->st == T_VALUE_SQ;
	if (n - i >= 3 && memcmp(s + i, MARK, 3) == 0) {
		if (!(t->st == T_DATA || t->st == T_RCDATA || t->st == T_PLAINTEXT || in_value)) {
			fprintf(stderr, "view text in tokenizer state %d at %zu\n", (int)t->st, i);
			abort();
		}
		if (in_value) {
			int script = t->alen >= 2 && t->attr[0] == 'o' && t->attr[1] == 'n';
			CHECK(!script && !name_eq(t->attr, t->alen, "srcdoc") && !name_eq(t->attr, t->alen, "style"));
		}
	}
	if ((in_value || t->st == T_VALUE_UQ) && t->value_blank && attr_is(t, url_attrs)) {
		for (const char *const *p = unsafe_prefixes; *p; p++) {
			size_t l = strlen(*p);
			if (n - i >= l && memcmp(s + i, *p, l) == 0) {
				fprintf(stderr, "unsafe URL at the start of %s= at %zu\n", t->attr, i);
				abort();
			}
		}
	}
}

static void check_contexts(const char *s, size_t n)
{
	tok_t t = {.st = T_DATA};
	size_t i = 0;
	while (i < n) {
		check_position(&t, s, i, n);
		size_t k = 0;
		for (int guard = 0; k == 0; guard++) {
			CHECK(guard < 4);
			k = tk_step(&t, s, i, n);
			if (k == 0)
				check_position(&t, s, i, n);
		}
		i += k;
	}
}

/* ------------------------------------------------------------------ */

static int contains(const char *s, size_t n, const char *needle)
{
	return memmem(s, n, needle, strlen(needle)) != NULL;
}

/* Number of sections ("{{#", spaces allowed after the braces). */
static size_t count_sections(const char *s, size_t n)
{
	size_t k = 0;
	for (const char *p = s; (p = memmem(p, n - (size_t)(p - s), "{{", 2)); p += 2) {
		const char *q = p + 2;
		while (q < s + n && (*q == '{' || *q == ' ' || *q == '\t' || *q == '\n' || *q == '\r' || *q == '\f'))
			q++;
		k += q < s + n && *q == '#';
	}
	return k;
}

static void count_specials(const buf_t *b, size_t counts[6])
{
	static const char specials[] = "<>\"'`=";
	memset(counts, 0, 6 * sizeof counts[0]);
	for (size_t i = 0; i < b->len; i++) {
		const char *p = memchr(specials, b->data[i], 6);
		if (p && b->data[i])
			counts[p - specials]++;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *src = (const char *)data;
	const char *nul = memchr(src, '\0', size);
	size_t main_len = nul ? (size_t)(nul - src) : size;
	char err[256];
	if (nul) {
		const char *p = nul + 1;
		size_t pl = size - main_len - 1;
		if (contains(p, pl, "fz")) /* no recursion through fz */
			return 0;
		if (tmpl_set_add(g_set, "fz", p, pl, err, sizeof err) != 0) {
			if (g_debug)
				fprintf(stderr, "compile error: %s\n", err);
			CHECK(err[0]);
			return 0;
		}
	} else if (tmpl_set_add(g_set, "fz", "", 0, err, sizeof err) != 0) {
		abort();
	}
	if (tmpl_set_add(g_set, MAIN_NAME, src, main_len, err, sizeof err) != 0) {
		if (g_debug)
			fprintf(stderr, "compile error: %s\n", err);
		CHECK(err[0] && strlen(err) < sizeof err);
		return 0;
	}
	CHECK(tmpl_exists(g_set, MAIN_NAME));
	if (count_sections(src, size) > MAX_SECTIONS)
		return 0;

	arena_t *a = arena_new(0);
	buf_t out, again, plain;
	buf_init(&out, a, 0);
	buf_init(&again, a, 0);
	buf_init(&plain, a, 0);
	buf_puts(&out, "PREFIX");
	int rc = tmpl_render(g_set, MAIN_NAME, g_view, &out);
	int rc2 = tmpl_render(g_set, MAIN_NAME, g_view, &again);
	int rc3 = tmpl_render(g_set, MAIN_NAME, g_view_plain, &plain);
	CHECK(rc == rc2 && rc == rc3);
	if (g_debug)
		fprintf(stderr, "render %d:\n%s\n", rc, again.data);
	if (rc != 0) {
		CHECK(rc == -1 && out.len == 6 && strcmp(out.data, "PREFIX") == 0);
		CHECK(again.len == 0 && plain.len == 0);
	} else {
		CHECK(out.len == again.len + 6 && memcmp(out.data + 6, again.data, again.len) == 0);
		/* Invariant 1. */
		size_t c1[6], c2[6];
		count_specials(&again, c1);
		count_specials(&plain, c2);
		for (int k = 0; k < 6; k++)
			CHECK(c1[k] == c2[k]);
		/* Invariant 2, when the template text cannot imitate the view. */
		int sound = 1;
		for (const char *const *m = text_markers; *m; m++)
			sound = sound && !contains(src, size, *m);
		if (sound && !strcasestr(again.data, "<svg") && !strcasestr(again.data, "<math"))
			check_contexts(again.data, again.len);
	}
	arena_free(a);
	return 0;
}
