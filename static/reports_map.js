/* reports_map.js — the map view of the back office's list of reports: the
 * same filtered reports as the list, drawn with Leaflet (through
 * map_common.js) from the private GeoJSON the page points to (data-geojson:
 * /gestion/signalements/carte.geojson with the list's filters and the user's
 * scope, at most 5,000 points). Overdue reports are red. Without JavaScript
 * the list below is the page. */
(function () {
  'use strict';
  var el = document.getElementById('carte');
  var Q = window.QuartierMap;
  if (!el || typeof window.L === 'undefined' || !Q) return;
  var L = window.L;

  function popup(p) {
    return Q.popup(p.ref, p.url, [p.category, p.status_label + (p.overdue ? ' · en retard' : ''), p.handler,
      p.due_at_fr ? 'Échéance : ' + p.due_at_fr : ''], true);
  }

  var map = Q.create(el, true);
  Q.getJSON(el.getAttribute('data-geojson'))
    .then(function (data) {
      var layer = L.geoJSON(data, {
        pointToLayer: function (f, latlng) {
          return Q.dot(latlng, 6, f.properties.overdue ? '#b3261e' : '#1d5fa8');
        },
        onEachFeature: function (f, l) { l.bindPopup(popup(f.properties)); }
      }).addTo(map);
      el.setAttribute('data-count', String(layer.getLayers().length));
      Q.fit(map, layer.getBounds(), 16, 17);
    })
    .catch(function (e) {
      Q.fail(el, 'La carte n\u2019a pas pu être chargée ; la liste ci-dessous reste complète.', e);
    });
})();
