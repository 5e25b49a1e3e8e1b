/* geojson.c — see geojson.h. The checks follow RFC 7946 §3.1: a position is
 * an array of 2 (or 3, with altitude) numbers, longitude first; a linear
 * ring is closed and has at least four positions. */
#include "modules/geojson.h"

#include <stdlib.h>
#include <string.h>

/* A message for a position that is not [lon, lat(, alt)] in range, or NULL. */
static const char *check_position(json_t *p)
{
	size_t n = json_is_array(p) ? json_array_size(p) : 0;
	if (n < 2 || n > 3)
		return "Chaque point doit être une liste de 2 nombres : [longitude, latitude].";
	for (size_t i = 0; i < n; i++)
		if (!json_is_number(json_array_get(p, i)))
			return "Les coordonnées doivent être des nombres.";
	double lon = json_number_value(json_array_get(p, 0));
	double lat = json_number_value(json_array_get(p, 1));
	if (lon < -180 || lon > 180)
		return "Une longitude est hors de l'intervalle [-180, 180] (la longitude vient en premier).";
	if (lat < -90 || lat > 90)
		return "Une latitude est hors de l'intervalle [-90, 90] (la latitude vient en second).";
	return NULL;
}

/* 1 if two positions are equal, coordinate by coordinate. */
static int same_position(json_t *a, json_t *b)
{
	if (json_array_size(a) != json_array_size(b))
		return 0;
	for (size_t i = 0; i < json_array_size(a); i++)
		if (json_number_value(json_array_get(a, i)) != json_number_value(json_array_get(b, i)))
			return 0;
	return 1;
}

/* A message for a linear ring that is not closed, short or malformed. */
static const char *check_ring(json_t *ring)
{
	if (!json_is_array(ring))
		return "Un contour doit être une liste de points.";
	size_t n = json_array_size(ring);
	if (n < 4)
		return "Un contour doit avoir au moins 4 points (le dernier répète le premier).";
	for (size_t i = 0; i < n; i++) {
		const char *msg = check_position(json_array_get(ring, i));
		if (msg)
			return msg;
	}
	if (!same_position(json_array_get(ring, 0), json_array_get(ring, n - 1)))
		return "Un contour doit être fermé : son dernier point doit répéter le premier.";
	return NULL;
}

/* A message for the coordinates of a Polygon (a list of rings), or NULL. */
static const char *check_polygon_coords(json_t *rings)
{
	if (!json_is_array(rings) || json_array_size(rings) == 0)
		return "Un polygone doit avoir au moins un contour (liste de listes de points).";
	for (size_t i = 0; i < json_array_size(rings); i++) {
		const char *msg = check_ring(json_array_get(rings, i));
		if (msg)
			return msg;
	}
	return NULL;
}

/* A message for a geometry that is not a valid Polygon or MultiPolygon. */
static const char *check_geometry(json_t *g)
{
	const char *type = json_string_value(json_object_get(g, "type"));
	json_t *coords = json_object_get(g, "coordinates");
	if (!type)
		return "L'objet GeoJSON doit avoir un « type » : Polygon ou MultiPolygon.";
	if (strcmp(type, "Polygon") == 0)
		return check_polygon_coords(coords);
	if (strcmp(type, "MultiPolygon") != 0)
		return "La géométrie doit être de type Polygon ou MultiPolygon.";
	if (!json_is_array(coords) || json_array_size(coords) == 0)
		return "Un MultiPolygon doit contenir au moins un polygone.";
	for (size_t i = 0; i < json_array_size(coords); i++) {
		const char *msg = check_polygon_coords(json_array_get(coords, i));
		if (msg)
			return msg;
	}
	return NULL;
}

