/* intake.js — the maps of the report pages, with Leaflet (through
 * map_common.js). On the form (/signaler, quick entry): a tap or click on the
 * map puts the point in the `coords` field ("lat,lon"), « Utiliser ma
 * position » asks the browser's geolocation; sector outlines come from the
 * projects' secteurs.geojson. On the public list (/signalements): the reports
 * of the public GeoJSON with the list's filters. Without JavaScript the form
 * has its address and sector fields, and the list says everything the map
 * shows. */
(function () {
  'use strict';
  var L = window.L;
  var Q = window.QuartierMap;

  function baseMap(el) {
    el.hidden = false;
    return Q.create(el, true);
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
      else marker = Q.dot(ll, 9, '#b3261e', 3, 1).addTo(map);
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

    Promise.all(Q.urls(el, 'data-sectors').map(function (u) { return Q.getJSON(u); })).then(function (all) {
      var group = Q.outlines(map, all, 2, 0.2);
      if (!marker) Q.fit(map, group.getBounds(), 8);
    }).catch(function (e) { if (window.console) window.console.warn(e); });
  }

  /* ---- the public list ---- */
  function listMap(el) {
    var url = el.getAttribute('data-reports');
    var map = baseMap(el);
    Q.getJSON(url).then(function (fc) {
      var layer = L.geoJSON(fc, {
        pointToLayer: function (f, ll) { return Q.dot(ll, 7, '#1d5fa8'); },
        onEachFeature: function (f, l) {
          var p = f.properties || {};
          l.bindPopup(Q.popup((p.ref || '') + ' · ' + (p.category_name || p.category || ''),
            '/signalements/' + encodeURIComponent(p.ref || p.service_request_id || ''), [p.status_label], true));
        }
      }).addTo(map);
      Q.fit(map, layer.getBounds(), 16, 17);
    }).catch(function (e) {
      Q.fail(el, 'La carte n\u2019a pas pu être chargée ; la liste ci-dessous reste complète.', e);
    });
  }

  if (!L || !Q) return;
  var form = document.getElementById('carte-signaler');
  if (form) formMap(form);
  var list = document.getElementById('carte-signalements');
  if (list) listMap(list);
})();
