// Quick exit: leave a sensitive page at once. The link works without this file; here it
// replaces the current page in the history (Back does not return to it), blanks the page
// first so nothing stays on screen while the next one loads, and Esc pressed twice within
// a second does the same. Nothing is stored in the browser.
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  if (!link || link.dataset.quickExitReady) {
    return;
  }
  link.dataset.quickExitReady = "1";
  function leave() {
    document.title = "";
    document.documentElement.hidden = true;
    window.location.replace(link.href);
  }
  link.addEventListener("click", function (event) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    leave();
  });
  var lastEsc = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var now = Date.now();
    if (now - lastEsc < 1000) {
      leave();
    }
    lastEsc = now;
  });
})();
