// Proof of work for anonymous forms (walkout/common/antispam.py, SAFETY.md decision 8).
// Finds a number such that SHA-256("stamp:number") starts with the asked-for count of zero
// bits, using only the browser's WebCrypto. It starts when the page loads, so it is usually
// done long before the form is sent; otherwise sending waits for it. Without WebCrypto (or
// without JavaScript) the form is sent as it is and counted under a stricter limit.
// Stores nothing in the browser.
(function () {
  "use strict";
  var subtle = window.crypto && window.crypto.subtle;
  if (!subtle || !window.TextEncoder || !window.Promise) {
    return;
  }
  var BATCH = 64;
  var encoder = new TextEncoder();

  function zeroBits(bytes) {
    var bits = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] !== 0) {
        return bits + Math.clz32(bytes[i]) - 24;
      }
      bits += 8;
    }
    return bits;
  }

  function solve(stamp, bits, start) {
    var tries = [];
    for (var i = 0; i < BATCH; i++) {
      tries.push(subtle.digest("SHA-256", encoder.encode(stamp + ":" + (start + i))));
    }
    return Promise.all(tries).then(function (digests) {
      for (var j = 0; j < digests.length; j++) {
        if (zeroBits(new Uint8Array(digests[j])) >= bits) {
          return String(start + j);
        }
      }
      return solve(stamp, bits, start + BATCH);
    });
  }

  // Returns a promise that settles once the work is in the form. A form marked
  // data-pow-manual sends itself (rsvp.js): it waits for that promise before posting.
  function prepare(form) {
    if (form.walkoutPowDone) {
      return form.walkoutPowDone;
    }
    var work = form.querySelector('input[name="work"][data-pow-bits]');
    var stamp = form.querySelector('input[name="stamp"]');
    if (!work || !stamp || !stamp.value) {
      return Promise.resolve();
    }
    var bits = parseInt(work.getAttribute("data-pow-bits"), 10) || 0;
    var sending = false;
    var done = solve(stamp.value, bits, 0).then(
      function (nonce) {
        work.value = nonce;
      },
      function () {
        work.value = "";
      }
    );
    form.walkoutPowDone = done;
    if (form.hasAttribute("data-pow-manual")) {
      return done;
    }
    form.addEventListener("submit", function (event) {
      if (work.value || sending) {
        return;
      }
      event.preventDefault();
      sending = true;
      form.setAttribute("aria-busy", "true");
      done.then(function () {
        form.submit();
      });
    });
    return done;
  }

  window.walkoutPow = { prepare: prepare };

  var forms = document.querySelectorAll("form");
  for (var k = 0; k < forms.length; k++) {
    prepare(forms[k]);
  }
})();
