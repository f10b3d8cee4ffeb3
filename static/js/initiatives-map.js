/*
 * Maps of initiatives, drawn with the vendored Leaflet (static/vendor/leaflet/).
 *
 * - [data-initiatives-map]: the catalogue map; points come from the GeoJSON endpoint in
 *   data-endpoint (the same filters as the page).
 * - [data-initiative-location]: the small map on an initiative's page.
 *
 * Both containers are rendered hidden; they are shown only once Leaflet is present, so
 * without JavaScript (or if a script fails) the page keeps its plain list and links.
 * All interface text comes from data-label-* attributes, translated in the templates.
 * Text from residents (titles) is put into the DOM with textContent, never as HTML.
 */
(function () {
  "use strict";

  // The server comes from the page (settings.MAP_TILE_URL); this is only the fallback.
  var TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

  // Status colours match the badges in initiatives.css.
  var STATUS_COLOURS = {
    published: "#1a5fb4",
    consideration: "#8a4b00",
    accepted: "#26734d",
    in_progress: "#6a3d9a",
    implemented: "#1e6b2f",
    rejected: "#a51d2d",
    expired: "#5e5c64"
  };

  function addTiles(map, container) {
    L.tileLayer(container.dataset.tiles || TILE_URL, {
      maxZoom: 19,
      attribution: container.dataset.attribution || ""
    }).addTo(map);
  }

  function popupContent(properties, labels) {
    var box = document.createElement("div");
    box.className = "map-popup";

    var title = document.createElement("a");
    title.href = properties.url;
    title.className = "map-popup-title";
    title.textContent = properties.title;
    box.appendChild(title);

    var status = document.createElement("p");
    status.className = "map-popup-status";
    status.textContent = properties.status_label;
    box.appendChild(status);

    var supports = document.createElement("p");
    supports.textContent = labels.supports + ": " + properties.support_count +
      (properties.support_threshold ? " / " + properties.support_threshold : "");
    box.appendChild(supports);

    var more = document.createElement("a");
    more.href = properties.url;
    more.textContent = labels.more;
    box.appendChild(more);
    return box;
  }

  function initCatalogueMap(container) {
    var status = document.querySelector("[data-map-status]");
    var labels = {
      supports: container.dataset.labelSupports,
      more: container.dataset.labelMore
    };
    function say(text) {
      if (status) { status.textContent = text; }
    }

    container.hidden = false;
    // Canvas markers: a city's worth of points (up to the endpoint's cap) stays smooth on phones.
    var map = L.map(container, { preferCanvas: true, scrollWheelZoom: false }).setView(
      [parseFloat(container.dataset.centerLat), parseFloat(container.dataset.centerLng)],
      parseInt(container.dataset.zoom, 10)
    );
    addTiles(map, container);
    say(container.dataset.labelLoading);

    fetch(container.dataset.endpoint, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (collection) {
        var layer = L.geoJSON(collection, {
          pointToLayer: function (feature, latlng) {
            return L.circleMarker(latlng, {
              radius: 8,
              weight: 2,
              color: "#ffffff",
              fillColor: STATUS_COLOURS[feature.properties.status] || "#1a5fb4",
              fillOpacity: 0.9
            });
          },
          onEachFeature: function (feature, marker) {
            marker.bindPopup(popupContent(feature.properties, labels));
          }
        }).addTo(map);

        var count = collection.features.length;
        if (count === 0) {
          say(container.dataset.labelEmpty);
          return;
        }
        map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 16 });
        var text = container.dataset.labelShown + " " + count + ".";
        if (collection.truncated) { text += " " + container.dataset.labelTruncated; }
        say(text);
      })
      .catch(function () {
        container.hidden = true;
        say(container.dataset.labelError);
      });
  }

  function initLocationMap(container) {
    var lat = parseFloat(container.dataset.lat);
    var lng = parseFloat(container.dataset.lng);
    if (isNaN(lat) || isNaN(lng)) { return; }
    container.hidden = false;
    var map = L.map(container, { scrollWheelZoom: false }).setView([lat, lng], 16);
    addTiles(map, container);
    L.marker([lat, lng], { title: container.dataset.title || "", alt: container.dataset.title || "" }).addTo(map);
  }

  function init() {
    if (typeof window.L === "undefined") { return; }
    document.querySelectorAll("[data-initiatives-map]").forEach(initCatalogueMap);
    document.querySelectorAll("[data-initiative-location]").forEach(initLocationMap);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
