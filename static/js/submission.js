/*
 * Submission steps: progressive enhancement only — every step works without this file.
 *
 * - Forms marked data-confirm ask before deleting a photo, revoking an invitation or
 *   withdrawing the initiative (the server does the same thing either way).
 * - The upload form warns about a file over 10 MB or too many photos as soon as they are
 *   chosen, so that a resident on mobile data does not wait for an upload the server refuses.
 */
(function () {
  "use strict";

  function enhanceConfirm(form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  }

  function warningFor(input) {
    var id = input.id + "-client-warning";
    var warning = document.getElementById(id);
    if (!warning) {
      warning = document.createElement("p");
      warning.id = id;
      warning.className = "file-warning";
      warning.setAttribute("role", "alert");
      input.insertAdjacentElement("afterend", warning);
      var described = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", described ? described + " " + id : id);
    }
    return warning;
  }

  function enhanceUploadForm(form) {
    var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10);
    var photosLeft = parseInt(form.getAttribute("data-photos-left"), 10);
    var tooLarge = form.getAttribute("data-too-large-message");
    var tooMany = form.getAttribute("data-too-many-message");

    Array.prototype.forEach.call(form.querySelectorAll("input[type='file']"), function (input) {
      input.addEventListener("change", function () {
        var problems = [];
        Array.prototype.forEach.call(input.files || [], function (file) {
          if (maxBytes && file.size > maxBytes) {
            problems.push(tooLarge.replace("{name}", file.name));
          }
        });
        if (input.multiple && !isNaN(photosLeft) && input.files && input.files.length > photosLeft) {
          problems.push(tooMany);
        }
        warningFor(input).textContent = problems.join(" ");
      });
    });
  }

  // On a phone the step list scrolls sideways: bring the current step into view without
  // moving the page itself (scrollIntoView would also scroll the window vertically).
  function revealCurrentStep(list) {
    var current = list.querySelector("[aria-current='step']");
    if (!current || list.scrollWidth <= list.clientWidth) {
      return;
    }
    var item = current.parentElement;
    var left = item.offsetLeft - (list.clientWidth - item.offsetWidth) / 2;
    list.scrollLeft = Math.max(0, left);
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-step-list]"), revealCurrentStep);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-confirm]"), enhanceConfirm);
    Array.prototype.forEach.call(document.querySelectorAll("form.upload-form"), enhanceUploadForm);
  });
})();
