// Maps of event and place pages (sitegen/pages/maps.py). The page lists its places with their
// coordinates (data-lat, data-lon) and the radius in metres of their precision
// (data-radius; 0 for a point); this script loads the site's own copy of Leaflet only on
// a page with a map and draws the same places: a point for a town or site, a circle for
// "somewhere in this district". Without script or tiles, the list is the map's content.
// The Map page's figure (data-src) is drawn from its map.json, fetched only when the map
// comes into view, with every event clustered by Leaflet.markercluster (the site's copy).
(function () {
  "use strict";
  var figures = document.querySelectorAll(".sg-map");
  var self = document.querySelector('script[src$="assets/map.js"]');
  if (!figures.length || !self) return;
  var base = self.src.replace(/map\.js(\?.*)?$/, "leaflet/");
  var clusterBase = self.src.replace(/map\.js(\?.*)?$/, "markercluster/");

  function escapeHtml(text) {  // Leaflet's attribution takes HTML: ours is plain text
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function makeMap(figure, canvas) {  // controls on the right in a right-to-left page
    var rtl = getComputedStyle(figure).direction === "rtl";
    canvas.hidden = false;
    var map = L.map(canvas, { zoomControl: false, attributionControl: false, scrollWheelZoom: false });
    L.control.zoom({
      position: rtl ? "topright" : "topleft",
      zoomInTitle: figure.dataset.zoomIn, zoomOutTitle: figure.dataset.zoomOut
    }).addTo(map);
    L.control.attribution({ position: rtl ? "bottomleft" : "bottomright" }).addTo(map);
    L.tileLayer(figure.dataset.tiles, { maxZoom: 18, attribution: escapeHtml(figure.dataset.attribution) }).addTo(map);
    return map;
  }

  function draw(figure) {
    var canvas = figure.querySelector(".sg-map__canvas");
    var map = makeMap(figure, canvas);
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

  // -- the Map page: every event, clustered ------------------------------------------
  function text(tag, value, className) {  // texts of map.json go in as text, never HTML
    var node = document.createElement(tag);
    node.textContent = value;
    if (className) node.className = className;
    return node;
  }

  function popup(event) {
    var box = document.createElement("div");
    box.className = "sg-popup";
    var link = text("a", event.title);
    link.setAttribute("href", event.url);  // relative to this page, as in its list
    if (event.lang) link.lang = event.lang;
    box.appendChild(text("strong", "")).appendChild(link);
    box.appendChild(text("p", event.date + " · " + event.type));
    if (event.note) box.appendChild(text("p", event.note));
    return box;
  }

  function pin(event) {
    var area = event.radius > 0;
    var size = !area ? 14 : event.radius >= 40000 ? 36 : 26;  // a larger ring: somewhere in an area
    var label = text("span", event.title + " — " + event.date, "sg-pin__label");
    var marker = L.marker([event.lat, event.lon], {
      keyboard: true,
      icon: L.divIcon({ className: "sg-pin " + (area ? "sg-pin--area" : "sg-pin--point"), html: label,
                        iconSize: [size, size] })
    });
    marker.bindPopup(function () { return popup(event); });
    var circle = area ? L.circle([event.lat, event.lon], { radius: event.radius, weight: 1, fillOpacity: 0.1,
                                                           dashArray: "4 4", interactive: false }) : null;
    var opened = null;
    marker.on("popupopen", function (e) {
      if (circle) circle.addTo(marker._map);
      var box = opened = e.popup.getElement();
      box.addEventListener("keydown", function (key) {  // Escape closes it, back to the marker
        if (key.key === "Escape") marker.closePopup();
      });
      var link = box.querySelector(".sg-popup a");
      if (link) link.focus();  // a keyboard reader goes from the marker into its popup
    });
    marker.on("popupclose", function () {
      if (circle) circle.remove();
      var icon = marker.getElement();
      var focus = document.activeElement;
      if (icon && (!focus || focus === document.body || (opened && opened.contains(focus)))) icon.focus();  // back from the popup
    });
    return marker;
  }

  function drawEvents(figure, data) {
    var canvas = figure.querySelector(".sg-map__canvas");
    var map = makeMap(figure, canvas);
    var words = figure.dataset.events;
    var group = L.markerClusterGroup({
      showCoverageOnHover: false,
      iconCreateFunction: function (cluster) {
        var count = cluster.getChildCount();
        var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
        var box = document.createElement("div");
        var number = text("span", String(count), "sg-cluster__count");
        number.appendChild(text("span", " " + words, "sg-pin__label"));
        box.appendChild(number);
        return L.divIcon({ html: box, className: "marker-cluster marker-cluster-" + size, iconSize: L.point(40, 40) });
      }
    });
    group.on("clusterkeypress", function (e) {  // Enter on a cluster opens it, as a click does
      var key = e.originalEvent && e.originalEvent.key;
      if (key === "Enter" || key === " ") {
        if (map.getZoom() >= map.getMaxZoom() || e.layer.getBounds().getNorthEast().equals(e.layer.getBounds().getSouthWest())) {
          e.layer.spiderfy();
        } else {
          e.layer.zoomToBounds({ padding: [20, 20] });
        }
      }
    });
    var bounds = L.latLngBounds([]);
    data.events.forEach(function (event) {
      group.addLayer(pin(event));
      bounds.extend([event.lat, event.lon]);
    });
    map.addLayer(group);
    if (bounds.isValid()) map.fitBounds(bounds.pad(0.1), { maxZoom: 10 });
    else map.setView([0, 0], 1);
    figure.dataset.ready = String(data.events.length);
  }

  function loadEvents(figure) {
    fetch(figure.dataset.src).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (data) { drawEvents(figure, data); }).catch(function () {
      var caption = figure.querySelector("figcaption");
      if (caption) caption.appendChild(text("span", " " + figure.dataset.failed, "sg-map__failed"));
      figure.querySelector(".sg-map__canvas").hidden = true;
    });
  }

  function lazily(figure) {  // the points are fetched when the map comes into view
    if (!("IntersectionObserver" in window)) { loadEvents(figure); return; }
    var seen = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { seen.disconnect(); loadEvents(figure); }
    }, { rootMargin: "200px" });
    seen.observe(figure);
  }

  function load(src, done) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = done;
    document.head.appendChild(script);
  }

  function stylesheet(href) {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = href;
    document.head.appendChild(css);
  }

  function start() {
    var plain = [], events = [];
    figures.forEach(function (f) { (f.dataset.src ? events : plain).push(f); });
    plain.forEach(draw);
    if (!events.length) return;
    stylesheet(clusterBase + "MarkerCluster.css");
    stylesheet(clusterBase + "MarkerCluster.Default.css");
    var go = function () { events.forEach(lazily); };
    if (L.markerClusterGroup) go(); else load(clusterBase + "leaflet.markercluster.js", go);
  }

  stylesheet(base + "leaflet.css");
  if (window.L) { start(); return; }
  load(base + "leaflet.js", start);
})();