const char *geojson_check_polygon(arena_t *a, const char *text, const char **geometry)
{
	if (geometry)
		*geometry = NULL;
	json_error_t err;
	json_t *root = text ? json_loads(text, JSON_REJECT_DUPLICATES, &err) : NULL;
	if (!json_is_object(root)) {
		json_decref(root);
		return "Ce texte n'est pas du GeoJSON valide (JSON mal formé).";
	}
	json_t *g = root;
	const char *type = json_string_value(json_object_get(root, "type"));
	if (type && strcmp(type, "Feature") == 0)
		g = json_object_get(root, "geometry");
	const char *msg = json_is_object(g) ? check_geometry(g)
					    : "L'objet Feature doit contenir une géométrie Polygon ou MultiPolygon.";
	if (!msg && geometry) {
		/* Only type and coordinates are kept: nothing else from the paste. */
		json_t *clean = json_pack("{s:O, s:O}", "type", json_object_get(g, "type"), "coordinates",
					  json_object_get(g, "coordinates"));
		char *s = json_dumps(clean, JSON_COMPACT | JSON_REAL_PRECISION(15));
		*geometry = s ? arena_strdup(a, s) : NULL;
		free(s);
		json_decref(clean);
		if (!*geometry)
			msg = "Ce texte n'est pas du GeoJSON valide (JSON mal formé).";
	}
	json_decref(root);
	return msg;
}

json_t *geojson_feature(const char *geometry, json_t *properties)
{
	json_t *g = geometry ? json_loads(geometry, 0, NULL) : NULL;
	return json_pack("{s:s, s:o, s:o}", "type", "Feature", "geometry", g ? g : json_null(), "properties",
			 properties);
}

json_t *geojson_point(double lon, double lat, json_t *properties)
{
	return json_pack("{s:s, s:{s:s, s:[f,f]}, s:o}", "type", "Feature", "geometry", "type", "Point", "coordinates",
			 lon, lat, "properties", properties);
}

json_t *geojson_collection(json_t *features)
{
	return json_pack("{s:s, s:o}", "type", "FeatureCollection", "features", features);
}

/* Even-odd test of one linear ring: a ray from the point towards +x crosses
 * the ring an odd number of times when the point is inside. */
static int ring_contains(json_t *ring, double x, double y)
{
	size_t n = json_array_size(ring);
	int inside = 0;
	for (size_t i = 0, j = n ? n - 1 : 0; i < n; j = i++) {
		json_t *a = json_array_get(ring, i), *b = json_array_get(ring, j);
		double xi = json_number_value(json_array_get(a, 0)), yi = json_number_value(json_array_get(a, 1));
		double xj = json_number_value(json_array_get(b, 0)), yj = json_number_value(json_array_get(b, 1));
		if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
			inside = !inside;
	}
	return inside;
}

/* Inside the outer ring and outside every hole. */
static int polygon_contains(json_t *rings, double x, double y)
{
	if (!json_is_array(rings) || json_array_size(rings) == 0 || !ring_contains(json_array_get(rings, 0), x, y))
		return 0;
	for (size_t i = 1; i < json_array_size(rings); i++)
		if (ring_contains(json_array_get(rings, i), x, y))
			return 0;
	return 1;
}

int geojson_contains(const char *geometry, double lon, double lat)
{
	if (!geometry)
		return 0;
	json_t *g = json_loads(geometry, 0, NULL);
	if (!g)
		return 0;
	json_t *geom = g;
	if (json_is_object(json_object_get(g, "geometry")))
		geom = json_object_get(g, "geometry");
	const char *type = json_string_value(json_object_get(geom, "type"));
	json_t *coords = json_object_get(geom, "coordinates");
	int inside = 0;
	if (type && strcmp(type, "Polygon") == 0) {
		inside = polygon_contains(coords, lon, lat);
	} else if (type && strcmp(type, "MultiPolygon") == 0) {
		for (size_t i = 0; !inside && i < json_array_size(coords); i++)
			inside = polygon_contains(json_array_get(coords, i), lon, lat);
	}
	json_decref(g);
	return inside;
}

void geojson_reply(req_t *r, json_t *value, int no_store)
{
	char *s = json_dumps(value, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(value);
	if (!s) {
		reply_error(r, 500, NULL, NULL);
		return;
	}
	const char *body = arena_strdup(r->arena, s);
	free(s);
	if (no_store)
		reply_header(r, "Cache-Control", "no-store");
	reply_raw(r, 200, "application/geo+json", body, strlen(body));
}
