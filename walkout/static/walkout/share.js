// Copy buttons for the ready-to-paste messages (outreach/_share.html). Without JavaScript the
// text areas are there to select and copy by hand; the buttons stay hidden.
(function () {
  "use strict";
  var status = document.querySelector(".copy-status");

  function copied() {
    if (status) {
      status.textContent = "";
      status.textContent = status.getAttribute("data-copied");
    }
  }

  function copy(area) {
    area.focus();
    area.select();
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(area.value).then(copied, function () {
        if (document.execCommand("copy")) {
          copied();
        }
      });
    }
    if (document.execCommand("copy")) {
      copied();
    }
  }

  var buttons = document.querySelectorAll("button.copy[data-copy]");
  for (var i = 0; i < buttons.length; i++) {
    var area = document.getElementById(buttons[i].getAttribute("data-copy"));
    if (!area) {
      continue;
    }
    buttons[i].hidden = false;
    buttons[i].addEventListener(
      "click",
      (function (target) {
        return function () {
          copy(target);
        };
      })(area)
    );
  }
})();
