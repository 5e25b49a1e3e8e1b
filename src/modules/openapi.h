/* openapi.h — GET /api/v1/openapi.json: the OpenAPI 3.1 description of the
 * JSON API, generated at each request from the route table (every route
 * whose pattern starts with /api/v1/), so it is always in step with it. */
#ifndef QUARTIER_OPENAPI_H
#define QUARTIER_OPENAPI_H

#include <jansson.h>

#include "http/router.h"

#define OPENAPI_PREFIX "/api/v1/"

/* The OpenAPI document for the routes of table (n of them) whose pattern
 * starts with OPENAPI_PREFIX, served at base_url. New reference. */
json_t *openapi_document(const route_t *table, size_t n, const char *base_url);

/* GET /api/v1/openapi.json. */
void openapi_page(req_t *r);

#endif
