/* hotspots_map.js — the map of the points noirs list: each point noir as a
 * circle (larger with more reports; active ones in the accent colour,
 * handled ones in grey) with a popup linking to its page, drawn with
 * Leaflet from the list's own JSON view (the same URL with Accept:
 * application/json, so the filters apply), over the projects' sectors
 * (data-sectors: public GeoJSON URLs, space-separated). Tiles only when the
 * page gives a tiles URL (data-tiles). The table on the page says the same
 * without JavaScript. */
(function () {
  'use strict';
  var el = document.getElementById('carte-points-noirs');
  if (!el || typeof window.L === 'undefined') return;
  var L = window.L;

  /* A popup's content, built as DOM nodes (never as HTML from the data). */
  function popup(h) {
    var box = document.createElement('div');
    var a = document.createElement('a');
    a.href = '/equipe/points-noirs/' + h.id;
    a.textContent = h.category_name;
    var strong = document.createElement('strong');
    strong.appendChild(a);
    box.appendChild(strong);
    [h.report_count + ' signalement(s)', h.status_label, h.sector_name].forEach(function (line) {
      if (!line) return;
      var p = document.createElement('p');
      p.textContent = line;
      box.appendChild(p);
    });
    return box;
  }

  function getJSON(url, accept) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: accept } })
      .then(function (res) {
        if (!res.ok) throw new Error(url + ' : ' + res.status);
        return res.json();
      });
  }

  var sectorUrls = (el.getAttribute('data-sectors') || '').split(' ').filter(Boolean);
  Promise.all([getJSON(window.location.href, 'application/json')].concat(sectorUrls.map(function (u) {
    return getJSON(u, 'application/geo+json');
  })))
    .then(function (all) {
      var hotspots = all[0].hotspots || [];
      if (!hotspots.length) {
        el.textContent = 'Aucun point noir à montrer sur la carte.';
        return;
      }
      el.textContent = '';
      el.classList.add('map-ready');
      var tiles = el.getAttribute('data-tiles');
      var map = L.map(el, { zoomControl: false, attributionControl: !!tiles, scrollWheelZoom: false });
      L.control.zoom({ zoomInTitle: 'Zoomer', zoomOutTitle: 'Dézoomer' }).addTo(map);
      if (tiles) L.tileLayer(tiles, { maxZoom: 19 }).addTo(map);
      all.slice(1).forEach(function (sectors) {
        L.geoJSON(sectors, {
          interactive: false,
          style: function () { return { color: '#1f3a5f', weight: 1, fillColor: '#6f8fb8', fillOpacity: 0.15 }; }
        }).addTo(map);
      });
      var group = L.featureGroup();
      hotspots.forEach(function (h) {
        L.circleMarker([h.lat, h.lon], {
          radius: Math.min(6 + 2 * h.report_count, 20), weight: 2, color: '#ffffff',
          fillColor: h.is_active ? '#b3411b' : '#4a5562', fillOpacity: 0.9
        }).bindPopup(popup(h)).addTo(group);
      });
      group.addTo(map);
      map.fitBounds(group.getBounds(), { padding: [24, 24], maxZoom: 17 });
    })
    .catch(function (e) {
      el.textContent = 'La carte n\u2019a pas pu être chargée ; le tableau ci-dessous reste complet.';
      if (window.console) window.console.warn(e);
    });
})();
