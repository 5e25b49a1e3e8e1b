/* reports_map.js — the map view of the back office's list of reports: the
 * same filtered reports as the list, drawn with Leaflet from the private
 * GeoJSON the page points to (data-geojson: /gestion/signalements/carte.geojson
 * with the list's filters and the user's scope, at most 5,000 points).
 * Overdue reports are red. Tiles only when the page gives a tiles URL
 * (data-tiles). Without JavaScript the list below is the page. */
(function () {
  'use strict';
  var el = document.getElementById('carte');
  if (!el || typeof window.L === 'undefined') return;
  var L = window.L;

  /* A popup's content, built as DOM nodes (never as HTML from the data). */
  function popup(p) {
    var box = document.createElement('div');
    var a = document.createElement('a');
    a.href = p.url;
    a.textContent = p.ref;
    box.appendChild(a);
    [p.category, p.status_label + (p.overdue ? ' · en retard' : ''), p.handler, p.due_at_fr ? 'Échéance : ' + p.due_at_fr : '']
      .forEach(function (line) {
        if (!line) return;
        var q = document.createElement('p');
        q.textContent = line;
        box.appendChild(q);
      });
    return box;
  }

  el.textContent = '';
  el.classList.add('map-ready');
  var tiles = el.getAttribute('data-tiles');
  var map = L.map(el, { zoomControl: false, attributionControl: !!tiles, scrollWheelZoom: false });
  L.control.zoom({ zoomInTitle: 'Zoomer', zoomOutTitle: 'Dézoomer' }).addTo(map);
  if (tiles) L.tileLayer(tiles, { maxZoom: 19 }).addTo(map);
  map.setView([43.61, 3.83], 14);

  fetch(el.getAttribute('data-geojson'), { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } })
    .then(function (res) {
      if (!res.ok) throw new Error('carte : ' + res.status);
      return res.json();
    })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, {
            radius: 6, weight: 2, color: '#ffffff',
            fillColor: f.properties.overdue ? '#b3261e' : '#1d5fa8', fillOpacity: 0.95
          });
        },
        onEachFeature: function (f, l) { l.bindPopup(popup(f.properties)); }
      }).addTo(map);
      el.setAttribute('data-count', String(layer.getLayers().length));
      var bounds = layer.getBounds();
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [16, 16], maxZoom: 17 });
    })
    .catch(function (e) {
      el.textContent = 'La carte n\u2019a pas pu être chargée ; la liste ci-dessous reste complète.';
      if (window.console) window.console.warn(e);
    });
})();
