/* Small enhancements of the forum's pages; everything works without them. */
(function () {
  "use strict";

  // Ask before irreversible actions (cancelling one's place gives it to the waitlist).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });

  // At the door: the search box is ready for the next code as soon as the page loads.
  var search = document.querySelector(".forum-checkin-search input[type='search']");
  if (search) {
    search.focus();
    search.select();
  }

  // Prevent a double tap from sending the same check-in or registration twice.
  document.querySelectorAll(".forum-checkin-list form, form[action$='/register/']").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type='submit']");
      if (button) {
        window.setTimeout(function () { button.disabled = true; }, 0);
      }
    });
  });
})();
