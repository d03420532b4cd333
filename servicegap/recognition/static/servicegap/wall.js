// The recognition wall refreshes itself every few minutes (data-refresh seconds on <main>).
// It fetches the page first and swaps in the new list only when the server answered, so a
// network blip leaves the last wall on the screen instead of a browser error page; a revoked
// link (404) reloads, so the screen stops showing the wall at once.
(function () {
  "use strict";
  var holder = document.querySelector("[data-refresh]");
  var seconds = Number(holder && holder.getAttribute("data-refresh")) || 300;
  function refresh() {
    fetch(window.location.href, { cache: "no-store", credentials: "omit" })
      .then(function (response) {
        if (response.status === 404) {
          window.location.reload();
          return null;
        }
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("main");
          var shown = document.querySelector("main");
          if (fresh && shown) {
            shown.replaceWith(document.importNode(fresh, true));
          }
        }
      })
      .catch(function () { /* offline: keep what is shown, try again next time */ })
      .then(function () { window.setTimeout(refresh, seconds * 1000); });
  }
  window.setTimeout(refresh, seconds * 1000);
})();
