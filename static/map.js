/* map.js — the map of a project page: its sectors as polygons and its
 * operations as circles, drawn with Leaflet (through map_common.js) from the
 * two GeoJSON files the page points to (data-sectors, data-operations).
 * Without JavaScript the list of operations on the page says the same. */
(function () {
  'use strict';
  var el = document.getElementById('carte');
  var Q = window.QuartierMap;
  if (!el || typeof window.L === 'undefined' || !Q) return;
  var L = window.L;

  var KIND_COLOURS = {
    demolition: '#b3261e',
    rehabilitation: '#1d5fa8',
    new_housing: '#2e7d32',
    public_space: '#6a4fa3',
    facility: '#a15c00'
  };

  var map = Q.create(el, true);
  Promise.all([Q.getJSON(el.getAttribute('data-sectors')), Q.getJSON(el.getAttribute('data-operations'))])
    .then(function (data) {
      var sectors = L.geoJSON(data[0], {
        style: Q.outlineStyle(2, 0.25),
        onEachFeature: function (f, layer) {
          layer.bindPopup(Q.popup(f.properties.name, null, [f.properties.summary]));
        }
      }).addTo(map);
      var operations = L.geoJSON(data[1], {
        pointToLayer: function (f, latlng) {
          return Q.dot(latlng, 7, KIND_COLOURS[f.properties.kind] || '#333333');
        },
        onEachFeature: function (f, layer) {
          var p = f.properties;
          layer.bindPopup(Q.popup(p.title, null, [p.kind_label + ' · ' + p.status_label, p.owner]));
        }
      }).addTo(map);
      var bounds = sectors.getBounds();
      if (operations.getLayers().length) bounds.extend(operations.getBounds());
      Q.fit(map, bounds, 16);
    })
    .catch(function (e) {
      Q.fail(el, 'La carte n\u2019a pas pu être chargée ; la liste des opérations ci-dessous reste complète.', e);
    });
})();
