/* map.js — the map of a project page: its sectors as polygons and its
 * operations as circles, drawn with Leaflet from the two GeoJSON files the
 * page points to (data-sectors, data-operations). Tiles only when the page
 * gives a tiles URL (data-tiles): otherwise the polygons sit on a plain
 * background and nothing is fetched from elsewhere. Without JavaScript the
 * list of operations on the page says the same. */
(function () {
  'use strict';
  var el = document.getElementById('carte');
  if (!el || typeof window.L === 'undefined') return;
  var L = window.L;

  var KIND_COLOURS = {
    demolition: '#b3261e',
    rehabilitation: '#1d5fa8',
    new_housing: '#2e7d32',
    public_space: '#6a4fa3',
    facility: '#a15c00'
  };

  /* A popup's content, built as DOM nodes (never as HTML from the data). */
  function popup(lines) {
    var box = document.createElement('div');
    lines.forEach(function (line, i) {
      if (!line) return;
      var p = document.createElement(i === 0 ? 'strong' : 'p');
      p.textContent = line;
      box.appendChild(p);
    });
    return box;
  }

  function getJSON(url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } })
      .then(function (res) {
        if (!res.ok) throw new Error(url + ' : ' + res.status);
        return res.json();
      });
  }

  el.textContent = '';
  el.classList.add('map-ready');
  var tiles = el.getAttribute('data-tiles');
  var map = L.map(el, { zoomControl: false, attributionControl: !!tiles, scrollWheelZoom: false });
  L.control.zoom({ zoomInTitle: 'Zoomer', zoomOutTitle: 'Dézoomer' }).addTo(map);
  if (tiles) L.tileLayer(tiles, { maxZoom: 19 }).addTo(map);
  map.setView([43.61, 3.83], 14);

  Promise.all([getJSON(el.getAttribute('data-sectors')), getJSON(el.getAttribute('data-operations'))])
    .then(function (data) {
      var sectors = L.geoJSON(data[0], {
        style: function () {
          return { color: '#1f3a5f', weight: 2, fillColor: '#6f8fb8', fillOpacity: 0.25 };
        },
        onEachFeature: function (f, layer) {
          layer.bindPopup(popup([f.properties.name, f.properties.summary]));
        }
      }).addTo(map);
      var operations = L.geoJSON(data[1], {
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, {
            radius: 7, weight: 2, color: '#ffffff',
            fillColor: KIND_COLOURS[f.properties.kind] || '#333333', fillOpacity: 0.95
          });
        },
        onEachFeature: function (f, layer) {
          var p = f.properties;
          layer.bindPopup(popup([p.title, p.kind_label + ' · ' + p.status_label, p.owner]));
        }
      }).addTo(map);
      var bounds = sectors.getBounds();
      if (operations.getLayers().length) bounds.extend(operations.getBounds());
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [16, 16] });
    })
    .catch(function (e) {
      el.textContent = 'La carte n\u2019a pas pu être chargée ; la liste des opérations ci-dessous reste complète.';
      if (window.console) window.console.warn(e);
    });
})();
