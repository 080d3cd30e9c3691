// The support console's cryptography, all in this browser (docs/decisions/0004-encrypted-reports.md):
// * "Make your key": a P-256 key pair; the private key is wrapped with the member's passphrase
//   (PBKDF2-SHA256, AES-256-GCM) and downloaded as a file; the public key, and the wrapped file
//   if the member chose so, are sent. The passphrase and the unwrapped key are never sent.
// * "Read this case": unwraps the member's key (stored wrapped copy, or a key file chosen on
//   this device) and opens the case's envelopes; the plaintext is shown as text only.
// Needs hpke.js. Stores nothing in the browser.
(function () {
  "use strict";
  var H = window.WalkoutHPKE;
  if (!H || !H.available) return;

  function message(scope, code) {
    var el = scope.querySelector('[data-msg="' + code + '"]');
    return el ? el.textContent : code;
  }
  function showError(box, text) {
    box.textContent = text;
    box.hidden = false;
    box.focus();
  }
  function hideNeedsJs(scope) {
    var note = scope.querySelector("[data-needs-js]");
    if (note) note.hidden = true;
  }

  // --- Make a key ---------------------------------------------------------------------------
  var keyForm = document.querySelector("form[data-new-key]");
  if (keyForm) {
    hideNeedsJs(document);
    keyForm.hidden = false;
    var keyError = keyForm.querySelector("[data-key-error]");
    var making = false;
    keyForm.addEventListener("submit", function (event) {
      if (keyForm.querySelector('input[name="public_key"]').value) return; // made: send it
      event.preventDefault();
      if (making) return;
      var pass = document.getElementById("key-pass").value;
      if (pass.length < 12) return showError(keyError, message(keyForm, "short"));
      if (pass !== document.getElementById("key-pass2").value) {
        return showError(keyError, message(keyForm, "differ"));
      }
      making = true;
      keyForm.setAttribute("aria-busy", "true");
      H.newKeyFile(pass).then(
        function (made) {
          var text = JSON.stringify(made.keyFile);
          var link = document.createElement("a");
          link.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
          link.download = "walkout-support-key-" + made.kid + ".json";
          document.body.appendChild(link);
          link.click();
          link.remove();
          keyForm.querySelector('input[name="public_key"]').value = H.b64e(made.publicRaw);
          if (document.getElementById("key-store").checked) {
            keyForm.querySelector('input[name="wrapped"]').value = text;
          }
          document.getElementById("key-pass").value = "";
          document.getElementById("key-pass2").value = "";
          keyForm.requestSubmit ? keyForm.requestSubmit() : keyForm.submit();
        },
        function () {
          making = false;
          keyForm.removeAttribute("aria-busy");
          showError(keyError, message(keyForm, "failed"));
        }
      );
    });
  }

  // --- Read a case --------------------------------------------------------------------------
  var unlock = document.querySelector("[data-unlock]");
  if (!unlock) return;
  var form = unlock.querySelector("form[data-unlock-form]");
  var errorBox = unlock.querySelector("[data-unlock-error]");
  var plain = unlock.querySelector("[data-plain]");
  hideNeedsJs(unlock);
  form.hidden = false;
  var select = document.getElementById("unlock-key");
  var fileInput = document.getElementById("unlock-file");
  function syncFileField() {
    var useFile = !select || select.value === "file";
    fileInput.closest(".field").hidden = !useFile;
  }
  if (select) select.addEventListener("change", syncFileField);
  syncFileField();

  // Names come from decrypted data: compared as strings, never put into a selector.
  function label(code) {
    var labels = unlock.querySelectorAll("[data-label]");
    for (var i = 0; i < labels.length; i++) {
      if (labels[i].getAttribute("data-label") === code) return labels[i].textContent;
    }
    return code;
  }
  function kindLabel(value) {
    var shown = label("kind:" + value);
    return shown === "kind:" + value ? value : shown;
  }
  function readKeyFile() {
    if (select && select.value !== "file") {
      return Promise.resolve(JSON.parse(select.selectedOptions[0].getAttribute("data-key-file")));
    }
    var file = fileInput.files && fileInput.files[0];
    if (!file) return Promise.reject(new Error("nokey"));
    return file.text().then(JSON.parse);
  }
  function render(kind, data, day) {
    var block = document.createElement("article");
    block.className = "card plain-" + kind;
    var heading = document.createElement("h3");
    heading.textContent = label(kind) + (day ? " · " + day : "");
    block.appendChild(heading);
    var list = document.createElement("dl");
    Object.keys(data).forEach(function (name) {
      if (name === "type" || data[name] === "") return;
      var dt = document.createElement("dt");
      dt.textContent = label(name);
      var dd = document.createElement("dd");
      dd.textContent = name === "kind" ? kindLabel(String(data[name])) : String(data[name]);
      list.appendChild(dt);
      list.appendChild(dd);
    });
    block.appendChild(list);
    plain.appendChild(block);
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    errorBox.hidden = true;
    var pass = document.getElementById("unlock-pass").value;
    form.setAttribute("aria-busy", "true");
    readKeyFile()
      .then(function (keyFile) {
        return H.unwrapKeyFile(keyFile, pass).catch(function () {
          throw new Error("wrong");
        });
      })
      .then(function (recipient) {
        var items = unlock.querySelectorAll("[data-envelope]");
        var opened = Array.prototype.map.call(items, function (item) {
          var envelope = JSON.parse(item.getAttribute("data-envelope"));
          var mine = envelope.recipients.some(function (r) {
            return r.kid === recipient.kid;
          });
          if (!mine) return Promise.resolve(null);
          return H.openEnvelope(envelope, recipient);
        });
        return Promise.all(opened).then(function (messages) {
          if (!messages[0]) throw new Error("not-mine");
          plain.textContent = "";
          messages.forEach(function (data, i) {
            if (data) render(items[i].getAttribute("data-kind"), data, items[i].getAttribute("data-day"));
          });
          form.hidden = true;
          document.getElementById("unlock-pass").value = "";
          plain.focus && plain.setAttribute("tabindex", "-1");
          plain.focus();
        });
      })
      .catch(function (error) {
        var code = ["wrong", "nokey", "not-mine"].indexOf(error.message) >= 0 ? error.message : "wrong";
        showError(errorBox, message(unlock, code));
      })
      .then(function () {
        form.removeAttribute("aria-busy");
      });
  });
})();
