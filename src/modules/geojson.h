/* geojson.h — GeoJSON (RFC 7946): checking the polygons staff paste for a
 * sector, and writing the FeatureCollections of a project's map. */
#ifndef QUARTIER_GEOJSON_H
#define QUARTIER_GEOJSON_H

#include <jansson.h>

#include "core/arena.h"
#include "http/request.h"

/* Checks text as a Polygon or MultiPolygon geometry (a Feature holding one
 * is accepted too): closed linear rings of at least 4 positions, positions of
 * 2 or 3 numbers, longitude in [-180,180], latitude in [-90,90]. Returns NULL
 * when valid, with *geometry (may be NULL) set to the compact geometry
 * (arena string); else a French message (static string). */
const char *geojson_check_polygon(arena_t *a, const char *text, const char **geometry);

/* 1 if the point (lon, lat) lies inside the Polygon or MultiPolygon
 * `geometry` (text as stored for a sector: outer ring minus holes, even-odd
 * rule; a point on an edge may fall either side). 0 when outside or when
 * the text is not such a geometry. */
int geojson_contains(const char *geometry, double lon, double lat);

/* A Feature with the geometry text (already checked; NULL geometry when it
 * does not parse) and properties (stolen). New reference. */
json_t *geojson_feature(const char *geometry, json_t *properties);

/* A Point Feature at lon, lat with properties (stolen). New reference. */
json_t *geojson_point(double lon, double lat, json_t *properties);

/* {"type":"FeatureCollection","features":features} (stolen). New reference. */
json_t *geojson_collection(json_t *features);

/* Answers value (stolen) as application/geo+json, compact, reals with 15
 * significant digits; with no_store, Cache-Control: no-store (private maps).
 * A 500 when it cannot be written. */
void geojson_reply(req_t *r, json_t *value, int no_store);

#endif
