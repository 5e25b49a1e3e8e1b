/* hotspots.h — points noirs: the same category reported again and again
 * near the same place. hotspot_check() is declared in report_model.h; the
 * staff pages are here. */
#ifndef QUARTIER_HOTSPOTS_H
#define QUARTIER_HOTSPOTS_H

#include "http/request.h"

/* Distance in metres between two points (haversine, mean Earth radius). */
double hotspot_distance_m(double lat1, double lon1, double lat2, double lon2);

/* GET /equipe/points-noirs: hotspots, active first, by count then last
 * date; filters ?categorie=CODE, ?secteur=SLUG, ?etat=active|handled. */
void hotspots_list(req_t *r);

/* GET /equipe/points-noirs/{hotspot_id}: a hotspot and its reports. */
void hotspots_show(req_t *r);

/* POST /equipe/points-noirs/{hotspot_id}: status (active|handled) and a
 * note; audited hotspot.update. */
void hotspots_update(req_t *r);

#endif
