/* intake.js — the maps of the report pages, with Leaflet.
 * On the form (/signaler, quick entry): a tap or click on the map puts the
 * point in the `coords` field ("lat,lon"), « Utiliser ma position » asks
 * the browser's geolocation; sector outlines come from the projects'
 * secteurs.geojson, tiles only when the page gives a tiles URL. On the
 * public list (/signalements): the reports of the public GeoJSON with the
 * list's filters. Without JavaScript the form has its address and sector
 * fields, and the list says everything the map shows. */
(function () {
  'use strict';
  var L = window.L;

  function getJSON(url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } })
      .then(function (res) {
        if (!res.ok) throw new Error(url + ' : ' + res.status);
        return res.json();
      });
  }

  function baseMap(el) {
    el.hidden = false;
    el.textContent = '';
    el.classList.add('map-ready');
    var tiles = el.getAttribute('data-tiles');
    var map = L.map(el, { zoomControl: false, attributionControl: !!tiles, scrollWheelZoom: false });
    L.control.zoom({ zoomInTitle: 'Zoomer', zoomOutTitle: 'Dézoomer' }).addTo(map);
    if (tiles) L.tileLayer(tiles, { maxZoom: 19 }).addTo(map);
    map.setView([43.61, 3.83], 14);
    return map;
  }

  function sectorStyle() {
    return { color: '#1f3a5f', weight: 2, fillColor: '#6f8fb8', fillOpacity: 0.2 };
  }

  /* ---- the form ---- */
  function formMap(el) {
    var field = document.getElementById('coords');
    var status = document.getElementById('position-etat');
    var locate = document.getElementById('ma-position');
    var map = baseMap(el);
    var marker = null;

    function place(lat, lon, zoom) {
      var ll = [lat, lon];
      if (marker) marker.setLatLng(ll);
      else marker = L.circleMarker(ll, { radius: 9, weight: 3, color: '#ffffff', fillColor: '#b3261e', fillOpacity: 1 }).addTo(map);
      if (zoom) map.setView(ll, Math.max(map.getZoom(), 17));
    }
    function set(lat, lon, zoom, how) {
      field.value = lat.toFixed(6) + ',' + lon.toFixed(6);
      place(lat, lon, zoom);
      if (status) status.textContent = how + ' Position retenue : ' + lat.toFixed(5) + ', ' + lon.toFixed(5) + '.';
    }

    map.on('click', function (e) { set(e.latlng.lat, e.latlng.lng, false, 'Point placé sur la carte.'); });
    var m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(field.value || '');
    if (m) place(parseFloat(m[1]), parseFloat(m[2]), true);

    if (locate && navigator.geolocation) {
      locate.hidden = false;
      locate.addEventListener('click', function () {
        if (status) status.textContent = 'Recherche de votre position…';
        navigator.geolocation.getCurrentPosition(function (p) {
          set(p.coords.latitude, p.coords.longitude, true, 'Votre position a été trouvée.');
        }, function () {
          if (status) status.textContent = 'Votre position n\u2019a pas pu être trouvée : touchez la carte ou décrivez le lieu.';
        }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
      });
    }

    var urls = (el.getAttribute('data-sectors') || '').split(' ').filter(Boolean);
    Promise.all(urls.map(getJSON)).then(function (all) {
      var group = L.featureGroup();
      all.forEach(function (fc) { L.geoJSON(fc, { style: sectorStyle, interactive: false }).addTo(group); });
      group.addTo(map);
      var b = group.getBounds();
      if (!marker && b.isValid()) map.fitBounds(b, { padding: [8, 8] });
    }).catch(function (e) { if (window.console) window.console.warn(e); });
  }

  /* ---- the public list ---- */
  function listMap(el) {
    var url = el.getAttribute('data-reports');
    var map = baseMap(el);
    getJSON(url).then(function (fc) {
      var layer = L.geoJSON(fc, {
        pointToLayer: function (f, ll) {
          return L.circleMarker(ll, { radius: 7, weight: 2, color: '#ffffff', fillColor: '#1d5fa8', fillOpacity: 0.95 });
        },
        onEachFeature: function (f, l) {
          var p = f.properties || {};
          var box = document.createElement('div');
          var a = document.createElement('a');
          a.href = '/signalements/' + encodeURIComponent(p.ref || p.service_request_id || '');
          a.textContent = (p.ref || '') + ' · ' + (p.category_name || p.category || '');
          box.appendChild(a);
          if (p.status_label) {
            var s = document.createElement('p');
            s.textContent = p.status_label;
            box.appendChild(s);
          }
          l.bindPopup(box);
        }
      }).addTo(map);
      var b = layer.getBounds();
      if (b.isValid()) map.fitBounds(b, { padding: [16, 16], maxZoom: 17 });
    }).catch(function (e) {
      el.textContent = 'La carte n\u2019a pas pu être chargée ; la liste ci-dessous reste complète.';
      if (window.console) window.console.warn(e);
    });
  }

  if (!L) return;
  var form = document.getElementById('carte-signaler');
  if (form) formMap(form);
  var list = document.getElementById('carte-signalements');
  if (list) listMap(list);
})();
