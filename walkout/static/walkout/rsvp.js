// "I'm in" in place (walkout/outreach/views/rsvp.py). The walkout page is cached and the same
// for everyone, so its box only links to the "I'm in" page; this swaps in this browser's own
// box (live count, whether it is in, a fresh form stamp), solves the proof of work with
// pow.js and sends the form without leaving the page. Without JavaScript the link and the
// form work as they are. Stores nothing in the browser: the receipt that lets this browser
// take its RSVP back is an HttpOnly cookie the server sets, which ends with the session.
(function () {
  "use strict";
  if (!window.fetch || !window.DOMParser || !window.FormData || !window.Promise) {
    return;
  }

  function load(url, options) {
    options = options || {};
    options.credentials = "same-origin";
    options.headers = { "HX-Request": "true" };
    return fetch(url, options).then(function (response) {
      return response.text();
    });
  }

  function swap(box, html) {
    var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("rsvp");
    if (!fresh) {
      return null;
    }
    fresh = document.importNode(fresh, true);
    box.parentNode.replaceChild(fresh, box);
    enhance(fresh);
    return fresh;
  }

  function enhance(box) {
    var form = box.querySelector("form[data-rsvp-form]");
    if (!form) {
      return;
    }
    var pow = window.walkoutPow;
    var ready = pow && form.hasAttribute("data-pow-manual") ? pow.prepare(form) : Promise.resolve();
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector('button[type="submit"]');
      if (button) {
        button.disabled = true;
      }
      form.setAttribute("aria-busy", "true");
      ready
        .then(function () {
          return load(form.action, { method: "POST", body: new FormData(form) });
        })
        .then(function (html) {
          var fresh = swap(box, html);
          if (!fresh) {
            throw new Error("no box");
          }
          var said = fresh.querySelector('[role="alert"]') || fresh.querySelector(".rsvp-said");
          said.setAttribute("tabindex", "-1");
          said.focus();
        })
        .catch(function () {
          form.submit(); // the plain post still works
        });
    });
  }

  var cached = document.querySelector("[data-rsvp-live]");
  if (cached) {
    load(cached.getAttribute("data-rsvp-live")).then(
      function (html) {
        swap(cached, html);
      },
      function () {}
    );
  } else if (document.getElementById("rsvp")) {
    enhance(document.getElementById("rsvp"));
  }
})();
