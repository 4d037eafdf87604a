// Starts pagefind's search UI. Paths come from data attributes written at build time, relative to
// this page, so search works at the site root and under any sub-path. A large site's index is in
// several bundles (shards), listed in the first one's shards.json: the UI merges the others in.
(function () {
  "use strict";
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") { return; }
  var base = new URL(element.getAttribute("data-base") || "./", window.location.href).pathname;
  var bundle = new URL(element.getAttribute("data-bundle") || "../pagefind/", window.location.href).pathname;

  function start(others) {
    var merged = others.map(function (path) { return { bundlePath: bundle + path, baseUrl: base }; });
    var ui = new PagefindUI({ element: "#search", baseUrl: base, bundlePath: bundle, mergeIndex: merged,
                              showSubResults: true, showImages: false });
    // pagefind's input has only a title; give it an accessible name.
    var input = element.querySelector(".pagefind-ui__search-input");
    if (input) {
      input.setAttribute("aria-label", "Search the sources, events, entities and quotes");
      // The address keeps the words searched (`?q=`), so a search can be linked to and comes back
      // with the back button.
      input.addEventListener("input", function () {
        var address = new URL(window.location.href);
        if (input.value.trim()) { address.searchParams.set("q", input.value); } else { address.searchParams.delete("q"); }
        window.history.replaceState(null, "", address.href);
      });
    }
    // The words from the header's search box on every page (a plain GET form: `?q=`).
    var words = new URLSearchParams(window.location.search).get("q");
    if (words && words.trim()) { ui.triggerSearch(words); }
  }

  fetch(bundle + "shards.json")
    .then(function (response) { return response.ok ? response.json() : { bundles: [] }; })
    .then(function (listing) {
      start(listing.bundles.map(function (item) { return item.path; }).filter(function (path) { return path !== ""; }));
    })
    .catch(function () { start([]); });
})();
