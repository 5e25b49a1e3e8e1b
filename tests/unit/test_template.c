/* test_template.c — unit tests for the template engine (src/view/template.c). */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "view/template.h"

/* Arena for the outputs of one test; created and freed around each test. */
static arena_t *test_arena;

static int arena_setup(void **state)
{
	(void)state;
	test_arena = arena_new(0);
	return 0;
}

static int arena_teardown(void **state)
{
	(void)state;
	arena_free(test_arena);
	test_arena = NULL;
	return 0;
}

/* Parses json (NULL gives NULL); the caller decrefs. */
static json_t *view_of(const char *json)
{
	if (!json)
		return NULL;
	json_error_t je;
	json_t *v = json_loads(json, JSON_DECODE_ANY, &je);
	if (!v)
		fail_msg("bad test JSON: %s", je.text);
	return v;
}

/* Adds src as `name` to set, failing the test with the compiler's message. */
static void add_ok(tmpl_set_t *set, const char *name, const char *src)
{
	char err[256];
	if (tmpl_set_add(set, name, src, strlen(src), err, sizeof err) != 0)
		fail_msg("template %s did not compile: %s", name, err);
}

/* Renders `name` of set with the view; returns the rc, output in *out
 * (owned by test_arena). */
static int render_set(const tmpl_set_t *set, const char *name, const char *json, const char **out)
{
	json_t *v = view_of(json);
	buf_t b;
	buf_init(&b, test_arena, 0);
	int rc = tmpl_render(set, name, v, &b);
	json_decref(v);
	*out = b.data;
	return rc;
}

/* Compiles src alone and renders it with view json. The result is owned by
 * test_arena. */
static const char *render(const char *src, const char *json)
{
	tmpl_set_t *set = tmpl_set_new();
	add_ok(set, "t", src);
	const char *out;
	int rc = render_set(set, "t", json, &out);
	tmpl_set_free(set);
	assert_int_equal(rc, 0);
	return out;
}

/* Asserts that src does not compile and that the message contains needle. */
static void compile_fails(const char *src, const char *needle)
{
	tmpl_set_t *set = tmpl_set_new();
	char err[256];
	int rc = tmpl_set_add(set, "page", src, strlen(src), err, sizeof err);
	int exists = tmpl_exists(set, "page");
	tmpl_set_free(set);
	if (rc != -1)
		fail_msg("template compiled but should not: %s", src);
	assert_false(exists);
	if (!strstr(err, needle))
		fail_msg("error \"%s\" does not contain \"%s\"", err, needle);
}

static void test_plain_variables(void **state)
{
	(void)state;
	assert_string_equal(render("Bonjour {{name}} !", "{\"name\":\"Aïcha\"}"), "Bonjour Aïcha !");
	assert_string_equal(render("Bonjour {{ name }} !", "{\"name\":\"Aïcha\"}"), "Bonjour Aïcha !");
	assert_string_equal(render("[{{missing}}]", "{\"name\":\"x\"}"), "[]");
	assert_string_equal(render("[{{n}}]", "{\"n\":null}"), "[]");
	assert_string_equal(render("[{{o}}][{{a}}]", "{\"o\":{\"x\":1},\"a\":[1]}"), "[][]");
	assert_string_equal(render("no tags at all\n", NULL), "no tags at all\n");
	assert_string_equal(render("", "{}"), "");
	assert_string_equal(render("{{! a comment }}x{{!\nmultiline\n}}y", "{}"), "xy");
}

static void test_whitespace_kept(void **state)
{
	(void)state;
	assert_string_equal(render("<ul>\n  {{#xs}}\n  <li>{{.}}</li>\n  {{/xs}}\n</ul>\n", "{\"xs\":[1]}"),
			    "<ul>\n  \n  <li>1</li>\n  \n</ul>\n");
}

