// The live day page: fetch the counts again every minute and swap them in. Without
// JavaScript the page shows the counts as of when it was loaded, and a Refresh link.
(function () {
  "use strict";
  var box = document.querySelector("[data-live-url]");
  if (!box || !window.fetch) {
    return;
  }
  function refresh() {
    fetch(box.dataset.liveUrl, { credentials: "omit", cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html) {
          box.innerHTML = html;
        }
      })
      .catch(function () {});
  }
  window.setInterval(refresh, 60000);
})();
