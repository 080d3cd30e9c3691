// Seals a report, more information on a case, or a support note in the browser before it is
// sent (SAFETY.md requirements 13, 17, 20). Forms marked data-seal carry the root key, the
// signed key list and the excluded key ids; fields marked data-secret go only into the
// ciphertext. The request carries the envelope, the anti-spam stamp and, only when the
// reporter ticked the box, the state and type for the counts. Fail closed: whatever goes wrong,
// nothing is sent and the page says why. Needs hpke.js. Stores nothing in the browser.
(function () {
  "use strict";
  var H = window.WalkoutHPKE;

  function solve(stamp, bits) {
    var encoder = new TextEncoder();
    function zeroBits(b) {
      var n = 0;
      for (var i = 0; i < b.length; i++) {
        if (b[i] !== 0) return n + Math.clz32(b[i]) - 24;
        n += 8;
      }
      return n;
    }
    function batch(start) {
      var tries = [];
      for (var i = 0; i < 64; i++) {
        tries.push(crypto.subtle.digest("SHA-256", encoder.encode(stamp + ":" + (start + i))));
      }
      return Promise.all(tries).then(function (digests) {
        for (var j = 0; j < digests.length; j++) {
          if (zeroBits(new Uint8Array(digests[j])) >= bits) return String(start + j);
        }
        return batch(start + 64);
      });
    }
    return batch(0);
  }

  function prepare(form) {
    var errorBox = form.querySelector("[data-seal-error]");
    var button = form.querySelector("button[type=submit]");
    var scope = form.closest("[data-seal-scope]") || document;
    var jsNote = scope.querySelector("[data-seal-js]");
    var noJsNote = scope.querySelector("[data-seal-nojs]");
    var sending = false;

    function say(code, extra) {
      var template = scope.querySelector('[data-msg="' + code + '"]');
      errorBox.textContent = ((template ? template.textContent : code) + " " + (extra || "")).trim();
      errorBox.hidden = false;
      errorBox.focus();
    }
    function refuse(code) {
      say(code);
      button.disabled = true;
      form.setAttribute("data-sealing", "refused");
    }

    if (!H || !H.available || !window.fetch) {
      refuse("failed");
      return;
    }
    var listReady = H.checkKeyList(
      form.getAttribute("data-root"),
      form.getAttribute("data-list"),
      form.getAttribute("data-signature"),
      (form.getAttribute("data-excluded") || "").split(" ").filter(Boolean)
    );
    listReady.then(
      function () {
        if (jsNote) jsNote.hidden = false;
        if (noJsNote) noJsNote.hidden = true;
        form.setAttribute("data-sealing", "ready");
      },
      function (error) {
        refuse(error && error.code ? error.code : "failed");
      }
    );
    var stamp = form.querySelector('input[name="stamp"]');
    var work = form.querySelector('input[name="work"][data-pow-bits]');
    var workReady =
      stamp && work
        ? solve(stamp.value, parseInt(work.getAttribute("data-pow-bits"), 10) || 0).catch(function () {
            return "";
          })
        : Promise.resolve("");

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (sending || button.disabled) return;
      var message = { type: form.getAttribute("data-seal") };
      var missing = null;
      var fields = form.querySelectorAll("[data-secret]");
      for (var i = 0; i < fields.length; i++) {
        message[fields[i].name] = fields[i].value;
        if (fields[i].required && !fields[i].value.trim() && !missing) missing = fields[i];
      }
      if (missing) {
        say("missing");
        missing.focus();
        return;
      }
      sending = true;
      form.setAttribute("aria-busy", "true");
      errorBox.hidden = true;
      Promise.all([listReady, workReady])
        .then(function (ready) {
          var keys = ready[0];
          return H.sealEnvelope(message, H.randomId(), keys.version, keys.keys).then(function (envelope) {
            var body = new FormData();
            ["csrfmiddlewaretoken", "stamp"].forEach(function (name) {
              var input = form.querySelector('input[name="' + name + '"]');
              if (input) body.append(name, input.value);
            });
            body.append("work", ready[1]);
            body.append("envelope", JSON.stringify(envelope));
            var consent = form.querySelector('input[name="share_stats"]');
            if (consent && consent.checked) {
              body.append("share_stats", "on");
              body.append("stats_state", form.querySelector('[name="stats_state"]').value);
              body.append("kind", form.querySelector('[name="kind"]').value);
            }
            return body;
          });
        })
        .then(
          function (body) {
            return fetch(form.getAttribute("action") || window.location.pathname, {
              method: "POST",
              body: body,
              credentials: "same-origin",
              headers: { Accept: "application/json" },
            })
              .then(function (response) {
                return response.json();
              })
              .then(
                function (answer) {
                  if (answer.next) {
                    window.location.replace(answer.next);
                    return;
                  }
                  sending = false;
                  form.removeAttribute("aria-busy");
                  if (answer.stamp && stamp) {
                    stamp.value = answer.stamp;
                    workReady = solve(answer.stamp, answer.bits || 0).catch(function () {
                      return "";
                    });
                  }
                  say("server", answer.error || "");
                },
                function () {
                  sending = false;
                  form.removeAttribute("aria-busy");
                  say("network");
                }
              );
          },
          function (error) {
            sending = false;
            form.removeAttribute("aria-busy");
            say(error && error.code ? error.code : "failed");
          }
        );
    });
  }

  var forms = document.querySelectorAll("form[data-seal]");
  for (var k = 0; k < forms.length; k++) prepare(forms[k]);
})();
