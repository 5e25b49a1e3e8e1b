/* test_open311.c — unit tests for Open311's building blocks: the JSON/XML
 * escaping and document writer (src/core/docwriter.c) and the W3C
 * date-times of GeoReport v2 (open311_parse_datetime, src/modules/open311.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "core/docwriter.h"
#include "modules/open311.h"

static int arena_setup(void **state)
{
	*state = arena_new(0);
	return 0;
}

static int arena_teardown(void **state)
{
	arena_free(*state);
	return 0;
}

static const char *xml(arena_t *a, const char *s, size_t n)
{
	buf_t b;
	buf_init(&b, a, 16);
	docw_escape_xml(&b, s, n);
	return b.data;
}

static const char *json(arena_t *a, const char *s, size_t n)
{
	buf_t b;
	buf_init(&b, a, 16);
	docw_escape_json(&b, s, n);
	return b.data;
}

static void test_xml_escaping(void **state)
{
	arena_t *a = *state;
	assert_string_equal(xml(a, "a<b>&\"c\"'d'", 12), "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;");
	assert_string_equal(xml(a, "Élan « ok » — ☃", strlen("Élan « ok » — ☃")), "Élan « ok » — ☃");
	/* tab and line ends stay; other controls are not XML 1.0: dropped */
	assert_string_equal(xml(a,
				"a\tb\nc\rd\x01\x1f"
				"e",
				10),
			    "a\tb\nc\rde");
	/* an embedded NUL is dropped, not a terminator */
	assert_string_equal(xml(a, "a\0b", 3), "ab");
	/* U+FFFE and U+FFFF are not characters in XML */
	assert_string_equal(xml(a, "x\xef\xbf\xbey\xef\xbf\xbfz", 9), "xyz");
	/* bytes that are not UTF-8 (lone continuation, overlong, surrogate, truncated) are dropped */
	assert_string_equal(xml(a,
				"a\x80"
				"b\xc0\xaf"
				"c\xed\xa0\x80"
				"d\xe2\x82",
				12),
			    "abcd");
	assert_string_equal(xml(a, "&amp;", 5), "&amp;amp;");
}

static void test_json_escaping(void **state)
{
	arena_t *a = *state;
	assert_string_equal(json(a, "a\"b\\c", 5), "a\\\"b\\\\c");
	assert_string_equal(json(a, "l1\nl2\r\t\x01", 8), "l1\\nl2\\r\\t\\u0001");
	assert_string_equal(json(a, "</script>", 9), "</script>");
	assert_string_equal(json(a, "x\xe2\x80\xa8y\xe2\x80\xa9", 8), "x\\u2028y\\u2029");
	assert_string_equal(json(a, "é\xff", 3), "é");
}

/* The same description gives the Spark-convention pair of documents. */
static void write_sample(docw_t *w)
{
	docw_list(w, "service_requests", "request");
	docw_object(w, NULL);
	docw_text(w, "service_request_id", "S-2026-00042");
	docw_text(w, "status_notes", NULL);
	docw_literal(w, "lat", NULL);
	docw_real(w, "long", 3.8767);
	docw_bool(w, "metadata", 1);
	docw_int(w, "order", 2);
	docw_list(w, "formats", "format");
	docw_text(w, NULL, "text/xml");
	docw_text(w, NULL, "a&b");
	docw_end(w);
	docw_end(w);
	docw_end(w);
}

static void test_writer_both_forms(void **state)
{
	buf_t out;
	docw_t w;
	buf_init(&out, *state, 16);
	docw_init(&w, &out, 0);
	write_sample(&w);
	assert_string_equal(out.data,
			    "[{\"service_request_id\":\"S-2026-00042\",\"status_notes\":null,\"lat\":null,"
			    "\"long\":3.8767,\"metadata\":true,\"order\":2,\"formats\":[\"text/xml\",\"a&b\"]}]");
	buf_init(&out, *state, 16);
	docw_init(&w, &out, 1);
	write_sample(&w);
	assert_string_equal(out.data, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<service_requests><request>"
				      "<service_request_id>S-2026-00042</service_request_id><status_notes/><lat/>"
				      "<long>3.8767</long><metadata>true</metadata><order>2</order><formats>"
				      "<format>text/xml</format><format>a&amp;b</format></formats></request>"
				      "</service_requests>\n");
}

