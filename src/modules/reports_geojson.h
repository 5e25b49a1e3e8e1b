/* reports_geojson.h — GET /signalements.geojson: the reports that have a
 * point, as an RFC 7946 FeatureCollection of Points, public fields only
 * (reference, category code and name, strand, status and its label,
 * open or closed, dates, link to the public page),
 * newest first, at most REPORTS_GEOJSON_MAX features (the collection says
 * so in its foreign members "limit" and "truncated"). */
#ifndef QUARTIER_REPORTS_GEOJSON_H
#define QUARTIER_REPORTS_GEOJSON_H

#include "http/request.h"

#define REPORTS_GEOJSON_MAX 5000

/* Filters: categorie (a category code), volet (corrective, works, watch),
 * secteur (a sector's slug), etat (ouverts, fermes, or a state), du and au
 * (YYYY-MM-DD, days in Paris, on the creation date). A bad or unknown value
 * answers 400 in JSON. Same bytes for every visitor (page cache). */
void reports_geojson(req_t *r);

#endif
