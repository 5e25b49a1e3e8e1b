/* open311.h — Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2), the
 * open standard through which other applications (FixMyStreet, city apps,
 * dashboards) read and create problem reports.
 *
 * Endpoint /open311/v2 (discovery at /open311/discovery.{json,xml}); every
 * answer in JSON or XML by the path's extension (anything else is 404);
 * errors in Open311's format, also those of the dispatcher (ROUTE_OPEN311).
 * A service is a report category (service_code = its code), a service
 * request a report (service_request_id = its public reference). Only public
 * fields ever leave: never the reporter, never an internal comment, never a
 * hidden photo. Routes: src/routes/open311.inc; discovery, services and dates
 * in open311.c, requests (list, one, create, tokens) in open311_requests.c.
 */
#ifndef QUARTIER_OPEN311_H
#define QUARTIER_OPEN311_H

#include <time.h>

#include "http/request.h"
#include "modules/reports_geojson.h" /* the other public feed, routed beside Open311 */

/* GET /open311/discovery.{format}: changeset, contact, key_service, the v2
 * endpoint (specification, url from --base-url, type production, formats). */
void open311_discovery(req_t *r);

/* GET /open311/v2/services.{format}: the active categories. */
void open311_services(req_t *r);

/* GET /open311/v2/services/{service_code}.{format}: a category's extra
 * questions as attributes; 404 for an unknown or inactive code. */
void open311_service_definition(req_t *r);

/* GET /open311/v2/requests.{format}: service_request_id (comma-separated,
 * overrides everything else), service_code, start_date, end_date, status
 * (open, closed), jurisdiction_id (accepted, one jurisdiction), page and
 * page_size (1..1000, default 1000). Last 90 days by default, at most 90
 * days, at most 1000 requests, newest first. Bad values: 400. */
void open311_requests_list(req_t *r);

/* GET /open311/v2/requests/{request_id}.{format}: one request, or 404. */
void open311_request_get(req_t *r);

/* POST /open311/v2/requests.{format}: creates a report (source open311)
 * for the account whose personal API token is the api_key field (partner,
 * staff or admin; otherwise 403). 400 on a missing service_code or a bad
 * field, 404 on an unknown service_code. */
void open311_requests_create(req_t *r);

/* GET /open311/v2/tokens/{open311_token}.{format}: requests are created at
 * once, so a token is the service_request_id itself; 404 otherwise. */
void open311_token_get(req_t *r);

/* Parses a W3C date-time (www.w3.org/TR/NOTE-datetime) as the spec asks:
 * YYYY-MM-DD, or YYYY-MM-DDThh:mm[:ss[.s+]] followed by Z or ±hh:mm (the
 * time zone is required with a time). Sets *t (seconds since the epoch, UTC;
 * a date alone is its midnight UTC) and *date_only. Returns 0, or -1 when
 * s is not such a date-time or not a real date. */
int open311_parse_datetime(const char *s, time_t *t, int *date_only);

/* Writes t as "YYYY-MM-DDThh:mm:ssZ" into out[21]. */
void open311_format_datetime(time_t t, char out[21]);

/* ---- shared by open311.c and open311_requests.c ---- */

/* The {format} of the path: 1 for json, 2 for xml; 0 after answering 404. */
int open311_format(req_t *r);

/* Sends the document in out (arena memory) as JSON or XML. */
void open311_reply(req_t *r, int status, const buf_t *out, int xml);

/* The site's public URL (--base-url) without a trailing slash; arena string. */
const char *open311_base_url(req_t *r);

#endif
