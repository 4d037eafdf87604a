// Starts pagefind's search UI. Paths come from data attributes written at build time, relative to
// this page, so search works at the site root and under any sub-path.
(function () {
  "use strict";
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") { return; }
  var base = new URL(element.getAttribute("data-base") || "./", window.location.href).pathname;
  var bundle = new URL(element.getAttribute("data-bundle") || "../pagefind/", window.location.href).pathname;
  new PagefindUI({ element: "#search", baseUrl: base, bundlePath: bundle, showSubResults: true, showImages: false });
  // pagefind's input has only a title; give it an accessible name.
  var input = element.querySelector(".pagefind-ui__search-input");
  if (input) { input.setAttribute("aria-label", "Search the sources, events, entities and quotes"); }
})();
