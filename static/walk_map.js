/* walk_map.js — the map of a walking diagnostic's findings, drawn with
 * Leaflet (through map_common.js) from the GeoJSON the page points to
 * (data-findings): open findings in the accent colour, finished ones in grey,
 * each with a popup linking to the report, over the project's sectors
 * (data-sectors, the public GeoJSON). The table of findings on the page says
 * the same without JavaScript. */
(function () {
  'use strict';
  var el = document.getElementById('carte-constats');
  var Q = window.QuartierMap;
  if (!el || typeof window.L === 'undefined' || !Q) return;
  var L = window.L;

  Promise.all([Q.getJSON(el.getAttribute('data-findings')), Q.getJSON(el.getAttribute('data-sectors'))])
    .then(function (both) {
      var data = both[0];
      if (!data.features || !data.features.length) {
        el.textContent = 'Aucun constat n\u2019a de position ; le tableau ci-dessous les liste.';
        return;
      }
      var map = Q.create(el);
      Q.outlines(map, [both[1]], 1, 0.15);
      var layer = L.geoJSON(data, {
        pointToLayer: function (f, latlng) {
          return Q.dot(latlng, 8, f.properties.open ? '#b3411b' : '#4a5562');
        },
        onEachFeature: function (f, l) {
          var p = f.properties;
          l.bindPopup(Q.popup(p.ref, p.url, [p.category, p.status_label, p.handler]));
        }
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 17 });
    })
    .catch(function (e) {
      Q.fail(el, 'La carte n\u2019a pas pu être chargée ; le tableau ci-dessous reste complet.', e);
    });
})();
