/*
 * Finance pages. Progressive enhancement only: every form works without this script.
 *   form[data-progress]   while the POST runs (rating a period can take a while), disables the page's
 *                         progress forms' buttons and shows data-progress-text with a spinner in the nearest
 *                         [data-progress-note]. The server answers with a redirect, which replaces the page.
 */
(function () {
  "use strict";

  function noteFor(form) {
    var scope = form.closest(".actions, .form-actions") || form;
    return scope.querySelector("[data-progress-note]") || form.parentNode.querySelector("[data-progress-note]");
  }

  // On window, so it runs after the data-confirm handler cpx.js registers on document.
  window.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-progress]");
    // cpx.js may have cancelled the submission at a data-confirm prompt.
    if (!form || event.defaultPrevented) return;
    if (form.getAttribute("data-progress-busy")) {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-progress-busy", "true");
    document.querySelectorAll("form[data-progress] button[type=submit]").forEach(function (button) {
      button.disabled = true;
      button.setAttribute("aria-disabled", "true");
    });
    var note = noteFor(form);
    if (note) {
      note.textContent = "";
      var spinner = document.createElement("span");
      spinner.className = "spinner";
      spinner.setAttribute("aria-hidden", "true");
      note.appendChild(spinner);
      note.appendChild(document.createTextNode(" " + (form.getAttribute("data-progress-text") || "Working…")));
      note.hidden = false;
    }
    form.setAttribute("aria-busy", "true");
  });

  // Coming back with the browser's back button shows the page from cache: make it usable again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-progress]").forEach(function (form) {
      form.removeAttribute("data-progress-busy");
      form.removeAttribute("aria-busy");
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; b.removeAttribute("aria-disabled"); });
    });
    document.querySelectorAll("[data-progress-note]").forEach(function (note) { note.hidden = true; });
  });
})();
