/* test_geojson.c — unit tests for src/modules/geojson.c: the polygons staff
 * paste for a sector (accepted shapes, every refusal with its French
 * message) and the FeatureCollections of the map. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "modules/geojson.h"

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

#define SQUARE "[[3.81,43.61],[3.82,43.61],[3.82,43.62],[3.81,43.62],[3.81,43.61]]"

/* Asserts text is accepted; returns the stored geometry. */
static const char *accepted(arena_t *a, const char *text)
{
	const char *geometry = NULL;
	const char *msg = geojson_check_polygon(a, text, &geometry);
	if (msg)
		fail_msg("refused: %s — %s", text, msg);
	assert_non_null(geometry);
	return geometry;
}

/* Asserts text is refused with a message containing part; nothing stored. */
static void refused(arena_t *a, const char *text, const char *part)
{
	const char *geometry = "unchanged";
	const char *msg = geojson_check_polygon(a, text, &geometry);
	if (!msg)
		fail_msg("accepted: %s", text ? text : "(null)");
	if (!strstr(msg, part))
		fail_msg("message for %s: \"%s\" lacks \"%s\"", text ? text : "(null)", msg, part);
	assert_null(geometry);
}

static void test_polygon_accepted(void **state)
{
	arena_t *a = *state;
	const char *g = accepted(a, "{\"type\":\"Polygon\",\"coordinates\":[" SQUARE "]}");
	assert_string_equal(g, "{\"type\":\"Polygon\",\"coordinates\":[" SQUARE "]}");
	/* a hole, altitudes, integers, extreme values */
	accepted(a, "{\"type\":\"Polygon\",\"coordinates\":[" SQUARE ",[[3.812,43.612,10],[3.813,43.612,10],"
		    "[3.813,43.613,10],[3.812,43.612,10]]]}");
	accepted(a, "{\"type\":\"Polygon\",\"coordinates\":[[[-180,-90],[180,-90],[180,90],[-180,-90]]]}");
	accepted(a, "  {\"coordinates\":[" SQUARE "],\"type\":\"Polygon\"}\n");
}

static void test_multipolygon_and_feature(void **state)
{
	arena_t *a = *state;
	accepted(a, "{\"type\":\"MultiPolygon\",\"coordinates\":[[" SQUARE "],[" SQUARE "]]}");
	/* A Feature: only its geometry is kept, not its properties. */
	const char *g = accepted(a, "{\"type\":\"Feature\",\"properties\":{\"name\":\"<b>x</b>\"},"
				    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" SQUARE "]}}");
	assert_null(strstr(g, "name"));
	assert_non_null(strstr(g, "\"type\":\"Polygon\""));
	/* Extra members of the geometry are dropped too. */
	g = accepted(a, "{\"type\":\"Polygon\",\"bbox\":[1,2,3,4],\"coordinates\":[" SQUARE "]}");
	assert_null(strstr(g, "bbox"));
}

static void test_malformed_json(void **state)
{
	arena_t *a = *state;
	refused(a, NULL, "JSON mal formé");
	refused(a, "", "JSON mal formé");
	refused(a, "pas du json", "JSON mal formé");
	refused(a, "[1,2]", "JSON mal formé");
	refused(a, "{\"type\":\"Polygon\",\"coordinates\":[" SQUARE "]", "JSON mal formé");
	refused(a, "{\"type\":\"Polygon\",\"type\":\"Polygon\",\"coordinates\":[" SQUARE "]}", "JSON mal formé");
	refused(a, "{\"type\":\"Polygon\",\"coordinates\":[[[1e999,43],[3,43],[3,44],[1e999,43]]]}", "JSON mal formé");
}

static void test_wrong_types(void **state)
{
	arena_t *a = *state;
	refused(a, "{\"coordinates\":[" SQUARE "]}", "type");
	refused(a, "{\"type\":\"Point\",\"coordinates\":[3.8,43.6]}", "Polygon ou MultiPolygon");
	refused(a, "{\"type\":\"LineString\",\"coordinates\":[[3.8,43.6],[3.9,43.7]]}", "Polygon ou MultiPolygon");
	refused(a, "{\"type\":\"Feature\",\"geometry\":null}", "Feature");
	refused(a, "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}", "Polygon");
	refused(a, "{\"type\":\"FeatureCollection\",\"features\":[]}", "Polygon ou MultiPolygon");
	refused(a, "{\"type\":\"MultiPolygon\",\"coordinates\":[]}", "au moins un polygone");
}

