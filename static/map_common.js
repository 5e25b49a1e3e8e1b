/* map_common.js — what every Leaflet map of quartier shares, on one global
 * object, window.QuartierMap (no modules, no build step: each page loads
 * leaflet.js, then this file, then its own map file, all with defer, so they
 * run in that order). Used by map.js (projects), intake.js (point picker and
 * public list), reports_map.js (back office), walk_map.js (walks) and
 * hotspots_map.js (points noirs). Tiles only when the page gives a tiles URL
 * (data-tiles, from --tiles-url): otherwise a plain background and nothing
 * fetched from elsewhere. Popups are built as DOM nodes, never as HTML from
 * the data. */
(function () {
  'use strict';

  var OUTLINE = '#1f3a5f', OUTLINE_FILL = '#6f8fb8';

  /* A JSON document of the site (GeoJSON unless `accept` says otherwise);
   * null for an empty URL. */
  function getJSON(url, accept) {
    if (!url) return Promise.resolve(null);
    return fetch(url, { credentials: 'same-origin', headers: { Accept: accept || 'application/geo+json' } })
      .then(function (res) {
        if (!res.ok) throw new Error(url + ' : ' + res.status);
        return res.json();
      });
  }

  /* The URLs of a space-separated attribute (e.g. data-sectors), as a list. */
  function urls(el, name) {
    return (el.getAttribute(name) || '').split(' ').filter(Boolean);
  }

  /* A map in `el`: French zoom buttons, no scroll-wheel zoom, tiles and their
   * attribution only with data-tiles; centred on Montpellier when `centred`. */
  function create(el, centred) {
    var L = window.L;
    el.textContent = '';
    el.classList.add('map-ready');
    var tiles = el.getAttribute('data-tiles');
    var map = L.map(el, { zoomControl: false, attributionControl: !!tiles, scrollWheelZoom: false });
    L.control.zoom({ zoomInTitle: 'Zoomer', zoomOutTitle: 'Dézoomer' }).addTo(map);
    if (tiles) L.tileLayer(tiles, { maxZoom: 19 }).addTo(map);
    if (centred) map.setView([43.61, 3.83], 14);
    return map;
  }

  /* The style function of sector outlines, with this line weight and fill. */
  function outlineStyle(weight, fillOpacity) {
    return function () {
      return { color: OUTLINE, weight: weight, fillColor: OUTLINE_FILL, fillOpacity: fillOpacity };
    };
  }

  /* Sector outlines from GeoJSON collections (null ones skipped) as a faint,
   * non-interactive background, added to `map`; the group, for its bounds. */
  function outlines(map, collections, weight, fillOpacity) {
    var L = window.L, group = L.featureGroup();
    collections.forEach(function (fc) {
      if (fc) L.geoJSON(fc, { style: outlineStyle(weight, fillOpacity), interactive: false }).addTo(group);
    });
    return group.addTo(map);
  }

  /* A round marker with a white rim: radius, fill colour, rim weight (2 by
   * default) and fill opacity (0.95 by default). */
  function dot(latlng, radius, fill, weight, opacity) {
    return window.L.circleMarker(latlng, {
      radius: radius, weight: weight || 2, color: '#ffffff',
      fillColor: fill, fillOpacity: opacity || 0.95
    });
  }

  /* A popup's content: a heading (a link when `href` is given; in bold unless
   * `plain`), then one paragraph per non-empty line. */
  function popup(heading, href, lines, plain) {
    var box = document.createElement('div');
    var head = document.createElement(href ? 'a' : 'strong');
    if (href) head.href = href;
    head.textContent = heading;
    if (href && !plain) {
      var strong = document.createElement('strong');
      strong.appendChild(head);
      head = strong;
    }
    box.appendChild(head);
    lines.forEach(function (line) {
      if (!line) return;
      var p = document.createElement('p');
      p.textContent = line;
      box.appendChild(p);
    });
    return box;
  }

  /* Fits the map to `bounds` when they are valid (padding in pixels, an
   * optional largest zoom); whether it did. */
  function fit(map, bounds, padding, maxZoom) {
    if (!bounds.isValid()) return false;
    var o = { padding: [padding, padding] };
    if (maxZoom) o.maxZoom = maxZoom;
    map.fitBounds(bounds, o);
    return true;
  }

  /* The map could not be drawn: `message` in its place (the page's list or
   * table says the same), the error in the console. */
  function fail(el, message, e) {
    el.textContent = message;
    if (window.console) window.console.warn(e);
  }

  window.QuartierMap = {
    getJSON: getJSON, urls: urls, create: create, outlineStyle: outlineStyle,
    outlines: outlines, dot: dot, popup: popup, fit: fit, fail: fail
  };
})();
