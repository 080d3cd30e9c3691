// The day-of countdown, live. Without JavaScript the page shows the time left as of when
// it was loaded ("in 2 hours, 5 minutes"). Here, in the last day, the seconds tick down
// (digits only, so nothing needs translating), and at zero the page's own "Happening now"
// text replaces them. Nothing is stored in the browser.
(function () {
  "use strict";
  var box = document.querySelector("[data-countdown]");
  if (!box) {
    return;
  }
  var startsAt = Number(box.dataset.countdown) * 1000;
  function two(n) {
    return (n < 10 ? "0" : "") + n;
  }
  function tick() {
    var left = Math.floor((startsAt - Date.now()) / 1000);
    if (left <= 0) {
      box.textContent = box.dataset.nowText;
      window.clearInterval(timer);
      return;
    }
    if (left < 24 * 3600) {
      box.textContent = Math.floor(left / 3600) + ":" + two(Math.floor(left / 60) % 60) + ":" + two(left % 60);
    }
  }
  var timer = window.setInterval(tick, 1000);
  tick();
})();