static void test_rings(void **state)
{
	arena_t *a = *state;
	refused(a, "{\"type\":\"Polygon\",\"coordinates\":[]}", "au moins un contour");
	refused(a, "{\"type\":\"Polygon\",\"coordinates\":\"x\"}", "au moins un contour");
	refused(a, "{\"type\":\"Polygon\",\"coordinates\":[[[3.8,43.6],[3.9,43.6],[3.8,43.6]]]}", "au moins 4 points");
	refused(a, "{\"type\":\"Polygon\",\"coordinates\":[[[3.81,43.61],[3.82,43.61],[3.82,43.62],[3.81,43.62]]]}",
		"fermé");
	refused(a, "{\"type\":\"Polygon\",\"coordinates\":[{\"a\":1}]}", "liste de points");
	refused(a, "{\"type\":\"MultiPolygon\",\"coordinates\":[[" SQUARE "],[[[1,2],[3,4],[1,2]]]]}", "au moins 4 points");
}

static void test_positions(void **state)
{
	arena_t *a = *state;
	refused(a, "{\"type\":\"Polygon\",\"coordinates\":[[[3.8],[3.9,43.6],[3.9,43.7],[3.8]]]}", "2 nombres");
	refused(a, "{\"type\":\"Polygon\",\"coordinates\":[[[3.8,43.6,1,2],[3.9,43.6],[3.9,43.7],[3.8,43.6]]]}", "2 nombres");
	refused(a, "{\"type\":\"Polygon\",\"coordinates\":[[[\"3.8\",43.6],[3.9,43.6],[3.9,43.7],[\"3.8\",43.6]]]}",
		"nombres");
	refused(a, "{\"type\":\"Polygon\",\"coordinates\":[[[true,43.6],[3.9,43.6],[3.9,43.7],[true,43.6]]]}", "nombres");
	refused(a, "{\"type\":\"Polygon\",\"coordinates\":[[[null,43.6],[3.9,43.6],[3.9,43.7],[null,43.6]]]}", "nombres");
	refused(a, "{\"type\":\"Polygon\",\"coordinates\":[[[181,43.6],[3.9,43.6],[3.9,43.7],[181,43.6]]]}", "longitude");
	/* latitude and longitude swapped: the latitude is out of range */
	refused(a, "{\"type\":\"Polygon\",\"coordinates\":[[[43.6,3.8],[43.6,93.9],[43.7,3.9],[43.6,3.8]]]}", "latitude");
	refused(a, "{\"type\":\"Polygon\",\"coordinates\":[[[3.8,-90.5],[3.9,43.6],[3.9,43.7],[3.8,-90.5]]]}", "latitude");
}

static void test_collections(void **state)
{
	(void)state;
	json_t *fc = geojson_collection(json_pack("[o, o]", geojson_point(3.82, 43.615, json_pack("{s:s}", "kind", "facility")),
						  geojson_feature("{\"type\":\"Polygon\",\"coordinates\":[" SQUARE "]}",
								  json_object())));
	char *s = json_dumps(fc, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15));
	assert_non_null(strstr(s, "\"type\":\"FeatureCollection\""));
	assert_non_null(strstr(s, "\"coordinates\":[3.82,43.615]"));
	assert_non_null(strstr(s, "\"properties\":{\"kind\":\"facility\"}"));
	assert_non_null(strstr(s, "\"type\":\"Polygon\""));
	free(s);
	json_decref(fc);
	/* A geometry that does not parse becomes null, never invented. */
	json_t *f = geojson_feature("not json", json_object());
	assert_true(json_is_null(json_object_get(f, "geometry")));
	json_decref(f);
}

#define T(f) cmocka_unit_test_setup_teardown(f, arena_setup, arena_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_polygon_accepted), T(test_multipolygon_and_feature), T(test_malformed_json), T(test_wrong_types),
		T(test_rings), T(test_positions), T(test_collections),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