static void test_writer_root_object_and_empty_list(void **state)
{
	buf_t out;
	docw_t w;
	buf_init(&out, *state, 16);
	docw_init(&w, &out, 0);
	docw_object(&w, "discovery");
	docw_text(&w, "contact", "l'équipe");
	docw_list(&w, "endpoints", "endpoint");
	docw_end(&w);
	docw_end(&w);
	assert_string_equal(out.data, "{\"contact\":\"l'équipe\",\"endpoints\":[]}");
	buf_init(&out, *state, 16);
	docw_init(&w, &out, 1);
	docw_object(&w, "discovery");
	docw_text(&w, "contact", "l'équipe");
	docw_list(&w, "endpoints", "endpoint");
	docw_end(&w);
	docw_end(&w);
	assert_string_equal(out.data,
			    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<discovery><contact>l&apos;équipe</contact>"
			    "<endpoints></endpoints></discovery>\n");
}

static time_t parse_ok(const char *s, int expect_date_only)
{
	time_t t = 0;
	int date_only = -1;
	assert_int_equal(open311_parse_datetime(s, &t, &date_only), 0);
	assert_int_equal(date_only, expect_date_only);
	return t;
}

static void test_w3c_datetimes(void **state)
{
	(void)state;
	/* the spec's examples: the same instant */
	assert_int_equal(parse_ok("1994-11-05T08:15:30-05:00", 0), 784041330);
	assert_int_equal(parse_ok("1994-11-05T13:15:30Z", 0), 784041330);
	assert_int_equal(parse_ok("2010-01-01T00:00:00Z", 0), 1262304000);
	assert_int_equal(parse_ok("2010-01-01T01:00+01:00", 0), 1262304000);	  /* minutes only */
	assert_int_equal(parse_ok("2010-01-01T00:00:00.123456Z", 0), 1262304000); /* fractions */
	assert_int_equal(parse_ok("2010-01-01", 1), 1262304000);
	assert_int_equal(parse_ok("2024-02-29", 1), 1709164800); /* leap year */
	assert_int_equal(parse_ok("1969-12-31T23:59:59Z", 0), -1);
	char out[21];
	open311_format_datetime(784041330, out);
	assert_string_equal(out, "1994-11-05T13:15:30Z");
}

static void test_w3c_datetimes_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",
	    "2010",
	    "2010-01",
	    "2010-1-01",
	    "2010-01-01T00:00:00", /* a time needs its zone */
	    "2010-01-01 00:00:00Z",
	    "2010-01-01T00:00:00z",
	    "2010-02-29",
	    "2010-13-01",
	    "2010-00-10",
	    "2010-04-31",
	    "2010-01-01T24:00Z",
	    "2010-01-01T23:60Z",
	    "2010-01-01T23:59:60Z",
	    "2010-01-01T00:00:00.Z",
	    "2010-01-01T00:00:00+0100",
	    "2010-01-01T00:00:00+01",
	    "2010-01-01T00:00:00+24:00",
	    "2010-01-01Tfoo",
	    "2010-01-01T00:00:00Zjunk",
	    "2010-01-01x",
	    "+2010-01-01",
	    "２０１０-01-01",
	    NULL,
	};
	for (size_t i = 0; bad[i]; i++) {
		time_t t;
		int date_only;
		if (open311_parse_datetime(bad[i], &t, &date_only) != -1)
			fail_msg("accepted: \"%s\"", bad[i]);
	}
	time_t t;
	int d;
	assert_int_equal(open311_parse_datetime(NULL, &t, &d), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_xml_escaping, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_json_escaping, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_writer_both_forms, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_writer_root_object_and_empty_list, arena_setup, arena_teardown),
	    cmocka_unit_test(test_w3c_datetimes),
	    cmocka_unit_test(test_w3c_datetimes_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
