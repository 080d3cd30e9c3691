// The review page with JavaScript: drag over the picture to draw a box. The box fills the
// "type a box" form (percent of the picture), which the person then sends with "Cover this
// box" or "Show only this box". Without JavaScript the grid of squares and the typed box
// do the same (templates/media/crew_upload.html).
(function () {
  "use strict";
  var frame = document.querySelector("[data-media-draw]");
  var details = document.getElementById("box");
  if (!frame || !details) return;
  var image = frame.querySelector("img");
  var fields = {
    left: details.querySelector("input[name=left]"),
    top: details.querySelector("input[name=top]"),
    width: details.querySelector("input[name=width]"),
    height: details.querySelector("input[name=height]"),
  };
  if (!image || !fields.left) return;
  document.documentElement.classList.add("js");
  document.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });

  var canvas = document.createElement("canvas");
  canvas.setAttribute("aria-hidden", "true");
  frame.appendChild(canvas);
  frame.classList.add("drawing");
  var ctx = canvas.getContext("2d");
  var start = null;
  var box = null;

  function size() {
    canvas.width = image.clientWidth;
    canvas.height = image.clientHeight;
    paint();
  }
  function point(event) {
    var rect = canvas.getBoundingClientRect();
    return {
      x: Math.min(Math.max(event.clientX - rect.left, 0), rect.width),
      y: Math.min(Math.max(event.clientY - rect.top, 0), rect.height),
    };
  }
  function paint() {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (!box) return;
    ctx.fillStyle = "rgba(0, 0, 0, 0.45)";
    ctx.fillRect(box.x, box.y, box.w, box.h);
    ctx.lineWidth = 3;
    ctx.strokeStyle = "#ffb000";
    ctx.strokeRect(box.x, box.y, box.w, box.h);
  }
  function fill() {
    var w = canvas.width, h = canvas.height;
    var pct = function (v, total) { return (Math.round((v / total) * 1000) / 10).toFixed(1); };
    fields.left.value = pct(box.x, w);
    fields.top.value = pct(box.y, h);
    fields.width.value = pct(box.w, w);
    fields.height.value = pct(box.h, h);
    details.open = true;
    var cover = details.querySelector("button[value=box-cover]");
    if (cover) cover.focus({ preventScroll: true });
  }
  canvas.addEventListener("pointerdown", function (event) {
    start = point(event);
    box = { x: start.x, y: start.y, w: 0, h: 0 };
    canvas.setPointerCapture(event.pointerId);
    event.preventDefault();
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!start) return;
    var p = point(event);
    box = {
      x: Math.min(start.x, p.x), y: Math.min(start.y, p.y),
      w: Math.abs(p.x - start.x), h: Math.abs(p.y - start.y),
    };
    paint();
  });
  canvas.addEventListener("pointerup", function () {
    if (!start) return;
    start = null;
    if (box && box.w > 4 && box.h > 4) fill();
    else { box = null; paint(); }
  });
  if (image.complete) size(); else image.addEventListener("load", size);
  window.addEventListener("resize", size);
})();
