// Maps of event and place pages (sitegen/maps.py). The page lists its places with their
// coordinates (data-lat, data-lon) and the radius in metres of their precision
// (data-radius; 0 for a point); this script loads the site's own copy of Leaflet only on
// a page with a map and draws the same places: a point for a town or site, a circle for
// "somewhere in this district". Without script or tiles, the list is the map's content.
(function () {
  "use strict";
  var figures = document.querySelectorAll(".sg-map");
  var self = document.querySelector('script[src$="assets/map.js"]');
  if (!figures.length || !self) return;
  var base = self.src.replace(/map\.js(\?.*)?$/, "leaflet/");

  function escapeHtml(text) {  // Leaflet's attribution takes HTML: ours is plain text
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function draw(figure) {
    var canvas = figure.querySelector(".sg-map__canvas");
    var rtl = getComputedStyle(figure).direction === "rtl";
    canvas.hidden = false;
    var map = L.map(canvas, { zoomControl: false, attributionControl: false, scrollWheelZoom: false });
    L.control.zoom({
      position: rtl ? "topright" : "topleft",
      zoomInTitle: figure.dataset.zoomIn, zoomOutTitle: figure.dataset.zoomOut
    }).addTo(map);
    L.control.attribution({ position: rtl ? "bottomleft" : "bottomright" }).addTo(map);
    L.tileLayer(figure.dataset.tiles, { maxZoom: 18, attribution: escapeHtml(figure.dataset.attribution) }).addTo(map);
    var places = [];
    var bounds = L.latLngBounds([]);
    figure.querySelectorAll("li[data-lat]").forEach(function (item) {
      var at = L.latLng(parseFloat(item.dataset.lat), parseFloat(item.dataset.lon));
      var radius = parseFloat(item.dataset.radius) || 0;
      places.push({ at: at, radius: radius, link: item.querySelector("a") });
      bounds.extend(radius > 0 ? at.toBounds(radius * 2) : at);
    });
    map.fitBounds(bounds.pad(0.2), { maxZoom: 10 });  // a view first: circles are drawn in it
    places.forEach(function (place) {
      var shape = place.radius > 0
        ? L.circle(place.at, { radius: place.radius, weight: 2, fillOpacity: 0.15, dashArray: "4 4" })
        : L.circleMarker(place.at, { radius: 7, weight: 2, fillOpacity: 0.8 });
      shape.addTo(map);
      if (place.link) {
        shape.bindTooltip(place.link.textContent);
        shape.bindPopup(function () { return place.link.cloneNode(true); });
      }
    });
  }

  function start() { figures.forEach(draw); }

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = base + "leaflet.css";
  document.head.appendChild(css);
  if (window.L) { start(); return; }
  var script = document.createElement("script");
  script.src = base + "leaflet.js";
  script.onload = start;
  document.head.appendChild(script);
})();