static void test_escape_text(void **state)
{
	(void)state;
	assert_string_equal(render("<p>{{t}}</p>", "{\"t\":\"<script>alert(1)</script>\"}"),
			    "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
	assert_string_equal(render("{{t}}", "{\"t\":\"Tom & Jerry\"}"), "Tom &amp; Jerry");
}

static void test_escape_attribute(void **state)
{
	(void)state;
	const char *view = "{\"t\":\"a\\\"b'c<d>\"}";
	assert_string_equal(render("<a title=\"{{t}}\">x</a>", view), "<a title=\"a&quot;b&#39;c&lt;d&gt;\">x</a>");
	assert_string_equal(render("<a title='{{t}}'>x</a>", view), "<a title='a&quot;b&#39;c&lt;d&gt;'>x</a>");
	assert_string_equal(render("<input value=\"{{v}}\" data-x=\"{{v}}\">", "{\"v\":\"x=1 onclick=y\"}"),
			    "<input value=\"x&#61;1 onclick&#61;y\" data-x=\"x&#61;1 onclick&#61;y\">");
}

static void test_unquoted_attribute_rejected(void **state)
{
	(void)state;
	compile_fails("<div>\n<a title={{t}}>x</a>\n</div>", "line 2");
	compile_fails("<a title={{t}}>", "quoted attribute value");
	compile_fails("<a {{attrs}}>", "quoted attribute value");
	compile_fails("<a title {{t}}>", "line 1");
	compile_fails("<{{tag}}>", "line 1");
	compile_fails("<a title=x{{t}}>", "line 1");
	compile_fails("<a title=\"x\" {{t}}>", "line 1");
	/* after the tag is closed, text context again */
	assert_string_equal(render("<a title=\"x\">{{t}}</a>", "{\"t\":\"y\"}"), "<a title=\"x\">y</a>");
}

static void test_raw_variables(void **state)
{
	(void)state;
	assert_string_equal(render("<div>{{{body_html}}}</div>", "{\"body_html\":\"<p>Bonjour</p>\"}"),
			    "<div><p>Bonjour</p></div>");
	assert_string_equal(render("{{{ article.body_html }}}", "{\"article\":{\"body_html\":\"<b>x</b>\"}}"),
			    "<b>x</b>");
	compile_fails("<div>\n\n{{{body}}}</div>", "line 3");
	compile_fails("{{{body}}}", "_html");
	compile_fails("{{{body_html.x}}}", "_html");
	compile_fails("{{{.}}}", "_html");
	compile_fails("{{& body_html}}", "not supported");
	compile_fails("<a title=\"{{{t_html}}}\">", "only allowed in text");
	compile_fails("{{{body_html}}", "unclosed");
}

static void test_dotted_names(void **state)
{
	(void)state;
	const char *view = "{\"a\":{\"b\":{\"c\":\"deep\"}},\"items\":[\"zero\",\"one\"],\"n\":{\"x\":null}}";
	assert_string_equal(render("{{a.b.c}}", view), "deep");
	assert_string_equal(render("[{{a.x.c}}][{{a.b.c.d}}][{{zz.b}}][{{n.x.y}}]", view), "[][][][]");
	assert_string_equal(render("{{items.1}}|{{items.5}}", view), "one|");
	compile_fails("{{a..b}}", "invalid name");
	compile_fails("{{a b}}", "invalid name");
	compile_fails("{{.a}}", "invalid name");
}

static void test_dot(void **state)
{
	(void)state;
	assert_string_equal(render("{{#xs}}[{{.}}]{{/xs}}", "{\"xs\":[\"a\",\"<b>\",3]}"), "[a][&lt;b&gt;][3]");
	assert_string_equal(render("{{.}}", "\"top\""), "top");
	assert_string_equal(render("{{#s}}({{.}}){{/s}}", "{\"s\":\"str\"}"), "(str)");
}

static void test_section_arrays(void **state)
{
	(void)state;
	const char *view = "{\"people\":[{\"name\":\"Ana\"},{\"name\":\"Bilal\"},{\"name\":\"Chloé\"}]}";
	assert_string_equal(render("<ul>{{#people}}<li>{{name}}</li>{{/people}}</ul>", view),
			    "<ul><li>Ana</li><li>Bilal</li><li>Chloé</li></ul>");
	assert_string_equal(render("<ul>{{#people}}<li>{{name}}</li>{{/people}}</ul>", "{\"people\":[]}"), "<ul></ul>");
	/* nested arrays */
	assert_string_equal(render("{{#rows}}({{#.}}{{.}},{{/.}}){{/rows}}", "{\"rows\":[[1,2],[3]]}"), "(1,2,)(3,)");
}

static void test_section_objects(void **state)
{
	(void)state;
	assert_string_equal(render("{{#user}}{{first}} {{last}}{{/user}}", "{\"user\":{\"first\":\"Léa\",\"last\":\"M\"}}"),
			    "Léa M");
	assert_string_equal(render("[{{#user}}x{{/user}}]", "{\"user\":{}}"), "[]");
}

static void test_section_truthiness(void **state)
{
	(void)state;
	const char *src = "{{#v}}Y{{/v}}";
	assert_string_equal(render(src, "{\"v\":true}"), "Y");
	assert_string_equal(render(src, "{\"v\":false}"), "");
	assert_string_equal(render(src, "{\"v\":null}"), "");
	assert_string_equal(render(src, "{}"), "");
	assert_string_equal(render(src, "{\"v\":0}"), "");
	assert_string_equal(render(src, "{\"v\":7}"), "Y");
	assert_string_equal(render(src, "{\"v\":0.0}"), "");
	assert_string_equal(render(src, "{\"v\":0.5}"), "Y");
	assert_string_equal(render(src, "{\"v\":\"\"}"), "");
	assert_string_equal(render(src, "{\"v\":\"x\"}"), "Y");
	assert_string_equal(render(src, "{\"v\":[]}"), "");
	/* a truthy scalar is pushed */
	assert_string_equal(render("{{#count}}{{.}} contributions{{/count}}", "{\"count\":12}"), "12 contributions");
}

static void test_inverted_sections(void **state)
{
	(void)state;
	const char *src = "{{^v}}N{{/v}}";
	assert_string_equal(render(src, "{\"v\":true}"), "");
	assert_string_equal(render(src, "{\"v\":false}"), "N");
	assert_string_equal(render(src, "{\"v\":null}"), "N");
	assert_string_equal(render(src, "{}"), "N");
	assert_string_equal(render(src, "{\"v\":0}"), "N");
	assert_string_equal(render(src, "{\"v\":\"\"}"), "N");
	assert_string_equal(render(src, "{\"v\":[]}"), "N");
	assert_string_equal(render(src, "{\"v\":[1]}"), "");
	assert_string_equal(render(src, "{\"v\":\"x\"}"), "");
	assert_string_equal(render("{{#xs}}<li>{{.}}</li>{{/xs}}{{^xs}}<p>Aucun élément.</p>{{/xs}}", "{\"xs\":[]}"),
			    "<p>Aucun élément.</p>");
}

static void test_context_fallback(void **state)
{
	(void)state;
	const char *view = "{\"project\":\"Mosson\",\"site\":{\"title\":\"quartier\"},"
			   "\"items\":[{\"name\":\"A\"},{\"name\":\"B\",\"project\":\"Cévennes\"}]}";
	assert_string_equal(render("{{#items}}{{name}}:{{project}};{{/items}}", view), "A:Mosson;B:Cévennes;");
	/* the first segment of a dotted name is looked up outwards */
	assert_string_equal(render("{{#items}}{{site.title}}{{/items}}", view), "quartierquartier");
	/* but later segments are not: o.a has no b, the outer a.b is not used */
	assert_string_equal(render("{{#o}}[{{a.b}}]{{/o}}", "{\"a\":{\"b\":1},\"o\":{\"a\":{}}}"), "[]");
	/* an inner section name missing in the item is found outside */
	assert_string_equal(render("{{#site}}{{#items}}[{{title}}]{{/items}}{{/site}}", view), "[quartier][quartier]");
	assert_string_equal(render("{{#site}}[{{title}}|{{project}}]{{/site}}", view), "[quartier|Mosson]");
	/* a key present with null stops the lookup */
	assert_string_equal(render("{{#o}}[{{x}}]{{/o}}", "{\"x\":\"outer\",\"o\":{\"x\":null,\"y\":1}}"), "[]");
}

static void test_partials(void **state)
{
	(void)state;
	tmpl_set_t *set = tmpl_set_new();
	add_ok(set, "layout", "<html><body>{{> header}}<main>{{> body}}</main></body></html>");
	add_ok(set, "header", "<h1>{{title}}</h1>");
	add_ok(set, "body", "{{#items}}{{> item}}{{/items}}");
	add_ok(set, "item", "<p>{{name}} ({{title}})</p>");
	assert_true(tmpl_exists(set, "item"));
	assert_false(tmpl_exists(set, "nope"));
	const char *out;
	assert_int_equal(render_set(set, "layout", "{\"title\":\"T\",\"items\":[{\"name\":\"a\"},{\"name\":\"b\"}]}", &out),
			 0);
	assert_string_equal(out, "<html><body><h1>T</h1><main><p>a (T)</p><p>b (T)</p></main></body></html>");
	/* replacing a template */
	add_ok(set, "header", "<h2>{{title}}</h2>");
	assert_int_equal(render_set(set, "layout", "{\"title\":\"T\"}", &out), 0);
	assert_string_equal(out, "<html><body><h2>T</h2><main></main></body></html>");
	tmpl_set_free(set);
	compile_fails("<a title=\"{{> x}}\">", "partial");
}

static void test_missing_partial_and_template(void **state)
{
	(void)state;
	tmpl_set_t *set = tmpl_set_new();
	add_ok(set, "page", "before {{> nowhere}} after");
	json_t *v = json_object();
	buf_t b;
	buf_init(&b, test_arena, 0);
	buf_puts(&b, "kept");
	assert_int_equal(tmpl_render(set, "page", v, &b), -1);
	assert_string_equal(b.data, "kept"); /* partial output rolled back */
	assert_int_equal(tmpl_render(set, "absent", v, &b), -1);
	json_decref(v);
	tmpl_set_free(set);
}

static void test_partial_recursion(void **state)
{
	(void)state;
	tmpl_set_t *set = tmpl_set_new();
	add_ok(set, "loop", "x{{> loop}}");
	add_ok(set, "ping", "{{> pong}}");
	add_ok(set, "pong", "{{> ping}}");
	/* bounded recursion over a tree is fine; every node must carry its own
	 * "children", or the lookup falls back to the parent's (Mustache rules) */
	add_ok(set, "node", "<li>{{name}}{{#children}}<ul>{{> node}}</ul>{{/children}}</li>");
	const char *out;
	assert_int_equal(render_set(set, "loop", "{}", &out), -1);
	assert_string_equal(out, "");
	assert_int_equal(render_set(set, "ping", "{}", &out), -1);
	assert_int_equal(render_set(set, "node",
				    "{\"name\":\"a\",\"children\":[{\"name\":\"b\",\"children\":[{\"name\":\"c\",\"children\":[]}]},"
				    "{\"name\":\"d\",\"children\":[]}]}",
				    &out),
			 0);
	assert_string_equal(out, "<li>a<ul><li>b<ul><li>c</li></ul></li></ul><ul><li>d</li></ul></li>");
	tmpl_set_free(set);
}

static void test_unbalanced_sections(void **state)
{
	(void)state;
	compile_fails("a\n{{#items}}\nb", "line 2");
	compile_fails("{{#items}}", "never closed");
	compile_fails("x\n\n{{/items}}", "line 3");
	compile_fails("{{/items}}", "closes no section");
	compile_fails("{{#a}}\n{{#b}}\n{{/a}}\n{{/b}}", "line 3");
	compile_fails("{{#a}}{{#b}}{{/a}}{{/b}}", "does not close {{#b}}");
	compile_fails("{{^a}}x{{/b}}", "does not close");
}

static void test_syntax_errors(void **state)
{
	(void)state;
	compile_fails("ok\nthen {{name", "line 2");
	compile_fails("{{name", "unclosed");
	compile_fails("{{}}", "empty tag name");
	compile_fails("{{  }}", "empty tag name");
	compile_fails("{{#}}{{/}}", "empty tag name");
	compile_fails("{{=<% %>=}}", "not supported");
	compile_fails("{{> }}", "empty partial name");
	compile_fails("{{> a b}}", "invalid partial name");
	compile_fails("<p\nclass", "line 2");
	compile_fails("<a href=\"x\"", "ends inside a tag");
	compile_fails("<!-- never closed", "comment");
}

static void test_url_attributes(void **state)
{
	(void)state;
	const char *src = "<a href=\"{{u}}\">x</a>";
	assert_string_equal(render(src, "{\"u\":\"javascript:alert(1)\"}"), "<a href=\"#\">x</a>");
	assert_string_equal(render(src, "{\"u\":\"/projets/mosson\"}"), "<a href=\"/projets/mosson\">x</a>");
	assert_string_equal(render(src, "{\"u\":\"https://example.org\"}"), "<a href=\"https://example.org\">x</a>");
	assert_string_equal(render(src, "{\"u\":\"HTTP://example.org/a?b=c&d\"}"),
			    "<a href=\"HTTP://example.org/a?b&#61;c&amp;d\">x</a>");
	assert_string_equal(render(src, "{\"u\":\"mailto:mdp@example.org\"}"), "<a href=\"mailto:mdp@example.org\">x</a>");
	assert_string_equal(render(src, "{\"u\":\"tel:+33400000000\"}"), "<a href=\"tel:+33400000000\">x</a>");
	assert_string_equal(render(src, "{\"u\":\"#agenda\"}"), "<a href=\"#agenda\">x</a>");
	assert_string_equal(render(src, "{\"u\":\"?page=2\"}"), "<a href=\"?page&#61;2\">x</a>");
	assert_string_equal(render(src, "{\"u\":\"fiche/12?x=a:b\"}"), "<a href=\"fiche/12?x&#61;a:b\">x</a>");
	const char *bad[] = {"  JaVaScRiPt:alert(1)", "\x01javascript:x", "java\tscript:alert(1)",
			     "data:text/html;base64,xx", "vbscript:x", "//evil.example", "/\\evil.example",
			     "\\\\evil.example", "a:b/c", "javascript&colon;x:y"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char view[128];
		json_t *v = json_pack("{s:s}", "u", bad[i]);
		char *js = json_dumps(v, 0);
		snprintf(view, sizeof view, "%s", js);
		free(js);
		json_decref(v);
		if (strcmp(render(src, view), "<a href=\"#\">x</a>") != 0)
			fail_msg("URL %s was let through", bad[i]);
	}
	/* other URL attributes, any case, either quote */
	assert_string_equal(render("<img SRC='{{u}}' alt=\"\">", "{\"u\":\"javascript:x\"}"), "<img SRC='#' alt=\"\">");
	assert_string_equal(render("<form action=\"{{u}}\"></form>", "{\"u\":\"javascript:x\"}"),
			    "<form action=\"#\"></form>");
	assert_string_equal(render("<button formaction=\"{{u}}\"></button>", "{\"u\":\"javascript:x\"}"),
			    "<button formaction=\"#\"></button>");
	/* leading spaces in the template do not hide the check */
	assert_string_equal(render("<a href=\" {{u}}\"></a>", "{\"u\":\"javascript:x\"}"), "<a href=\" #\"></a>");
	/* each variable starting the value is checked, so halves cannot combine */
	assert_string_equal(render("<a href=\"{{a}}{{b}}\"></a>", "{\"a\":\"\",\"b\":\"javascript:x\"}"),
			    "<a href=\"#\"></a>");
	/* not the first thing in the value: only escaped */
	assert_string_equal(render("<a href=\"/p/{{s}}\"></a>", "{\"s\":\"javascript:x\"}"),
			    "<a href=\"/p/javascript:x\"></a>");
	/* not a URL attribute */
	assert_string_equal(render("<a title=\"{{s}}\"></a>", "{\"s\":\"javascript:x\"}"),
			    "<a title=\"javascript:x\"></a>");
	/* absent value: empty */
	assert_string_equal(render(src, "{}"), "<a href=\"\">x</a>");
}

/* Found by fuzz/fuzz_template.c: browsers strip leading spaces and control
 * chars from a URL, and character references may stand for them, so literal
 * text made only of those still lets a variable start the URL. */
static void test_url_blank_prefix(void **state)
{
	(void)state;
	const char *view = "{\"u\":\"javascript:x\"}";
	assert_string_equal(render("<g src=\"\x18{{u}}\">", view), "<g src=\"\x18#\">");
	assert_string_equal(render("<a href=\"&#9;{{u}}\"></a>", view), "<a href=\"&#9;#\"></a>");
	assert_string_equal(render("<a href=\"&Tab;&#x0A;{{u}}\"></a>", view), "<a href=\"&Tab;&#x0A;#\"></a>");
	/* a reference written in a section, rendered or not, still counts as blank */
	assert_string_equal(render("<a href=\"{{#n}}&{{/n}}#9;{{u}}\"></a>", "{\"n\":1,\"u\":\"javascript:x\"}"),
			    "<a href=\"&#9;#\"></a>");
	/* real literal text before the variable: only escaped, as before */
	assert_string_equal(render("<a href=\"/p&amp;{{u}}\"></a>", view), "<a href=\"/p&amp;javascript:x\"></a>");
	assert_string_equal(render("<a href=\"&#9;x{{u}}\"></a>", view), "<a href=\"&#9;xjavascript:x\"></a>");
}

static void test_numbers_and_booleans(void **state)
{
	(void)state;
	assert_string_equal(render("{{n}}", "{\"n\":42}"), "42");
	assert_string_equal(render("{{n}}", "{\"n\":-7}"), "-7");
	assert_string_equal(render("{{n}}", "{\"n\":9007199254740993}"), "9007199254740993");
	assert_string_equal(render("{{n}}", "{\"n\":1.5}"), "1.5");
	assert_string_equal(render("{{n}}", "{\"n\":0.1}"), "0.1");
	assert_string_equal(render("{{n}}", "{\"n\":2.0}"), "2");
	assert_string_equal(render("{{n}}", "{\"n\":1234567.25}"), "1234567.25");
	assert_string_equal(render("{{n}}", "{\"n\":1e300}"), "1e+300");
	assert_string_equal(render("{{n}}", "{\"n\":0.30000000000000004}"), "0.30000000000000004");
	assert_string_equal(render("{{t}}/{{f}}/{{z}}", "{\"t\":true,\"f\":false,\"z\":null}"), "true/false/");
	assert_string_equal(render("<div aria-hidden=\"{{t}}\"></div>", "{\"t\":true}"), "<div aria-hidden=\"true\"></div>");
}

static void test_script_and_style_rejected(void **state)
{
	(void)state;
	compile_fails("<p>x</p>\n<script>var x = \"{{x}}\";</script>", "line 2");
	compile_fails("<script>{{x}}</script>", "<script>");
	compile_fails("<SCRIPT type=\"module\">{{x}}</SCRIPT>", "script");
	compile_fails("<style>p { color: {{c}} }</style>", "<style>");
	compile_fails("<script>{{{code_html}}}</script>", "only allowed in text");
	compile_fails("<script>{{> part}}</script>", "partial");
	compile_fails("<script>var s = '</scripts>{{x}}';</script>", "script");
	compile_fails("<a onclick=\"go('{{x}}')\">", "script attribute");
	compile_fails("<a OnMouseOver='{{x}}'>", "script attribute");
	compile_fails("<iframe srcdoc=\"{{x}}\"></iframe>", "script attribute");
	/* after the element closes, text again; attributes of <script> are fine */
	assert_string_equal(render("<script src=\"{{u}}\"></script ><p>{{x}}</p>", "{\"u\":\"/app.js\",\"x\":\"<\"}"),
			    "<script src=\"/app.js\"></script ><p>&lt;</p>");
	assert_string_equal(render("<style>a{color:red}</style>{{x}}", "{\"x\":\"y\"}"), "<style>a{color:red}</style>y");
	/* sections inside <script> are fine as long as they stay inside it */
	assert_string_equal(render("<script>{{#dev}}debug();{{/dev}}</script>", "{\"dev\":true}"),
			    "<script>debug();</script>");
	compile_fails("<script>{{#a}}</script>{{/a}}", "HTML context");
	/* Found by fuzz/fuzz_template.c: after "<!--<script>", browsers do not end
	 * the script at "</script>", so what follows would run as script. */
	compile_fails("<script><!--<script </script>{{x}}", "<!--");
	compile_fails("<SCRIPT>if (a) <!-- b;</SCRIPT>", "<!--");
	compile_fails("<script><!{{#a}}{{/a}}--</script>", "<!--");
	compile_fails("<script>{{#a}}<!{{/a}}--</script>", "HTML context");
	assert_string_equal(render("<style><!-- --></style><!-- x --><script>a <! -- b</script>", "{}"),
			    "<style><!-- --></style><!-- x --><script>a <! -- b</script>");
}

static void test_comments_and_rcdata(void **state)
{
	(void)state;
	compile_fails("<!-- {{x}} -->", "comment");
	compile_fails("<!-- a -- b {{x}} -->", "comment");
	compile_fails("<!DOCTYPE {{x}}>", "declaration");
	assert_string_equal(render("<!doctype html><!-- note --><p>{{x}}</p><!---->{{x}}", "{\"x\":\"<\"}"),
			    "<!doctype html><!-- note --><p>&lt;</p><!---->&lt;");
	/* <title> and <textarea> hold text: variables are escaped there */
	assert_string_equal(render("<title>{{t}}</title><textarea name=\"m\">{{m}}</textarea>",
				   "{\"t\":\"A & B\",\"m\":\"</textarea><script>\"}"),
			    "<title>A &amp; B</title><textarea name=\"m\">&lt;/textarea&gt;&lt;script&gt;</textarea>");
	/* in text, a lone "<" is text */
	assert_string_equal(render("1 < 2 {{x}}", "{\"x\":\"y\"}"), "1 < 2 y");
	/* Found by fuzz/fuzz_template.c: a value right after "<" or "</title"
	 * could end the element ("/title " makes "</title "), and a partial
	 * compiled as text would place its "</title>" wrongly. */
	compile_fails("<title></title{{u}}>", "could end the element");
	compile_fails("<textarea>a <{{x}}</textarea>", "could end the element");
	compile_fails("<title>{{> part}}</title>", "partial");
	assert_string_equal(render("<title>a < {{x}}</title>", "{\"x\":\"/title \"}"), "<title>a < /title </title>");
}

static void test_conditional_attributes(void **state)
{
	(void)state;
	const char *box = "<input type=\"checkbox\"{{#on}} checked{{/on}}>";
	assert_string_equal(render(box, "{\"on\":true}"), "<input type=\"checkbox\" checked>");
	assert_string_equal(render(box, "{\"on\":false}"), "<input type=\"checkbox\">");
	assert_string_equal(render("<option value=\"{{id}}\" {{#sel}}selected{{/sel}}>{{label}}</option>",
				   "{\"id\":3,\"sel\":true,\"label\":\"Mosson\"}"),
			    "<option value=\"3\" selected>Mosson</option>");
	assert_string_equal(render("<li{{#cur}} aria-current=\"page\"{{/cur}}>x</li>", "{\"cur\":1}"),
			    "<li aria-current=\"page\">x</li>");
	assert_string_equal(render("<a {{#u}}href=\"{{u}}\"{{/u}}>x</a>", "{\"u\":\"javascript:1\"}"),
			    "<a href=\"#\">x</a>");
	assert_string_equal(render("<p class=\"a{{#b}} b{{/b}}\">", "{\"b\":true}"), "<p class=\"a b\">");
	/* several in a row */
	assert_string_equal(render("<input{{#a}} required{{/a}}{{#b}} disabled{{/b}} name=\"n\">", "{\"a\":1,\"b\":[1,2]}"),
			    "<input required disabled disabled name=\"n\">");
	/* sections that change the context are refused */
	compile_fails("<a {{#x}}title=\"{{/x}}\">", "line 1");
	compile_fails("{{#x}}<a href=\"{{/x}}\">", "HTML context");
	compile_fails("<a title=\"\n{{#x}}\">\n<b>{{/x}}\"", "line 2");
	/* a section that adds attributes must contain only text */
	compile_fails("<a{{#x}} title=\"{{t}}\" b{{/x}}>", "only plain text");
	/* and what follows it may not be an "=" or a name glued to it */
	compile_fails("<a {{#x}}b{{/x}} =\"{{v}}\">", "ambiguous");
	compile_fails("<a {{#x}}b{{/x}}=\"{{v}}\">", "write a space");
	compile_fails("<a{{#x}} b{{/x}}c>", "write a space");
}

static void test_style_attribute(void **state)
{
	(void)state;
	const char *src = "<div style=\"width: {{p}}%\"></div>";
	assert_string_equal(render(src, "{\"p\":42.5}"), "<div style=\"width: 42.5%\"></div>");
	assert_string_equal(render(src, "{\"p\":\"1;background:url(//evil)\"}"), "<div style=\"width: %\"></div>");
}

static void test_html_escape_all(void **state)
{
	(void)state;
	buf_t b;
	buf_init(&b, test_arena, 4);
	html_escape(&b, "&<>\"'`=", 7);
	assert_string_equal(b.data, "&amp;&lt;&gt;&quot;&#39;&#96;&#61;");
	buf_init(&b, test_arena, 0);
	html_escape(&b, "plain text é", strlen("plain text é"));
	assert_string_equal(b.data, "plain text é");
	buf_init(&b, test_arena, 0);
	html_escape(&b, NULL, 0);
	assert_string_equal(b.data, "");
	buf_init(&b, test_arena, 0);
	html_escape(&b, "a<b", 2); /* only n bytes */
	assert_string_equal(b.data, "a&lt;");
}

static void test_error_arguments(void **state)
{
	(void)state;
	tmpl_set_t *set = tmpl_set_new();
	assert_int_equal(tmpl_set_add(set, "x", "{{#a}}", 6, NULL, 0), -1); /* no err buffer */
	char tiny[8];
	assert_int_equal(tmpl_set_add(set, "x", "{{#a}}", 6, tiny, sizeof tiny), -1);
	assert_int_equal(strlen(tiny), sizeof tiny - 1); /* truncated, terminated */
	/* a source that is not NUL-terminated: only len bytes are read */
	char src[] = {'{', '{', 'a', '}', '}', '{', '{'};
	char err[128];
	assert_int_equal(tmpl_set_add(set, "y", src, 5, err, sizeof err), 0);
	const char *out;
	assert_int_equal(render_set(set, "y", "{\"a\":\"ok\"}", &out), 0);
	assert_string_equal(out, "ok");
	/* Found by fuzz/fuzz_template.c: browsers read NUL as U+FFFD, so
	 * "<title\0>" is not a <title> (and "src\0" not src): NUL is refused. */
	static const char nul[] = "<p>a</p>\n<title\0><a href=\"{{u}}\">";
	assert_int_equal(tmpl_set_add(set, "z", nul, sizeof nul - 1, err, sizeof err), -1);
	assert_non_null(strstr(err, "line 2: NUL byte"));
	tmpl_set_free(set);
	tmpl_set_free(NULL);
}

/* Shared by the threads of test_concurrent_render (read-only while they run). */
typedef struct render_job {
	const tmpl_set_t *set;
	json_t *view;
	const char *expected;
	int failures;
} render_job_t;

/* Renders job->set's "page" many times with an arena of its own. */
static void *render_thread(void *arg)
{
	render_job_t *job = arg;
	for (int i = 0; i < 500; i++) {
		arena_t *a = arena_new(0);
		buf_t b;
		buf_init(&b, a, 0);
		if (tmpl_render(job->set, "page", job->view, &b) != 0 || strcmp(b.data, job->expected) != 0)
			job->failures++;
		arena_free(a);
	}
	return NULL;
}

static void test_concurrent_render(void **state)
{
	(void)state;
	tmpl_set_t *set = tmpl_set_new();
	add_ok(set, "page", "<ul>{{#items}}{{> item}}{{/items}}</ul>");
	add_ok(set, "item", "<li><a href=\"{{url}}\">{{name}}</a></li>");
	json_t *view = view_of("{\"items\":[{\"url\":\"/a\",\"name\":\"A&B\"},{\"url\":\"javascript:x\",\"name\":\"C\"}]}");
	const char *expected = "<ul><li><a href=\"/a\">A&amp;B</a></li><li><a href=\"#\">C</a></li></ul>";
	render_job_t jobs[4];
	pthread_t th[4];
	for (int i = 0; i < 4; i++) {
		jobs[i] = (render_job_t){set, view, expected, 0};
		assert_int_equal(pthread_create(&th[i], NULL, render_thread, &jobs[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(jobs[i].failures, 0);
	}
	json_decref(view);
	tmpl_set_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plain_variables, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_whitespace_kept, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_escape_text, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_escape_attribute, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_unquoted_attribute_rejected, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_raw_variables, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_dotted_names, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_dot, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_section_arrays, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_section_objects, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_section_truthiness, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_inverted_sections, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_context_fallback, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_partials, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_missing_partial_and_template, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_partial_recursion, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_unbalanced_sections, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_syntax_errors, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_url_attributes, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_url_blank_prefix, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_numbers_and_booleans, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_script_and_style_rejected, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_comments_and_rcdata, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_conditional_attributes, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_style_attribute, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_html_escape_all, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_error_arguments, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_render, arena_setup, arena_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
