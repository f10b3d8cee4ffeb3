/*
 * Progressive enhancement only: every page reads and works without this file.
 *
 * Language switch: a choice made with the mouse or a finger applies at once and the
 * «OK» button is hidden. A keyboard user moving through the options with the arrow
 * keys would otherwise leave the page on the first press (some browsers fire
 * "change" on every arrow key), so for them the button comes back and Enter applies.
 */
(function () {
  "use strict";

  var NAVIGATION_KEYS = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"];

  function submit(form) {
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit();
    } else {
      form.submit();
    }
  }

  function enhanceLanguageSwitch(form) {
    var select = form.querySelector("select");
    var button = form.querySelector("button[type='submit'], input[type='submit']");
    if (!select || !button) {
      return;
    }
    var changedByKeyboard = false;
    button.hidden = true;

    select.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        submit(form);
      } else if (NAVIGATION_KEYS.indexOf(event.key) !== -1 || event.key.length === 1) {
        changedByKeyboard = true;
      }
    });
    select.addEventListener("change", function () {
      if (changedByKeyboard) {
        button.hidden = false;
        changedByKeyboard = false;
        return;
      }
      submit(form);
    });
  }

  function init() {
    var forms = document.querySelectorAll("form.language-switch");
    for (var i = 0; i < forms.length; i += 1) {
      enhanceLanguageSwitch(forms[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
