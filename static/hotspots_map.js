/* hotspots_map.js — the map of the points noirs list: each point noir as a
 * circle (larger with more reports; active ones in the accent colour,
 * handled ones in grey) with a popup linking to its page, drawn with Leaflet
 * (through map_common.js) from the list's own JSON view (the same URL with
 * Accept: application/json, so the filters apply), over the projects'
 * sectors (data-sectors: public GeoJSON URLs, space-separated). The table on
 * the page says the same without JavaScript. */
(function () {
  'use strict';
  var el = document.getElementById('carte-points-noirs');
  var Q = window.QuartierMap;
  if (!el || typeof window.L === 'undefined' || !Q) return;
  var L = window.L;

  function popup(h) {
    return Q.popup(h.category_name, '/equipe/points-noirs/' + h.id,
      [h.report_count + ' signalement(s)', h.status_label, h.sector_name]);
  }

  Promise.all([Q.getJSON(window.location.href, 'application/json')].concat(Q.urls(el, 'data-sectors').map(function (u) {
    return Q.getJSON(u);
  })))
    .then(function (all) {
      var hotspots = all[0].hotspots || [];
      if (!hotspots.length) {
        el.textContent = 'Aucun point noir à montrer sur la carte.';
        return;
      }
      var map = Q.create(el);
      Q.outlines(map, all.slice(1), 1, 0.15);
      var group = L.featureGroup();
      hotspots.forEach(function (h) {
        Q.dot([h.lat, h.lon], Math.min(6 + 2 * h.report_count, 20), h.is_active ? '#b3411b' : '#4a5562', 2, 0.9)
          .bindPopup(popup(h)).addTo(group);
      });
      group.addTo(map);
      map.fitBounds(group.getBounds(), { padding: [24, 24], maxZoom: 17 });
    })
    .catch(function (e) {
      Q.fail(el, 'La carte n\u2019a pas pu être chargée ; le tableau ci-dessous reste complet.', e);
    });
})();
