// Loaded before htmx on crew pages. htmx 2 writes the page's path into sessionStorage on
// every load ("htmx-current-path-for-history"), whatever its history settings say, and a
// crew page's path is its secret link. Nothing of ours is kept in the browser (SAFETY.md
// requirements 7 and 38), so htmx's own keys are not written at all.
(function () {
  "use strict";
  var setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    if (String(key).indexOf("htmx-") === 0) {
      return;
    }
    return setItem.call(this, key, value);
  };
})();
