/*
 * Step «Место»: a Leaflet map to put a marker where the initiative is.
 *
 * The latitude and longitude number inputs are the form's real fields and work without
 * JavaScript (and for anyone who cannot use a map); the map writes into them and follows
 * them when they are typed. Points outside the box the model accepts (Tolyatti) are refused
 * here with a message, and by the server in any case.
 *
 * Also: the district and microdistrict selects are shown only for the scope that needs them.
 */
(function () {
  "use strict";

  var PRECISION = 6; // the model keeps 6 decimal places (about 10 cm)

  function parseNumber(value) {
    var number = parseFloat(String(value || "").replace(",", "."));
    return isNaN(number) ? null : number;
  }

  function fieldWrapper(input) {
    return input ? input.closest(".field") : null;
  }

  function enhanceScope(form) {
    var district = fieldWrapper(form.querySelector("[name='district']"));
    var microdistrict = fieldWrapper(form.querySelector("[name='microdistrict']"));
    var radios = form.querySelectorAll("input[name='scope']");
    if (!district || !microdistrict || !radios.length) {
      return;
    }
    function update() {
      var checked = form.querySelector("input[name='scope']:checked");
      var scope = checked ? checked.value : "microdistrict";
      // Hidden, not disabled: the server normalises the place from the scope anyway, and a
      // resident switching back and forth keeps what they chose.
      district.hidden = scope !== "district";
      microdistrict.hidden = scope !== "microdistrict";
    }
    Array.prototype.forEach.call(radios, function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  }

  function enhanceMap(container) {
    var L = window.L;
    var latInput = document.getElementById(container.getAttribute("data-lat-input"));
    var lngInput = document.getElementById(container.getAttribute("data-lng-input"));
    if (!L || !latInput || !lngInput) {
      return; // no Leaflet (blocked, offline): the number inputs are enough
    }
    var box = container.getAttribute("data-bounds").split(",").map(parseFloat);
    var bounds = L.latLngBounds([box[0], box[1]], [box[2], box[3]]);
    var center = container.getAttribute("data-center").split(",").map(parseFloat);
    var status = container.querySelector(".place-map-status");
    var canvas = container.querySelector(".place-map-canvas");

    // Put the map just before the coordinate inputs it fills.
    var latField = fieldWrapper(latInput);
    if (latField) {
      latField.parentNode.insertBefore(container, latField);
    }
    container.hidden = false;

    var map = L.map(canvas, { maxBounds: bounds.pad(0.1), minZoom: 10 }).setView(center, 12);
    L.tileLayer(container.getAttribute("data-tiles"), {
      maxZoom: 19,
      attribution: container.getAttribute("data-attribution")
    }).addTo(map);

    var marker = null;

    function writeInputs(latlng) {
      latInput.value = latlng.lat.toFixed(PRECISION);
      lngInput.value = latlng.lng.toFixed(PRECISION);
    }

    function place(latlng) {
      if (!bounds.contains(latlng)) {
        status.textContent = container.getAttribute("data-outside-message");
        return false;
      }
      status.textContent = "";
      if (marker) {
        marker.setLatLng(latlng);
      } else {
        marker = L.marker(latlng, {
          draggable: true,
          keyboard: true,
          title: container.getAttribute("data-marker-label"),
          alt: container.getAttribute("data-marker-label")
        }).addTo(map);
        marker.on("dragend", function () {
          var moved = marker.getLatLng();
          if (place(moved)) {
            writeInputs(moved);
            return;
          }
          // Dragged out of the city: back to the last accepted point.
          var lat = parseNumber(latInput.value);
          var lng = parseNumber(lngInput.value);
          if (lat !== null && lng !== null) {
            marker.setLatLng(L.latLng(lat, lng));
          }
        });
      }
      return true;
    }

    function fromInputs() {
      var lat = parseNumber(latInput.value);
      var lng = parseNumber(lngInput.value);
      if (lat === null || lng === null) {
        return;
      }
      var latlng = L.latLng(lat, lng);
      if (place(latlng)) {
        map.setView(latlng, Math.max(map.getZoom(), 15));
      }
    }

    map.on("click", function (event) {
      if (place(event.latlng)) {
        writeInputs(event.latlng);
      }
    });
    latInput.addEventListener("change", fromInputs);
    lngInput.addEventListener("change", fromInputs);

    container.querySelector("[data-clear-point]").addEventListener("click", function () {
      if (marker) {
        map.removeLayer(marker);
        marker = null;
      }
      latInput.value = "";
      lngInput.value = "";
      status.textContent = "";
    });

    fromInputs();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-place-form]"), enhanceScope);
    Array.prototype.forEach.call(document.querySelectorAll("[data-place-picker]"), enhanceMap);
  });
})();
