// "Use my location" on the near-me page (optional: the page works without it).
// Asks the browser for the location, rounds it to 2 decimals (about a kilometer) and posts
// it with the search form's radius. Nothing is kept in the browser.
(function () {
  "use strict";
  var form = document.getElementById("locate");
  if (!form || !("geolocation" in navigator)) {
    return;
  }
  var button = form.querySelector("button");
  var status = document.getElementById("locate-status");
  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    status.textContent = form.dataset.waiting;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        var radius = document.getElementById("id_radius");
        form.elements.lat.value = position.coords.latitude.toFixed(2);
        form.elements.lon.value = position.coords.longitude.toFixed(2);
        if (radius) {
          form.elements.radius.value = radius.value;
        }
        form.submit();
      },
      function () {
        button.disabled = false;
        status.textContent = form.dataset.failed;
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
    );
  });
})();
