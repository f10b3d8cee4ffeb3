/*
 * Small enhancements of an initiative's page. Everything works without this file:
 * the share link is a plain link, forms are ordinary POST forms.
 */
(function () {
  "use strict";

  // «Скопировать ссылку»: shown only when the Clipboard API is available.
  function initCopyButtons() {
    if (!navigator.clipboard || !window.isSecureContext) { return; }
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      var target = document.getElementById(button.dataset.copyTarget);
      if (!target) { return; }
      var status = button.parentElement.querySelector("[data-copy-status]");
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = target.href || target.value || target.textContent;
        navigator.clipboard.writeText(text.trim()).then(function () {
          if (status) { status.textContent = button.dataset.labelDone; }
        });
      });
    });
  }

  // An opened reply or report form gets the focus, so keyboard and screen-reader users land in it.
  function initDisclosureFocus() {
    document.querySelectorAll(".comment-reply, .comment-report").forEach(function (details) {
      details.addEventListener("toggle", function () {
        if (!details.open) { return; }
        var field = details.querySelector("textarea, input[type=text]:not([tabindex='-1'])");
        if (field) { field.focus(); }
      });
    });
  }

  function init() {
    initCopyButtons();
    initDisclosureFocus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
