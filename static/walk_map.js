/* walk_map.js — the map of a walking diagnostic's findings, drawn with
 * Leaflet from the GeoJSON the page points to (data-findings): open findings
 * in the accent colour, finished ones in grey, each with a popup linking to
 * the report, over the project's sectors (data-sectors, the public GeoJSON). Tiles only when the page gives a tiles URL (data-tiles). The
 * table of findings on the page says the same without JavaScript. */
(function () {
  'use strict';
  var el = document.getElementById('carte-constats');
  if (!el || typeof window.L === 'undefined') return;
  var L = window.L;

  /* A popup's content, built as DOM nodes (never as HTML from the data). */
  function popup(p) {
    var box = document.createElement('div');
    var a = document.createElement('a');
    a.href = p.url;
    a.textContent = p.ref;
    var strong = document.createElement('strong');
    strong.appendChild(a);
    box.appendChild(strong);
    [p.category, p.status_label, p.handler].forEach(function (line) {
      if (!line) return;
      var q = document.createElement('p');
      q.textContent = line;
      box.appendChild(q);
    });
    return box;
  }

  function getJSON(url) {
    if (!url) return Promise.resolve(null);
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } })
      .then(function (res) {
        if (!res.ok) throw new Error(url + ' : ' + res.status);
        return res.json();
      });
  }

  Promise.all([getJSON(el.getAttribute('data-findings')), getJSON(el.getAttribute('data-sectors'))])
    .then(function (both) {
      var data = both[0], sectors = both[1];
      if (!data.features || !data.features.length) {
        el.textContent = 'Aucun constat n\u2019a de position ; le tableau ci-dessous les liste.';
        return;
      }
      el.textContent = '';
      el.classList.add('map-ready');
      var tiles = el.getAttribute('data-tiles');
      var map = L.map(el, { zoomControl: false, attributionControl: !!tiles, scrollWheelZoom: false });
      L.control.zoom({ zoomInTitle: 'Zoomer', zoomOutTitle: 'Dézoomer' }).addTo(map);
      if (tiles) L.tileLayer(tiles, { maxZoom: 19 }).addTo(map);
      /* the project's sectors as a faint background, for orientation */
      if (sectors) {
        L.geoJSON(sectors, {
          interactive: false,
          style: function () { return { color: '#1f3a5f', weight: 1, fillColor: '#6f8fb8', fillOpacity: 0.15 }; }
        }).addTo(map);
      }
      var layer = L.geoJSON(data, {
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, {
            radius: 8, weight: 2, color: '#ffffff',
            fillColor: f.properties.open ? '#b3411b' : '#4a5562', fillOpacity: 0.95
          });
        },
        onEachFeature: function (f, l) { l.bindPopup(popup(f.properties)); }
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 17 });
    })
    .catch(function (e) {
      el.textContent = 'La carte n\u2019a pas pu être chargée ; le tableau ci-dessous reste complet.';
      if (window.console) window.console.warn(e);
    });
})();
